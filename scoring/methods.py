"""Aggregation methods: pure vectorized functions from (matrix, directions, weights) to scores.

Every method takes an (n options x m criteria) matrix of raw scores, a boolean `is_cost` per
criterion and weights summing to 1, and returns a MethodResult. Loops run over criteria (and over
fixed-size blocks of pairs for the Gaussian preference function) only, never over options or
pairs of options one at a time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from .errors import ScoringError
from .model import PREFERENCE_TYPES, Preference
from .normalization import normalize, product_values

MAX_RELATION_OPTIONS = 2000  # promethee_i_relations: an (n, n) table of text cells, read by a person
MAX_GAUSSIAN_PAIRS = 250_000_000  # _gaussian_pairs: about 3 s of pairwise work on one core
PAIRS_PER_BLOCK = 1 << 20  # Gaussian preference: at most this many pairwise differences in memory at once


@dataclass(frozen=True)
class MethodResult:
    """Scores (n,) of one method; `columns` are extra per-option outputs shown beside the score
    (VIKOR's S, R and compromise set, PROMETHEE I's flows); `erased` marks, for the weighted
    product, the (n, m) cells whose normalized value 0 set an option's product to 0."""

    scores: np.ndarray
    higher_is_better: bool = True
    contributions: np.ndarray | None = None  # (n, m) weighted parts that add up to the score
    columns: Mapping[str, np.ndarray] = field(default_factory=dict)
    erased: np.ndarray | None = None


def plus_zero(a: np.ndarray) -> np.ndarray:
    """`a + 0.0`: turns IEEE -0.0 into 0.0 (and leaves every other value as it is), so no output prints -0.0."""
    return np.asarray(a, dtype=float) + 0.0


def weighted_sum(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "scale",
                 scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """Simple additive weighting: score = sum_j w_j v_ij (Fishburn 1967; Triantaphyllou 2000, ch. 2)."""
    v = normalize(matrix, is_cost, normalization, scale_min, scale_max)
    parts = v * np.asarray(weights, dtype=float)[None, :]
    return MethodResult(plus_zero(parts.sum(axis=1)), True, plus_zero(parts))


def weighted_product(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "scale",
                     scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """Multiplicative weighting: score = prod_j v_ij ** w_j (Bridgman 1922; Triantaphyllou 2000, ch. 2), with
    v from `normalization.product_values`: benefit ratios, and cost ratios inverted (a negative power;
    Hwang & Yoon 1981, ch. 3), so one option alone scores 1 under every ratio normalization.

    A normalized 0 on a criterion with positive weight sets the product to 0 whatever the other
    criteria say; such cells are returned in `erased` (n, m) so callers can report them. A column
    that carries no information (all zero under vector/sum/max) is 1 for everyone
    (`normalization.normalize`), so it can no longer zero every option.
    """
    v = product_values(matrix, is_cost, normalization, scale_min, scale_max)
    w = np.asarray(weights, dtype=float)
    active = w[None, :] > 0
    zero = active & (v <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(active & ~zero, w[None, :] * np.log(np.where(zero, 1.0, v)), 0.0)  # 0 ** 0 counts as 1
    scores = np.where(zero.any(axis=1), 0.0, np.exp(logs.sum(axis=1)))
    return MethodResult(plus_zero(scores), True, erased=zero if zero.any() else None)


def product_without_zeros(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, erased: np.ndarray,
                          **settings: object) -> np.ndarray:
    """Weighted product of every option with its erased cells counted as 1 (n,): what the option
    would score if its zeros were left out; used to say whether a zero changed the ranking."""
    w = np.asarray(weights, float)
    kept = np.where(erased, 0.0, 1.0)
    v = product_values(matrix, is_cost, str(settings.get("normalization", "scale")), settings.get("scale_min"),  # type: ignore[arg-type]
                       settings.get("scale_max"))  # type: ignore[arg-type]
    logs = np.where((w[None, :] > 0) & (kept > 0), w[None, :] * np.log(np.where(v > 0, v, 1.0)), 0.0)
    return np.exp(logs.sum(axis=1))


def topsis(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, normalization: str = "vector",
           scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """TOPSIS closeness coefficient C = d- / (d+ + d-) (Hwang & Yoon 1981, ch. 3.3.4).

    The ideal and anti-ideal are the best and worst weighted normalized value of each column among
    the options given, so adding an option can change the others' closeness; see topsis_scale.
    """
    v = normalize(matrix, is_cost, normalization, scale_min, scale_max)
    v *= np.asarray(weights, float)[None, :]  # normalize returns a fresh array: weight it in place
    best, worst = v.max(axis=0), v.min(axis=0)
    gap = v - best
    d_best = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    np.subtract(v, worst, out=gap)
    d_worst = np.sqrt(np.einsum("ij,ij->i", gap, gap))
    total = d_best + d_worst
    closeness = np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return MethodResult(plus_zero(closeness), True)


def topsis_scale(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *,
                 scale_min: np.ndarray | None = None, scale_max: np.ndarray | None = None, **_: object) -> MethodResult:
    """TOPSIS with absolute reference points: the ideal is the best point of each declared scale,
    the anti-ideal the worst (v = 1 and v = 0 under `scale` normalization), as in the fixed-reference
    TOPSIS variants that remove its rank reversal (Garcia-Cascales & Lamata 2012, sec. 4).

    d+_i = sqrt(sum_j (w_j (1 - v_ij))^2), d-_i = sqrt(sum_j (w_j v_ij)^2), C_i = d-_i / (d+_i + d-_i).
    Every quantity is read off option i's own row and the declared scales, so adding or removing an
    option never changes another option's closeness. Shapes: matrix (n, m); returns scores (n,).
    """
    if scale_min is None or scale_max is None:
        raise ValueError("topsis-scale needs the declared scale bounds")
    v = normalize(matrix, is_cost, "scale", scale_min, scale_max)
    w = np.asarray(weights, float)[None, :]
    good, bad = v * w, (1.0 - v) * w
    d_worst = np.sqrt(np.einsum("ij,ij->i", good, good))
    d_best = np.sqrt(np.einsum("ij,ij->i", bad, bad))
    total = d_best + d_worst
    closeness = np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return MethodResult(plus_zero(closeness), True)


# ---------------------------------------------------------------- PROMETHEE

def _row_searchsorted(srt: np.ndarray, values: np.ndarray, side: str) -> np.ndarray:
    """np.searchsorted of each row of `values` (k, n) in the same row of `srt` (rows sorted).

    One row: numpy's searchsorted, exact. Several rows: rows are shifted apart by more than their
    spread and flattened, so one call serves all rows; the shift costs precision only below ~1e-11
    on 1-5 scales, far finer than any score difference that matters.
    """
    k, n = srt.shape
    if k == 0 or n == 0:
        return np.zeros(values.shape, dtype=np.int64)
    if k == 1:
        return np.searchsorted(srt[0], values[0], side=side)[None, :]
    lo = min(srt.min(), values.min())
    span = max(srt.max(), values.max()) - lo + 1.0
    off = (np.arange(k, dtype=float) * span)[:, None]
    flat = (srt - lo + off).ravel()
    idx = np.searchsorted(flat, (values - lo + off).ravel(), side=side).reshape(values.shape)
    return idx - (np.arange(k) * n)[:, None]


def _gaussian_pairs(g: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """(plus, minus) (k, n) for the Gaussian criterion, P(d) = 1 - exp(-d^2 / (2 s^2)) for d > 0.

    No sorting trick sums Gaussians exactly, so pairs are formed, but between the U distinct values of
    g (scores on a rating scale take few) rather than between options: with counts c_r(u) of value u
    in row r, plus_r(a) = sum_u c_r(u) P(g_a - u), a (k, U) x (U, U) product. Only pairs u_i > u_j
    are evaluated (P is 0 otherwise), in blocks of at most PAIRS_PER_BLOCK, so memory stays bounded
    (a few x 8 bytes x PAIRS_PER_BLOCK) whatever n; time is O(U^2 + k U^2 / block) instead of O(k n^2).
    """
    k, n = g.shape
    u, inv = np.unique(g, return_inverse=True)
    inv = inv.reshape(k, n)
    size = u.size
    pairs = min(size * size, k * n * n)
    if pairs > MAX_GAUSSIAN_PAIRS:  # memory is blocked, but time is O(pairs): refuse what would take minutes
        raise ScoringError.at("preference", f"the Gaussian preference function compares every pair of distinct scores: "
                              f"{size:,} distinct scores make {pairs:,} pairs, above the {MAX_GAUSSIAN_PAIRS:,} this "
                              "tool computes at once; round the scores to a rating scale (a few distinct values) or use "
                              "the linear or v-shape preference, which take any number of options")
    if size * size > k * n * n:  # drawn scores (SMAA): few repeats across rows, so pair options row by row
        return _gaussian_rows(g, s)
    counts = np.bincount((inv + (np.arange(k) * size)[:, None]).ravel(), minlength=k * size).reshape(k, size).astype(float)
    s_plus, s_minus = np.zeros((k, size)), np.zeros((k, size))
    step = max(1, PAIRS_PER_BLOCK // max(size, 1))
    two_s2 = 2.0 * s * s
    for i0 in range(0, size, step):
        i1 = min(size, i0 + step)
        d = u[i0:i1, None] - u[None, :i1]  # u sorted: only j < i1 can lie below u_i
        pref = np.where(d > 0, -np.expm1(-(d * d) / two_s2), 0.0)  # P(u_i - u_j); expm1 keeps small d accurate
        s_plus[:, i0:i1] = counts[:, :i1] @ pref.T  # value i over every lower value j
        s_minus[:, :i1] += counts[:, i0:i1] @ pref  # every value j is beaten by the values i of this block
    return np.take_along_axis(s_plus, inv, axis=1), np.take_along_axis(s_minus, inv, axis=1)


def _gaussian_rows(g: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """(plus, minus) for the Gaussian by pairing options within each row, in blocks of at most
    PAIRS_PER_BLOCK differences (rows together when a row's n^2 pairs fit)."""
    k, n = g.shape
    plus, minus = np.empty((k, n)), np.empty((k, n))
    rows = max(1, PAIRS_PER_BLOCK // max(n * n, 1))
    a_step = n if n * n <= PAIRS_PER_BLOCK else max(1, PAIRS_PER_BLOCK // n)
    two_s2 = 2.0 * s * s
    for r0 in range(0, k, rows):
        r1 = min(k, r0 + rows)
        for a0 in range(0, n, a_step):
            a1 = min(n, a0 + a_step)
            d = g[r0:r1, a0:a1, None] - g[r0:r1, None, :]  # d[r, a, b] = g_a - g_b
            both = -np.expm1(-(d * d) / two_s2)  # P(|d|), 0 at d = 0
            plus[r0:r1, a0:a1] = np.where(d > 0, both, 0.0).sum(axis=2)
            minus[r0:r1, a0:a1] = both.sum(axis=2) - plus[r0:r1, a0:a1]
    return plus, minus


def preference_flows(g: np.ndarray, pref: Preference) -> tuple[np.ndarray, np.ndarray]:
    """Unweighted leaving and entering sums for one criterion, per row of g (k, n) or g (n,).

    plus_a = sum_b P(g_a - g_b), minus_a = sum_b P(g_b - g_a), with Brans' six preference
    functions (Brans & Vincke 1985, fig. 2; Brans & Mareschal 2005, sec. 5.3.2), d = g_a - g_b:

    usual     P = 1 if d > 0
    u-shape   P = 1 if d > q
    v-shape   P = d / p for 0 < d <= p, 1 beyond
    level     P = 1/2 for q < d <= p, 1 for d > p
    linear    P = (d - q) / (p - q) for q < d <= p, 1 for d > p
    gaussian  P = 1 - exp(-d^2 / (2 s^2)) for d > 0

    All but the Gaussian are counted on sorted values with binary search and prefix sums in
    O(n log n) time and O(n) memory (Calders & Van Assche 2018): the count of values below g_a - p,
    between g_a - p and g_a - q, and the sum of the latter. Values are centred on their median
    first so a large common offset does not cost precision. Returns (plus, minus) of g's shape.

    The step functions (u-shape, level) jump at q and p, so a difference that is q in the data's
    decimals (2.3 - 1.8 = 0.49999999999999978 in binary) must land on the right side: differences
    within 1e-12 x max(1, |g|, q, p) of a threshold count as equal to it.
    """
    one = np.ndim(g) == 1
    x = np.atleast_2d(np.asarray(g, dtype=float))
    k, n = x.shape
    kind = pref.type
    if kind not in PREFERENCE_TYPES:
        raise ScoringError.at("preference", f"unknown preference type '{kind}' (expected one of: {', '.join(PREFERENCE_TYPES)})")
    if kind == "gaussian":
        plus, minus = _gaussian_pairs(x, pref.s)
        return (plus[0], minus[0]) if one else (plus, minus)
    order = np.argsort(x, axis=1, kind="stable")
    s = np.take_along_axis(x, order, axis=1)
    mid = s[:, n // 2:n // 2 + 1].copy()
    s -= mid

    def below(t: np.ndarray) -> np.ndarray:  # number of values < t
        return _row_searchsorted(s, t, "left")

    def above(t: np.ndarray) -> np.ndarray:  # number of values > t
        return n - _row_searchsorted(s, t, "right")

    q, p = float(pref.q), float(pref.p)
    eps = 1e-12 * max(1.0, float(np.abs(x).max()) if x.size else 0.0, q, p)  # decimal-faithful thresholds
    if kind == "usual":
        plus, minus = below(s).astype(float), above(s).astype(float)
    elif kind == "u-shape":  # d > q: g_b < g_a - q
        plus, minus = below(s - q - eps).astype(float), above(s + q + eps).astype(float)
    elif kind == "level":
        full_p, full_m = below(s - p - eps), above(s + p + eps)
        plus = full_p + 0.5 * (below(s - q - eps) - full_p)
        minus = full_m + 0.5 * (above(s + q + eps) - full_m)
    else:  # linear; v-shape is linear with q = 0
        if kind == "v-shape":
            q = 0.0
        prefix = np.concatenate([np.zeros((k, 1)), np.cumsum(s, axis=1)], axis=1)

        def pre(i: np.ndarray) -> np.ndarray:
            return np.take_along_axis(prefix, i, axis=1)

        span = p - q
        # a over b: full where g_b < g_a - p, partial where g_a - p <= g_b < g_a - q
        i_full = _row_searchsorted(s, s - p, "left")
        i_part = _row_searchsorted(s, s - q, "left")
        plus = i_full + ((s - q) * (i_part - i_full) - (pre(i_part) - pre(i_full))) / span
        # b over a: partial where g_a + q < g_b <= g_a + p, full where g_b > g_a + p
        j_part = _row_searchsorted(s, s + q, "right")
        j_full = _row_searchsorted(s, s + p, "right")
        minus = (n - j_full) + ((pre(j_full) - pre(j_part)) - (s + q) * (j_full - j_part)) / span
    out_p, out_m = np.empty((k, n)), np.empty((k, n))
    np.put_along_axis(out_p, order, plus, axis=1)
    np.put_along_axis(out_m, order, minus, axis=1)
    return (out_p[0], out_m[0]) if one else (out_p, out_m)


def promethee_flows(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray,
                    preferences: Sequence[Preference] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """PROMETHEE leaving and entering flows phi+ and phi- (n,) (Brans & Vincke 1985, sec. 4):
    phi+(a) = 1/(n-1) sum_b pi(a, b), phi-(a) = 1/(n-1) sum_b pi(b, a), pi(a, b) = sum_j w_j P_j(a, b)."""
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    prefs = list(preferences) if preferences is not None else [Preference()] * m
    w = np.asarray(weights, dtype=float)
    plus, minus = np.zeros(n), np.zeros(n)
    if n < 2:
        return plus, minus
    for j in range(m):
        if w[j] == 0:
            continue
        g = -x[:, j] if is_cost[j] else x[:, j]
        p_j, m_j = preference_flows(g, prefs[j])
        plus += w[j] * p_j
        minus += w[j] * m_j
    return plus_zero(plus / (n - 1)), plus_zero(minus / (n - 1))


def dominated_counts(x: np.ndarray, y: np.ndarray, qx: np.ndarray, qy: np.ndarray) -> np.ndarray:
    """For each query i, how many points j have x_j < qx_i and y_j < qy_i (both strict); shapes (n,), (k,) -> (k,).

    Offline 2-D dominance counting with a merge-sort tree (Bentley 1980, "Multidimensional divide-and-
    conquer", CACM 23(4)): points sorted by x, so {j: x_j < qx_i} is a prefix of length P_i; the prefix is
    the union of at most log2(n) aligned blocks (one per set bit of P_i), and within each block, sorted by
    y, a binary search counts y_j < qy_i. Every level is one vectorized sort and one searchsorted over all
    queries: O(n log^2 n) time, O(n) memory per level, never n x n.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    qx, qy = np.asarray(qx, float), np.asarray(qy, float)
    n = x.size
    out = np.zeros(qx.size, dtype=np.int64)
    if n == 0 or qx.size == 0:
        return out
    order = np.argsort(x, kind="stable")
    prefix = np.searchsorted(x[order], qx, side="left")  # how many x_j < qx_i
    levels = np.unique(y)  # y as integer ranks, so rows of different blocks can share one sorted key array
    ry = np.searchsorted(levels, y[order]).astype(np.int64)
    rq = np.searchsorted(levels, qy, side="left").astype(np.int64)  # y_j < qy_i  <=>  ry_j < rq_i
    width = int(levels.size) + 1
    size = 1 << max(0, int(n - 1).bit_length())
    padded = np.full(size, width - 1, dtype=np.int64)  # padding never counts: rq <= width - 1
    padded[:n] = ry
    position = np.arange(size, dtype=np.int64)
    k = 0
    while (1 << k) <= size:
        block = 1 << k
        has = (prefix >> k) & 1 == 1
        if has.any():  # block number * width + y-rank: one flat sort orders every block by y at once
            keys = np.sort((position >> k) * width + padded)
            b = (prefix[has] >> (k + 1)) << 1  # the block at this level inside prefix [0, P)
            needles = b * width + rq[has]
            by = np.argsort(needles)  # sorted needles: each binary search starts where the last ended
            found = np.empty_like(needles)
            found[by] = np.searchsorted(keys, needles[by], side="left")
            out[has] += found - b * block
        k += 1
    return out


def incomparable_counts(phi_plus: np.ndarray, phi_minus: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """PROMETHEE I: for each option, how many others it is incomparable with (Brans & Vincke 1985, sec. 4.1).

    a P b when phi+(a) >= phi+(b) and phi-(a) <= phi-(b), one of them strict; a I b when both are
    equal; otherwise a R b (incomparable: a leads on one flow, b on the other), i.e. b has both flows
    smaller than a's by more than `tol`, or both larger. Counted with dominated_counts in O(n log^2 n)
    time and O(n) memory (the pairwise form was O(n^2) time: 100,000 options took minutes).
    """
    fp, fm = np.asarray(phi_plus, float), np.asarray(phi_minus, float)
    below = dominated_counts(fp, fm, fp - tol, fm - tol)  # b < a on both flows: a leads on phi+, b on phi-
    above = dominated_counts(-fp, -fm, -fp - tol, -fm - tol)  # b > a on both
    return below + above


def promethee_i_relations(phi_plus: np.ndarray, phi_minus: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """PROMETHEE I relation matrix (n, n) of 'P' (row preferred), 'I', 'R' (incomparable) or '-' (column
    preferred) for a small table a person reads; O(n^2) memory, so refused above MAX_RELATION_OPTIONS options
    (incomparable_counts gives each option's count at any size)."""
    fp, fm = np.asarray(phi_plus, float), np.asarray(phi_minus, float)
    if fp.size > MAX_RELATION_OPTIONS:
        raise ScoringError.at("promethee", f"the PROMETHEE I relation table has one cell per pair of options: at most "
                              f"{MAX_RELATION_OPTIONS:,} options ({MAX_RELATION_OPTIONS ** 2:,} cells), got {fp.size:,}; "
                              "the ranking's 'incomparable' column counts each option's incomparable pairs at any size")
    dp = fp[:, None] - fp[None, :]
    dm = fm[None, :] - fm[:, None]  # positive: row has the smaller (better) phi-
    ge = (dp >= -tol) & (dm >= -tol)
    eq = (np.abs(dp) <= tol) & (np.abs(dm) <= tol)
    le = (dp <= tol) & (dm <= tol)
    rel = np.full(dp.shape, "R", dtype="<U1")
    rel[le] = "-"
    rel[ge] = "P"
    rel[eq] = "I"
    return rel


def promethee_ii(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *,
                 preferences: Sequence[Preference] | None = None, **_: object) -> MethodResult:
    """PROMETHEE II net outranking flow phi = phi+ - phi- (Brans & Vincke 1985) on raw score differences,
    with PROMETHEE I's flows phi_plus and phi_minus beside it (`ranking.rank` adds the incomparability
    count from them; it is pairwise, so it is left out of this O(n log n) core)."""
    plus, minus = promethee_flows(matrix, is_cost, weights, preferences)
    return MethodResult(plus_zero(plus - minus), True, columns={"phi_plus": plus, "phi_minus": minus})


# ---------------------------------------------------------------- VIKOR

@dataclass(frozen=True)
class VikorIndices:
    """VIKOR's group utility S, individual regret R and compromise index Q (all (n,): lower is better)."""

    s: np.ndarray
    r: np.ndarray
    q: np.ndarray


def vikor_indices(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, v: float = 0.5) -> VikorIndices:
    """S, R and Q of Opricovic & Tzeng (2004), sec. 3.1 steps 1-3; a criterion where all options are equal adds nothing.

    v in [0, 1] is the weight of the strategy of the majority of criteria (S) against regret (R).
    """
    check_vikor_v(v)
    x = np.asarray(matrix, dtype=float)
    cost = np.asarray(is_cost, bool)
    best = np.where(cost, x.min(axis=0), x.max(axis=0))
    worst = np.where(cost, x.max(axis=0), x.min(axis=0))
    span = best - worst
    gap = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    weighted = gap * np.asarray(weights, float)[None, :]
    s, r = weighted.sum(axis=1), weighted.max(axis=1)
    return VikorIndices(plus_zero(s), plus_zero(r), plus_zero(v * _unit(s) + (1 - v) * _unit(r)))


def check_vikor_v(v: float | str) -> float:
    """Refuse a VIKOR v outside [0, 1] (or not a number), naming the flag.

    Text (the `--v` flag, a form field) is read by `scoring.numbers.parse_number`, the one number parser:
    `1e-400` (non-zero, underflows to 0), `1_0`, `nan` and `0x1` are refused with the reason.
    """
    from .numbers import number_hint, parse_number

    if isinstance(v, str):
        value = parse_number(v)
        if value is None:
            raise ScoringError.at("--v", f"expected a number between 0 and 1, got '{v[:40]}'{number_hint(v)}")
        shown = v.strip()[:40]
    else:
        try:
            value = float(v)
        except (TypeError, ValueError):
            raise ScoringError.at("--v", f"expected a number between 0 and 1, got {'nothing' if v is None else repr(v)}") from None
        shown = f"{value:g}"
    if not np.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ScoringError.at("--v", f"expected a number between 0 and 1, got '{shown}'")
    return value


@dataclass(frozen=True)
class VikorCompromise:
    """Opricovic & Tzeng (2004), sec. 3.1 step 5: the compromise solution beside the ranking by Q.

    acceptable_advantage (C1): Q(a'') - Q(a') >= DQ = 1/(n - 1), a' and a'' first and second by Q.
    acceptable_stability (C2): a' is also best by S or by R.
    members (n,) bool: {a'} if both hold; {a', a''} if only C2 fails; if C1 fails, every option
    with Q(a) - Q(a') < DQ.
    """

    members: np.ndarray
    acceptable_advantage: bool
    acceptable_stability: bool
    dq: float


def vikor_compromise(idx: VikorIndices, tol: float = 1e-12) -> VikorCompromise:
    """The compromise set for S, R, Q (n,); ties in Q keep file order; differences within tol are equal."""
    q, s, r = idx.q, idx.s, idx.r
    n = q.size
    members = np.zeros(n, dtype=bool)
    if n < 2:
        members[:] = True
        return VikorCompromise(members, True, True, 1.0)
    dq = 1.0 / (n - 1)
    order = np.lexsort((np.arange(n), q))
    first, second = order[0], order[1]
    c1 = bool(q[second] - q[first] >= dq - tol)
    c2 = bool(s[first] <= s.min() + tol or r[first] <= r.min() + tol)
    if not c1:
        members = q - q[first] < dq - tol
    elif not c2:
        members[[first, second]] = True
    else:
        members[first] = True
    return VikorCompromise(members, c1, c2, dq)


def vikor(matrix: np.ndarray, is_cost: np.ndarray, weights: np.ndarray, *, v: float = 0.5, **_: object) -> MethodResult:
    """VIKOR compromise index Q (Opricovic & Tzeng 2004); lower Q is better. Columns S, R and the
    compromise set (Opricovic & Tzeng 2004, sec. 3.1 step 5) go beside Q."""
    idx = vikor_indices(matrix, is_cost, weights, v)
    comp = vikor_compromise(idx)
    return MethodResult(idx.q, False, columns={"S": idx.s, "R": idx.r, "compromise": comp.members})


def _unit(a: np.ndarray) -> np.ndarray:
    lo, hi = a.min(), a.max()
    return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    function: Callable[..., MethodResult]
    default_normalization: str | None  # None: ignores --normalization (raw differences, or topsis-scale's declared scale)
    additive: bool


METHODS: dict[str, Method] = {
    "weighted-sum": Method("weighted-sum", "Weighted sum", weighted_sum, "scale", True),
    "weighted-product": Method("weighted-product", "Weighted product", weighted_product, "scale", False),
    "topsis": Method("topsis", "TOPSIS", topsis, "vector", False),
    "topsis-scale": Method("topsis-scale", "TOPSIS (ideal from the scale)", topsis_scale, None, False),
    "promethee": Method("promethee", "PROMETHEE II", promethee_ii, None, False),
    "vikor": Method("vikor", "VIKOR", vikor, None, False),
}


def get_method(name: str) -> Method:
    if name not in METHODS:
        raise ScoringError.at("--method", f"unknown method '{name}' (expected one of: {', '.join(METHODS)})")
    return METHODS[name]
