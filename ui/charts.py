"""Altair chart builders for the dashboard: plain functions from frames to charts, testable without a server.

Colours: Paul Tol's 'muted' qualitative scheme (colour-blind safe, nine hues plus grey) for criteria,
Okabe-Ito for two-way contrasts. Every chart has a title, axis titles and tooltips, and stretches
to its container so it fits a phone as well as a projector.
"""
from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#DDDDDD"]
BLUE, ORANGE, GREY = "#0072B2", "#E69F00", "#999999"


def _criterion_scale(labels: Sequence[str]) -> alt.Scale:
    if len(labels) <= len(TOL_MUTED):
        return alt.Scale(domain=list(labels), range=TOL_MUTED[: len(labels)])
    return alt.Scale(domain=list(labels), scheme="tableau20")


def contributions_chart(long: pd.DataFrame, labels: Sequence[str], order: Sequence[str],
                        title: str = "Why each option ranks where it does") -> alt.Chart:
    """Stacked horizontal bars of weighted contributions.

    `long` has columns title, label (criterion label), contribution, score, raw (the option's score on
    the criterion) and reason; `order` lists option titles top to bottom.
    """
    height = max(220, 24 * len(order))
    return alt.Chart(long, title=alt.Title(title, subtitle="Each segment is one criterion's weighted contribution to the score")).mark_bar().encode(
        y=alt.Y("title:N", sort=list(order), title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("sum(contribution):Q", title="Score (sum of weighted contributions)"),
        color=alt.Color("label:N", title="Criterion", scale=_criterion_scale(labels), sort=list(labels),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=220)),
        order=alt.Order("criterion_index:Q"),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("label:N", title="Criterion"),
                 alt.Tooltip("raw:Q", title="Score on scale"), alt.Tooltip("contribution:Q", title="Contribution", format=".3f"),
                 alt.Tooltip("reason:N", title="Why")],
    ).properties(width="container", height=height)


def tradeoff_scatter(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, colour: str | None = None,
                     colour_title: str | None = None, title: str = "Trade-off between two criteria") -> alt.LayerChart:
    """Options on two criteria; non-dominated ones (column `pareto`) drawn larger and joined by a line.

    `frame` has title, theme, the x and y columns (raw scores), `pareto` (bool) and optionally `colour`.
    Points are jittered nowhere: overlapping options share a mark, and the tooltip lists one of them,
    so the count per position is given in `n_here`.
    """
    base = alt.Chart()  # data goes on the layer: hoisting it from each layer costs a DataFrame repr each
    tooltip = [alt.Tooltip("title:N", title="Option"), alt.Tooltip(f"{x}:Q", title=x_title),
               alt.Tooltip(f"{y}:Q", title=y_title), alt.Tooltip("theme:N", title="Theme"),
               alt.Tooltip("n_here:Q", title="Options at this point")]
    colour_enc = (alt.Color(f"{colour}:Q", title=colour_title, scale=alt.Scale(scheme="viridis"))
                  if colour else alt.ColorValue(BLUE))
    if colour:
        tooltip.append(alt.Tooltip(f"{colour}:Q", title=colour_title))
    points = base.mark_circle(opacity=0.8, stroke="black").encode(
        x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(zero=False, padding=12)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False, padding=12)),
        size=alt.Size("pareto:N", title="Non-dominated", scale=alt.Scale(domain=[False, True], range=[60, 220])),
        strokeWidth=alt.StrokeWidthValue(0, condition={"test": "datum.pareto", "value": 2}),
        color=colour_enc, tooltip=tooltip)
    front = base.transform_filter("datum.pareto").mark_line(color=ORANGE, strokeDash=[4, 3]).encode(
        x=alt.X(f"{x}:Q"), y=alt.Y(f"{y}:Q"), order=alt.Order(f"{x}:Q"))
    return alt.layer(front, points, data=frame).properties(
        title=alt.Title(title, subtitle="Larger, outlined points are not beaten on both criteria by any other option"),
        width="container", height=380)


def value_for_money_chart(frame: pd.DataFrame, title: str = "What buys most for least") -> alt.LayerChart:
    """Benefit against cost, efficient options joined by the Pareto line (frame from scoring.compare.value_for_money)."""
    base = alt.Chart()  # data goes on the layer: hoisting it from each layer costs a DataFrame repr each
    points = base.mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("cost:Q", title="Cost (weighted cost criteria, 0 = cheapest end of the scale)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("benefit:Q", title="Benefit (weighted benefit criteria, 0-1)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("efficient:N", title="Efficient", scale=alt.Scale(domain=[True, False], range=[ORANGE, GREY])),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("benefit:Q", format=".2f", title="Benefit"),
                 alt.Tooltip("cost:Q", format=".2f", title="Cost"), alt.Tooltip("efficient:N", title="Efficient")])
    line = base.transform_filter("datum.efficient").mark_line(color=ORANGE).encode(
        x=alt.X("cost:Q"), y=alt.Y("benefit:Q"), order=alt.Order("cost:Q"))
    return alt.layer(line, points, data=frame).properties(
        title=alt.Title(title, subtitle="Up and to the left is better; the line joins options nothing beats on both"),
        width="container", height=380)


def head_to_head_chart(long: pd.DataFrame, labels: Sequence[str], title: str) -> alt.Chart:
    """Per-criterion contributions of two options side by side (columns label, option, contribution, reason)."""
    return alt.Chart(long, title=alt.Title(title, subtitle="Weighted contribution of each criterion (weighted sum)")).mark_bar().encode(
        y=alt.Y("label:N", sort=list(labels), title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("option:N"),
        x=alt.X("contribution:Q", title="Weighted contribution"),
        color=alt.Color("option:N", title="Option", scale=alt.Scale(range=[BLUE, ORANGE]), legend=alt.Legend(orient="bottom", labelLimit=300)),
        tooltip=[alt.Tooltip("option:N", title="Option"), alt.Tooltip("label:N", title="Criterion"),
                 alt.Tooltip("raw:Q", title="Score on scale"), alt.Tooltip("contribution:Q", format=".3f", title="Contribution"),
                 alt.Tooltip("reason:N", title="Why")],
    ).properties(width="container", height=max(240, 44 * len(labels)))


def method_ranks_chart(long: pd.DataFrame, order: Sequence[str], title: str = "Rank under each method") -> alt.LayerChart:
    """Heatmap of rank per option (rows) and method (columns); columns title, method, rank."""
    base = alt.Chart()
    heat = base.mark_rect().encode(
        x=alt.X("method:N", title="Method", sort=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("title:N", title=None, sort=list(order), axis=alt.Axis(labelLimit=240)),
        color=alt.Color("rank:Q", title="Rank", scale=alt.Scale(scheme="viridis", reverse=False)),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("method:N", title="Method"), alt.Tooltip("rank:Q", title="Rank")])
    text = base.mark_text(fontSize=10).encode(
        x=alt.X("method:N", sort=None), y=alt.Y("title:N", sort=list(order)), text=alt.Text("rank:Q"),
        color=alt.ColorValue("white", condition={"test": "datum.rank > 20", "value": "black"}))
    return alt.layer(heat, text, data=long).properties(title=alt.Title(title, subtitle="Same weights, five aggregation rules"),
                                            width="container", height=max(240, 18 * len(order)))


def tau_heatmap(long: pd.DataFrame, title: str = "How much the methods agree (Kendall's tau)") -> alt.LayerChart:
    """Method x method Kendall tau; columns a, b, tau."""
    base = alt.Chart()
    heat = base.mark_rect().encode(
        x=alt.X("a:N", title="Method", sort=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("b:N", title="Method", sort=None),
        color=alt.Color("tau:Q", title="Kendall's tau", scale=alt.Scale(scheme="blueorange", domain=[-1, 1])),
        tooltip=[alt.Tooltip("a:N", title="Method"), alt.Tooltip("b:N", title="Against"), alt.Tooltip("tau:Q", format=".2f", title="tau")])
    text = base.mark_text().encode(x=alt.X("a:N", sort=None), y=alt.Y("b:N", sort=None), text=alt.Text("tau:Q", format=".2f"))
    return alt.layer(heat, text, data=long).properties(title=alt.Title(title, subtitle="1 = identical order, 0 = unrelated, -1 = reversed"),
                                            width="container", height=260)


def weights_chart(frame: pd.DataFrame, title: str = "Weights in use") -> alt.Chart:
    """Normalized weights as percentages; columns label, weight."""
    return alt.Chart(frame, title=title).mark_bar(color=BLUE).encode(
        x=alt.X("weight:Q", title="Share of the weight", axis=alt.Axis(format="%")),
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("weight:Q", format=".1%", title="Weight")],
    ).properties(width="container", height=max(160, 24 * len(frame)))
