"""AHP (scoring.weights.ahp): up to 15 criteria, a choice of random index table, geometric-mean
priorities beside the principal eigenvector, and incomplete judgement matrices (NaN = unanswered)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import ScoringError
from scoring.weights import (RANDOM_INDEX_TABLES, ahp, ahp_matrix_from_upper, harker_matrix, llsm_priorities)

NAN = float("nan")


def test_ahp_wang_chin_2011_case_from_pymcdm():
    """Wang, Y. M. & Chin, K. S. (2011). A linear programming approximation to the eigenvector method in the
    AHP. Information Sciences 181(23), 5240-5248; the 6 x 6 case of pymcdm 1.4's tests/test_weights.py
    (TestAHPWeights): principal eigenvector 0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391."""
    a = np.array([[1, 4, 3, 1, 3, 4], [1 / 4, 1, 7, 3, 1 / 5, 1], [1 / 3, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 6],
                  [1, 1 / 3, 5, 1, 1, 1 / 3], [1 / 3, 5, 5, 1, 1, 3], [1 / 4, 1, 6, 3, 1 / 3, 1]])
    res = ahp(a)
    assert res.priorities.round(4).tolist() == [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391]
    assert res.consistency_ratio == pytest.approx(res.consistency_index / 1.24)
    assert res.consistency_ratio > 0.1  # this matrix is famously inconsistent
    assert res.missing == 0


@pytest.mark.parametrize("table,n,ri", [
    ("saaty", 11, 1.51), ("saaty", 12, 1.48), ("saaty", 15, 1.59),  # Saaty 1980, as printed by pyDecision
    ("saaty-2005", 3, 0.52), ("saaty-2005", 12, 1.54),  # Saaty 2005, p. 31 (AHPy 'saaty')
    ("donegan-dodd", 3, 0.4914), ("donegan-dodd", 15, 1.4969),  # Donegan & Dodd 1991 (AHPy 'dd')
    ("alonso-lamata", 3, 0.5245), ("alonso-lamata", 15, 1.5838),  # Alonso & Lamata 2006
])
def test_ahp_consistency_ratio_uses_the_chosen_random_index_table(table, n, ri):
    """CR = CI / RI(n) with RI from the chosen table; one judgement of a consistent matrix doubled makes CI > 0."""
    w = np.arange(n, 0, -1, dtype=float)
    a = w[:, None] / w[None, :]
    a[0, 1] *= 2
    a[1, 0] /= 2
    res = ahp(a, random_index=table)
    assert RANDOM_INDEX_TABLES[table][n] == ri
    assert res.consistency_index > 0
    assert res.consistency_ratio == pytest.approx(res.consistency_index / ri, rel=1e-12)
    assert res.random_index == table


def test_ahp_accepts_fifteen_criteria_and_recovers_consistent_priorities():
    w = np.linspace(1.0, 3.0, 15)
    w /= w.sum()
    res = ahp(w[:, None] / w[None, :])
    assert res.priorities == pytest.approx(w, abs=1e-12)
    assert res.lambda_max == pytest.approx(15.0, abs=1e-9) and res.consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_geometric_mean_priorities_by_hand():
    """Row geometric means of [[1, 2, 4], [1/2, 1, 3], [1/4, 1/3, 1]]: 8^(1/3) = 2, (3/2)^(1/3), (1/12)^(1/3)."""
    a = np.array([[1, 2, 4], [1 / 2, 1, 3], [1 / 4, 1 / 3, 1]])
    g = np.array([2.0, 1.5 ** (1 / 3), (1 / 12) ** (1 / 3)])
    res = ahp(a, priorities="geometric-mean")
    assert res.priorities == pytest.approx(g / g.sum(), abs=1e-15)
    assert res.lambda_max == pytest.approx(ahp(a).lambda_max)  # CR is a property of the matrix, not of the priorities


def test_harker_eigenvector_for_a_consistent_incomplete_matrix_by_hand():
    """a_01 = 2, a_12 = 3, a_02 unanswered: consistent answers imply w = (6, 3, 1)/10. Harker's C is
    [[2, 2, 0], [1/2, 1, 3], [0, 1/3, 2]] and C w = 3 w (row 0: 2*6 + 2*3 = 18 = 3*6)."""
    a = ahp_matrix_from_upper({(0, 1): 2, (1, 2): 3}, 3, missing=NAN)
    assert harker_matrix(a).tolist() == [[2, 2, 0], [0.5, 1, 3], [0, 1 / 3, 2]]
    for method in ("eigenvector", "geometric-mean"):
        res = ahp(a, priorities=method)
        assert res.priorities == pytest.approx([0.6, 0.3, 0.1], abs=1e-12)
        assert res.missing == 1
        assert res.completed[0, 2] == pytest.approx(6.0)
    assert ahp(a).lambda_max == pytest.approx(3.0, abs=1e-12)


def test_llsm_spreads_a_cycle_error_equally_by_hand():
    """Four criteria answered around a cycle: a_01 = a_12 = a_23 = 2 and a_03 = 4 (consistent would be 8).
    Least squares on logs puts a quarter of the cycle's error ln 2 on each answer (Bozoki, Fulop & Ronyai
    2010): ln w_i - ln w_{i+1} = (3/4) ln 2, so w is proportional to 2^(9/4), 2^(6/4), 2^(3/4), 1."""
    a = ahp_matrix_from_upper({(0, 1): 2, (1, 2): 2, (2, 3): 2, (0, 3): 4}, 4, missing=NAN)
    expected = 2.0 ** (np.array([9, 6, 3, 0]) / 4)
    assert llsm_priorities(a) == pytest.approx(expected / expected.sum(), abs=1e-14)
    res = ahp(a, priorities="geometric-mean")
    assert res.priorities == pytest.approx(expected / expected.sum(), abs=1e-14)
    assert res.consistency_ratio > 0  # Harker's CR sees the inconsistency


def test_unconnected_answers_are_refused():
    a = ahp_matrix_from_upper({(0, 1): 2, (2, 3): 3}, 4, missing=NAN)
    with pytest.raises(ScoringError, match=r"the answered pairs do not connect every criterion \(criteria 2, 3"):
        ahp(a)


@pytest.mark.parametrize("matrix,message", [
    (np.ones((16, 16)), "at most 15 criteria"),
    ([[1, NAN], [2, 1]], "missing both ways"),
    ([[1, 2], [0.5, 1]], None),
])
def test_ahp_refuses_bad_matrices(matrix, message):
    if message is None:
        assert ahp(matrix).priorities.tolist() == pytest.approx([2 / 3, 1 / 3])
        return
    with pytest.raises(ScoringError, match=message):
        ahp(matrix)
    with pytest.raises(ScoringError, match="unknown random index table 'noble'"):
        ahp([[1]], random_index="noble")


def _spanning_pairs(draw, n: int) -> set[tuple[int, int]]:
    """A random spanning tree (each criterion k > 0 linked to an earlier one) plus random extra pairs."""
    pairs = {tuple(sorted((k, draw(st.integers(0, k - 1))))) for k in range(1, n)}
    extra = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
    pairs |= {tuple(sorted(p)) for p in extra if p[0] != p[1]}
    return pairs


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_consistent_incomplete_judgements_give_the_complete_matrix_priorities(data):
    """Any connected set of consistent answers a_ij = w_i / w_j determines w: both completion methods
    (Harker's eigenvector, LLSM) return the priorities of the complete matrix, and CR is 0."""
    n = data.draw(st.integers(3, 15))
    w = np.array(data.draw(st.lists(st.floats(0.1, 9.0), min_size=n, max_size=n)))
    w /= w.sum()
    pairs = _spanning_pairs(data.draw, n)
    a = ahp_matrix_from_upper({(i, j): w[i] / w[j] for i, j in pairs}, n, missing=NAN)
    full = ahp(w[:, None] / w[None, :])
    for method in ("eigenvector", "geometric-mean"):
        res = ahp(a, priorities=method)
        assert res.priorities == pytest.approx(full.priorities, rel=1e-9, abs=1e-12)
        assert res.consistency_ratio == pytest.approx(0.0, abs=1e-9)
        assert res.completed == pytest.approx(w[:, None] / w[None, :], rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_complete_matrix_gives_the_same_priorities_whichever_path(data):
    """On a complete (possibly inconsistent) matrix, Harker's modified matrix is the matrix itself, so the
    incomplete-matrix eigenvector path is the eigenvector; and LLSM is the row geometric mean
    (Crawford & Williams 1985)."""
    n = data.draw(st.integers(2, 15))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    upper = {(i, j): data.draw(st.sampled_from(scale)) for i in range(n) for j in range(i + 1, n)}
    a = ahp_matrix_from_upper(upper, n)
    assert np.array_equal(harker_matrix(a), a)
    geo = ahp(a, priorities="geometric-mean").priorities
    assert llsm_priorities(a) == pytest.approx(geo, rel=1e-10, abs=1e-14)
    g = np.exp(np.log(a).mean(axis=1))
    assert geo == pytest.approx(g / g.sum(), rel=1e-12)
    assert math.isclose(ahp(a).priorities.sum(), 1.0)
