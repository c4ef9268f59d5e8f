"""`scoring rank` end to end on the mini fixture: table layout, every format, provenance, spreadsheet
safety, weight options, every method and normalization, and `python -m scoring`.

Hand computations (mini fixture, default weights impact 2, cost 1, speed 1 -> 0.5, 0.25, 0.25; scale
1-5; cost reversed): value = (x - 1)/4, cost (5 - x)/4.
  a (5, 4, 2): 0.5*1 + 0.25*0.25 + 0.25*0.25 = 0.625
  b (3, 1, 4): 0.5*0.5 + 0.25*1 + 0.25*0.75 = 0.6875
  c (4, 3, 3): 0.5*0.75 + 0.25*0.5 + 0.25*0.5 = 0.625
  d (2, 2, 2): 0.5*0.25 + 0.25*0.75 + 0.25*0.25 = 0.375   -> ranks b 1, a 2, c 2, d 4
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import CRITERIA_MINI, ROOT
from scoring import __version__
from scoring.cli import main
from scoring.export import Report, neutralize, render
from scoring.methods import METHODS
from scoring.normalization import NORMALIZATIONS

CRITERIA = ["impact", "cost", "speed"]
HAND_SCORES = {"a": 0.625, "b": 0.6875, "c": 0.625, "d": 0.375}
HAND_RANKS = {"a": 2, "b": 1, "c": 2, "d": 4}


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def rank_args(files, *extra: str) -> list[str]:
    o, c = files
    return ["rank", "--options", str(o), "--criteria", str(c), *extra]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- CSV

def test_csv_layout_scores_and_contributions(capsys, mini_files):
    code, out, err = run(capsys, rank_args(mini_files))
    assert code == 0 and err == ""
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["rank", "id", "title", "score", *CRITERIA, "theme"]
    assert frame["id"].tolist() == ["b", "a", "c", "d"]  # ties keep file order
    by_id = frame.set_index("id")
    assert by_id["score"].to_dict() == pytest.approx(HAND_SCORES)
    assert by_id["rank"].to_dict() == HAND_RANKS
    assert by_id.loc["b", CRITERIA].tolist() == pytest.approx([0.25, 0.25, 0.1875])
    assert frame[CRITERIA].sum(axis=1).to_numpy() == pytest.approx(frame["score"].to_numpy())
    assert by_id["theme"].to_dict() == {"a": "security", "b": "trade", "c": "health", "d": "trade"}


METHOD_COLUMNS = {"promethee": "phi_plus,phi_minus,incomparable,", "vikor": "S,R,compromise,"}


@pytest.mark.parametrize("method", [m for m in METHODS if not METHODS[m].additive])
def test_non_additive_methods_have_no_contribution_columns(capsys, mini_files, method):
    """Only the method's own outputs (PROMETHEE I flows, VIKOR's S, R and compromise set) go beside the score."""
    code, out, _ = run(capsys, rank_args(mini_files, "--method", method))
    assert code == 0
    assert out.splitlines()[0] == f"rank,id,title,score,{METHOD_COLUMNS.get(method, '')}theme"


def test_csv_out_writes_the_table_and_its_about(capsys, mini_files, tmp_path):
    target = tmp_path / "r.csv"
    code, out, err = run(capsys, rank_args(mini_files, "--out", str(target)))
    assert code == 0 and out == "" and f"wrote {target}" in err
    assert target.read_text().splitlines()[0] == "rank,id,title,score,impact,cost,speed,theme"
    about = json.loads((tmp_path / "r.csv.about.json").read_text())
    assert about["inputs"]["options"]["sha256"] == sha(mini_files[0])
    assert about["inputs"]["criteria"]["sha256"] == sha(mini_files[1])


# ---------------------------------------------------------------- JSON, XLSX, Markdown

def _check_about(about: dict, files, method: str, normalization: str | None) -> None:
    o, c = files
    assert about["method"] == method
    assert about["normalization"] == normalization
    assert about["version"] == __version__ == version("policy-scoring")
    generated = datetime.fromisoformat(about["generated"])
    assert generated.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - generated).total_seconds()) < 120
    assert about["inputs"]["options"] == {"file": o.name, "sha256": sha(o)}
    assert about["inputs"]["criteria"] == {"file": c.name, "sha256": sha(c)}


def test_json_shape(capsys, mini_files):
    code, out, _ = run(capsys, rank_args(mini_files, "--format", "json"))
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["method", "normalization", "weights", "options", "about"]
    assert (doc["method"], doc["normalization"]) == ("weighted-sum", "scale")
    assert doc["weights"] == pytest.approx({"impact": 0.5, "cost": 0.25, "speed": 0.25})
    first = doc["options"][0]
    assert list(first)[:4] == ["rank", "id", "title", "score"]
    assert first == {"rank": 1, "id": "b", "title": "Bravo", "score": 0.6875, "impact": 0.25, "cost": 0.25,
                     "speed": 0.1875, "theme": "trade"}
    assert {o["id"]: o["rank"] for o in doc["options"]} == HAND_RANKS
    _check_about(doc["about"], mini_files, "weighted-sum", "scale")


def test_json_for_a_method_without_normalization(capsys, mini_files):
    code, out, _ = run(capsys, rank_args(mini_files, "--format", "json", "--method", "promethee", "--normalization", "max"))
    doc = json.loads(out)
    assert code == 0 and doc["normalization"] is None  # PROMETHEE works on raw differences
    _check_about(doc["about"], mini_files, "promethee", None)


def test_xlsx_has_exactly_ranking_weights_about(capsys, mini_files, tmp_path):
    target = tmp_path / "r.xlsx"
    code, out, _ = run(capsys, rank_args(mini_files, "--format", "xlsx", "--out", str(target)))
    assert code == 0 and out == ""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["ranking", "weights", "about"]
    rows = list(book["ranking"].iter_rows(values_only=True))
    assert rows[0] == ("rank", "id", "title", "score", "impact", "cost", "speed", "theme")
    assert {r[1]: r[3] for r in rows[1:]} == pytest.approx(HAND_SCORES)
    assert {r[1]: r[0] for r in rows[1:]} == HAND_RANKS
    assert book["ranking"]["D2"].data_type == "n"  # scores are numbers, not text
    weights = dict(list(book["weights"].iter_rows(values_only=True))[1:])
    assert weights == pytest.approx({"impact": 0.5, "cost": 0.25, "speed": 0.25})
    about = dict(list(book["about"].iter_rows(values_only=True))[1:])
    about["inputs"] = json.loads(about["inputs"])
    _check_about(about, mini_files, "weighted-sum", "scale")


def test_markdown(capsys, mini_files):
    code, out, _ = run(capsys, rank_args(mini_files, "--format", "md"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Ranking"
    assert "| rank | id | title | score | impact | cost | speed | theme |" in lines
    assert "| 1 | b | Bravo | 0.6875 | 0.2500 | 0.2500 | 0.1875 | trade |" in lines
    assert "## Weights" in lines and "| impact | 0.5000 |" in lines
    assert "- **method**: weighted-sum" in lines and "- **normalization**: scale" in lines
    assert sha(mini_files[0]) in out and sha(mini_files[1]) in out


# ---------------------------------------------------------------- spreadsheet safety

NASTY = """\
id,title,theme,budget,impact,cost,speed
a,"=HYPERLINK(""http://x"",""y"")",+SUM(A1),-12.5,5,4,2
b,@cmd,plain,7,3,1,4
c,-2+3,"-",+4e2,4,3,3
"""


def test_csv_and_xlsx_neutralize_formulas_but_keep_numbers(capsys, tmp_path):
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    o.write_text(NASTY)
    c.write_text(CRITERIA_MINI)
    # impact only: net flows (+1, -1, 0), so one score is negative
    code, out, _ = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--method", "promethee",
                                "--weights", "impact=1,cost=0,speed=0"])
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["a"]["title"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows["a"]["theme"] == "'+SUM(A1)"
    assert rows["b"]["title"] == "'@cmd"
    assert rows["c"]["title"] == "'-2+3" and rows["c"]["theme"] == "'-"
    assert rows["a"]["budget"] == "-12.5" and rows["c"]["budget"] == "+4e2"  # numbers written as text stay numbers
    assert {k: float(r["score"]) for k, r in rows.items()} == {"a": 1.0, "b": -1.0, "c": 0.0}
    assert rows["b"]["score"].startswith("-")  # a negative number is not quoted
    target = tmp_path / "r.xlsx"
    assert run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--format", "xlsx", "--out", str(target)])[0] == 0
    sheet = openpyxl.load_workbook(target)["ranking"]
    cells = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["a"][2].value == "'=HYPERLINK(\"http://x\",\"y\")" and cells["a"][2].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    assert cells["a"][3].data_type == "n"


FORMULA_CRITERIA = """\
criteria:
  - {id: "=1+1", label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 2}
  - {id: "@cost", label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""


def test_criterion_ids_and_column_names_that_look_like_formulas(capsys, tmp_path):
    """Criterion ids (contribution columns, the weights sheet) and descriptive column names are text
    from the input files too: none may reach a spreadsheet as a formula; weights stay numbers."""
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    o.write_text("id,title,=note,=1+1,@cost\na,Alpha,x,5,4\nb,Bravo,y,3,1\n")
    c.write_text(FORMULA_CRITERIA)
    base = ["rank", "--options", str(o), "--criteria", str(c)]
    code, out, _ = run(capsys, base)
    assert code == 0
    assert out.splitlines()[0] == "rank,id,title,score,'=1+1,'@cost,'=note"
    target = tmp_path / "r.xlsx"
    assert run(capsys, [*base, "--format", "xlsx", "--out", str(target)])[0] == 0
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["ranking"][1]] == ["rank", "id", "title", "score", "'=1+1", "'@cost", "'=note"]
    assert list(book["weights"].iter_rows(values_only=True)) == [
        ("criterion", "weight"), ("'=1+1", pytest.approx(2 / 3)), ("'@cost", pytest.approx(1 / 3))]
    assert book["weights"]["B2"].data_type == "n"
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_owasp_prefix_is_neutralized(prefix):
    assert neutralize(f"{prefix}cmd|' /C calc'!A0") == f"'{prefix}cmd|' /C calc'!A0"
    report = Report("ranking", {"ranking": pd.DataFrame({"id": [f"{prefix}x"], "score": [-1.5]})})
    rows = list(csv.reader(io.StringIO(render(report, "csv"), newline="")))
    assert rows == [["id", "score"], [f"'{prefix}x", "-1.5"]]  # one row: a carriage return must not split it


def test_a_carriage_return_inside_a_cell_does_not_split_the_row():
    report = Report("ranking", {"ranking": pd.DataFrame({"id": ["a\rb", "c"], "score": [1.0, 2.0]})})
    text = render(report, "csv")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["id", "score"], ["a\rb", "1.0"], ["c", "2.0"]]
    assert pd.read_csv(io.StringIO(text))["id"].tolist() == ["a\rb", "c"]


@pytest.mark.parametrize("value", [-3, -2.5, 0, "-3", "+1.5", "-.5", "2e-3", "safe text"])
def test_numbers_and_plain_text_pass_unchanged(value):
    assert neutralize(value) == value


# ---------------------------------------------------------------- weights from the command line

def _ranks(out: str) -> dict[str, int]:
    return pd.read_csv(io.StringIO(out)).set_index("id")["rank"].to_dict()


@pytest.mark.parametrize("args,expected_ranks,expected_scores", [
    # thrifty = impact 1, cost 4, speed 1 (/6): a (1 + 1 + .25)/6, b (.5 + 4 + .75)/6, c (.75 + 2 + .5)/6, d (.25 + 3 + .25)/6
    (["--profile", "thrifty"], {"b": 1, "d": 2, "c": 3, "a": 4},
     {"a": 2.25 / 6, "b": 5.25 / 6, "c": 3.25 / 6, "d": 3.5 / 6}),
    # impact only: the scale values of impact
    (["--weights", "impact=1,cost=0,speed=0"], {"a": 1, "c": 2, "b": 3, "d": 4},
     {"a": 1.0, "b": 0.5, "c": 0.75, "d": 0.25}),
    # equal, then speed=2 -> 1, 1, 2 (/4): a (1 + .25 + .5)/4, b (.5 + 1 + 1.5)/4, c (.75 + .5 + 1)/4, d (.25 + .75 + .5)/4
    (["--profile", "equal", "--weights", "speed=2"], {"b": 1, "c": 2, "a": 3, "d": 4},
     {"a": 1.75 / 4, "b": 0.75, "c": 2.25 / 4, "d": 1.5 / 4}),
], ids=["profile", "weights", "profile+weights"])
def test_profile_and_weights_by_hand(capsys, mini_files, args, expected_ranks, expected_scores):
    code, out, _ = run(capsys, rank_args(mini_files, *args))
    assert code == 0
    frame = pd.read_csv(io.StringIO(out)).set_index("id")
    assert frame["rank"].to_dict() == expected_ranks
    assert frame["score"].to_dict() == pytest.approx(expected_scores)


def test_profile_is_recorded_in_about(capsys, mini_files):
    doc = json.loads(run(capsys, rank_args(mini_files, "--format", "json", "--profile", "thrifty"))[1])
    assert doc["about"]["profile"] == "thrifty"
    assert doc["weights"] == pytest.approx({"impact": 1 / 6, "cost": 4 / 6, "speed": 1 / 6})


# ---------------------------------------------------------------- every method and normalization

HAND = {
    # minmax on the data: impact 2..5, cost 1..4 (reversed), speed 2..4
    # a: .5*1 + 0 + 0; b: .5/3 + .25 + .25; c: .5*2/3 + .25/3 + .25*.5; d: 0 + .25*2/3 + 0
    ("weighted-sum", "minmax"): {"b": 1, "c": 2, "a": 3, "d": 4},
    ("weighted-sum", "scale"): HAND_RANKS,
    # vector: impact /sqrt(54), cost 1 - x/sqrt(30), speed /sqrt(33) -> a .4947, b .5825, c .5158, d .3818
    ("weighted-sum", "vector"): {"b": 1, "c": 2, "a": 3, "d": 4},
    # sum: impact /14, cost (1/x) / (1/4 + 1 + 1/3 + 1/2), speed /11 -> a .2540, b .3180, c .2510, d .1769
    ("weighted-sum", "sum"): {"b": 1, "a": 2, "c": 3, "d": 4},
    # max: impact /5, cost 1/x (min 1), speed /4 -> a .6875, b .8, c .6708, d .45
    ("weighted-sum", "max"): {"b": 1, "a": 2, "c": 3, "d": 4},
    # usual criterion, (#worse - #better) per criterion: impact (3, -1, 1, -3), cost (-3, 3, -1, 1),
    # speed (-2, 3, 1, -2); weighted /3: a .25/3, b 1/3, c .5/3, d -1.75/3
    ("promethee", None): {"b": 1, "c": 2, "a": 3, "d": 4},
    # S = (.5, .333, .458, .833), R = (.25, .333, .167, .5): Q = (.292, .25, .125, 1)
    ("vikor", None): {"c": 1, "b": 2, "a": 3, "d": 4},
}


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("norm", [None, *NORMALIZATIONS])
def test_every_method_and_normalization_runs(capsys, mini_files, method, norm):
    extra = ["--method", method, "--format", "json"] + (["--normalization", norm] if norm else [])
    code, out, err = run(capsys, rank_args(mini_files, *extra))
    assert code == 0
    # only the weighted product warns, and only when a normalized 0 erases a product (minmax's worst values)
    expect_warning = method == "weighted-product" and norm == "minmax"
    assert all(line.startswith("warning: weighted product: option ") for line in err.splitlines())
    assert bool(err) == expect_warning
    doc = json.loads(out)
    ranks = {o["id"]: o["rank"] for o in doc["options"]}
    assert sorted(ranks) == ["a", "b", "c", "d"]
    assert [o["rank"] for o in doc["options"]] == sorted(ranks.values())  # listed best first
    takes_norm = METHODS[method].default_normalization is not None
    expected_norm = (norm or METHODS[method].default_normalization) if takes_norm else None
    assert doc["normalization"] == doc["about"]["normalization"] == expected_norm
    key = (method, expected_norm)
    if key in HAND:
        assert ranks == HAND[key]


R54, R30, R33 = 54 ** 0.5, 30 ** 0.5, 33 ** 0.5
INV_COST = 1 / 4 + 1 + 1 / 3 + 1 / 2  # sum of 1/cost over a, b, c, d
WS_BY_HAND = {
    # weights 0.5, 0.25, 0.25 on impact (a 5, b 3, c 4, d 2), cost (4, 1, 3, 2), speed (2, 4, 3, 2)
    "vector": {o: 0.5 * i / R54 + 0.25 * (1 - c / R30) + 0.25 * sp / R33
               for o, i, c, sp in (("a", 5, 4, 2), ("b", 3, 1, 4), ("c", 4, 3, 3), ("d", 2, 2, 2))},
    "sum": {o: 0.5 * i / 14 + 0.25 * (1 / c) / INV_COST + 0.25 * sp / 11
            for o, i, c, sp in (("a", 5, 4, 2), ("b", 3, 1, 4), ("c", 4, 3, 3), ("d", 2, 2, 2))},
    "max": {"a": 0.5 + 0.25 / 4 + 0.25 / 2, "b": 0.3 + 0.25 + 0.25, "c": 0.4 + 0.25 / 3 + 0.25 * 0.75,
            "d": 0.2 + 0.125 + 0.125},
    # minmax: impact (x-2)/3, cost (4-x)/3, speed (x-2)/2
    "minmax": {"a": 0.5, "b": 0.5 / 3 + 0.25 + 0.25, "c": 1 / 3 + 0.25 / 3 + 0.125, "d": 0.25 * 2 / 3},
    "scale": HAND_SCORES,
}


@pytest.mark.parametrize("norm", list(WS_BY_HAND))
def test_weighted_sum_scores_by_hand_for_every_normalization(capsys, mini_files, norm):
    out = run(capsys, rank_args(mini_files, "--normalization", norm))[1]
    frame = pd.read_csv(io.StringIO(out)).set_index("id")
    assert frame["score"].to_dict() == pytest.approx(WS_BY_HAND[norm], abs=1e-12)
    assert frame[CRITERIA].sum(axis=1).to_numpy() == pytest.approx(frame["score"].to_numpy())
    assert frame["rank"].to_dict() == HAND[("weighted-sum", norm)]


def test_promethee_and_vikor_scores_by_hand(capsys, mini_files):
    prom = pd.read_csv(io.StringIO(run(capsys, rank_args(mini_files, "--method", "promethee"))[1])).set_index("id")
    assert prom["score"].to_dict() == pytest.approx({"a": 0.25 / 3, "b": 1 / 3, "c": 0.5 / 3, "d": -1.75 / 3})
    vik = pd.read_csv(io.StringIO(run(capsys, rank_args(mini_files, "--method", "vikor"))[1])).set_index("id")
    assert vik["score"].to_dict() == pytest.approx({"a": 7 / 24, "b": 0.25, "c": 0.125, "d": 1.0})


# ---------------------------------------------------------------- python -m scoring

def test_python_dash_m_scoring(mini_files):
    o, c = mini_files
    done = subprocess.run([sys.executable, "-m", "scoring", "rank", "--options", str(o), "--criteria", str(c)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "rank,id,title,score,impact,cost,speed,theme"
    assert _ranks(done.stdout) == HAND_RANKS
    bad = subprocess.run([sys.executable, "-m", "scoring", "rank", "--options", str(o), "--criteria", str(c),
                          "--method", "nope"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "unknown method 'nope'" in bad.stderr and "Traceback" not in bad.stderr
