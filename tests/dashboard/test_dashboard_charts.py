"""Chart builders and the URL state, without a server."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scoring import rank
from scoring.compare import head_to_head, value_for_money
from ui import charts, frames, state


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _assert_readable(chart) -> None:
    """Every chart: a title, axis titles on x and y, and tooltips on its marks."""
    spec = chart.to_dict()
    title = spec.get("title")
    assert title and (title if isinstance(title, str) else title["text"])
    encs = [layer.get("encoding", {}) for layer in _layers(spec)]
    assert any("tooltip" in e for e in encs)
    for axis in ("x", "y"):
        titled = [e[axis].get("title") for e in encs if axis in e and "title" in e[axis]]
        assert titled and all(t for t in titled if t is not None), axis
    assert spec.get("width") == "container"


def test_contributions_chart_is_readable_and_carries_the_reason(mini_dataset):
    table = rank(mini_dataset).table
    long = frames.contributions_long(table, mini_dataset)
    assert len(long) == 4 * 3 and long.groupby("id")["contribution"].sum().round(12).to_dict() == \
        table.set_index("id")["score"].round(12).to_dict()
    chart = charts.contributions_chart(long, ["Impact", "Cost", "Speed"], list(table["title"]))
    _assert_readable(chart)
    tips = [t["field"] for t in chart.to_dict()["encoding"]["tooltip"]]
    assert "reason" in tips
    colours = chart.to_dict()["encoding"]["color"]["scale"]["range"]
    assert colours == charts.TOL_MUTED[:3]


def test_scatter_marks_the_non_dominated_options(mini_dataset):
    # impact up, cost down: a (5,4), b (3,1), c (4,3) are not beaten on both; d (2,2) loses to b (3,1).
    frame = frames.scatter_frame(mini_dataset, "impact", "cost")
    assert frame.set_index("id")["pareto"].to_dict() == {"a": True, "b": True, "c": True, "d": False}
    _assert_readable(charts.tradeoff_scatter(frames.scatter_points(frame, "impact", "cost"), "impact", "cost", "Impact", "Cost"))


def test_scatter_points_count_and_name_every_option_at_a_position(mini_dataset):
    ds = mini_dataset.with_score("d", "impact", 3.0).with_score("d", "cost", 1.0)  # d now sits on b's point
    pts = frames.scatter_points(frames.scatter_frame(ds, "impact", "cost"), "impact", "cost").set_index("names")
    assert pts.loc["Bravo · Delta", "n"] == 2 and pts["n"].sum() == 4
    assert pts.loc["Bravo · Delta", "front"] == "not beaten on both" and bool(pts.loc["Bravo · Delta", "pareto"])


def test_value_for_money_and_head_to_head_charts(mini_dataset):
    _assert_readable(charts.value_for_money_chart(value_for_money(mini_dataset)))
    h = head_to_head(mini_dataset, None, "a", "b")
    long = frames.head_to_head_long(h.table, mini_dataset, "a", "b", {"a": "Alpha", "b": "Bravo"})
    assert set(long["option"]) == {"Alpha", "Bravo"} and len(long) == 6
    _assert_readable(charts.head_to_head_chart(long, list(h.table["label"]), "Alpha against Bravo"))


def test_method_and_tau_charts(mini_dataset):
    from scoring.compare import compare_methods
    from scoring.methods import METHODS

    mc = compare_methods(mini_dataset)
    labels = {m: METHODS[m].label for m in METHODS}
    _assert_readable(charts.method_ranks_chart(frames.methods_long(mc.ranks, list(METHODS), labels), mini_dataset.titles))
    taus = frames.taus_long(mc.taus, labels)
    assert len(taus) == len(METHODS) ** 2 and taus["tau"].max() == pytest.approx(1.0)
    _assert_readable(charts.tau_heatmap(taus))
    _assert_readable(charts.weights_chart(pd.DataFrame({"label": ["A", "B"], "weight": [0.25, 0.75]})))


def test_evidence_table_marks_adjusted_scores_and_ranges(mini_dataset):
    adjusted = mini_dataset.with_score("a", "cost", 2.0)
    table = frames.evidence_table(adjusted, "a").set_index("criterion")
    assert table.loc["Cost", "score"] == 2.0 and table.loc["Cost", "adjusted"] == "adjusted this session"
    assert table.loc["Impact", "range"] == "4-5" and table.loc["Speed", "range"] == ""


def test_movement_format_writes_places_with_their_sign():
    # the grid's sprintf writes '%+d' as Python does: places moved stay numbers and still read as moves
    assert [frames.MOVEMENT_FORMAT % m for m in (2, 0, -3)] == ["+2", "+0", "-3"]


def test_url_state_round_trip():
    params = state.encode({"impact": 3.5, "cost": 0.0}, "topsis", "vector", "equal", "Methods",
                          {"theme": ["health", "trade"], "group": []})
    assert params == {"w": "impact:3.5,cost:0", "method": "topsis", "view": "Methods", "norm": "vector",
                      "profile": "equal", "theme": "health|trade"}
    back = state.decode(params, ["impact", "cost"], 10)
    assert back["weights"] == {"impact": 3.5, "cost": 0.0}
    assert (back["method"], back["norm"], back["profile"], back["view"]) == ("topsis", "vector", "equal", "Methods")
    assert back["filters"] == {"theme": ["health", "trade"]}


def test_url_state_ignores_what_is_not_valid():
    back = state.decode({"w": "impact:x,ghost:2,cost:11,speed:-1,feasibility:4"}, ["impact", "cost", "speed", "feasibility"], 10)
    assert back["weights"] == {"feasibility": 4.0}


def test_slider_values_from_weights():
    from ui.elicitation import to_slider_values

    assert to_slider_values(np.array([0.6, 0.3, 0.1])) == [10.0, 5.0, 0.1 / 0.6 * 10]  # scaled, never rounded
    assert to_slider_values(np.zeros(2)) == [0.0, 0.0]


def test_split_layered_chart_keeps_no_placeholder_dataset_in_any_layer():
    """review3 D1: layers kept Altair's `{"name": "empty"}` data; the browser could not bind it and drew nothing."""
    import json

    import altair as alt

    from ui import show

    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0], "t": ["a", "b"]})
    base = alt.Chart(df).encode(x="x:Q", y="y:Q")
    layered = alt.layer(base.mark_point(), base.mark_text().encode(text="t:N"), data=df)
    layered.data = df
    for layer in layered.layer:
        layer.data = alt.Undefined
    data, spec = show.split(layered)
    assert data is df
    assert len(spec["layer"]) == 2
    assert "data" not in spec and all("data" not in layer for layer in spec["layer"]), json.dumps(spec)[:400]
    assert "empty" not in json.dumps(spec)
