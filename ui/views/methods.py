"""Methods view: the aggregation methods side by side, and how much they agree (Kendall's tau).

A method that cannot take this data (the weighted product on a scale starting at 0) is left out and the
page says why in plain words; the others are still compared.
"""
from __future__ import annotations

import streamlit as st

from scoring.compare import check_compare_size, compare_methods
from scoring.errors import ScoringError
from scoring.methods import METHODS
from scoring.ranking import check_domain
from ui import charts, frames, show
from ui.text import escape, for_page
from ui.views import ViewContext


def runnable(dataset, norm: str | None) -> tuple[list[str], dict[str, str]]:
    """The methods that can rank `dataset` under `norm`, and for each one that cannot, why (plain words)."""
    ok, skipped = [], {}
    for name, method in METHODS.items():
        try:
            check_domain(dataset, name, norm if method.default_normalization is not None else None)
        except ScoringError as exc:
            skipped[name] = why_skipped(dataset, name, norm, exc)
        else:
            ok.append(name)
    return ok, skipped


def why_skipped(dataset, name: str, norm: str | None, exc: ScoringError) -> str:
    label = METHODS[name].label
    if name == "weighted-product" and norm == "scale":
        zero = [c for c in dataset.criteria.criteria if c.scale_min <= 0]
        return (f"{label} is left out: it multiplies the scores, so on a scale that starts at "
                f"{min(c.scale_min for c in zero):g} ({', '.join(c.label for c in zero)}) the lowest score would make "
                f"an option worth nothing whatever its other scores. Choose minmax under Normalization in the sidebar "
                f"to include it.")
    return f"{label} is left out: " + for_page(exc)[0]


def render(ctx: ViewContext) -> None:
    st.subheader("Does the answer depend on the aggregation rule?")
    if len(ctx.dataset.ids) < 2:
        st.info(f"Comparing methods needs at least two options to order; this data has {len(ctx.dataset.ids)}.")
        return
    try:
        check_compare_size(ctx.dataset)  # a stated bound on options, before any method runs
    except ScoringError as exc:
        st.info(escape(" ".join(for_page(exc))))
        return
    names, skipped = runnable(ctx.dataset, ctx.norm)
    for text in skipped.values():
        st.info(escape(text))
    if len(names) < 2:
        st.info("Fewer than two methods can rank this data, so there is nothing to compare.")
        return
    mc = compare_methods(ctx.dataset, ctx.weights, ctx.norm, methods=names, **ctx.ranking.settings)  # VIKOR's v from the sidebar
    labels = {m: METHODS[m].label for m in names}
    ranks = mc.ranks[ctx.mask].sort_values(names[0])
    spread = (ranks[names].max(axis=1) - ranks[names].min(axis=1))
    st.caption(f"{len(names)} methods, the same weights. {mc.lowest_agreement_text(labels)} "
               f"Options whose rank moves by more than 10 places between methods: {int((spread > 10).sum())}.")
    order = [labels[m] for m in names]
    show.chart(charts.method_ranks_chart(frames.methods_long(ranks, names, labels), list(ranks["title"]), methods=order))
    show.chart(charts.tau_heatmap(frames.taus_long(mc.taus, labels), methods=order))
