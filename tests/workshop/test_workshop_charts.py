"""Workshop chart builders without a server: titles, axis titles, tooltips, order, and names kept as data."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ui import workshop_charts as charts

HOSTILE = '<img src=x onerror=alert(1)>'


def _spec(chart) -> dict:
    return chart.to_dict()


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _title(spec: dict) -> str:
    t = spec.get("title")
    return t if isinstance(t, str) else t["text"]


def _assert_readable(chart) -> dict:
    """A title, titled x and y axes on the marks that carry them, and tooltips somewhere."""
    spec = _spec(chart)
    assert _title(spec)
    encs = [layer.get("encoding", {}) for layer in _layers(spec)]
    assert any("tooltip" in e for e in encs)
    for axis in ("x", "y"):
        assert any(e.get(axis, {}).get("title") for e in encs), axis
    return spec


def _rows(spec: dict) -> list[dict]:
    """The chart's data rows, wherever Altair put them (top level or per layer)."""
    return [row for values in spec["datasets"].values() for row in values]


def test_group_weights_chart_sorts_by_weight_and_formats_percent():
    spec = _assert_readable(charts.group_weights_chart(["a", "b"], ["Impact", "Cost"], np.array([0.25, 0.75])))
    bars, text = spec["layer"]
    # one explicit order in both layers (small9 6: sort '-x' summed the stacked bars' x and averaged the text's, and
    # Vega-Lite warned in the facilitator's console 'Domains that should be unioned has conflicting sort properties')
    assert bars["encoding"]["y"]["sort"] == ["Cost", "Impact"] and text["encoding"]["y"]["sort"] == ["Cost", "Impact"]
    assert bars["encoding"]["x"]["axis"]["format"] == "%" and text["encoding"]["text"]["format"] == ".1%"
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1.0]  # 75% + room for its label, in 25% steps
    assert {r["label"]: r["weight"] for r in _rows(spec)} == {"Impact": 0.25, "Cost": 0.75}


def test_weight_spread_keeps_a_hostile_name_as_plain_data():
    long = pd.DataFrame({"participant": [HOSTILE, "Bo"], "label": ["Impact", "Impact"], "weight": [0.2, 0.6]})
    group = pd.DataFrame({"label": ["Impact"], "weight": [0.4]})
    spec = _assert_readable(charts.weight_spread_chart(long, group))
    assert len(spec["layer"]) == 3  # box, participants, group tick
    assert HOSTILE in [r.get("participant") for r in _rows(spec)]
    tips = [t["field"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert tips == ["participant", "label", "weight"]


def test_rank_range_orders_options_by_group_rank():
    frame = pd.DataFrame({"title": ["Late", "First", "Middle"], "group_rank": [3, 1, 2],
                          "best": [2, 1, 1], "median": [3, 1, 2], "worst": [3, 2, 3]})
    spec = _assert_readable(charts.rank_range_chart(frame))
    assert [layer["encoding"]["y"]["sort"] for layer in spec["layer"]] == [["First", "Middle", "Late"]] * 3
    assert [layer["encoding"]["x"]["field"] for layer in spec["layer"]] == ["best", "median", "group_rank"]
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "worst"
    assert "data" in spec and all("data" not in layer for layer in spec["layer"])  # one copy of the rows


def test_participant_ranks_brighter_is_better_as_in_every_rank_heatmap():
    """Rows are the participants (natural order), columns the options in the group's order; rank 1 brightest."""
    long = pd.DataFrame({"participant": ["B", "B", "A", "A"], "title": ["x", "y", "x", "y"], "rank": [1, 2, 2, 1]})
    spec = _assert_readable(charts.participant_ranks_chart(long, ["y", "x"]))
    heat = spec["layer"][0]  # the cells; the rank written on them is the next layer
    assert heat["encoding"]["color"]["scale"] == {"scheme": "viridis", "reverse": True, "domain": [1, 2.0]}
    assert heat["encoding"]["y"]["sort"] == ["A", "B"]
    assert heat["encoding"]["x"]["sort"] == [1, 2]
    place = {(r["participant"], r["title"]): r["column"] for r in _rows(spec)}
    assert place[("A", "y")] == 1 and place[("B", "x")] == 2  # column k = the group's k-th option


def test_acceptability_keeps_ranks_up_to_the_cut_in_order():
    long = pd.DataFrame({"title": ["x"] * 7, "rank": list(range(1, 8)), "share": [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1]})
    spec = _assert_readable(charts.acceptability_chart(long, ["x"], max_rank=5))
    rows = _rows(spec)
    assert [r["rank_label"] for r in rows] == [f"rank {k}" for k in range(1, 6)]
    assert spec["encoding"]["color"]["scale"]["range"] == charts.OKABE_ITO[:5]


def test_drivers_and_flip_charts_name_the_two_states():
    drivers = pd.DataFrame({"label": ["Impact", "Cost"], "rank_changes": [4, 0], "top_changes": [True, False],
                            "spread": [0.3, 0.05]})
    spec = _assert_readable(charts.drivers_chart(drivers))
    assert {r["label"]: r["top"] for r in _rows(spec)} == {"Impact": "top option changes", "Cost": "top option stays"}
    flip = pd.DataFrame({"participant": [HOSTILE, "Bo"], "weight_moved": [0.0, 0.35], "already_top": [True, False]})
    spec = _assert_readable(charts.flip_chart(flip))
    assert {r["participant"]: r["status"] for r in _rows(spec)} == {HOSTILE: "already their top", "Bo": "would have to move"}


def test_rounds_chart_puts_w_on_zero_to_one():
    summary = pd.DataFrame({"round": [1, 2], "kendall_w": [0.31, 0.58], "submitted": [12, 11]})
    spec = _assert_readable(charts.rounds_chart(summary))
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert [r["kendall_w"] for r in _rows(spec)] == [0.31, 0.58]


def test_flip_chart_axis_reads_whole_percent_when_everyone_is_already_at_the_group_top():
    """review3 W3: with every participant at 0% the only tick read '0.000000%'."""
    import chart_svg as cs

    for moved in ([0.0, 0.0, 0.0], [0.0, 0.013, 0.35]):
        flip = pd.DataFrame({"participant": ["Ann", "Bo", "Cy"], "weight_moved": moved,
                             "already_top": [m == 0 for m in moved]})
        ticks = [t.text for t in cs.draw(charts.flip_chart(flip), 700).texts if t.role == "axis-label" and "%" in t.text]
        assert ticks[0] == "0%" and len(ticks) >= 3, ticks
        assert all(t[:-1].isdigit() for t in ticks), ticks


def test_group_weights_chart_writes_each_weight_and_its_axis_covers_the_largest_bar():
    """try4 (projector and phone): the axis said 'share of 1' under % ticks, the ticks stopped at 10% under a ~14%
    bar, and no bar said its value. Drawn (SVG) at a phone's and a projector's width: every criterion and every
    weight (as 13.9%) written, the last tick at or past the largest bar, the axis title in %, nothing overlapping."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from chart_svg import assert_readable
    from scoring.loading import load_dataset

    crit = load_dataset().criteria.criteria
    weights = np.array([0.139, 0.13, 0.125, 0.12, 0.11, 0.11, 0.1, 0.082, 0.044])
    labels = [c.label for c in crit]
    chart = charts.group_weights_chart([c.id for c in crit], labels, weights)
    for width in (358, 940):
        d = assert_readable(chart, width, rows=labels)
        assert sorted(d.labels("mark")) == sorted(f"{100 * w:.1f}%" for w in weights), d.labels("mark")
        ticks = [float(t.rstrip("%")) for t in d.labels("axis-label") if t.endswith("%")]
        assert max(ticks) >= 100 * weights.max() and ticks == sorted(ticks), ticks
        titles = [" ".join(t.text.split()) for t in d.visible("axis-title")]
        assert "Weight (% of the total)" in titles and not [t for t in titles if "share of 1" in t], titles


def test_rank_range_ticks_stay_inside_their_rows_and_the_rank_axis_runs_from_1_to_n():
    """try4 (Agreement tab, 61 options): the group-rank tick was as tall as its row, so the ticks joined into a
    staircase across rows, and the rank axis ran 0-65. Drawn (SVG): every tick shorter than its row by at least
    4 px, the axis labels start at 1 and end at n."""
    import re
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from chart_svg import draw, row_labels
    from ui.chart_style import option_rows

    n = 61
    titles = row_labels(n)
    rng = np.random.default_rng(1)
    best = rng.integers(1, 20, n)
    worst = np.minimum(best + rng.integers(0, 30, n), n)
    frame = pd.DataFrame({"title": titles, "group_rank": np.arange(1, n + 1), "best": best,
                          "median": (best + worst) // 2, "worst": worst})
    chart = charts.rank_range_chart(frame)
    row = option_rows(titles).step
    for width in (358, 940):
        d = draw(chart, width)
        ticks = re.search(r'class="mark-rect role-mark[^"]*"[^>]*>(.*?)</g>', d.svg, re.S).group(1)
        heights = [float(h) for h in re.findall(r'aria-roledescription="tick" d="M[-\d.]+,[-\d.]+h[\d.]+v([\d.]+)', ticks)]
        assert len(heights) == n and max(heights) <= row - 4, (row, max(heights))
        ranks = list(dict.fromkeys(int(t) for t in d.labels("axis-label") if t.isdigit()))  # (tall: at both ends)
        assert ranks[0] == 1 and ranks[-1] == n and ranks == sorted(ranks), ranks
