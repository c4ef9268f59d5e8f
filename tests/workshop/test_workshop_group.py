"""Group functions: aggregation, Kendall's W (against worked examples), diagnostics, distance to flip."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.errors import ScoringError
from scoring.group import (aggregate_weights, analyse_room, consensus_top, disagreement_drivers, distance_to_flip,
                           kendall_w, midranks, rank_range, room_acceptability, round_movement, score_rows,
                           top_k_share, weight_spread)
from scoring.methods import METHODS
from scoring.ranking import evaluate, rank, rank_rows, rank_scores


# ---------------------------------------------------------------- aggregation

def test_arithmetic_mean_of_normalized_weights_by_hand():
    # raw [2, 1, 1] -> [.5, .25, .25]; raw [1, 4, 3] -> [.125, .5, .375]; mean [.3125, .375, .3125]
    g = aggregate_weights(np.array([[2, 1, 1], [1, 4, 3]]), "arithmetic")
    assert g == pytest.approx([0.3125, 0.375, 0.3125])


def test_geometric_mean_renormalized_by_hand():
    # sqrt(.5 * .125) = .25, sqrt(.25 * .5) = .353553, sqrt(.25 * .375) = .306186; sum .909739
    g = aggregate_weights(np.array([[2, 1, 1], [1, 4, 3]]), "geometric")
    raw = np.array([0.25, math.sqrt(0.125), math.sqrt(0.09375)])
    assert g == pytest.approx(raw / raw.sum())
    assert g.sum() == pytest.approx(1.0)


def test_participant_weight_zero_is_heard_but_not_counted():
    w = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    assert aggregate_weights(w, "arithmetic", np.array([1, 1, 0])) == pytest.approx([0.5, 0.5, 0.0])
    # weight 3 counts three times: (3 * [1,0,0] + [0,1,0]) / 4
    assert aggregate_weights(w, "arithmetic", np.array([3, 1, 0])) == pytest.approx([0.75, 0.25, 0.0])
    # a participant not counted cannot zero the geometric mean either
    g = aggregate_weights(np.array([[1, 1], [1, 0]], dtype=float), "geometric", np.array([1, 0]))
    assert g == pytest.approx([0.5, 0.5])


def test_aggregation_errors_are_clear():
    with pytest.raises(ScoringError, match="no participant is counted"):
        aggregate_weights(np.ones((2, 3)), "arithmetic", np.zeros(2))
    with pytest.raises(ScoringError, match="geometric mean is zero for every criterion"):
        aggregate_weights(np.array([[1, 0], [0, 1]], dtype=float), "geometric")
    with pytest.raises(ScoringError, match="unknown aggregation 'median'"):
        aggregate_weights(np.ones((2, 3)), "median")
    with pytest.raises(ScoringError, match="no submissions"):
        aggregate_weights(np.zeros((0, 3)))
    with pytest.raises(ScoringError, match="non-negative"):
        aggregate_weights(np.array([[1.0, -1.0]]))


# ---------------------------------------------------------------- Kendall's W

def test_kendall_w_without_ties_proofwiki_example():
    # ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1": competitors X, Y, Z
    # ranked by judges A-D as X = (1, 1, 2, 3), Y = (3, 2, 3, 1), Z = (2, 3, 1, 2); W = 1/16.
    ranks = np.array([[1, 3, 2], [1, 2, 3], [2, 3, 1], [3, 1, 2]])  # rows: judges, columns: X, Y, Z
    assert kendall_w(ranks) == pytest.approx(1 / 16)


def test_kendall_w_with_tie_correction_sheskin_formula():
    # Tie-corrected W (Kendall & Babington Smith 1939; Sheskin 2011, Handbook of Parametric and
    # Nonparametric Statistical Procedures, Test 31): W = (12 U - 3 m^2 n (n+1)^2) / (m^2 n (n^2-1) - m sum(t^3-t)).
    # Two raters, five objects, x = (12, 2, 1, 12, 2), y = (1, 4, 7, 1, 0) ranked ascending:
    # midranks x = (4.5, 2.5, 1, 4.5, 2.5), y = (2.5, 4, 5, 2.5, 1); rank sums (7, 6.5, 6, 7, 3.5),
    # U = 188.5, ties sum(t^3 - t) = 6 + 6 + 6 = 18, so W = (2262 - 2160) / (480 - 36) = 102 / 444.
    x = np.array([12, 2, 1, 12, 2], dtype=float)
    y = np.array([1, 4, 7, 1, 0], dtype=float)
    ranks = rank_rows(np.vstack([x, y]), higher_is_better=False)
    assert midranks(ranks).tolist() == [[4.5, 2.5, 1.0, 4.5, 2.5], [2.5, 4.0, 5.0, 2.5, 1.0]]
    assert kendall_w(ranks) == pytest.approx(102 / 444)
    assert kendall_w(midranks(ranks)) == pytest.approx(102 / 444)  # average ranks give the same W


def test_tie_correction_makes_identical_tied_rankings_perfect():
    # Both raters rank (1, 2.5, 2.5, 4): rank sums (2, 5, 5, 8), S = 18. Uncorrected W = 12*18 / (4*60) = 0.9;
    # corrected: 12*18 / (4*60 - 2*(6 + 6)) = 216 / 216 = 1.
    ranks = np.array([[1, 2, 2, 4], [1, 2, 2, 4]])
    assert kendall_w(ranks) == pytest.approx(1.0)


def test_kendall_w_extremes_and_undefined():
    assert kendall_w(np.array([[1, 2, 3, 4]] * 5)) == pytest.approx(1.0)
    # two raters in exactly opposite order: rank sums all equal -> W = 0
    assert kendall_w(np.array([[1, 2, 3, 4], [4, 3, 2, 1]])) == pytest.approx(0.0)
    assert math.isnan(kendall_w(np.array([[1, 2, 3]])))  # one rater
    assert math.isnan(kendall_w(np.array([[1, 1, 1], [1, 1, 1]])))  # everything tied


# ---------------------------------------------------------------- batch scoring equals the engine

@pytest.mark.parametrize("method", list(METHODS))
def test_score_rows_equals_evaluate_row_by_row(mini_dataset, method):
    rng = np.random.default_rng(7)
    w = rng.dirichlet(np.ones(3), size=25)
    w[0] = [1, 0, 0]  # a zero weight exercises 0 ** 0 in the product
    scores, better = score_rows(mini_dataset.matrix, mini_dataset.criteria, w, method)
    for row, weights in zip(scores, w):
        ref = evaluate(mini_dataset.matrix, mini_dataset.criteria, weights, method)
        assert row == pytest.approx(ref.scores, abs=1e-12)
        assert better == ref.higher_is_better


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3).filter(lambda v: sum(v) > 1e-3))
def test_score_rows_ranks_match_rank_for_weighted_product(mini_dataset, raw):  # fixture is read-only
    w = np.array(raw) / sum(raw)
    scores, better = score_rows(mini_dataset.matrix, mini_dataset.criteria, w[None, :], "weighted-product")
    expected = rank(mini_dataset, w, "weighted-product").table.set_index("id")["rank"]
    assert rank_rows(scores, better)[0].tolist() == expected.loc[mini_dataset.ids].tolist()


# ---------------------------------------------------------------- room diagnostics by hand

RANKS = np.array([  # 4 participants x 3 options
    [1, 2, 3],
    [1, 3, 2],
    [2, 1, 3],
    [3, 1, 2],
])


def test_rank_range_and_top_share():
    rr = rank_range(RANKS, ["a", "b", "c"])
    assert rr["best"].tolist() == [1, 1, 2]
    assert rr["worst"].tolist() == [3, 3, 3]
    assert rr["median"].tolist() == [1.5, 1.5, 2.5]
    assert top_k_share(RANKS, 1).tolist() == [0.5, 0.5, 0.0]
    assert top_k_share(RANKS, 1, np.array([1, 1, 0, 0])).tolist() == [1.0, 0.0, 0.0]


def test_consensus_top_keeps_options_most_participants_put_in_their_top_k():
    frame = consensus_top(RANKS, ["a", "b", "c"], ["A", "B", "C"], k=2)
    # top 2: a in 3 of 4 rows, b in 3 of 4, c in 2 of 4 (not more than half)
    assert frame["id"].tolist() == ["a", "b"]
    assert frame["share_top"].tolist() == [0.75, 0.75]


def test_rank_acceptability_over_the_room_by_hand(mini_dataset):
    # Weighted sum on the declared scales; normalized mini data (impact, cost[cost], speed):
    #   a = (1, .25, .25)  b = (.5, 1, .75)  c = (.75, .5, .5)  d = (.25, .75, .25)
    # all on impact: a > c > b > d; all on cost: b > d > c > a; all on speed: b > c > a = d (a, d tie).
    w = np.array([[1, 0, 0], [0, 1, 0]], dtype=float)
    acc = room_acceptability(mini_dataset.matrix, mini_dataset.criteria, w)
    assert acc.tolist() == [[0.5, 0, 0, 0.5], [0.5, 0, 0.5, 0], [0, 0.5, 0.5, 0], [0, 0.5, 0, 0.5]]
    # participant weights: impact counts 3, cost 1 -> a first for 3/4 of the room
    acc = room_acceptability(mini_dataset.matrix, mini_dataset.criteria, w, np.array([3.0, 1.0]))
    assert acc[0].tolist() == pytest.approx([0.75, 0, 0, 0.25])
    assert acc[1].tolist() == pytest.approx([0.25, 0, 0.75, 0])
    # a tie shares its ranks equally (SMAA convention): a and d split ranks 3 and 4 under speed
    acc = room_acceptability(mini_dataset.matrix, mini_dataset.criteria, np.array([[0, 0, 1.0]]))
    assert acc[0].tolist() == pytest.approx([0, 0, 0.5, 0.5])
    assert acc[3].tolist() == pytest.approx([0, 0, 0.5, 0.5])
    # not counted means not in the distribution
    acc = room_acceptability(mini_dataset.matrix, mini_dataset.criteria, w, np.array([1.0, 0.0]))
    assert acc[0].tolist() == [1, 0, 0, 0]
    assert acc.sum(axis=0) == pytest.approx(np.ones(4)) and acc.sum(axis=1) == pytest.approx(np.ones(4))


def test_weight_spread_quartiles():
    w = np.array([[0.1, 0.9], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6], [0.5, 0.5]])
    spread = weight_spread(w, ["x", "y"])
    assert spread["median"].tolist() == pytest.approx([0.3, 0.7])
    assert spread["iqr"].tolist() == pytest.approx([0.2, 0.2])  # quartiles 0.2 and 0.4 (linear interpolation)
    assert spread["min"].tolist() == pytest.approx([0.1, 0.5])


def test_round_movement_l1_by_participant():
    before = pd.DataFrame({"participant": ["p", "q"], "x": [1.0, 0.5], "y": [0.0, 0.5]})
    after = pd.DataFrame({"participant": ["p", "r"], "x": [0.5, 1.0], "y": [0.5, 0.0]})
    moved = round_movement(before, after, ["x", "y"]).set_index("participant")["moved_l1"]
    assert moved["p"] == pytest.approx(1.0)  # |0.5 - 1| + |0.5 - 0|
    assert np.isnan(moved["q"]) and np.isnan(moved["r"])


# ---------------------------------------------------------------- what drives disagreement

def test_disagreement_drivers_by_hand(mini_dataset):
    # Weighted sum on the 'scale' normalization, mini data (impact, cost[cost], speed on 1..5):
    #   a = (1, .25, .25)  b = (.5, 1, .75)  c = (.75, .5, .5)  d = (.25, .75, .25)
    # Participants: all on impact vs all on cost. Group (mean) = (.5, .5, 0): b .75, a .625, c .625, d .5.
    w = np.array([[1, 0, 0], [0, 1, 0]], dtype=float)
    g = aggregate_weights(w)
    frame = disagreement_drivers(mini_dataset.matrix, mini_dataset.criteria, w, g, ids=mini_dataset.ids,
                                 low=0, high=100).set_index("criterion")
    # impact at its 0th percentile (0): all on cost -> b first (1.0); at 100th (1): all on impact -> a first
    assert frame.loc["impact", "top_at_low"] == "b"
    assert frame.loc["impact", "top_at_high"] == "a"
    assert bool(frame.loc["impact", "top_changes"])
    # speed's spread is 0 (nobody weighs it): moving it changes nothing
    assert frame.loc["speed", "spread"] == 0
    assert frame.loc["speed", "rank_changes"] == 0
    assert not bool(frame.loc["speed", "top_changes"])


def test_disagreement_drivers_count_each_option_once(mini_dataset):
    # Same room as above. Group ranking: b 1, a 2=, c 2=, d 4.
    # impact at 0 (all on cost): b 1, d 2, c 3, a 4 -> a, c, d move (3 options).
    # impact at 1 (all on impact): a 1, c 2, b 3, d 4 -> a, b move (2 options).
    # Options that change rank at either end: {a, b, c, d} = 4, not 3 + 2 = 5 with only 4 options.
    w = np.array([[1, 0, 0], [0, 1, 0]], dtype=float)
    frame = disagreement_drivers(mini_dataset.matrix, mini_dataset.criteria, w, aggregate_weights(w),
                                 ids=mini_dataset.ids, low=0, high=100).set_index("criterion")
    assert (frame.loc["impact", "changes_at_low"], frame.loc["impact", "changes_at_high"]) == (3, 2)
    assert frame.loc["impact", "rank_changes"] == 4
    assert (frame["rank_changes"] <= len(mini_dataset.ids)).all()


# ---------------------------------------------------------------- distance to flip

def test_distance_to_flip_weighted_sum_by_hand(mini_dataset):
    # Participant puts everything on impact (a first: 1.0 vs c .75). Group (.5, .5, 0) has b on top.
    # Along w(t) = (1 - t/2, t/2, 0): score_a = 1 - .75 t/2... a(t) = (1-s) + .25 s, b(t) = .5 (1-s) + s,
    # with s = t/2. b >= a  <=>  .5 + .5 s >= 1 - .75 s  <=>  s >= .4  <=>  t = .8. Also b >= c:
    # c(t) = .75 (1-s) + .5 s; .5 + .5 s >= .75 - .25 s <=> s >= 1/3. So t* = .8, L1 to group = 1, distance .8.
    w = np.array([[1, 0, 0], [0, 1, 0]], dtype=float)
    g = aggregate_weights(w)
    target = mini_dataset.ids.index("b")
    flip = distance_to_flip(mini_dataset.matrix, mini_dataset.criteria, w, g, target)
    assert flip.loc[0, "t"] == pytest.approx(0.8)
    assert flip.loc[0, "distance"] == pytest.approx(0.8)
    assert flip.loc[0, "weight_moved"] == pytest.approx(0.4)
    assert not flip.loc[0, "already_top"]
    assert flip.loc[1, "already_top"] and flip.loc[1, "distance"] == 0.0  # all on cost: b already top


@pytest.mark.parametrize("method", ["topsis", "weighted-product", "vikor"])
def test_distance_to_flip_search_finds_the_first_flip_point(mini_dataset, method):
    rng = np.random.default_rng(3)
    w = rng.dirichlet(np.ones(3), size=12)
    g = aggregate_weights(w)
    top = rank(mini_dataset, g, method).top
    target = mini_dataset.ids.index(top)
    flip = distance_to_flip(mini_dataset.matrix, mini_dataset.criteria, w, g, target, method)
    for i, row in flip.iterrows():
        assert 0 <= row["t"] <= 1
        assert row["distance"] <= row["to_group"] + 1e-12
        at = (1 - row["t"]) * w[i] + row["t"] * g
        assert rank(mini_dataset, at, method).table.set_index("id").loc[top, "rank"] == 1
        if not row["already_top"]:
            before = (1 - row["t"] + 1e-6) * w[i] + (row["t"] - 1e-6) * g
            ranks = rank(mini_dataset, before / before.sum(), method).table.set_index("id")
            assert ranks.loc[top, "rank"] > 1 or row["t"] < 1e-5


# ---------------------------------------------------------------- the whole room

def test_analyse_room_matches_the_engine(mini_dataset):
    w = np.array([[2, 1, 1], [1, 4, 1], [1, 1, 3]], dtype=float)
    room = analyse_room(mini_dataset, w, ["p1", "p2", "p3"], method="topsis", aggregation="geometric")
    g = aggregate_weights(w, "geometric")
    assert room.group_weights == pytest.approx(g)
    assert room.group.table["id"].tolist() == rank(mini_dataset, g, "topsis").table["id"].tolist()
    for i in range(3):  # each participant's ranking is the engine's ranking under their weights
        own = rank_scores(evaluate(mini_dataset.matrix, mini_dataset.criteria, w[i] / w[i].sum(), "topsis").scores)
        assert room.ranks[i].tolist() == own.tolist()
    assert room.acceptability.sum(axis=1) == pytest.approx(np.ones(4))
    assert room.flip["participant"].tolist() == ["p1", "p2", "p3"]
    assert 0.0 <= room.kendall_w <= 1.0
    assert list(room.participant_ranks(mini_dataset.ids).index) == ["p1", "p2", "p3"]
