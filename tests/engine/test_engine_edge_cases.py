"""Edge cases other tools break on (issue 14): each with the value it must give.

Hand values are derived in each test's docstring; peer-suite cases name the suite and file.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from conftest import CRITERIA_MINI
from engine_support import make_dataset
from scoring.cli import main
from scoring.compare import TAU_UNDEFINED, compare_methods, kendall_tau
from scoring.methods import topsis, topsis_scale, weighted_product
from scoring.normalization import NORMALIZATIONS, normalize
from scoring.ranking import rank


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- weighted product and zeros

@pytest.mark.parametrize("norm", ["vector", "sum", "max"])
def test_weighted_product_treats_an_all_zero_criterion_as_neutral(norm):
    """Column 0 is 0 for every option: it carries no information, so it counts as 1 for everyone
    (as minmax treats a constant column) instead of zeroing every product. Column 1 = (2, 4), weights
    0.5 / 0.5: the product is v1 ** 0.5 with v1 = (2, 4) / 4 (max), / 6 (sum), / sqrt(20) (vector)."""
    x = np.array([[0.0, 2.0], [0.0, 4.0]])
    res = weighted_product(x, np.array([False, False]), np.array([0.5, 0.5]), normalization=norm)
    denom = {"max": 4.0, "sum": 6.0, "vector": math.sqrt(20.0)}[norm]
    assert res.scores.tolist() == pytest.approx([math.sqrt(2 / denom), math.sqrt(4 / denom)], abs=1e-15)
    assert res.erased is None
    assert normalize(x, np.array([False, False]), norm)[:, 0].tolist() == [1.0, 1.0]


def test_a_single_zero_that_erases_a_leading_option_is_reported():
    """Under `max`, option a = (0, 5, 5) gets v = 0 on c0 and so a product of 0 (rank 3), although
    without c0 it is (5/5)^(1/3) (5/5)^(1/3) = 1, ahead of b and c: the warning says rank 3 -> 1.
    c = (2, 1, 1): (1)^(1/3) (0.2)^(1/3) (0.2)^(1/3) = 0.2^(2/3) = 0.342; b = (1, 1, 1): 0.5^(1/3) 0.2^(2/3) = 0.271."""
    ds = make_dataset([[0, 5, 5], [1, 1, 1], [2, 1, 1]], [False] * 3, scale_min=0, scale_max=5, ids=["a", "b", "c"])
    r = rank(ds, np.ones(3), "weighted-product", "max")
    by_id = r.table.set_index("id")
    assert by_id["score"].to_dict() == pytest.approx({"a": 0.0, "b": 0.5 ** (1 / 3) * 0.2 ** (2 / 3), "c": 0.2 ** (2 / 3)})
    assert by_id["rank"].to_dict() == {"c": 1, "b": 2, "a": 3}
    assert r.warnings == ("weighted product: option 'a' has a normalized 0 on 'c0' under 'max' normalization, which sets "
                          "its product to 0 whatever its other scores (rank 3); without that zero it would rank 1. "
                          "Use 'scale' normalization or check the score.",)


def test_a_zero_that_costs_no_place_is_not_reported():
    """a = (0, 1) is last under `max` with or without its zero (without: 0.2^0.5 = 0.447 < b's 1): no warning."""
    ds = make_dataset([[0, 1], [5, 5]], [False, False], scale_min=0, scale_max=5, ids=["a", "b"])
    assert rank(ds, np.ones(2), "weighted-product", "max").warnings == ()


def test_the_cli_prints_the_erased_score_warning_on_stderr(capsys, tmp_path):
    (tmp_path / "c.yaml").write_text(CRITERIA_MINI)
    (tmp_path / "o.csv").write_text("id,title,impact,cost,speed\na,A,5,1,1\nb,B,2,2,3\nc,C,1,3,4\n")
    code, out, err = run(capsys, ["rank", "--options", str(tmp_path / "o.csv"), "--criteria", str(tmp_path / "c.yaml"),
                                  "--method", "weighted-product", "--normalization", "minmax"])
    assert code == 0
    assert out.splitlines()[1].startswith("1,")
    assert err.startswith("warning: weighted product: option 'a' has a normalized 0 on 'speed' under 'minmax'")


# ---------------------------------------------------------------- no -0.0

@pytest.mark.parametrize("norm", NORMALIZATIONS)
def test_normalization_never_returns_negative_zero(norm):
    """The worst value of a cost criterion is 0.0, never -0.0 ((top - top) / (bottom - top) is -0.0 in IEEE)."""
    x = np.array([[1.0, 5.0], [3.0, 2.0], [5.0, 1.0]])
    v = normalize(x, np.array([True, True]), norm, np.array([1.0, 1.0]), np.array([5.0, 5.0]))
    assert not np.signbit(v).any()
    if norm in ("scale", "minmax"):
        assert v[2, 0] == 0.0 and v[0, 1] == 0.0


def test_no_output_prints_negative_zero(capsys, mini_files):
    o, c = mini_files
    outs = []
    for method in ("weighted-sum", "weighted-product", "topsis", "topsis-scale", "promethee", "vikor"):
        for norm in ([None] if method != "weighted-sum" else NORMALIZATIONS):
            args = ["rank", "--options", str(o), "--criteria", str(c), "--method", method, "--weights", "impact=0,cost=1,speed=0"]
            code, out, _ = run(capsys, args + (["--normalization", norm] if norm else []))
            assert code == 0
            outs.append(out)
    text = "\n".join(outs)
    assert "-0.0" not in text and ",0.0," in text  # the zeros are there, with no sign


# ---------------------------------------------------------------- Kendall's tau undefined

def test_kendall_tau_is_undefined_when_one_ranking_ties_every_option():
    """tau-b = S / sqrt(T_a T_b); a ranking that ties every option has T = 0, so tau is 0/0: NaN,
    as scipy.stats.kendalltau gives, not 0.0 ('no association')."""
    assert math.isnan(kendall_tau([1, 1, 1, 1], [1, 2, 3, 4]))
    assert math.isnan(kendalltau([1, 1, 1, 1], [1, 2, 3, 4]).statistic)
    assert kendall_tau([1, 1, 2, 2], [1, 2, 3, 4]) == pytest.approx(kendalltau([1, 1, 2, 2], [1, 2, 3, 4]).statistic)


def test_method_comparison_says_tau_is_undefined_for_a_method_that_ties_every_option():
    """Options that differ give a defined tau; when every option is identical every method ties them all,
    so every tau is undefined (NaN) and the dashboard's sentence says why instead of printing 0.00."""
    ds = make_dataset([[1, 5], [5, 1], [3, 3]], [False, False], scale_min=1, scale_max=5)
    mc = compare_methods(ds, np.array([0.0, 1.0]))
    assert not np.isnan(mc.taus.loc["weighted-sum", "topsis"])
    ds_tied = make_dataset([[2, 2], [2, 2], [2, 2]], [False, False], scale_min=1, scale_max=5)
    mc = compare_methods(ds_tied, np.array([0.5, 0.5]))
    assert np.isnan(mc.taus.to_numpy()).all()
    assert mc.lowest_agreement_text() == (
        "Kendall's tau with weighted-sum, weighted-product, topsis, topsis-scale, promethee, vikor is " + TAU_UNDEFINED + ".")


# ---------------------------------------------------------------- CLI: one option, own data

def test_sensitivity_on_one_option_does_not_ask_for_a_pair(capsys, tmp_path):
    (tmp_path / "c.yaml").write_text(CRITERIA_MINI)
    (tmp_path / "o.csv").write_text("id,title,impact,cost,speed\nonly,Only one,3,2,4\n")
    code, out, err = run(capsys, ["sensitivity", "--options", str(tmp_path / "o.csv"), "--criteria", str(tmp_path / "c.yaml"),
                                  "--format", "json"])
    assert code == 0, err
    assert "--pair" not in err
    assert "flip points need two options" in err
    assert '"top_option": "only"' in out


def test_scenarios_on_own_data_without_a_scenarios_file_says_how_to_pass_one(capsys, mini_files):
    o, c = mini_files
    code, out, err = run(capsys, ["scenarios", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and out == ""
    assert err.strip() == (
        "error: --scenarios: the shipped scenarios.yaml describes the shipped options only; for "
        f"{o} write your own scenarios file and pass it with --scenarios FILE (format: docs/analysis.md, section 'Scenarios')")
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- independence of other options

def _matrix(draw, n: int, m: int) -> np.ndarray:
    return np.array(draw(st.lists(st.lists(st.integers(1, 5), min_size=m, max_size=m), min_size=n, max_size=n)), float)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_topsis_scale_closeness_never_changes_when_an_option_is_added(data):
    """TOPSIS with the ideal and anti-ideal read off the declared scale (Garcia-Cascales & Lamata 2012):
    every option's closeness depends on its own row only, so appending any option leaves the others' closeness
    exactly equal (bit for bit: the same arithmetic on the same row)."""
    m = data.draw(st.integers(1, 4))
    n = data.draw(st.integers(1, 6))
    x = _matrix(data.draw, n, m)
    extra = _matrix(data.draw, 1, m)
    cost = np.array(data.draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    w = np.array(data.draw(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m)))
    w /= w.sum()
    lo, hi = np.ones(m), np.full(m, 5.0)
    before = topsis_scale(x, cost, w, scale_min=lo, scale_max=hi).scores
    after = topsis_scale(np.vstack([x, extra]), cost, w, scale_min=lo, scale_max=hi).scores
    assert after[:n].tolist() == before.tolist()


def test_data_ideal_topsis_does_change_when_an_option_is_added():
    """Why the claim is worded for `scale` with the weighted sum/product and topsis-scale only: with the
    ideal from the data, a new best option moves the others' closeness (here a from 1.0 to 0.5:
    a = (3, 3) is the ideal among {a, b = (1, 1)}; add c = (5, 5) and a sits midway between c and b)."""
    x = np.array([[3.0, 3.0], [1.0, 1.0]])
    cost, w = np.array([False, False]), np.array([0.5, 0.5])
    lo, hi = np.ones(2), np.full(2, 5.0)
    assert topsis(x, cost, w, normalization="scale", scale_min=lo, scale_max=hi).scores[0] == pytest.approx(1.0)
    grown = topsis(np.vstack([x, [5.0, 5.0]]), cost, w, normalization="scale", scale_min=lo, scale_max=hi)
    assert grown.scores[0] == pytest.approx(0.5)
    assert topsis_scale(x, cost, w, scale_min=lo, scale_max=hi).scores[0] == pytest.approx(0.5)


def test_topsis_scale_by_hand():
    """Scale 1-5, a = (5, 3), weights 0.5 / 0.5: v = (1, 0.5), weighted (0.5, 0.25); d- = sqrt(0.25 + 0.0625)
    = 0.5590, d+ = sqrt(0 + 0.0625) = 0.25; C = 0.5590 / 0.8090 = 0.6910. A cost criterion reverses v."""
    lo, hi = np.ones(2), np.full(2, 5.0)
    c = topsis_scale(np.array([[5.0, 3.0], [5.0, 3.0]]), np.array([False, True]), np.array([0.5, 0.5]),
                     scale_min=lo, scale_max=hi).scores
    d_minus, d_plus = math.sqrt(0.25 + 0.0625), 0.25
    assert c.tolist() == pytest.approx([d_minus / (d_minus + d_plus)] * 2, abs=1e-15)


def test_cli_compare_writes_an_undefined_tau_as_undefined(capsys, tmp_path):
    """Every option identical: each method ties them all, so every tau is 0/0. The CLI table says why in
    its note column (CSV), JSON has null, and stderr carries the sentence; never 0.0."""
    (tmp_path / "c.yaml").write_text(CRITERIA_MINI)
    (tmp_path / "o.csv").write_text("id,title,impact,cost,speed\na,A,3,3,3\nb,B,3,3,3\nc,C,3,3,3\n")
    args = ["compare", "--options", str(tmp_path / "o.csv"), "--criteria", str(tmp_path / "c.yaml")]
    code, out, err = run(capsys, args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "method_a,method_b,kendall_tau,note"
    assert lines[1] == f"weighted-sum,weighted-sum,,\"{TAU_UNDEFINED}\""  # quoted: the reason holds a comma
    assert ",0.0," not in out
    assert TAU_UNDEFINED in err
    code, out, err = run(capsys, args + ["--format", "json"])
    import json as _json

    doc = _json.loads(out)
    assert doc["agreement"][0]["kendall_tau"] is None and doc["agreement"][0]["note"] == TAU_UNDEFINED


def test_cli_compare_gives_defined_taus_on_the_mini_data(capsys, mini_files):
    o, c = mini_files
    code, out, err = run(capsys, ["compare", "--options", str(o), "--criteria", str(c), "--format", "json"])
    assert code == 0
    import json as _json

    rows = _json.loads(out)["agreement"]
    assert all(r["kendall_tau"] is not None and r["note"] == "" for r in rows)
    assert [r["kendall_tau"] for r in rows if r["method_a"] == r["method_b"]] == [1.0] * 6
    assert err.startswith("Lowest agreement between two methods: Kendall's tau ")


def test_compare_methods_passes_v_to_vikor_only(mini_dataset):
    """With v = 1 VIKOR ranks by S alone; the other methods' ranks do not move."""
    base = compare_methods(mini_dataset)
    by_s = compare_methods(mini_dataset, v=1.0)
    assert by_s.ranks["vikor"].tolist() == rank(mini_dataset, None, "vikor", v=1.0).table.set_index("id").loc[
        mini_dataset.ids, "rank"].tolist()
    others = [m for m in base.ranks.columns if m not in ("id", "title", "vikor")]
    assert by_s.ranks[others].equals(base.ranks[others])


def test_untrusted_a_scale_too_wide_to_subtract_is_refused_with_its_line(capsys, tmp_path):
    """review2 E4: scale {min: -1e308, max: 1e308} overflowed (numpy warning) and every option scored 0, tied."""
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(CRITERIA_MINI.replace("scale: {min: 1, max: 5}\n    weight: 2", "scale: {min: -1e308, max: 1e308}\n    weight: 2", 1))
    options = tmp_path / "options.csv"
    options.write_text("id,title,impact,cost,speed\na,A,5,2,3\nb,B,3,1,2\n")
    code, out, err = run(capsys, ["rank", "--options", str(options), "--criteria", str(criteria)])
    assert code == 2 and out == ""
    assert f"{criteria}, line 5, column 'criteria[0].scale'" in err
    assert "too wide to compute with" in err and "Traceback" not in err
