"""Methods view: the aggregation methods side by side, and how much they agree (Kendall's tau)."""
from __future__ import annotations

import streamlit as st

from scoring.compare import compare_methods
from scoring.methods import METHODS
from ui import charts, frames, show
from ui.views import ViewContext


def render(ctx: ViewContext) -> None:
    mc = compare_methods(ctx.dataset, ctx.weights, ctx.norm, **ctx.ranking.settings)  # VIKOR's v from the sidebar
    labels = {m: METHODS[m].label for m in METHODS}
    ranks = mc.ranks[ctx.mask].sort_values(list(METHODS)[0])
    st.subheader("Does the answer depend on the aggregation rule?")
    spread = (ranks[list(METHODS)].max(axis=1) - ranks[list(METHODS)].min(axis=1))
    st.caption(f"{mc.lowest_agreement_text(labels)} "
               f"Options whose rank moves by more than 10 places between methods: {int((spread > 10).sum())}.")
    show.chart(charts.method_ranks_chart(frames.methods_long(ranks, list(METHODS), labels), list(ranks["title"])))
    show.chart(charts.tau_heatmap(frames.taus_long(mc.taus, labels)))
