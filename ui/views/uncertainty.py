"""Uncertainty view: SMAA-2 rank acceptabilities, fragile ranks, central weights."""
from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from scoring.model import Dataset
from scoring.numbers import share, share_percent
from scoring.smaa import (DEFAULT_CONCENTRATION, MAX_ANALYSIS_BYTES, MAX_SAMPLES, SCORE_MODES, WEIGHT_MODES,
                          _chunk_for, estimate_bytes)
from scoring.uncertain import DEFAULT_UNCERTAIN, uncertain_mask, widen
from ui.analysis_charts import acceptability_heatmap
from ui import show, tables
from ui.text import method_in_words
from ui.views import ViewContext
from ui.views.analysis_common import (FIRST_BELOW, KEY, MAX_SPAN, cached_smaa, fingerprint, md, option_names,
                                      shows_problems, weights_key)


# What one Uncertainty run may cost the shared server: draws x options. Drawing scores for PROMETHEE costs about
# 1.7 us per option and draw on the 2-core machine (the shipped 62 options, 50,000 draws: 5 s of CPU; the weighted
# sum a third of that), so 5,000,000 option-draws is a few seconds; 500,000 draws of 2,800 options were 40 minutes.
MAX_OPTION_DRAWS = 5_000_000


def samples_cap(n: int) -> int:
    """The most samples the Samples field offers for `n` options (at least 100, at most 500,000)."""
    return int(min(MAX_SAMPLES, 500_000, max(100, MAX_OPTION_DRAWS // max(n, 1))))


def _chunk(n: int, m: int) -> int:
    """The larger of SMAA's two chunk sizes for n options (draws with or without their own matrix)."""
    return max(_chunk_for(n, m, True, None), _chunk_for(n, m, False, None))


def max_full_options(m: int) -> int:
    """The most options whose full rank table fits MAX_ANALYSIS_BYTES (smaa.estimate_bytes, as smaa checks it)."""
    lo, hi = 1, 100_000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if estimate_bytes(mid, m, mid, _chunk(mid, m)) <= MAX_ANALYSIS_BYTES else (lo, mid - 1)
    return lo


@shows_problems
def render_uncertainty(dataset: Dataset, weights: Any, method: str, normalization: str | None) -> None:
    """SMAA-2: controls, a rank-probability heatmap, and flags for options whose rank is fragile."""
    key, w = fingerprint(dataset), weights_key(weights, dataset)
    st.caption("Stochastic multicriteria acceptability analysis (SMAA-2): draw many weight sets (and, if "
               "chosen, scores within their ranges), rank the options under each, and count how often each "
               "option lands at each rank.")
    silent = bool(uncertain_mask(dataset, DEFAULT_UNCERTAIN).any())
    with st.form(KEY + "smaa_form"):
        widen_silent = st.checkbox("Treat scores the text is silent on as uncertain", value=True, key=KEY + "uncertain_silent",
                                   disabled=not silent,
                                   help="They vary over their range, or the whole scale when they have none." if silent
                                   else "No score in this data set has basis 'silent'.")
        c1, c2, c3 = st.columns(3)
        cap = samples_cap(len(dataset.ids))
        if st.session_state.get(KEY + "samples", 0) > cap:  # a value kept from smaller data: bring it within the bound
            st.session_state[KEY + "samples"] = cap
        samples = int(c1.number_input("Samples", min_value=100, max_value=cap, value=min(10_000, cap),
                                      step=1000, key=KEY + "samples",
                                      help=f"At most {cap:,} for {len(dataset.ids):,} options here (draws x options "
                                           f"at most {MAX_OPTION_DRAWS:,}, a few seconds on a shared server); "
                                           "the command line takes more."))
        seed = int(c2.number_input("Seed", min_value=0, max_value=2**31 - 1, value=0, step=1, key=KEY + "seed"))
        modes = {"uniform": "anything goes (uniform)", "dirichlet": "around the current weights"}
        mode = c3.radio("Weights", list(WEIGHT_MODES), format_func=lambda m: modes[m], key=KEY + "weights_mode")
        c4, c5 = st.columns(2)
        concentration = float(c4.slider("Concentration (for 'around the current weights'; higher = closer)",
                                        1.0, 200.0, float(DEFAULT_CONCENTRATION), key=KEY + "concentration"))
        score_mode = c5.selectbox("Scores", list(SCORE_MODES), key=KEY + "score_mode",
                                  index=list(SCORE_MODES).index("uniform") if silent else 0,
                                  format_func=lambda m: {"none": "as scored", "uniform": "uniform in their range",
                                                         "triangular": "triangular around the score"}[m],
                                  disabled=not (silent or np.any(dataset.high > dataset.low)),
                                  help=None if silent or np.any(dataset.high > dataset.low) else "No option has a _low/_high range.")
        st.form_submit_button("Run")
    if widen_silent and silent:
        dataset = widen(dataset, DEFAULT_UNCERTAIN)
        key = fingerprint(dataset)  # the widened ranges are part of the cache key
    has_ranges = bool(np.any(dataset.high > dataset.low))
    n = len(dataset.ids)
    full = estimate_bytes(n, len(dataset.criteria.ids), n, _chunk(n, len(dataset.criteria.ids)))
    if full > MAX_ANALYSIS_BYTES:  # every rank of every option: the view's table and flags need them all
        st.info(f"The Uncertainty view counts how often each option lands at every rank, a table of {n:,} x {n:,} "
                f"options that needs more memory than one analysis may take on this server (at most about "
                f"{max_full_options(len(dataset.criteria.ids)):,} options). For larger tables, "
                "`scoring smaa --ranks K` on the command line gives each option's chance to be in the top K.")
        return
    with st.spinner("Sampling..."):
        result = cached_smaa(key, dataset, w, method, normalization, min(samples, cap), seed, mode, concentration,
                       score_mode if has_ranges else "none")
    table = result.table()
    names = option_names(dataset)
    fragile = result.fragile(FIRST_BELOW, MAX_SPAN)
    top = [i for i, r in enumerate(result.base_rank) if r == 1]
    for i in top:
        p = result.acceptability[i, 0]
        if p < FIRST_BELOW:
            st.warning(f"Fragile top: {md(names[result.ids[i]])} is first under the current weights but comes "
                       f"first in only {share(p)} of the draws.")
        else:
            st.success(f"{md(names[result.ids[i]])} is first under the current weights and in {share(p)} of the draws.")
    shown = st.slider("Options in the heatmap", 2, len(result.ids), min(15, len(result.ids)), key=KEY + "heat_count") \
        if len(result.ids) > 2 else len(result.ids)
    keep = set(table["id"].head(shown))
    long = result.long(keep)  # only the options drawn: all n x n rows made gigabytes for 2,000 long titles
    show.chart(acceptability_heatmap(long, max_rank=max(shown, 3)))
    spread = (table["rank_high"] - table["rank_low"]).astype(int)
    ranked = table.assign(spread=spread).sort_values(["spread", "base_rank"], ascending=[False, True], kind="stable")
    st.markdown(f"**How far each rank moves.** An option's *rank spread* is how many places its rank covers in 90% "
                f"of the draws (its 90% rank interval). An option is called *fragile* here when that spread is more "
                f"than {MAX_SPAN} places, or, for the top option, when it comes first in under {share(FIRST_BELOW)} of "
                f"the draws: {int(fragile.sum())} of {len(result.ids)} options. With weights drawn as 'anything goes' "
                "almost every option moves that much, so read the spread itself: the table lists the options that "
                "move most first; those at the bottom keep their place whatever the weights.")
    # P(first) as the sentences above write it (`share`: 'first in 0.43% of the draws'), a number all the same
    tables.wrapped(ranked[["title", "spread", "base_rank", "rank_low", "rank_high", "first", "expected_rank"]].assign(
        first=lambda f: share_percent(f["first"])).rename(columns={
        "spread": "Rank spread (places)", "base_rank": "Current rank", "rank_low": "90% interval from", "rank_high": "to"}),
        {"title": "Option"}, hide_index=True, width="stretch",
        key_columns=["title", "Rank spread (places)", "Current rank", "first"],  # what a phone shows without scrolling
        column_config={"first": tables.number_column("P(first)", "99.57%", format=tables.SHARE_FORMAT),
                       "Rank spread (places)": tables.number_column("Spread", "100", help="Rank spread (places)"),
                       "Current rank": tables.number_column("Rank", "100", help="Current rank"),
                       "expected_rank": st.column_config.NumberColumn("Expected rank", format="%.1f")})
    box = show.lazy_expander("Central weights and confidence factors", key=KEY + "central")
    if box:
        with box:
            st.caption("Central weights: the average weights under which the option comes first. Confidence factor: "
                       "how often it comes first with those weights when scores vary (1 when scores are fixed).")
            central = result.central_table()
            # option titles (no ids), criterion labels (not ids) and one format per column (try6: 'time_to_effect',
            # 0.125 next to 0.1266)
            labels = {c.id: c.label for c in dataset.criteria.criteria}
            tables.wrapped(central.drop(columns=["id"]).assign(first=share_percent(central["first"])), {"title": "Option"},
                           width="stretch", hide_index=True,
                           room_px=tables.EXPANDER_PX, key_columns=["title", "first", "confidence"], column_config={
                               "first": tables.number_column("P(first)", "99.57%", format=tables.SHARE_FORMAT),
                               "confidence": tables.number_column("Confidence", "0.000", format="%.3f"),
                               **{cid: st.column_config.NumberColumn(label, format="%.3f") for cid, label in labels.items()
                                  if cid in central.columns}})
    st.caption(f"{result.samples:,} samples, seed {seed}; ties share a rank's probability equally. Each draw is ranked "
               f"by {method_in_words(method, normalization, 0.5 if method == 'vikor' else None)}.")


def render(ctx: ViewContext) -> None:
    render_uncertainty(ctx.dataset, ctx.weights, ctx.method, ctx.norm)
