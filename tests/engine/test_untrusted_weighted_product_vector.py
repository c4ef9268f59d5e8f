"""Review2 E2 (/work/contracts/findings-engine.md): the weighted product under 'vector' with one option scored 0, silently.

Cause: costs were flipped linearly, 1 - x/||x||, which is 0 for a lone option (x = ||x||). The weighted
product's definition raises a cost ratio to the power -w_j (Hwang & Yoon 1981, ch. 3, Weighted Product
Method: "a positive power for benefit attributes and a negative power for cost attributes"; Triantaphyllou
2000, ch. 2.2), i.e. multiplies (||x|| / x) ** w_j, as 'scale', 'max' and 'sum' already did with min/x or 1/x.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from engine_support import cli, make_dataset
from scoring.errors import ScoringError
from scoring.ranking import rank
from scoring.methods import weighted_product
from scoring.smaa import combine, prepare, smaa

CRITERIA = """criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}
  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""


def test_untrusted_weighted_product_vector_scores_a_single_option_1_not_0(tmp_path, capsys):
    o, c = tmp_path / "one.csv", tmp_path / "crit.yaml"
    o.write_text("id,title,impact,cost\na,A,5,2\n")
    c.write_text(CRITERIA)
    code, text = cli(capsys, ["rank", "--options", o, "--criteria", c, "--method", "weighted-product",
                              "--normalization", "vector"])
    assert code == 0
    assert text == "rank,id,title,score\n1,a,A,1.0\n"  # before: 0.0 (cost 1 - 2/2 = 0 erased the product)


def test_untrusted_weighted_product_vector_follows_the_definition_with_a_negative_power_for_costs():
    """a = (5, 2), b = (3, 1), c = (1, 5); w = (0.75, 0.25); ||impact|| = sqrt(35), ||cost|| = sqrt(30).
    score_i = (x_i1 / sqrt 35) ** 0.75 * (x_i2 / sqrt 30) ** -0.25."""
    ds = make_dataset([[5, 2], [3, 1], [1, 5]], [False, True], 1, 5, ids=["a", "b", "c"])
    r = rank(ds, np.array([3.0, 1.0]), "weighted-product", "vector")
    by_id = r.table.set_index("id")["score"].to_dict()
    expected = {k: (i / math.sqrt(35)) ** 0.75 * (cst / math.sqrt(30)) ** -0.25
                for k, (i, cst) in {"a": (5, 2), "b": (3, 1), "c": (1, 5)}.items()}
    assert by_id == pytest.approx(expected, rel=1e-12)
    assert r.table["id"].tolist() == ["a", "b", "c"] and r.warnings == ()
    # Every ratio normalization is the raw product times one constant per criterion: same order, scores proportional.
    scale = rank(ds, np.array([3.0, 1.0]), "weighted-product", "scale").table.set_index("id")["score"]
    ratio = (scale / r.table.set_index("id")["score"]).to_numpy()
    assert np.ptp(ratio) < 1e-12 * ratio.max()


def test_untrusted_weighted_product_vector_smaa_scores_equal_the_ranking_scores():
    ds = make_dataset([[5, 2]], [False, True], 1, 5, ids=["a"])
    assert smaa(ds, np.array([3.0, 1.0]), "weighted-product", "vector", samples=50, seed=1).acceptability.tolist() == [[1.0]]
    ds3 = make_dataset([[5, 2], [3, 1], [1, 5], [4, 4]], [False, True], 1, 5)
    w = np.random.default_rng(0).dirichlet(np.ones(2), size=20)
    batch = combine(prepare(ds3.matrix, ds3.criteria, "weighted-product", "vector"), w)  # the SMAA path
    one_by_one = np.array([weighted_product(ds3.matrix, ds3.criteria.is_cost, row, normalization="vector").scores
                           for row in w])
    assert batch == pytest.approx(one_by_one, rel=1e-12)
    stack = np.repeat(ds3.matrix[None], 3, axis=0)  # a (k, n, m) stack of drawn matrices takes the same path
    assert combine(prepare(stack, ds3.criteria, "weighted-product", "vector"), w[:3]) == pytest.approx(one_by_one[:3], rel=1e-12)


def test_untrusted_weighted_product_vector_refuses_a_zero_cost_naming_option_and_criterion():
    ds = make_dataset([[5, 0], [3, 1]], [False, True], 0, 5, ids=["a", "b"])
    with pytest.raises(ScoringError) as info:
        rank(ds, None, "weighted-product", "vector")
    assert "option 'a' scores 0 on 'c1'; vector normalization needs positive scores on a cost criterion for the " \
           "weighted product (a cost enters as ||x|| / x)" in str(info.value)
