"""Stability intervals, weight sweeps and flip points, checked against the ranking itself.

Every interval endpoint and flip point is verified by calling scoring.ranking.rank just inside and
just outside it; two are also derived by hand on the 4-option fixture (tests/conftest.py).
"""
from __future__ import annotations

import re

import numpy as np
import pytest
from analysis_support import synthetic_dataset

from scoring import ScoringError, rank
from scoring.ranking import evaluate
import scoring.sensitivity as sens
from scoring.sensitivity import flip_points, other_weights, stability_intervals, weight_sweep, weights_at

NUMERIC = ("topsis", "vikor", "weighted-product")


def _rank_at(dataset, method, j, t):
    w = weights_at(dataset.criteria.default_weights / dataset.criteria.default_weights.sum(), j, t)[0]
    table = rank(dataset, w, method).table
    return dict(zip(table["id"], table["rank"])), dict(zip(table["id"], table["score"]))


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    return synthetic_dataset(tmp_path_factory.mktemp("synth"), n=24, seed=3)


# ---------------------------------------------------------------- hand-computed

def test_flip_points_by_hand_on_the_fixture(mini_dataset):
    # Weights impact 2, cost 1, speed 1 -> (.5, .25, .25); scale 1-5 normalized, cost reversed.
    # a = (5, 4, 2) -> v (1, .25, .25); b = (3, 1, 4) -> v (.5, 1, .75).
    # Moving impact: others split (cost .5, speed .5): a(t) = .25 + .75 t, b(t) = .875 - .375 t -> t = 5/9.
    # Moving cost: others impact 2/3, speed 1/3: a(t) = .75 - .5 t, b(t) = 7/12 + 5/12 t -> t = 2/11.
    fp = flip_points(mini_dataset, "a", "b", method="weighted-sum")
    row = fp.table.set_index("criterion")
    assert row.loc["impact", "flip_above"] == pytest.approx(5 / 9, abs=1e-12)
    assert np.isnan(row.loc["impact", "flip_below"])
    assert row.loc["cost", "flip_below"] == pytest.approx(2 / 11, abs=1e-12)
    assert row.loc["impact", "leader_now"] == "b"
    assert row.loc["impact", "sentence"] == "b stays ahead of a unless Impact carries more than 55.6% of the weight"
    assert row.loc["cost", "sentence"] == "b stays ahead of a unless Cost carries less than 18.2% of the weight"
    assert bool(row["exact"].all())


def test_stability_interval_by_hand_on_the_fixture(mini_dataset):
    # b is on top at the current weights (a .625, b .6875, c .625, d .4375). Moving impact, b's lead
    # over a ends at 5/9 (above); c(t) = .5 + .25 t never passes b(t) = .875 - .375 t before t = .6,
    # so the top interval for impact is [0, 5/9].
    stab = stability_intervals(mini_dataset, method="weighted-sum").set_index("criterion")
    assert stab.loc["impact", "top_option"] == "b"
    assert stab.loc["impact", "top_low"] == pytest.approx(0.0)
    assert stab.loc["impact", "top_high"] == pytest.approx(5 / 9, abs=1e-12)


def test_dominating_option_never_flips(mini_dataset):
    # b = (3, 1, 4) dominates d = (2, 2, 2): impact and speed higher, cost lower.
    fp = flip_points(mini_dataset, "b", "d", method="weighted-sum")
    assert (fp.table["flips"] == "never").all()
    assert fp.table["sentence"].str.contains("never flips on \\[0, 1\\]").all()
    assert (fp.segments["leader"] == "b").all()


# ---------------------------------------------------------------- endpoints checked by ranking

def _check_intervals(dataset, method, eps):
    stab = stability_intervals(dataset, method=method)
    n_checked = 0
    for j, row in stab.iterrows():
        top = row["top_option"]
        order = re.split(" > | = ", row["order"])
        for edge, inside in ((row["top_low"], +1), (row["top_high"], -1)):
            if eps < edge < 1 - eps:
                ranks, _ = _rank_at(dataset, method, j, edge + inside * eps)
                assert ranks[top] == 1, (method, row["criterion"], edge)
                ranks, _ = _rank_at(dataset, method, j, edge - inside * eps)
                assert ranks[top] > 1, (method, row["criterion"], edge)
                n_checked += 1
        for edge, inside in ((row["order_low"], +1), (row["order_high"], -1)):
            if eps < edge < 1 - eps:
                ranks, scores = _rank_at(dataset, method, j, edge + inside * eps)
                assert _order_holds(ranks, order)
                ranks, scores = _rank_at(dataset, method, j, edge - inside * eps)
                assert not _order_holds(ranks, order)
                n_checked += 1
    return n_checked


def _order_holds(ranks, order):
    seq = [ranks[i] for i in order]
    others = [r for i, r in ranks.items() if i not in order]
    return seq == sorted(seq) and (not others or seq[-1] <= min(others)) and seq[0] == 1


def test_weighted_sum_interval_endpoints_by_ranking(synth, mini_dataset):
    assert _check_intervals(synth, "weighted-sum", 1e-6) >= 6
    assert _check_intervals(mini_dataset, "weighted-sum", 1e-6) >= 3


def test_promethee_interval_endpoints_are_exact(synth):
    assert _check_intervals(synth, "promethee", 1e-6) >= 4


@pytest.mark.parametrize("method", NUMERIC)
def test_numeric_interval_endpoints_by_ranking(synth, method):
    assert _check_intervals(synth, method, 1e-4) >= 2


def test_numeric_search_agrees_with_the_closed_form(synth, monkeypatch):
    exact = stability_intervals(synth, method="weighted-sum")
    monkeypatch.setattr(sens, "LINEAR_METHODS", ())  # force the grid + subdivision path
    numeric = stability_intervals(synth, method="weighted-sum")
    assert not numeric["exact"].any()
    for col in ("top_low", "top_high", "order_low", "order_high"):
        np.testing.assert_allclose(numeric[col], exact[col], atol=1e-6)


@pytest.mark.parametrize("method,eps", [("weighted-sum", 1e-6), ("promethee", 1e-6), ("topsis", 1e-4), ("vikor", 1e-4)])
def test_flip_points_by_ranking(synth, method, eps):
    a, b = "quad-institutionalization", "quad-networking"
    fp = flip_points(synth, a, b, method=method)
    checked = 0
    for j, row in fp.table.iterrows():
        flips = fp.flips[row["criterion"]]
        assert row["flips"] == ("never" if not flips else "; ".join(f"{f:.4f}" for f in flips))
        for f in flips:
            before, _ = _rank_at(synth, method, j, f - eps)
            after, _ = _rank_at(synth, method, j, f + eps)
            assert np.sign(before[a] - before[b]) == -np.sign(after[a] - after[b]) != 0, (method, row["criterion"], f)
            checked += 1
        if not flips:  # the same option leads all along: check both ends and the middle
            signs = {np.sign(r[a] - r[b]) for r in (_rank_at(synth, method, j, t)[0] for t in (0.0, 0.5, 1.0))}
            assert len(signs - {0}) <= 1
    assert checked >= 1


def test_flip_sentence_names_the_leader_and_the_threshold(synth):
    fp = flip_points(synth, "quad-institutionalization", "quad-networking", method="weighted-sum",
                     names={"quad-institutionalization": "institutionalization", "quad-networking": "networking"})
    for _, row in fp.table.iterrows():
        assert row["sentence"].startswith(row["leader_now"])
        if not np.isnan(row["flip_above"]):
            assert f"more than {100 * row['flip_above']:.0f}%" in row["sentence"] or \
                f"more than {100 * row['flip_above']:.1f}%" in row["sentence"]


# ---------------------------------------------------------------- sweep

def test_sweep_matches_the_ranking_and_marks_the_current_weight(synth):
    sw = weight_sweep(synth, None, "durability", "topsis", points=11)
    j = synth.criteria.ids.index("durability")
    w0 = synth.criteria.default_weights / synth.criteria.default_weights.sum()
    assert sw.current == pytest.approx(w0[j])
    assert np.any(np.isclose(sw.grid, w0[j]))
    for g in (0, 5, len(sw.grid) - 1):
        ref = evaluate(synth.matrix, synth.criteria, weights_at(w0, j, sw.grid[g])[0], "topsis").scores
        np.testing.assert_allclose(sw.scores[g], ref, atol=1e-12)
    frame = sw.frame()
    assert len(frame) == len(sw.grid) * len(synth.ids)
    assert set(frame.columns) >= {"weight", "id", "score", "rank"}


def test_sweep_crossings_are_where_scores_meet(synth):
    shown = synth.ids[:6]
    sw = weight_sweep(synth, None, "impact", "weighted-sum", crossings_among=shown)
    assert len(sw.crossings) > 0
    j = 0
    w0 = synth.criteria.default_weights / synth.criteria.default_weights.sum()
    for _, c in sw.crossings.iterrows():
        assert 0 < c["weight"] < 1
        s = evaluate(synth.matrix, synth.criteria, weights_at(w0, j, c["weight"])[0], "weighted-sum").scores
        ia, ib = synth.ids.index(c["option_a"]), synth.ids.index(c["option_b"])
        assert s[ia] == pytest.approx(s[ib], abs=1e-12)
        assert c["score"] == pytest.approx(s[ia], abs=1e-12)
    assert set(sw.crossings["option_a"]) | set(sw.crossings["option_b"]) <= set(shown)


# ---------------------------------------------------------------- edges and errors

def test_rescaling_splits_equally_when_the_others_are_zero():
    np.testing.assert_allclose(other_weights(np.array([1.0, 0.0, 0.0]), 0), [0, 0.5, 0.5])
    np.testing.assert_allclose(other_weights(np.array([0.5, 0.3, 0.2]), 0), [0, 0.6, 0.4])
    rows = weights_at(np.array([1.0, 0.0, 0.0]), 0, np.array([0.0, 0.3, 1.0]))
    np.testing.assert_allclose(rows, [[0, 0.5, 0.5], [0.3, 0.35, 0.35], [1, 0, 0]])
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)


def test_all_weight_on_one_criterion_still_gives_intervals(mini_dataset):
    stab = stability_intervals(mini_dataset, np.array([1.0, 0.0, 0.0]), "weighted-sum")
    assert stab.loc[0, "current_weight"] == 1.0
    assert stab.loc[0, "top_high"] == 1.0
    assert (stab["top_low"] <= stab["current_weight"]).all()


def test_bad_pair_and_unknown_criterion(mini_dataset):
    with pytest.raises(ScoringError, match="unknown option 'zz'"):
        flip_points(mini_dataset, "a", "zz")
    with pytest.raises(ScoringError, match="two different options"):
        flip_points(mini_dataset, "a", "a")
    with pytest.raises(ScoringError, match="unknown criterion 'nope'"):
        weight_sweep(mini_dataset, None, "nope")


def test_stability_intervals_show_ties_as_ties(tmp_path):
    """review2 E3: three options tied at every weight were reported as the order 'a > b > c' with top 'a'."""
    from conftest import CRITERIA_MINI
    from scoring import load_dataset

    (tmp_path / "criteria.yaml").write_text(CRITERIA_MINI)
    (tmp_path / "options.csv").write_text("id,title,impact,cost,speed\na,A,3,3,3\nb,B,3,3,3\nc,C,3,3,3\nd,D,1,5,1\n")
    stab = stability_intervals(load_dataset(tmp_path / "options.csv", tmp_path / "criteria.yaml"))
    assert (stab["order"] == "a = b = c").all()
    assert (stab["top_tie"] == "a = b = c").all()
    partial = stability_intervals(load_dataset(tmp_path / "options.csv", tmp_path / "criteria.yaml"), top=4)
    assert (partial["order"] == "a = b = c > d").all()
