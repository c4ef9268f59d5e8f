"""Properties every ranking must have, checked with hypothesis on generated decision problems.

Scores are drawn as multiples of 0.5 on small scales so that ties, equal columns and PROMETHEE
differences exactly at q and p come up often instead of almost never.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine_support import make_dataset, method_settings
from scoring.methods import promethee_ii
from scoring.model import Preference
from scoring.ranking import rank, rank_rows, rank_scores

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL = method_settings()  # weighted sum, weighted product and TOPSIS with every normalization; PROMETHEE; VIKOR
HALVES = [i / 2 for i in range(2, 21)]  # 1.0 .. 10.0 in steps of 0.5, inside every generated scale


@st.composite
def problems(draw, min_n: int = 2, max_n: int = 9, max_m: int = 4, linear: bool = True):
    """(matrix, is_cost, weights, preferences) on the scale 1..10."""
    n = draw(st.integers(min_n, max_n))
    m = draw(st.integers(1, max_m))
    x = np.array(draw(st.lists(st.lists(st.sampled_from(HALVES), min_size=m, max_size=m), min_size=n, max_size=n)))
    cost = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    w = np.array(draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 7.5]), min_size=m, max_size=m)))
    if w.sum() == 0:
        w[draw(st.integers(0, m - 1))] = 1.0
    prefs = []
    for _ in range(m):
        if linear and draw(st.booleans()):
            q = draw(st.sampled_from([0.0, 0.5, 1.0]))
            prefs.append(Preference("linear", q, q + draw(st.sampled_from([0.5, 1.0, 2.5]))))
        else:
            prefs.append(Preference())
    return x, cost, w, prefs


def _by_id(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("id").sort_index()


# ---------------------------------------------------------------- weights: only their ratios matter

@SETTINGS
@given(problems(), st.sampled_from([1e-3, 0.37, 2.0, 1e3]))
def test_scaling_all_weights_changes_nothing(problem, factor):
    x, cost, w, prefs = problem
    ds = make_dataset(x, cost, preferences=prefs)
    for method, norm in ALL:
        a = rank(ds, w, method, norm).table
        b = rank(ds, w * factor, method, norm).table
        assert b["score"].to_numpy() == pytest.approx(a["score"].to_numpy(), rel=1e-9, abs=1e-12), (method, norm)
        assert b["rank"].tolist() == a["rank"].tolist(), (method, norm)
        assert b["id"].tolist() == a["id"].tolist(), (method, norm)


@SETTINGS
@given(problems())
@example((np.array([[1.0, 2.0], [1.0, 7.0]]), np.array([False, True]), np.array([0.0, 0.5]), [Preference()] * 2))
def test_scores_are_finite_and_normalized_values_stay_in_range(problem):
    """The best and worst values of a column map to exactly 1 and 0 (a -1e-16 would make the
    weighted product's log NaN); every score of every method is a finite number."""
    from scoring.normalization import normalize

    x, cost, w, prefs = problem
    ds = make_dataset(x, cost, preferences=prefs)
    for norm in ("scale", "minmax"):
        v = normalize(x, cost, norm, np.ones(x.shape[1]), np.full(x.shape[1], 10.0))
        assert v.min() >= 0.0 and v.max() <= 1.0
    v = normalize(x, cost, "minmax")
    varies = x.max(axis=0) > x.min(axis=0)
    assert np.all(v.min(axis=0)[varies] == 0.0) and np.all(v.max(axis=0) == 1.0)
    for method, norm in ALL:
        scores = rank(ds, w, method, norm).table["score"].to_numpy()
        assert np.all(np.isfinite(scores)), (method, norm)


# Hand values for one benefit column (2, 4, 8) and one cost column (2, 4, 5) on a 1..10 scale;
# the cost column's minimum is 2, not 1, so min/x and 1/x differ.
R84, R45 = 84 ** 0.5, 45 ** 0.5
BY_HAND = {
    "scale": [[1 / 9, 8 / 9], [3 / 9, 6 / 9], [7 / 9, 5 / 9]],
    "minmax": [[0, 1], [1 / 3, 1 / 3], [1, 0]],
    "vector": [[2 / R84, 1 - 2 / R45], [4 / R84, 1 - 4 / R45], [8 / R84, 1 - 5 / R45]],
    "sum": [[2 / 14, 0.5 / 0.95], [4 / 14, 0.25 / 0.95], [8 / 14, 0.2 / 0.95]],
    "max": [[0.25, 1], [0.5, 0.5], [1, 0.4]],
}


@pytest.mark.parametrize("norm", list(BY_HAND))
def test_each_normalization_by_hand(norm):
    from scoring.normalization import normalize

    x = np.array([[2.0, 2.0], [4.0, 4.0], [8.0, 5.0]])
    got = normalize(x, np.array([False, True]), norm, np.array([1.0, 1.0]), np.array([10.0, 10.0]))
    assert got == pytest.approx(np.array(BY_HAND[norm]), abs=1e-12)


def test_weighted_product_on_scale_uses_ratios_to_the_declared_bounds():
    """x / max for benefits, min / x for costs: (2/10)^0.5 (1/2)^0.5 = 0.3162 for the first row."""
    from scoring.methods import weighted_product

    x = np.array([[2.0, 2.0], [4.0, 4.0], [8.0, 5.0]])
    res = weighted_product(x, np.array([False, True]), np.array([0.5, 0.5]), normalization="scale",
                           scale_min=np.array([1.0, 1.0]), scale_max=np.array([10.0, 10.0]))
    expected = [(2 / 10 * 1 / 2) ** 0.5, (4 / 10 * 1 / 4) ** 0.5, (8 / 10 * 1 / 5) ** 0.5]
    assert res.scores == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------- order of rows is irrelevant

@SETTINGS
@given(st.data())
def test_permuting_rows_changes_no_score_or_rank(data):
    x, cost, w, prefs = data.draw(problems())
    perm = np.array(data.draw(st.permutations(range(len(x)))))
    ids = [f"o{i}" for i in range(len(x))]
    ds = make_dataset(x, cost, preferences=prefs, ids=ids)
    shuffled = make_dataset(x[perm], cost, preferences=prefs, ids=[ids[i] for i in perm])
    for method, norm in ALL:
        a = _by_id(rank(ds, w, method, norm).table)
        b = _by_id(rank(shuffled, w, method, norm).table)
        assert b["score"].to_numpy() == pytest.approx(a["score"].to_numpy(), rel=1e-9, abs=1e-12), (method, norm)
        assert b["rank"].tolist() == a["rank"].tolist(), (method, norm)


# ---------------------------------------------------------------- dominance

@SETTINGS
@given(st.data())
def test_a_dominating_option_never_ranks_below_the_dominated_one(data):
    x, cost, w, prefs = data.draw(problems(min_n=2))
    n, m = x.shape
    i, j = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    worse_by = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.0]), min_size=m, max_size=m)))
    if not worse_by.any():
        worse_by[data.draw(st.integers(0, m - 1))] = 0.5
    # row j = row i made worse (lower benefit, higher cost) on some criteria, kept inside the scale
    x = x.copy()
    x[j] = np.clip(np.where(cost, x[i] + worse_by, x[i] - worse_by), 1.0, 10.0)
    ds = make_dataset(x, cost, preferences=prefs)
    for method, norm in ALL:
        table = rank(ds, w, method, norm).table.set_index("id")
        assert table.loc[f"o{i}", "rank"] <= table.loc[f"o{j}", "rank"], (method, norm, x.tolist(), w.tolist())


# ---------------------------------------------------------------- `scale` makes scores independent of the others

@SETTINGS
@given(problems(linear=False), st.data())
def test_adding_an_option_leaves_every_other_weighted_sum_score_unchanged_under_scale(problem, data):
    x, cost, w, _ = problem
    extra = np.array(data.draw(st.lists(st.sampled_from(HALVES), min_size=x.shape[1], max_size=x.shape[1])))
    before = make_dataset(x, cost)
    after = make_dataset(np.vstack([x, extra]), cost)
    for method in ("weighted-sum", "weighted-product"):
        a = _by_id(rank(before, w, method, "scale").table)
        b = _by_id(rank(after, w, method, "scale").table).drop(index=f"o{len(x)}")
        assert b["score"].to_numpy() == pytest.approx(a["score"].to_numpy(), rel=1e-12, abs=1e-15), method
        if method == "weighted-sum":
            contrib = [f"c{j}" for j in range(x.shape[1])]
            assert np.allclose(b[contrib].to_numpy(), a[contrib].to_numpy(), rtol=1e-12, atol=1e-15)


def test_minmax_is_not_independent_so_the_check_above_can_fail():
    """Counter-check: under `minmax` a new best option moves everyone else's score."""
    x = np.array([[2.0, 5.0], [4.0, 1.0]])
    before = _by_id(rank(make_dataset(x, [False, False]), np.ones(2), "weighted-sum", "minmax").table)
    after = _by_id(rank(make_dataset(np.vstack([x, [8.0, 5.0]]), [False, False]), np.ones(2),
                        "weighted-sum", "minmax").table)
    # o1 before: (4-2)/2 = 1 and 0 -> 0.5; after: (4-2)/6 = 1/3 and 0 -> 1/6
    assert before.loc["o1", "score"] == pytest.approx(0.5)
    assert after.loc["o1", "score"] == pytest.approx(1 / 6)


# ---------------------------------------------------------------- PROMETHEE: sorted prefix sums == all pairs

def brute_force_net_flows(x: np.ndarray, is_cost: np.ndarray, w: np.ndarray, prefs: list[Preference]) -> np.ndarray:
    """The textbook definition, pair by pair: phi(a) = 1/(n-1) sum_b sum_j w_j [P_j(a,b) - P_j(b,a)]."""
    n, m = x.shape
    pi = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            for j in range(m):
                d = x[a, j] - x[b, j]
                if is_cost[j]:
                    d = -d
                pref = prefs[j]
                if pref.type == "usual":
                    p_ab = 1.0 if d > 0 else 0.0
                elif d <= pref.q:
                    p_ab = 0.0
                elif d <= pref.p:
                    p_ab = (d - pref.q) / (pref.p - pref.q)
                else:
                    p_ab = 1.0
                pi[a, b] += w[j] * p_ab
    return (pi.sum(axis=1) - pi.sum(axis=0)) / (n - 1)


@settings(max_examples=150, deadline=None)
@given(problems(min_n=2, max_n=12))
@example((np.array([[0.0], [0.5], [2.0], [2.5], [2.5], [4.5]]), np.array([False]), np.array([1.0]),
          [Preference("linear", 0.5, 2.0)]))  # differences of exactly q = 0.5 and p = 2, plus a tie
@example((np.array([[1.0, 3.0], [1.0, 3.0], [3.0, 1.0]]), np.array([False, True]), np.array([1.0, 1.0]),
          [Preference(), Preference()]))  # usual criterion with ties in both columns
def test_promethee_sorted_flows_equal_the_pairwise_definition(problem):
    x, cost, w, prefs = problem
    w = w / w.sum()
    fast = promethee_ii(x, cost, w, preferences=prefs).scores
    assert fast == pytest.approx(brute_force_net_flows(x, cost, w, prefs), abs=1e-12)
    assert fast.sum() == pytest.approx(0.0, abs=1e-12)


def test_promethee_exact_threshold_hits_by_hand():
    """g = 0, q, p, p + q with q = 1, p = 3: every pairwise gap lands on 1, 2, 3 or 4.
    Leaving flows: 0 -> nothing; 1 -> (1 vs 0: d = q -> 0); 3 -> (3: 1) + (2: 0.5) = 1.5;
    4 -> (4: 1) + (3: 1) + (1: 0) = 2. Entering: 0 -> 0 + 1 + 1 = 2; 1 -> 0.5 + 1 = 1.5;
    3 -> 0 (gap 1 = q); 4 -> 0. Net / 3 = (-2/3, -1/2, 1/2, 2/3)."""
    x = np.array([[0.0], [1.0], [3.0], [4.0]])
    prefs = [Preference("linear", 1.0, 3.0)]
    got = promethee_ii(x, np.zeros(1, bool), np.ones(1), preferences=prefs).scores
    assert got == pytest.approx([-2 / 3, -1 / 2, 1 / 2, 2 / 3], abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from([2024.0, 1e6, 1e9]))
def test_promethee_flows_survive_a_large_common_offset(data, offset):
    """Scores with a large shared offset (years, populations) and arbitrary decimals: the sorted
    prefix sums must still match the pairwise definition to 1e-10 (summing raw values of 1e6 would
    lose about 1e-9 per pair)."""
    n = data.draw(st.integers(2, 30))
    x = np.array(data.draw(st.lists(st.floats(0, 10), min_size=n, max_size=n)))[:, None] + offset
    prefs = [Preference("linear", 0.5, 1.5)]
    fast = promethee_ii(x, np.zeros(1, bool), np.ones(1), preferences=prefs).scores
    assert fast == pytest.approx(brute_force_net_flows(x, np.zeros(1, bool), np.ones(1), prefs), abs=1e-10)


# ---------------------------------------------------------------- ranks: ties share the best rank

def test_rank_ties_share_the_best_rank():
    assert rank_scores([0.9, 0.9, 0.1]).tolist() == [1, 1, 3]
    assert rank_scores([0.1, 0.5, 0.5, 0.9]).tolist() == [4, 2, 2, 1]
    assert rank_scores([0.2, 0.2, 0.7], higher_is_better=False).tolist() == [1, 1, 3]
    assert rank_scores([0.1 + 0.2, 0.3, 0.0]).tolist() == [1, 1, 3]  # equal but for float noise


@SETTINGS
@given(st.lists(st.integers(0, 6), min_size=1, max_size=15), st.booleans())
def test_rank_is_one_plus_the_number_strictly_better(values, higher):
    s = np.array(values, float) / 4
    expected = [1 + int(np.sum(s > v if higher else s < v)) for v in s]
    assert rank_scores(s, higher).tolist() == expected
    assert rank_rows(np.vstack([s, s[::-1]]), higher).tolist() == [expected, expected[::-1]]


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 12), st.data(), st.booleans())
def test_rank_rows_equals_rank_scores_row_by_row(k, n, data, higher):
    """The vectorized (k, n) version must agree with the one-row version on every row, ties included
    (values drawn from a few levels so most rows have ties)."""
    levels = st.sampled_from([-1.5, 0.0, 0.1 + 0.2, 0.3, 0.7, 2.0])
    s = np.array(data.draw(st.lists(st.lists(levels, min_size=n, max_size=n), min_size=k, max_size=k)))
    rows = rank_rows(s, higher)
    assert rows.shape == (k, n)
    for i in range(k):
        assert rows[i].tolist() == rank_scores(s[i], higher).tolist()


@pytest.mark.parametrize("method,norm", ALL)
def test_mirror_options_tie_under_equal_weights(method, norm):
    """(5, 1) and (1, 5) with equal weights on two benefit criteria are exactly as good; a third,
    worse option (1, 1) makes the ranks 1, 1, 3. The one exception is the weighted product on
    `minmax`: it maps each column's worst value to 0, so all three products are 0 and tie."""
    ds = make_dataset(np.array([[5.0, 1.0], [1.0, 5.0], [1.0, 1.0]]), [False, False], 1.0, 5.0)
    table = _by_id(rank(ds, np.ones(2), method, norm).table)
    expected = [1, 1, 1] if (method, norm) == ("weighted-product", "minmax") else [1, 1, 3]
    assert table["rank"].tolist() == expected
