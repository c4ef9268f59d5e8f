"""Issue 13: no analysis reachable from the CLI or the dashboard is O(n^2) (or larger) without a bound.

- PROMETHEE I incomparability counts: were pairwise (O(n^2) time, 20,000 options 9.7 s, 100,000 minutes);
  now a merge-sort tree, O(n log^2 n) time and O(n) memory (bench/bench_untrusted.py), checked here against
  the pairwise definition (Brans & Vincke 1985, sec. 4.1).
- Rank bounds (sensitivity): were two (n, n) comparisons; now sorted counts. Stability intervals score their
  201-point weight grid a block of rows at a time.
- The PROMETHEE I relation table (n x n text cells), the room's (n x n) acceptability, the Gaussian
  preference (pairs of distinct scores), a weight sweep's (points x options) frame and sweep crossings
  (pairs of shown options) are refused above a stated size before allocating, saying what is possible.
"""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine_support import cli, make_dataset
from scoring.errors import ScoringError
from scoring.group import room_acceptability
from scoring.methods import (MAX_GAUSSIAN_PAIRS, MAX_RELATION_OPTIONS, dominated_counts, incomparable_counts,
                             promethee_i_relations)
from scoring.model import Preference
from scoring.ranking import rank
from scoring.sensitivity import MAX_CROSSING_OPTIONS, stability_intervals, weight_sweep
from scoring.uncertain import beaten_counts, rank_bounds


def pairwise_incomparable(fp: np.ndarray, fm: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """The definition, pair by pair: a R b when a leads on one flow and b on the other (n x n; small n only)."""
    dp, dm = fp[:, None] - fp[None, :], fm[:, None] - fm[None, :]
    return (((dp > tol) & (dm > tol)) | ((dp < -tol) & (dm < -tol))).sum(axis=1)


flows = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=70)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(flows)
def test_untrusted_promethee_i_incomparability_counts_equal_the_pairwise_definition(pairs):
    fp = np.array([p for p, _ in pairs], float) / 8  # eighths: ties are exact, so the tolerance never decides
    fm = np.array([m for _, m in pairs], float) / 8
    assert incomparable_counts(fp, fm).tolist() == pairwise_incomparable(fp, fm).tolist()


def test_untrusted_dominance_counts_take_queries_that_are_not_the_points():
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([4.0, 1.0, 3.0, 2.0])
    # points below (qx, qy) strictly on both axes
    assert dominated_counts(x, y, np.array([0.0, 5.0, 3.5, 2.5, 4.0]), np.array([9.0, 5.0, 3.5, 4.5, 2.0])).tolist() == \
        [0, 4, 2, 2, 1]


def test_untrusted_promethee_i_counts_for_40000_options_use_linear_memory():
    rng = np.random.default_rng(5)
    n = 40_000
    fp, fm = rng.random(n), rng.random(n)
    tracemalloc.start()
    counts = incomparable_counts(fp, fm)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 * 2**20  # the n x n form would be 12.8 GB; blocks of it 32 MiB at O(n^2) time
    rows = rng.choice(n, 300, replace=False)  # the definition for 300 options against all 40,000
    dp, dm = fp[rows, None] - fp[None, :], fm[rows, None] - fm[None, :]
    assert counts[rows].tolist() == (((dp > 1e-12) & (dm > 1e-12)) | ((dp < -1e-12) & (dm < -1e-12))).sum(axis=1).tolist()
    assert counts.sum() % 2 == 0  # incomparability is symmetric: every pair counted from both ends


def test_untrusted_promethee_ranking_of_50000_options_has_the_incomparable_column():
    rng = np.random.default_rng(1)
    ds = make_dataset(rng.integers(1, 11, (50_000, 3)), [False, True, False], 1, 10)
    table = rank(ds, None, "promethee").table
    assert len(table) == 50_000 and table["incomparable"].between(0, 49_999).all() and table["incomparable"].sum() > 0


def test_untrusted_promethee_i_relation_table_is_refused_above_its_size_saying_what_is_possible():
    n = MAX_RELATION_OPTIONS + 1
    with pytest.raises(ScoringError) as info:
        promethee_i_relations(np.zeros(n), np.zeros(n))
    assert str(info.value) == (
        "promethee: the PROMETHEE I relation table has one cell per pair of options: at most 2,000 options "
        "(4,000,000 cells), got 2,001; the ranking's 'incomparable' column counts each option's incomparable "
        "pairs at any size")


def test_untrusted_room_acceptability_is_refused_before_allocating_options_by_options():
    n = 20_000  # 20,000 x 20,000 x 8 bytes = 3.2 GB, several times over
    ds = make_dataset(np.ones((n, 2)), [False, True], 1, 10)
    tracemalloc.start()
    with pytest.raises(ScoringError, match="rank acceptability of 20,000 options over 20,000 ranks needs about"):
        room_acceptability(ds.matrix, ds.criteria, np.array([[0.5, 0.5], [0.2, 0.8]]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 * 2**20


def test_untrusted_gaussian_preference_is_refused_above_its_pair_bound():
    n = 20_000  # distinct scores: 4e8 pairs
    x = np.column_stack([np.linspace(1, 10, n), np.linspace(10, 1, n)])
    ds = make_dataset(x, [False, False], 1, 10, preferences=[Preference("gaussian", s=1.0), Preference()])
    with pytest.raises(ScoringError) as info:
        rank(ds, None, "promethee")
    assert f"20,000 distinct scores make 400,000,000 pairs, above the {MAX_GAUSSIAN_PAIRS:,} this tool computes" \
           in str(info.value)
    assert "round the scores to a rating scale" in str(info.value)


def test_untrusted_weight_sweep_is_refused_above_the_analysis_bound_offering_fewer_points():
    ds = make_dataset(np.ones((300_000, 2)), [False, True], 1, 10)
    with pytest.raises(ScoringError) as info:
        weight_sweep(ds, None, "c0", points=101, crossings_among=[])
    assert str(info.value) == ("--points: a sweep of 101 weights x 300,000 options has 30,300,000 rows, above what one "
                               "analysis may hold (256 MiB); use at most --points 4 for 300,000 options")
    assert weight_sweep(ds, None, "c0", points=4, crossings_among=[]).scores.shape == (5, 300_000)


def test_untrusted_sweep_crossings_are_refused_above_a_stated_number_of_options():
    ds = make_dataset(np.arange(1000.0).reshape(500, 2) % 10 + 1, [False, True], 1, 10)
    with pytest.raises(ScoringError, match=f"at most {MAX_CROSSING_OPTIONS:,} options .* got 500; show fewer options"):
        weight_sweep(ds, None, "c0", crossings_among=ds.ids)
    assert len(weight_sweep(ds, None, "c0", crossings_among=ds.ids[:20]).crossings) >= 0


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-1, 2)), max_size=50))
def test_untrusted_rank_bounds_counts_equal_the_pairwise_definition(pairs):
    best = np.array([b for b, _ in pairs], float) / 2
    worst = best - np.array([d for _, d in pairs], float) / 2  # mostly below best; some above (non-monotone methods)
    beats_best = worst[None, :] > best[:, None] + 1e-12  # the (n, n) form rank_bounds used
    beats_worst = best[None, :] > worst[:, None] + 1e-12
    np.fill_diagonal(beats_best, False)
    np.fill_diagonal(beats_worst, False)
    at_best, at_worst = beaten_counts(best, worst)
    assert at_best.tolist() == beats_best.sum(axis=1).tolist() and at_worst.tolist() == beats_worst.sum(axis=1).tolist()


@pytest.mark.parametrize("method, n", [("weighted-sum", 60_000), ("topsis", 15_000)])
def test_untrusted_sensitivity_analysis_of_many_options_stays_within_a_memory_bound(method, n):
    """Stability intervals (a 201-point weight grid for the numeric methods) and rank bounds on many options:
    the weight grid is scored a block of rows at a time and the rank bounds are sorted counts, so the peak
    stays far below (201 x n x m) or (n x n) arrays (topsis 15,000 x 3: 72 MB per grid; n x n: 225 MB x 2)."""
    rng = np.random.default_rng(2)
    x = rng.integers(1, 11, (n, 3)).astype(float)
    ds = make_dataset(x, [False, True, False], 1, 10)
    tracemalloc.start()
    table = stability_intervals(ds, None, method)
    bounds = rank_bounds(ds, np.full(3, 1 / 3), method, bases=())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 96 * 2**20
    assert len(table) == 3 and len(bounds) == n and (bounds["best_rank"] <= bounds["rank"]).all()


def test_untrusted_agreement_refuses_a_scale_too_long_for_its_points_by_points_tables(tmp_path, capsys):
    """Before: numpy's ArrayMemoryError traceback ("Unable to allocate 728. TiB", shape (10000001, 10000001))."""
    c, a, b = tmp_path / "c.yaml", tmp_path / "a.csv", tmp_path / "b.csv"
    c.write_text("criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 0, max: 10000000}, weight: 3}\n"
                 "  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")
    a.write_text("id,title,impact,cost\na,A,5,2\nb,B,3,1\nc,C,9,4\n")
    b.write_text("id,title,impact,cost\na,A,4,2\nb,B,3,1\nc,C,7,5\n")
    code, text = cli(capsys, ["agreement", a, b, "--criteria", c])
    assert code == 2 and text == (
        f"error: {c}, column 'impact': criterion 'impact' has the scale 0-10,000,000; agreement (Cohen's kappa, "
        "Krippendorff's alpha) compares whole points of a rating scale, at most 1,001 of them\n")
