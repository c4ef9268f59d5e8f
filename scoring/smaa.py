"""SMAA-2 (Lahdelma & Salminen 2001): how likely is each option to take each rank?

Weights are drawn uniformly from the simplex (Dirichlet(1, ..., 1)) or from a Dirichlet centred on
the current weights; scores are optionally drawn from each option's `_low`/`_high` range. Every
draw is scored and ranked in vectorized chunks so memory stays bounded whatever the sample count.

Reported, per Lahdelma & Salminen (2001):
- rank acceptability b[i, r]: the share of draws in which option i takes rank r + 1;
- central weight vector: the mean of the weights under which option i comes first;
- confidence factor: the share of score draws in which option i comes first when its central
  weights are used.

Ties share probability equally: when t options tie over ranks r .. r + t - 1 in a draw, each of
them receives 1/t of each of those ranks. Every row and every column of the acceptability matrix
therefore sums to 1, and a tied first place gives each tied option 1/t of the "win" (also for the
central weights and the confidence factors).

Reproducibility: `seed` feeds numpy's SeedSequence, which spawns independent streams for weights,
scores and the confidence draws; each stream is consumed in order, so the result for a given seed
does not depend on the chunk size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .errors import ScoringError
from .methods import _row_searchsorted, check_vikor_v, get_method, preference_flows  # noqa: F401 (re-exported)
from .model import CriteriaSet, Dataset
from .normalization import normalize, product_values
from .ranking import TIE_TOL, check_normalization, evaluate, rank_scores  # one tie rule for ranks and SMAA
from .weights import normalize_weights

WEIGHT_MODES: tuple[str, ...] = ("uniform", "dirichlet")
SCORE_MODES: tuple[str, ...] = ("none", "uniform", "triangular")
MAX_SAMPLES = 5_000_000  # beyond this a run takes minutes and the extra digits mean nothing
SAMPLES_WHY = "10,000-100,000 already give acceptabilities to within 1%"
MAX_SEED = 2**64 - 1  # numpy's SeedSequence takes any whole number >= 0; one 64-bit word is plenty
DEFAULT_SAMPLES = 10_000
DEFAULT_CONCENTRATION = 20.0
ALPHA_FLOOR = 0.05  # Dirichlet parameter given to criteria whose current weight is 0
# Draws per chunk: about 2**18 scores (or 2**20 matrix cells when each draw has its own matrix),
# which keeps every intermediate array within a few MB, in cache, whatever the sample count.
SCORES_PER_CHUNK = 1 << 18
CELLS_PER_CHUNK = 1 << 20
MAX_CHUNK = 2000
CONFIDENCE_SAMPLES = 1000


# ---------------------------------------------------------------- batched scoring

def _normalize_stack(x: np.ndarray, is_cost: np.ndarray, norm: str, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """`normalize` for an (n, m) matrix or a (k, n, m) stack, column by column within each matrix.

    Every normalization works on one column at a time, so a stack is laid side by side as an
    (n, k * m) matrix and handed to the core function unchanged.
    """
    if x.ndim == 2 or norm == "scale":  # 'scale' is cell by cell: it broadcasts over a stack as is
        return normalize(x, is_cost, norm, lo, hi)
    k, n, m = x.shape
    flat = x.transpose(1, 0, 2).reshape(n, k * m)
    v = normalize(flat, np.tile(is_cost, k), norm, np.tile(lo, k), np.tile(hi, k))
    return v.reshape(n, k, m).transpose(1, 0, 2)


def _unit_rows(a: np.ndarray) -> np.ndarray:
    lo, hi = a.min(axis=-1, keepdims=True), a.max(axis=-1, keepdims=True)
    span = hi - lo
    return np.divide(a - lo, span, out=np.zeros_like(a), where=span > 0)


@dataclass(frozen=True)
class Prepared:
    """The weight-independent part of a method, computed once per matrix (or per drawn matrix).

    `parts` is (n, m) or (k, n, m): normalized values (weighted sum, TOPSIS), logs (weighted
    product), per-criterion net flows / (n - 1) (PROMETHEE II) or regret gaps (VIKOR).
    """

    method: str
    parts: np.ndarray
    zero: np.ndarray | None = None  # weighted product: cells whose value is 0
    v: float = 0.5  # VIKOR's weight of the group utility

    @property
    def higher_is_better(self) -> bool:
        return self.method != "vikor"


def prepare(matrix: np.ndarray, criteria: CriteriaSet, method: str = "weighted-sum",
            normalization: str | None = None, **options: Any) -> Prepared:
    """Normalize (or compute flows / gaps for) an (n, m) matrix or a (k, n, m) stack of matrices."""
    x = np.asarray(matrix, dtype=float)
    get_method(method)
    norm = check_normalization(method, normalization)
    cost, lo, hi = criteria.is_cost, criteria.scale_min, criteria.scale_max
    if method in ("weighted-sum", "topsis"):
        return Prepared(method, _normalize_stack(x, cost, norm, lo, hi))
    if method == "topsis-scale":  # always the declared scale: v = 1 at the ideal, 0 at the anti-ideal
        return Prepared(method, _normalize_stack(x, cost, "scale", lo, hi))
    if method == "weighted-product":
        v = product_values(x, cost, norm, lo, hi)
        zero = v <= 0
        return Prepared(method, np.log(np.where(zero, 1.0, v)), zero)
    if method == "promethee":
        return Prepared(method, _promethee_parts(x, criteria))
    if method == "vikor":
        best = np.where(cost, x.min(axis=-2, keepdims=True), x.max(axis=-2, keepdims=True))
        worst = np.where(cost, x.max(axis=-2, keepdims=True), x.min(axis=-2, keepdims=True))
        span = best - worst
        gap = np.divide(best - x, span, out=np.zeros(np.broadcast_shapes(x.shape, span.shape)), where=span != 0)
        return Prepared(method, gap, v=check_vikor_v(options.get("v", 0.5)))
    raise ScoringError.at("--method", f"method '{method}' cannot be scored in batch")  # pragma: no cover


def combine(prep: Prepared, weights: np.ndarray) -> np.ndarray:
    """Scores (k, n) from prepared parts and weights: (k, m) rows, paired with a (k, n, m) stack
    row by row or all applied to one (n, m) matrix; or one (m,) vector applied to every matrix."""
    w = np.asarray(weights, dtype=float)
    p = prep.parts
    stacked = p.ndim == 3
    if w.ndim == 1:
        w = np.broadcast_to(w, (p.shape[0] if stacked else 1, w.size))
    if prep.method in ("weighted-sum", "promethee"):
        return np.einsum("knm,km->kn", p, w) if stacked else w @ p.T
    if prep.method == "weighted-product":
        active = (w > 0).astype(float)  # 0 ** 0 counts as 1, as in methods.weighted_product
        z = prep.zero.astype(float)
        if stacked:
            total, killed = np.einsum("knm,km->kn", p, w), np.einsum("knm,km->kn", z, active) > 0
        else:
            total, killed = w @ p.T, active @ z.T > 0
        return np.where(killed, 0.0, np.exp(total))
    vw = (p if stacked else p[None, :, :]) * w[:, None, :]
    if prep.method == "topsis-scale":  # ideal w_j (v = 1), anti-ideal 0, as in methods.topsis_scale
        d_worst = np.sqrt((vw ** 2).sum(axis=2))
        d_best = np.sqrt(((w[:, None, :] - vw) ** 2).sum(axis=2))
        total = d_best + d_worst
        return np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    if prep.method == "topsis":
        d_best = np.sqrt(((vw - vw.max(axis=1, keepdims=True)) ** 2).sum(axis=2))
        d_worst = np.sqrt(((vw - vw.min(axis=1, keepdims=True)) ** 2).sum(axis=2))
        total = d_best + d_worst
        return np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return prep.v * _unit_rows(vw.sum(axis=2)) + (1 - prep.v) * _unit_rows(vw.max(axis=2))  # VIKOR Q


def batch_scores(matrix: np.ndarray, criteria: CriteriaSet, weights: np.ndarray, method: str = "weighted-sum",
                 normalization: str | None = None, **options: Any) -> tuple[np.ndarray, bool]:
    """Scores (k, n) for k weight rows, equal to calling `ranking.evaluate` once per row.

    `matrix` is either one (n, m) matrix shared by every row or a (k, n, m) stack, row s scored
    with weights[s]. Loops run over criteria only; callers chunk k to bound memory.
    """
    prep = prepare(matrix, criteria, method, normalization, **options)
    return combine(prep, np.atleast_2d(np.asarray(weights, dtype=float))), prep.higher_is_better


def _promethee_parts(x: np.ndarray, criteria: CriteriaSet) -> np.ndarray:
    """Net flow per criterion / (n - 1), (n, m) or (k, n, m): the net flow is their weighted sum,
    linear in the weights. Each criterion's flows come from methods.preference_flows (all six
    preference functions), for every matrix of a stack at once."""
    n, m = x.shape[-2], x.shape[-1]
    if n < 2:
        return np.zeros(x.shape)
    prefs = criteria.preferences
    cost = criteria.is_cost
    stack = x if x.ndim == 3 else x[None]
    by_criterion = np.ascontiguousarray(stack.transpose(2, 0, 1))  # contiguous rows sort much faster
    flows = np.empty(stack.shape)
    for j in range(m):
        g = -by_criterion[j] if cost[j] else by_criterion[j]
        plus, minus = preference_flows(g, prefs[j])
        flows[:, :, j] = plus - minus
    flows /= n - 1
    return flows if x.ndim == 3 else flows[0]


# ---------------------------------------------------------------- sampling

def sample_weights(rng: np.random.Generator, k: int, weights: np.ndarray, mode: str = "uniform",
                   concentration: float = DEFAULT_CONCENTRATION) -> np.ndarray:
    """k weight vectors on the simplex, shape (k, m), drawn as normalized Gamma variates (a Dirichlet draw).

    uniform    Dirichlet(1, ..., 1): every weight vector equally likely (Lahdelma & Salminen 2001, Oper. Res. 49(3):
               missing weight information as a uniform distribution on the weight simplex).
    dirichlet  Dirichlet(alpha) with alpha = concentration * w: mean w, spread shrinking as the
               concentration grows (variance w(1 - w) / (concentration + 1)); Tervonen & Figueira 2008
               (J. Multi-Crit. Decis. Anal. 15, 1-14) survey weight distributions other than uniform.
    A Dirichlet parameter must be > 0 (Kotz, Balakrishnan & Johnson 2000, Continuous Multivariate
    Distributions, ch. 49), so only what would be 0 is floored: a criterion whose weight is 0 gets
    alpha = ALPHA_FLOOR * min(1, concentration / DEFAULT_CONCENTRATION) (a little weight, never
    more than a weighted criterion as the concentration shrinks). Weighted criteria keep concentration * w
    exactly, so at a small concentration the draw tends to a corner of the simplex, criterion i with probability w_i.
    Parameters below 1 are drawn in logs (Marsaglia & Tsang 2000, ACM TOMS 26(3), 363-372:
    G(a) = G(a + 1) * U^(1/a)), log(U) / alpha computed as log(U) / (alpha / concentration) /
    concentration, so that tiny parameters (even concentration * w below 1e-308) do not underflow; a row whose logs all
    overflow is its limit, the corner chosen with probability proportional to w.
    """
    w = np.asarray(weights, dtype=float)
    m = w.size
    if mode == "uniform":
        alpha = np.ones(m)
        share = alpha
    elif mode == "dirichlet":
        share = np.where(w > 0, w, ALPHA_FLOOR * min(1.0 / concentration, 1.0 / DEFAULT_CONCENTRATION))  # alpha / concentration
        alpha = concentration * share  # may underflow to 0 for a tiny concentration: drawn in logs below
    else:
        raise ScoringError.at("--weights-mode", f"unknown weights mode '{mode}' (expected one of: {', '.join(WEIGHT_MODES)})")
    if alpha.min() >= 1.0:
        g = rng.standard_gamma(np.broadcast_to(alpha, (k, m)))
        total = g.sum(axis=1, keepdims=True)
        dead = total[:, 0] <= 0
        if dead.any():
            g[dead] = w
            total[dead] = w.sum()
        return g / total
    # One Gamma call per row-major block (shapes alpha + 1, then 1 for -log U ~ Exp(1)) keeps the draws
    # independent of how the k rows are split into chunks.
    both = rng.standard_gamma(np.broadcast_to(np.concatenate([alpha + 1.0, np.ones(m)]), (k, 2 * m)))
    log_u = -both[:, m:]  # log U, U uniform on (0, 1]
    with np.errstate(divide="ignore", over="ignore"):
        lg = np.log(both[:, :m]) + log_u / share / concentration
    top = lg.max(axis=1, keepdims=True)
    lost = ~np.isfinite(top[:, 0])
    if lost.any():  # limit alpha -> 0: argmax of log(U_i) / alpha_i, scaled so that it stays finite
        corner = np.argmax(log_u[lost] / (share / share.max()), axis=1)
        lg[lost] = -np.inf
        lg[lost, corner] = 0.0
        top[lost] = 0.0
    e = np.exp(lg - top)
    return e / e.sum(axis=1, keepdims=True)


def sample_scores(rng: np.random.Generator, k: int, score: np.ndarray, low: np.ndarray, high: np.ndarray,
                  mode: str) -> np.ndarray:
    """k matrices (k, n, m) with each cell drawn from [low, high]: uniform, or triangular with mode at the score.

    Cells without a range (low == high) keep their score and use no random numbers. The triangular
    draw is by inverse CDF so that one uniform number per cell serves both modes.
    """
    x = np.broadcast_to(score, (k, *score.shape)).copy()
    ranged = high > low
    if not ranged.any() or k == 0:
        return x
    a, b, c = low[ranged], high[ranged], score[ranged]
    u = rng.random((k, a.size))
    if mode == "uniform":
        vals = a + u * (b - a)
    elif mode == "triangular":
        width = b - a
        cut = (c - a) / width
        left = a + np.sqrt(u * width * (c - a))
        right = b - np.sqrt((1.0 - u) * width * (b - c))
        vals = np.where(u < cut, left, right)
    else:
        raise ScoringError.at("--score-mode", f"unknown score mode '{mode}' (expected one of: {', '.join(SCORE_MODES)})")
    x[:, ranged] = vals
    return x


def check_weight_samples(samples: np.ndarray, m: int, source: str = "weight samples") -> np.ndarray:
    """Validate an explicit (k, m) array of weight vectors (e.g. workshop participants) and normalize rows."""
    w = np.asarray(samples, dtype=float)
    if w.ndim != 2 or w.shape[1] != m or w.shape[0] < 1:
        raise ScoringError.at(source, f"expected a (k, {m}) array of weights with k >= 1, got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ScoringError.at(source, "weights must be finite and non-negative")
    sums = w.sum(axis=1)
    if np.any(sums <= 0):
        raise ScoringError.at(source, f"weight row {int(np.flatnonzero(sums <= 0)[0]) + 1} is all zeros")
    return w / sums[:, None]


# ---------------------------------------------------------------- ranks with shared ties

def rank_shares(scores: np.ndarray, higher_is_better: bool, ranks: int | None = None,
                full_sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per-draw rank counts with ties shared: (n, K) counts[i, r] for ranks r < K, and (k, n) shares of first place.

    K = `ranks` (default n: the full table). Untied positions are counted with one bincount; only the
    (usually few) tied runs go through a difference array that spreads 1/t over the t ranks the run
    covers, clipped to the first K. With K < n only the smallest 2K + 16 keys of each draw are sorted
    (argpartition first); a draw whose tie from rank K on reaches the end of that slice is recounted
    with the full sort, so the result is always the full table's first K columns. Memory: O(n K + k n).
    """
    k, n = scores.shape
    kk = n if ranks is None else int(min(ranks, n))
    key = -scores if higher_is_better else scores
    span = n if full_sort else min(n, 2 * kk + 16)  # positions sorted: all of them, or the first few beyond K
    if span < n:  # only the first K ranks: partition, then sort just the smallest `span` of each draw
        part = np.argpartition(key, span - 1, axis=1)[:, :span]
        sub = np.take_along_axis(key, part, axis=1)
        inner = np.argsort(sub, axis=1)
        order = np.take_along_axis(part, inner, axis=1)
        srt = np.take_along_axis(sub, inner, axis=1)
        ties = (srt[:, 1:] - srt[:, :-1]) <= TIE_TOL
        if ties[:, kk - 1:].all(axis=1).any():  # a tie from rank K on could run past what was sorted
            return rank_shares(scores, higher_is_better, kk, full_sort=True)
    else:
        order = np.argsort(key, axis=1)
        srt = np.take_along_axis(key, order, axis=1)
        ties = (srt[:, 1:] - srt[:, :-1]) <= TIE_TOL
    win = np.zeros((k, n))
    n_sorted = span  # row width of order/srt; option indices stay < n
    pos = np.arange(kk)
    counts = np.bincount((order[:, :kk] * kk + pos[None, :]).ravel(), minlength=n * kk).reshape(n, kk).astype(float)
    win[np.arange(k), order[:, 0]] = 1.0
    if not ties.any():
        return counts, win
    # correct the tied runs: take back their single counts and spread 1/t over the ranks they cover
    w_ = n_sorted
    nxt = np.zeros((k, w_), dtype=bool)  # tied with the next position
    nxt[:, :-1] = ties
    prv = np.zeros((k, w_), dtype=bool)  # tied with the previous position
    prv[:, 1:] = ties
    starts = np.flatnonzero(nxt & ~prv)
    ends = np.flatnonzero(prv & ~nxt)
    keep = starts % w_ < kk  # runs starting beyond the first K ranks touch nothing we count
    starts, ends = starts[keep], ends[keep]
    size = ends - starts + 1
    members = np.repeat(starts, size) + (np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size))
    share = np.repeat(1.0 / size, size)
    first = np.repeat(starts % w_, size)
    last = np.minimum(np.repeat(ends % w_, size), kk - 1)
    at = members % w_
    opt = order.ravel()[members]
    width = kk + 1
    base = opt * width
    counted = at < kk  # only positions inside the first K were counted above
    idx = np.concatenate([base + first, base + last + 1, (base + at)[counted], (base + at + 1)[counted]])
    val = np.concatenate([share, -share, -np.ones(counted.sum()), np.ones(counted.sum())])
    spread = np.bincount(idx, weights=val, minlength=n * width).reshape(n, width)
    counts += np.cumsum(spread, axis=1)[:, :kk]
    np.maximum(counts, 0.0, out=counts)  # the running sum leaves -1e-17 where a share was taken back
    top = first == 0
    win[members[top] // w_, opt[top]] = share[top]
    return counts, win


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class SmaaResult:
    ids: tuple[str, ...]
    titles: tuple[str, ...]
    criteria: tuple[str, ...]
    acceptability: np.ndarray  # (n, K): [option, rank - 1]; K = n unless only the first K ranks were asked for
    central_weights: np.ndarray  # (n, m); NaN rows for options that never come first
    confidence: np.ndarray  # (n,); NaN for options that never come first
    base_rank: np.ndarray  # (n,) competition rank under the current weights and scores
    samples: int
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """False when only the first K < n ranks were computed (expected rank and intervals are then unknown)."""
        return self.acceptability.shape[1] == len(self.ids)

    @property
    def expected_rank(self) -> np.ndarray:
        n = len(self.ids)
        if not self.complete:
            return np.full(n, np.nan)
        return self.acceptability @ np.arange(1, n + 1)

    def rank_interval(self, coverage: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """Central interval of each option's rank distribution holding `coverage` of the draws."""
        tail = (1.0 - coverage) / 2
        cdf = np.cumsum(self.acceptability, axis=1)
        lo = (cdf < tail - 1e-12).sum(axis=1) + 1
        hi = (cdf < 1.0 - tail - 1e-12).sum(axis=1) + 1
        return lo, np.minimum(hi, len(self.ids))

    def fragile(self, first_below: float = 0.5, max_span: int = 3, coverage: float = 0.9) -> np.ndarray:
        """Options whose rank is fragile: the current top with rank-1 acceptability below `first_below`,
        or any option whose `coverage` rank interval spans more than `max_span` ranks."""
        lo, hi = self.rank_interval(coverage)
        top = (self.base_rank == 1) & (self.acceptability[:, 0] < first_below)
        return top | ((hi - lo + 1) > max_span)

    def table(self, coverage: float = 0.9) -> pd.DataFrame:
        """One row per option, ordered by expected rank: summary columns then rank_1 .. rank_n.

        With only the first K ranks: id, title, base_rank, first, top_K (the chance to be in the top K),
        confidence, rank_1 .. rank_K, ordered by top_K then first."""
        if not self.complete:
            kk = self.acceptability.shape[1]
            frame = pd.DataFrame({"id": list(self.ids), "title": list(self.titles), "base_rank": self.base_rank,
                                  "first": self.acceptability[:, 0], f"top_{kk}": self.acceptability.sum(axis=1),
                                  "confidence": self.confidence})
            ranks = pd.DataFrame(self.acceptability, columns=[f"rank_{r + 1}" for r in range(kk)])
            frame = pd.concat([frame, ranks], axis=1)
            order = np.lexsort((np.arange(len(frame)), self.base_rank, -self.acceptability[:, 0],
                                -frame[f"top_{kk}"].to_numpy()))
            return frame.iloc[order].reset_index(drop=True)
        lo, hi = self.rank_interval(coverage)
        frame = pd.DataFrame({
            "id": list(self.ids), "title": list(self.titles), "base_rank": self.base_rank,
            "first": self.acceptability[:, 0], "expected_rank": np.round(self.expected_rank, 4),
            "rank_low": lo, "rank_high": hi, "confidence": self.confidence,
            "fragile": self.fragile(coverage=coverage),
        })
        ranks = pd.DataFrame(self.acceptability, columns=[f"rank_{r + 1}" for r in range(len(self.ids))])
        frame = pd.concat([frame, ranks], axis=1)  # one block: inserting n columns one by one was O(n^2) (2,000: 3.4 s)
        order = np.lexsort((np.arange(len(frame)), self.base_rank, frame["expected_rank"].to_numpy()))
        return frame.iloc[order].reset_index(drop=True)

    def central_table(self) -> pd.DataFrame:
        frame = pd.DataFrame({"id": list(self.ids), "title": list(self.titles), "first": self.acceptability[:, 0],
                              "confidence": self.confidence})
        for j, cid in enumerate(self.criteria):
            frame[cid] = self.central_weights[:, j]
        return frame[frame["first"] > 0].sort_values("first", ascending=False, kind="stable").reset_index(drop=True)

    def long(self, only: Iterable[str] | None = None) -> pd.DataFrame:
        """Tidy (option, rank, probability) rows for charts: one per option and rank (n x K rows), or for the
        options in `only` (a chart of the first few: 2,000 options with long titles made gigabytes of rows)."""
        n, kk = len(self.ids), self.acceptability.shape[1]
        rows = np.arange(n) if only is None else np.flatnonzero(np.isin(np.array(self.ids, dtype=object),
                                                                        np.array(list(only), dtype=object)))
        ids, titles = np.array(self.ids, dtype=object)[rows], np.array(self.titles, dtype=object)[rows]
        return pd.DataFrame({
            "id": np.repeat(ids, kk), "title": np.repeat(titles, kk),
            "rank": np.tile(np.arange(1, kk + 1), rows.size), "probability": self.acceptability[rows].ravel(),
            "expected_rank": np.repeat(self.expected_rank[rows], kk),
        })


def check_settings(samples: int, weights_mode: str, concentration: float, score_mode: str, seed: int | None = 0) -> None:
    """Refuse unusable settings with a message naming the option, before any work is done."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ScoringError.at("--seed", f"expected a whole number >= 0 as seed, got {seed}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples <= 0:
        raise ScoringError.at("--samples", f"expected a positive whole number of samples, got {samples}")
    if samples > MAX_SAMPLES:
        raise ScoringError.at("--samples", f"at most {MAX_SAMPLES:,} samples, got {samples:,}; {SAMPLES_WHY}")
    if weights_mode not in WEIGHT_MODES:
        raise ScoringError.at("--weights-mode", f"unknown weights mode '{weights_mode}' (expected one of: {', '.join(WEIGHT_MODES)})")
    if not np.isfinite(concentration) or concentration <= 0:
        raise ScoringError.at("--concentration", f"expected a concentration above 0, got {concentration:g}")
    if score_mode not in SCORE_MODES:
        raise ScoringError.at("--score-mode", f"unknown score mode '{score_mode}' (expected one of: {', '.join(SCORE_MODES)})")


# What one analysis may allocate. SMAA keeps an (options x ranks) table several times over (counts, the
# per-chunk bincount, the tie spread, the output frame): 82,081 options asked for 50 GiB and 5,000 options
# took 2.9 GB. Above this bound the run is refused before allocating, and `ranks` (the first K ranks)
# gives the usual question at that size, "how likely is each option to be in the top K", in O(n K).
MAX_ANALYSIS_BYTES = 256 * 2**20
TABLE_COPIES = 4  # counts, bincount, tie spread, output frame


def estimate_bytes(n: int, m: int, ranks: int, chunk: int) -> int:
    """Peak bytes of an SMAA run, estimated before allocating: the (n, K) tables and one chunk of draws."""
    table = TABLE_COPIES * n * ranks * 8
    per_chunk = chunk * n * (6 * 8 + m * 8)  # scores, keys, order, sorted, ties, wins; per-draw matrices
    return table + per_chunk + n * m * 8 * 4


def _size(nbytes: float) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{nbytes:.0f} bytes"


def check_allocation(n: int, m: int, ranks: int, chunk: int, limit: int | None = None) -> None:
    """Refuse an analysis whose estimate exceeds `limit` (default MAX_ANALYSIS_BYTES), saying what would fit."""
    limit = MAX_ANALYSIS_BYTES if limit is None else limit
    need = estimate_bytes(n, m, ranks, chunk)
    if need <= limit:
        return
    fits = max(0, (limit - estimate_bytes(n, m, 0, chunk)) // (TABLE_COPIES * n * 8))
    hint = (f"ask for the first K ranks only (--ranks K, K <= {fits:,}): the chance of each option to be in the top K"
            if fits >= 1 else "reduce the number of options (filter them) first")
    raise ScoringError.at("--ranks" if ranks < n else "options",
                          f"rank acceptability of {n:,} options over {ranks:,} ranks needs about {_size(need)}, "
                          f"above the limit of {_size(limit)}; {hint}")


# SMAA with PROMETHEE's Gaussian preference and drawn scores: every draw holds new distinct scores, so the
# Gaussian pairs options within each draw (methods._gaussian_rows): n^2 pairs per draw and Gaussian criterion,
# memory bounded per batch (methods.PAIRS_PER_BLOCK) but time not. 1e9 pairs take 9-10 s of CPU on a shared core
# (bench/bench_untrusted.py, "SMAA Gaussian"); the per-batch check in methods._gaussian_pairs never sees more.
MAX_SMAA_GAUSSIAN_PAIRS = 1_000_000_000


def check_gaussian_draws(n: int, criteria: CriteriaSet, ranged: np.ndarray, samples: int, confidence_samples: int,
                         limit: int | None = None) -> None:
    """Refuse SMAA whose drawn scores meet the Gaussian preference on more pairs than `limit` (default
    MAX_SMAA_GAUSSIAN_PAIRS): (samples + confidence draws) x n^2 x (Gaussian criteria with a range), before any
    draw; `ranged` (m,) marks criteria with at least one low < high. ScoringError naming the sizes and what fits."""
    limit = MAX_SMAA_GAUSSIAN_PAIRS if limit is None else limit
    gauss = [c.label for c, p, r in zip(criteria.criteria, criteria.preferences, ranged) if p.type == "gaussian" and r]
    if not gauss or n < 2:
        return
    per_draw = n * n * len(gauss)
    total = (samples + min(confidence_samples, samples)) * per_draw
    if total <= limit:
        return
    fits = max(min(limit // per_draw - confidence_samples, limit // per_draw), limit // (2 * per_draw), 0)
    which = ", ".join(gauss)
    fewer = f"at most {fits:,} samples, " if fits >= 100 else ""
    raise ScoringError.at("--samples", f"with drawn scores the Gaussian preference ({which}) compares every pair of "
                          f"options in every draw: {n:,} x {n:,} options x {samples + min(confidence_samples, samples):,} "
                          f"draws x {len(gauss)} criteri{'on' if len(gauss) == 1 else 'a'} = {total:,} pairs, above the {limit:,} (about 10 s) one "
                          f"analysis may take; use {fewer}the linear or v-shape preference (any number of options), "
                          "or keep the scores as scored (--score-mode none)")


def _chunk_for(n: int, m: int, per_draw_matrix: bool, chunk_size: int | None) -> int:
    if chunk_size is not None:
        if chunk_size < 1:
            raise ScoringError.at("chunk_size", f"expected a chunk size of at least 1, got {chunk_size}")
        return int(chunk_size)
    budget = CELLS_PER_CHUNK // max(n * m, 1) if per_draw_matrix else SCORES_PER_CHUNK // max(n, 1)
    return int(np.clip(budget, 16, MAX_CHUNK))


def smaa_arrays(matrix: np.ndarray, low: np.ndarray, high: np.ndarray, criteria: CriteriaSet,
                weights: np.ndarray | None = None, method: str = "weighted-sum", normalization: str | None = None, *,
                samples: int = DEFAULT_SAMPLES, seed: int | None = 0, weights_mode: str = "uniform",
                concentration: float = DEFAULT_CONCENTRATION, score_mode: str = "none",
                weight_samples: np.ndarray | None = None, chunk_size: int | None = None,
                confidence_samples: int = CONFIDENCE_SAMPLES, ids: list[str] | None = None,
                titles: list[str] | None = None, ranks: int | None = None, **options: Any) -> SmaaResult:
    """SMAA-2 on raw arrays; see `smaa` for the dataset-level entry point.

    `ranks` = K computes the acceptability of the first K ranks only, an (n, K) table (default: all n).
    Refused with a ScoringError before allocating when the estimate exceeds MAX_ANALYSIS_BYTES.
    """
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    get_method(method)
    norm = check_normalization(method, normalization)
    w0 = normalize_weights(criteria.default_weights if weights is None else weights, "weights", criteria.ids)
    given = None
    if weight_samples is not None:
        check_settings(1, "uniform", 1.0, score_mode, seed)
        given = check_weight_samples(weight_samples, m)
        samples, weights_mode = len(given), "given"
    else:
        check_settings(samples, weights_mode, concentration, score_mode, seed)
    lo_x, hi_x = np.asarray(low, float), np.asarray(high, float)
    vary_scores = score_mode != "none" and bool(np.any(hi_x > lo_x))
    seq = np.random.SeedSequence(seed)
    w_rng, x_rng, c_rng = (np.random.default_rng(s) for s in seq.spawn(3))
    per_draw = vary_scores or method in ("topsis", "vikor")
    chunk = _chunk_for(n, m, per_draw, chunk_size)
    if ranks is not None and (isinstance(ranks, bool) or not isinstance(ranks, (int, np.integer)) or ranks < 1):
        raise ScoringError.at("--ranks", f"expected a whole number of ranks >= 1, got {ranks}")
    kk = n if ranks is None else int(min(ranks, n))
    check_allocation(n, m, kk, chunk)
    if vary_scores and method == "promethee":
        check_gaussian_draws(n, criteria, np.any(hi_x > lo_x, axis=0), samples, confidence_samples)

    counts = np.zeros((n, kk))
    win_weight = np.zeros((n, m))
    wins = np.zeros(n)
    fixed = None if vary_scores else prepare(x, criteria, method, norm, **options)
    for start in range(0, samples, chunk):
        k = min(chunk, samples - start)
        w = given[start:start + k] if given is not None else sample_weights(w_rng, k, w0, weights_mode, concentration)
        if fixed is not None:
            prep = fixed
        else:
            prep = prepare(sample_scores(x_rng, k, x, lo_x, hi_x, score_mode), criteria, method, norm, **options)
        c, win = rank_shares(combine(prep, w), prep.higher_is_better, kk)
        counts += c
        wins += win.sum(axis=0)
        win_weight += win.T @ w
    acceptability = counts / samples
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(wins[:, None] > 0, win_weight / np.where(wins > 0, wins, 1.0)[:, None], np.nan)
    confidence = _confidence(x, lo_x, hi_x, criteria, central, method, norm, score_mode if vary_scores else "none",
                             c_rng, min(confidence_samples, samples), chunk, **options)
    base = evaluate(x, criteria, w0, method, norm, **options)
    settings = dict(method=method, normalization=norm, samples=samples, seed=seed, weights_mode=weights_mode, ranks=kk,
                    concentration=concentration if weights_mode == "dirichlet" else None, score_mode=score_mode,
                    weights={cid: float(v) for cid, v in zip(criteria.ids, w0)}, tie_rule="shared equally")
    return SmaaResult(
        ids=tuple(ids if ids is not None else [str(i) for i in range(n)]),
        titles=tuple(titles if titles is not None else (ids or [str(i) for i in range(n)])),
        criteria=tuple(criteria.ids), acceptability=acceptability, central_weights=central,
        confidence=confidence, base_rank=rank_scores(base.scores, base.higher_is_better),
        samples=samples, settings=settings,
    )


def _confidence(x: np.ndarray, low: np.ndarray, high: np.ndarray, criteria: CriteriaSet, central: np.ndarray,
                method: str, norm: str | None, score_mode: str, rng: np.random.Generator, k: int, chunk: int,
                **options: Any) -> np.ndarray:
    """Share of score draws in which each option comes first under its own central weights.

    The drawn matrices are prepared (normalized, flows, gaps) once; each candidate (an option that
    ever comes first, usually a handful) then costs one vectorized pass over the draws.
    """
    n = len(x)
    out = np.full(n, np.nan)
    cand = np.flatnonzero(~np.isnan(central[:, 0])) if n else np.zeros(0, dtype=int)
    if cand.size == 0:
        return out
    if score_mode == "none":
        prep = prepare(x, criteria, method, norm, **options)
        _, win = rank_shares(combine(prep, central[cand]), prep.higher_is_better, 1)
        out[cand] = win[np.arange(cand.size), cand]
        return out
    wins = np.zeros(cand.size)
    for start in range(0, k, chunk):
        size = min(chunk, k - start)
        prep = prepare(sample_scores(rng, size, x, low, high, score_mode), criteria, method, norm, **options)
        for c, i in enumerate(cand):
            _, win = rank_shares(combine(prep, central[i]), prep.higher_is_better, 1)
            wins[c] += win[:, i].sum()
    out[cand] = wins / k
    return out


def smaa(dataset: Dataset, weights: np.ndarray | None = None, method: str = "weighted-sum",
         normalization: str | None = None, **kwargs: Any) -> SmaaResult:
    """SMAA-2 on a dataset: rank acceptabilities, central weights and confidence factors.

    Keyword arguments: samples, seed, weights_mode ('uniform' | 'dirichlet'), concentration,
    score_mode ('none' | 'uniform' | 'triangular'), weight_samples ((k, m) explicit weights, e.g.
    from workshop participants; replaces random weights), chunk_size, confidence_samples.
    """
    return smaa_arrays(dataset.matrix, dataset.low, dataset.high, dataset.criteria, weights, method, normalization,
                       ids=dataset.ids, titles=dataset.titles, **kwargs)
