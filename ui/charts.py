"""Altair chart builders for the dashboard: plain functions from frames to charts, testable without a server.

Colours: Paul Tol's 'muted' qualitative scheme (colour-blind safe, nine hues plus grey) for criteria,
Okabe-Ito for two-way contrasts. Every chart has a title, axis titles and tooltips, and stretches
to its container so it fits a phone as well as a projector.
"""
from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

from scoring.order import natural
from ui.chart_style import (canonical, criterion_axis, criterion_rows, key_legend, legend, option_rows, other_end,
                            plot, rank_scale, rank_text_colour, ROW, row_axis, rows_height, tall, title as chart_title,
                            value_axis, wrapped_legend, wrapped_row_axis)

TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#DDDDDD"]
BLUE, ORANGE, GREY = "#0072B2", "#E69F00", "#999999"
PLOT_HEIGHT = 380  # px of a scatter's plot area (title, axes and legend come on top): a 1-5 scale gets ~85 px a step


def _criterion_scale(labels: Sequence[str]) -> alt.Scale:
    if len(labels) <= len(TOL_MUTED):
        return alt.Scale(domain=list(labels), range=TOL_MUTED[: len(labels)])
    return alt.Scale(domain=list(labels), scheme="tableau20")


CONTRIBUTIONS_TITLE = "Why each option ranks where it does"
SCORE_AXIS = "Score (sum of contributions)"


def contributions_texts(method_label: str, additive: bool) -> tuple[str, str]:
    """(subtitle, x-axis title) of the contributions chart under a method: under one that does not add up per
    criterion (TOPSIS, VIKOR, ...) the bars are the weighted sum's, drawn in that method's order, and say so."""
    if additive:
        return f"{method_label}: each segment is one criterion's weighted contribution to the score", SCORE_AXIS
    return (f"Weighted-sum contributions, in {method_label}'s order (the table's): bar length is not the "
            f"{method_label} score, so a better-ranked option can have a shorter bar",
            f"Weighted-sum score (not the {method_label} score)")


def contributions_chart(long: pd.DataFrame, labels: Sequence[str], order: Sequence[str],
                        title: str = CONTRIBUTIONS_TITLE,
                        subtitle: str = "Each segment is one criterion's weighted contribution to the score",
                        x_title: str = SCORE_AXIS) -> alt.Chart | alt.LayerChart:
    """Stacked horizontal bars of weighted contributions, one row per option (height grows with the rows).

    `long` has columns title, label (criterion label), criterion_index, contribution, score, raw (the
    option's score on the criterion) and optionally reason (shown as "Why" in the tooltip); `order` lists
    option titles top to bottom (the table's order). `subtitle`, `x_title`: see `contributions_texts`.
    Taller than a screen (`chart_style.tall`), the criterion key is above the bars and the score axis is drawn
    at the top and the bottom.
    """
    # rows sorted by a field, not a list in the spec: the spec stays the same while the weights change
    position = {t: i for i, t in enumerate(order)}
    why = [alt.Tooltip("reason:N", title="Why")] if "reason" in long.columns else []
    # only the columns the chart reads, repeated strings as categories (one dictionary in Arrow): the data is
    # resent on every weight change, 1,800 rows for 200 options
    long = long[["title", "label", "criterion_index", "contribution", "raw", *(["reason"] if why else [])]].assign(
        row=long["title"].map(position).fillna(len(position)).to_numpy(),
        title=long["title"].astype("category"), label=long["label"].astype("category"))
    height = option_rows(long["title"].cat.categories)
    is_tall = tall(long["title"].cat.categories, height)
    y = alt.Y("title:N", sort=alt.EncodingSortField("row", op="min"), title=None, axis=wrapped_row_axis())
    x = alt.X("sum(contribution):Q", title=x_title, axis=value_axis(x_title))
    legend_, _ = wrapped_legend(labels, 20, **({"orient": "top"} if is_tall else {}))  # criteria whole, beside the option labels on a phone
    bars = alt.Chart(alt.Undefined if is_tall else long).mark_bar().encode(
        y=y, x=x,
        color=alt.Color("label:N", title="Criterion", scale=_criterion_scale(labels), sort=list(labels), legend=legend_),
        order=alt.Order("criterion_index:Q"),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("label:N", title="Criterion"),
                 alt.Tooltip("raw:Q", title="Score on scale"), alt.Tooltip("contribution:Q", title="Contribution", format=".3f"),
                 *why],
    )
    if not is_tall:
        return bars.properties(title=chart_title(title, subtitle), width="container", height=height)
    return alt.layer(bars, other_end(x, y, orient="top"), data=long, title=chart_title(title, subtitle)).properties(
        width="container", height=height).resolve_axis(x="independent")


def _ticks(domain: tuple[float, float] | None) -> dict:
    """Integer ticks on an integer scale (1-5: 1, 2, 3, 4, 5), never 1.5."""
    if domain and float(domain[0]).is_integer() and float(domain[1]).is_integer() and 0 < domain[1] - domain[0] <= 20:
        return {"values": list(range(int(domain[0]), int(domain[1]) + 1)), "format": "d"}
    return {"tickMinStep": 1, "format": "~g"}


def tradeoff_scatter(points: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, colour: str | None = None,
                     colour_title: str | None = None, title: str = "Trade-off between two criteria",
                     x_domain: tuple[float, float] | None = None, y_domain: tuple[float, float] | None = None) -> alt.LayerChart:
    """Options on two criteria, one mark per position: its size is how many options share it.

    `points` is `frames.scatter_points(...)`: the x and y columns, n (options at the position), names
    (all their titles), front ("not beaten on both" / "beaten on both"), and optionally `colour` (mean).
    Non-dominated positions are outlined and joined by a dashed line. Integer ticks on integer scales
    (`x_domain`, `y_domain`: the criteria's declared scales).
    """
    base = alt.Chart()  # data goes on the layer: hoisting it from each layer costs a DataFrame repr each
    tooltip = [alt.Tooltip("n:Q", title="Options here"), alt.Tooltip("names:N", title="Which"),
               alt.Tooltip(f"{x}:Q", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title),
               alt.Tooltip("front:N", title="On both criteria")]
    fronts = ["not beaten on both", "beaten on both"]
    colour_enc = (alt.Color(f"{colour}:Q", title=colour_title, scale=alt.Scale(scheme="viridis"),
                            legend=legend(direction="horizontal"))
                  if colour else alt.Color("front:N", title="On both criteria", scale=alt.Scale(domain=fronts, range=[ORANGE, BLUE]),
                                           legend=legend()))
    if colour:
        tooltip.append(alt.Tooltip(f"{colour}:Q", title=f"{colour_title} (mean)", format=".2f"))
    xs = alt.Scale(zero=False, padding=16, **({"domain": list(x_domain)} if x_domain else {}))
    ys = alt.Scale(zero=False, padding=16, **({"domain": list(y_domain)} if y_domain else {}))
    points_layer = base.mark_circle(opacity=0.8, stroke="black").encode(
        x=alt.X(f"{x}:Q", title=x_title, scale=xs, axis=alt.Axis(title=x_title, **_ticks(x_domain))),
        y=alt.Y(f"{y}:Q", title=y_title, scale=ys, axis=alt.Axis(title=y_title, **_ticks(y_domain))),
        size=alt.Size("n:Q", title="Options at a point", scale=alt.Scale(range=[60, 700], zero=False), legend=None),
        strokeWidth=alt.StrokeWidth("front:N", scale=alt.Scale(domain=fronts, range=[2.5, 0]), legend=None),
        color=colour_enc, tooltip=tooltip)
    count = base.mark_text(fontSize=11, color="white", fontWeight="bold").encode(
        x=alt.X(f"{x}:Q"), y=alt.Y(f"{y}:Q"), text=alt.Text("n:Q"), tooltip=tooltip).transform_filter("datum.n > 1")
    front = base.transform_filter("datum.pareto").mark_line(color=ORANGE, strokeDash=[4, 3]).encode(
        x=alt.X(f"{x}:Q"), y=alt.Y(f"{y}:Q"), order=alt.Order(f"{x}:Q"))
    return alt.layer(front, points_layer, count, data=points).properties(
        title=chart_title(title, "Outlined points are not beaten on both criteria by any other option; a larger "
                                 "point holds several options, the number says how many (hover for their names)"),
        **plot(PLOT_HEIGHT))


def value_for_money_chart(frame: pd.DataFrame, title: str = "What buys most for least") -> alt.LayerChart:
    """Benefit against cost, efficient options joined by the Pareto line (frame from scoring.compare.value_for_money)."""
    base = alt.Chart()  # data goes on the layer: hoisting it from each layer costs a DataFrame repr each
    kinds = ["efficient", "not efficient"]
    points = base.mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("cost:Q", title="Cost (0 = cheapest end of the scale)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("benefit:Q", title="Benefit (0-1)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("kind:N", title="Value for money", scale=alt.Scale(domain=kinds, range=[ORANGE, GREY]), legend=legend()),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("benefit:Q", format=".2f", title="Benefit"),
                 alt.Tooltip("cost:Q", format=".2f", title="Cost"), alt.Tooltip("kind:N", title="Value for money")])
    line = base.transform_filter("datum.efficient").mark_line(color=ORANGE).encode(
        x=alt.X("cost:Q"), y=alt.Y("benefit:Q"), order=alt.Order("cost:Q"))
    data = frame.assign(kind=["efficient" if e else "not efficient" for e in frame["efficient"]])
    return alt.layer(line, points, data=data).properties(
        title=chart_title(title, "Up and to the left is better; the line joins options nothing beats on both. "
                                 "Cost and benefit are the weighted cost and benefit criteria."),
        **plot(PLOT_HEIGHT))


def head_to_head_chart(long: pd.DataFrame, labels: Sequence[str], title: str) -> alt.Chart | alt.LayerChart:
    """Per-criterion contributions of two options side by side (columns label, option, contribution, reason).

    A row holds one bar per option: Vega-Lite applies a step to each bar (the offset), so the row is options x
    step px; taller than a screen (`chart_style.tall` on that row), the key is on top and the axis at both ends."""
    options = list(dict.fromkeys(long["option"]))
    bars_per_row = max(1, len(options))
    row = max(criterion_rows(labels).step, ROW * bars_per_row)  # px a criterion's row takes, both bars
    is_tall = tall(labels, row)
    x = alt.X("contribution:Q", title="Weighted contribution", axis=value_axis("Weighted contribution"))
    key, _ = wrapped_legend(options, 26, **({"orient": "top"} if is_tall else {}))  # both titles whole
    bars = alt.Chart(alt.Undefined if is_tall else long).mark_bar().encode(
        y=alt.Y("label:N", sort=list(labels), title=None, axis=criterion_axis()),
        yOffset=alt.YOffset("option:N"),
        x=x,
        color=alt.Color("option:N", title="Option", scale=alt.Scale(range=[BLUE, ORANGE]), legend=key),
        tooltip=[alt.Tooltip("option:N", title="Option"), alt.Tooltip("label:N", title="Criterion"),
                 alt.Tooltip("raw:Q", title="Score on scale"), alt.Tooltip("contribution:Q", format=".3f", title="Contribution"),
                 alt.Tooltip("reason:N", title="Why")],
    )
    size = {"width": "container", "height": alt.Step(row / bars_per_row)}  # the step is per bar
    subtitle = "Weighted contribution of each criterion (weighted sum)"
    if not is_tall:
        return bars.properties(title=chart_title(title, subtitle), **size)
    return alt.layer(bars, other_end(x, orient="top"), data=long, title=chart_title(title, subtitle)).properties(
        **size).resolve_axis(x="independent")


def method_ranks_chart(long: pd.DataFrame, order: Sequence[str], title: str = "Rank under each method",
                       methods: Sequence[str] | None = None) -> alt.LayerChart:
    """Heatmap of rank per option (rows, in `order`) and method (columns, in `methods`; default sorted); columns
    title, method, rank. Rank 1 brightest. The subtitle counts the methods drawn; the same rows in any order give
    the same spec."""
    methods = list(methods) if methods is not None else natural(long["method"])
    long = canonical(long)
    top = float(long["rank"].max()) if len(long) else 1.0
    base = alt.Chart()
    x = alt.X("method:N", title=None, sort=methods, axis=alt.Axis(orient="top", labelAngle=40, labelAlign="right", labelOverlap=False, labelLimit=160))
    y = alt.Y("title:N", title=None, sort=list(order), axis=wrapped_row_axis())
    height = option_rows(order)
    is_tall = tall(order, height)  # taller than a screen: the rank key on top, the method names at both ends
    heat = base.mark_rect().encode(
        x=x, y=y, color=alt.Color("rank:Q", title="Rank", scale=rank_scale(top), legend=key_legend(is_tall, direction="horizontal")),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("method:N", title="Method"), alt.Tooltip("rank:Q", title="Rank")])
    text = base.mark_text(fontSize=10).encode(
        x=alt.X("method:N", sort=methods, axis=None) if is_tall else x,  # axes drawn apart: this layer none
        y=alt.Y("title:N", sort=list(order)), text=alt.Text("rank:Q"), color=rank_text_colour(top))
    n = long["method"].nunique()
    layers = [heat, text, other_end(x, labelAngle=-40)] if is_tall else [heat, text]
    chart = alt.layer(*layers, data=long).properties(
        title=chart_title(title, f"Same weights, {n} method{'s' if n != 1 else ''}; 1 = best, brightest"),
        width="container", height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def tau_heatmap(long: pd.DataFrame, title: str = "How much the methods agree (Kendall's tau)",
                methods: Sequence[str] | None = None) -> alt.LayerChart:
    """Method x method Kendall tau; columns a, b, tau; both axes in `methods` order (default sorted). The same
    rows in any order give the same spec."""
    methods = list(methods) if methods is not None else natural(long["a"])
    long = canonical(long)
    base = alt.Chart()
    heat = base.mark_rect().encode(
        x=alt.X("a:N", title=None, sort=methods, axis=alt.Axis(orient="top", labelAngle=40, labelAlign="right", labelOverlap=False, labelLimit=160)),
        y=alt.Y("b:N", title=None, sort=methods, axis=row_axis(160)),
        color=alt.Color("tau:Q", title="Kendall's tau", scale=alt.Scale(scheme="blueorange", domain=[-1, 1]),
                        legend=legend(direction="horizontal")),
        tooltip=[alt.Tooltip("a:N", title="Method"), alt.Tooltip("b:N", title="Against"), alt.Tooltip("tau:Q", format=".2f", title="tau")])
    text = base.mark_text(fontSize=11).encode(x=alt.X("a:N", sort=methods), y=alt.Y("b:N", sort=methods), text=alt.Text("tau:Q", format=".2f"))
    return alt.layer(heat, text, data=long).properties(
        title=chart_title(title, "1 = identical order, 0 = unrelated, -1 = reversed"),
        width="container", height=rows_height(2 * ROW))


def weights_chart(frame: pd.DataFrame, title: str = "Weights in use") -> alt.Chart:
    """Normalized weights as percentages, one row per criterion; columns label, weight. Taller than a screen (many
    criteria, `chart_style.tall`), the share scale is drawn at the top and the bottom."""
    height = criterion_rows(frame["label"])
    is_tall = tall(frame["label"], height)
    x = alt.X("weight:Q", title="Share", axis=value_axis("Share", format="%", tickCount=4))
    bars = alt.Chart(alt.Undefined if is_tall else frame, title=chart_title(title)).mark_bar(color=BLUE).encode(
        x=x,
        y=alt.Y("label:N", title=None, sort="-x", axis=criterion_axis()),
        tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("weight:Q", format=".1%", title="Weight")],
    )
    if is_tall:
        bars = alt.layer(bars, other_end(x, orient="top"), data=frame, title=chart_title(title)).resolve_axis(x="independent")
    return bars.properties(width="container", height=height)
