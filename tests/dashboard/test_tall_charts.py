"""Charts taller than a screen keep their key and their column names (or value scale) in view (issue 12, try4).

try4: the Rank contributions chart of 61 options (6,010 px of page, 8,210 px as a PNG) had its criterion key only
below the last bar, and the Methods rank heatmap named its columns only at the top. Above about one screen
(ui.chart_style.tall) the key is drawn above the first row and the x axis at the top and at the bottom.
Also: the Scenarios heatmap cut its column names ("Taiwan Strait / East China…"); they are written whole.
"""
from __future__ import annotations

import pandas as pd
import pytest

import chart_svg as cs
from scoring import load_dataset
from scoring.scenarios import analyse_scenarios, load_scenarios
from ui import analysis_charts as ac
from ui import chart_style
from ui.charts import contributions_chart, method_ranks_chart

METHODS = ["Weighted sum", "Weighted product", "TOPSIS", "PROMETHEE II", "VIKOR"]
CRITERIA = ["Strategic impact", "Political feasibility", "Cost", "Time to effect", "Flexibility"]


def _titles(n: int) -> list[str]:
    return [f"Option {i + 1}: Quad fund" + " with Japan" * (i % 2) for i in range(n)]


def _rows(d: cs.Drawing, rows: list[str]) -> list[cs.Text]:
    return [t for t in d.visible("axis-label") if " ".join(t.text.split()) in rows]


def _contributions(n: int):
    rows = _titles(n)
    long = pd.DataFrame([{"title": t, "label": c, "criterion_index": j, "contribution": 0.1 / (1 + j + i % 3),
                          "score": 0.5, "raw": 3.0} for i, t in enumerate(rows) for j, c in enumerate(CRITERIA)])
    return contributions_chart(long, CRITERIA, rows), rows


def _method_ranks(n: int):
    rows = _titles(n)
    long = pd.DataFrame([{"title": t, "method": m, "rank": (i + k) % n + 1} for i, t in enumerate(rows)
                         for k, m in enumerate(METHODS)])
    return method_ranks_chart(long, rows, methods=METHODS), rows


@pytest.mark.parametrize("n", [61, 200])
def test_tall_contributions_chart_has_its_key_above_the_first_bar_and_its_scale_at_both_ends(n):
    chart, rows = _contributions(n)
    d = cs.assert_readable(chart, cs.DESKTOP, rows)
    labels, first, last = cs.row_span(d, rows)
    key = d.visible("legend-label")
    assert sorted(" ".join(t.text.split()) for t in key) == sorted(CRITERIA)
    assert max(t.y1 for t in key) < first  # the whole key above the first option
    ticks = [t for t in d.visible("axis-label") if t not in labels]
    assert any(t.y1 < first for t in ticks) and any(t.y0 > last for t in ticks)  # score ticks at the top and bottom
    above = {t.text for t in ticks if t.y1 < first}
    below = {t.text for t in ticks if t.y0 > last}
    assert above == below and len(above) >= 3


@pytest.mark.parametrize("n", [61, 200])
def test_tall_method_heatmap_names_its_columns_at_the_top_and_the_bottom(n):
    chart, rows = _method_ranks(n)
    d = cs.assert_readable(chart, cs.DESKTOP, rows)
    _, first, last = cs.row_span(d, rows)
    cols = [t for t in d.visible("axis-label") if t.text in METHODS]
    assert sorted(t.text for t in cols if t.y1 < first) == sorted(METHODS)
    assert sorted(t.text for t in cols if t.y0 > last) == sorted(METHODS)
    assert max(t.y1 for t in d.visible("legend-title") + d.visible("legend-label")) < first  # the rank key on top


def test_short_charts_keep_one_axis_and_the_key_below():
    """Seven rows fit a screen: nothing doubled."""
    chart, rows = _method_ranks(7)
    d = cs.draw(chart, cs.DESKTOP)
    assert sorted(t.text for t in d.visible("axis-label") if t.text in METHODS) == sorted(METHODS)
    assert min(t.y0 for t in d.visible("legend-title")) > max(t.y1 for t in _rows(d, rows))
    assert not chart_style.tall(7) and chart_style.tall(61)


@pytest.fixture(scope="module")
def shipped_scenarios():
    dataset = load_dataset()
    result = analyse_scenarios(dataset, load_scenarios(dataset))
    return result.long_ranks(), [s.label for s in result.scenarios.scenarios]


@pytest.mark.parametrize("width", [cs.PHONE, cs.DESKTOP])
@pytest.mark.parametrize("n", [5, 61])
def test_scenario_heatmap_writes_every_scenario_name_whole(shipped_scenarios, width, n):
    long, names = shipped_scenarios
    assert max(len(s) for s in names) > 30  # "Taiwan Strait / East China Sea crisis" was cut at ~24 characters
    keep = list(dict.fromkeys(long.sort_values("rank")["id"]))[:n] if n < 61 else list(dict.fromkeys(long["id"]))
    part = long[long["id"].isin(keep)]
    columns = list(dict.fromkeys(part["label"]))
    chart = ac.scenario_rank_heatmap(part, scenarios=columns)
    assert cs.whole_labels(chart, width, columns) == []
    d = cs.assert_readable(chart, width, list(dict.fromkeys(part["title"])))
    drawn = [" ".join(t.text.split()) for t in d.visible("axis-label")]
    for name in columns:  # whole once at the top, and again at the bottom of a tall chart
        assert drawn.count(name) == (2 if n == 61 else 1), (name, drawn.count(name))


def test_tall_regret_chart_has_its_key_above_the_first_bar_and_its_scale_at_both_ends():
    """The regret chart's 15 rows of shipped-length titles (up to 4 lines each) are taller than a screen too."""
    long_titles = [f"Regular Quad dialogues among defence, economic, law-enforcement and intelligence authorities {i}"
                   for i in range(15)]
    regret = pd.DataFrame({"title": long_titles, "max_regret": [0.01 * (i + 1) for i in range(15)],
                           "worst_scenario": "s1", "minimax": [i == 0 for i in range(15)], "s1": 0.1})
    chart = ac.regret_chart(regret, ["s1"], ["Taiwan Strait / East China Sea crisis"])
    d = cs.assert_readable(chart, cs.PHONE, long_titles)
    labels = _rows(d, long_titles)
    first = min(t.y0 for t in labels)
    last = max((t.y0 + t.y1) / 2 for t in labels)  # the last row's middle (a 4-line label reaches the plot's edge)
    assert max(t.y1 for t in d.visible("legend-label")) < first
    ticks = [t for t in d.visible("axis-label") if t not in labels]
    assert any(t.y1 < first for t in ticks) and any(t.y0 > last for t in ticks)


# ------------------------------------------------ leftA: every row chart that grows with its rows follows the rule

def _criteria(n: int) -> list[str]:
    return [f"Criterion {i + 1}" + (": durability and norms" if i % 3 == 0 else "") for i in range(n)]


def _people(n: int) -> list[str]:
    return [f"Participant {i + 1}" for i in range(n)]


def _room_flip(n: int):
    """The room's distance to the group's top option: one row per participant."""
    from ui import workshop_charts as wc

    rows = _people(n)
    frame = pd.DataFrame({"participant": rows, "weight_moved": [0.4 * i / max(1, n - 1) for i in range(n)],
                          "already_top": [i == 0 for i in range(n)]})
    return wc.flip_chart(frame), rows, True


def _weight_spread(n: int):
    from ui import workshop_charts as wc

    rows = _criteria(n)
    long = pd.DataFrame([{"label": c, "participant": f"P{p}", "weight": (1 + (p + j) % 3) / (2 * n)}
                         for j, c in enumerate(rows) for p in range(5)])
    return wc.weight_spread_chart(long, pd.DataFrame({"label": rows, "weight": 1 / n})), rows, False


def _drivers(n: int):
    from ui import workshop_charts as wc

    rows = _criteria(n)
    frame = pd.DataFrame({"label": rows, "rank_changes": [i % 7 for i in range(n)], "top_changes": [i % 2 == 0 for i in range(n)],
                          "spread": 0.1})
    return wc.drivers_chart(frame), rows, True


def _group_weights(n: int):
    import numpy as np

    from ui import workshop_charts as wc

    rows = _criteria(n)
    return wc.group_weights_chart([f"c{i}" for i in range(n)], rows, np.full(n, 1 / n)), rows, False


def _sensitivity_flip(n: int):
    rows = _criteria(n)
    seg = pd.DataFrame([{"label": c, "start": s, "end": e, "leader": who, "current_weight": 0.1}
                        for c in rows for s, e, who in ((0.0, 0.3, "A"), (0.3, 1.0, "B"))])
    return ac.flip_chart(seg, ["A", "B"], titles=["Keep the Quad informal", "Institutionalize the Quad"]), rows, True


def _weights(n: int):
    from ui.charts import weights_chart

    rows = _criteria(n)
    return weights_chart(pd.DataFrame({"label": rows, "weight": [1 / n] * n})), rows, False


GROWING = {"room_flip": (_room_flip, 60, cs.DESKTOP), "weight_spread": (_weight_spread, 30, cs.DESKTOP),
           "drivers": (_drivers, 40, cs.DESKTOP), "group_weights": (_group_weights, 40, cs.DESKTOP),
           "sensitivity_flip": (_sensitivity_flip, 40, cs.DESKTOP), "weights": (_weights, 40, cs.SIDEBAR)}


@pytest.mark.parametrize("name", GROWING)
def test_tall_row_charts_have_the_key_above_the_first_row_and_the_scale_at_both_ends(name):
    """leftA: the room's distance-to-flip chart (100 participants), the weight spread, drivers and group weights
    (many criteria), the Sensitivity flip chart and the sidebar's weights drew their scale only below the last row
    and their key after it."""
    build, n, width = GROWING[name]
    chart, rows, keyed = build(n)
    d = cs.assert_readable(chart, width, rows)
    labels, first, last = cs.row_span(d, rows)
    assert last - first > chart_style.SCREEN_PX
    ticks = [t for t in d.visible("axis-label") if t not in labels]
    above = [t.text for t in ticks if t.y1 <= first]
    below = [t.text for t in ticks if t.y0 >= last]
    assert above == below and len(above) >= 3, (above, below)
    if keyed:
        key = d.visible("legend-label")
        assert key and max(t.y1 for t in key) < first, [(t.text, t.y0) for t in key]


@pytest.mark.parametrize("name", GROWING)
def test_short_row_charts_keep_one_scale_and_the_key_below(name):
    build, _, width = GROWING[name]
    chart, rows, keyed = build(5)
    d = cs.assert_readable(chart, width, rows)
    labels, first, last = cs.row_span(d, rows)
    ticks = [t for t in d.visible("axis-label") if t not in labels]
    assert ticks and all(t.y0 >= last for t in ticks), [(t.text, t.y0) for t in ticks]  # one scale, under the rows
    if keyed:
        assert min(t.y0 for t in d.visible("legend-label")) > last
