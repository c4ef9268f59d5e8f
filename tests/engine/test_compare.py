"""Pareto fronts, Kendall's tau, value for money and head-to-head, checked against hand computations."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kendalltau

from scoring import rank
from scoring.compare import (compare_methods, head_to_head, kendall_tau, pareto_mask, rank_movement,
                             value_for_money)
from scoring.methods import METHODS
from scoring.sensitivity import flip_points


def test_pareto_mask_keeps_only_non_dominated_rows():
    # maximize x, minimize y: (3,1) dominates (2,2) and (3,3); (1,0) is cheapest; (2,2) ties nobody else.
    pts = np.array([[3, 1], [2, 2], [1, 0], [3, 3], [3, 1]])
    assert pareto_mask(pts, [True, False]).tolist() == [True, False, True, False, True]



def _pareto_by_definition(points: np.ndarray, maximize: list[bool]) -> np.ndarray:
    """The definition, pair by pair: a row is dominated if another is >= everywhere and > somewhere."""
    g = points * np.where(maximize, 1.0, -1.0)
    n = len(g)
    return np.array([not any((g[k] >= g[i]).all() and (g[k] > g[i]).any() for k in range(n)) for i in range(n)])


@pytest.mark.parametrize("m", [1, 2, 3])
def test_pareto_mask_equals_the_definition_on_random_and_tied_points(m):
    rng = np.random.default_rng(m)
    for case in range(150):
        n = int(rng.integers(1, 40))
        pts = (rng.integers(1, 6, (n, m)).astype(float) if case % 2 else rng.normal(size=(n, m)))
        maximize = list(rng.random(m) < 0.5)
        assert pareto_mask(pts, maximize).tolist() == _pareto_by_definition(pts, maximize).tolist()


def test_untrusted_pareto_front_of_20000_options_stays_small_in_memory():
    """review2 E8: the one-shot (n, n, m) comparison took 1.7 GB at 20,000 options (Trade-offs view)."""
    import tracemalloc

    from scoring import compare

    pts = np.random.default_rng(8).normal(size=(20_000, 2))
    tracemalloc.start()
    try:
        front = pareto_mask(pts, [True, False])
        peak2 = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        pareto_mask(pts[:3_000, :].repeat(2, axis=1)[:, :3], [True, False, True])
        peak3 = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert front.sum() >= 1 and not front.all()
    assert peak2 < 16 * 2**20, f"two criteria peaked at {peak2 / 2**20:.0f} MiB"
    assert peak3 < compare.PARETO_BLOCK_BYTES * 3, f"three criteria peaked at {peak3 / 2**20:.0f} MiB"

def test_kendall_tau_hand_example_and_extremes():
    # y = 3,4,1,2,5 against 1..5: 6 concordant and 4 discordant pairs of 10, so tau = 0.2.
    assert kendall_tau([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]) == pytest.approx(0.2)
    assert kendall_tau([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)
    assert kendall_tau([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_kendall_tau_with_ties_is_tau_b():
    a, b = [1, 1, 3, 4, 5, 5], [2, 1, 3, 3, 6, 5]
    assert kendall_tau(a, b) == pytest.approx(kendalltau(a, b).statistic)


def test_value_for_money_on_the_mini_data(mini_dataset):
    # Default weights impact 2, cost 1, speed 1: benefit = 2/3 impact + 1/3 speed on the 1-5 scale.
    vf = value_for_money(mini_dataset).set_index("id")
    assert vf["benefit"].to_dict() == pytest.approx({"a": 0.75, "b": 7 / 12, "c": 2 / 3, "d": 0.25})
    assert vf["cost"].to_dict() == pytest.approx({"a": 0.75, "b": 0.0, "c": 0.5, "d": 0.25})
    assert vf["efficient"].to_dict() == {"a": True, "b": True, "c": True, "d": False}  # d: b is better and cheaper


def test_compare_methods_matches_each_method_and_taus_are_symmetric(mini_dataset):
    mc = compare_methods(mini_dataset)
    for name in METHODS:
        expected = rank(mini_dataset, None, name).table.set_index("id").loc[mini_dataset.ids, "rank"]
        assert mc.ranks[name].tolist() == expected.tolist()
    taus = mc.taus.to_numpy()
    assert np.allclose(np.diag(taus), 1.0) and np.allclose(taus, taus.T)


def test_method_taus_are_each_pair_computed_once_so_the_matrix_is_exactly_symmetric():
    """scipy's tau-b of (a, b) and of (b, a) can differ in the last bit (they did on the shipped data: 0.8514049748540472
    against ...71); the table computes each pair once and mirrors it, as a reader of a symmetric table expects."""
    from scoring import load_dataset

    data = load_dataset()
    mc = compare_methods(data, np.arange(1, len(data.criteria) + 1, dtype=float))
    taus = mc.taus.to_numpy()
    assert np.array_equal(taus, taus.T, equal_nan=True)
    names = list(mc.taus.index)
    for a in range(len(names)):
        for b in range(a, len(names)):
            assert taus[a, b] == kendall_tau(mc.ranks[names[a]], mc.ranks[names[b]])


def test_head_to_head_contributions_add_up_to_the_score_gap(mini_dataset):
    h = head_to_head(mini_dataset, None, "a", "b")
    assert h.table["difference"].sum() == pytest.approx(h.score_a - h.score_b)
    # a: 0.5*1 + 0.25*0.25 + 0.25*0.25 = 0.625; b: 0.5*0.5 + 0.25*1 + 0.25*0.75 = 0.6875.
    assert (h.score_a, h.score_b) == pytest.approx((0.625, 0.6875))
    fp = flip_points(mini_dataset, "a", "b").table
    assert h.table["flips"].tolist() == fp["flips"].tolist()


def test_head_to_head_refuses_an_unknown_option(mini_dataset):
    from scoring import ScoringError

    with pytest.raises(ScoringError, match="unknown option 'zz'"):
        head_to_head(mini_dataset, None, "a", "zz")


def test_rank_movement_counts_places_moved_up(mini_dataset):
    base = rank(mini_dataset, np.ones(3)).table
    now = rank(mini_dataset, np.array([1.0, 0.0, 0.0])).table  # impact only: a, c, b, d
    moved = rank_movement(now, base)
    expected = base.set_index("id")["rank"] - now.set_index("id")["rank"]
    assert moved.to_dict() == expected.to_dict()
    assert now["id"].tolist() == ["a", "c", "b", "d"]

