"""The dashboard's sidebar: profile and weights, method and normalization, filters, uploads, weights chart.

Every widget keeps its value in st.session_state under a fixed key (w_<criterion>, profile, mode,
method, normalization, filter_<column>, upload_<kind>), which the URL state in `ui/state.py` mirrors.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scoring.methods import METHODS
from scoring.model import Dataset
from scoring.normalization import NORMALIZATIONS
from ui import charts, show, state
from ui.data import store_upload
from ui.text import weight_help, weight_label
from ui.elicitation import MODES, ahp_mode, points_mode, ranking_mode, set_exact_weights
from ui.views import VIEWS

MAX_WEIGHT = 10.0


def init_state(dataset: Dataset) -> None:
    """First run of a session: weights from the URL, else the criteria's defaults."""
    crit = dataset.criteria
    signature = (crit.sha256, tuple(crit.ids))
    if st.session_state.get("criteria_signature") == signature:
        return
    url = state.decode(st.query_params.to_dict(), crit.ids)
    first = "criteria_signature" not in st.session_state
    profile = url.get("profile") if first else None
    profile = profile if profile in crit.profiles else None
    if first and url["weights"]:  # the address's weights, exactly (any non-negative numbers, as the CLI takes them)
        chosen = np.array([url["weights"].get(cid, 0.0) for cid in crit.ids])
        if chosen.sum() <= 0:
            chosen = crit.default_weights
    elif profile:  # ?profile=... alone ranks with that profile
        chosen = _profile_weights(dataset, profile)
    else:
        chosen = crit.default_weights
    if first and url["weights"]:
        name = profile if profile and np.array_equal(chosen, _profile_weights(dataset, profile)) else "(custom)"
    else:
        name = profile or "(defaults)"
    st.session_state["profile"] = name
    _show_weights(crit.ids, chosen)
    if first:
        if url.get("method") in METHODS:
            st.session_state["method"] = url["method"]
        if url.get("norm") in NORMALIZATIONS:
            st.session_state["normalization"] = url["norm"]
        if url.get("view") in VIEWS:
            st.session_state["view"] = url["view"]
        for name, chosen in url["filters"].items():
            st.session_state[f"filter_{name}"] = chosen
        for key, value in state.decode_widgets(st.query_params.to_dict(), crit.ids).items():
            st.session_state[key] = value  # every other choice the address holds (views, modes, adjustments)
    st.session_state["criteria_signature"] = signature


def _profile_weights(dataset: Dataset, name: str) -> np.ndarray:
    crit = dataset.criteria
    return np.array([crit.profiles[name].weights.get(cid, 0.0) for cid in crit.ids], dtype=float)


def _show_weights(ids: list[str], raw: np.ndarray) -> None:
    """Put `raw` on the sliders: as they are when they fit the 0-10 sliders, else scaled and kept exactly."""
    raw = np.asarray(raw, dtype=float)
    if raw.max() > MAX_WEIGHT:
        set_exact_weights(ids, raw, st.session_state.get("profile", "(custom)"))
    else:
        for cid, v in zip(ids, raw):
            st.session_state[f"w_{cid}"] = float(v)
        st.session_state.pop("exact_weights", None)


def apply_profile(dataset: Dataset) -> None:
    """Profile box callback: its weights onto the sliders."""
    name = st.session_state.get("profile")
    crit = dataset.criteria
    if name == "(defaults)":
        raw = crit.default_weights
    elif name in crit.profiles:
        raw = _profile_weights(dataset, name)
    else:
        return
    _show_weights(crit.ids, raw)


def _slider_moved() -> None:
    """A slider moved by hand: its values are the weights now, and no profile or elicited set is in use."""
    st.session_state.pop("exact_weights", None)
    st.session_state["profile"] = "(custom)"


def weights_in_state(dataset: Dataset) -> np.ndarray:
    """The weights in use: the exact elicited/profile/URL weights if kept, else the sliders' values."""
    ids = dataset.criteria.ids
    exact = st.session_state.get("exact_weights")
    if exact and set(exact) == set(ids):
        return np.array([exact[cid] for cid in ids], dtype=float)
    return np.array([float(st.session_state.get(f"w_{cid}", 0.0)) for cid in ids], dtype=float)


def profile_in_use(dataset: Dataset, raw: np.ndarray) -> str | None:
    """The profile whose weights the sliders still hold exactly (so exports match `--profile`)."""
    name = st.session_state.get("profile")
    if name in dataset.criteria.profiles:
        prof = dataset.criteria.profiles[name].weights
        if np.array_equal(raw, [prof.get(cid, 0.0) for cid in dataset.criteria.ids]):
            return name
    return None


def weight_controls(dataset: Dataset) -> np.ndarray:
    crit = dataset.criteria
    names = ["(defaults)", *crit.profiles, "(custom)"]
    st.selectbox("Start from a profile", names, key="profile", on_change=apply_profile, args=(dataset,),
                 format_func=lambda n: n.replace("_", " "),
                 help="\n\n".join(f"**{p.name.replace('_', ' ')}**: {p.description}" for p in crit.profiles.values()) or None)
    mode = st.radio("How to weigh", MODES, horizontal=True, key="mode")
    if mode == "100 points":
        points_mode(crit)
    elif mode == "Ranking":
        ranking_mode(crit)
    elif mode == "Pairwise (AHP)":
        with st.expander("Pairwise comparisons", expanded=True):
            ahp_mode(crit)
    raw = []
    for c in crit.criteria:
        rubric = "\n\n".join(c.rubric_lines())
        help_text = weight_help(c.description, c.is_cost) + (f"\n\n{rubric}" if rubric else "")
        raw.append(st.slider(weight_label(c.label, c.is_cost), 0.0, MAX_WEIGHT, step=0.5, key=f"w_{c.id}", help=help_text,
                             disabled=mode != "Sliders", on_change=_slider_moved, format="%.2f"))
    values = weights_in_state(dataset)
    if st.session_state.get("exact_weights"):
        st.caption("Weights in use, exactly as applied (the sliders show them scaled): "
                   + " · ".join(f"{c.label} {w:.4g}" for c, w in zip(crit.criteria, values)))
    if values.sum() <= 0:
        st.error("All weights are zero: give at least one criterion a positive weight. Using equal weights meanwhile.")
        values = np.ones(len(crit))
    return values


def _method_changed() -> None:
    """A new method starts from its own default normalization (scale for sums, vector for TOPSIS)."""
    st.session_state["normalization"] = METHODS[st.session_state["method"]].default_normalization


def method_controls() -> tuple[str, str | None]:
    with st.expander("Advanced: method and normalization"):
        method = st.selectbox("Method", list(METHODS), key="method", format_func=lambda m: METHODS[m].label,
                              on_change=_method_changed)
        default = METHODS[method].default_normalization
        if method == "vikor":
            st.slider("VIKOR v (group utility S against individual regret R)", 0.0, 1.0, 0.5, 0.05, key="vikor_v",
                      help="v = 1 ranks by the sum of weighted gaps (S) alone, v = 0 by the largest gap (R) alone; "
                           "Opricovic & Tzeng (2004) use 0.5. Applies to the Rank and Methods views; Sensitivity, Uncertainty and Scenarios use 0.5.")
        if method == "topsis-scale":
            st.caption("TOPSIS with the ideal and anti-ideal at the ends of each declared scale: adding an option "
                       "never changes another's closeness. No normalization choice.")
            return method, None
        if default is None:
            st.caption(f"{METHODS[method].label} works on raw score differences; no normalization.")
            return method, None
        if st.session_state.get("normalization") not in NORMALIZATIONS:
            st.session_state["normalization"] = default
        norm = st.selectbox("Normalization", NORMALIZATIONS, key="normalization",
                            help="scale: the criterion's declared 1-5 scale (with the weighted sum or product, adding "
                                 "an option never changes another's score; TOPSIS still takes its ideal from the data); "
                                 "minmax: the observed range; vector, sum, max: classic alternatives.")
        return method, norm


def method_options(method: str) -> dict:
    """Method settings chosen in the sidebar (VIKOR's v), passed to `rank` as keyword options."""
    return {"v": float(st.session_state.get("vikor_v", 0.5))} if method == "vikor" else {}


def filter_controls(dataset: Dataset) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    with st.expander("Filter the view"):
        for name in state.FILTERS:
            if name in dataset.options.columns:
                values = dataset.memo(("filter-values", name),
                                      lambda: sorted(v for v in dataset.options[name].unique() if str(v).strip()))
                key = f"filter_{name}"
                if key in st.session_state:
                    st.session_state[key] = [v for v in st.session_state[key] if v in values]
                chosen[name] = st.multiselect(name.capitalize(), values, key=key)
        st.caption("Filters change what is shown, not the ranks: every option is still ranked against all others.")
    return chosen


def upload_controls() -> None:
    with st.expander("Use your own data"):
        st.caption("Same formats as the shipped files (see the README). Problems are listed with file, line and column.")
        st.file_uploader("options.csv", type=["csv"], key="upload_options", on_change=store_upload, args=("options",))
        st.file_uploader("criteria.yaml", type=["yaml", "yml"], key="upload_criteria", on_change=store_upload, args=("criteria",))
        st.file_uploader("evidence.csv (optional)", type=["csv"], key="upload_evidence", on_change=store_upload, args=("evidence",))


def weights_in_use(dataset: Dataset, weights: np.ndarray) -> None:
    """The normalized weights the engine gets, as a bar chart."""
    show.chart(charts.weights_chart(pd.DataFrame({"label": [c.label for c in dataset.criteria.criteria],
                                                       "weight": weights})))


def filter_mask(dataset: Dataset, filters: dict[str, list[str]]) -> np.ndarray:
    """Bool per option: True where the option passes every filter (an empty filter passes all)."""
    mask = np.ones(len(dataset.options), dtype=bool)
    for name, chosen in filters.items():
        if chosen:
            mask &= dataset.options[name].isin(chosen).to_numpy()
    return mask
