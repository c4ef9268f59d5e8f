"""Chart builders: every chart (and every layer) has a title, axis titles and tooltips; palettes are colour-blind safe."""
from __future__ import annotations

import altair as alt
import pytest
from analysis_support import synthetic_dataset

from scoring.scenarios import ScenarioSet, Scenario, analyse_scenarios
from scoring.sensitivity import flip_points, weight_sweep
from scoring.smaa import smaa
from ui.analysis_charts import (acceptability_heatmap, flip_chart, regret_chart, scenario_rank_heatmap,
                                weight_sweep_chart)


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    return synthetic_dataset(tmp_path_factory.mktemp("charts"), n=12, seed=2)


def _layers(spec: dict) -> list[dict]:
    return spec["layer"] if "layer" in spec else [spec]


def _check(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    title = spec.get("title")
    assert title and (title if isinstance(title, str) else title["text"])
    for layer in _layers(spec):
        enc = layer["encoding"]
        assert "tooltip" in enc and enc["tooltip"], layer["mark"]
        for axis in ("x", "y"):
            if "field" in enc.get(axis, {}):  # every positional channel that shows data has a title
                assert enc[axis].get("title"), (layer["mark"], axis)
    # at least one layer carries titled x and y axes
    assert any(l["encoding"].get("x", {}).get("title") for l in _layers(spec))
    return spec


def test_weight_sweep_chart(synth):
    sw = weight_sweep(synth, None, "durability", crossings_among=synth.ids[:5])
    frame = sw.frame()
    frame = frame[frame["id"].isin(synth.ids[:5])]
    spec = _check(weight_sweep_chart(frame, sw.current, sw.crossings, label=sw.label))
    marks = [l["mark"]["type"] if isinstance(l["mark"], dict) else l["mark"] for l in spec["layer"]]
    assert marks == ["line", "rule", "text", "point"]  # lines, the current weight and its label, the crossing points
    rule_data = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert rule_data[0]["weight"] == pytest.approx(sw.current)
    # the Okabe-Ito hues darkened to 3:1 on white where needed (ui/chart_style.py LINE_COLOURS, tests/dashboard/test_try5_charts.py)
    from ui.chart_style import LINE_COLOURS
    colours = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert colours == LINE_COLOURS[:len(colours)] and len(set(colours)) == len(colours) == 5
    assert spec["layer"][0]["encoding"]["y"]["title"].startswith("Score")
    assert spec["datasets"][spec["layer"][2]["data"]["name"]][0]["what"] == "current weight"
    assert len(sw.crossings) == len(spec["datasets"][spec["layer"][3]["data"]["name"]])


def test_weight_sweep_chart_without_crossings(synth):
    sw = weight_sweep(synth, None, "cost", crossings_among=[])
    spec = _check(weight_sweep_chart(sw.frame(), sw.current, sw.crossings, label=sw.label, higher_is_better=False))
    assert len(spec["layer"]) == 3  # lines, the current weight and its label
    assert "lower is better" in spec["layer"][0]["encoding"]["y"]["title"]


def test_flip_chart(synth):
    fp = flip_points(synth, "quad-institutionalization", "quad-networking")
    spec = _check(flip_chart(fp.segments, ["quad-institutionalization", "quad-networking"]))
    assert spec["layer"][0]["encoding"]["x"]["title"].startswith("Weight")
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["quad-institutionalization", "quad-networking", "tie"]


def test_acceptability_heatmap(synth):
    r = smaa(synth, samples=500, seed=1)
    spec = _check(acceptability_heatmap(r.long(), max_rank=5))
    assert spec["encoding"]["color"]["scale"]["scheme"] == "viridis"
    data = spec["datasets"][spec["data"]["name"]]
    assert max(d["rank"] for d in data) == 5
    assert spec["encoding"]["y"]["sort"][0] == r.table()["title"].iloc[0]  # ordered by expected rank


def test_scenario_charts(mini_dataset):
    sset = ScenarioSet((Scenario("x", "Impact only", "n", {"cost": 0, "speed": 0}),
                        Scenario("y", "Cost only", "n", {"impact": 0, "speed": 0})))
    res = analyse_scenarios(mini_dataset, sset)
    long = res.long_ranks()
    spec = _check(scenario_rank_heatmap(long, scenarios=list(dict.fromkeys(long["label"]))))  # as the view: file order
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Baseline (current)", "Impact only", "Cost only"]
    default = scenario_rank_heatmap(long.sample(frac=1.0, random_state=2)).to_dict()  # no order given: baseline, then by label
    assert default["layer"][0]["encoding"]["x"]["sort"] == ["Baseline (current)", "Cost only", "Impact only"]
    spec = _check(regret_chart(res.regret, sset.ids, ["Impact only", "Cost only"]))
    data = spec["datasets"][spec["data"]["name"]]
    chosen = {d["title"] for d in data if d["choice"] == "minimax-regret choice"}
    assert chosen == {"Bravo", "Charlie"}
    tips = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert "Regret: Impact only" in tips and "Regret: Cost only" in tips


def test_charts_render_to_svg(synth):
    vlc = pytest.importorskip("vl_convert")
    r = smaa(synth, samples=300, seed=1)
    svg = vlc.vegalite_to_svg(acceptability_heatmap(r.long()).to_dict())
    assert svg.startswith("<svg") and "How likely each option is to take each rank" in svg
