"""The room's "Each participant's ranking" heatmap is readable at 3, 40, 100 and 200 participants (issue 12, leftA).

The last stop: at 100 participants in a 900 px column the heatmap (participants as columns, names written upwards)
drew 25 of the 100 names, and no cell wrote its rank above 30 participants. Participants are now the rows (the
chart grows down, every name whole in lines), the options the columns in the group's order; each cell writes the
participant's rank where its column is wide enough, and otherwise the subtitle says to hover a cell (the tooltip
has the rank). Drawn to SVG under Streamlit's theme at 900 and 1400 px (tests/chart_svg.py), 61 options as shipped.
"""
from __future__ import annotations

from collections import Counter

import altair as alt
import pandas as pd
import pytest

import chart_svg as cs
from ui import workshop_charts as wc
from ui.chart_style import name_lines

pytestmark = pytest.mark.slow

OPTIONS = 61  # the shipped options.csv
NAMES = ["Dr. Alexandra Konstantinopoulou-Whitfield",  # a 27-letter hyphenated word
         "山田太郎と鈴木花子の共同代表チーム国際協力担当官事務局",  # no spaces, wide characters
         "Bo",
         "Ana Fernández-López"]


def names(n: int) -> list[str]:
    return NAMES[:n] if n <= len(NAMES) else [f"{NAMES[i % 4]} {i + 1}" for i in range(n)]


def room(n: int):
    people = names(n)
    order = [f"Option {i + 1}: a title of some length" for i in range(OPTIONS)]
    long = pd.DataFrame({"participant": [p for p in people for _ in order],
                         "title": order * n,
                         "rank": [(i + 7 * k) % OPTIONS + 1 for k in range(n) for i in range(OPTIONS)]})
    return wc.participant_ranks_chart(long, order, participants=people), people, long


@pytest.fixture(autouse=True)
def _many_rows():
    """Streamlit sends any number of rows (its own data transformer); Altair's default stops at 5,000."""
    with alt.data_transformers.disable_max_rows():
        yield


def _drawn_whole(d: cs.Drawing, people: list[str]) -> dict[str, int]:
    """How many axis labels draw each name whole (in its lines); the labels are split once, not once per name."""
    drawn = Counter(tuple(t.text.split("\n")) for t in d.visible("axis-label"))
    return {p: drawn[tuple(name_lines(p))] for p in people}


@pytest.mark.parametrize("width", [cs.DESKTOP, 1400])
@pytest.mark.parametrize("n", [3, 40, 100, 200])
def test_participant_ranking_names_every_participant_and_writes_or_offers_every_rank(n, width):
    chart, people, long = room(n)
    d = cs.assert_readable(chart, width)  # no two texts overlap, all inside the canvas, titles whole
    assert [p for p, k in _drawn_whole(d, people).items() if k != 1] == [], "a participant not named, or named twice"
    assert not any(t.text.endswith("…") for t in d.visible("axis-label"))
    cells = d.visible("mark")
    if width == 1400:  # ~19 px a column: every rank written at the labels' 12 px
        assert sorted(int(t.text) for t in cells) == sorted(long["rank"]), len(cells)
        assert {t.size for t in cells} == {wc.RANK_FONT_PX}
    else:  # 61 columns beside the longest names: ~11 px, no number fits; none is half drawn
        assert len(cells) in (0, len(long)), len(cells)
    subtitle = " ".join(" ".join(t.text.split()) for t in d.visible("title-subtitle"))
    assert "hover a cell" in subtitle, subtitle
    tips = chart.to_dict()["layer"][0]["encoding"]["tooltip"]
    assert {"participant", "title", "rank"} <= {t["field"] for t in tips}
    assert d.height >= n * 20  # the chart grows with the participants
    labels, first, last = cs.row_span(d, ["\n".join(name_lines(p)) for p in people])
    columns = [t for t in d.visible("axis-label") if t.text.isdigit()]
    if wc.tall(people, wc.name_rows(people)):  # taller than a screen: the key on top, column numbers at both ends
        assert n >= 40
        assert max(t.y1 for t in d.visible("legend-label") + d.visible("legend-title")) < first
        above = [t.text for t in columns if t.y1 <= first]
        below = [t.text for t in columns if t.y0 >= last]
        assert above == below and above[0] == "1" and len(above) >= 20, (above, below)
    else:
        assert n == 3 and all(t.y1 <= first for t in columns)


def test_short_names_leave_room_for_the_ranks_at_900_px():
    """With names like 'Participant 12' the 61 columns are ~13 px at 900 px: the ranks are written at 10 px."""
    people = [f"Participant {k + 1}" for k in range(12)]
    order = [f"Option {i + 1}" for i in range(OPTIONS)]
    long = pd.DataFrame({"participant": [p for p in people for _ in order], "title": order * len(people),
                         "rank": [(i + k) % OPTIONS + 1 for k in range(len(people)) for i in range(OPTIONS)]})
    d = cs.assert_readable(wc.participant_ranks_chart(long, order), cs.DESKTOP, people)
    cells = d.visible("mark")
    assert sorted(int(t.text) for t in cells) == sorted(long["rank"])
    assert {t.size for t in cells} == {wc.RANK_SMALL_FONT_PX}


def test_each_name_is_wrapped_once_not_once_per_cell(monkeypatch):
    """issue 12 (room9): the heatmap wrapped a participant's name for every cell of its row (100 participants x 61
    options: 6,100 wraps, ~80 ms of every redraw after a new answer); once per name gives the same rows."""
    calls = Counter()
    real = wc.wrapped_name
    monkeypatch.setattr(wc, "wrapped_name", lambda name, *a: calls.update([name]) or real(name, *a))
    chart, people, long = room(100)
    assert set(calls) == set(people) and max(calls.values()) == 1, calls.most_common(2)
    rows = chart.to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert rows == ["\n".join(name_lines(p)) for p in people]
