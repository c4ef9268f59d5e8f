"""Rank view: the ranked table and each criterion's contribution to each option's score."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import rank_movement
from scoring.errors import ScoringError
from scoring.methods import METHODS
from scoring.ranking import rank
from ui import charts, frames
from ui.text import escape
from ui.views import ViewContext


def render(ctx: ViewContext) -> None:
    dataset, ranking, mask_ids = ctx.dataset, ctx.ranking, ctx.mask_ids
    baseline = rank(dataset, np.ones(len(dataset.criteria)), ctx.method, ctx.norm, **ranking.settings)
    table = ranking.table
    moved = rank_movement(table, baseline.table).reindex(table["id"])
    adjusted = {o for o, _, _ in dataset.adjustments}
    shown = pd.DataFrame({  # score before the title so a phone shows it without scrolling sideways
        "rank": table["rank"], "score": table["score"],
        "title": table["title"] + [" ✎" if i in adjusted else "" for i in table["id"]],
        "vs equal weights": frames.movement_labels(moved),
        "theme": table.get("theme", ""), "author": table.get("author", ""), "id": table["id"]})
    shown = shown[shown["id"].isin(mask_ids)]
    lo, hi = float(table["score"].min()), float(table["score"].max())
    better = "higher" if ranking.higher_is_better else "lower"
    st.subheader(f"Ranking · {METHODS[ranking.method].label}")
    top = table[table["rank"] == 1]["title"].tolist()
    st.markdown(f"**Top option:** {escape(' · '.join(top))}" + (" (tied)" if len(top) > 1 else ""))
    st.caption(f"Score: {better} is better. '▲ n' = places gained against equal weights. ✎ = a score adjusted this session.")
    for text in ranking.warnings:  # e.g. a weighted product erased by a single 0
        st.warning(text)
    method_notes(table, ranking.method)
    st.dataframe(shown, hide_index=True, column_config={
        "rank": st.column_config.NumberColumn("Rank", width="small"),
        "title": st.column_config.TextColumn("Option", width="large"),
        "score": st.column_config.ProgressColumn("Score", min_value=min(lo, 0.0), max_value=max(hi, 1e-9), format="%.3f", width="small"),
        "id": None})
    if METHODS[ranking.method].additive:
        contrib = table
        note = None
    else:
        contrib = rank(dataset, np.array(list(ranking.weights.values())), "weighted-sum").table
        note = f"{METHODS[ranking.method].label} does not add up per criterion; the bars show the weighted sum's contributions."
    contrib = contrib[contrib["id"].isin(mask_ids)]
    long = frames.contributions_long(contrib, dataset)
    st.altair_chart(charts.contributions_chart(long, [c.label for c in dataset.criteria.criteria], list(contrib["title"])),
                    width="stretch")
    if note:
        st.caption(note)
    reference_weights_panel(dataset, ctx.weights)


def method_notes(table: pd.DataFrame, method: str) -> None:
    """What a method reports beside its score: VIKOR's compromise set, PROMETHEE I's incomparabilities."""
    if method == "vikor" and "compromise" in table:
        names = table.loc[table["compromise"].astype(bool), "title"].tolist()
        st.caption(f"VIKOR compromise solution (Opricovic & Tzeng 2004): {escape(' · '.join(names))}"
                   + (" — one option has both an acceptable advantage and acceptable stability." if len(names) == 1 else
                      " — no single option is far enough ahead by Q, or the first by Q is not also first by S or R."))
    if method == "promethee" and "incomparable" in table:
        n = int((table["incomparable"] > 0).sum())
        st.caption(f"PROMETHEE I: {n} option{'s' if n != 1 else ''} lead another on one flow (phi+) and trail it on the "
                   "other (phi-); the net flow ranks them anyway, the partial ranking calls them incomparable.")


def reference_weights_panel(dataset, weights: np.ndarray) -> None:
    """What the scores alone would say (entropy, CRITIC) beside the weights in use; never applied."""
    from scoring.weights import reference_weights

    with st.expander("What the scores alone would say (entropy, CRITIC weights)"):
        try:
            ref = reference_weights(dataset.matrix, dataset.criteria.is_cost)
        except ScoringError as exc:
            st.caption(str(exc))
            return
        st.caption("Weights computed from how much each criterion spreads the options (entropy, Hwang & Yoon 1981) "
                   "and how much it differs from the others (CRITIC, Diakoulaki et al. 1995). They describe the data, "
                   "not what matters to anyone: for comparison only, never used as the weights.")
        st.dataframe(pd.DataFrame({"criterion": [c.label for c in dataset.criteria.criteria], "yours": weights,
                                   "entropy": ref["entropy"], "CRITIC": ref["critic"]}),
                     hide_index=True, column_config={k: st.column_config.NumberColumn(k, format="%.3f")
                                                     for k in ("yours", "entropy", "CRITIC")})
