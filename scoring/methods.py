"""Aggregation methods: pure vectorized functions from (matrix, directions, weights) to scores.

Every method takes an (n options x m criteria) matrix of raw scores, a boolean `is_cost` per
criterion and weights summing to 1, and returns a MethodResult. Loops run over criteria only,
never over options or pairs of options.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .errors import ScoringError
from .model import Preference
from .normalization import normalize, ratio_to_scale


@dataclass(frozen=True)
class MethodResult:
    scores: np.ndarray
    higher_is_better: bool = True
    contributions: np.ndarray | None = None  # (n, m) weighted parts that add up to the score


def weighted_sum(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "scale",
                 scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """Simple additive weighting: score = sum_j w_j v_ij."""
    v = normalize(matrix, is_cost, normalization, scale_min, scale_max)
    parts = v * np.asarray(weights, dtype=float)[None, :]
    return MethodResult(parts.sum(axis=1), True, parts)


def weighted_product(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "scale",
                     scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """Multiplicative weighting: score = prod_j v_ij ** w_j (a poor score on one criterion costs more)."""
    if normalization == "scale":
        if scale_min is None or scale_max is None:
            raise ValueError("scale normalization needs the declared scale bounds")
        v = ratio_to_scale(matrix, is_cost, scale_min, scale_max)
    else:
        v = normalize(matrix, is_cost, normalization, scale_min, scale_max)
    w = np.asarray(weights, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(w[None, :] > 0, w[None, :] * np.log(v), 0.0)  # 0 ** 0 counts as 1
    return MethodResult(np.exp(logs.sum(axis=1)), True)


def topsis(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "vector",
           scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """TOPSIS closeness coefficient C = d- / (d+ + d-) (Hwang & Yoon 1981)."""
    v = normalize(matrix, is_cost, normalization, scale_min, scale_max)
    v *= np.asarray(weights, float)[None, :]  # normalize returns a fresh array: weight it in place
    best, worst = v.max(axis=0), v.min(axis=0)
    gap = v - best
    d_best = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    np.subtract(v, worst, out=gap)
    d_worst = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    total = d_best + d_worst
    closeness = np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return MethodResult(closeness, True)


def _flows_usual(g: np.ndarray) -> np.ndarray:
    """sum_b [P(a,b) - P(b,a)] for the usual criterion: (#worse) - (#better), via sorting."""
    s = np.sort(g)
    below = np.searchsorted(s, g, side="left")
    above = len(g) - np.searchsorted(s, g, side="right")
    return (below - above).astype(float)


def _flows_linear(g: np.ndarray, q: float, p: float) -> np.ndarray:
    """sum_b [P(a,b) - P(b,a)] for the linear (V-shape with indifference) criterion in O(n log n).

    P(d) = 0 for d <= q, (d - q) / (p - q) for q < d <= p, 1 for d > p. Sorted values and prefix
    sums give each option's sum over the others without forming the n x n matrix.
    """
    n = len(g)
    s = np.sort(g)
    mid = s[n // 2]  # only differences matter: centring keeps the prefix sums small and exact-ish
    g, s = g - mid, s - mid
    prefix = np.concatenate(([0.0], np.cumsum(s)))
    span = p - q
    # a over b: d = g_a - g_b; full where g_b < g_a - p, partial where g_a - p <= g_b < g_a - q
    i_full = np.searchsorted(s, g - p, side="left")
    i_part = np.searchsorted(s, g - q, side="left")
    cnt = i_part - i_full
    plus = i_full + ((g - q) * cnt - (prefix[i_part] - prefix[i_full])) / span
    # b over a: d = g_b - g_a; partial where g_a + q < g_b <= g_a + p, full where g_b > g_a + p
    j_part = np.searchsorted(s, g + q, side="right")
    j_full = np.searchsorted(s, g + p, side="right")
    cnt = j_full - j_part
    minus = (n - j_full) + ((prefix[j_full] - prefix[j_part]) - (g + q) * cnt) / span
    return plus - minus


def promethee_ii(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *,
                 preferences: Sequence[Preference] | None = None, **_: object) -> MethodResult:
    """PROMETHEE II net outranking flow (Brans & Vincke 1985) on raw score differences."""
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    prefs = list(preferences) if preferences is not None else [Preference()] * m
    w = np.asarray(weights, dtype=float)
    net = np.zeros(n)
    if n < 2:
        return MethodResult(net, True)
    for j in range(m):
        if w[j] == 0:
            continue
        g = -x[:, j] if is_cost[j] else x[:, j]
        pref = prefs[j]
        flows = _flows_linear(g, pref.q, pref.p) if pref.type == "linear" else _flows_usual(g)
        net += w[j] * flows
    return MethodResult(net / (n - 1), True)


@dataclass(frozen=True)
class VikorIndices:
    """VIKOR's group utility S, individual regret R and compromise index Q (all: lower is better)."""

    s: np.ndarray
    r: np.ndarray
    q: np.ndarray


def vikor_indices(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, v: float = 0.5) -> VikorIndices:
    """S, R and Q of Opricovic & Tzeng (2004); a criterion where all options are equal adds nothing."""
    x = np.asarray(matrix, dtype=float)
    cost = np.asarray(is_cost, bool)
    best = np.where(cost, x.min(axis=0), x.max(axis=0))
    worst = np.where(cost, x.max(axis=0), x.min(axis=0))
    span = best - worst
    gap = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    weighted = gap * np.asarray(weights, float)[None, :]
    s, r = weighted.sum(axis=1), weighted.max(axis=1)
    return VikorIndices(s, r, v * _unit(s) + (1 - v) * _unit(r))


def vikor(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, v: float = 0.5, **_: object) -> MethodResult:
    """VIKOR compromise index Q (Opricovic & Tzeng 2004); lower Q is better."""
    return MethodResult(vikor_indices(matrix, is_cost, weights, v).q, False)


def _unit(a: np.ndarray) -> np.ndarray:
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    function: Callable[..., MethodResult]
    default_normalization: str | None  # None: works on raw differences, ignores normalization
    additive: bool


METHODS: dict[str, Method] = {
    "weighted-sum": Method("weighted-sum", "Weighted sum", weighted_sum, "scale", True),
    "weighted-product": Method("weighted-product", "Weighted product", weighted_product, "scale", False),
    "topsis": Method("topsis", "TOPSIS", topsis, "vector", False),
    "promethee": Method("promethee", "PROMETHEE II", promethee_ii, None, False),
    "vikor": Method("vikor", "VIKOR", vikor, None, False),
}


def get_method(name: str) -> Method:
    if name not in METHODS:
        raise ScoringError.at("--method", f"unknown method '{name}' (expected one of: {', '.join(METHODS)})")
    return METHODS[name]
