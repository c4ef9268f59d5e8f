"""Streamlit views for the robustness tabs: sensitivity, uncertainty (SMAA) and scenarios.

The dashboard calls exactly these three functions inside its tabs:
`render_sensitivity`, `render_uncertainty`, `render_scenarios`, each with
(dataset, weights, method, normalization). Heavy work is cached with st.cache_data keyed on a
fingerprint of the data and on the (hashable) settings; the dataset itself is passed unhashed.
Every problem is shown as a readable message, never a traceback; text from the data is shown as
data (tables, charts, escaped markdown), never as HTML.
"""
from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import streamlit as st

from scoring.errors import ScoringError
from scoring.model import Dataset
from scoring.ranking import rank
from scoring.scenarios import DEFAULT_SCENARIOS, ScenarioSet, analyse_scenarios, load_scenarios
from scoring.sensitivity import default_pair, flip_points, stability_intervals, weight_sweep
from scoring.smaa import DEFAULT_CONCENTRATION, MAX_SAMPLES, SCORE_MODES, WEIGHT_MODES, smaa
from ui.analysis_charts import acceptability_heatmap, flip_chart, regret_chart, scenario_rank_heatmap, weight_sweep_chart

KEY = "analysis_"  # prefix of every widget key, so nothing clashes with the rest of the dashboard
FIRST_BELOW = 0.5  # the top option is fragile if it comes first in fewer draws than this
MAX_SPAN = 3  # any option is fragile if its 90% rank interval covers more ranks than this


def _md(text: Any) -> str:
    """Escape markdown so that text from the data shows literally."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", str(text))


def fingerprint(dataset: Dataset) -> str:
    """A cache key for a dataset: ids, criteria and every score and range, so edits and subsets count."""
    h = hashlib.sha256()
    h.update("\x1f".join(dataset.ids).encode())
    h.update(dataset.criteria.sha256.encode())
    h.update("\x1f".join(dataset.criteria.ids).encode())
    for arr in (dataset.matrix, dataset.low, dataset.high):
        h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
    if "theme" in dataset.options.columns:
        h.update("\x1f".join(map(str, dataset.options["theme"])).encode())
    return h.hexdigest()


def _weights_key(weights: Any, dataset: Dataset) -> tuple[float, ...]:
    w = dataset.criteria.default_weights if weights is None else np.asarray(weights, dtype=float)
    return tuple(float(x) for x in w)


def _names(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.ids, dataset.titles))


# ---------------------------------------------------------------- cached computations

@st.cache_data(show_spinner=False, max_entries=32)
def _stability(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None) -> pd.DataFrame:
    return stability_intervals(_dataset, np.array(weights), method, normalization)


@st.cache_data(show_spinner=False, max_entries=64)
def _sweep(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
           criterion: str, shown: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, float, str, bool]:
    sw = weight_sweep(_dataset, np.array(weights), criterion, method, normalization, crossings_among=list(shown))
    frame = sw.frame()
    frame = frame[frame["id"].isin(shown)]
    cross = sw.crossings.copy()
    names = _names(_dataset)
    cross["title_a"] = cross["option_a"].map(names)
    cross["title_b"] = cross["option_b"].map(names)
    return frame, cross, sw.current, sw.label, sw.higher_is_better


@st.cache_data(show_spinner=False, max_entries=32)
def _flips(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
           a: str, b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    fp = flip_points(_dataset, a, b, np.array(weights), method, normalization)  # ids: short names for sentences
    return fp.table, fp.segments


@st.cache_data(show_spinner=False, max_entries=16)
def _smaa(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
          samples: int, seed: int, weights_mode: str, concentration: float, score_mode: str):
    return smaa(_dataset, np.array(weights), method, normalization, samples=samples, seed=seed,
                weights_mode=weights_mode, concentration=concentration, score_mode=score_mode)


@st.cache_resource(show_spinner=False, max_entries=8)
def _scenario_set(key: str, _dataset: Dataset, path: str, mtime: float) -> ScenarioSet:
    """Parsed once per data set and file version: a weight change must not re-read the YAML. Never mutated."""
    return load_scenarios(_dataset, path, strict=False)


@st.cache_data(show_spinner=False, max_entries=16)
def _scenarios(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
               path: str, mtime: float, chosen: tuple[str, ...]):
    sset = _scenario_set(key, _dataset, path, mtime).select(list(chosen) or None)
    return analyse_scenarios(_dataset, sset, np.array(weights), method, normalization)


def _shows_problems(render: Callable[..., None]) -> Callable[..., None]:
    """A view that cannot run says why in the page (file, line, column), never with a traceback."""
    @functools.wraps(render)
    def view(*args: Any, **kwargs: Any) -> None:
        try:
            render(*args, **kwargs)
        except ScoringError as exc:
            st.error("Could not run this analysis:\n\n" + "\n\n".join(_md(p) for p in exc.problems))
    return view


# ---------------------------------------------------------------- sensitivity

@_shows_problems
def render_sensitivity(dataset: Dataset, weights: Any, method: str, normalization: str | None) -> None:
    """Stability intervals, a weight sweep for one criterion, and flip points for a pair of options."""
    key, w = fingerprint(dataset), _weights_key(weights, dataset)
    names = _names(dataset)
    st.caption("Move one weight at a time, the others rescaled in proportion: how far can it go before the "
               "ranking changes? Exact for the weighted sum and PROMETHEE II, to 0.0001 for the other methods.")
    stab = _stability(key, dataset, w, method, normalization)
    top = stab["top_option"].iloc[0]
    st.markdown(f"**Stability intervals**: the weight range of each criterion over which "
                f"*{_md(names.get(top, top))}* stays on top, and over which the current top {min(3, len(dataset.ids))} "
                f"keep their order.")
    view = stab[["label", "current_weight", "top_low", "top_high", "order_low", "order_high"]].rename(columns={
        "label": "Criterion", "current_weight": "Current weight", "top_low": "Top stays from", "top_high": "Top stays to",
        "order_low": "Order stays from", "order_high": "Order stays to"})
    st.dataframe(view.style.format({c: "{:.1%}" for c in view.columns[1:]}), hide_index=True, width="stretch")
    narrow = stab.assign(room=np.minimum(stab["current_weight"] - stab["top_low"], stab["top_high"] - stab["current_weight"]))
    tight = narrow.sort_values("room", kind="stable").iloc[0]
    st.info(f"The most sensitive weight is {_md(tight['label'])}: the top option changes if it moves by "
            f"{tight['room']:.1%} of the total weight.")

    st.markdown("**Weight sweep**")
    labels = dict(zip(stab["criterion"], stab["label"]))
    c1, c2 = st.columns([2, 1])
    criterion = c1.selectbox("Criterion to move", list(labels), index=list(labels).index(tight["criterion"]),
                             format_func=lambda c: labels[c], key=KEY + "sweep_criterion")
    count = c2.slider("Options shown", 2, min(10, len(dataset.ids)), min(6, len(dataset.ids)), key=KEY + "sweep_count") \
        if len(dataset.ids) > 2 else len(dataset.ids)
    a, b = _pair_widgets(dataset, w, method, normalization)
    order = rank(dataset, np.array(w), method, normalization).table["id"].tolist()
    shown = tuple(dict.fromkeys([*order[:count], a, b]))
    frame, cross, current, label, better = _sweep(key, dataset, w, method, normalization, criterion, shown)
    st.altair_chart(weight_sweep_chart(frame, current, cross, label=label, higher_is_better=better), width="stretch")
    if len(cross):
        st.caption(f"{len(cross)} crossing point(s) among the options shown.")

    st.markdown("**Flip points** for the chosen pair")
    table, segments = _flips(key, dataset, w, method, normalization, a, b)
    st.altair_chart(flip_chart(segments, [a, b]), width="stretch")
    flips = table[(table["flips"] != "never")]
    never = table[(table["flips"] == "never")]
    lines = [f"- {_md(text)}" for text in flips["sentence"]]
    if len(never):
        lines.append(f"- The order never flips, whatever weight these carry: {_md(', '.join(never['label']))}")
    st.markdown("\n".join(lines))
    view = pd.DataFrame({
        "Criterion": table["label"], "Current weight": table["current_weight"].map("{:.1%}".format),
        "Flips below at": table["flip_below"].map(_pct_or_never), "Flips above at": table["flip_above"].map(_pct_or_never),
        "In words": table["sentence"],
    })
    st.dataframe(view, hide_index=True, width="stretch")


def _pct_or_never(value: float) -> str:
    return "never" if pd.isna(value) else f"{value:.1%}"


def _pair_widgets(dataset: Dataset, w: tuple[float, ...], method: str, normalization: str | None) -> tuple[str, str]:
    names = _names(dataset)
    ids = dataset.ids
    a0, b0 = default_pair(dataset, np.array(w), method, normalization)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Option A", ids, index=ids.index(a0), format_func=lambda i: names[i], key=KEY + "pair_a")
    rest = [i for i in ids if i != a]
    b = c2.selectbox("Option B", rest, index=rest.index(b0) if b0 in rest else 0, format_func=lambda i: names[i],
                     key=KEY + "pair_b")
    return a, b


# ---------------------------------------------------------------- uncertainty

@_shows_problems
def render_uncertainty(dataset: Dataset, weights: Any, method: str, normalization: str | None) -> None:
    """SMAA-2: controls, a rank-probability heatmap, and flags for options whose rank is fragile."""
    key, w = fingerprint(dataset), _weights_key(weights, dataset)
    st.caption("Stochastic multicriteria acceptability analysis (SMAA-2): draw many weight sets (and, if "
               "chosen, scores within their ranges), rank the options under each, and count how often each "
               "option lands at each rank.")
    has_ranges = bool(np.any(dataset.high > dataset.low))
    with st.form(KEY + "smaa_form"):
        c1, c2, c3 = st.columns(3)
        samples = int(c1.number_input("Samples", min_value=100, max_value=min(MAX_SAMPLES, 500_000), value=10_000,
                                      step=1000, key=KEY + "samples"))
        seed = int(c2.number_input("Seed", min_value=0, max_value=2**31 - 1, value=0, step=1, key=KEY + "seed"))
        modes = {"uniform": "anything goes (uniform)", "dirichlet": "around the current weights"}
        mode = c3.radio("Weights", list(WEIGHT_MODES), format_func=lambda m: modes[m], key=KEY + "weights_mode")
        c4, c5 = st.columns(2)
        concentration = float(c4.slider("Concentration (for 'around the current weights'; higher = closer)",
                                        1.0, 200.0, float(DEFAULT_CONCENTRATION), key=KEY + "concentration"))
        score_mode = c5.selectbox("Scores", list(SCORE_MODES), key=KEY + "score_mode",
                                  format_func=lambda m: {"none": "as scored", "uniform": "uniform in their range",
                                                         "triangular": "triangular around the score"}[m],
                                  disabled=not has_ranges,
                                  help=None if has_ranges else "No option has a _low/_high range.")
        st.form_submit_button("Run")
    with st.spinner("Sampling..."):
        result = _smaa(key, dataset, w, method, normalization, samples, seed, mode, concentration,
                       score_mode if has_ranges else "none")
    table = result.table()
    names = _names(dataset)
    fragile = result.fragile(FIRST_BELOW, MAX_SPAN)
    top = [i for i, r in enumerate(result.base_rank) if r == 1]
    for i in top:
        p = result.acceptability[i, 0]
        if p < FIRST_BELOW:
            st.warning(f"Fragile top: {_md(names[result.ids[i]])} is first under the current weights but comes "
                       f"first in only {p:.0%} of the draws.")
        else:
            st.success(f"{_md(names[result.ids[i]])} is first under the current weights and in {p:.0%} of the draws.")
    shown = st.slider("Options in the heatmap", 2, len(result.ids), min(15, len(result.ids)), key=KEY + "heat_count") \
        if len(result.ids) > 2 else len(result.ids)
    keep = set(table["id"].head(shown))
    long = result.long()
    st.altair_chart(acceptability_heatmap(long[long["id"].isin(keep)], max_rank=max(shown, 3)), width="stretch")
    lo, hi = result.rank_interval(0.9)
    flagged = table[table["fragile"]].sort_values("base_rank", kind="stable")
    st.markdown(f"**Fragile ranks**: {int(fragile.sum())} of {len(result.ids)} options (top option first in under "
                f"{FIRST_BELOW:.0%} of draws, or a 90% rank interval spanning more than {MAX_SPAN} ranks).")
    st.dataframe(flagged[["title", "base_rank", "first", "expected_rank", "rank_low", "rank_high"]].rename(columns={
        "title": "Option", "base_rank": "Current rank", "first": "P(first)", "expected_rank": "Expected rank",
        "rank_low": "90% interval from", "rank_high": "to"}).head(20)
        .style.format({"P(first)": "{:.1%}", "Expected rank": "{:.1f}"}), hide_index=True, width="stretch")
    with st.expander("Central weights and confidence factors"):
        st.caption("Central weights: the average weights under which the option comes first. Confidence factor: "
                   "how often it comes first with those weights when scores vary (1 when scores are fixed).")
        st.dataframe(result.central_table(), hide_index=True, width="stretch")
    st.caption(f"{result.samples:,} samples, seed {seed}; ties share a rank's probability equally.")


# ---------------------------------------------------------------- scenarios

@_shows_problems
def render_scenarios(dataset: Dataset, weights: Any, method: str, normalization: str | None,
                     path: str | Path | None = None) -> None:
    """Ranks under each future in scenarios.yaml, a rank-by-scenario heatmap, regret and the minimax-regret choice."""
    file = Path(path) if path else DEFAULT_SCENARIOS
    if not file.exists():
        st.info(f"No scenarios file found ({_md(file.name)}).")
        return
    key, w = fingerprint(dataset), _weights_key(weights, dataset)
    mtime = file.stat().st_mtime
    sset = _scenario_set(key, dataset, str(file), mtime)
    labels = {sc.id: sc.label for sc in sset.scenarios}
    if sset.ignored:
        st.caption(f"{len(sset.ignored)} adjustment(s) name options not in the data shown and change nothing here.")
    chosen = st.multiselect("Scenarios", list(labels), default=list(labels), format_func=lambda s: labels[s],
                            key=KEY + "scenarios")
    if not chosen:
        st.info("Choose at least one scenario.")
        return
    result = _scenarios(key, dataset, w, method, normalization, str(file), mtime, tuple(chosen))
    names = _names(dataset)
    picks = ", ".join(_md(names[i]) for i in result.minimax)
    worst = result.regret[result.regret["minimax"]]["max_regret"].iloc[0]
    st.success(f"Minimax-regret choice: {picks} (it never falls more than {worst:.3f} score units short of the best "
               f"option in any chosen scenario).")
    for sc in result.scenarios.scenarios:
        with st.expander(sc.label):
            st.text(sc.narrative)
            adj = result.adjustments_table()
            st.dataframe(adj[adj["scenario"] == sc.id].drop(columns="scenario"), hide_index=True, width="stretch")
            st.caption("Weight multipliers: " + (_md(", ".join(f"{k} x{v:g}" for k, v in sc.weights.items())) or "none"))
    n = len(dataset.ids)
    shown = st.slider("Options in the heatmap", 2, n, min(15, n), key=KEY + "scen_count") if n > 2 else n
    long = result.long_ranks()
    keep = set(result.ranks["id"].head(shown)) | set(result.minimax)
    st.altair_chart(scenario_rank_heatmap(long[long["id"].isin(keep)]), width="stretch")
    st.altair_chart(regret_chart(result.regret, result.scenarios.ids, [s.label for s in result.scenarios.scenarios]),
                    width="stretch")
    with st.expander("Regret table"):
        st.dataframe(result.regret, hide_index=True, width="stretch")
