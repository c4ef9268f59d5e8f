"""Sensitivity of the ranking to one weight at a time: sweeps, stability intervals, flip points.

Moving one criterion's weight: criterion j gets weight t in [0, 1] and the other criteria share
1 - t in proportion to their current weights, w(t) = t e_j + (1 - t) b_j with b_j the current
weights without j, renormalized. When every other weight is zero, b_j splits 1 - t equally among
the other criteria (the only choice that favours none of them). The current weights sit at t = w_j.

For methods whose scores are linear in the weights (weighted sum, and PROMETHEE II, whose net flow
is a weighted sum of per-criterion flows) every score is a straight line in t,
s_i(t) = s_i^{-j} + t (a_ij - s_i^{-j}), with s_i^{-j} the score under b_j; crossings, stability
intervals and flip points are then exact. For the other methods they are found on a grid and
refined by repeated subdivision to 1e-7 (well inside the 1e-4 asked for); an excursion narrower
than the grid step (1/200 by default) can be missed, and a stability interval is the stretch of t
around the current weight, not any disjoint stretch further out where the ranking comes back.

"On top" and "keeps its order" allow ties, as the ranking's competition ranks do: an option tied
for first is first. Scores equal to 12 digits count as tied, as in `scoring.ranking.rank_scores`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .model import Dataset
from .numbers import share
from .ranking import check_normalization, rank_rows
from .smaa import MAX_ANALYSIS_BYTES, Prepared, combine, prepare
from .weights import normalize_weights

LINEAR_METHODS = ("weighted-sum", "promethee")
SWEEP_BYTES_PER_CELL = 160  # scores, ranks and the long frame (weight, id, title, score, rank) per grid point x option
ROW_BLOCK_BYTES = 32 * 2**20  # _Model.advantage/holds: weight rows scored together, about this much work at once
MAX_CROSSING_OPTIONS = 200  # the numeric methods hold (GRID, n(n-1)/2) signs: 200 options = 19,900 pairs, ~64 MB
GRID = 201
TOL = 1e-7  # refinement precision for the numeric methods
SLOPE_EPS = 1e-12


# ---------------------------------------------------------------- moving one weight

def other_weights(weights: np.ndarray, j: int) -> np.ndarray:
    """b_j: the weights without criterion j, renormalized; an equal split when they are all zero."""
    w = np.asarray(weights, dtype=float)
    m = w.size
    if m < 2:
        raise ScoringError.at("weights", "sensitivity needs at least two criteria")
    rest = w.copy()
    rest[j] = 0.0
    total = rest.sum()
    if total > 0:
        return rest / total
    rest = np.full(m, 1.0 / (m - 1))
    rest[j] = 0.0
    return rest


def weights_at(weights: np.ndarray, j: int, t: np.ndarray | float) -> np.ndarray:
    """Weight vectors (len(t), m) with criterion j at t and the others rescaled in proportion."""
    ts = np.atleast_1d(np.asarray(t, dtype=float))
    e = np.zeros(np.asarray(weights).size)
    e[j] = 1.0
    return ts[:, None] * e[None, :] + (1.0 - ts)[:, None] * other_weights(weights, j)[None, :]


class _Model:
    """Scores under any weights, with the weight-independent part prepared once."""

    def __init__(self, dataset: Dataset, weights: np.ndarray | None, method: str, normalization: str | None,
                 **options: Any):
        crit = dataset.criteria
        self.dataset = dataset
        self.ids, self.titles = dataset.ids, dataset.titles
        self.labels = [c.label for c in crit.criteria]
        self.criteria = crit.ids
        self.weights = normalize_weights(crit.default_weights if weights is None else weights, "weights", crit.ids)
        if len(self.weights) != len(crit):
            raise ScoringError.at("weights", f"expected {len(crit)} weights, got {len(self.weights)}")
        if len(crit) < 2:
            raise ScoringError.at("weights", "sensitivity needs at least two criteria")
        self.method = method
        self.normalization = check_normalization(method, normalization)
        self.prep: Prepared = prepare(dataset.matrix, crit, method, self.normalization, **options)
        self.better = self.prep.higher_is_better
        self.linear = method in LINEAR_METHODS

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return combine(self.prep, np.atleast_2d(rows))

    def advantage(self, rows: np.ndarray, cols: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Scores oriented so that higher is better, rounded like the ranking's tie rule: (k, n), or (k, len(cols)).

        Weight rows are scored a block at a time (ROW_BLOCK_BYTES of per-row work), so a grid of 201
        weights over 100,000 options never holds (201, n, m) at once; `cols` keeps only those options."""
        rows = np.atleast_2d(rows)
        n, m = len(self.ids), len(self.criteria)
        step = max(1, ROW_BLOCK_BYTES // (8 * 4 * n * (m + 2)))
        parts = []
        for r0 in range(0, len(rows), step):
            s = np.round(self.scores(rows[r0:r0 + step]), 12)
            s = s if self.better else -s
            parts.append(s if cols is None else s[:, np.asarray(cols, dtype=int)])
        return np.concatenate(parts, axis=0) if len(parts) != 1 else parts[0]

    def holds(self, rows: np.ndarray, check: "Check") -> np.ndarray:
        """check(advantage) for every weight row (k,), a block of rows at a time (never (k, n) at once)."""
        rows = np.atleast_2d(rows)
        n, m = len(self.ids), len(self.criteria)
        step = max(1, ROW_BLOCK_BYTES // (8 * 4 * n * (m + 2)))
        return np.concatenate([check(self.advantage(rows[r0:r0 + step])) for r0 in range(0, len(rows), step)])

    def lines(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """(intercept, slope) of every option's score in t for a linear method."""
        a = self.prep.parts
        intercept = a @ other_weights(self.weights, j)
        return intercept, a[:, j] - intercept

    def index(self, option_id: str, source: str = "option") -> int:
        try:
            return self.ids.index(option_id)
        except ValueError:
            raise ScoringError.at(source, f"unknown option '{option_id}'", column="id") from None

    def base_ranks(self) -> np.ndarray:
        return rank_rows(self.scores(self.weights), self.better)[0]

    def leaders(self, count: int) -> list[int]:
        """Indices of the current top `count` options in ranking order (ties keep file order)."""
        ranks = self.base_ranks()
        order = np.lexsort((np.arange(len(ranks)), ranks))
        return [int(i) for i in order[:count]]


# ---------------------------------------------------------------- sweep

@dataclass(frozen=True)
class Sweep:
    """Every option's score as one criterion's weight goes from 0 to 1."""

    criterion: str
    label: str
    current: float
    grid: np.ndarray  # (G,)
    scores: np.ndarray  # (G, n)
    ids: tuple[str, ...]
    titles: tuple[str, ...]
    higher_is_better: bool
    exact: bool
    crossings: pd.DataFrame  # weight, option_a, option_b, score

    def frame(self) -> pd.DataFrame:
        """Long table: criterion, label, weight, id, title, score, rank (one row per grid point and option)."""
        g, n = self.scores.shape
        ranks = rank_rows(self.scores, self.higher_is_better)
        return pd.DataFrame({
            "criterion": self.criterion, "label": self.label,
            "weight": np.repeat(self.grid, n), "id": np.tile(self.ids, g), "title": np.tile(self.titles, g),
            "score": self.scores.ravel(), "rank": ranks.ravel(),
        })


def weight_sweep(dataset: Dataset, weights: np.ndarray | None, criterion: str, method: str = "weighted-sum",
                 normalization: str | None = None, points: int = 101, crossings_among: Sequence[str] | None = None,
                 **options: Any) -> Sweep:
    """Scores of every option on a grid of `points` weights for `criterion` (vectorized over the grid),
    plus the current weight itself.

    Crossings (weights in (0, 1) where two options swap order) are listed among `crossings_among`
    (default: every option; [] for none): exact for linear methods, else refined between grid points.
    """
    model = _Model(dataset, weights, method, normalization, **options)
    if criterion not in model.criteria:
        raise ScoringError.at("--criterion", f"unknown criterion '{criterion}' (known: {', '.join(model.criteria)})")
    if points < 2:
        raise ScoringError.at("--points", f"expected at least 2 grid points, got {points}")
    n = len(model.ids)
    if (points + 1) * n * SWEEP_BYTES_PER_CELL > MAX_ANALYSIS_BYTES:
        fit = max(0, MAX_ANALYSIS_BYTES // (SWEEP_BYTES_PER_CELL * max(n, 1)) - 1)
        offer = (f"use at most --points {fit:,} for {n:,} options" if fit >= 2 else
                 "this many options need no sweep of every option: use stability intervals, or flip points of two")
        raise ScoringError.at("--points", f"a sweep of {points:,} weights x {n:,} options has {points * n:,} rows, above "
                              f"what one analysis may hold ({MAX_ANALYSIS_BYTES // 2**20} MiB); {offer}")
    j = model.criteria.index(criterion)
    t0 = float(model.weights[j])
    grid = np.union1d(np.linspace(0.0, 1.0, points), [t0])
    scores = model.scores(weights_at(model.weights, j, grid))
    subset = [model.index(o) for o in crossings_among] if crossings_among is not None else list(range(len(model.ids)))
    cross = _crossings(model, j, subset)
    return Sweep(criterion, model.labels[j], t0, grid, scores, tuple(model.ids), tuple(model.titles),
                 model.better, model.linear, cross)


def _crossings(model: _Model, j: int, subset: list[int]) -> pd.DataFrame:
    """Every weight at which two options of `subset` swap order."""
    idx = np.asarray(subset, dtype=int)
    if idx.size > MAX_CROSSING_OPTIONS:
        raise ScoringError.at("crossings", f"crossings are looked for between every pair of the options shown: at most "
                              f"{MAX_CROSSING_OPTIONS:,} options ({MAX_CROSSING_OPTIONS * (MAX_CROSSING_OPTIONS - 1) // 2:,} pairs), "
                              f"got {idx.size:,}; show fewer options, or compare two with flip points")
    a, b = np.triu_indices(idx.size, 1)
    ia, ib = idx[a], idx[b]
    rows: list[tuple[float, int, int]] = []
    if model.linear:
        c, s = model.lines(j)
        ds, dc = s[ia] - s[ib], c[ia] - c[ib]
        ok = np.abs(ds) > SLOPE_EPS
        t = np.divide(-dc, ds, out=np.full(ds.shape, np.nan), where=ok)
        keep = ok & (t > 0) & (t < 1)  # a tie at an end of [0, 1] is not a swap
        rows = list(zip(t[keep], ia[keep], ib[keep]))
    else:
        ts = np.linspace(0.0, 1.0, GRID)
        adv = model.advantage(weights_at(model.weights, j, ts), cols=idx)  # (G, shown options)
        sign = np.sign(adv[:, a] - adv[:, b])  # (G, pairs)
        for p in np.flatnonzero(np.any(sign[:-1] * sign[1:] < 0, axis=0) | _zero_runs(sign)):
            for t in _refine_sign_changes(model, j, int(ia[p]), int(ib[p]), ts, sign[:, p]):
                rows.append((t, ia[p], ib[p]))
    if not rows:
        return pd.DataFrame({"weight": pd.Series(dtype=float), "option_a": pd.Series(dtype=str),
                             "option_b": pd.Series(dtype=str), "score": pd.Series(dtype=float)})
    t = np.array([r[0] for r in rows], dtype=float)
    pa = np.array([r[1] for r in rows], dtype=int)
    pb = np.array([r[2] for r in rows], dtype=int)
    score = model.scores(weights_at(model.weights, j, t))[np.arange(t.size), pa]
    frame = pd.DataFrame({"weight": t, "option_a": [model.ids[i] for i in pa], "option_b": [model.ids[i] for i in pb],
                          "score": score})
    return frame.sort_values(["weight", "option_a", "option_b"], kind="stable").reset_index(drop=True)


def _zero_runs(sign: np.ndarray) -> np.ndarray:
    """Pairs whose sign goes + -> 0 ... 0 -> - (or back) across a run of exact ties on the grid."""
    if sign.shape[0] < 3:
        return np.zeros(sign.shape[1], dtype=bool)
    nonzero_changes = np.zeros(sign.shape[1], dtype=bool)
    for p in np.flatnonzero(np.any(sign == 0, axis=0) & np.any(sign != 0, axis=0)):
        s = sign[:, p][sign[:, p] != 0]
        nonzero_changes[p] = bool(np.any(s[:-1] != s[1:]))
    return nonzero_changes


def _refine_sign_changes(model: _Model, j: int, a: int, b: int, ts: np.ndarray, sign: np.ndarray) -> list[float]:
    """Weights where sign(adv_a - adv_b) changes, each refined between its two grid points."""
    nz = np.flatnonzero(sign != 0)
    out = []
    for lo_i, hi_i in zip(nz[:-1], nz[1:]):
        if sign[lo_i] == sign[hi_i]:
            continue
        lo, hi = float(ts[lo_i]), float(ts[hi_i])
        before = sign[lo_i]
        while hi - lo > TOL:
            pts = np.linspace(lo, hi, 17)[1:-1]
            adv = model.advantage(weights_at(model.weights, j, pts), cols=[a, b])
            same = np.sign(adv[:, 0] - adv[:, 1]) == before
            k = int(np.argmin(same)) if not same.all() else len(pts)
            lo = float(pts[k - 1]) if k > 0 else lo
            hi = float(pts[k]) if k < len(pts) else hi
        out.append((lo + hi) / 2)
    return out


# ---------------------------------------------------------------- stability intervals

Check = Callable[[np.ndarray], np.ndarray]  # (k, n) oriented, rounded scores -> (k,) holds?


def _top_check(top: int) -> Check:
    def holds(adv: np.ndarray) -> np.ndarray:
        return adv[:, top] >= adv.max(axis=1)
    return holds


def _order_check(order: list[int], n: int) -> Check:
    rest = np.setdiff1d(np.arange(n), order)

    def holds(adv: np.ndarray) -> np.ndarray:
        ok = np.ones(len(adv), dtype=bool)
        for p, q in zip(order[:-1], order[1:]):
            ok &= adv[:, p] >= adv[:, q]
        if rest.size:
            ok &= adv[:, order[-1]] >= adv[:, rest].max(axis=1)
        return ok
    return holds


def _pairs_for(order: list[int], n: int, top_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """Constraints 'p at least as good as q' that define the condition, as index arrays."""
    if top_only:
        others = np.setdiff1d(np.arange(n), [order[0]])
        return np.full(others.size, order[0]), others
    rest = np.setdiff1d(np.arange(n), order)
    p = list(order[:-1]) + [order[-1]] * rest.size
    q = list(order[1:]) + list(rest)
    return np.asarray(p, dtype=int), np.asarray(q, dtype=int)


def _interval_linear(model: _Model, j: int, p: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    """Exact interval around t0 where every linear constraint adv_p(t) >= adv_q(t) holds."""
    t0 = float(model.weights[j])
    c, s = model.lines(j)
    sign = 1.0 if model.better else -1.0
    dc, ds = sign * (c[p] - c[q]), sign * (s[p] - s[q])
    lo, hi = 0.0, 1.0
    if p.size:
        root = np.divide(-dc, ds, out=np.zeros_like(dc), where=np.abs(ds) > SLOPE_EPS)
        rising, falling = ds > SLOPE_EPS, ds < -SLOPE_EPS
        if rising.any():
            lo = max(lo, float(root[rising].max()))
        if falling.any():
            hi = min(hi, float(root[falling].min()))
    return min(max(lo, 0.0), t0), max(min(hi, 1.0), t0)


def _interval_numeric(model: _Model, j: int, holds: Check) -> tuple[float, float]:
    """Interval around t0 where `holds`: grid, then repeated 16-way subdivision of each edge."""
    t0 = float(model.weights[j])
    ts = np.linspace(0.0, 1.0, GRID)
    ok = model.holds(weights_at(model.weights, j, ts), holds)
    above = np.flatnonzero((ts > t0) & ~ok)
    below = np.flatnonzero((ts < t0) & ~ok)
    hi = 1.0 if above.size == 0 else _edge(model, j, holds, good=max(t0, float(ts[above[0] - 1])), bad=float(ts[above[0]]))
    lo = 0.0 if below.size == 0 else _edge(model, j, holds, good=min(t0, float(ts[below[-1] + 1])), bad=float(ts[below[-1]]))
    return lo, hi


def _edge(model: _Model, j: int, holds: Check, good: float, bad: float) -> float:
    """Last t (from `good` toward `bad`) where the condition holds, to TOL."""
    while abs(bad - good) > TOL:
        pts = np.linspace(good, bad, 17)[1:-1]
        ok = model.holds(weights_at(model.weights, j, pts), holds)
        k = int(np.argmin(ok)) if not ok.all() else len(pts)
        good = float(pts[k - 1]) if k > 0 else good
        bad = float(pts[k]) if k < len(pts) else bad
    return good


def stability_intervals(dataset: Dataset, weights: np.ndarray | None = None, method: str = "weighted-sum",
                        normalization: str | None = None, top: int = 3, **options: Any) -> pd.DataFrame:
    """Per criterion, the weight range (others rescaled in proportion) keeping the current top option
    on top, and the range keeping the current top `top` in their order.

    Columns: criterion, label, current_weight, top_option, top_tie (every id tied at rank 1, joined by
    ' = '; top_option alone when nobody ties it), top_low, top_high, top_width, order (the top ids joined
    by ' > ', or ' = ' between two that tie), order_low, order_high, order_width, exact.
    """
    model = _Model(dataset, weights, method, normalization, **options)
    n = len(model.ids)
    order = model.leaders(min(top, n))
    ranks = model.base_ranks()
    shown = model.ids[order[0]] + "".join((" = " if ranks[q] == ranks[p] else " > ") + model.ids[q]
                                          for p, q in zip(order[:-1], order[1:]))
    tied_top = " = ".join(model.ids[i] for i in np.flatnonzero(ranks == ranks[order[0]]))
    rows = []
    for j, cid in enumerate(model.criteria):
        if model.linear:
            t_lo, t_hi = _interval_linear(model, j, *_pairs_for(order, n, top_only=True))
            o_lo, o_hi = _interval_linear(model, j, *_pairs_for(order, n, top_only=False))
        else:
            t_lo, t_hi = _interval_numeric(model, j, _top_check(order[0]))
            o_lo, o_hi = _interval_numeric(model, j, _order_check(order, n))
        rows.append({
            "criterion": cid, "label": model.labels[j], "current_weight": float(model.weights[j]),
            "top_option": model.ids[order[0]], "top_tie": tied_top,
            "top_low": t_lo, "top_high": t_hi, "top_width": t_hi - t_lo,
            "order": shown, "order_low": o_lo, "order_high": o_hi,
            "order_width": o_hi - o_lo, "exact": model.linear,
        })
    return pd.DataFrame(rows)


def top_change_room(stability: pd.DataFrame) -> pd.Series:
    """Per row of `stability_intervals`: how far (a share of the total weight, 0..1) the criterion's weight can move
    before the top option changes, i.e. the distance from current_weight to the nearer end of [top_low, top_high]
    that is a real change point. An end at 0 or at 1 is the end of the range (the weight can go no further), not a
    change, so it does not count; NaN when neither end counts (the top holds whatever this one weight is).
    Series indexed like `stability`, named 'top_room'.
    """
    w = stability["current_weight"].to_numpy(float)
    lo, hi = stability["top_low"].to_numpy(float), stability["top_high"].to_numpy(float)
    below = np.where(lo > 0.0, w - lo, np.nan)
    above = np.where(hi < 1.0, hi - w, np.nan)
    return pd.Series(np.fmin(below, above), index=stability.index, name="top_room")


def most_sensitive(stability: pd.DataFrame) -> pd.Series | None:
    """The row of `stability_intervals` whose weight needs the smallest move to change the top option (its
    'top_room' added, `top_change_room`); the first such row on a tie; None when no single weight changes the top."""
    room = top_change_room(stability)
    if not room.notna().any():
        return None
    return stability.assign(top_room=room).loc[room.idxmin()]


# ---------------------------------------------------------------- flip points for a pair

@dataclass(frozen=True)
class FlipPoints:
    """Where two options swap order as each criterion's weight moves over [0, 1]."""

    option_a: str
    option_b: str
    table: pd.DataFrame  # one row per criterion
    segments: pd.DataFrame  # criterion, label, start, end, leader: who is ahead on each stretch of t
    flips: Mapping[str, tuple[float, ...]]  # criterion -> every flip point, full precision


def _pct(t: float, avoid: float | None = None) -> str:
    """A weight share as the tables write it (`numbers.share`); more digits if it would read as `avoid` does."""
    text = share(t)
    if avoid is not None and text == share(avoid):
        text = share(t, 2)
    return text


def _sentence(a: str, b: str, label: str, t0: float, flips: list[float], lead_at: Callable[[float], str]) -> str:
    """Plain words, e.g. 'networking stays ahead unless durability carries more than 38% of the weight'."""
    leader = lead_at(t0)
    if leader == "tie":
        up, down = lead_at(min(t0 + 1e-6, 1.0)), lead_at(max(t0 - 1e-6, 0.0))
        if up == down == "tie" and not flips:
            return f"{a} and {b} stay level whatever weight {label} carries"
        parts = [f"{a} and {b} are level at the current weight of {label} ({_pct(t0)})"]
        if up != "tie":
            parts.append(f"{up} pulls ahead if {label} carries more")
        if down != "tie":
            parts.append(f"{down} pulls ahead if {label} carries less")
        return "; ".join(parts)
    other = b if leader == a else a
    above = [f for f in flips if f > t0 + 1e-9]
    below = [f for f in flips if f < t0 - 1e-9]
    if not above and not below:
        return f"{leader} stays ahead of {other} whatever weight {label} carries (never flips on [0, 1])"
    conds = []
    if below:
        conds.append(f"carries less than {_pct(max(below), t0)}")
    if above:
        conds.append(f"more than {_pct(min(above), t0)}" if below else f"carries more than {_pct(min(above), t0)}")
    return f"{leader} stays ahead of {other} unless {label} {' or '.join(conds)} of the weight"


def flip_points(dataset: Dataset, option_a: str, option_b: str, weights: np.ndarray | None = None,
                method: str = "weighted-sum", normalization: str | None = None,
                names: Mapping[str, str] | None = None, **options: Any) -> FlipPoints:
    """Per criterion, every weight in [0, 1] at which options a and b swap order ('never' if none).

    Table columns: criterion, label, current_weight, leader_now, flip_below (nearest flip under the
    current weight, NaN if none), flip_above, flips ('; '-joined or 'never'), sentence, exact.
    `names` maps ids to the short names used in the sentences (default: the ids).
    """
    model = _Model(dataset, weights, method, normalization, **options)
    ia, ib = model.index(option_a, "--pair"), model.index(option_b, "--pair")
    if ia == ib:
        raise ScoringError.at("--pair", f"expected two different options, got '{option_a}' twice")
    name = {option_a: option_a, option_b: option_b, **(dict(names) if names else {})}
    na, nb = name[option_a], name[option_b]
    rows, segs, found = [], [], {}
    for j, cid in enumerate(model.criteria):
        t0 = float(model.weights[j])
        if model.linear:
            c, s = model.lines(j)
            sign = 1.0 if model.better else -1.0
            dc, ds = sign * (c[ia] - c[ib]), sign * (s[ia] - s[ib])
            root = -dc / ds if abs(ds) > SLOPE_EPS else np.nan
            flips = [float(root)] if np.isfinite(root) and 0.0 < root < 1.0 else []
        else:
            ts = np.linspace(0.0, 1.0, GRID)
            adv = model.advantage(weights_at(model.weights, j, ts), cols=[ia, ib])
            flips = _refine_sign_changes(model, j, ia, ib, ts, np.sign(adv[:, 0] - adv[:, 1]))

        def lead_at(t: float, j: int = j) -> str:
            adv = model.advantage(weights_at(model.weights, j, t), cols=[ia, ib])[0]
            return na if adv[0] > adv[1] else nb if adv[1] > adv[0] else "tie"

        found[cid] = tuple(flips)
        below = [f for f in flips if f < t0 - 1e-9]
        above = [f for f in flips if f > t0 + 1e-9]
        rows.append({
            "criterion": cid, "label": model.labels[j], "current_weight": t0, "leader_now": lead_at(t0),
            "flip_below": max(below) if below else np.nan, "flip_above": min(above) if above else np.nan,
            "flips": "; ".join(f"{f:.4f}" for f in flips) if flips else "never",
            "sentence": _sentence(na, nb, model.labels[j], t0, flips, lead_at), "exact": model.linear,
        })
        edges = [0.0, *flips, 1.0]
        for lo, hi in zip(edges[:-1], edges[1:]):
            if hi - lo <= 0:
                continue
            segs.append({"criterion": cid, "label": model.labels[j], "start": lo, "end": hi,
                         "leader": lead_at((lo + hi) / 2), "current_weight": t0})
    return FlipPoints(option_a, option_b, pd.DataFrame(rows), pd.DataFrame(segs), found)


def default_pair(dataset: Dataset, weights: np.ndarray | None = None, method: str = "weighted-sum",
                 normalization: str | None = None) -> tuple[str, str]:
    """The Quad's institutionalization against networking when both are present, else the current top two."""
    ids = dataset.ids
    if "quad-institutionalization" in ids and "quad-networking" in ids:
        return "quad-institutionalization", "quad-networking"
    if len(ids) < 2:
        raise ScoringError.at("--pair", "flip points need at least two options")
    model = _Model(dataset, weights, method, normalization)
    first, second = model.leaders(2)
    return ids[first], ids[second]
