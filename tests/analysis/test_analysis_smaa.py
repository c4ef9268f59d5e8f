"""SMAA-2: probabilities that add up, converge to hand-derived values, and reproduce exactly by seed."""
from __future__ import annotations

import math

import numpy as np
import pytest
from analysis_support import synthetic_dataset

from scoring import METHODS, ScoringError, load_dataset
from scoring.normalization import NORMALIZATIONS
from scoring.ranking import evaluate, rank_scores
from scoring.smaa import batch_scores, rank_shares, sample_scores, smaa

TWO_CRITERIA = """\
criteria:
  - {id: x, label: X, direction: benefit, scale: {min: 1, max: 5}, weight: 1}
  - {id: y, label: Y, direction: benefit, scale: {min: 1, max: 5}, weight: 1}
"""


@pytest.fixture
def two_options(tmp_path):
    """A = (5, 1) -> normalized (1, 0); B = (3, 5) -> (.5, 1). With weights (w, 1 - w):
    A - B = .5 w - (1 - w) > 0  <=>  w > 2/3."""
    (tmp_path / "c.yaml").write_text(TWO_CRITERIA)
    (tmp_path / "o.csv").write_text("id,title,x,y,x_low,x_high\nA,Alpha,5,1,,\nB,Bravo,3,5,,\n")
    return load_dataset(tmp_path / "o.csv", tmp_path / "c.yaml")


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    return synthetic_dataset(tmp_path_factory.mktemp("smaa"), n=20, seed=5)


def _sigma(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / n)


# ---------------------------------------------------------------- exact answers

def test_uniform_weights_converge_to_the_simplex_share(two_options):
    # Dirichlet(1, 1): w is uniform on [0, 1], so P(A first) = P(w > 2/3) = 1/3.
    n = 200_000
    r = smaa(two_options, samples=n, seed=11)
    assert r.acceptability[0, 0] == pytest.approx(1 / 3, abs=4 * _sigma(1 / 3, n))
    assert r.acceptability[1, 0] == pytest.approx(2 / 3, abs=4 * _sigma(1 / 3, n))
    # central weights: E[w | w > 2/3] = 5/6 for A, E[w | w < 2/3] = 1/3 for B
    assert r.central_weights[0, 0] == pytest.approx(5 / 6, abs=0.005)
    assert r.central_weights[1, 0] == pytest.approx(1 / 3, abs=0.005)
    np.testing.assert_allclose(r.central_weights.sum(axis=1), 1.0)
    np.testing.assert_allclose(r.confidence, [1.0, 1.0])  # fixed scores: each wins at its central weights


def test_dirichlet_around_current_weights_matches_the_beta_cdf(two_options):
    # alpha = concentration * w = 4 * (.5, .5) = (2, 2): w ~ Beta(2, 2), CDF 3x^2 - 2x^3.
    # P(w > 2/3) = 1 - (3 * 4/9 - 2 * 8/27) = 7/27.
    n = 200_000
    r = smaa(two_options, np.array([1.0, 1.0]), samples=n, seed=3, weights_mode="dirichlet", concentration=4.0)
    assert r.acceptability[0, 0] == pytest.approx(7 / 27, abs=4 * _sigma(7 / 27, n))


@pytest.mark.parametrize("mode,expected", [("uniform", 1 / 4), ("triangular", 1 / 8)])
def test_score_ranges_converge_to_the_exact_probability(tmp_path, mode, expected):
    # Only x counts (weights fixed at (1, 0)). A's x is 3 in [1, 5]; B's x is 4.
    # Uniform: P(X > 4) = 1/4. Triangular(1, 3, 5): P(X > 4) = (5 - 4)^2 / ((5 - 1)(5 - 3)) = 1/8.
    (tmp_path / "c.yaml").write_text(TWO_CRITERIA)
    (tmp_path / "o.csv").write_text("id,title,x,y,x_low,x_high\nA,Alpha,3,1,1,5\nB,Bravo,4,1,,\n")
    ds = load_dataset(tmp_path / "o.csv", tmp_path / "c.yaml")
    n = 100_000
    r = smaa(ds, weight_samples=np.tile([1.0, 0.0], (n, 1)), score_mode=mode, seed=2)
    assert r.samples == n
    assert r.acceptability[0, 0] == pytest.approx(expected, abs=4 * _sigma(expected, n))
    # the confidence factor of A: share of score draws where A wins with its central weights (1, 0)
    assert r.confidence[0] == pytest.approx(expected, abs=4 * _sigma(expected, 1000))


def test_given_weight_rows_count_exactly_like_ranking_each_row(mini_dataset):
    rng = np.random.default_rng(4)
    rows = rng.integers(0, 4, size=(40, 3)).astype(float)
    rows[rows.sum(axis=1) == 0] = 1.0
    rows[:5] = [1.0, 1.0, 1.0]  # equal weights: a and c tie (both 11/24), exercising shared ranks
    r = smaa(mini_dataset, weight_samples=rows)
    n = len(mini_dataset.ids)
    expected = np.zeros((n, n))
    for w in rows:  # the straightforward loop: competition ranks, ties spread evenly over their ranks
        s = evaluate(mini_dataset.matrix, mini_dataset.criteria, w / w.sum()).scores
        lo = rank_scores(s, True)
        hi = n + 1 - rank_scores(s, False)
        for i in range(n):
            expected[i, lo[i] - 1:hi[i]] += 1 / (hi[i] - lo[i] + 1)
    np.testing.assert_allclose(r.acceptability, expected / len(rows), atol=1e-12)


# ---------------------------------------------------------------- invariants

@pytest.mark.parametrize("method", list(METHODS))
def test_indices_sum_to_one_per_option_and_per_rank(synth, method):
    r = smaa(synth, None, method, samples=3000, seed=1, score_mode="triangular")
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0, atol=1e-9)
    assert np.all(r.acceptability >= 0)
    firsts = r.acceptability[:, 0] > 0
    assert np.all(np.isnan(r.central_weights[~firsts]))
    np.testing.assert_allclose(r.central_weights[firsts].sum(axis=1), 1.0)
    assert np.all((r.confidence[firsts] >= 0) & (r.confidence[firsts] <= 1))


def test_ties_share_probability_equally(tmp_path):
    (tmp_path / "c.yaml").write_text(TWO_CRITERIA)
    (tmp_path / "o.csv").write_text("id,title,x,y\nA,Alpha,4,2\nA2,Twin,4,2\nC,Low,1,1\n")
    r = smaa(load_dataset(tmp_path / "o.csv", tmp_path / "c.yaml"), samples=500, seed=0)
    np.testing.assert_allclose(r.acceptability, [[0.5, 0.5, 0], [0.5, 0.5, 0], [0, 0, 1]])
    # by hand: draw 1 ties options 0-1 over ranks 1-2 and options 2-4 over ranks 3-5;
    # draw 2 ties options 1, 2, 4 over ranks 1-3, then option 0 is 4th and option 3 5th
    scores = np.array([[1.0, 1.0, 0.5, 0.5, 0.5], [0.2, 0.9, 0.9, 0.1, 0.9]])
    counts, win = rank_shares(scores, True)
    t = 1 / 3
    np.testing.assert_allclose(counts, [[0.5, 0.5, 0, 1, 0], [0.5 + t, 0.5 + t, t, 0, 0], [t, t, 2 * t, t, t],
                                        [0, 0, t, t, 1 + t], [t, t, 2 * t, t, t]], atol=1e-12)
    np.testing.assert_allclose(win, [[0.5, 0.5, 0, 0, 0], [0, t, t, 0, t]])
    counts_low, _ = rank_shares(-scores, False)  # lower-is-better with negated scores: the same ranks
    np.testing.assert_allclose(counts_low, counts)


def test_dominated_option_never_comes_first(mini_dataset):
    # b = (3, 1, 4) dominates d = (2, 2, 2); under any weights d scores below b.
    d = mini_dataset.ids.index("d")
    for method in METHODS:
        r = smaa(mini_dataset, None, method, samples=4000, seed=9, score_mode="uniform")
        assert r.acceptability[d, 0] == 0.0, method
        assert np.isnan(r.confidence[d])


def test_same_seed_same_result_other_seed_differs_chunking_irrelevant(synth):
    kw = dict(samples=5000, score_mode="triangular", weights_mode="dirichlet", concentration=10.0)
    a = smaa(synth, seed=42, **kw)
    b = smaa(synth, seed=42, **kw)
    c = smaa(synth, seed=43, **kw)
    d = smaa(synth, seed=42, chunk_size=777, **kw)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_array_equal(a.central_weights, b.central_weights)
    assert not np.array_equal(a.acceptability, c.acceptability)
    np.testing.assert_allclose(a.acceptability, d.acceptability, atol=1e-12)


def test_rank_interval_and_fragility_flags(two_options):
    r = smaa(two_options, samples=20_000, seed=1)
    lo, hi = r.rank_interval(0.9)
    np.testing.assert_array_equal(lo, [1, 1])  # A first 1/3 of the time, B 2/3: both span ranks 1-2
    np.testing.assert_array_equal(hi, [2, 2])
    # under equal weights B is first (A .5, B .75); it wins 2/3 > 50%, so it is not a fragile top
    assert list(r.base_rank) == [2, 1]
    assert not r.fragile(first_below=0.5, max_span=3).any()
    assert r.fragile(first_below=0.7, max_span=3)[1]  # B's 2/3 is below 70%
    assert r.fragile(first_below=0.5, max_span=1).all()
    table = r.table()
    assert list(table["id"]) == ["B", "A"]
    assert table["expected_rank"].to_numpy() == pytest.approx([4 / 3, 5 / 3], abs=0.02)


# ---------------------------------------------------------------- batch scoring equals the engine

@pytest.mark.filterwarnings("ignore:invalid value encountered in multiply:RuntimeWarning")  # core: 0 * log(0)
@pytest.mark.parametrize("method", list(METHODS))
def test_batch_scores_equal_the_engine_row_by_row(synth, method):
    rng = np.random.default_rng(0)
    k = 12
    w = rng.dirichlet(np.ones(len(synth.criteria)), size=k)
    w[0, :4] = 0.0
    w[0] /= w[0].sum()
    stack = sample_scores(rng, k, synth.matrix, synth.low, synth.high, "uniform")
    for norm in (None, *NORMALIZATIONS):
        fixed, _ = batch_scores(synth.matrix, synth.criteria, w, method, norm)
        drawn, _ = batch_scores(stack, synth.criteria, w, method, norm)
        for s in range(k):
            ref = evaluate(synth.matrix, synth.criteria, w[s], method, norm).scores
            np.testing.assert_allclose(fixed[s], ref, atol=1e-12)
            ref = evaluate(stack[s], synth.criteria, w[s], method, norm).scores
            np.testing.assert_allclose(drawn[s], ref, atol=1e-12)


def test_sampled_scores_stay_in_their_ranges(synth):
    rng = np.random.default_rng(1)
    for mode in ("uniform", "triangular"):
        x = sample_scores(rng, 500, synth.matrix, synth.low, synth.high, mode)
        assert np.all(x >= synth.low[None] - 1e-12) and np.all(x <= synth.high[None] + 1e-12)
        fixed = synth.low == synth.high
        assert np.all(x[:, fixed] == synth.matrix[fixed])
        assert np.any(x[:, ~fixed] != synth.matrix[~fixed])


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("kwargs,message", [
    (dict(samples=0), "--samples"),
    (dict(samples=-3), "--samples"),
    (dict(samples=5_000_001), "at most 5,000,000"),
    (dict(concentration=0.0, weights_mode="dirichlet"), "--concentration"),
    (dict(concentration=-2.0), "above 0"),
    (dict(concentration=float("nan")), "--concentration"),
    (dict(weights_mode="gaussian"), "unknown weights mode 'gaussian'"),
    (dict(score_mode="normal"), "unknown score mode 'normal'"),
])
def test_bad_settings_are_refused(mini_dataset, kwargs, message):
    with pytest.raises(ScoringError, match=message):
        smaa(mini_dataset, **kwargs)


def test_bad_weight_samples_are_refused(mini_dataset):
    with pytest.raises(ScoringError, match=r"expected a \(k, 3\) array"):
        smaa(mini_dataset, weight_samples=np.ones((4, 2)))
    with pytest.raises(ScoringError, match="non-negative"):
        smaa(mini_dataset, weight_samples=np.array([[1.0, -1.0, 1.0]]))
    with pytest.raises(ScoringError, match="row 2 is all zeros"):
        smaa(mini_dataset, weight_samples=np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]))


def test_works_on_a_dataset_with_an_edited_score(mini_dataset):
    # Dataset.low/high after with_score once failed on a read-only array (pandas copy-on-write)
    edited = mini_dataset.with_score("c", "impact", 5.0)
    assert edited.low[2, 0] == 3 and edited.high[2, 0] == 5
    r = smaa(edited, samples=2000, seed=1, score_mode="uniform")
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0)
