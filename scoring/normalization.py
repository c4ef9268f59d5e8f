"""Normalizations that turn raw scores into benefit-oriented values (higher is always better)."""
from __future__ import annotations

from typing import Literal

import numpy as np

from .errors import ScoringError

Normalization = Literal["scale", "minmax", "vector", "sum", "max"]
NORMALIZATIONS: tuple[str, ...] = ("scale", "minmax", "vector", "sum", "max")


def _safe_div(num: np.ndarray, den: np.ndarray, fill: float) -> np.ndarray:
    den = np.asarray(den, dtype=float)
    ok = den != 0
    out = np.divide(num, np.where(ok, den, 1.0))
    return np.where(ok, out, fill)


def _oriented(x: np.ndarray, cost: np.ndarray, bottom: np.ndarray, top: np.ndarray) -> np.ndarray:
    """(x - bottom) / (top - bottom) per column, (top - x) / (top - bottom) for costs.

    Written as (x - ref) / signed span so a whole matrix takes two vectorized passes, and both ends
    stay exact: the best value gives exactly 1 and the worst exactly 0 (never -1e-16, which would
    turn a weighted product's log into NaN).
    """
    ref = np.where(cost, top, bottom)
    return (x - ref) / np.where(cost, bottom - top, top - bottom) + 0.0  # + 0.0: a cost's worst is 0.0, not -0.0


def normalize(matrix: np.ndarray, is_cost: np.ndarray, method: str = "scale",
              scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None) -> np.ndarray:
    """Column-wise normalization with cost criteria reversed so that higher is better.

    scale   (x - min) / (max - min) on the criterion's declared scale; independent of the other options.
    minmax  the same on the observed range; a constant column becomes 1.
    vector  x / ||x||; costs 1 - x / ||x|| (distances, hence TOPSIS, are unchanged by the flip).
    sum     x / sum(x); costs the reciprocal share (1/x) / sum(1/x).
    max     x / max(x); costs min(x) / x.

    A column where every option scores 0 carries no information: under vector, sum and max it is
    1 for every option (as minmax treats any constant column), so it can neither zero a weighted
    product nor move a ranking. Shapes: matrix (n, m), is_cost/scale_min/scale_max (m,); returns
    (n, m) floats, never -0.0. Errors: ScoringError for sum/max on negative scores (zero costs).
    """
    x = np.asarray(matrix, dtype=float)
    cost = np.asarray(is_cost, dtype=bool)
    if method == "scale":
        if scale_min is None or scale_max is None:
            raise ValueError("scale normalization needs the declared scale bounds")
        return _oriented(x, cost, np.asarray(scale_min, float), np.asarray(scale_max, float))
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        flat = hi == lo  # a constant column says nothing: every option gets 1, cost or not
        return _oriented(x, cost & ~flat, np.where(flat, lo - 1.0, lo), np.where(flat, lo, hi))
    if method == "vector":
        norm = np.sqrt(np.einsum("ij,ij->j", x, x))
        zero = norm == 0  # an all-zero column says nothing: every option gets 1, cost or not
        bottom = np.where(zero, -1.0, 0.0)
        top = np.where(zero, 0.0, norm)
        return _oriented(x, cost & ~zero, bottom, top)
    if method == "sum":
        if np.any(x[:, cost] <= 0) or np.any(x[:, ~cost] < 0):
            raise ScoringError.at("normalization", "sum normalization needs non-negative scores (positive for cost criteria)")
        benefit = _safe_div(x, x.sum(axis=0), 1.0)  # an all-zero column: 1 for everyone
        with np.errstate(divide="ignore"):
            inv = 1.0 / np.where(cost, x, 1.0)
        return np.where(cost, inv / inv.sum(axis=0), benefit)
    if method == "max":
        if np.any(x[:, cost] <= 0) or np.any(x[:, ~cost] < 0):
            raise ScoringError.at("normalization", "max normalization needs non-negative scores (positive for cost criteria)")
        benefit = _safe_div(x, x.max(axis=0), 1.0)  # an all-zero column: 1 for everyone
        safe = np.where(cost, x, 1.0)
        return np.where(cost, x.min(axis=0, where=cost, initial=np.inf) / safe, benefit)
    raise ScoringError.at("--normalization", f"unknown normalization '{method}' (expected one of: {', '.join(NORMALIZATIONS)})")


def ratio_to_scale(matrix: np.ndarray, is_cost: np.ndarray, scale_min: np.ndarray, scale_max: np.ndarray) -> np.ndarray:
    """Strictly positive, option-independent values for the weighted product: x/max, costs min/x.

    The linear `scale` map sends the worst scale point to 0, which would zero a product; ratios to
    the declared bounds keep every value in (0, 1] and keep the same independence from other options.
    """
    x = np.asarray(matrix, dtype=float)
    lo, hi = np.asarray(scale_min, float), np.asarray(scale_max, float)
    if np.any(lo <= 0):
        raise ScoringError.at("normalization", "the weighted product on 'scale' needs scales above zero")
    return np.where(is_cost, lo / x, x / hi)


def product_values(matrix: np.ndarray, is_cost: np.ndarray, method: str = "scale",
                   scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None) -> np.ndarray:
    """The values a weighted product multiplies, v_ij with score_i = prod_j v_ij ** w_j; (n, m) or a (k, n, m) stack.

    The weighted product raises benefit ratios to the power +w_j and cost ratios to -w_j (Hwang & Yoon
    1981, ch. 3, "Weighted Product Method": the weight is a positive power for benefit attributes and a
    negative power for cost attributes; Triantaphyllou 2000, ch. 2.2). So a cost enters as a reciprocal
    ratio, never as a linear flip 1 - r: `scale` uses x/max and min/x (ratio_to_scale), `max` min/x and
    `sum` (1/x)/sum(1/x) already; `vector` uses r = x/||x|| for benefits and 1/r = ||x||/x for costs (review2
    E2: with 1 - r a single option's cost was 1 - x/|x| = 0 and its product 0; now it is 1). `minmax` keeps
    its linear map (its worst option is 0 by construction and is reported as such by ranking.rank).
    An all-zero column counts 1 for every option, as in `normalize`. Errors: ScoringError for a cost of 0 or
    less under `vector` (its reciprocal is infinite; ranking.check_domain names the option first).
    """
    x = np.asarray(matrix, dtype=float)
    cost = np.asarray(is_cost, dtype=bool)
    if method == "scale":
        if scale_min is None or scale_max is None:
            raise ValueError("scale normalization needs the declared scale bounds")
        return ratio_to_scale(x, cost, np.asarray(scale_min, float), np.asarray(scale_max, float))
    if method != "vector":
        if x.ndim == 3:  # column by column within each matrix of the stack
            k, n, m = x.shape
            flat = normalize(x.transpose(1, 0, 2).reshape(n, k * m), np.tile(cost, k), method,
                             None if scale_min is None else np.tile(scale_min, k),
                             None if scale_max is None else np.tile(scale_max, k))
            return flat.reshape(n, k, m).transpose(1, 0, 2)
        return normalize(x, cost, method, scale_min, scale_max)
    if np.any(x[..., cost] <= 0):
        raise ScoringError.at("normalization", "vector normalization for the weighted product needs positive scores "
                              "on cost criteria (a cost enters as ||x|| / x)")
    norm = np.sqrt(np.einsum("...ij,...ij->...j", x, x))[..., None, :]
    r = np.divide(x, norm, out=np.ones_like(x), where=norm > 0)  # an all-zero column: 1 for everyone
    with np.errstate(divide="ignore"):
        return np.where(cost, 1.0 / np.where(cost, r, 1.0), r)
