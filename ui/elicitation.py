"""Other ways to arrive at weights: 100 points, a ranking (rank-order centroid), AHP pairwise judgements.

Each mode starts from the weights in use (100 points: their shares in whole points; Ranking: their order; Pairwise: the Saaty judgement nearest
each pair's ratio)
and shows the weights it implies and offers to apply them. Applied weights are kept exactly
(st.session_state["exact_weights"]) and are what the engine gets; the sliders show them scaled so the
largest sits at the top, unrounded, and moving any slider afterwards switches back to the sliders' values.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from scoring.errors import ScoringError
from scoring.model import CriteriaSet
from scoring.numbers import share
from scoring.ranking import rank_scores
from scoring.weights import (ahp, ahp_matrix_from_upper, points_allocation, points_from_weights,
                             rank_order_centroid, saaty_from_weights)
from ui.text import escape

MODES = ("Sliders", "100 points", "Ranking", "Pairwise (AHP)")
SAATY = [9, 7, 5, 3, 1, 3, 5, 7, 9]


def to_slider_values(weights: np.ndarray, top: float = 10.0) -> list[float]:
    """Scale weights so the largest sits at the top of the slider (not rounded: the slider shows them as they are)."""
    w = np.asarray(weights, dtype=float)
    return [float(v) for v in w / w.max() * top] if w.max() > 0 else [0.0] * len(w)


def set_exact_weights(ids: list[str], weights: list[float] | np.ndarray, profile: str = "(custom)") -> None:
    """Keep `weights` exactly as the weights in use and show them on the sliders (a callback: runs before the widgets)."""
    exact = [float(w) for w in weights]
    for cid, v in zip(ids, to_slider_values(np.array(exact))):
        st.session_state[f"w_{cid}"] = v
    st.session_state["exact_weights"] = dict(zip(ids, exact))
    st.session_state["profile"] = profile


def _set_sliders(ids: list[str], weights: list[float]) -> None:
    """Button callback: the elicited weights become the weights in use, exactly."""
    set_exact_weights(ids, weights)


def _apply_button(criteria: CriteriaSet, weights: np.ndarray, key: str, exact: list[float] | None = None) -> None:
    """Show the implied shares; the button applies `exact` (default: `weights`) as the weights in use.

    Points are applied as the points themselves, so the engine normalizes them exactly as
    `scoring rank --weights impact=60,cost=40` does.
    """
    st.caption(" · ".join(f"{escape(c.label)}: {share(w)}" for c, w in zip(criteria.criteria, weights)))
    st.button("Apply these weights", key=f"apply_{key}", type="primary", on_click=_set_sliders,
              args=(criteria.ids, [float(w) for w in (weights if exact is None else exact)]))


def _start_from(keys: list[str], values: np.ndarray, mark: str) -> None:
    """Put `values` (from the weights in use) into the mode's fields: all of them whenever the weights in use
    differ from the ones the fields last started from (session_state[mark]), so opening the mode after a
    profile or slider change starts from there; on the first run only the fields the address did not set
    (`pts_impact=40` keeps its value). Fields the person edits stay, as the weights in use do not change
    until they apply them."""
    start = [int(v) for v in values]
    first = mark not in st.session_state
    if not first and st.session_state[mark] == start:
        return
    for k, v in zip(keys, start):
        if not first or k not in st.session_state:
            st.session_state[k] = v
    st.session_state[mark] = start


def points_mode(criteria: CriteriaSet, current: np.ndarray | None = None) -> None:
    """Share 100 points; starts from `current` (the weights in use, shape (n,)) in whole points."""
    st.caption("Share 100 points among the criteria. They start from the weights in use.")
    keys = [f"pts_{c.id}" for c in criteria.criteria]
    _start_from(keys, points_from_weights(np.ones(len(keys)) if current is None else current), "pts_started_from")
    pts = [st.number_input(c.label, 0, 100, step=5, key=k) for c, k in zip(criteria.criteria, keys)]
    left = 100 - sum(pts)
    if left:
        st.warning(f"{abs(left)} points {'left to give' if left > 0 else 'too many'}: the points must add up to 100.")
        return
    try:
        _apply_button(criteria, points_allocation(pts), "points", exact=[float(p) for p in pts])
    except ScoringError as exc:
        st.error(str(exc))


def ranking_mode(criteria: CriteriaSet, current: np.ndarray | None = None) -> None:
    """Rank the criteria; starts from the order of `current` (the weights in use, shape (n,); ties share a rank)."""
    n = len(criteria)
    st.caption("Rank the criteria, 1 = most important (ties allowed). Weights follow the rank-order centroid. "
               "The ranks start from the order of the weights in use.")
    keys = [f"rank_{c.id}" for c in criteria.criteria]
    _start_from(keys, rank_scores(np.arange(n, 0, -1) if current is None else current), "rank_started_from")  # 1 = largest
    ranks = [st.number_input(c.label, 1, n, key=k) for c, k in zip(criteria.criteria, keys)]
    _apply_button(criteria, rank_order_centroid(ranks), "ranking")


def ahp_limit() -> int:
    """The most criteria the engine's AHP compares pairwise (its random-index table)."""
    from scoring import weights as engine_weights

    table = getattr(engine_weights, "RANDOM_INDEX", None)
    return int(max(table)) if table else 10


def ahp_mode(criteria: CriteriaSet, current: np.ndarray | None = None) -> None:
    """Saaty's pairwise comparisons for any number of criteria: beyond the engine's limit, a message, not an error.
    Every pair starts from the judgement nearest the ratio of `current` (the weights in use, shape (n,)); with
    only some pairs answered, every pair starts skipped."""
    crit = criteria.criteria
    n = len(crit)
    limit = ahp_limit()
    if n > limit:
        st.info(f"Pairwise comparison (AHP) works for up to {limit} criteria; this data set has {n} "
                f"({n * (n - 1) // 2} pairs to judge). Use sliders, 100 points or a ranking instead; the ranking "
                "below uses the sliders' weights.")
        return
    st.caption("For each pair, how much more important is one than the other (Saaty's 1-9 scale)?")
    partial = n > 2 and st.checkbox(f"Answer only some pairs (at least {n - 1} that link every criterion)", key="ahp_partial",
                                    help="The rest are completed from your answers: Harker's eigenvector method for "
                                         "incomplete judgements (Harker 1987).")
    labels = [f"{v}× left" for v in SAATY[:4]] + ["equal"] + [f"{v}× right" for v in SAATY[5:]] + ["skip"]
    choices = list(range(10 if partial else 9))
    if not partial:
        _start_from([f"ahp_{i}_{j}" for i in range(n) for j in range(i + 1, n)],
                    saaty_from_weights(np.ones(n) if current is None else current), "ahp_started_from")
    upper = {}
    for i in range(n):
        for j in range(i + 1, n):
            key = f"ahp_{i}_{j}" + ("_partial" if partial else "")
            choice = st.select_slider(f"{crit[i].label} ↔ {crit[j].label}", options=choices,
                                      value=9 if partial and key not in st.session_state else None,
                                      format_func=lambda k: labels[k], key=key)
            if choice == 9:
                continue  # skipped: completed from the other answers
            upper[(i, j)] = float(SAATY[choice]) if choice < 4 else 1.0 / SAATY[choice] if choice > 4 else 1.0
    try:
        result = ahp(ahp_matrix_from_upper(upper, n, missing=float("nan") if partial else 1.0))
    except ScoringError as exc:
        st.warning(f"These judgements give no weights: {exc}. The ranking below uses the sliders' weights.")
        return
    if partial:
        st.caption(f"{len(upper)} of {n * (n - 1) // 2} pairs answered; the other {result.missing} completed from them.")
    cr = result.consistency_ratio
    if result.consistent:
        st.success(f"Consistency ratio {cr:.3f} (≤ 0.10: consistent enough)")
    else:
        i, j = result.worst_pair  # type: ignore[misc]
        st.warning(f"Consistency ratio {cr:.3f} is above 0.10. Revisit '{crit[i].label} ↔ {crit[j].label}': "
                   f"your other answers suggest about {result.suggested_value:.2g}× for the left one.")
    _apply_button(criteria, result.priorities, "ahp")
