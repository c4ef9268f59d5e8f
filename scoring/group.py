"""Group analysis for workshop mode: many participants' weights, one picture of the room.

Pure, vectorized functions over a (k participants x m criteria) array of normalized weights. They
aggregate the weights, rank the options for every participant at once, measure agreement (Kendall's
W with the tie correction), and say what drives disagreement. Nothing here touches the store or the
dashboard, so the same numbers serve the facilitator page, the exports and the benchmarks.

Participant weights ("counts") are non-negative: 0 means the participant is heard (shown, exported)
but not counted in the group weights, the agreement statistics or the acceptability over the room.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .model import CriteriaSet, Dataset
from .ranking import Ranking, rank, rank_rows

Aggregation = Literal["arithmetic", "geometric"]
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric")
_CHUNK = 2048  # weight rows scored at once; bounds the (rows, n, m) temporaries of TOPSIS/VIKOR


# ---------------------------------------------------------------- inputs

def check_room(weights: np.ndarray, counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Validate a (k, m) weight array and its counts; return rows normalized to sum 1 and counts."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.shape[0] == 0:
        raise ScoringError.at("workshop", "no submissions to analyse yet")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ScoringError.at("workshop", "weights must be finite and non-negative")
    total = w.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        raise ScoringError.at("workshop", "every submission needs at least one positive weight")
    c = np.ones(len(w)) if counts is None else np.asarray(counts, dtype=float)
    if c.shape != (len(w),) or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ScoringError.at("workshop", "participant weights must be non-negative numbers, one per participant")
    return w / total, c


def _counted(counts: np.ndarray) -> np.ndarray:
    mask = counts > 0
    if not mask.any():
        raise ScoringError.at("workshop", "no participant is counted: give at least one participant a weight above 0")
    return mask


# ---------------------------------------------------------------- aggregation

def aggregate_weights(weights: np.ndarray, how: str = "arithmetic", counts: np.ndarray | None = None) -> np.ndarray:
    """Group weights: the (count-weighted) arithmetic mean of normalized weights, or the geometric
    mean renormalized to sum 1.

    The geometric mean is the aggregate that keeps ratio judgements consistent (Aczél & Saaty 1983);
    a criterion that any counted participant weighs 0 gets group weight 0 under it.
    """
    w, c = check_room(weights, counts)
    mask = _counted(c)
    w, c = w[mask], c[mask]
    share = c / c.sum()
    if how == "arithmetic":
        return share @ w
    if how == "geometric":
        with np.errstate(divide="ignore"):
            logs = np.log(w)
        g = np.exp(np.where(share[:, None] > 0, share[:, None] * logs, 0.0).sum(axis=0))
        if g.sum() <= 0:
            raise ScoringError.at(
                "workshop", "the geometric mean is zero for every criterion (each criterion has a participant "
                "who weighs it 0); use the arithmetic mean")
        return g / g.sum()
    raise ScoringError.at("aggregation", f"unknown aggregation '{how}' (expected one of: {', '.join(AGGREGATIONS)})")


# ---------------------------------------------------------------- many weight vectors at once

def score_rows(matrix: np.ndarray, criteria: CriteriaSet, weights: np.ndarray, method: str = "weighted-sum",
               normalization: str | None = None, **options: Any) -> tuple[np.ndarray, bool]:
    """Scores of every option under every weight row: (k, n), plus whether higher is better.

    Equal to calling scoring.ranking.evaluate once per row; the SMAA engine's batch scorer does
    the work, in chunks of rows so memory stays bounded for long grids.
    """
    from .smaa import batch_scores

    w = np.atleast_2d(np.asarray(weights, dtype=float))
    if len(w) <= _CHUNK:
        return batch_scores(matrix, criteria, w, method, normalization, **options)
    parts = [batch_scores(matrix, criteria, w[s:s + _CHUNK], method, normalization, **options)
             for s in range(0, len(w), _CHUNK)]
    return np.vstack([p[0] for p in parts]), parts[0][1]


def midranks(ranks: np.ndarray) -> np.ndarray:
    """Average ranks (1, 2.5, 2.5, 4) from competition ranks (1, 2, 2, 4), row by row."""
    r = np.asarray(ranks)
    return r + (tie_sizes(r) - 1) / 2.0


def tie_sizes(ranks: np.ndarray) -> np.ndarray:
    """Size of the tie group each entry belongs to (1 when untied), row by row."""
    r = np.asarray(ranks)
    k, n = r.shape
    key = (r + np.arange(k)[:, None] * (n + 1)).ravel()
    _, inverse, sizes = np.unique(key, return_inverse=True, return_counts=True)
    return sizes[inverse].reshape(k, n)


# ---------------------------------------------------------------- agreement

def kendall_w(ranks: np.ndarray) -> float:
    """Kendall's coefficient of concordance W of k raters (rows) over n objects, corrected for ties.

    W = 12 S / (k^2 (n^3 - n) - k sum_j T_j), with S the sum of squared deviations of the objects'
    rank sums from their mean, rank ties given their average rank, and T_j = sum (t^3 - t) over rater
    j's tie groups of size t (Kendall & Babington Smith 1939; Siegel & Castellan 1988, sec. 9.4).
    Accepts competition ranks (ties share the best rank) or average ranks. NaN when undefined
    (fewer than two raters or objects, or every rater ties everything).
    """
    r = np.asarray(ranks, dtype=float)
    if r.ndim != 2:
        raise ScoringError.at("workshop", "expected a (raters x objects) array of ranks")
    k, n = r.shape
    if k < 2 or n < 2:
        return float("nan")
    comp = _competition(r)
    sizes = tie_sizes(comp)
    avg = midranks(comp)
    rank_sums = avg.sum(axis=0)
    s = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    ties = float((sizes ** 2 - 1).sum())  # each member of a group of t adds t^2 - 1; the group adds t^3 - t
    denom = k * k * (n ** 3 - n) - k * ties
    return 12.0 * s / denom if denom > 0 else float("nan")


def _competition(r: np.ndarray) -> np.ndarray:
    """Competition ranks from any ranks (ascending: 1 is best), so average ranks can be derived."""
    return rank_rows(r, higher_is_better=False)


def weight_spread(weights: np.ndarray, criteria_ids: Sequence[str], counts: np.ndarray | None = None) -> pd.DataFrame:
    """Per criterion: how far apart the counted participants' normalized weights are."""
    w, c = check_room(weights, counts)
    w = w[_counted(c)]
    q = np.quantile(w, [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0], axis=0)
    return pd.DataFrame({
        "criterion": list(criteria_ids), "min": q[0], "p10": q[1], "q1": q[2], "median": q[3], "q3": q[4],
        "p90": q[5], "max": q[6], "mean": w.mean(axis=0), "std": w.std(axis=0), "iqr": q[4] - q[2],
    })


def rank_range(ranks: np.ndarray, ids: Sequence[str]) -> pd.DataFrame:
    """Each option's best, median and worst rank across participants (rows of `ranks`)."""
    r = np.asarray(ranks)
    return pd.DataFrame({
        "id": list(ids), "best": r.min(axis=0), "median": np.median(r, axis=0), "worst": r.max(axis=0),
        "range": r.max(axis=0) - r.min(axis=0),
    })


def top_k_share(ranks: np.ndarray, k: int = 5, counts: np.ndarray | None = None) -> np.ndarray:
    """Share of the (counted) participants who rank each option in their top k."""
    r = np.asarray(ranks)
    c = np.ones(len(r)) if counts is None else np.asarray(counts, dtype=float)
    mask = _counted(c)
    return (c[mask] @ (r[mask] <= k)) / c[mask].sum()


def consensus_top(ranks: np.ndarray, ids: Sequence[str], titles: Sequence[str], k: int = 5,
                  counts: np.ndarray | None = None, threshold: float = 0.5) -> pd.DataFrame:
    """Options in the top k for more than `threshold` of the counted participants, most shared first."""
    share = top_k_share(ranks, k, counts)
    frame = pd.DataFrame({"id": list(ids), "title": list(titles), "share_top": share})
    frame = frame[frame["share_top"] > threshold]
    return frame.sort_values("share_top", ascending=False, kind="stable").reset_index(drop=True)


def room_acceptability(matrix: np.ndarray, criteria: CriteriaSet, weights: np.ndarray,
                       counts: np.ndarray | None = None, method: str = "weighted-sum",
                       normalization: str | None = None, **options: Any) -> np.ndarray:
    """Share of the room placing option i at rank r: (n options x n ranks), rows and columns sum to 1.

    The SMAA engine (scoring.smaa, Lahdelma & Salminen 2001) fed with the participants' weight
    vectors instead of random ones. Participant weights are honoured exactly: participants who count
    the same are one SMAA run, and the runs are averaged with weights count x size. Ties share ranks
    equally, as in SMAA. Scores are taken as given (no score uncertainty): this is about the room.
    """
    from .smaa import check_allocation, smaa_arrays

    w, c = check_room(weights, counts)
    mask = _counted(c)
    x = np.asarray(matrix, dtype=float)
    n = x.shape[0]
    check_allocation(n, x.shape[1], n, 16)  # the (n, n) table below: refused before allocating, as SMAA is
    out = np.zeros((n, n))
    total = c[mask].sum()
    for value in np.unique(c[mask]):
        rows = w[c == value]
        result = smaa_arrays(x, x, x, criteria, None, method, normalization, weight_samples=rows,
                             score_mode="none", confidence_samples=1, **options)
        out += (value * len(rows) / total) * result.acceptability
    return out


# ---------------------------------------------------------------- what drives disagreement

def _reweight(base: np.ndarray, j: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Rows of `base` with criterion j[i] set to value[i], the others rescaled to keep the sum 1."""
    rows = np.repeat(base[None, :], len(j), axis=0)
    rest = 1.0 - rows[np.arange(len(j)), j]
    scale = np.divide(1.0 - value, rest, out=np.zeros_like(rest), where=rest > 0)
    rows *= scale[:, None]
    rows[np.arange(len(j)), j] = value
    stuck = rest <= 0  # all group weight on j: spread the remainder equally over the others
    if stuck.any():
        m = base.size
        rows[stuck] = ((1.0 - value[stuck]) / max(m - 1, 1))[:, None]
        rows[np.flatnonzero(stuck), j[stuck]] = value[stuck]
    return rows


def disagreement_drivers(matrix: np.ndarray, criteria: CriteriaSet, weights: np.ndarray, group: np.ndarray,
                         method: str = "weighted-sum", normalization: str | None = None,
                         counts: np.ndarray | None = None, low: float = 10, high: float = 90,
                         ids: Sequence[str] | None = None, **options: Any) -> pd.DataFrame:
    """Which criterion's spread moves the group ranking most.

    For each criterion, its group weight is set to the counted participants' `low` and `high`
    percentile (the other group weights rescaled to keep the sum 1) and the group ranking recomputed.

    Returns one row per criterion (m rows), most disruptive first, with columns criterion,
    group_weight, p_low, p_high, spread (weights, 0..1); changes_at_low, changes_at_high (options
    whose rank differs from the group ranking at that end, 0..n each); rank_changes (options whose
    rank differs at either end, counted once: 0..n, so never more than the number of options);
    max_shift (largest rank shift at either end); top_at_low, top_at_high (the first option id at rank 1,
    in file order); top_tie_at_low, top_tie_at_high (every option id at rank 1, ties within 1e-12 as in
    `scoring.ranking.rank_scores`, joined by TIE_JOIN); top_changes (the set of options at rank 1 differs
    from the group's at either end: a tie that forms or breaks counts as a change).
    """
    w, c = check_room(weights, counts)
    w = w[_counted(c)]
    g = np.asarray(group, dtype=float)
    m = g.size
    lo, hi = np.percentile(w, [low, high], axis=0)
    j = np.concatenate([np.arange(m), np.arange(m)])
    rows = _reweight(g, j, np.concatenate([lo, hi]))
    scores, better = score_rows(matrix, criteria, np.vstack([g, rows]), method, normalization, **options)
    ranks = rank_rows(scores, better)
    base, moved = ranks[0], ranks[1:]
    differs = moved != base[None, :]  # (2m, n): option i's rank differs with row r's weights
    changed = differs.sum(axis=1)
    either = (differs[:m] | differs[m:]).sum(axis=1)  # per criterion, each option counted once
    shift = np.abs(moved - base[None, :]).max(axis=1) if base.size else np.zeros(len(moved), dtype=int)
    names = list(ids) if ids is not None else [str(i) for i in range(matrix.shape[0])]
    tops = ranks == 1  # (2m + 1, n): every option at rank 1 (ties within 1e-12) under each row's weights
    first = tops.argmax(axis=1)  # the first of them in file order
    tied = top_ids(tops, names)
    moved_top = (tops[1:] != tops[0][None, :]).any(axis=1)  # (2m,): the set of top options differs
    frame = pd.DataFrame({
        "criterion": criteria.ids, "group_weight": g, "p_low": lo, "p_high": hi, "spread": hi - lo,
        "changes_at_low": changed[:m], "changes_at_high": changed[m:],
        "max_shift": np.maximum(shift[:m], shift[m:]),
        "top_at_low": [names[i] for i in first[1:m + 1]], "top_at_high": [names[i] for i in first[m + 1:]],
        "top_tie_at_low": tied[1:m + 1], "top_tie_at_high": tied[m + 1:],
        "top_changes": moved_top[:m] | moved_top[m:],
    })
    frame["rank_changes"] = either
    order = np.lexsort((-frame["spread"].to_numpy(), -frame["rank_changes"].to_numpy(), -frame["top_changes"].to_numpy().astype(int)))
    return frame.iloc[order].reset_index(drop=True)


TIE_JOIN = " = "  # between option ids that share rank 1 (as scoring.sensitivity's top_tie)


def top_ids(tops: np.ndarray, ids: Sequence[str]) -> list[str]:
    """Each row's options at rank 1 as ids joined by TIE_JOIN, in file order: 'a', or 'a = c' for a tie.

    `tops`: (rows, n) bool, True where the option is at rank 1 (`ranks == 1` of competition ranks).
    """
    names = np.asarray(list(ids), dtype=object)
    return [TIE_JOIN.join(names[row]) for row in np.asarray(tops, dtype=bool)]


def split_top(joined: str, ids: Sequence[str]) -> list[str]:
    """The ids of a `top_ids` cell; an id that itself contains TIE_JOIN stays whole."""
    known = set(ids)
    if joined in known:
        return [joined]
    parts = joined.split(TIE_JOIN)
    return parts if all(p in known for p in parts) else [joined]


def _leads(scores: np.ndarray, higher_is_better: bool, target: int | Sequence[int]) -> np.ndarray:
    """Whether option `target` (or any of several) is at rank 1 (alone or tied) in each row."""
    targets = np.atleast_1d(np.asarray(target, dtype=int))
    return (rank_rows(scores, higher_is_better)[:, targets] == 1).any(axis=1)


LINEAR_METHODS = ("weighted-sum", "promethee")  # scores linear in the weights: the flip point is exact


def distance_to_flip(matrix: np.ndarray, criteria: CriteriaSet, weights: np.ndarray, group: np.ndarray,
                     target: int | Sequence[int], method: str = "weighted-sum", normalization: str | None = None,
                     grid: int = 41, steps: int = 30, **options: Any) -> pd.DataFrame:
    """How far each participant's weights must move for the group's top option to become theirs too.

    Definition: walk in a straight line from the participant's normalized weights w toward the group
    weights g, w(t) = (1 - t) w + t g. t* is the smallest t in [0, 1] at which option `target` (the
    group's top) is ranked first (ties count) under w(t); it holds at t = 1 because g ranks it first.
    The distance is the L1 length of that step, t* * ||g - w||_1 (0 to 2); half of it is the share of
    total weight that has to change hands. Because the path is one particular route on the simplex,
    this is an upper bound on the shortest L1 move in any direction; it answers "how far toward the
    room" rather than "the cheapest trick".

    For methods whose scores are linear in the weights (weighted sum, PROMETHEE II) t* is solved
    exactly from the linear margins; for the others it is found on a grid of `grid` points then
    refined by `steps` bisections (precision 2**-steps / (grid - 1)).

    `target` may be several options (the group's top is a tie, within 1e-12): then t* is the first point at
    which any of them is first, and a participant whose top is any of them is already there.
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    g = np.asarray(group, dtype=float)
    k = len(w)
    scores, better = score_rows(matrix, criteria, w, method, normalization, **options)
    already = _leads(scores, better, target)
    if method in LINEAR_METHODS:
        t = _flip_linear(matrix, criteria, w, g, target, method, normalization, **options)
    else:
        t = _flip_search(matrix, criteria, w, g, target, method, normalization, grid, steps, **options)
    t = np.where(already, 0.0, t)
    l1 = np.abs(g[None, :] - w).sum(axis=1)
    return pd.DataFrame({"already_top": already, "t": t, "distance": t * l1, "weight_moved": t * l1 / 2,
                         "to_group": l1}, index=pd.RangeIndex(k))


def _flip_linear(matrix, criteria, w, g, target, method, normalization, **options) -> np.ndarray:
    s_w, better = score_rows(matrix, criteria, w, method, normalization, **options)
    s_g, _ = score_rows(matrix, criteria, g[None, :], method, normalization, **options)
    sign = 1.0 if better else -1.0
    t = np.ones(len(w))
    for j in np.atleast_1d(np.asarray(target, dtype=int)):  # each of the group's tied top options (usually one)
        m0 = sign * (s_w[:, [j]] - s_w)  # margin of the target over every option at t = 0
        m1 = sign * (s_g[:, [j]] - s_g)  # ... and at t = 1 (>= 0: the target leads the group)
        m0 = np.round(m0, 12)
        need = m0 < 0
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(need, m0 / (m0 - m1), 0.0)
        t = np.minimum(t, np.clip(cross.max(axis=1), 0.0, 1.0))
    return t


def _flip_search(matrix, criteria, w, g, target, method, normalization, grid, steps, **options) -> np.ndarray:
    k = len(w)
    ts = np.linspace(0.0, 1.0, grid)
    path = (1 - ts)[None, :, None] * w[:, None, :] + ts[None, :, None] * g[None, None, :]
    scores, better = score_rows(matrix, criteria, path.reshape(k * grid, -1), method, normalization, **options)
    ok = _leads(scores, better, target).reshape(k, grid)
    ok[:, -1] = True
    first = ok.argmax(axis=1)
    hi = ts[first]
    lo = np.where(first > 0, ts[np.maximum(first - 1, 0)], 0.0)
    for _ in range(steps if grid > 1 else 0):  # bisection, all participants at once
        mid = (lo + hi) / 2
        pts = (1 - mid)[:, None] * w + mid[:, None] * g[None, :]
        good = _leads(score_rows(matrix, criteria, pts, method, normalization, **options)[0], better, target)
        hi = np.where(good, mid, hi)
        lo = np.where(good, lo, mid)
    return np.where(first == 0, 0.0, hi)


# ---------------------------------------------------------------- rounds

def round_movement(before: pd.DataFrame, after: pd.DataFrame, criteria_ids: Sequence[str],
                   on: str = "participant") -> pd.DataFrame:
    """Who moved between two rounds: L1 distance (0 to 2) between each participant's latest weights.

    `before` and `after` have an `on` column identifying the participant and one column per
    criterion; participants who answered only one of the rounds get a missing distance.
    """
    cols = list(criteria_ids)
    merged = before[[on, *cols]].merge(after[[on, *cols]], on=on, how="outer", suffixes=("_before", "_after"))
    a = merged[[f"{c}_before" for c in cols]].to_numpy(dtype=float)
    b = merged[[f"{c}_after" for c in cols]].to_numpy(dtype=float)
    a = a / a.sum(axis=1, keepdims=True)
    b = b / b.sum(axis=1, keepdims=True)
    return pd.DataFrame({on: merged[on], "moved_l1": np.abs(b - a).sum(axis=1)})


# ---------------------------------------------------------------- the whole room

@dataclass(frozen=True)
class RoomResult:
    """Everything the facilitator view shows for one set of latest submissions."""

    aggregation: str
    group_weights: np.ndarray
    group: Ranking
    labels: list[str]
    counts: np.ndarray
    weights: np.ndarray  # (k, m) normalized
    ranks: np.ndarray  # (k, n) competition ranks, columns in dataset order
    kendall_w: float
    spread: pd.DataFrame
    rank_range: pd.DataFrame
    consensus: pd.DataFrame
    drivers: pd.DataFrame
    flip: pd.DataFrame
    acceptability: np.ndarray  # (n, n)
    settings: dict[str, Any] = field(default_factory=dict)

    def participant_ranks(self, ids: Sequence[str]) -> pd.DataFrame:
        """Participants (rows) by options (columns): each participant's rank of each option."""
        return pd.DataFrame(self.ranks, index=pd.Index(self.labels, name="participant"), columns=list(ids))


def analyse_room(dataset: Dataset, weights: np.ndarray, labels: Sequence[str], counts: np.ndarray | None = None,
                 method: str = "weighted-sum", normalization: str | None = None,
                 aggregation: str = "arithmetic", top_k: int = 5, **options: Any) -> RoomResult:
    """Aggregate, rank and diagnose a room of submissions in one pass (what one refresh computes)."""
    w, c = check_room(weights, counts)
    if w.shape[1] != len(dataset.criteria):
        raise ScoringError.at("workshop", f"expected {len(dataset.criteria)} weights per submission, got {w.shape[1]}")
    group_w = aggregate_weights(w, aggregation, c)
    group = rank(dataset, group_w, method, normalization, **options)
    matrix = dataset.matrix
    scores, better = score_rows(matrix, dataset.criteria, w, method, normalization, **options)
    ranks = rank_rows(scores, better)
    mask = _counted(c)
    table = group.table
    position = {oid: i for i, oid in enumerate(dataset.ids)}
    target = [position[oid] for oid in table.loc[table["rank"] == 1, "id"]]  # every option tied at the group's top
    flip = distance_to_flip(matrix, dataset.criteria, w, group_w, target, method, normalization, **options)
    flip.insert(0, "participant", list(labels))
    return RoomResult(
        aggregation=aggregation, group_weights=group_w, group=group, labels=list(labels), counts=c, weights=w,
        ranks=ranks, kendall_w=kendall_w(ranks[mask]),
        spread=weight_spread(w, dataset.criteria.ids, c),
        rank_range=rank_range(ranks[mask], dataset.ids),
        consensus=consensus_top(ranks, dataset.ids, dataset.titles, top_k, c),
        drivers=disagreement_drivers(matrix, dataset.criteria, w, group_w, method, normalization, c,
                                     ids=dataset.ids, **options),
        flip=flip, acceptability=room_acceptability(matrix, dataset.criteria, w, c, method, normalization, **options),
        settings={"method": method, "normalization": group.normalization, "aggregation": aggregation,
                  "top_k": top_k, **options},
    )
