"""`scoring sensitivity`, `scoring smaa`, `scoring scenarios`: output shape, about metadata, exit 2 on bad input."""
from __future__ import annotations

import json

import pytest

from analysis_support import TWO_FUTURES

from scoring.cli import main

SCEN = TWO_FUTURES + """\
    adjustments:
      - {theme: trade, criterion: cost, delta: -1, reason: cheaper, locator: nowhere}
"""


@pytest.fixture
def data_args(mini_files):
    o, c = mini_files
    return ["--options", str(o), "--criteria", str(c)]


def _json(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_sensitivity_json(capsys, data_args):
    doc = _json(capsys, ["sensitivity", *data_args, "--pair", "a,b", "--format", "json"])
    assert [r["criterion"] for r in doc["stability"]] == ["impact", "cost", "speed"]
    assert doc["stability"][0]["top_high"] == pytest.approx(5 / 9)  # derived by hand in test_analysis_sensitivity
    assert doc["flips"][0]["sentence"] == "b stays ahead of a unless Impact carries more than 55.6% of the weight"
    assert doc["pair"] == ["a", "b"]
    assert doc["about"]["method"] == "weighted-sum" and doc["about"]["inputs"]["options"]["sha256"]
    assert "sweep" not in doc


def test_sensitivity_default_pair_and_sweep(capsys, data_args):
    doc = _json(capsys, ["sensitivity", *data_args, "--sweep", "--points", "5", "--method", "topsis", "--format", "json"])
    assert doc["pair"] == ["b", "a"]  # no Quad ids: the current top two under TOPSIS
    # a grid of 5 (0, .25, .5, .75, 1) already holds the current weights (.5, .25, .25): 3 criteria x 5 x 4 options
    assert len(doc["sweep"]) == 3 * 5 * 4
    assert {(r["criterion"], r["weight"]) for r in doc["sweep"]} >= {("impact", 0.5), ("cost", 0.25)}
    assert doc["normalization"] == "vector"


def test_smaa_csv_and_about_file(capsys, data_args, tmp_path):
    out = tmp_path / "smaa.csv"
    code = main(["smaa", *data_args, "--samples", "2000", "--seed", "7", "--out", str(out)])
    assert code == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,title,base_rank,first,expected_rank,rank_low,rank_high,confidence,fragile,rank_1")
    assert len(lines) == 1 + 4
    about = json.loads((tmp_path / "smaa.csv.about.json").read_text())
    assert about["samples"] == 2000 and about["seed"] == 7 and about["weights_mode"] == "uniform"


def test_smaa_json_is_reproducible(capsys, data_args):
    argv = ["smaa", *data_args, "--samples", "3000", "--seed", "5", "--weights-mode", "dirichlet",
            "--concentration", "8", "--score-mode", "triangular", "--format", "json"]
    a, b = _json(capsys, argv), _json(capsys, argv)
    assert a["options"] == b["options"]
    assert len(a["options"]) == 4 and sum(r["rank_1"] for r in a["options"]) == pytest.approx(1.0)
    assert a["concentration"] == 8 and a["score_mode"] == "triangular" and a["tie_rule"] == "shared equally"
    d = next(r for r in a["options"] if r["id"] == "d")
    assert d["rank_1"] == 0.0  # dominated by b


def test_scenarios_json_and_md(capsys, data_args, tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SCEN)
    doc = _json(capsys, ["scenarios", *data_args, "--scenarios", str(p), "--format", "json"])
    assert doc["scenario_ids"] == ["impact-only", "cost-only"]
    assert [r["id"] for r in doc["scenarios"]] == ["impact-only", "cost-only"]
    assert doc["minimax_regret"] == ["b", "c"]  # hand-derived in test_analysis_scenarios
    assert [r["id"] for r in doc["ranks"]][0] == "b"
    assert {r["id"]: r["minimax"] for r in doc["regret"]} == {"b": True, "c": True, "a": False, "d": False}
    assert doc["adjustments"][0]["reason"] == "cheaper"
    assert doc["about"]["scenarios_file"]["file"] == "s.yaml"
    code = main(["scenarios", *data_args, "--scenarios", str(p), "--scenario", "cost-only", "--format", "md"])
    out = capsys.readouterr().out
    assert code == 0 and "## regret" in out and "impact-only" not in out.split("## About")[0]


@pytest.mark.parametrize("argv,message", [
    (["smaa", "--samples", "0"], "--samples: expected a whole number of at least 1, got '0'"),
    (["smaa", "--samples", "-10"], "--samples"),
    (["smaa", "--samples", "6000000"], "at most 5,000,000 samples"),
    (["smaa", "--concentration", "0"], "--concentration: expected a number above 0, got '0'"),
    (["smaa", "--concentration", "-1", "--weights-mode", "dirichlet"], "--concentration"),
    (["smaa", "--weights-mode", "normal"], "unknown weights mode 'normal'"),
    (["smaa", "--score-mode", "beta"], "unknown score mode 'beta'"),
    (["smaa", "--samples", "many"], "--samples: expected a whole number such as 10000, got 'many'"),
    (["smaa", "--seed", "-1"], "--seed: expected a whole number of at least 0, got '-1'"),
    (["sensitivity", "--pair", "a"], "expected two option ids"),
    (["sensitivity", "--pair", "a,zz"], "unknown option 'zz'"),
    (["sensitivity", "--points", "1"], "--points"),
    (["scenarios", "--scenario", "nope"], "unknown scenario 'nope'"),
    (["smaa", "--format", "xlsx"], "xlsx is binary"),
])
def test_bad_input_exits_2_with_a_message(capsys, data_args, tmp_path, argv, message):
    p = tmp_path / "s.yaml"
    p.write_text(SCEN)
    extra = ["--scenarios", str(p)] if argv[0] == "scenarios" else []
    try:
        code = main([argv[0], *data_args, *extra, *argv[1:]])
    except SystemExit as exc:  # argparse's own usage errors (e.g. a non-integer --samples) exit directly
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_option_in_scenarios_file_exits_2_naming_file_and_line(capsys, data_args, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(SCEN.replace("{theme: trade,", "{option: zeta,"))
    code = main(["scenarios", *data_args, "--scenarios", str(p)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{p}, line 11, column 'scenarios[1].adjustments[0].option': scenario 'cost-only': unknown option 'zeta'" in err


def test_xlsx_output_has_every_table(capsys, data_args, tmp_path):
    import openpyxl

    out = tmp_path / "s.xlsx"
    assert main(["sensitivity", *data_args, "--format", "xlsx", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["stability", "flips", "rank_bounds", "weights", "about"]
