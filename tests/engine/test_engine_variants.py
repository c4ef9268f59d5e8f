"""Variants analysts reach for (issue 14): PROMETHEE's six preference functions and PROMETHEE I,
VIKOR's compromise solution and --v, and reference weights from the data alone (entropy, CRITIC).

Peer checks run against pymcdm 1.4.0 (a test dependency); scikit-criteria's VIKOR cases are copied
from its test suite with the citation it gives.
"""
from __future__ import annotations

import json

import numpy as np
import pymcdm
import pytest
from pymcdm.methods.partial import PROMETHEE_I

from conftest import CRITERIA_MINI
from scoring import ScoringError
from scoring import methods as engine_methods
from scoring.cli import main
from scoring.loading import parse_criteria
from scoring.methods import (incomparable_counts, preference_flows, promethee_flows, promethee_i_relations, promethee_ii,
                             vikor, vikor_compromise, vikor_indices)
from scoring.model import Preference
from scoring.ranking import rank
from scoring.weights import critic_weights, entropy_weights


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def pairwise_flows(g: np.ndarray, pref: Preference) -> tuple[np.ndarray, np.ndarray]:
    """The definition, all pairs at once (only for small test matrices)."""
    d = g[:, None] - g[None, :]
    q, p, s = pref.q, pref.p, pref.s
    table = {
        "usual": lambda d: (d > 0) * 1.0,
        "u-shape": lambda d: (d > q) * 1.0,
        "v-shape": lambda d: np.where(d > p, 1.0, np.where(d > 0, d / p, 0.0)),
        "level": lambda d: np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0)),
        "linear": lambda d: np.where(d > p, 1.0, np.where(d > q, (d - q) / (p - q), 0.0)),
        "gaussian": lambda d: np.where(d > 0, 1.0 - np.exp(-d * d / (2 * s * s)), 0.0),
    }[pref.type]
    pm = table(d)
    return pm.sum(axis=1), pm.sum(axis=0)


PYMCDM_NAMES = {"usual": "usual", "u-shape": "ushape", "v-shape": "vshape", "level": "level", "linear": "vshape_2"}


@pytest.mark.parametrize("kind", list(PYMCDM_NAMES))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_preference_functions_agree_with_pymcdm_on_random_matrices(kind, seed):
    """pymcdm 1.4.0 PROMETHEE_I / PROMETHEE_II with 'usual', 'ushape', 'vshape', 'level', 'vshape_2' (its
    linear-with-indifference) on a 40 x 5 matrix of 1-decimal scores with ties; phi+, phi- and the net flow
    agree to 1e-12. Thresholds end in 5 in the second decimal, so no difference of the data falls on one:
    there pymcdm compares binary differences (2.3 - 1.8 > 0.5 is False, 2.4 - 1.9 > 0.5 is True) and we
    compare decimal ones (both False; see the next test). pymcdm has no Gaussian function (checked below
    against the definition)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(10, 50, (40, 5)) / 10.0
    cost = np.array([False, True, False, False, True])
    w = rng.uniform(0.1, 1, 5)
    w /= w.sum()
    q, p = [0.45, 0.25, 0.05, 1.05, 0.35], [1.55, 0.85, 2.05, 2.05, 0.45]
    prefs = [Preference(kind, q[j], p[j]) for j in range(5)]
    types = np.where(cost, -1, 1)
    plus_ref, minus_ref = PROMETHEE_I(PYMCDM_NAMES[kind], p=list(p), q=list(q))(x, w, types)
    net_ref = pymcdm.methods.PROMETHEE_II(PYMCDM_NAMES[kind], p=list(p), q=list(q))(x, w, types)
    plus, minus = promethee_flows(x, cost, w, prefs)
    assert plus == pytest.approx(plus_ref, abs=1e-12)
    assert minus == pytest.approx(minus_ref, abs=1e-12)
    res = promethee_ii(x, cost, w, preferences=prefs)
    assert res.scores == pytest.approx(net_ref, abs=1e-12)
    assert res.columns["phi_plus"] == pytest.approx(plus_ref, abs=1e-12)


@pytest.mark.parametrize("pref", [Preference("usual"), Preference("u-shape", q=1.0), Preference("v-shape", p=2.0),
                                  Preference("level", q=0.5, p=1.5), Preference("linear", q=0.5, p=2.0),
                                  Preference("gaussian", s=1.0), Preference("gaussian", s=0.3)])
def test_each_preference_function_equals_the_pairwise_definition(pref):
    g = np.array([1.0, 2.0, 2.0, 3.5, 1.5, 5.0, 4.0, 2.5, 1.0])
    plus, minus = preference_flows(g, pref)
    ref_plus, ref_minus = pairwise_flows(g, pref)
    assert plus == pytest.approx(ref_plus, abs=1e-13)
    assert minus == pytest.approx(ref_minus, abs=1e-13)


@pytest.mark.parametrize("kind", ["u-shape", "level"])
def test_step_functions_read_a_difference_equal_to_the_threshold_as_equal(kind):
    """2.3 - 1.8 and 2.4 - 1.9 are both 0.5 in the data, though one is 0.49999999999999978 and the other
    0.5 in binary: with q = 0.5 neither is strictly preferred (P = 0 for u-shape; level's half step starts
    above q), and with p = 0.5 for level neither is a full preference."""
    g = np.array([2.3, 1.8, 2.4, 1.9])
    plus, _ = preference_flows(g, Preference(kind, q=0.5, p=1.0))
    # by hand: 2.3 beats 1.8 by exactly q (no), beats 1.9 by 0.4 (no); 2.4 beats 1.9 by exactly q (no), 1.8 by 0.6
    expected = {"u-shape": [0.0, 0.0, 1.0, 0.0], "level": [0.0, 0.0, 0.5, 0.0]}[kind]
    assert plus.tolist() == expected
    plus, _ = preference_flows(g, Preference("level", q=0.05, p=0.5))
    # 'q < d <= p' gives a half: 2.3 over 1.8 (0.5) and 1.9 (0.4) = 1; 2.4 over 2.3 (0.1), 1.9 (0.5) halves
    # and over 1.8 (0.6 > p) a full one = 2; 1.9 over 1.8 (0.1) = 0.5
    assert plus.tolist() == [1.0, 0.0, 2.0, 0.5]


def test_gaussian_on_drawn_scores_pairs_within_rows_and_agrees_with_the_definition():
    """A stack of rows of all-different values (SMAA's drawn scores): too many distinct values across rows
    for the distinct-value product, so options are paired within each row; same flows as the definition."""
    g = np.random.default_rng(9).normal(size=(40, 12))
    plus, minus = preference_flows(g, Preference("gaussian", s=0.5))
    ref = [pairwise_flows(row, Preference("gaussian", s=0.5)) for row in g]
    assert plus == pytest.approx(np.array([r[0] for r in ref]), abs=1e-13)
    assert minus == pytest.approx(np.array([r[1] for r in ref]), abs=1e-13)


def test_gaussian_by_hand():
    """Two options 1 apart, s = 1: P(1) = 1 - exp(-1/2) = 0.39347 for the better one, 0 for the other;
    phi = +-0.39347 (n - 1 = 1)."""
    res = promethee_ii(np.array([[2.0], [1.0]]), np.array([False]), np.array([1.0]), preferences=[Preference("gaussian", s=1.0)])
    assert res.scores.tolist() == pytest.approx([1 - np.exp(-0.5), -(1 - np.exp(-0.5))], abs=1e-15)


def test_gaussian_blocks_give_the_same_flows_as_one_block(monkeypatch):
    """The Gaussian is computed in blocks of at most PAIRS_PER_BLOCK differences: block edges must not matter."""
    rng = np.random.default_rng(5)
    g = rng.normal(size=(3, 50))
    pref = Preference("gaussian", s=0.7)
    whole = preference_flows(g, pref)
    monkeypatch.setattr(engine_methods, "PAIRS_PER_BLOCK", 7)  # 50 x 50 > 7: rows and options split
    split = preference_flows(g, pref)
    assert np.allclose(whole[0], split[0], rtol=0, atol=1e-12) and np.allclose(whole[1], split[1], rtol=0, atol=1e-12)
    assert split[0][1] == pytest.approx(pairwise_flows(g[1], pref)[0], abs=1e-12)


def test_promethee_i_flows_and_incomparability_pymcdm_doc_example():
    """pymcdm 1.4.0's PROMETHEE_I docstring example: [[4, 3, 2], [3, 2, 4], [5, 1, 3]], weights 0.5, 0.3,
    0.2, usual: phi+ = (0.55, 0.35, 0.6), phi- = (0.45, 0.65, 0.4). By PROMETHEE I (Brans & Vincke 1985):
    a3 leads on both flows over a1 and a2, a1 over a2, so no pair is incomparable; net 0.1, -0.3, 0.2."""
    x = np.array([[4.0, 3, 2], [3, 2, 4], [5, 1, 3]])
    res = promethee_ii(x, np.zeros(3, bool), np.array([0.5, 0.3, 0.2]))
    assert res.columns["phi_plus"].tolist() == pytest.approx([0.55, 0.35, 0.6])
    assert res.columns["phi_minus"].tolist() == pytest.approx([0.45, 0.65, 0.4])
    assert res.scores.tolist() == pytest.approx([0.1, -0.3, 0.2])
    assert incomparable_counts(res.columns["phi_plus"], res.columns["phi_minus"]).tolist() == [0, 0, 0]


def test_the_ranking_table_counts_incomparable_options(mini_dataset):
    """`rank` adds PROMETHEE I's incomparable count computed from the flows it shows."""
    table = rank(mini_dataset, None, "promethee").table
    expected = incomparable_counts(table["phi_plus"].to_numpy(), table["phi_minus"].to_numpy())
    assert table["incomparable"].tolist() == expected.tolist()
    assert (table["score"] - (table["phi_plus"] - table["phi_minus"])).abs().max() < 1e-15


def test_promethee_i_incomparability_by_hand():
    """phi+ = (0.6, 0.4, 0.5), phi- = (0.5, 0.2, 0.5): a leads b on phi+ but b leads a on phi- -> a R b;
    b vs c: c leads on phi+, b on phi- -> R; a vs c: a leads on phi+, equal on phi- -> a P c."""
    fp, fm = np.array([0.6, 0.4, 0.5]), np.array([0.5, 0.2, 0.5])
    assert incomparable_counts(fp, fm).tolist() == [1, 2, 1]
    assert promethee_i_relations(fp, fm).tolist() == [["I", "R", "P"], ["R", "I", "R"], ["-", "R", "I"]]


def test_criteria_yaml_takes_all_six_preference_functions_and_names_missing_thresholds():
    base = "criteria:\n  - id: a\n    direction: benefit\n    scale: {min: 1, max: 5}\n    preference: %s\n"
    for text, expected in [("{type: gaussian, s: 0.8}", Preference("gaussian", s=0.8)),
                           ("{type: level, q: 0.5, p: 1}", Preference("level", 0.5, 1.0)),
                           ("{type: u-shape, q: 1}", Preference("u-shape", 1.0)),
                           ("{type: v-shape, p: 2}", Preference("v-shape", p=2.0))]:
        cs, problems = parse_criteria((base % text).encode(), "c.yaml")
        assert problems == [] and cs.criteria[0].preference == expected
    cs, problems = parse_criteria((base % "{type: gaussian}").encode(), "c.yaml")
    assert cs is None and problems[0].message == "criterion 'a': a gaussian preference needs numbers s > 0, got no thresholds"
    cs, problems = parse_criteria((base % "{type: level, q: 2, p: 1}").encode(), "c.yaml")
    assert problems[0].message == "criterion 'a': a level preference needs numbers 0 <= q < p, got q=2, p=1"


# ---------------------------------------------------------------- VIKOR compromise

@pytest.mark.parametrize("x,cost,w,q,members,c1,c2", [
    # scikit-criteria tests/madm/test_vikor.py, test_VIKOR: Q = (0.75, 0.25, 0, 1); Q(A2) - Q(A3) = 0.25 < DQ = 1/3
    ([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [0, 0, 0], [0.3, 0.4, 0.3], [0.75, 0.25, 0.0, 1.0],
     [False, True, True, False], False, True),
    # scikit-criteria test_VIKOR_tied: A3 and A4 tie at Q = 0; A2 within DQ of them
    ([[4, 4, 4], [7, 6, 8], [8, 8, 6], [6, 8, 8]], [0, 0, 0], [0.3, 0.4, 0.3], [1.0, 0.17352941, 0.0, 0.0],
     [False, True, True, True], False, True),
    # Opricovic & Tzeng (2004), EJOR 156(2) 445-455, sec. 5 (scikit-criteria test_VIKOR_opricovic2004compromise):
    # risk (cost) and altitude; A2 is the compromise on both conditions
    ([[1, 3000], [2, 3750], [5, 4500]], [1, 0], [0.5, 0.5], [1.0, 0.0, 1.0], [False, True, False], True, True),
])
def test_vikor_compromise_solution_matches_scikit_criteria_cases(x, cost, w, q, members, c1, c2):
    idx = vikor_indices(np.array(x, float), np.array(cost, bool), np.array(w))
    assert idx.q == pytest.approx(q, abs=1e-8)
    comp = vikor_compromise(idx)
    assert comp.members.tolist() == members
    assert (comp.acceptable_advantage, comp.acceptable_stability) == (c1, c2)
    assert comp.dq == pytest.approx(1 / (len(x) - 1))


def test_vikor_compromise_opricovic_tzeng_2007():
    """Opricovic & Tzeng (2007), EJOR 178(2) 514-529, the six hydropower alternatives with equal weights
    (scikit-criteria test_VIKOR_opricovic2007extended): A5 alone is the compromise solution (both conditions hold)."""
    x = np.array([[4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41], [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
                  [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42], [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
                  [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04], [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36]])
    cost = np.array([False, True, False, False, True, True, True, False])
    res = vikor(x, cost, np.full(8, 1 / 8))
    assert res.scores == pytest.approx([0.991, 1.0, 0.473, 0.670, 0.0, 0.578], abs=1e-3)
    assert res.columns["compromise"].tolist() == [False, False, False, False, True, False]


def test_vikor_compromise_when_only_stability_fails():
    """C1 holds (Q(a'') - Q(a') = 0.6 >= DQ = 0.5) but a' is best by neither S nor R (option 1 is best on
    both): the compromise set is {a', a''} (Opricovic & Tzeng 2004, sec. 3.1 step 5)."""
    from scoring.methods import VikorIndices

    idx = VikorIndices(s=np.array([0.30, 0.25, 0.9]), r=np.array([0.20, 0.15, 0.5]), q=np.array([0.0, 0.6, 1.0]))
    comp = vikor_compromise(idx)
    assert (comp.acceptable_advantage, comp.acceptable_stability) == (True, False)
    assert comp.members.tolist() == [True, True, False]


def test_cli_vikor_v_and_compromise_columns(capsys, mini_files):
    """Mini fixture (docs in test_engine_export_cli): --v 1 ranks by S alone; the CSV shows S, R and the compromise set."""
    o, c = mini_files
    base = ["rank", "--options", str(o), "--criteria", str(c), "--method", "vikor", "--format", "json"]
    code, out, err = run(capsys, base + ["--v", "1"])
    assert code == 0, err
    doc = json.loads(out)
    rows = doc["options"]
    s = {r["id"]: r["S"] for r in rows}
    q = {r["id"]: r["score"] for r in rows}
    lo, hi = min(s.values()), max(s.values())
    assert q == pytest.approx({k: (v - lo) / (hi - lo) for k, v in s.items()})
    assert doc["about"]["v"] == 1.0
    assert any(r["compromise"] for r in rows)
    code, out, err = run(capsys, base[:-2] + ["--v", "0.25"])
    assert out.splitlines()[0].startswith("rank,id,title,score,S,R,compromise")


@pytest.mark.parametrize("args,message", [
    (["--method", "vikor", "--v", "1.5"], "error: --v: expected a number between 0 and 1, got '1.5'"),
    (["--method", "vikor", "--v", "half"], "error: --v: expected a number between 0 and 1, got 'half'"),
    (["--method", "vikor", "--v", "nan"], "error: --v: expected a number between 0 and 1, got 'nan'"),
    (["--v", "0.3"], "error: --v: --v is VIKOR's setting; add --method vikor (got --method weighted-sum)"),
])
def test_cli_refuses_a_bad_v(capsys, mini_files, args, message):
    o, c = mini_files
    code, out, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), *args])
    assert code == 2 and out == "" and err.strip() == message


# ---------------------------------------------------------------- reference weights

def test_entropy_weights_elsayed_2017_case_from_pymcdm():
    """Elsayed, E. A., Dawood, A. S. & Karthikeyan, R. (2017). Evaluating alternatives through the application
    of TOPSIS method with entropy weight. Int. J. Eng. Trends Technol. 46(2), 60-66; the case of pymcdm 1.4's
    tests/test_weights.py (TestEntropyWeights): 0.104991, 0.069124, 0.071373, 0.449937, 0.304575."""
    x = np.array([[7, 312, 1891, 6613, 163], [72, 88, 728, 941804, 1078], [10, 252, 2594, 3466, 117471],
                  [10, 145, 980, 2371, 86329], [65, 54, 350, 501, 29897], [29, 48, 380, 912, 34051],
                  [7, 476, 3300, 78470, 2212], [70, 87, 650, 733, 819000], [4, 86, 591, 3015, 103],
                  [12, 79, 579, 3240, 96098], [21, 45, 261, 1253, 453], [1, 72, 530, 4333, 0.104800]])
    assert entropy_weights(x).round(6).tolist() == [0.104991, 0.069124, 0.071373, 0.449937, 0.304575]


def test_critic_weights_tus_adali_2019_case_from_pymcdm():
    """Tus, A. & Adali, E. A. (2019). The new combination with CRITIC and WASPAS methods for the time and
    attendance software selection problem. Opsearch 56(2), 528-538; pymcdm 1.4's TestCRITICWeights
    (every criterion read as a benefit): 0.157, 0.249, 0.168, 0.121, 0.154, 0.151."""
    x = np.array([[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3], [600, 4, 3, 1, 2, 2],
                  [800, 2, 4, 3, 3, 4]])
    assert critic_weights(x).round(3).tolist() == [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]


@pytest.mark.parametrize("seed", range(4))
def test_reference_weights_agree_with_pymcdm_on_random_matrices(seed):
    """Entropy on strictly positive scores equals pymcdm's; CRITIC with cost columns equals pymcdm's on the
    matrix with those columns negated (pymcdm ignores directions; orienting flips the sign of r_jk)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 5, (30, 6)).round(1)
    cost = rng.random(6) < 0.4
    assert entropy_weights(x) == pytest.approx(pymcdm.weights.entropy_weights(x), abs=1e-14)
    assert critic_weights(x, cost) == pytest.approx(pymcdm.weights.critic_weights(np.where(cost, -x, x)), abs=1e-12)


def test_reference_weights_of_uninformative_criteria():
    """A criterion on which every option scores the same tells nothing: weight 0 from both methods; with a 0
    among the scores entropy uses 0 ln 0 = 0 (pymcdm instead gives such a column full weight)."""
    x = np.array([[3.0, 1.0, 0.0], [3.0, 2.0, 2.0], [3.0, 4.0, 2.0]])
    e = entropy_weights(x)
    assert e[0] == 0.0 and e.sum() == pytest.approx(1.0)
    p = np.array([0.0, 0.5, 0.5])
    d2 = 1 - (-(p[1:] * np.log(p[1:])).sum() / np.log(3))
    p1 = np.array([1, 2, 4]) / 7
    d1 = 1 - (-(p1 * np.log(p1)).sum() / np.log(3))
    assert e[1:] == pytest.approx(np.array([d1, d2]) / (d1 + d2), abs=1e-15)
    c = critic_weights(x)
    assert c[0] == 0.0 and np.isfinite(c).all() and c.sum() == pytest.approx(1.0)
    with pytest.raises(ScoringError, match="the scores alone say nothing"):
        critic_weights(np.full((3, 2), 2.0))
    with pytest.raises(ScoringError, match="the scores alone say nothing"):
        entropy_weights(np.full((3, 2), 2.0))


def test_cli_weights_reference_table(capsys, mini_files):
    """`scoring weights --reference`: the person's weights beside entropy and CRITIC, each summing to 1."""
    o, c = mini_files
    code, out, err = run(capsys, ["weights", "--reference", "--options", str(o), "--criteria", str(c), "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    rows = {r["criterion"]: r for r in doc["weights"]}
    assert [rows[k]["yours"] for k in ("impact", "cost", "speed")] == pytest.approx([0.5, 0.25, 0.25])
    x = np.array([[5, 4, 2], [3, 1, 4], [4, 3, 3], [2, 2, 2]], float)
    assert [rows[k]["entropy"] for k in ("impact", "cost", "speed")] == pytest.approx(entropy_weights(x).tolist())
    assert [rows[k]["critic"] for k in ("impact", "cost", "speed")] == pytest.approx(
        critic_weights(x, [False, True, False]).tolist())
