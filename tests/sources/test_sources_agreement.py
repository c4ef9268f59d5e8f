"""`scoring agreement A B`: weighted Cohen's kappa per criterion and the cells two analysts must reconcile."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import CRITERIA_MINI
from scoring.cli import main
from scoring.loading import parse_criteria
from scoring.sources.agreement import agreement, weighted_kappa


def test_two_categories_reduce_to_cohens_kappa_of_the_textbook_example():
    """Wikipedia, "Cohen's kappa", worked example: 50 proposals, both yes 20, A yes/B no 5, A no/B yes 10,
    both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4. With two categories every weighting gives Cohen's 1960 kappa."""
    a = np.array([1] * 20 + [1] * 5 + [0] * 10 + [0] * 15)
    b = np.array([1] * 20 + [0] * 5 + [1] * 10 + [0] * 15)
    assert weighted_kappa(a, b, 2, "quadratic") == pytest.approx(0.4)
    assert weighted_kappa(a, b, 2, "linear") == pytest.approx(0.4)


def test_weighted_kappa_by_hand_on_three_categories():
    """Three items on a 3-point scale, A = (0, 1, 2), B = (0, 2, 2). Observed proportions: (0,0), (1,2), (2,2)
    each 1/3. Marginals A = (1/3, 1/3, 1/3), B = (1/3, 0, 2/3). Linear weights |i-j|/2:
    observed disagreement = (1/3)(1/2) = 1/6; expected = sum_ij a_i b_j |i-j|/2
    = (1/3)[(1/3)(0) + (2/3)(1)] + (1/3)[(1/3)(1/2) + (2/3)(1/2)] + (1/3)[(1/3)(1) + (2/3)(0)] = 1/2;
    kappa = 1 - (1/6)/(1/2) = 2/3. Quadratic weights ((i-j)/2)^2: observed 1/12, expected
    (1/3)(2/3) + (1/3)(1/4) + (1/3)(1/3) = 15/36, kappa = 1 - (1/12)/(15/36) = 4/5."""
    a, b = np.array([0, 1, 2]), np.array([0, 2, 2])
    assert weighted_kappa(a, b, 3, "linear") == pytest.approx(2 / 3)
    assert weighted_kappa(a, b, 3, "quadratic") == pytest.approx(4 / 5)


def test_kappa_is_one_for_identical_ratings_and_undefined_without_variation():
    a = np.array([0, 1, 2, 3, 4])
    assert weighted_kappa(a, a, 5) == pytest.approx(1.0)
    assert np.isnan(weighted_kappa(np.array([2, 2, 2]), np.array([2, 2, 2]), 5))
    # reversing the order is worse than chance
    assert weighted_kappa(a, a[::-1], 5) < 0


def _files(tmp_path):
    crit = tmp_path / "criteria.yaml"
    crit.write_text(CRITERIA_MINI)
    a = pd.DataFrame({"id": ["a", "b", "c", "d"], "title": list("ABCD"),
                      "impact": [5, 3, 4, 2], "cost": [4, 1, 3, 2], "speed": [2, 4, 3, 5]})
    b = a.copy()
    b.loc[1, "impact"] = 4          # one step apart
    b.loc[3, "cost"] = 5            # three steps apart
    a.to_csv(tmp_path / "a.csv", index=False)
    b.to_csv(tmp_path / "b.csv", index=False)
    pd.DataFrame({"option_id": ["d"], "criterion_id": ["cost"], "rationale": ["Cheap: reuses existing talks."],
                  "locator": ["x"]}).to_csv(tmp_path / "evidence_a.csv", index=False)
    return crit, tmp_path / "a.csv", tmp_path / "b.csv"


def test_agreement_per_criterion_and_cells_to_reconcile(tmp_path):
    crit, pa, pb = _files(tmp_path)
    criteria, problems = parse_criteria(crit.read_bytes())
    assert not problems
    ev = pd.read_csv(tmp_path / "evidence_a.csv")
    result = agreement(pd.read_csv(pa, dtype=str), pd.read_csv(pb, dtype=str), criteria, evidence_a=ev)
    per = {r.criterion: r for r in result.per_criterion}
    assert per["speed"].kappa == pytest.approx(1.0) and per["speed"].exact == 1.0
    assert per["impact"].exact == 0.75 and per["cost"].exact == 0.75
    assert per["cost"].kappa < per["impact"].kappa < 1.0  # a 3-step disagreement costs more than a 1-step one
    assert [(d.option_id, d.criterion, d.a, d.b) for d in result.to_reconcile] == [("d", "cost", 2, 5), ("b", "impact", 3, 4)]
    assert result.to_reconcile[0].rationale_a == "Cheap: reuses existing talks."


def test_agreement_cli_lists_kappa_and_cells(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 0
    out = capsys.readouterr().out
    assert "weighted Cohen's kappa, quadratic weights (Cohen 1968)" in out
    assert "2 cells to reconcile" in out
    lines = [ln for ln in out.splitlines() if ln.strip().startswith(("d ", "b "))]
    assert lines[0].split()[:2] == ["d", "cost"] and "A 2  B 5" in lines[0]


def test_agreement_refuses_scores_off_the_scale(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    text = pb.read_text().replace("b,B,4,1,4", "b,B,7,1,4")
    pb.write_text(text)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 2
    err = capsys.readouterr().err
    assert f"{pb}, line 3, column 'impact': score 7 for 'b' is outside the 1-5 scale" in err


def test_agreement_tells_a_score_outside_the_scale_from_a_half_point(tmp_path, capsys):
    """review rev1 R1-10: 9 on a 1-5 scale was called 'not a whole point'; 2.5 is one."""
    crit, pa, pb = _files(tmp_path)
    pb.write_text(pb.read_text().replace("b,B,4,1,4", "b,B,9,1,4"))
    a = pd.read_csv(pa, dtype=str)
    a.loc[a["id"] == "b", "impact"] = "2.5"
    a.to_csv(pa, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 2
    err = capsys.readouterr().err
    assert "score 9 for 'b' is outside the 1-5 scale" in err
    assert "score 2.5 for 'b' is not a whole point on the 1-5 scale" in err
    assert "Traceback" not in err


def test_agreement_with_ids_differing_only_in_case_says_so(tmp_path, capsys):
    """review rev1 R1-10: a, b, c vs A, B, C 'share no option id'; the message now says why they look alike."""
    crit, pa, pb = _files(tmp_path)
    other = pd.read_csv(pb, dtype=str)
    other["id"] = other["id"].str.upper()
    other.to_csv(pb, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 2
    err = capsys.readouterr().err
    assert "share no option id" in err and err.strip().endswith("(their ids differ only in upper and lower case)")


def test_krippendorff_alpha_reproduces_the_published_worked_example():
    """Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg School for
    Communication, University of Pennsylvania, sections C and D: four observers, twelve units, values
    1-5 with missing data (the reliability data matrix below, * = missing). Published values:
    nominal alpha = 0.743, ordinal alpha = 0.815, interval alpha = 0.849."""
    import krippendorff

    from scoring.sources.agreement import krippendorff_alpha

    n = np.nan
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]]
    for level, published in (("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)):
        assert round(krippendorff.alpha(reliability_data=data, level_of_measurement=level), 3) == published
    # our two-rater wrapper is the same ordinal alpha: observers 2 and 4 of the example, units both coded
    b, d = np.array(data[1]), np.array(data[3])
    expected = krippendorff.alpha(reliability_data=np.vstack([b, d]), value_domain=[1, 2, 3, 4, 5],
                                  level_of_measurement="ordinal")
    assert krippendorff_alpha(b, d, np.arange(1, 6)) == pytest.approx(expected)
    assert 0 < expected < 1


def test_agreement_offers_krippendorffs_alpha_beside_kappa(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    criteria, _ = parse_criteria(crit.read_bytes())
    result = agreement(pd.read_csv(pa, dtype=str), pd.read_csv(pb, dtype=str), criteria)
    per = {r.criterion: r for r in result.per_criterion}
    assert per["speed"].alpha == pytest.approx(1.0)
    assert per["cost"].alpha < per["impact"].alpha < 1.0
    assert not np.isnan(result.overall_alpha)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's alpha, ordinal (Krippendorff 2004, 2011)" in out
    assert "alpha_ordinal" in out and f"alpha {result.overall_alpha:.3f}" in out


def test_agreement_with_no_option_in_common_exits_2_naming_both_files(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    other = pd.read_csv(pb, dtype=str)
    other["id"] = ["x", "y", "z", "w"]
    other.to_csv(pb, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (f"error: {pa} and {pb}: the two files share no option id, so there is nothing "
                                    f"to compare ({pa}: a, b, c, d; {pb}: x, y, z, w); both analysts must score "
                                    "the same options under the same ids")


def test_agreement_counts_blank_cells_it_skips_per_criterion(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    b = pd.read_csv(pb, dtype=str)
    b.loc[0, "impact"] = None
    b.loc[2, "impact"] = None
    b.to_csv(pb, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 0
    out = capsys.readouterr().out
    assert f"note: impact: 2 cells skipped (blank in {pb}: a, c)" in out
    assert "cost: " not in out.split("note:", 1)[1].split("cells to reconcile")[0]  # no note for a full criterion
    row = next(ln.split() for ln in out.splitlines() if ln.strip().startswith("impact"))
    assert row[:3] == ["impact", "2", "2"]  # n 2, skipped 2
    assert "A 5  B (blank)" in out and "nan" not in out.lower()


def test_agreement_says_why_a_coefficient_cannot_be_computed(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    a, b = pd.read_csv(pa, dtype=str), pd.read_csv(pb, dtype=str)
    a["speed"] = b["speed"] = "3"          # both constant on the same point
    a["cost"] = "2"                        # A constant, B varies
    b["impact"] = [None, None, None, "2"]  # one option scored by both
    a.to_csv(pa, index=False)
    b.to_csv(pb, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 0
    out = capsys.readouterr().out
    assert "note: impact: only 1 option scored by both: kappa and alpha need at least 2" in out
    assert ("note: speed: both gave every option 3: no variation to agree on, kappa and alpha undefined "
            "(exact agreement is 100%)") in out
    assert "note: cost: A gave every option 2: kappa is 0 by construction (no variation on one side); " \
           "read alpha and the exact share" in out
    assert "nan" not in out.lower()
    criteria, _ = parse_criteria(crit.read_bytes())
    per = {r.criterion: r for r in agreement(a, b, criteria).per_criterion}
    assert np.isnan(per["speed"].kappa) and np.isnan(per["speed"].alpha) and per["speed"].exact == 1.0
    assert per["cost"].kappa == pytest.approx(0.0) and not np.isnan(per["cost"].alpha)
    assert per["impact"].n == 1 and np.isnan(per["impact"].kappa) and np.isnan(per["impact"].alpha)


def test_agreement_with_no_cell_scored_in_both_says_so_in_every_format(tmp_path, capsys):
    crit, pa, pb = _files(tmp_path)
    a = pd.read_csv(pa, dtype=str)
    for c in ("impact", "cost", "speed"):
        a[c] = ""
    a.to_csv(pa, index=False)
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit)]) == 0
    out = capsys.readouterr().out
    assert "overall (all cells): not computed: no cell is scored in both files" in out
    assert f"note: cost: 4 cells skipped (blank in {pa}: a, b, c, d)" in out
    assert "note: cost: no option scored by both: kappa and alpha not computed" in out
    assert main(["agreement", str(pa), str(pb), "--criteria", str(crit), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "Overall (all cells): not computed: no cell is scored in both files" in md
    assert "nan" not in md.lower() and "| impact      |   0 |         4 | -" in md
