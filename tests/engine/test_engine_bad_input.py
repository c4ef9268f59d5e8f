"""Every bad input named in the issue: exit code 2, a message naming file, line and column and
what was expected, never a traceback; `validate` lists all problems at once; a failed
`rank --out` leaves no file behind."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CRITERIA_MINI, OPTIONS_MINI
from scoring import ScoringError, load_dataset
from scoring.cli import main
from scoring.loading import parse_options, validate_files

METHOD_LIST = "weighted-sum, weighted-product, topsis, topsis-scale, promethee, vikor"


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(tmp_path: Path, options: str | None = OPTIONS_MINI, criteria: str | None = CRITERIA_MINI) -> tuple[Path, Path]:
    o, c = tmp_path / "options.csv", tmp_path / "criteria.yaml"
    if options is not None:
        o.write_text(options)
    if criteria is not None:
        c.write_text(criteria)
    return o, c


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old  # the fixture must contain what the case edits
    return text.replace(old, new)


# (case, options text, criteria text, which file is named, expected fragments of the message)
OPTION_CASES = [
    ("missing id column", replace(OPTIONS_MINI, "id,title", "ident,title"),
     ["line 1", "column 'id'", "missing the required column 'id'"]),
    ("missing title column", replace(OPTIONS_MINI, "id,title", "id,name"),
     ["line 1", "column 'title'", "missing the required column 'title'"]),
    ("missing criterion column", replace(OPTIONS_MINI, ",speed,", ",velocity,"),
     ["line 1", "column 'speed'", "missing a score column for criterion 'speed'"]),
    ("duplicate id", replace(OPTIONS_MINI, "b,Bravo", "a,Bravo"),
     ["line 3", "column 'id'", "duplicate id 'a' (first at line 2)"]),
    ("empty id", replace(OPTIONS_MINI, "b,Bravo", ",Bravo"),
     ["line 3", "column 'id'", "expected a non-empty id"]),
    ("blank id", replace(OPTIONS_MINI, "b,Bravo", "  ,Bravo"),
     ["line 3", "column 'id'", "expected a non-empty id"]),
    ("non-numeric score", replace(OPTIONS_MINI, "c,Charlie,health,4", "c,Charlie,health,high"),
     ["line 4", "column 'impact'", "expected a number on the scale 1-5, got 'high'"]),
    ("missing score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,2,,2"),
     ["line 5", "column 'cost'", "expected a number on the scale 1-5, got an empty cell"]),
    ("score above the scale", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,7,2,2"),
     ["line 5", "column 'impact'", "score 7 is outside the declared scale 1-5 of 'impact'"]),
    ("score below the scale", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,2,0.5,2"),
     ["line 5", "column 'cost'", "score 0.5 is outside the declared scale 1-5 of 'cost'"]),
    ("low above score", replace(OPTIONS_MINI, "a,Alpha,security,5,4,2,4,5", "a,Alpha,security,3,4,2,4,5"),
     ["line 2", "column 'impact_low'", "low must be <= score, got low 4 and score 3"]),
    ("score above high", replace(OPTIONS_MINI, "c,Charlie,health,4,3,3,3,5", "c,Charlie,health,4,3,3,3,3.5"),
     ["line 4", "column 'impact_high'", "score must be <= high, got high 3.5 and score 4"]),
    ("NaN score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,NaN,2,2"),
     ["line 5", "column 'impact'", "expected a number on the scale 1-5, got 'NaN'"]),
    ("nan score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,2,nan,2"),
     ["line 5", "column 'cost'", "expected a number on the scale 1-5, got 'nan'"]),
    ("inf score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,2,2,inf"),
     ["line 5", "column 'speed'", "expected a number on the scale 1-5, got 'inf'"]),
    ("-inf score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,-inf,2,2"),
     ["line 5", "column 'impact'", "got '-inf'"]),
    ("overflowing score", replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,1e999,2,2"),
     ["line 5", "column 'impact'", "got '1e999'"]),
    ("NaN bound", replace(OPTIONS_MINI, "a,Alpha,security,5,4,2,4,5", "a,Alpha,security,5,4,2,nan,5"),
     ["line 2", "column 'impact_low'", "expected a number on the scale 1-5 or an empty cell, got 'nan'"]),
    ("descriptive column named score", replace(OPTIONS_MINI, "id,title,theme,", "id,title,score,"),
     ["line 1", "column 'score'", "column 'score' is reserved for the ranking's output; rename it (e.g. 'score_note')"]),
    ("descriptive column named rank", replace(OPTIONS_MINI, "id,title,theme,", "id,title,rank,"),
     ["line 1", "column 'rank'", "column 'rank' is reserved for the ranking's output"]),
]

CRITERIA_CASES = [
    ("malformed YAML", replace(CRITERIA_MINI, "label: Cost", "label: [Cost"),
     ["line 9", "at column", "malformed YAML"]),
    ("criterion without id", replace(CRITERIA_MINI, "- id: cost", "- name: cost"),
     ["line 7", "column 'criteria[1].id'", "criterion has no id"]),
    ("unknown direction", replace(CRITERIA_MINI, "direction: cost", "direction: lower"),
     ["line 9", "column 'criteria[1].direction'", "expected direction 'benefit' or 'cost', got 'lower'"]),
    ("min equal to max", CRITERIA_MINI.replace("scale: {min: 1, max: 5}", "scale: {min: 5, max: 5}", 2).replace(
        "scale: {min: 5, max: 5}", "scale: {min: 1, max: 5}", 1),
     ["line 10", "column 'criteria[1].scale'", "scale min must be below max, got min 5 >= max 5"]),
    ("min above max", replace(CRITERIA_MINI, "weight: 2", "weight: 2").replace(
        "scale: {min: 1, max: 5}\n    weight: 2", "scale: {min: 9, max: 5}\n    weight: 2"),
     ["line 5", "column 'criteria[0].scale'", "scale min must be below max, got min 9 >= max 5"]),
    ("negative weight", replace(CRITERIA_MINI, "weight: 2", "weight: -2"),
     ["line 6", "column 'criteria[0].weight'", "weight must not be negative, got -2"]),
    ("criterion named like an output column", replace(CRITERIA_MINI, "- id: speed", "- id: score"),
     ["line 12", "column 'criteria[2].id'", "criterion id 'score' clashes with a reserved column name"]),
    ("all weights zero", replace(CRITERIA_MINI, "weight: 2", "weight: 0").replace("weight: 1", "weight: 0"),
     ["line 2", "column 'weight'", "all default weights are zero; at least one criterion needs a positive weight"]),
]


FILE_CASES = [("options", *case) for case in OPTION_CASES] + [("criteria", *case) for case in CRITERIA_CASES]


@pytest.mark.parametrize("which,case,text,expected", FILE_CASES, ids=[f"{c[0]}: {c[1]}" for c in FILE_CASES])
def test_bad_input_file_names_file_line_and_column(capsys, tmp_path, which, case, text, expected):
    o, c = write(tmp_path, **{which: text})
    code, out, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and out == ""
    assert err.startswith(f"error: {o if which == 'options' else c}, ")
    for fragment in expected:
        assert fragment in err, (case, fragment, err)


@pytest.mark.parametrize("which", ["options", "criteria"])
def test_missing_file(capsys, tmp_path, which):
    o, c = write(tmp_path, **{which: None})
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c)])
    missing = o if which == "options" else c
    assert code == 2
    assert err.strip() == f"error: {missing}: {which} file not found"


@pytest.mark.parametrize("which,expected", [
    ("options", "expected a header row with id, title and one column per criterion, then one row per option"),
    ("criteria", "expected a YAML mapping with a 'criteria' list"),
])
def test_empty_file(capsys, tmp_path, which, expected):
    o, c = write(tmp_path, **{which: " \n\n"})
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c)])
    empty = o if which == "options" else c
    assert code == 2
    assert err.strip() == f"error: {empty}, line 1: {which} file is empty; {expected}"


def test_a_folder_instead_of_a_file(capsys, tmp_path):
    o, c = write(tmp_path)
    code, _, err = run(capsys, ["rank", "--options", str(tmp_path), "--criteria", str(c)])
    assert code == 2 and f"{tmp_path}: expected the options file, found a folder" in err


# ---------------------------------------------------------------- command-line arguments

ARG_CASES = [
    ("unknown criterion in --weights", ["--weights", "impact=1,velocity=2"],
     "error: --weights, column 'velocity': unknown criterion 'velocity' (known: impact, cost, speed)"),
    ("negative --weights", ["--weights", "impact=-1"],
     "error: --weights, column 'impact': weight of 'impact' must be a non-negative number, got -1"),
    ("non-numeric --weights", ["--weights", "impact=lots"],
     "error: --weights, column 'impact': expected a number for 'impact', got 'lots'"),
    ("malformed --weights item", ["--weights", "impact"],
     "error: --weights, column 'impact': expected id=value, got 'impact'"),
    ("all --weights zero", ["--weights", "impact=0,cost=0,speed=0"],
     "error: --weights: all weights are zero; give at least one criterion a positive weight"),
    ("profile leaving only zeros", ["--profile", "thrifty", "--weights", "impact=0,cost=0,speed=0"],
     "error: --weights: all weights are zero; give at least one criterion a positive weight"),
    ("unknown --profile", ["--profile", "hawk"],
     "error: --profile: unknown profile 'hawk' (known: equal, thrifty)"),
    ("unknown --method", ["--method", "electre"],
     f"error: --method: unknown method 'electre' (expected one of: {METHOD_LIST})"),
    ("unknown --format", ["--format", "pdf"],
     "error: --format: unknown format 'pdf' (expected one of: csv, json, xlsx, md)"),
    ("unknown --normalization", ["--normalization", "zscore"],
     "error: --normalization: unknown normalization 'zscore' (expected one of: scale, minmax, vector, sum, max)"),
    ("xlsx to stdout", ["--format", "xlsx"], "error: --format: xlsx is binary: give --out FILE.xlsx"),
]


@pytest.mark.parametrize("case,args,expected", ARG_CASES, ids=[c[0] for c in ARG_CASES])
def test_bad_arguments(capsys, mini_files, case, args, expected):
    o, c = mini_files
    code, out, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), *args])
    assert code == 2 and out == ""
    assert err.strip() == expected


def test_unknown_subcommand_is_a_usage_error_without_traceback(capsys):
    code, _, err = run(capsys, ["rnak"])
    assert code == 2 and "invalid choice: 'rnak'" in err


def test_loader_problems_carry_file_line_and_column(tmp_path):
    o, c = write(tmp_path, options=replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", "d,Delta,trade,2,two,9"))
    with pytest.raises(ScoringError) as info:
        load_dataset(o, c)
    got = {(p.file, p.line, p.column) for p in info.value.problems}
    assert got == {(str(o), 5, "cost"), (str(o), 5, "speed")}


def test_nan_and_inf_never_reach_a_method(tmp_path):
    """Refused at load time, in memory as well as on disk."""
    from conftest import CRITERIA_MINI as crit
    from scoring.loading import parse_criteria

    criteria, _ = parse_criteria(crit.encode())
    for bad in ("nan", "inf", "-inf", "NaN", "Infinity"):
        text = replace(OPTIONS_MINI, "d,Delta,trade,2,2,2", f"d,Delta,trade,{bad},2,2")
        frame, problems = parse_options(text.encode(), criteria)
        assert frame is None
        assert [(p.line, p.column) for p in problems] == [(5, "impact")], bad


# ---------------------------------------------------------------- validate: every problem at once

def test_validate_lists_every_problem_of_a_file(capsys, tmp_path):
    bad = OPTIONS_MINI
    bad = replace(bad, "b,Bravo", "a,Bravo")                                     # duplicate id, line 3
    bad = replace(bad, "c,Charlie,health,4,3,3,3,5", "c,Charlie,health,4,x,3,3,5")  # non-numeric, line 4
    bad = replace(bad, "d,Delta,trade,2,2,2", "d,Delta,trade,7,2,")              # outside scale + empty, line 5
    bad = replace(bad, "a,Alpha,security,5,4,2,4,5", "a,Alpha,security,5,4,2,4,4.5")  # score > high, line 2
    o, c = write(tmp_path, options=bad)
    code, out, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[-1] == "5 problems found"
    expected = [
        f"{o}, line 3, column 'id': duplicate id 'a' (first at line 2)",
        f"{o}, line 5, column 'impact': score 7 is outside the declared scale 1-5 of 'impact'",
        f"{o}, line 4, column 'cost': expected a number on the scale 1-5, got 'x'",
        f"{o}, line 5, column 'speed': expected a number on the scale 1-5, got an empty cell",
        f"{o}, line 2, column 'impact_high': score must be <= high, got high 4.5 and score 5",
    ]
    assert sorted(lines[:-1]) == sorted(expected)


def test_validate_checks_the_rows_even_when_a_column_is_missing(capsys, tmp_path):
    """A missing score column does not hide the problems of the columns that are there."""
    bad = OPTIONS_MINI.replace(",cost,", ",price,")                # the middle criterion's column
    bad = replace(bad, "b,Bravo", ",Bravo")                       # empty id, line 3
    bad = replace(bad, "d,Delta,trade,2,2,2", "d,Delta,trade,9,2,0")  # impact and speed outside the scale, line 5
    o, c = write(tmp_path, options=bad)
    code, out, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and out == ""
    assert sorted(err.strip().splitlines()) == sorted([
        f"{o}, line 1, column 'cost': missing a score column for criterion 'cost'",
        f"{o}, line 3, column 'id': expected a non-empty id",
        f"{o}, line 5, column 'impact': score 9 is outside the declared scale 1-5 of 'impact'",
        f"{o}, line 5, column 'speed': score 0 is outside the declared scale 1-5 of 'speed'",
        "4 problems found",
    ])


def test_validate_lists_every_problem_of_the_criteria_file(capsys, tmp_path):
    crit = replace(CRITERIA_MINI, "direction: cost", "direction: lower")
    crit = replace(crit, "weight: 2", "weight: -1")
    crit = crit.replace("scale: {min: 1, max: 5}\n    weight: 1\n  - id: speed", "scale: {min: 3, max: 2}\n    weight: 1\n  - id: speed")
    o, c = write(tmp_path, criteria=crit)
    code, _, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2
    assert "3 problems found" in err
    assert "criteria[0].weight': criterion 'impact': weight must not be negative" in err
    assert "criteria[1].direction': criterion 'cost': expected direction 'benefit' or 'cost', got 'lower'" in err
    assert "criteria[1].scale': criterion 'cost': scale min must be below max, got min 3 >= max 2" in err


def test_validate_exits_zero_only_without_problems(capsys, mini_files, tmp_path):
    o, c = mini_files
    code, out, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert (code, err) == (0, "")
    assert out.strip() == "ok: 4 options, 3 criteria, 2 profiles"
    dataset, problems = validate_files(o, c)
    assert problems == [] and dataset is not None
    o.write_text(replace(OPTIONS_MINI, "b,Bravo,trade,3", "b,Bravo,trade,6"))
    code, out, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and out == "" and err.strip().endswith("1 problem found")


# ---------------------------------------------------------------- a failed --out leaves nothing behind

@pytest.mark.parametrize("args", [
    ["--method", "electre"],
    ["--weights", "velocity=1"],
    ["--profile", "hawk"],
    ["--normalization", "zscore"],
], ids=["method", "weights", "profile", "normalization"])
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "md"])
def test_failed_rank_writes_no_file(capsys, mini_files, tmp_path, args, fmt):
    o, c = mini_files
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"ranking.{fmt}"
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--format", fmt, "--out", str(target), *args])
    assert code == 2 and err.startswith("error: ")
    assert list(out_dir.iterdir()) == []


def test_failed_rank_on_bad_data_writes_no_file_and_keeps_an_old_one(capsys, tmp_path):
    o, c = write(tmp_path, options=replace(OPTIONS_MINI, "b,Bravo", "a,Bravo"))
    target = tmp_path / "ranking.csv"
    target.write_text("previous result\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, _ = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--out", str(target)])
    assert code == 2
    assert target.read_text() == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_out_into_a_missing_folder_is_refused_cleanly(capsys, mini_files, tmp_path):
    o, c = mini_files
    target = tmp_path / "nope" / "ranking.json"
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--format", "json", "--out", str(target)])
    assert code == 2
    assert err.strip() == f"error: {target}: the folder to write into does not exist"
    assert not target.parent.exists()
