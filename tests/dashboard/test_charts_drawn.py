"""Every chart builder drawn to SVG (vl-convert, under Streamlit's theme) at 1, 7, 53 and 200 rows, phone and desktop.

What is asserted is what a reader sees: every row label drawn, no two texts overlapping, nothing
outside the canvas, titles whole, and the chart growing with its rows (tests/chart_svg.py).
The 200-row case uses shorter titles: vl-convert measures text slowly, a browser does not.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chart_svg as cs
from ui import analysis_charts as ac
from ui import charts
from ui import workshop_charts as wc

pytestmark = pytest.mark.slow

METHODS = ["Weighted sum", "Weighted product", "TOPSIS", "PROMETHEE II", "VIKOR"]
CRITERIA9 = ["Strategic impact", "Political feasibility", "Cost", "Time to effect", "Flexibility", "Durability",
             "Inclusiveness", "Escalation risk", "Private-sector buy-in"]


def titles(n: int) -> list[str]:
    """Long titles (20-90 characters, as shipped) up to 7 rows; shorter ones beyond, where only the count matters."""
    return cs.row_labels(n) if n <= 7 else [f"Option {i + 1}: Quad fund" + " with Japan" * (i % 2) for i in range(n)]


def criteria(n: int) -> list[str]:
    return CRITERIA9[:n] if n <= 9 else [f"Criterion {i + 1}" for i in range(n)]


# ------------------------------------------------ one frame per builder with n rows

def contributions(n: int):
    rows = titles(n)
    long = pd.DataFrame([{"id": t, "title": t, "label": c, "criterion_index": j, "contribution": 0.1 / (1 + j + i % 3),
                          "score": 0.5, "raw": 3.0, "reason": "because"} for i, t in enumerate(rows) for j, c in enumerate(CRITERIA9)])
    return charts.contributions_chart(long, CRITERIA9, rows), rows


def method_ranks(n: int):
    rows = titles(n)
    long = pd.DataFrame([{"id": t, "title": t, "method": m, "rank": (i + k) % n + 1} for i, t in enumerate(rows) for k, m in enumerate(METHODS)])
    return charts.method_ranks_chart(long, rows), rows


def weights(n: int):
    rows = criteria(n)
    return charts.weights_chart(pd.DataFrame({"label": rows, "weight": np.full(n, 1 / n)})), rows


def head_to_head(n: int):
    rows = criteria(n)
    long = pd.DataFrame([{"option": o, "label": c, "contribution": 0.05, "raw": 3.0, "reason": ""}
                         for o in ("Keep the Quad informal", "Institutionalize the Quad") for c in rows])
    return charts.head_to_head_chart(long, rows, "Where each option earns its score"), rows


def flip(n: int):
    rows = criteria(n)
    seg = pd.DataFrame([{"label": c, "start": s, "end": e, "leader": who, "current_weight": 0.1}
                        for c in rows for s, e, who in ((0.0, 0.3, "A"), (0.3, 1.0, "B"))])
    return ac.flip_chart(seg, ["A", "B"]), rows


def acceptability(n: int):
    rows = titles(n)
    long = pd.DataFrame([{"title": t, "rank": r, "probability": 1.0 / n, "expected_rank": i + 1}
                         for i, t in enumerate(rows) for r in range(1, min(n, 15) + 1)])
    return ac.acceptability_heatmap(long, max_rank=min(n, 15)), rows


def scenario_ranks(n: int):
    rows = titles(n)
    labels = ["Today", "Fragmented trade", "US retrenchment", "Crisis in the strait", "Green transition", "Status quo plus"]
    long = pd.DataFrame([{"title": t, "scenario": "baseline" if k == 0 else f"s{k}", "label": lab, "rank": (i + k) % n + 1,
                          "score": 0.5} for i, t in enumerate(rows) for k, lab in enumerate(labels)])
    return ac.scenario_rank_heatmap(long), rows


def regret(n: int):
    rows = titles(n)
    frame = pd.DataFrame({"title": rows, "max_regret": np.linspace(0, 0.3, n), "worst_scenario": "s1",
                          "minimax": [i == 0 for i in range(n)], "s1": 0.1, "s2": 0.2})
    return ac.regret_chart(frame, ["s1", "s2"], ["Fragmented trade", "Crisis"], top=n), rows


def group_weights(n: int):
    rows = criteria(n)
    return wc.group_weights_chart([f"c{i}" for i in range(n)], rows, np.full(n, 1 / n)), rows


def weight_spread(n: int):
    rows = criteria(n)
    long = pd.DataFrame([{"label": c, "participant": f"P{p}", "weight": 1 / n} for c in rows for p in range(4)])
    return wc.weight_spread_chart(long, pd.DataFrame({"label": rows, "weight": 1 / n})), rows


def rank_range(n: int):
    rows = titles(n)
    frame = pd.DataFrame({"title": rows, "group_rank": np.arange(1, n + 1), "best": 1, "median": np.arange(1, n + 1),
                          "worst": n})
    return wc.rank_range_chart(frame), rows


def participant_ranks(n: int):
    """`n` participants (the chart's rows) ranking six options (its columns)."""
    rows, options = [f"Participant {p + 1}" for p in range(n)], titles(6)
    long = pd.DataFrame([{"participant": p, "title": t, "rank": (i + k) % 6 + 1} for k, p in enumerate(rows)
                         for i, t in enumerate(options)])
    return wc.participant_ranks_chart(long, options), rows


def room_acceptability(n: int):
    rows = titles(n)
    long = pd.DataFrame([{"title": t, "rank": r, "share": 0.2} for t in rows for r in range(1, 6)])
    return wc.acceptability_chart(long, rows), rows


def drivers(n: int):
    rows = criteria(n)
    frame = pd.DataFrame({"label": rows, "rank_changes": np.arange(n) % 7, "top_changes": [i % 2 == 0 for i in range(n)],
                          "spread": 0.1})
    return wc.drivers_chart(frame), rows


def distance_to_flip(n: int):
    rows = [f"Participant {i + 1}" for i in range(n)]
    frame = pd.DataFrame({"participant": rows, "weight_moved": np.linspace(0, 0.4, n), "already_top": [i == 0 for i in range(n)]})
    return wc.flip_chart(frame), rows


ROW_CHARTS = {f.__name__: f for f in (contributions, method_ranks, weights, head_to_head, flip, acceptability,
                                      scenario_ranks, regret, group_weights, weight_spread, rank_range, participant_ranks,
                                      room_acceptability, drivers, distance_to_flip)}


@pytest.mark.parametrize("name", ROW_CHARTS)
def test_every_row_is_labelled_without_overlap_at_any_size(name):
    heights = []
    for n in cs.ROWS:
        chart, rows = ROW_CHARTS[name](n)
        widths = (cs.PHONE, cs.DESKTOP) if n <= 7 else (cs.PHONE,)  # long charts at the narrow width only: vl-convert is slow
        for width in widths:
            d = cs.assert_readable(chart, width, rows)
        heights.append(d.height)
    assert heights[1] > heights[0] or heights[0] >= 200, heights
    assert heights[0] <= heights[1] < heights[2] < heights[3], f"height does not grow with the rows: {heights}"
    assert heights[3] >= 200 * 14, heights  # 200 rows of at least 14 px


def test_weights_chart_in_the_sidebar_draws_every_criterion_and_its_axis_title():
    chart, rows = weights(9)
    d = cs.assert_readable(chart, cs.SIDEBAR, rows)
    assert "Share" in [t.text for t in d.visible("axis-title")]
    bars = d.svg.count('aria-roledescription="bar"')
    assert bars == 9


def test_contributions_with_seven_options_keep_bars_and_legend():
    chart, rows = contributions(7)
    d = cs.assert_readable(chart, cs.PHONE, rows)
    assert d.height >= 7 * 18 + 100
    assert set(CRITERIA9) <= {" ".join(t.split()) for t in d.labels("legend-label")}, d.labels("legend-label")
    assert d.svg.count('aria-roledescription="bar"') == 7 * 9


def test_rank_heatmaps_share_one_colour_direction():
    m, _ = method_ranks(7)
    s, _ = scenario_ranks(7)
    ms = m.to_dict()["layer"][0]["encoding"]["color"]["scale"]
    ss = s.to_dict()["layer"][0]["encoding"]["color"]["scale"]
    assert ms["scheme"] == ss["scheme"] and ms["reverse"] is True and ss["reverse"] is True


def test_uncertainty_heatmap_scale_spreads_small_probabilities():
    long = pd.DataFrame({"title": ["a", "a", "b", "b"], "rank": [1, 2, 1, 2], "probability": [0.08, 0.02, 0.02, 0.08],
                         "expected_rank": [1.5, 1.5, 1.5, 1.5]})
    scale = ac.acceptability_heatmap(long).to_dict()["encoding"]["color"]["scale"]
    assert scale["domain"] == [0, 0.08] and scale["type"] == "sqrt"


def test_distance_to_flip_draws_a_mark_for_a_participant_at_zero():
    frame = pd.DataFrame({"participant": ["Ann", "Bo", "Cy"], "weight_moved": [0.0, 0.2, 0.35], "already_top": [True, False, False]})
    d = cs.assert_readable(wc.flip_chart(frame), cs.PHONE, ["Ann", "Bo", "Cy"])
    symbols = d.svg.count('aria-roledescription="point"')
    assert symbols == 3, symbols  # one dot per participant, Ann's at 0% included


@pytest.mark.parametrize("n", [1, 5, 7])
def test_kendall_tau_matrix_labels_every_method(n):
    methods = (METHODS + ["Borda", "Copeland"])[:n]
    long = pd.DataFrame([{"a": a, "b": b, "tau": 1.0 if a == b else 0.5} for a in methods for b in methods])
    for width in (cs.PHONE, cs.DESKTOP):
        d = cs.assert_readable(charts.tau_heatmap(long), width, methods)
        assert sorted(d.labels()) == sorted(methods * 2)  # every method on both axes


def _scatter_points(n: int) -> pd.DataFrame:
    from ui import frames

    rng = np.random.default_rng(n)
    frame = pd.DataFrame({"id": [f"o{i}" for i in range(n)], "title": titles(n), "theme": "trade",
                          "impact": rng.integers(1, 6, n).astype(float), "feasibility": rng.integers(1, 6, n).astype(float)})
    from scoring.compare import pareto_mask

    frame["pareto"] = pareto_mask(frame[["impact", "feasibility"]].to_numpy(), [True, True])
    return frames.scatter_points(frame, "impact", "feasibility")


@pytest.mark.parametrize("n", [1, 7, 53])
def test_point_charts_keep_titles_axes_and_legends_inside_at_any_width(n):
    from scoring.compare import value_for_money  # noqa: F401  (frame shape documented there)

    pts = _scatter_points(n)
    scatter = charts.tradeoff_scatter(pts, "impact", "feasibility", "Strategic impact", "Political feasibility",
                                      x_domain=(1, 5), y_domain=(1, 5))
    vfm = charts.value_for_money_chart(pd.DataFrame({"title": titles(n), "benefit": np.linspace(0, 1, n),
                                                     "cost": np.linspace(1, 0, n), "efficient": [i % 2 == 0 for i in range(n)]}))
    for width in (cs.PHONE, cs.DESKTOP):
        d = cs.assert_readable(scatter, width)
        ticks = [t.text for t in d.visible("axis-label")]
        assert set(ticks) <= {"1", "2", "3", "4", "5"} and "1" in ticks and "5" in ticks, ticks  # integer ticks only
        assert not {"true", "false"} & set(d.labels("legend-label")), d.labels("legend-label")
        d = cs.assert_readable(vfm, width)
        assert not {"true", "false"} & set(d.labels("legend-label"))


@pytest.mark.parametrize("name", ["rank_range", "participant_ranks", "room_acceptability", "distance_to_flip", "weight_spread"])
def test_workshop_charts_label_every_row_at_room_sizes(name):
    """Issue 11's sizes, besides the 1/7/53/200 above: 3 and 10 rows (options or participants) on a phone."""
    for n in (3, 10):
        chart, rows = ROW_CHARTS[name](n)
        d = cs.assert_readable(chart, cs.PHONE, rows)
        assert len([t for t in d.visible("axis-label") if " ".join(t.text.split()) in rows or t.text.endswith("…")]) >= n


def test_flip_chart_legend_names_the_pair_by_title_not_id():
    """review3 D4: the 'Ahead' legend read quad-institutionalization / quad-networking."""
    seg = pd.DataFrame([{"label": c, "start": s, "end": e, "leader": who, "current_weight": 0.1}
                        for c in CRITERIA9[:3] for s, e, who in ((0.0, 0.3, "quad-inst"), (0.3, 0.5, "tie"), (0.5, 1.0, "quad-net"))])
    names = ["Institutionalize the Quad", "Keep the Quad informal"]
    d = cs.assert_readable(ac.flip_chart(seg, ["quad-inst", "quad-net"], titles=names), cs.PHONE, CRITERIA9[:3])
    legend = [t.text for t in d.visible("legend-label")]
    assert legend == [*names, "tie"], legend


@pytest.mark.parametrize("n", [2, 5, 8])
def test_weight_sweep_keeps_its_plot_tall_beside_a_long_legend(n):
    """review3 D7: Streamlit fits title, axes and the legend into the chart's height; a fixed 360 px left the
    lines a flat strip with no score ticks under a five-row legend on a phone and on a desktop."""
    grid = np.linspace(0, 1, 11)
    frame = pd.DataFrame({"weight": np.tile(grid, n), "id": np.repeat([f"o{i}" for i in range(n)], len(grid)),
                          "title": np.repeat(titles(n), len(grid)),
                          "score": np.concatenate([0.5 + (i / (2 * n)) * (1 - grid) + 0.2 * grid for i in range(n)])})
    chart = ac.weight_sweep_chart(frame, 0.2, None, label="Strategic impact")
    for width in (cs.PHONE, cs.DESKTOP):
        d = cs.assert_readable(chart, width)
        scores = [t for t in d.visible("axis-label") if t.text.startswith("0.")]
        assert len(scores) >= 4, f"score ticks at width {width}: {[t.text for t in scores]}"
        span = max(t.y1 for t in scores) - min(t.y0 for t in scores)
        assert span >= 200, f"plot only {span:.0f} px tall at width {width} with {n} options in the legend"
        assert len(d.labels("legend-label")) == n


HEATMAPS = {"method_ranks": method_ranks, "acceptability": acceptability, "scenario_ranks": scenario_ranks,
            "participant_ranks": participant_ranks}


@pytest.mark.parametrize("name", HEATMAPS)
def test_heatmap_spec_does_not_depend_on_row_order(name):
    """Streamlit keys a chart element by its spec: the same rows in another order must give the same spec."""
    chart, rows = HEATMAPS[name](7)
    spec = chart.to_dict()
    data = next(iter(spec["datasets"].values()))
    frame = pd.DataFrame(data)
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert shuffled.to_dict("records") != data  # the test really reorders the rows
    builders = {"method_ranks": lambda f: charts.method_ranks_chart(f, rows),
                "acceptability": lambda f: ac.acceptability_heatmap(f, max_rank=7),
                "scenario_ranks": ac.scenario_rank_heatmap,
                "participant_ranks": lambda f: wc.participant_ranks_chart(f, titles(6))}
    assert builders[name](shuffled).to_dict() == builders[name](frame).to_dict()


def test_tau_heatmap_spec_does_not_depend_on_row_order():
    long = pd.DataFrame([{"a": a, "b": b, "tau": 1.0 if a == b else 0.5 - 0.1 * i} for i, a in enumerate(METHODS)
                         for b in METHODS])
    shuffled = long.sample(frac=1.0, random_state=5).reset_index(drop=True)
    assert charts.tau_heatmap(shuffled, methods=METHODS).to_dict() == charts.tau_heatmap(long, methods=METHODS).to_dict()


@pytest.mark.parametrize("n", [2, 5, 6])
def test_method_heatmap_subtitle_counts_the_methods_drawn(n):
    chart, _ = method_ranks(3)
    long = pd.DataFrame(next(iter(chart.to_dict()["datasets"].values())))
    methods = (METHODS + ["TOPSIS (ideal from the scale)"])[:n]
    long = pd.concat([long[long["method"] == m] if m in METHODS else long[long["method"] == METHODS[0]].assign(method=m)
                      for m in methods])
    subtitle = charts.method_ranks_chart(long, long["title"].unique()).to_dict()["title"]["subtitle"]
    subtitle = subtitle if isinstance(subtitle, str) else " ".join(subtitle)
    assert f"Same weights, {n} methods;" in subtitle, subtitle


SHIPPED_LONG = ["Regular Quad dialogues among defence, economic, law-enforcement and intelligence authorities",
                "Monitor Chinese investment and corruption in western sub-regions, with targeted sanctions",
                "Create a cross-ministry due-diligence division in the National Security Secretariat"]
AT_200 = ("contributions", "method_ranks", "rank_range")  # one per kind (bars, heatmap, layers): vl-convert is slow at 200
OPTION_ROW_CHARTS = ("contributions", "method_ranks", "acceptability", "scenario_ranks", "regret", "rank_range",
                     "room_acceptability")  # (the participants' ranking heatmap has participants as rows)


def long_titles(n: int) -> list[str]:
    """`n` distinct titles of 83-92 characters (the longest shipped ones, numbered)."""
    return [f"{SHIPPED_LONG[i % 3]} {i + 1}" if n > 3 else SHIPPED_LONG[i] for i in range(n)]


@pytest.mark.parametrize("name", OPTION_ROW_CHARTS)
def test_per_option_charts_draw_every_title_whole_at_3_and_200_rows(name, monkeypatch):
    """review3 RV3-W2: titles were cut at ~25 characters (150 px) on the facilitator's per-option charts."""
    sizes = ((3, (cs.PHONE, cs.DESKTOP)), (200, (cs.DESKTOP,))) if name in AT_200 else ((3, (cs.PHONE, cs.DESKTOP)),)
    for n, widths in sizes:
        monkeypatch.setattr(cs, "row_labels", lambda k, stem="Option": long_titles(k))
        chart, rows = ROW_CHARTS[name](n) if n <= 7 else _with_long_titles(name, n)
        assert len(rows) == n and min(len(r) for r in rows) > 80
        for width in widths:
            assert cs.whole_labels(chart, width, rows) == [], (name, n, width)
        if n == 3:
            cs.assert_readable(chart, cs.PHONE, rows)  # wrapped lines of neighbouring rows never overlap


def _with_long_titles(name: str, n: int):
    """The builder's frame with `n` long titles (titles() uses short ones beyond 7 rows)."""
    global titles
    saved = titles
    titles = long_titles  # noqa: F841 - the frame builders read the module-level name
    try:
        return ROW_CHARTS[name](n)
    finally:
        titles = saved


def test_criterion_charts_draw_every_shipped_label_whole():
    """review3 RV3-W1/R2: the group weights chart cut 'Durability and norm-buil…', 'Inclusiveness toward thir…'."""
    from scoring import load_dataset

    global CRITERIA9
    shipped = [c.label for c in load_dataset().criteria.criteria]
    saved, CRITERIA9 = CRITERIA9, shipped  # the frame builders read the module-level names
    try:
        for name, width in (("weights", cs.SIDEBAR), ("group_weights", cs.PHONE), ("drivers", cs.PHONE),
                            ("head_to_head", cs.PHONE), ("flip", cs.PHONE), ("weight_spread", cs.PHONE)):
            chart, rows = ROW_CHARTS[name](len(shipped))
            assert rows == shipped
            assert cs.whole_labels(chart, width, rows) == [], name
            cs.assert_readable(chart, width, rows)
        chart, _ = ROW_CHARTS["contributions"](7)  # the criteria in its legend, beside the wrapped titles
        assert cs.whole_labels(chart, cs.PHONE, shipped, row_role="legend-label") == []
    finally:
        CRITERIA9 = saved


def test_legends_of_option_titles_draw_every_title_whole():
    """Issue 12 (titles cut): the weight sweep's legend cut titles at ~35 characters; the head-to-head and flip
    legends at 300 px. Legends of option titles wrap them into lines instead, on a phone and a desktop."""
    names = long_titles(6)
    frame = pd.DataFrame([{"weight": w, "id": t, "title": t, "score": 0.4 + 0.05 * i * w}
                          for i, t in enumerate(names) for w in np.linspace(0, 1, 5)])
    pair = names[:2]
    seg = pd.DataFrame([{"label": c, "start": s, "end": e, "leader": who, "current_weight": 0.1}
                        for c in CRITERIA9[:3] for s, e, who in ((0.0, 0.3, "a"), (0.3, 0.5, "tie"), (0.5, 1.0, "b"))])
    h2h = pd.DataFrame([{"option": o, "label": c, "contribution": 0.05, "raw": 3.0, "reason": ""}
                        for o in pair for c in CRITERIA9[:3]])
    for chart, rows in ((ac.weight_sweep_chart(frame, 0.2, label="Cost"), names),
                        (ac.flip_chart(seg, ["a", "b"], titles=pair), pair),
                        (charts.head_to_head_chart(h2h, CRITERIA9[:3], "Where each option earns its score"), pair)):
        for width in (cs.PHONE, cs.DESKTOP):
            cs.assert_readable(chart, width, rows, row_role="legend-label")
            assert cs.whole_labels(chart, width, rows, row_role="legend-label") == [], width


def test_a_chart_altair_would_reject_still_fails_when_the_tests_draw_it():
    """The app turns off Altair's per-object schema check (ui/__init__.py: a third of a rerun's server time);
    the chart tests still catch a bad spec, because they draw `to_dict()`, which validates the whole chart."""
    import altair as alt
    from altair.utils.schemapi import SchemaValidationError

    import ui  # noqa: F401  (the import that turns the per-object check off)

    built = alt.Chart(pd.DataFrame({"a": [1.0]})).mark_bar().encode(x=alt.X("a:Q", axis=alt.Axis(labelLimt=3)))
    with pytest.raises(SchemaValidationError, match="labelLimt"):
        cs.spec_at(built, 390)


# ------------------------------------------------ long participant names (issue 12, fix4)

LONG_NAMES = ["Dr. Alexandra Konstantinopoulou-Whitfield",  # 41 characters, a 27-letter hyphenated word
              "山田太郎と鈴木花子の共同代表チーム国際協力担当官事務局",  # Japanese: no spaces, wide characters
              "عبد الرحمن بن محمد بن إبراهيم آل الشيخ الكبير",  # Arabic, right to left, 45 characters
              "प्रोफेसर रामचंद्र विश्वनाथ कुलकर्णी देशपांडे"]  # Devanagari with combining signs


def room_names(n: int) -> list[str]:
    """`n` distinct names of 40+ characters in four scripts (numbered past four)."""
    return LONG_NAMES[:n] if n <= len(LONG_NAMES) else [f"{LONG_NAMES[i % 4]} {i + 1}" for i in range(n)]


def _name_drawn(d: cs.Drawing, name: str) -> bool:
    """`name` is on the chart whole: one visible label whose lines are exactly `name_lines(name)`, none cut."""
    from ui.chart_style import name_lines

    return any(t.text.split("\n") == name_lines(name) for t in d.visible("axis-label"))


def test_name_lines_keep_every_character_and_fit_a_line():
    from ui.chart_style import NAME_UNITS, _units, name_lines

    for name in [*room_names(4), "Ann", "x" * 60, "Participant 100"]:
        lines = name_lines(name)
        assert "".join("".join(lines).split()) == "".join(name.split())  # every character drawn, in order
        assert all(sum(_units(c) for c in line) <= NAME_UNITS for line in lines), (name, lines)
    assert name_lines("Dr. Alexandra Konstantinopoulou-Whitfield") == ["Dr. Alexandra", "Konstantinopoulou-", "Whitfield"]
    assert len(name_lines(LONG_NAMES[1])) == 3  # 27 wide characters: 13 to a line


@pytest.mark.parametrize("n", [3, 100])
def test_distance_to_flip_draws_every_long_name_whole_at_3_and_100_participants(n):
    """Issue 12: participant names were cut at 180 px ('Dr. Alexandra Konstantinopoul…'); they wrap now, and the
    rows grow with the lines, at a phone's and a desktop's width."""
    names = room_names(n)
    frame = pd.DataFrame({"participant": names, "weight_moved": np.linspace(0, 0.4, n), "already_top": [i == 0 for i in range(n)]})
    chart = wc.flip_chart(frame)
    for width in ((cs.PHONE, cs.DESKTOP) if n == 3 else (cs.DESKTOP,)):
        d = cs.assert_readable(chart, width, row_role="axis-label")
        missing = [name for name in names if not _name_drawn(d, name)]
        assert missing == [], (width, missing[:3])
        assert not any(t.text.endswith("…") for t in d.visible("axis-label"))


def test_participant_ranks_heatmap_draws_every_long_name_whole_at_3_participants():
    """The heatmap's participant axis cut names at 90 px ('Dr. Alexandra Kon…'); it draws them whole, in lines."""
    names = room_names(3)
    rows = titles(3)
    long = pd.DataFrame([{"participant": p, "title": t, "rank": i + 1} for p in names for i, t in enumerate(rows)])
    chart = wc.participant_ranks_chart(long, rows, participants=names)
    for width in (cs.PHONE, cs.DESKTOP):
        d = cs.assert_readable(chart, width)
        assert [name for name in names if not _name_drawn(d, name)] == [], width
