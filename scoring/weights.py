"""Weights: normalization, parsing, profiles, and elicitation helpers (points, ROC, swing, AHP)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .errors import Problem, ScoringError
from .model import CriteriaSet
from .numbers import parse_number

# Saaty's random consistency index for n = 1..10 (n = 1, 2 are always consistent).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}


def normalize_weights(weights: Sequence[float] | np.ndarray, source: str = "weights",
                      ids: Sequence[str] | None = None) -> np.ndarray:
    """Scale non-negative weights to sum 1; refuse negative, non-finite or all-zero weights."""
    w = np.asarray(weights, dtype=float)
    names = list(ids) if ids is not None else [str(i) for i in range(len(w))]
    problems = []
    for i in np.flatnonzero(~np.isfinite(w)):
        problems.append(Problem(source, f"weight of '{names[i]}' must be a finite number, got {w[i]}", column=names[i]))
    for i in np.flatnonzero(np.isfinite(w) & (w < 0)):
        problems.append(Problem(source, f"weight of '{names[i]}' must not be negative, got {w[i]:g}", column=names[i]))
    if problems:
        raise ScoringError(problems)
    top = w.max() if w.size else 0.0
    if top <= 0:
        raise ScoringError.at(source, "all weights are zero; give at least one criterion a positive weight")
    w = w / top  # scale by the largest first: 1e308 + 1e308 would overflow to inf and give all zeros
    return w / w.sum()


def normalize_weight_rows(weights: np.ndarray) -> np.ndarray:
    """Row-wise version for many weight vectors at once (samples, participants)."""
    w = np.asarray(weights, dtype=float)
    w = w / w.max(axis=-1, keepdims=True)  # largest first, so huge weights cannot overflow the sum
    return w / w.sum(axis=-1, keepdims=True)


def parse_weight_spec(spec: str, criteria: CriteriaSet, source: str = "--weights") -> dict[str, float]:
    """Parse 'impact=3,cost=1' into a mapping, naming each bad item.

    Values go through the one number parser (scoring.numbers: `1_0`, `nan`, hex refused as in the CSV);
    an empty spec (`""`, `",,,"`), an empty value (`impact=`) and a criterion given twice are errors,
    never a silent default.
    """
    out: dict[str, float] = {}
    problems = []
    known = set(criteria.ids)
    if not spec.strip(" ,"):
        raise ScoringError.at(source, f"expected id=value pairs separated by commas, got '{spec}' "
                                      "(leave the option out to use the default weights)")
    for item in (s.strip() for s in spec.split(",")):
        if not item:  # a stray comma (`a=1,,b=2`, a trailing one) is harmless; an empty value is not
            continue
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            problems.append(Problem(source, f"expected id=value, got '{item}'", column=key or None))
            continue
        if key not in known:
            problems.append(Problem(source, f"unknown criterion '{key}' (known: {', '.join(criteria.ids)})", column=key))
            continue
        if key in out:
            problems.append(Problem(source, f"'{key}' is given twice ({out[key]:g} and {value.strip()}); give each criterion once", column=key))
            continue
        num = parse_number(value)
        if num is None:
            problems.append(Problem(source, f"expected a number for '{key}', got '{value.strip()}'", column=key))
            continue
        if not math.isfinite(num) or num < 0:
            problems.append(Problem(source, f"weight of '{key}' must be a non-negative number, got {value.strip()}", column=key))
            continue
        out[key] = num
    if problems:
        raise ScoringError(problems)
    return out


def resolve_weights(criteria: CriteriaSet, profile: str | None = None,
                    overrides: Mapping[str, float] | None = None, source: str = "weights") -> np.ndarray:
    """Start from the defaults or a profile, apply overrides, and normalize."""
    if profile is not None:
        if profile not in criteria.profiles:
            known = ", ".join(criteria.profiles) or "none defined"
            raise ScoringError.at("--profile", f"unknown profile '{profile}' (known: {known})")
        prof = criteria.profiles[profile].weights
        raw = np.array([prof.get(cid, 0.0) for cid in criteria.ids], dtype=float)
    else:
        raw = criteria.default_weights.copy()
    for cid, value in (overrides or {}).items():
        if cid not in criteria.ids:
            raise ScoringError.at(source, f"unknown criterion '{cid}' (known: {', '.join(criteria.ids)})", column=cid)
        raw[criteria.ids.index(cid)] = value
    return normalize_weights(raw, source, criteria.ids)


def weights_dict(criteria: CriteriaSet, weights: np.ndarray) -> dict[str, float]:
    return {cid: float(w) for cid, w in zip(criteria.ids, weights)}


# ---------------------------------------------------------------- elicitation

def points_allocation(points: Sequence[float], total: float = 100.0) -> np.ndarray:
    """Weights from a fixed budget of points; the budget must be spent exactly."""
    p = np.asarray(points, dtype=float)
    if np.any(p < 0):
        raise ScoringError.at("points", "points must not be negative")
    if not math.isclose(float(p.sum()), total, abs_tol=1e-9):
        raise ScoringError.at("points", f"expected the points to add up to {total:g}, they add up to {p.sum():g}")
    return normalize_weights(p, "points")


def rank_order_centroid(ranks: Sequence[int]) -> np.ndarray:
    """Rank-order centroid weights (Barron & Barrett 1996): w_k = (1/n) sum_{i=k}^{n} 1/i.

    `ranks[j]` is criterion j's position (1 = most important). Tied criteria share the mean of
    the centroid weights of the positions they occupy.
    """
    r = np.asarray(ranks, dtype=int)
    n = len(r)
    if n == 0 or r.min() < 1 or r.max() > n:
        raise ScoringError.at("ranking", f"expected ranks between 1 and {n}")
    centroid = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1] / n  # by position 1..n
    order = np.argsort(r, kind="stable")
    by_position = np.empty(n)
    by_position[order] = centroid
    weights = np.empty(n)
    for value in np.unique(r):  # ties share the mean of their positions' weights
        mask = r == value
        weights[mask] = by_position[mask].mean()
    return weights / weights.sum()


def swing_weights(swings: Sequence[float]) -> np.ndarray:
    """Swing weighting: the most valued swing gets 100, the others a share of it; normalize."""
    s = np.asarray(swings, dtype=float)
    if np.any(s < 0) or np.any(s > 100):
        raise ScoringError.at("swing", "expected swing ratings between 0 and 100")
    return normalize_weights(s, "swing")


@dataclass(frozen=True)
class AhpResult:
    priorities: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    worst_pair: tuple[int, int] | None  # the judgement a[i, j] that departs most from w_i / w_j
    suggested_value: float | None  # w_i / w_j, what a consistent judgement would be

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= 0.1


def ahp_matrix_from_upper(upper: Mapping[tuple[int, int], float], n: int) -> np.ndarray:
    """Build a reciprocal matrix from judgements a[i, j] for i < j."""
    a = np.ones((n, n))
    for (i, j), v in upper.items():
        a[i, j] = v
        a[j, i] = 1.0 / v
    return a


def ahp(matrix: Sequence[Sequence[float]] | np.ndarray, tol: float = 1e-12, max_iter: int = 1000) -> AhpResult:
    """Principal-eigenvector priorities and Saaty's consistency ratio CR = CI / RI."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or n < 1:
        raise ScoringError.at("ahp", f"expected a square matrix, got shape {a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ScoringError.at("ahp", "judgements must be positive numbers")
    if not np.allclose(a * a.T, 1.0, rtol=1e-6):
        raise ScoringError.at("ahp", "expected a reciprocal matrix: a[j][i] must equal 1 / a[i][j]")
    if n > max(RANDOM_INDEX):
        raise ScoringError.at("ahp", f"at most {max(RANDOM_INDEX)} criteria can be compared pairwise")
    w = np.full(n, 1.0 / n)
    for _ in range(max_iter):  # power iteration converges for positive matrices (Perron-Frobenius)
        nxt = a @ w
        nxt /= nxt.sum()
        if np.abs(nxt - w).max() < tol:
            w = nxt
            break
        w = nxt
    lam = float((a @ w / w).mean())
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    suggested = None
    if n > 2:
        err = np.abs(np.log(a * w[None, :] / w[:, None]))
        iu = np.triu_indices(n, 1)
        k = int(np.argmax(err[iu]))
        worst = (int(iu[0][k]), int(iu[1][k]))
        suggested = float(w[worst[0]] / w[worst[1]])
    return AhpResult(w, lam, float(ci), float(cr), worst, suggested)
