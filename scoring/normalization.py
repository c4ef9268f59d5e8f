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


def normalize(matrix: np.ndarray, is_cost: np.ndarray, method: str = "scale",
              scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None) -> np.ndarray:
    """Column-wise normalization with cost criteria reversed so that higher is better.

    scale   (x - min) / (max - min) on the criterion's declared scale; independent of the other options.
    minmax  the same on the observed range; a constant column becomes 1.
    vector  x / ||x||; costs 1 - x / ||x|| (distances, hence TOPSIS, are unchanged by the flip).
    sum     x / sum(x); costs the reciprocal share (1/x) / sum(1/x).
    max     x / max(x); costs min(x) / x.
    """
    x = np.asarray(matrix, dtype=float)
    cost = np.asarray(is_cost, dtype=bool)
    if method == "scale":
        if scale_min is None or scale_max is None:
            raise ValueError("scale normalization needs the declared scale bounds")
        lo, hi = np.asarray(scale_min, float), np.asarray(scale_max, float)
        v = (x - lo) / (hi - lo)
        return np.where(cost, 1.0 - v, v)
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        v = _safe_div(x - lo, hi - lo, 1.0)
        return np.where(cost & (hi > lo), 1.0 - v, v)
    if method == "vector":
        v = _safe_div(x, np.sqrt((x * x).sum(axis=0)), 0.0)
        return np.where(cost, 1.0 - v, v)
    if method == "sum":
        if np.any(x[:, cost] <= 0) or np.any(x[:, ~cost] < 0):
            raise ScoringError.at("normalization", "sum normalization needs non-negative scores (positive for cost criteria)")
        benefit = _safe_div(x, x.sum(axis=0), 0.0)
        with np.errstate(divide="ignore"):
            inv = 1.0 / np.where(cost, x, 1.0)
        return np.where(cost, inv / inv.sum(axis=0), benefit)
    if method == "max":
        if np.any(x[:, cost] <= 0) or np.any(x[:, ~cost] < 0):
            raise ScoringError.at("normalization", "max normalization needs non-negative scores (positive for cost criteria)")
        benefit = _safe_div(x, x.max(axis=0), 0.0)
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
