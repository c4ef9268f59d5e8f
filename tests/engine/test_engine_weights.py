"""Weight elicitation helpers and profile resolution, against published or hand-computed values."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import CRITERIA_MINI
from scoring import ScoringError
from scoring.loading import parse_criteria
from scoring.weights import (RANDOM_INDEX, ahp, ahp_matrix_from_upper, normalize_weights, parse_weight_spec,
                             points_allocation, rank_order_centroid, resolve_weights, swing_weights)


@pytest.fixture
def criteria():
    text = CRITERIA_MINI + "  impact_only: {impact: 1}\n"  # a profile that leaves cost and speed out
    cs, problems = parse_criteria(text.encode())
    assert problems == []
    return cs


# ---------------------------------------------------------------- points allocation

def test_points_allocation_divides_the_budget():
    assert points_allocation([50, 30, 20]).tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert points_allocation([7, 0, 3], total=10).tolist() == pytest.approx([0.7, 0.0, 0.3])


@pytest.mark.parametrize("points,message", [
    ([50, 30, 10], "expected the points to add up to 100, they add up to 90"),
    ([60, 50, -10], "points must not be negative"),
    ([0, 0, 0], "expected the points to add up to 100, they add up to 0"),
])
def test_points_allocation_refuses_a_wrong_budget(points, message):
    with pytest.raises(ScoringError, match=message):
        points_allocation(points)


# ---------------------------------------------------------------- rank-order centroid

@pytest.mark.parametrize("n,expected", [
    (2, [0.7500, 0.2500]),
    (3, [0.6111, 0.2778, 0.1111]),
    (4, [0.5208, 0.2708, 0.1458, 0.0625]),
    (5, [0.4567, 0.2567, 0.1567, 0.0900, 0.0400]),
])
def test_rank_order_centroid_barron_barrett_1996(n, expected):
    """Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked attribute weights.
    Management Science 42(11), 1515-1523: ROC weights w_k = (1/n) sum_{i=k}^{n} 1/i; for n = 3
    the published 0.6111, 0.2778, 0.1111. The other rows are the same formula by hand, to 4
    decimals, e.g. n = 4: (1 + 1/2 + 1/3 + 1/4)/4 = 0.5208, (1/3 + 1/4)/4 = 0.1458."""
    w = rank_order_centroid(list(range(1, n + 1)))
    assert w.tolist() == pytest.approx(expected, abs=5e-5)
    assert w.sum() == pytest.approx(1.0)


def test_rank_order_centroid_follows_the_given_ranks_not_the_column_order():
    assert rank_order_centroid([3, 1, 2]).tolist() == pytest.approx([1 / 9, 11 / 18, 5 / 18])


def test_rank_order_centroid_ties_share_their_positions():
    # ranks 1, 2, 2: positions 2 and 3 share (5/18 + 2/18) / 2 = 7/36 each
    assert rank_order_centroid([1, 2, 2]).tolist() == pytest.approx([11 / 18, 7 / 36, 7 / 36])
    assert rank_order_centroid([1, 1, 1]).tolist() == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize("ranks", [[0, 1, 2], [1, 2, 4], []])
def test_rank_order_centroid_refuses_ranks_out_of_range(ranks):
    with pytest.raises(ScoringError, match="expected ranks between 1 and"):
        rank_order_centroid(ranks)


# ---------------------------------------------------------------- swing weights

def test_swing_weights_normalize_the_ratings():
    # best swing 100, then 50 and 25: 100/175, 50/175, 25/175
    assert swing_weights([100, 50, 25]).tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert swing_weights([40, 100, 0]).tolist() == pytest.approx([2 / 7, 5 / 7, 0.0])


@pytest.mark.parametrize("swings,message", [
    ([100, 120], "expected swing ratings between 0 and 100"),
    ([100, -5], "expected swing ratings between 0 and 100"),
    ([0, 0], "all weights are zero"),
])
def test_swing_weights_refuse_bad_ratings(swings, message):
    with pytest.raises(ScoringError, match=message):
        swing_weights(swings)


# ---------------------------------------------------------------- AHP helpers

def test_ahp_matrix_from_upper_fills_reciprocals():
    a = ahp_matrix_from_upper({(0, 1): 3, (0, 2): 5, (1, 2): 2}, 3)
    assert a == pytest.approx(np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]))


def test_ahp_of_a_consistent_matrix_returns_its_ratios():
    w = np.array([0.5, 0.3, 0.15, 0.05])
    res = ahp(w[:, None] / w[None, :])
    assert res.priorities == pytest.approx(w, abs=1e-12)
    assert res.lambda_max == pytest.approx(4.0)
    assert res.consistency_index == pytest.approx(0.0, abs=1e-12)
    assert res.consistency_ratio == pytest.approx(0.0, abs=1e-12) and res.consistent


def test_ahp_priorities_are_the_principal_eigenvector():
    """Checked against numpy's eigen-decomposition, with CR = ((lambda - n)/(n - 1)) / RI(4) = CI / 0.90."""
    a = ahp_matrix_from_upper({(0, 1): 3, (0, 2): 7, (0, 3): 5, (1, 2): 3, (1, 3): 1, (2, 3): 1 / 3}, 4)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    principal = np.abs(vectors[:, k].real)
    lam = float(values[k].real)
    res = ahp(a)
    assert res.priorities == pytest.approx(principal / principal.sum(), abs=1e-9)
    assert res.lambda_max == pytest.approx(lam, abs=1e-9)
    assert res.consistency_ratio == pytest.approx((lam - 4) / 3 / 0.90, abs=1e-9)


def test_ahp_random_index_is_saatys_classic_table():
    assert {n: RANDOM_INDEX[n] for n in range(3, 11)} == {
        3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}


def test_ahp_two_by_two_is_always_consistent():
    res = ahp([[1, 3], [1 / 3, 1]])
    assert res.priorities.tolist() == pytest.approx([0.75, 0.25])
    assert res.consistency_ratio == 0.0 and res.worst_pair is None


def test_ahp_flags_an_intransitive_triple():
    """a > b (5), b > c (5) but c > a (5): maximally inconsistent, so CR >> 0.1 and a worst pair."""
    a = ahp_matrix_from_upper({(0, 1): 5, (1, 2): 5, (0, 2): 1 / 5}, 3)
    res = ahp(a)
    assert res.consistency_ratio > 0.1 and not res.consistent
    assert res.worst_pair in {(0, 1), (0, 2), (1, 2)}
    assert res.priorities == pytest.approx([1 / 3] * 3, abs=1e-9)  # the cycle is symmetric


def test_ahp_names_a_judgement_that_is_too_small():
    """Start from the consistent matrix of w = (0.4, 0.3, 0.2, 0.1) and make one judgement six times
    too small: a_13 = 2/6 instead of 0.4/0.2 = 2 (so a_31 = 3). The inconsistency (CR > 0.1) comes
    from that one judgement, and it must be named even though its ratio a_ij w_j / w_i is below 1
    (Saaty's rule compares both a_ij and its reciprocal); putting the suggested value in its place
    brings the CR back under 0.1."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 2], a[2, 0] = 2 / 6, 3.0
    res = ahp(a)
    assert res.consistency_ratio > 0.1 and not res.consistent
    assert res.worst_pair == (0, 2)
    assert 2 / 6 < res.suggested_value < 2
    fixed = a.copy()
    fixed[0, 2], fixed[2, 0] = res.suggested_value, 1 / res.suggested_value
    assert ahp(fixed).consistency_ratio < 0.1


@pytest.mark.parametrize("matrix,message", [
    ([[1, 2], [2, 1]], "expected a reciprocal matrix"),
    ([[1, 0], [0, 1]], "judgements must be positive numbers"),
    ([[1, 2, 3], [0.5, 1, 2]], "expected a square matrix"),
    (np.ones((16, 16)), "at most 15 criteria"),
])
def test_ahp_refuses_bad_matrices(matrix, message):
    with pytest.raises(ScoringError, match=message):
        ahp(matrix)


# ---------------------------------------------------------------- normalizing and resolving weights

def test_normalize_weights_sums_to_one_and_refuses_bad_values():
    assert normalize_weights([2, 1, 1]).tolist() == pytest.approx([0.5, 0.25, 0.25])
    with pytest.raises(ScoringError) as info:
        normalize_weights([-1, 2, -3], "w", ["a", "b", "c"])
    assert [p.column for p in info.value.problems] == ["a", "c"]
    with pytest.raises(ScoringError, match="all weights are zero"):
        normalize_weights([0, 0])
    with pytest.raises(ScoringError, match="must be a finite number"):
        normalize_weights([1, float("nan")])


def test_resolve_weights_defaults_profiles_and_overrides(criteria):
    assert resolve_weights(criteria).tolist() == pytest.approx([0.5, 0.25, 0.25])  # defaults 2, 1, 1
    assert resolve_weights(criteria, "equal").tolist() == pytest.approx([1 / 3] * 3)
    assert resolve_weights(criteria, "thrifty").tolist() == pytest.approx([1 / 6, 4 / 6, 1 / 6])
    # overrides apply on top of the profile: impact 1 -> 4 gives 4, 4, 1
    assert resolve_weights(criteria, "thrifty", {"impact": 4}).tolist() == pytest.approx([4 / 9, 4 / 9, 1 / 9])
    assert resolve_weights(criteria, None, {"speed": 0}).tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])


def test_a_profile_that_omits_criteria_gives_them_zero_weight(criteria):
    assert resolve_weights(criteria, "impact_only").tolist() == [1.0, 0.0, 0.0]
    assert criteria.profiles["thrifty"].description == "Cost matters most."


def test_resolve_weights_refuses_unknown_names(criteria):
    with pytest.raises(ScoringError, match=r"unknown profile 'hawk' \(known: equal, thrifty, impact_only\)"):
        resolve_weights(criteria, "hawk")
    with pytest.raises(ScoringError, match="unknown criterion 'colour'"):
        resolve_weights(criteria, None, {"colour": 1})


def test_parse_weight_spec(criteria):
    assert parse_weight_spec(" impact = 3 , cost=1.5,, ", criteria) == {"impact": 3.0, "cost": 1.5}
    with pytest.raises(ScoringError) as info:
        parse_weight_spec("impact=x,colour=1,speed=-2,cost", criteria)
    assert [p.column for p in info.value.problems] == ["impact", "colour", "speed", "cost"]


def test_profiles_in_criteria_yaml_are_validated():
    text = CRITERIA_MINI + "  broken: {impact: -1}\n  ghost: {colour: 1}\n  zero: {impact: 0}\n"
    cs, problems = parse_criteria(text.encode(), "c.yaml")
    assert cs is None
    messages = [p.message for p in problems]
    assert "profile 'broken': weight of 'impact' must be a non-negative number, got -1" in messages
    assert any(m.startswith("profile 'ghost': unknown criterion 'colour'") for m in messages)
    assert "profile 'zero': all weights are zero" in messages
