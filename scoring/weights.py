"""Weights: normalization, parsing, profiles, and elicitation helpers (points, ROC, swing, AHP)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .errors import Problem, ScoringError
from .model import CriteriaSet
from .loading import shown_id, unknown_id
from .numbers import number_hint, parse_number

# Random consistency index RI(n): the mean CI of random reciprocal matrices on Saaty's 1/9..9 scale.
# n = 1, 2 are always consistent (RI = 0). Tables peers use, so their numbers can be reproduced:
RANDOM_INDEX_TABLES: dict[str, dict[int, float]] = {
    # Saaty, T. L. (1980). The Analytic Hierarchy Process, McGraw-Hill (the table most tools print,
    # e.g. pyDecision's ahp_method; 1.48 at n = 12 is as published).
    "saaty": {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
              11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59},
    # Saaty, T. L. (2005). Theory and Applications of the Analytic Network Process, RWS, p. 31
    # (AHPy's random_index='saaty').
    "saaty-2005": {1: 0.0, 2: 0.0, 3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49,
                   11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59},
    # Donegan, H. A. & Dodd, F. J. (1991). A note on Saaty's random indexes. Mathematical and Computer
    # Modelling 15(10), 135-137 (AHPy's default, random_index='dd').
    "donegan-dodd": {1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733,
                     10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969},
    # Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new approach.
    # Int. J. of Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445-459 (100,000 matrices per n).
    "alonso-lamata": {1: 0.0, 2: 0.0, 3: 0.5245, 4: 0.8815, 5: 1.1086, 6: 1.2479, 7: 1.3417, 8: 1.4056,
                      9: 1.4499, 10: 1.4854, 11: 1.5141, 12: 1.5365, 13: 1.5551, 14: 1.5713, 15: 1.5838},
}
RANDOM_INDEX = RANDOM_INDEX_TABLES["saaty"]
AHP_MAX_CRITERIA = 15
AHP_PRIORITIES: tuple[str, ...] = ("eigenvector", "geometric-mean")


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
            problems.append(Problem(source, unknown_id("criterion", key, criteria.ids), column=shown_id(key)))
            continue
        if key in out:
            problems.append(Problem(source, f"'{key}' is given twice ({out[key]:g} and {value.strip()}); give each criterion once", column=key))
            continue
        num = parse_number(value)
        if num is None:
            problems.append(Problem(source, f"expected a number for '{key}', got '{value.strip()}'{number_hint(value)}", column=key))
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
            raise ScoringError.at("--profile", unknown_id("profile", profile, list(criteria.profiles)))
        prof = criteria.profiles[profile].weights
        raw = np.array([prof.get(cid, 0.0) for cid in criteria.ids], dtype=float)
    else:
        raw = criteria.default_weights.copy()
    for cid, value in (overrides or {}).items():
        if cid not in criteria.ids:
            raise ScoringError.at(source, unknown_id("criterion", cid, criteria.ids), column=shown_id(str(cid)))
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


def points_from_weights(weights: Sequence[float] | np.ndarray, total: int = 100) -> np.ndarray:
    """Whole points adding up to `total` in the weights' proportions: the inverse of `points_allocation`, for
    starting a points allocation from the weights in use, and (total 1000, divided by 10) percentages to one
    decimal that add up to exactly 100.0, as the room shows weights. Shape (n,) -> (n,) int, or (rows, n) ->
    (rows, n) with each row on its own.

    Largest remainder (Hamilton's method; Balinski & Young 2001, "Fair Representation", ch. 2): each gets
    the whole part of its exact share, the points left go to the largest fractional parts (the earlier
    criterion first on a tie), so equal weights get equal points unless the total cannot be split evenly.
    All-zero or no weights (a row): an equal split by the same rule.
    """
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    if w.shape[-1] == 0:
        return np.zeros(w.shape, dtype=int)
    rows = np.atleast_2d(w)
    bad = ~np.isfinite(rows).all(axis=1) | (np.nan_to_num(rows, posinf=0.0).sum(axis=1) <= 0)
    rows = np.where(bad[:, None], 1.0, rows)
    exact = rows / rows.sum(axis=1, keepdims=True) * total
    points = np.floor(exact + 1e-9).astype(int)
    left = total - points.sum(axis=1)
    n = rows.shape[1]
    order = np.lexsort((np.broadcast_to(np.arange(n), rows.shape), -(exact - points)), axis=-1)  # largest rest first
    place = np.empty_like(order)
    np.put_along_axis(place, order, np.broadcast_to(np.arange(n), rows.shape), axis=1)  # each one's place in it
    points += place < left[:, None]
    return points if w.ndim > 1 else points[0]


SAATY_VALUES = np.array([9.0, 7.0, 5.0, 3.0, 1.0, 1 / 3, 1 / 5, 1 / 7, 1 / 9])  # "9x left" ... "equal" ... "9x right"


def saaty_from_weights(weights: Sequence[float]) -> np.ndarray:
    """For every pair i < j (row-major: (0,1), (0,2), ..., (n-2,n-1)), the index into SAATY_VALUES of the judgement
    nearest to the weights' ratio w_i / w_j on a log scale (Saaty 1980's 1-9 scale, odd values; ratios beyond
    9 are 9): the pairwise answers the weights in use imply, for starting an AHP from them. Shape (n(n-1)/2,), int.
    A pair with a zero weight counts as 9x for the other; two zeros as equal."""
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    i, j = np.triu_indices(w.size, k=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((w[i] == 0) & (w[j] == 0), 1.0, w[i] / w[j])
    log_ratio = np.log(np.clip(ratio, 1 / 9, 9))
    return np.abs(log_ratio[:, None] - np.log(SAATY_VALUES)[None, :]).argmin(axis=1).astype(int)


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
    """Priorities from a (possibly incomplete) pairwise comparison matrix, with its consistency.

    priorities (n,) sum to 1. lambda_max: the principal eigenvalue of the judgement matrix (of
    Harker's modified matrix when judgements are missing). consistency_ratio = CI / RI(n) with
    CI = (lambda_max - n) / (n - 1) (Saaty 1980; Harker 1987 for the incomplete case). completed:
    the n x n matrix with every missing a_ij filled by w_i / w_j. missing: unanswered pairs i < j.
    """

    priorities: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    worst_pair: tuple[int, int] | None  # the given judgement a[i, j] that departs most from w_i / w_j
    suggested_value: float | None  # w_i / w_j, what a consistent judgement would be
    method: str = "eigenvector"
    random_index: str = "saaty"
    completed: np.ndarray | None = None
    missing: int = 0

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= 0.1


def ahp_matrix_from_upper(upper: Mapping[tuple[int, int], float], n: int, missing: float = 1.0) -> np.ndarray:
    """Build a reciprocal matrix from judgements a[i, j] for i < j; pairs not given get `missing`
    (1.0: "equal", the classic default; float('nan'): unanswered, for an incomplete matrix)."""
    a = np.full((n, n), float(missing))
    np.fill_diagonal(a, 1.0)
    for (i, j), v in upper.items():
        a[i, j] = v
        a[j, i] = 1.0 / v
    return a


def _check_judgements(a: np.ndarray) -> np.ndarray:
    """Validate a square reciprocal matrix whose unanswered pairs are NaN (both a_ij and a_ji); return
    the bool mask of answered off-diagonal cells. Errors name what is wrong (ScoringError 'ahp')."""
    n = a.shape[0] if a.ndim == 2 else 0
    if a.ndim != 2 or a.shape != (n, n) or n < 1:
        raise ScoringError.at("ahp", f"expected a square matrix, got shape {a.shape}")
    if n > AHP_MAX_CRITERIA:
        raise ScoringError.at("ahp", f"at most {AHP_MAX_CRITERIA} criteria can be compared pairwise "
                              f"(the random index tables stop there), got {n}")
    known = ~np.isnan(a)
    if not np.array_equal(known, known.T) or not known.diagonal().all():
        raise ScoringError.at("ahp", "a missing judgement must be missing both ways (a[i][j] and a[j][i]), never on the diagonal")
    vals = np.where(known, a, 1.0)
    if not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        raise ScoringError.at("ahp", "judgements must be positive numbers")
    if not np.allclose(vals * vals.T, 1.0, rtol=1e-6):
        raise ScoringError.at("ahp", "expected a reciprocal matrix: a[j][i] must equal 1 / a[i][j]")
    off = known & ~np.eye(n, dtype=bool)
    reach = np.eye(n, dtype=bool)[0]
    for _ in range(n):  # breadth-first over at most n criteria: which criteria the answers connect to the first
        reach = reach | (off[reach].any(axis=0))
    if not reach.all():
        cut = ", ".join(str(i) for i in np.flatnonzero(~reach))
        raise ScoringError.at("ahp", f"the answered pairs do not connect every criterion (criteria {cut} are never "
                              f"compared with criterion 0's group): answer at least n - 1 = {n - 1} pairs that link them all")
    return off


def _principal(c: np.ndarray, tol: float, max_iter: int) -> tuple[np.ndarray, float]:
    """Perron vector (sum 1) and eigenvalue of a non-negative irreducible matrix (n <= 15).

    LAPACK's eigen-decomposition gives it to machine precision; power iteration (Saaty's own
    procedure) converges slowly when the two largest eigenvalues are close, as for Harker's matrices
    with many missing answers. A few power steps from that vector polish it (tol, max_iter).
    """
    vals, vecs = np.linalg.eig(c)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w /= w.sum()
    for _ in range(min(max_iter, 3)):
        nxt = c @ w
        nxt /= nxt.sum()
        done = np.abs(nxt - w).max() < tol
        w = nxt
        if done:
            break
    return w, float(vals[k].real)


def harker_matrix(a: np.ndarray) -> np.ndarray:
    """Harker's (1987) modified matrix C for an incomplete judgement matrix (NaN = unanswered):
    c_ij = a_ij when answered, 0 when not, c_ii = 1 + (unanswered pairs in row i). C w = lambda w is the
    eigenvector method for incomplete matrices; for consistent answers a_ij = w_i / w_j, C w = n w."""
    known = ~np.isnan(a)
    c = np.where(known, a, 0.0)
    np.fill_diagonal(c, 1.0 + (~known).sum(axis=1))
    return c


def llsm_priorities(a: np.ndarray) -> np.ndarray:
    """Logarithmic least squares priorities of a (possibly incomplete) matrix (NaN = unanswered):
    minimize sum over answered (i, j) of (ln a_ij - ln w_i + ln w_j)^2 (Bozoki, Fulop & Ronyai 2010,
    sec. 4, theorem 4). With L the Laplacian of the graph of answered pairs and r_i = sum_j ln a_ij
    over row i's answers, y = ln w solves L y = r; the solution is unique up to a constant when the
    graph is connected, fixed here by sum y = 0 through (L + J) y = r (J all ones, 1'r = 0 by
    reciprocity). For a complete matrix this is the row geometric mean (Crawford & Williams 1985)."""
    known = ~np.isnan(a)
    n = a.shape[0]
    off = known & ~np.eye(n, dtype=bool)
    lap = np.diag(off.sum(axis=1).astype(float)) - off.astype(float)
    r = np.where(off, np.log(np.where(off, a, 1.0)), 0.0).sum(axis=1)
    y = np.linalg.solve(lap + 1.0, r)
    w = np.exp(y - y.max())
    return w / w.sum()


def ahp(matrix: Sequence[Sequence[float]] | np.ndarray, tol: float = 1e-12, max_iter: int = 1000, *,
        priorities: str = "eigenvector", random_index: str = "saaty") -> AhpResult:
    """AHP priorities of an n x n reciprocal judgement matrix (n <= 15), complete or incomplete.

    matrix: a_ij = how much more important i is than j, a_ji = 1 / a_ij; NaN in both a_ij and a_ji for
    a pair not answered (any connected set of at least n - 1 answered pairs is enough).
    priorities:
      eigenvector     principal right eigenvector (Saaty 1980); with missing judgements, of Harker's
                      modified matrix (Harker 1987, "Incomplete pairwise comparisons in the AHP").
      geometric-mean  row geometric mean (Crawford & Williams 1985); with missing judgements, the
                      logarithmic least squares solution (Bozoki, Fulop & Ronyai 2010), its
                      generalization (the two are equal on a complete matrix).
    random_index: a key of RANDOM_INDEX_TABLES (default Saaty 1980).
    Consistency: CR = CI / RI(n), CI = (lambda_max - n)/(n - 1), lambda_max of the matrix, or of Harker's
    matrix when judgements are missing (Harker 1987). The 0.1 threshold is Saaty's for complete matrices;
    for incomplete ones it is an approximation (Agoston & Csato 2022 tabulate thresholds by missing count).
    Errors: ScoringError naming what is wrong (shape, sign, reciprocity, unconnected answers, n > 15,
    unknown method or table).
    """
    if priorities not in AHP_PRIORITIES:
        raise ScoringError.at("ahp", f"unknown priority method '{priorities}' (expected one of: {', '.join(AHP_PRIORITIES)})")
    if random_index not in RANDOM_INDEX_TABLES:
        raise ScoringError.at("ahp", f"unknown random index table '{random_index}' (expected one of: {', '.join(RANDOM_INDEX_TABLES)})")
    a = np.asarray(matrix, dtype=float)
    off = _check_judgements(a)
    n = a.shape[0]
    missing = int((~off).sum() - n) // 2
    complete = missing == 0
    c = a if complete else harker_matrix(a)
    vec, lam = _principal(c, tol, max_iter)
    if priorities == "eigenvector":
        w = vec
    elif complete:
        g = np.exp(np.log(a).mean(axis=1))
        w = g / g.sum()
    else:
        w = llsm_priorities(a)
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = RANDOM_INDEX_TABLES[random_index][n]
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    suggested = None
    if n > 2:
        err = np.where(off, np.abs(np.log(np.where(off, a, 1.0) * w[None, :] / w[:, None])), -1.0)
        iu = np.triu_indices(n, 1)
        k = int(np.argmax(err[iu]))
        worst = (int(iu[0][k]), int(iu[1][k]))
        suggested = float(w[worst[0]] / w[worst[1]])
    completed = np.where(np.isnan(a), w[:, None] / w[None, :], a)
    return AhpResult(w, lam, float(ci), float(cr), worst, suggested, priorities, random_index, completed, missing)


# ---------------------------------------------------------------- reference weights from the data alone

def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    """Shannon entropy weights (Hwang & Yoon 1981, sec. 4.1.3; Zeleny 1982, ch. 7): what the spread of
    the scores alone would say, never a person's priorities.

    p_ij = x_ij / sum_i x_ij; E_j = -(1 / ln n) sum_i p_ij ln p_ij (0 ln 0 = 0); d_j = 1 - E_j;
    w_j = d_j / sum_k d_k. A criterion on which every option scores alike (E_j = 1) gets 0.
    Raw scores as given (direction does not change a column's entropy). Shapes: (n, m) -> (m,).
    Errors: ScoringError for fewer than 2 options, negative scores, or no criterion with any spread.
    Note: pymcdm 1.4's entropy_weights sets E_j = 0 (full weight) for a column containing a 0; here
    0 ln 0 = 0 as in Shannon's definition, so the two agree only on strictly positive matrices.
    """
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    if n < 2:
        raise ScoringError.at("weights", "entropy weights need at least two options")
    if np.any(x < 0):
        raise ScoringError.at("weights", "entropy weights need non-negative scores")
    total = x.sum(axis=0)
    p = np.divide(x, total, out=np.full_like(x, 1.0 / n), where=total > 0)  # an all-zero column: uniform, E = 1
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    d = np.clip(1.0 - e, 0.0, None)
    d[np.abs(d) < 1e-15] = 0.0
    if d.sum() <= 0:
        raise ScoringError.at("weights", "the scores alone say nothing: every criterion spreads the options equally (all entropies are 1)")
    return d / d.sum()


def critic_weights(matrix: np.ndarray, is_cost: np.ndarray | Sequence[bool] | None = None) -> np.ndarray:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995): contrast times conflict.

    v_ij = (x_ij - worst_j) / (best_j - worst_j) (costs reversed, as the paper's membership function);
    sigma_j = standard deviation of v_j; r_jk = Pearson correlation of v_j and v_k;
    C_j = sigma_j sum_k (1 - r_jk); w_j = C_j / sum C. A constant criterion has no contrast: C_j = 0, and
    its (undefined) correlations are left out of the others' sums. The ddof of sigma cancels in w.
    Shapes: (n, m), is_cost (m,) -> (m,). Errors: ScoringError for fewer than 2 options or no criterion
    with any spread. pymcdm 1.4's critic_weights ignores directions; it equals ours on the matrix with
    cost columns negated.
    """
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    if n < 2:
        raise ScoringError.at("weights", "CRITIC weights need at least two options")
    cost = np.zeros(m, dtype=bool) if is_cost is None else np.asarray(is_cost, dtype=bool)
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    varied = span > 0
    if not varied.any():
        raise ScoringError.at("weights", "the scores alone say nothing: every criterion gives all options the same score")
    v = np.divide(np.where(cost, hi - x, x - lo), span, out=np.zeros_like(x), where=varied)
    sigma = v.std(axis=0, ddof=1)
    centred = v - v.mean(axis=0)
    norm = np.sqrt((centred ** 2).sum(axis=0))
    unit = np.divide(centred, norm, out=np.zeros_like(centred), where=norm > 0)
    r = unit.T @ unit
    conflict = np.where(varied[None, :], 1.0 - r, 0.0).sum(axis=1)
    c = np.where(varied, sigma * conflict, 0.0)
    return c / c.sum()


REFERENCE_WEIGHTS: dict[str, str] = {
    "entropy": "Shannon entropy (Hwang & Yoon 1981; Zeleny 1982)",
    "critic": "CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995)",
}


def reference_weights(matrix: np.ndarray, is_cost: np.ndarray) -> dict[str, np.ndarray]:
    """Both reference weight sets (m,) for a raw (n, m) matrix: what the scores alone would say."""
    return {"entropy": entropy_weights(matrix), "critic": critic_weights(matrix, is_cost)}
