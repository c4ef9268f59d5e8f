"""Sensitivity view: stability intervals, a weight sweep, and flip points for a pair of options."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from scoring.model import Dataset
from scoring.ranking import rank
from scoring.sensitivity import TOL, default_pair, most_sensitive
from scoring.uncertain import DEFAULT_UNCERTAIN, rank_bounds, uncertain_mask
from ui.analysis_charts import flip_chart, weight_sweep_chart
from ui import show, tables
from scoring.numbers import share, share_percent
from ui.text import pair_key, plural
from ui.views import ViewContext
from ui.views.analysis_common import (KEY, cached_flips, cached_stability, cached_sweep, fingerprint, md, option_names,
                                      shows_problems, weights_key)


@shows_problems
def render_sensitivity(dataset: Dataset, weights: Any, method: str, normalization: str | None) -> None:
    """Stability intervals, a weight sweep for one criterion, and flip points for a pair of options."""
    key, w = fingerprint(dataset), weights_key(weights, dataset)
    names = option_names(dataset)
    if len(dataset.criteria) < 2:
        st.info(f"Sensitivity moves one weight against the others; this data has one criterion "
                f"({md(dataset.criteria.criteria[0].label)}), so every weight gives the same ranking.")
        return
    st.caption("Move one weight at a time, the others rescaled in proportion: how far can it go before the "
               "ranking changes? Exact for the weighted sum and PROMETHEE II; for the other methods found on a grid "
               f"refined to within {tolerance_words(TOL)} of the total weight.")
    stab = cached_stability(key, dataset, w, method, normalization)
    top = stab["top_option"].iloc[0]
    tied = str(stab["top_tie"].iloc[0]).split(" = ")
    leader = (f"*{md(names.get(top, top))}* stays on top" if len(tied) == 1 else
              f"*{md(names.get(top, top))}* stays on top (now tied with {len(tied) - 1} other option"
              f"{'s' if len(tied) > 2 else ''})")
    st.markdown(f"**Stability intervals**: the weight range of each criterion over which "
                f"{leader}, and over which the current top {min(3, len(dataset.ids))} "
                f"keep their order.")
    view = stab[["label", "current_weight", "top_low", "top_high", "order_low", "order_high"]].rename(columns={
        "label": "Criterion", "current_weight": "Current weight", "top_low": "Top stays from", "top_high": "Top stays to",
        "order_low": "Order stays from", "order_high": "Order stays to"})
    pct = {"Current weight": "Weight", "Top stays from": "Top from", "Top stays to": "Top to",
           "Order stays from": "Order from", "Order stays to": "Order to"}  # short headers: four key columns fit a phone
    # numbers, written as the sentences write shares: the grid sorts them as numbers (as text, "10%" came before "9%")
    tables.wrapped(view.assign(**{c: share_percent(view[c]) for c in pct}), {"Criterion": "Criterion"}, width="stretch",
                   key_columns=["Criterion", "Current weight", "Top stays from", "Top stays to"], column_config={
                       c: tables.share_column(label, help=f"{c} (share of the total weight)",
                                              width=tables.label_px(label, "100.0%")) for c, label in pct.items()})
    if len(dataset.ids) < 2:  # nothing to sweep past or flip against: say so instead of refusing the view
        st.info("This data has one option, so it stays on top whatever the weights. The weight sweep and the flip "
                "points compare options with each other and need at least two.")
        return
    # only a real change point counts: an interval end at 0% or 100% is the end of the range (try8 1)
    tight = most_sensitive(stab)
    if tight is None:
        st.info("No single weight changes the top option: each can go anywhere from 0% to 100% of the total weight "
                "(the others rescaled in proportion) and the top stays the same.")
        sweep_default = stab["criterion"].iloc[int(np.argmax(stab["current_weight"].to_numpy(float)))]
    else:
        if len(tied) > 1 and tight["top_room"] <= 0:  # a tie at the top: any move of some weight breaks it (try9 10)
            st.info(f"The top is a tie of {len(tied)} options, so the smallest move of some weights breaks it: "
                    f"{md(tight['label'])}, for one, decides between them as soon as it moves. The table says which "
                    "weights do (a range that starts or ends at the current weight).")
        else:
            st.info(f"The most sensitive weight is {md(tight['label'])}: the top option changes if it moves by "
                    f"{share(tight['top_room'])} of the total weight.")
        sweep_default = tight["criterion"]

    st.markdown("**Weight sweep**")
    labels = dict(zip(stab["criterion"], stab["label"]))
    c1, c2 = st.columns([2, 1])
    criterion = c1.selectbox("Criterion to move", list(labels), index=list(labels).index(sweep_default),
                             format_func=lambda c: labels[c], key=KEY + "sweep_criterion")
    count = c2.slider("Options shown", 2, min(10, len(dataset.ids)), min(6, len(dataset.ids)), key=KEY + "sweep_count") \
        if len(dataset.ids) > 2 else len(dataset.ids)
    a, b = _pair_widgets(dataset, w, method, normalization)
    order = rank(dataset, np.array(w), method, normalization).table["id"].tolist()
    shown = tuple(dict.fromkeys([*order[:count], a, b]))
    frame, cross, current, label, better = cached_sweep(key, dataset, w, method, normalization, criterion, shown)
    show.chart(weight_sweep_chart(frame, current, cross, label=label, higher_is_better=better))
    st.caption(sweep_caption(count, [f"*{md(names[x])}*" for x in shown[count:]], len(cross))
               + "".join(f" Drawn as one line (the same scores at every weight): {', '.join(f'*{md(t)}*' for t in group)}."
                         for group in same_lines(frame)))

    st.markdown("**Flip points** for the chosen pair")
    table, segments = cached_flips(key, dataset, w, method, normalization, a, b)
    title_of = dict(zip(dataset.ids, dataset.titles))
    show.chart(flip_chart(segments, [a, b], titles=[title_of[a], title_of[b]]))
    flips = table[(table["flips"] != "never")]
    never = table[(table["flips"] == "never")]
    lines = [f"- {md(text)}" for text in flips["sentence"]]
    if len(never):
        lines.append(f"- The order never flips, whatever weight these carry: {md(', '.join(never['label']))}")
    st.markdown(pair_key(names[a], names[b]) + "\n\n" + "\n".join(lines))
    view = pd.DataFrame({
        "Criterion": table["label"], "Current weight": share_percent(table["current_weight"]),
        "Flips below at": share_percent(table["flip_below"]), "Flips above at": share_percent(table["flip_above"]),
    })  # the sentences are listed in full above, not cut in a cell; numbers, so the columns sort as numbers
    never = {"Flips below at": " (empty: never, however low it goes)", "Flips above at": " (empty: never, however high it goes)"}
    tables.wrapped(view, {"Criterion": "Criterion"}, width="stretch",  # the current weight is in the table above
                   key_columns=["Criterion", "Flips below at", "Flips above at"], column_config={
                       c: tables.share_column(label, width=tables.label_px(label, "100.0%"), help=c + never.get(c, ""))
                       for c, label in {"Flips below at": "Flips below", "Flips above at": "Flips above",
                                        "Current weight": "Weight"}.items()})
    _rank_bounds(dataset, w, method, normalization)


def _rank_bounds(dataset: Dataset, w: tuple[float, ...], method: str, normalization: str | None) -> None:
    """Best and worst rank with every uncertain score at its bound; silent scores uncertain by default."""
    silent = bool(uncertain_mask(dataset, DEFAULT_UNCERTAIN).any())
    if not silent and not np.any(dataset.high > dataset.low):
        return
    st.markdown("**Uncertain scores**: each option's best and worst rank when every uncertain score goes to the "
                "end of its range that helps it most, and the others' to the end that helps them least (and the "
                "other way round).")
    widen_silent = st.checkbox("Treat scores the text is silent on as uncertain (their range, or the whole scale)",
                               value=True, disabled=not silent, key=KEY + "bounds_silent")
    bounds = rank_bounds(dataset, np.array(w), method, normalization, DEFAULT_UNCERTAIN if widen_silent else ())
    moving = bounds[bounds["best_rank"] != bounds["worst_rank"]]
    st.caption(f"{len(moving)} of {len(bounds)} options can change rank this way."
               + ("" if method == "weighted-sum" else " Exact for the weighted sum; an approximation for this method."))
    tables.wrapped(bounds.rename(columns={"rank": "Rank now", "best_rank": "Best rank", "worst_rank": "Worst rank",
                                          "uncertain": "Uncertain scores"}).drop(columns=["id"]),
                   {"title": "Option"}, hide_index=True, width="stretch",
                   key_columns=["title", "Rank now", "Best rank", "Worst rank"], column_config={
                       c: st.column_config.NumberColumn(label, width=tables.label_px(label, "100"), help=c)
                       for c, label in {"Rank now": "Rank", "Best rank": "Best", "Worst rank": "Worst"}.items()})


def tolerance_words(tol: float) -> str:
    """A tolerance as a share of the total weight a reader can read: 1e-07 -> '0.00001%'."""
    return f"{100 * tol:.12f}".rstrip("0").rstrip(".") + "%"


def same_lines(frame: pd.DataFrame) -> list[list[str]]:
    """Groups of options (titles, in drawing order) whose sweep lines coincide: equal scores (to 1e-9) at every
    weight of `frame` (weight, title, score); a line under another is otherwise invisible."""
    groups: dict[tuple, list[str]] = {}
    for title, rows in frame.groupby("title", sort=False):
        key = tuple(np.round(rows.sort_values("weight")["score"].to_numpy(dtype=float), 9))
        groups.setdefault(key, []).append(str(title))
    return [g for g in groups.values() if len(g) > 1]


def sweep_caption(count: int, pair_added: list[str], crossings: int) -> str:
    """What the sweep draws, in words: the top `count` options, the pair below when it is not among them (each
    of `pair_added` its own line on top of the count), and how many crossing points."""
    drawn = f"The top {plural(count, 'option')} by the current ranking"
    if pair_added:
        drawn += (", and " + " and ".join(pair_added) + (" (Option A and B, compared below)" if len(pair_added) == 2
                                                          else " (compared below)"))
    return f"{drawn}: {plural(len(pair_added) + count, 'line')}; {plural(crossings, 'crossing point')} among them."


def _pair_widgets(dataset: Dataset, w: tuple[float, ...], method: str, normalization: str | None) -> tuple[str, str]:
    names = option_names(dataset)
    ids = dataset.ids
    a0, b0 = default_pair(dataset, np.array(w), method, normalization)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Option A", ids, index=ids.index(a0), format_func=lambda i: names[i], key=KEY + "pair_a")
    rest = [i for i in ids if i != a]
    b = c2.selectbox("Option B", rest, index=rest.index(b0) if b0 in rest else 0, format_func=lambda i: names[i],
                     key=KEY + "pair_b")
    return a, b


def render(ctx: ViewContext) -> None:
    render_sensitivity(ctx.dataset, ctx.weights, ctx.method, ctx.norm)
