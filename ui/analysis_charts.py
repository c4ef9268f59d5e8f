"""Altair charts for the robustness views: plain functions from tables to charts, no Streamlit.

Categorical colours come from the Okabe-Ito palette and ramps from viridis, both readable with the
common colour-vision deficiencies. Every chart has a title, axis titles and tooltips. Option titles
and scenario labels are data, never markup: Vega renders them as plain text.
"""
from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

from scoring.order import natural_key, natural_series_key
from ui.chart_style import (LINE_COLOURS, MARKER, canonical, drawn_apart, plot, column_axis, criterion_axis, criterion_rows, key_legend, legend, option_rows,
                            other_end, rank_scale, rank_text_colour, ROW, tall, title as wrapped_title, value_axis, wrapped_legend,
                            wrapped_row_axis)

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#999999"
RAMP = "viridis"
# Option titles are long: show most of them, and put the axis title above the labels, not across them (ending
# 6 px left of the plot: clear of a value axis drawn on top).
_TITLE_ABOVE = {"titleAngle": 0, "titleAlign": "right", "titleX": -6, "titleY": -8, "titleBaseline": "bottom"}
LABELS = wrapped_row_axis(**_TITLE_ABOVE)
CRITERIA = criterion_axis(**_TITLE_ABOVE)


SWEEP_PLOT = 300  # px of the weight sweep's plot
DASHES = [[1, 0], [8, 3], [2, 2], [8, 3, 2, 3], [4, 4], [12, 3, 2, 3, 2, 3], [1, 3], [6, 2, 6, 6], [3, 6], [10, 6]]


def _title(text: str, subtitle: str | None = None) -> alt.Title:
    return wrapped_title(text, subtitle)


def weight_sweep_chart(frame: pd.DataFrame, current_weight: float, crossings: pd.DataFrame | None = None,
                       label: str = "the criterion", higher_is_better: bool = True,
                       title: str | None = None) -> alt.LayerChart:
    """Lines: each option's score as one weight goes 0 -> 1; a rule at the current weight; dots where lines cross.

    `frame`: weight, id, title, score (one row per grid point and option, as Sweep.frame()).
    `crossings`: weight, score, option_a, option_b, title_a, title_b (optional).
    """
    names = list(dict.fromkeys(frame["title"]))
    key, _ = wrapped_legend(names)  # whole titles, wrapped, under the plot
    colour = alt.Color("title:N", title="Option", sort=names, legend=key,
                       scale=alt.Scale(domain=names, range=[LINE_COLOURS[i % len(LINE_COLOURS)] for i in range(len(names))]))
    # a line under another of the same course stays visible: each option its own dash as well as its colour
    # (one legend: the same field and title)
    dash = alt.StrokeDash("title:N", title="Option", sort=names, legend=key,
                          scale=alt.Scale(domain=names, range=[DASHES[i % len(DASHES)] for i in range(len(names))]))
    score_title = "Score (higher is better)" if higher_is_better else "Score (lower is better)"
    lines = alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X("weight:Q", title=f"Weight of {label}", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("score:Q", title=score_title, scale=alt.Scale(zero=False)),
        color=colour, strokeDash=dash, order=alt.Order("weight:Q"),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("weight:Q", title="Weight", format=".1%"),
                 alt.Tooltip("score:Q", title="Score", format=".4f")],
    )
    marker = pd.DataFrame({"weight": [float(current_weight)], "what": ["current weight"]})
    # the marker: a solid grey rule, labelled, in a colour no option line uses (chart_style.LINE_COLOURS)
    rule = alt.Chart(marker).mark_rule(color=MARKER, strokeWidth=2).encode(
        x=alt.X("weight:Q", title=f"Weight of {label}"),
        tooltip=[alt.Tooltip("what:N", title="Marker"), alt.Tooltip("weight:Q", title="Current weight", format=".1%")],
    )
    right = float(current_weight) > 0.5  # the label on the side with room
    note = alt.Chart(marker).mark_text(color=MARKER, align="right" if right else "left", dx=-4 if right else 4,
                                       baseline="top", fontSize=12).encode(
        x=alt.X("weight:Q", title=f"Weight of {label}"), y=alt.value(2), text="what:N",
        tooltip=[alt.Tooltip("what:N", title="Marker"), alt.Tooltip("weight:Q", title="Current weight", format=".1%")])
    layers: list[alt.Chart] = [lines, rule, note]
    if crossings is not None and len(crossings):
        cross = crossings.copy()
        for side in ("a", "b"):
            if f"title_{side}" not in cross.columns:
                cross[f"title_{side}"] = cross[f"option_{side}"]
        layers.append(alt.Chart(cross).mark_point(filled=True, size=70, color="black", shape="diamond").encode(
            x=alt.X("weight:Q", title=f"Weight of {label}"),
            y=alt.Y("score:Q", title=score_title),
            tooltip=[alt.Tooltip("title_a:N", title="Option"), alt.Tooltip("title_b:N", title="swaps with"),
                     alt.Tooltip("weight:Q", title="at weight", format=".1%"), alt.Tooltip("score:Q", title="Score", format=".4f")],
        ))
    # the plot keeps its 300 px whatever the title, x axis and the one-column legend below take (chart_style.plot)
    return alt.layer(*layers).properties(
        title=_title(title or f"Scores as the weight of {label} moves",
                     "others rescaled in proportion; each option its own colour and dash; solid grey line: "
                     "current weight; diamonds: options swap order"),
        **plot(SWEEP_PLOT),
    )


def flip_chart(segments: pd.DataFrame, names: Sequence[str], title: str = "Who is ahead as each weight moves",
               titles: Sequence[str] | None = None) -> alt.LayerChart:
    """One bar per criterion across [0, 1], coloured by which of the pair leads; a tick at the current weight.

    `segments`: label, start, end, leader, current_weight (as FlipPoints.segments). `names`: the pair (ids, as in
    `leader`). `titles`: the pair's titles, shown in the legend and tooltip instead of the ids (two equal titles keep
    the ids, so the colours stay apart). Taller than a screen (many criteria, `chart_style.tall`), the key is above
    the first bar and the weight scale at the top and the bottom.
    """
    if titles is not None and len(set(titles)) == len(names) == len(titles):
        rename = dict(zip(names, titles))
        segments = segments.assign(leader=[rename.get(x, x) for x in segments["leader"]])
        names = list(titles)
    domain = [*names, "tie"]
    order = list(dict.fromkeys(segments["label"]))
    height = criterion_rows(order, 4)
    is_tall = tall(order, height)  # taller than a screen (many criteria): the key on top, the weight scale at both ends
    x = alt.X("start:Q", title="Weight of the criterion (others rescaled in proportion)",
              axis=value_axis("Weight of the criterion (others rescaled in proportion)", format="%"),
              scale=alt.Scale(domain=[0, 1]))
    key = wrapped_legend(domain, 26, **({"orient": "top"} if is_tall else {}))[0]  # 26 characters fit a phone
    bars = alt.Chart(segments).mark_bar(height=14).encode(
        x=x,
        x2=alt.X2("end:Q"),
        y=alt.Y("label:N", title="Criterion", sort=order, axis=CRITERIA),
        color=alt.Color("leader:N", title="Ahead", scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], OKABE_ITO[1], GREY]),
                        legend=key),
        tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("leader:N", title="Ahead"),
                 alt.Tooltip("start:Q", title="from weight", format=".1%"), alt.Tooltip("end:Q", title="to weight", format=".1%")],
    )
    ticks = alt.Chart(segments.drop_duplicates("label")).mark_tick(color="black", thickness=3, size=ROW).encode(
        x=alt.X("current_weight:Q", title="Weight of the criterion (others rescaled in proportion)",
                axis=None if is_tall else value_axis("Weight of the criterion (others rescaled in proportion)", format="%")),
        y=alt.Y("label:N", title="Criterion", sort=order),
        tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("current_weight:Q", title="Current weight", format=".1%")],
    )
    layers = [bars, ticks, other_end(x, orient="top", data=segments)] if is_tall else [bars, ticks]
    chart = alt.layer(*layers).properties(title=_title(title, "black tick: current weight; a colour change is a flip point"),
                                          height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def acceptability_heatmap(long: pd.DataFrame, title: str = "How likely each option is to take each rank",
                          max_rank: int | None = None) -> alt.Chart | alt.LayerChart:
    """Rank acceptability: option x rank, colour = probability. `long`: title, rank, probability, expected_rank.

    The colour scale runs from 0 to the largest probability shown, on a square-root scale: most cells
    hold a few per cent, and a 0-1 linear ramp would draw them all the same dark colour.
    """
    data = canonical(long if max_rank is None else long[long["rank"] <= max_rank])  # spec independent of row order
    top = float(data["probability"].max()) if len(data) else 1.0
    order = (canonical(long).drop_duplicates("title").sort_values("expected_rank", kind="stable")["title"].tolist())
    height = option_rows(order)
    is_tall = tall(order, height)  # taller than a screen: the key on top, the ranks at both ends
    x = alt.X("rank:O", title="Rank", axis=alt.Axis(labelAngle=0, orient="top", labelOverlap=True))  # 15 ranks on a phone: every other
    y = alt.Y("title:N", title="Option (by expected rank)", sort=order, axis=wrapped_row_axis())
    cells = alt.Chart(alt.Undefined if is_tall else data).mark_rect().encode(
        x=x, y=y,
        color=alt.Color("probability:Q", title="Probability", legend=key_legend(is_tall, direction="horizontal", format="%"),
                        scale=alt.Scale(scheme=RAMP, type="sqrt", domain=[0, max(top, 1e-9)])),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("rank:O", title="Rank"),
                 alt.Tooltip("probability:Q", title="Probability", format=".1%"),
                 alt.Tooltip("expected_rank:Q", title="Expected rank", format=".1f")],
    )
    chart = alt.layer(cells, other_end(x, orient="bottom"), data=data).resolve_axis(x="independent") if is_tall else cells
    return chart.properties(title=_title(title, "share of sampled weights (and scores) giving the option that rank"),
                            height=height)


def scenario_rank_heatmap(long: pd.DataFrame, title: str = "Rank under each scenario",
                          scenarios: Sequence[str] | None = None) -> alt.LayerChart:
    """Option x scenario, colour = rank (1 brightest), with the rank written in each cell.

    `long`: title, scenario, label, rank, score (as ScenarioAnalysis.long_ranks()). Columns in the order of
    `scenarios` (labels; default: the baseline first, then by label); rows by the baseline's rank. The same
    rows in any order give the same spec.
    """
    long = canonical(long)
    labels = list(scenarios) if scenarios is not None else sorted(
        long["label"].unique(),
        key=lambda lab: (not (long.loc[long["label"] == lab, "scenario"] == "baseline").any(), natural_key(lab)))
    base_rank = long[long["scenario"] == "baseline"] if (long["scenario"] == "baseline").any() else long
    order = base_rank.sort_values(["rank", "title"], kind="stable", key=lambda col: natural_series_key(col) if col.name == "title"
                                  else col)["title"].drop_duplicates().tolist()  # ties: titles in natural order
    height = option_rows(order)
    is_tall = tall(order, height)  # taller than a screen: the rank key on top, the scenario names at both ends
    x = alt.X("label:N", title="Scenario", sort=labels, axis=column_axis("top"))  # every name whole, written upwards
    y = alt.Y("title:N", title="Option (by current rank)", sort=order, axis=wrapped_row_axis())
    tooltip = [alt.Tooltip("title:N", title="Option"), alt.Tooltip("label:N", title="Scenario"),
               alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("score:Q", title="Score", format=".4f")]
    top = float(long["rank"].max()) if len(long) else 1.0
    cells = alt.Chart().mark_rect().encode(x=x, y=y, tooltip=tooltip, color=alt.Color(
        "rank:Q", title="Rank", scale=rank_scale(top), legend=key_legend(is_tall, direction="horizontal")))
    text = alt.Chart().mark_text(fontSize=10).encode(
        x=alt.X("label:N", sort=labels, axis=None) if is_tall else x, y=y, tooltip=tooltip,  # apart: one axis each
        text=alt.Text("rank:Q"), color=rank_text_colour(top))
    layers = [cells, text, other_end(x, orient="bottom", title=None)] if is_tall else [cells, text]
    chart = alt.layer(*layers, data=long).properties(
        title=_title(title, "1 = best, brightest; the first column is today's weights and scores"), height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def regret_chart(regret: pd.DataFrame, scenario_ids: Sequence[str], labels: Sequence[str] | None = None,
                 top: int = 15, title: str = "Worst-case regret across scenarios") -> alt.Chart | alt.LayerChart:
    """Bars of each option's largest regret (smallest first), the minimax-regret choice highlighted.

    `regret`: title, max_regret, worst_scenario, minimax and one column per scenario id.
    """
    data = regret.sort_values("max_regret", kind="stable").head(top).copy()
    names = dict(zip(scenario_ids, labels or scenario_ids))
    data["worst"] = data["worst_scenario"].map(names).fillna(data["worst_scenario"])
    data["choice"] = data["minimax"].map({True: "minimax-regret choice", False: "other option"})
    tips = [alt.Tooltip("title:N", title="Option"), alt.Tooltip("max_regret:Q", title="Worst regret", format=".4f"),
            alt.Tooltip("worst:N", title="in scenario")]
    for k, sid in enumerate(scenario_ids):
        col = f"regret_{k}"
        data[col] = data[sid]
        tips.append(alt.Tooltip(f"{col}:Q", title=f"Regret: {names[sid]}", format=".4f"))
    height = option_rows(data["title"])
    is_tall = tall(data["title"], height)  # 15 four-line titles: the key on top, the scale at both ends
    x = alt.X("max_regret:Q", title="Largest shortfall from the best (score units)",
              axis=value_axis("Largest shortfall from the best (score units)"))
    y = alt.Y("title:N", title="Option", sort=data["title"].tolist(), axis=LABELS)
    bars = alt.Chart(alt.Undefined if is_tall else data).mark_bar().encode(
        x=x, y=y,
        color=alt.Color("choice:N", title="", scale=alt.Scale(domain=["minimax-regret choice", "other option"],
                                                              range=[OKABE_ITO[1], OKABE_ITO[0]]), legend=key_legend(is_tall)),
        tooltip=tips,
    )
    chart = alt.layer(bars, other_end(x, y, orient="top"), data=data).resolve_axis(x="independent") if is_tall else bars
    return chart.properties(title=_title(title, "shorter is more robust; regret = best score in a scenario minus the option's"),
                            height=height)
