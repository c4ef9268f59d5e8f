"""Rank view: the ranked table and each criterion's contribution to each option's score."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import rank_movement
from scoring.methods import METHODS
from scoring.ranking import rank
from ui import charts, frames
from ui.text import escape
from ui.views import ViewContext


def render(ctx: ViewContext) -> None:
    dataset, ranking, mask_ids = ctx.dataset, ctx.ranking, ctx.mask_ids
    baseline = rank(dataset, np.ones(len(dataset.criteria)), ctx.method, ctx.norm)
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
