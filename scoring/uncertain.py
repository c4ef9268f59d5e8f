"""Scores that rest on judgement as uncertainty: widen them, and see what the ranking does over the range.

A score whose evidence row has basis `silent` (the text says nothing) is our judgement, so by default
the analyses treat it as uncertain: over its own `_low`/`_high` range when it has one, else over the
criterion's whole scale. `--uncertain silent,inference` widens inferred scores too; `--uncertain none`
switches this off. Data without a basis column (basis 'unknown') is never widened.

Also: how much of an option's weighted-sum score rests on text, inference or silence (`basis_shares`),
and each option's best and worst rank when every uncertain score goes to its bound (`rank_bounds`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .model import BASES, UNKNOWN_BASIS, Dataset
from .order import natural_series_key
from .ranking import evaluate, rank_scores

DEFAULT_UNCERTAIN: tuple[str, ...] = ("silent",)
BASIS_ORDER: tuple[str, ...] = (*BASES, UNKNOWN_BASIS)


def parse_uncertain(spec: str | None, source: str = "--uncertain") -> tuple[str, ...]:
    """'silent', 'silent,inference' or 'none' -> the bases to widen; None -> DEFAULT_UNCERTAIN."""
    if spec is None:
        return DEFAULT_UNCERTAIN
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if parts == ["none"]:
        return ()
    bad = [p for p in parts if p not in ("silent", "inference")]
    if bad or not parts:
        raise ScoringError.at(source, f"expected 'none' or a comma list of silent, inference; got '{spec}'")
    return tuple(dict.fromkeys(parts))


def uncertain_mask(dataset: Dataset, bases: Sequence[str]) -> np.ndarray:
    """(n, m) bool: cells whose basis is one of `bases`."""
    return np.isin(dataset.basis_matrix(), list(bases)) if bases else np.zeros((len(dataset.options), len(dataset.criteria)), bool)


def widen(dataset: Dataset, bases: Sequence[str] = DEFAULT_UNCERTAIN) -> Dataset:
    """A copy whose cells with basis in `bases` carry an uncertainty range: their own if it spans more
    than the score, else the criterion's full scale. Other cells keep theirs. Returns `dataset` when
    nothing is widened."""
    mask = uncertain_mask(dataset, bases)
    low, high = dataset.low, dataset.high
    no_range = mask & ~(high > low)
    if not no_range.any():
        return dataset
    crit = dataset.criteria
    new_low = np.where(no_range, crit.scale_min[None, :], low)
    new_high = np.where(no_range, crit.scale_max[None, :], high)
    opts = dataset.options.copy()
    for j, cid in enumerate(crit.ids):
        if no_range[:, j].any():
            opts[f"{cid}_low"] = new_low[:, j]
            opts[f"{cid}_high"] = new_high[:, j]
    return replace(dataset, options=opts)


def basis_shares(contributions: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Share of each option's weighted-sum score by basis.

    contributions: (n, m) non-negative weighted contributions (weight x normalized score, as in the
    Rank view); basis: (n, m) basis strings. Returns (n, 4) shares in BASIS_ORDER (text, inference,
    silent, unknown), each row summing to 1 (all zero for an option whose score is 0).
    """
    c = np.clip(np.asarray(contributions, dtype=float), 0, None)
    total = c.sum(axis=1, keepdims=True)
    per = np.stack([(c * (basis == b)).sum(axis=1) for b in BASIS_ORDER], axis=1)
    return np.divide(per, total, out=np.zeros_like(per), where=total > 0)


def basis_share_table(dataset: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """id plus the share of the score from text / inference / silent / unknown, for a weighted-sum
    ranked table (one contribution column per criterion), in the table's order."""
    rows = pd.Index(dataset.ids).get_indexer(table["id"])
    shares = basis_shares(table[dataset.criteria.ids].to_numpy(dtype=float), dataset.basis_matrix()[rows])
    return pd.DataFrame({"id": table["id"].to_numpy(), **{b: shares[:, k] for k, b in enumerate(BASIS_ORDER)}})


def beaten_counts(best: np.ndarray, worst: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """For each option i (n,): how many others j have worst_j > best_i + tol (they beat i even at i's best),
    and how many have best_j > worst_i + tol (they beat i at i's worst). Sorted counts, O(n log n) time and
    O(n) memory (the (n, n) comparison it replaced took 10 GB at 100,000 options)."""
    best, worst = np.asarray(best, float), np.asarray(worst, float)
    n = best.size
    at_best = n - np.searchsorted(np.sort(worst), best + tol, side="right") - (worst > best + tol)
    at_worst = n - np.searchsorted(np.sort(best), worst + tol, side="right") - (best > worst + tol)
    return at_best.astype(np.int64), at_worst.astype(np.int64)


def rank_bounds(dataset: Dataset, weights: np.ndarray, method: str = "weighted-sum", normalization: str | None = None,
                bases: Sequence[str] = DEFAULT_UNCERTAIN, **options: Any) -> pd.DataFrame:
    """Best and worst rank of each option when its uncertain scores (ranges, widened by `bases`) go to
    their best bound and everyone else's to their worst, and the other way round.

    Exact for methods whose score of an option depends only on its own row and rises with each benefit
    score (the weighted sum with the default scale normalization); for the others both corner matrices
    are evaluated as a whole, an approximation. Columns: id, title, rank, best_rank, worst_rank,
    uncertain (how many of the option's scores have a range).
    """
    ds = widen(dataset, bases)
    crit = ds.criteria
    benefit = ~crit.is_cost[None, :]
    good = np.where(benefit, ds.high, ds.low)
    bad = np.where(benefit, ds.low, ds.high)
    base = evaluate(ds.matrix, crit, weights, method, normalization, **options)
    hi_s = evaluate(good, crit, weights, method, normalization, **options).scores
    lo_s = evaluate(bad, crit, weights, method, normalization, **options).scores
    sign = 1.0 if base.higher_is_better else -1.0
    best_i, worst_i = sign * hi_s, sign * lo_s
    best_rank, worst_rank = beaten_counts(best_i, worst_i)
    return pd.DataFrame({
        "id": ds.ids, "title": ds.titles, "rank": rank_scores(base.scores, base.higher_is_better),
        "best_rank": 1 + best_rank, "worst_rank": 1 + worst_rank,
        "uncertain": (ds.high > ds.low).sum(axis=1),
    }).sort_values(["rank", "id"], kind="stable",  # ties: ids in natural order (scoring.order)
                   key=lambda col: natural_series_key(col) if col.name == "id" else col).reset_index(drop=True)
