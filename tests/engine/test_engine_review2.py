"""Findings E1 and E5 of review2 (/work/contracts/findings-engine.md): the weighted product under
'vector' normalization with a negative score, and comparing methods on one option."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine_support import cli
from scoring.compare import compare_methods
from scoring.errors import ScoringError
from scoring.loading import check_dataset
from scoring.ranking import rank

CRITERIA_NEG = """criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: -5, max: 5}, weight: 1}
  - {id: cost, label: Cost, direction: cost, scale: {min: -5, max: 5}, weight: 1}
"""
CRITERIA_POS = """criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}
  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""


def dataset(options: str, criteria: str):
    data, problems = check_dataset(options.encode(), criteria.encode(), None, options_name="opts.csv",
                                   criteria_name="crit.yaml")
    assert problems == [] and data is not None
    return data



def test_weighted_product_on_vector_refuses_a_negative_score_naming_option_and_criterion():
    # before: every option scored 0.0 and all tied at rank 1, exit 0, no message
    data = dataset("id,title,impact,cost\na,A,-5,-1\nb,B,-2,5\nc,C,0,3\n", CRITERIA_NEG)
    with pytest.raises(ScoringError) as exc:
        rank(data, method="weighted-product", normalization="vector")
    text = str(exc.value)
    assert "opts.csv, column 'impact': option 'a' scores -5 on 'impact'; vector normalization needs non-negative " \
           "scores for the weighted product" in text
    assert "option 'b' scores -2 on 'impact'" in text and "option 'a' scores -1 on 'cost'" in text
    assert "'c'" not in text  # 0 and 3 are fine


def test_weighted_sum_and_topsis_still_take_vector_normalized_negatives():
    data = dataset("id,title,impact,cost\na,A,-5,-1\nb,B,-2,5\nc,C,0,3\n", CRITERIA_NEG)
    assert rank(data, method="weighted-sum", normalization="vector").table["id"].tolist() == ["c", "a", "b"]
    assert rank(data, method="topsis", normalization="vector").table["id"].tolist() == ["c", "a", "b"]


def test_weighted_product_on_vector_with_non_negative_scores_is_unchanged():
    data = dataset("id,title,impact,cost\na,A,5,2\nb,B,3,1\nc,C,1,5\n", CRITERIA_POS)
    scores = rank(data, method="weighted-product", normalization="vector").table.set_index("id")["score"]
    assert np.all(scores.to_numpy() > 0)


def test_cli_weighted_product_vector_negative_exits_2_with_the_message(tmp_path: Path, capsys):
    o, c = tmp_path / "opts.csv", tmp_path / "crit.yaml"
    o.write_text("id,title,impact,cost\na,A,-5,-1\nb,B,-2,5\n")
    c.write_text(CRITERIA_NEG)
    code, text = cli(capsys, ["rank", "--options", o, "--criteria", c, "--method", "weighted-product",
                              "--normalization", "vector"])
    assert code == 2
    assert "option 'a' scores -5 on 'impact'; vector normalization needs non-negative scores" in text


def test_compare_on_one_option_names_the_file_not_an_internal_function(tmp_path: Path, capsys):
    data = dataset("id,title,impact,cost\na,A,5,2\n", CRITERIA_POS)
    with pytest.raises(ScoringError) as exc:
        compare_methods(data)
    assert str(exc.value) == "opts.csv: comparing methods needs at least two options to order; this file has 1"
    o, c = tmp_path / "one.csv", tmp_path / "crit.yaml"
    o.write_text("id,title,impact,cost\na,A,5,2\n")
    c.write_text(CRITERIA_POS)
    code, text = cli(capsys, ["compare", "--options", o, "--criteria", c])
    assert code == 2
    assert "one.csv: comparing methods needs at least two options to order; this file has 1" in text
    assert "kendall_tau" not in text


def _pairwise_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """The definition (Kendall 1945), pair by pair, for small n: (C - D) / sqrt(T_a T_b)."""
    iu = np.triu_indices(len(a), 1)
    dx = np.sign(a[:, None] - a[None, :])[iu]
    dy = np.sign(b[:, None] - b[None, :])[iu]
    tx, ty = (dx != 0).sum(), (dy != 0).sum()
    return float((dx * dy).sum() / np.sqrt(tx * ty)) if tx and ty else float("nan")


def test_kendall_tau_equals_the_pairwise_definition_with_ties():
    from scoring.compare import kendall_tau

    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(2, 30))
        a = rng.integers(1, int(rng.integers(2, 6)), n).astype(float)
        b = rng.integers(1, int(rng.integers(2, 6)), n).astype(float)
        want, got = _pairwise_tau_b(a, b), kendall_tau(a, b)
        assert (np.isnan(want) and np.isnan(got)) or abs(want - got) < 1e-12, (a, b, want, got)
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert np.isnan(kendall_tau([1, 1, 1], [1, 2, 3]))


def test_kendall_tau_on_20000_options_does_not_allocate_an_options_by_options_table():
    # review2 E7: the pairwise form allocated two 20,000 x 20,000 arrays (3.2 GB each) per call
    import tracemalloc

    from scoring.compare import kendall_tau

    rng = np.random.default_rng(1)
    a, b = rng.integers(1, 50, 20_000).astype(float), rng.integers(1, 50, 20_000).astype(float)
    tracemalloc.start()
    tau = kendall_tau(a, b)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert abs(tau) < 0.05  # independent draws
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.0f} MiB"
