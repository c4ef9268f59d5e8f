"""Comparisons a room asks for: non-dominated options, method agreement, value for money, head to head."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .methods import METHODS
from .model import Dataset
from .normalization import normalize
from .ranking import rank
from .sensitivity import flip_points
from .weights import normalize_weights


PARETO_BLOCK_BYTES = 32 * 2**20  # the largest boolean block pareto_mask builds at once
# compare_methods ranks every option under each method and pairs the rankings (Kendall's tau, O(n log n) per pair);
# every step is O(n log n), so the bound is on time: 200,000 options take 4-6 s of CPU in the engine (1,000,000:
# about 25 s), measured by bench/bench_untrusted.py ("compare_methods"). Above it, compare_methods refuses at once.
MAX_COMPARE_OPTIONS = 200_000


def pareto_mask(points: np.ndarray, maximize: Sequence[bool]) -> np.ndarray:
    """True for rows no other row dominates (at least as good everywhere, strictly better somewhere).

    points: (n, m) scores; maximize: (m,) True where more is better. Returns an (n,) bool mask.
    Equal rows never dominate each other, so dominance is decided among the distinct rows (few on
    1-5 scales) and mapped back. Two criteria: a sort and a running maximum (Kung, Luccio & Preparata
    1975, "On finding the maxima of a set of vectors", JACM 22(4)). Otherwise the pairwise comparison runs in blocks of dominating rows so no
    array holds more than PARETO_BLOCK_BYTES (20,000 distinct rows x 2 criteria: ~32 MB at a time,
    where the one-shot (n, n, m) form needed 1.7 GB).
    """
    p = np.asarray(points, dtype=float)
    signs = np.where(np.asarray(maximize, dtype=bool), 1.0, -1.0)
    distinct, inverse = np.unique(p * signs[None, :], axis=0, return_inverse=True)
    u, m = distinct.shape
    if m == 2:  # the trade-off plane: one sort and a running maximum, O(u log u) (Kung, Luccio & Preparata 1975)
        order = np.lexsort((-distinct[:, 1], -distinct[:, 0]))  # x descending, then y descending
        y = distinct[order, 1]
        best_before = np.concatenate(([-np.inf], np.maximum.accumulate(y)[:-1]))
        dominated = np.empty(u, dtype=bool)
        dominated[order] = best_before >= y  # an earlier row has x >= and y >= (rows are distinct: one is strict)
        return ~dominated[inverse.reshape(-1)]
    dominated = np.zeros(u, dtype=bool)
    block = max(1, PARETO_BLOCK_BYTES // max(1, u * max(m, 1)))
    for start in range(0, u, block):  # blocks of candidate dominators, vectorized within a block
        g = distinct[start:start + block]
        ge = (g[:, None, :] >= distinct[None, :, :]).all(axis=2)  # ge[i, k]: i at least as good as k everywhere
        gt = (g[:, None, :] > distinct[None, :, :]).any(axis=2)
        dominated |= (ge & gt).any(axis=0)
    return ~dominated[inverse.reshape(-1)]


TAU_UNDEFINED = "undefined: one ranking ties every option, so there is no order to agree or disagree with"


def kendall_tau(a: Sequence[float], b: Sequence[float]) -> float:
    """Kendall's tau-b between two rankings (Kendall 1945): (concordant - discordant) / sqrt(T_a T_b),
    T_x the pairs not tied in x; ties in either count as neither concordant nor discordant.

    NaN when one ranking ties every option (T_a or T_b is 0): the statistic is then 0 / 0,
    undefined, not 0 ("no association"); TAU_UNDEFINED says why (as scipy.stats.kendalltau, which
    also returns NaN). Shapes: two (n,) rank or score vectors, n >= 2; ScoringError otherwise.
    Computed by scipy.stats.kendalltau (variant 'b', Knight's O(n log n) algorithm), so memory stays
    O(n): the pairwise n x n form needed 3.2 GB per call at 20,000 options (review2 E7).
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(x) != len(y) or len(x) < 2:
        raise ScoringError.at("kendall_tau", "expected two rankings of the same length, at least 2")
    if np.all(x == x[0]) or np.all(y == y[0]):
        return float("nan")  # one ranking ties every option: 0 / 0 (TAU_UNDEFINED)
    from scipy.stats import kendalltau

    return float(kendalltau(x, y, variant="b").statistic)


@dataclass(frozen=True)
class MethodComparison:
    ranks: pd.DataFrame  # id, title, one rank column per method
    taus: pd.DataFrame  # method x method Kendall tau-b; NaN where a method ties every option (TAU_UNDEFINED)

    def lowest_agreement_text(self, labels: dict[str, str] | None = None) -> str:
        """One sentence on the least agreeing pair of methods, saying so when tau is undefined."""
        names = list(self.taus.index)
        lab = labels or {n: n for n in names}
        values = self.taus.to_numpy(dtype=float)
        undefined = [lab[n] for n, row in zip(names, values) if np.isnan(row).all()]
        finite = values[np.isfinite(values)]
        parts = []
        if finite.size:
            parts.append(f"Lowest agreement between two methods: Kendall's tau {finite.min():.2f}.")
        if undefined:
            parts.append(f"Kendall's tau with {', '.join(undefined)} is {TAU_UNDEFINED}.")
        return " ".join(parts)


def check_compare_size(dataset: Dataset, limit: int | None = None) -> None:
    """Refuse comparing methods on more than `limit` (default MAX_COMPARE_OPTIONS) options before any ranking,
    naming the file, its number of options, the bound and what to do instead. ScoringError."""
    limit = MAX_COMPARE_OPTIONS if limit is None else limit
    n = len(dataset.ids)
    if n > limit:
        raise ScoringError.at(dataset.source, f"comparing the methods ranks every option under each of them and pairs "
                              f"the rankings: at most {limit:,} options (a few seconds), this file has {n:,}; rank with "
                              "one method (weighted sum and TOPSIS take any number of options), or compare a smaller "
                              "file (filter the options first)")


def compare_methods(dataset: Dataset, weights: np.ndarray | None = None,
                    normalization: str | None = None, v: float = 0.5,
                    methods: Sequence[str] | None = None) -> MethodComparison:
    """Rank under every method (or those in `methods`, in METHODS order) with the same weights; the
    normalization applies where a method uses one, `v` to VIKOR. ranks: (n options) x (id, title, one rank
    column per method); taus: methods x methods.
    Errors: ScoringError naming the options file when it holds fewer than two options (nothing to order)."""
    if len(dataset.ids) < 2:
        raise ScoringError.at(dataset.source, f"comparing methods needs at least two options to order; this file has "
                                              f"{len(dataset.ids)}")
    check_compare_size(dataset)
    ranks = pd.DataFrame({"id": dataset.ids, "title": dataset.titles})
    names = [m for m in METHODS if methods is None or m in methods]
    for name in names:
        norm = normalization if METHODS[name].default_normalization is not None else None
        options = {"v": v} if name == "vikor" else {}
        table = rank(dataset, weights, name, norm, **options).table.set_index("id")
        ranks[name] = table.loc[dataset.ids, "rank"].to_numpy()
    columns = [ranks[name].to_numpy(dtype=float) for name in names]
    tau = np.empty((len(names), len(names)))
    for a in range(len(names)):  # tau is symmetric: each pair once (and the diagonal as computed, 1 or NaN)
        for b in range(a, len(names)):
            tau[a, b] = tau[b, a] = kendall_tau(columns[a], columns[b])
    return MethodComparison(ranks, pd.DataFrame(tau, index=names, columns=names))


def value_for_money(dataset: Dataset, weights: np.ndarray | None = None) -> pd.DataFrame:
    """Benefit (weighted benefit criteria) against cost (weighted cost criteria), both on 0-1 of the scale.

    Cost is the share of each cost criterion's scale used (higher = costlier); the efficient options are
    those no other option beats on benefit without costing more.
    """
    crit = dataset.criteria
    w = normalize_weights(crit.default_weights if weights is None else weights, "weights", crit.ids)
    v = normalize(dataset.matrix, np.zeros(len(crit), dtype=bool), "scale", crit.scale_min, crit.scale_max)
    cost = crit.is_cost

    def part(mask: np.ndarray) -> np.ndarray:
        wm = np.where(mask, w, 0.0)
        return v @ (wm / wm.sum()) if wm.sum() > 0 else np.zeros(len(v))

    frame = pd.DataFrame({"id": dataset.ids, "title": dataset.titles,
                          "benefit": part(~cost), "cost": part(cost)})
    frame["efficient"] = pareto_mask(frame[["benefit", "cost"]].to_numpy(), [True, False])
    return frame


@dataclass(frozen=True)
class HeadToHead:
    option_a: str
    option_b: str
    table: pd.DataFrame  # criterion, label, weight, contribution_a, contribution_b, difference, flips, sentence
    score_a: float
    score_b: float


def head_to_head(dataset: Dataset, weights: np.ndarray | None, a: str, b: str, method: str = "weighted-sum",
                 normalization: str | None = None, names: Mapping[str, str] | None = None) -> HeadToHead:
    """Per-criterion weighted contributions of two options (weighted sum) and where their order flips (chosen method).

    Table columns: criterion, label, weight, contribution_a, contribution_b, difference, flips (text, 4 decimals),
    flip_points (tuple of every flip weight, full precision: what the sentence's percentage is written from),
    sentence (`names` maps a and b to the names the sentences use; default the ids)."""
    for oid in (a, b):
        if oid not in dataset.ids:
            raise ScoringError.at("head-to-head", f"unknown option '{oid}'", column="id")
    additive = rank(dataset, weights, "weighted-sum", normalization).table.set_index("id")
    chosen = rank(dataset, weights, method, normalization).table.set_index("id")
    fp = flip_points(dataset, a, b, weights, method, normalization, names=names)
    flips = fp.table.set_index("criterion")
    crit = dataset.criteria
    table = pd.DataFrame({
        "criterion": crit.ids,
        "label": [c.label for c in crit.criteria],
        "weight": [float(flips.loc[c, "current_weight"]) for c in crit.ids],
        "contribution_a": additive.loc[a, crit.ids].to_numpy(dtype=float),
        "contribution_b": additive.loc[b, crit.ids].to_numpy(dtype=float),
    })
    table["difference"] = table["contribution_a"] - table["contribution_b"]
    table["flips"] = [flips.loc[c, "flips"] for c in crit.ids]
    table["flip_points"] = [tuple(fp.flips[c]) for c in crit.ids]
    table["sentence"] = [flips.loc[c, "sentence"] for c in crit.ids]
    return HeadToHead(a, b, table, float(chosen.loc[a, "score"]), float(chosen.loc[b, "score"]))


def rank_movement(current: pd.DataFrame, baseline: pd.DataFrame) -> pd.Series:
    """Places moved against a baseline ranking, per id: positive means the option moved up."""
    base = baseline.set_index("id")["rank"]
    now = current.set_index("id")["rank"]
    return (base.reindex(now.index) - now).astype(int)
