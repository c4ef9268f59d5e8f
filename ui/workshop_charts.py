"""Altair charts for workshop mode: plain functions from tables to `alt.Chart`, no Streamlit.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); every chart has a title, axis titles and tooltips. Participant labels are data,
never markup: Vega renders them as text.
"""
from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ui.chart_style import (SHARE_STEPS, canonical, drawn_apart, other_end, tall, round_scale, criterion_axis, criterion_rows, key_legend, legend,
                            name_axis, name_rows, natural, option_rows, rank_scale, rank_text_colour, title as wrapped_title,
                            value_axis, wrap, wrapped_name, wrapped_row_axis)

# Okabe & Ito (2008), "Color Universal Design": safe for protanopia, deuteranopia and tritanopia.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = OKABE_ITO[:6]
SEQUENTIAL = "blues"  # single-hue ramps read in every colour-vision type
PARTICIPANT_NAME_PX = 500  # a rotated participant name is never cut (40 CJK characters at 12 px: 480 px)
# What a subtitle calls each colour, so the words and the marks cannot drift apart: Okabe & Ito's
# "vermillion" (#D55E00, hue 26 degrees) reads as orange on a screen, not red (a subtitle said "red tick").
COLOUR_WORDS = {BLUE: "blue", ORANGE: "amber", GREEN: "green", PINK: "pink", SKY: "light blue",
                VERMILION: "orange", "#000000": "black"}


def share_scale(largest: float, label_room: float = 0.2, most_ticks: int = 5) -> tuple[float, list[float]]:
    """An x domain top and its tick values for shares (0..1) whose largest is `largest`: `chart_style.round_scale`
    in steps of 5, 10, 20 or 25 %, at least `label_room` beyond the largest bar (room for its value label), ticks
    never past 100%."""
    return round_scale(max(float(largest), 0.01), room=label_room, most_ticks=most_ticks, steps=SHARE_STEPS, cap=1.0)


def group_weights_chart(criteria: Sequence[str], labels: Sequence[str], weights: np.ndarray,
                        title: str = "Group weights") -> alt.Chart:
    """One bar per criterion (largest first), each with its weight written beside it; the axis in % (its title
    says so) reaches past the largest bar (`share_scale`), at the top too when the chart is taller than a screen."""
    values = np.asarray(weights, float)
    frame = pd.DataFrame({"criterion": list(criteria), "label": list(labels), "weight": values})
    top, ticks = share_scale(float(values.max()) if len(values) else 0.0)
    axis_title = "Weight (% of the total)"
    x = alt.X("weight:Q", title=axis_title, scale=alt.Scale(domain=[0, top], nice=False),
              axis=value_axis(axis_title, format="%", values=ticks))
    # one explicit order for both layers: sort="-x" sums the stacked bars' x but averages the text's, and Vega-Lite
    # warned in the console that the two layers' sorts conflict
    order = frame.sort_values("weight", ascending=False, kind="stable")["label"].tolist()
    y = alt.Y("label:N", title="Criterion", sort=order, axis=criterion_axis())
    tips = [alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("weight:Q", title="Weight", format=".1%")]
    height = criterion_rows(labels)
    is_tall = tall(labels, height)  # taller than a screen (many criteria): the % scale at the top too
    bars = alt.Chart().mark_bar(color=BLUE).encode(x=x, y=y, tooltip=tips)
    text = alt.Chart().mark_text(align="left", baseline="middle", dx=4, fontSize=13).encode(
        x=alt.X("weight:Q", **drawn_apart(is_tall)), y=alt.Y("label:N", sort=order), text=alt.Text("weight:Q", format=".1%"),
        tooltip=tips)
    layers = [bars, text, other_end(x, orient="top")] if is_tall else [bars, text]
    chart = alt.layer(*layers, data=frame, title=wrapped_title(title)).properties(height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def weight_spread_chart(long: pd.DataFrame, group: pd.DataFrame | None = None,
                        title: str = "How far apart the weights are") -> alt.Chart:
    """Box plot per criterion with every participant as a dot; the group weight as a tick.

    `long`: columns label (criterion label), participant, weight. `group`: label, weight. Taller than a screen
    (many criteria, `chart_style.tall`), the weight scale is drawn at the top and the bottom.
    """
    # the same order as the Group weights chart: largest group weight first (median weight without a group)
    by = group.set_index("label")["weight"] if group is not None and len(group) else long.groupby("label", sort=False)["weight"].median()
    labels = list(long["label"].unique())
    order = sorted(labels, key=lambda lbl: -float(by.get(lbl, 0.0)))  # stable: equal weights keep the data's order
    height = criterion_rows(labels, 14)
    is_tall = tall(labels, height)
    apart = drawn_apart(is_tall)
    base = alt.Chart(long)
    x = alt.X("weight:Q", title="Weight given (% of the total)", axis=value_axis("Weight given (% of the total)", format="%", tickCount=4))
    box = base.mark_boxplot(color=SKY, opacity=0.6, size=20, extent="min-max").encode(
        y=alt.Y("label:N", title="Criterion", sort=order, axis=criterion_axis()), x=x)
    dots = base.mark_circle(size=45, color=BLUE, opacity=0.8).encode(
        y=alt.Y("label:N", title="Criterion", sort=order),
        x=alt.X("weight:Q", **apart),
        yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
        tooltip=[alt.Tooltip("participant:N", title="Participant"), alt.Tooltip("label:N", title="Criterion"),
                 alt.Tooltip("weight:Q", title="Weight", format=".1%")],
    ).transform_calculate(jitter="random() * 1.6 - 0.8")
    layers = [box, dots]
    if group is not None:
        layers.append(alt.Chart(group).mark_tick(color=VERMILION, thickness=3, size=22).encode(
            y=alt.Y("label:N", sort=order), x=alt.X("weight:Q", **apart),
            tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("weight:Q", title="Group weight", format=".1%")],
        ))
    if is_tall:
        layers.append(other_end(x, orient="top", data=long))
    chart = alt.layer(*layers).properties(
        title=wrapped_title(title, f"dots: participants; box: quartiles; {COLOUR_WORDS[VERMILION]} tick: group"), height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def rank_range_chart(frame: pd.DataFrame, title: str = "Each option's rank across participants") -> alt.Chart:
    """`frame`: title, group_rank, best, median, worst (sorted by group rank)."""
    order = frame.sort_values("group_rank")["title"].tolist()
    base = alt.Chart()
    y = alt.Y("title:N", title="Option", sort=order, axis=wrapped_row_axis())
    tips = [alt.Tooltip("title:N", title="Option"), alt.Tooltip("group_rank:Q", title="Group rank"),
            alt.Tooltip("best:Q", title="Best rank"), alt.Tooltip("median:Q", title="Median rank"),
            alt.Tooltip("worst:Q", title="Worst rank")]
    n = max(len(frame), 2)
    rows = option_rows(order)
    # try4: the axis ran 0-65 for 61 options, and the group tick was as tall as its row, so the ticks of
    # neighbouring rows joined into a staircase: ranks run 1..n, the tick takes 60% of its row
    scale = alt.Scale(domain=[1, n], nice=False, zero=False)
    x = alt.X("best:Q", title="Rank (1 = best)", scale=scale,
              axis=value_axis("Rank (1 = best)", values=rank_ticks(n), format="d", orient="top"))
    rule = base.mark_rule(color=SKY, strokeWidth=4).encode(y=y, x=x, x2=alt.X2("worst:Q"), tooltip=tips)
    is_tall = tall(order, rows)  # taller than a screen: the rank scale at the bottom too
    drawn_apart = {"axis": None} if is_tall else {}  # axes resolved apart: only the rule's and its copy drawn
    med = base.mark_point(color=BLUE, filled=True, size=50).encode(y=y, x=alt.X("median:Q", **drawn_apart), tooltip=tips)
    grp = base.mark_tick(color=VERMILION, thickness=2, size=tick_px(rows.step)).encode(
        y=y, x=alt.X("group_rank:Q", **drawn_apart), tooltip=tips)
    layers = [rule, med, grp, other_end(x, orient="bottom")] if is_tall else [rule, med, grp]
    chart = alt.layer(*layers, data=frame).properties(
        title=wrapped_title(title, f"bar: best to worst; dot: median; {COLOUR_WORDS[VERMILION]} tick: group rank"),
        height=rows)
    return chart.resolve_axis(x="independent") if is_tall else chart


def tick_px(row_px: float) -> int:
    """A tick's length on a row `row_px` tall: 60% of it (at least 6 px), so ticks of neighbouring rows stay apart."""
    return max(6, int(round(0.6 * row_px)))


def rank_ticks(n: int, most: int = 7) -> list[int]:
    """Rank axis ticks for ranks 1..n: 1, round steps (1, 2, 5, 10, 20, 25, 50, ...) and n, no two closer than half
    a step (61 options: 1, 10, 20, 30, 40, 50, 61)."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10 ** 9) if n / s <= most)
    inner = [k for k in range(step, n, step) if k - 1 >= step / 2 and n - k >= step / 2]
    return [1, *inner, n] if n > 1 else [1]


RANK_FONT_PX = 12  # a cell's rank at the axis labels' size where its column is RANK_FONT_COLUMN px wide or more
RANK_FONT_COLUMN = 17  # px: "61" at 12 px is ~13.5 px wide, with a pixel or two of the cell's colour either side
RANK_SMALL_FONT_PX = 10  # ... at 10 px in narrower columns, down to RANK_SMALL_COLUMN px
RANK_SMALL_COLUMN = 13  # px: "61" at 10 px is ~11 px; narrower than this the rank is not written (hover the cell)


def participant_ranks_chart(long: pd.DataFrame, order: Sequence[str],
                            title: str = "Each participant's ranking", participants: Sequence[str] | None = None) -> alt.Chart:
    """Heat map: one row per participant (in `participants` order, default the natural order of the names), one
    column per option in the group's order (`order`: titles, the group's top first; a column is named by its
    place in that order, the option's title is in every cell's tooltip); the brighter the cell, the better that
    participant ranks the option (`chart_style.rank_scale`, as every rank heatmap).

    `long`: participant, title, rank. Participants are rows so that any number of them is named, each name whole
    (`chart_style.name_axis`): the chart grows down, 3 or 200 (as participant columns, 100 names could not be
    written in a 900 px column: 25 were). Each cell writes the participant's rank at 12 px where its column is at
    least RANK_FONT_COLUMN px wide, at 10 px down to RANK_SMALL_COLUMN px, and not at all in narrower columns
    (61 options in a 900 px column: ~11 px each) - decided in the browser from the column's width; the subtitle
    says so and the tooltip always has it. Taller than a screen (`chart_style.tall`), the key is above the first
    row and the column numbers at the top and the bottom. The same rows in any order give the same spec."""
    people = list(participants) if participants is not None else natural(long["participant"])
    order = list(order)
    place = {t: i + 1 for i, t in enumerate(order)}
    lines = {p: wrapped_name(p) for p in dict.fromkeys([*people, *long["participant"]])}  # once per name, not per
    # cell: 100 participants x 61 options wrapped 6,100 names (~30 ms of each new answer's redraw; issue 12, room9)
    data = canonical(long.assign(row=long["participant"].map(lines),
                                 column=long["title"].map(place).fillna(len(order) + 1).astype(int)))
    rows = [lines[p] for p in people]
    height = name_rows(people)
    is_tall = tall(rows, height)
    worst = float(data["rank"].max()) if len(data) else 1.0
    columns = list(range(1, len(order) + 1))
    axis_title = "Option, in the group's order (1 = the group's top option)"
    x = alt.X("column:O", title=axis_title, sort=columns,
              axis=alt.Axis(orient="top", labelAngle=0, labelOverlap=True, labelFontSize=11, title=wrap(axis_title, 30),
                            titleAnchor="end", labelPadding=4))  # ends at the plot's right edge: inside a phone
    # the axis title over the names (not turned up beside them): the columns keep its ~30 px
    y = alt.Y("row:N", title="Participant", sort=rows,
              axis=name_axis(titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=-6, titleY=-4))
    tips = [alt.Tooltip("participant:N", title="Participant"), alt.Tooltip("title:N", title="Option"),
            alt.Tooltip("rank:Q", title="Their rank"), alt.Tooltip("column:O", title="Group's rank")]
    heat = alt.Chart().mark_rect().encode(
        x=x, y=y,
        color=alt.Color("rank:Q", title="Their rank (1 = best)", scale=rank_scale(worst),
                        legend=key_legend(is_tall, direction="horizontal")),
        tooltip=tips)
    fits = f"bandwidth('x') >= {RANK_SMALL_COLUMN}"
    text = alt.Chart().mark_text(
        fontSize=alt.ExprRef(expr=f"bandwidth('x') >= {RANK_FONT_COLUMN} ? {RANK_FONT_PX} : {RANK_SMALL_FONT_PX}"),
        opacity=alt.ExprRef(expr=f"{fits} ? 1 : 0")).encode(
        x=alt.X("column:O", sort=columns, axis=None) if is_tall else x,  # axes drawn apart: none here
        y=alt.Y("row:N", sort=rows), text=alt.Text("rank:Q", format="d"), color=rank_text_colour(worst), tooltip=tips)
    layers: list[alt.Chart] = [heat, text]
    if is_tall:
        layers.append(other_end(x, orient="bottom"))
    subtitle = ("each cell: the participant's rank for that option (brighter = better), written where the columns are "
                "wide enough; hover a cell for it and the option's title")
    chart = alt.layer(*layers, data=data, title=wrapped_title(title, subtitle)).properties(height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def acceptability_chart(long: pd.DataFrame, order: Sequence[str], max_rank: int = 5,
                        title: str = "Rank acceptability over the room") -> alt.Chart:
    """Stacked share of the room placing each option at ranks 1..max_rank. `long`: title, rank, share."""
    data = long[long["rank"] <= max_rank].copy()
    data["rank_label"] = "rank " + data["rank"].astype(int).astype(str)
    labels = [f"rank {r}" for r in range(1, max_rank + 1)]
    x = alt.X("share:Q", title="Share of the room", axis=value_axis("Share of the room", format="%", orient="top"),
              scale=alt.Scale(domain=[0, 1]))
    is_tall = tall(order, option_rows(order))  # taller than a screen: the share scale at the bottom too
    chart = alt.Chart(alt.Undefined if is_tall else data).mark_bar().encode(
        x=x,
        y=alt.Y("title:N", title="Option", sort=list(order), axis=wrapped_row_axis()),
        color=alt.Color("rank_label:N", title="Placed at", sort=labels, legend=legend(orient="top"),
                        scale=alt.Scale(domain=labels, range=OKABE_ITO[:max_rank])),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("title:N", title="Option"), alt.Tooltip("rank_label:N", title="Rank"),
                 alt.Tooltip("share:Q", title="Share of the room", format=".0%")],
    )
    if is_tall:
        chart = alt.layer(chart, other_end(x, orient="bottom"), data=data).resolve_axis(x="independent")
    return chart.properties(title=wrapped_title(title, f"each participant's weights rank the options once (no random draws); ranks 1 to {max_rank}"),
                            height=option_rows(order))


def drivers_chart(frame: pd.DataFrame, title: str = "What drives disagreement") -> alt.Chart:
    """`frame`: label, rank_changes, top_changes (bool), spread; rows drawn in the frame's order, top to bottom.
    Taller than a screen (many criteria), the key is above the first bar and the count scale at both ends.

    Give it `RoomResult.drivers` as it comes (top option changes first, then most rank changes, then widest
    spread: `scoring.group.disagreement_drivers`), the order of the drivers table beside it. (The chart sorted
    by rank changes alone, so a criterion that changes the top option could sit below one that does not.)
    """
    data = frame.assign(top=np.where(frame["top_changes"], "top option changes", "top option stays"))
    # the axis runs to a round count past the longest bar, a readable number of ticks (as the group weights')
    top, ticks = round_scale(float(data["rank_changes"].max()) if len(data) else 0.0, most_ticks=7)
    height = criterion_rows(data["label"])
    is_tall = tall(data["label"], height)  # taller than a screen (many criteria): key on top, the scale at both ends
    x = alt.X("rank_changes:Q", title="Options that change rank", scale=alt.Scale(domain=[0, top], nice=False),
              axis=value_axis("Options that change rank", format="d", values=ticks))
    chart = alt.Chart(alt.Undefined if is_tall else data).mark_bar().encode(
        x=x,
        y=alt.Y("label:N", title="Criterion", sort=list(dict.fromkeys(data["label"])), axis=criterion_axis()),
        color=alt.Color("top:N", title="", scale=alt.Scale(domain=["top option changes", "top option stays"],
                                                           range=[VERMILION, SKY]), legend=key_legend(is_tall)),
        tooltip=[alt.Tooltip("label:N", title="Criterion"), alt.Tooltip("spread:Q", title="10-90% spread", format=".1%"),
                 alt.Tooltip("rank_changes:Q", title="Rank changes"), alt.Tooltip("top:N", title="Top option")],
    )
    if is_tall:
        chart = alt.layer(chart, other_end(x, orient="top"), data=data).resolve_axis(x="independent")
    return chart.properties(title=wrapped_title(title, "when the group weight of a criterion moves to its 10th or 90th "
                                                       "percentile among participants"), height=height)


def flip_chart(frame: pd.DataFrame, title: str = "Distance to the group's top option") -> alt.Chart:
    """`frame`: participant, weight_moved (share of total weight to move), already_top.

    A bar per participant and a dot at its end, so a participant at 0% (already their top) still shows a mark.
    Taller than a screen (many participants, `chart_style.tall`), the key is above the first row and the share
    scale at the top and the bottom.
    """
    data = frame.assign(status=np.where(frame["already_top"], "already their top", "would have to move"),
                        row=[wrapped_name(p) for p in frame["participant"]])  # the name in lines: drawn whole
    order = data.sort_values("weight_moved", ascending=False, kind="stable")["row"].tolist()
    y = alt.Y("row:N", title="Participant", sort=order, axis=name_axis())
    height = name_rows(data["participant"])
    is_tall = tall(order, height)  # taller than a screen (many participants): key on top, the scale at both ends
    colour = alt.Color("status:N", title="", scale=alt.Scale(domain=["already their top", "would have to move"],
                                                            range=[GREEN, ORANGE]), legend=key_legend(is_tall))
    tips = [alt.Tooltip("participant:N", title="Participant"), alt.Tooltip("weight_moved:Q", title="Weight to move", format=".1%"),
            alt.Tooltip("status:N", title="Status")]
    base = alt.Chart()
    x = alt.X("weight_moved:Q", title="Share of their weight to move toward the group",
              axis=value_axis("Share of their weight to move toward the group", format=".0%", tickCount=4),
              # all at 0% (everyone's top is the group's): a 0-0 domain printed "0.000000%"; keep a 0-10% axis
              scale=alt.Scale(domainMin=0, domainMax=max(0.1, float(data["weight_moved"].max() or 0))))
    bars = base.mark_bar(height=12).encode(x=x, y=y, color=colour, tooltip=tips)
    dots = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=alt.X("weight_moved:Q", **drawn_apart(is_tall)), y=y, color=colour, tooltip=tips)
    layers = [bars, dots, other_end(x, orient="top")] if is_tall else [bars, dots]
    chart = alt.layer(*layers, data=data).properties(
        title=wrapped_title(title, "dot: where each participant is; at 0% their top is already the group's"),
        height=height)
    return chart.resolve_axis(x="independent") if is_tall else chart


def rounds_chart(frame: pd.DataFrame, title: str = "Agreement per round") -> alt.Chart:
    """`frame`: round, kendall_w, submitted."""
    return alt.Chart(frame, title=wrapped_title(title)).mark_bar(color=BLUE).encode(
        x=alt.X("round:O", title="Round", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("kendall_w:Q", title="Kendall's W (0 = no agreement, 1 = full)", scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("round:O", title="Round"), alt.Tooltip("kendall_w:Q", title="Kendall's W", format=".3f"),
                 alt.Tooltip("submitted:Q", title="Answers")],
    )
