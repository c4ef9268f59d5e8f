"""evidence.csv basis/quote, the range rule, option kinds and relations, per-kind rubrics, and
`scoring validate --sources` / scenario checks on a small hand-made data set."""
from __future__ import annotations

from pathlib import Path

import pytest

from scoring import load_dataset
from scoring.audit import check_scenarios, noop_adjustments
from scoring.cli import main
from scoring.loading import validate_files
from scoring.scenarios import load_scenarios

CRITERIA = """\
criteria:
  - id: impact
    label: Impact
    direction: benefit
    scale: {min: 1, max: 5}
    weight: 2
    rubric:
      1: "Marginal."
      5: {national: "Changes one country's policy.", bilateral: "Reshapes the alliance."}
  - id: cost
    label: Cost
    direction: cost
    scale: {min: 1, max: 5}
    weight: 1
"""
OPTIONS = """\
id,title,kind,source,chapter,excludes,combines_with,overlaps,impact,cost,cost_low,cost_high,impact_low,impact_high
a,Alpha,national,brief,Chapter One,b,,,5,2,1,3,,
b,Bravo,bilateral,brief,Chapter One,a,,,3,1,,,2,4
"""
EVIDENCE = """\
option_id,criterion_id,rationale,locator,basis,quote
a,impact,The author calls it decisive.,"Recommendations, 1",text,a decisive step for the alliance
a,cost,The text gives no cost; judged low.,"Recommendations, 1",silent,
b,impact,We read the call for talks as moderate.,"Recommendations, 2",inference,should hold regular talks
b,cost,The text is silent. No range: talks re-use existing channels.,"Recommendations, 2",silent,
"""
BRIEF = """\
Chapter One
Some background on the alliance.

Recommendations
1. Japan should take what the author calls a decisive step for the alliance.
2. Both sides should hold regular talks.
"""
SCENARIOS = """\
scenarios:
  - id: crisis
    label: Crisis
    narrative: A crisis.
    adjustments:
      - option: a
        criterion: impact
        delta: +1
        reason: Already at the top.
        locator: "Recommendations, 1"
      - option: b
        criterion: cost
        delta: +1
        reason: Talks cost more in a crisis.
        locator: "Recommendations, 1"
        quote: "a decisive step"
        source: brief
"""


def write(folder: Path, **files: str) -> dict[str, Path]:
    names = {"options": "options.csv", "criteria": "criteria.yaml", "evidence": "evidence.csv", "scenarios": "scenarios.yaml"}
    contents = {"options": OPTIONS, "criteria": CRITERIA, "evidence": EVIDENCE, "scenarios": SCENARIOS, **files}
    out = {}
    for key, text in contents.items():
        out[key] = folder / names[key]
        out[key].write_text(text)
    (folder / "briefs").mkdir(exist_ok=True)
    (folder / "briefs" / "brief.txt").write_text(BRIEF)
    return out


def problems_of(tmp_path: Path, **files: str) -> list[str]:
    p = write(tmp_path, **files)
    _, problems = validate_files(p["options"], p["criteria"], p["evidence"])
    return [str(x) for x in problems]


def test_the_small_data_set_loads_with_basis_quote_kind_and_relations(tmp_path):
    p = write(tmp_path)
    ds = load_dataset(p["options"], p["criteria"], p["evidence"])
    assert ds.evidence["basis"].tolist() == ["text", "silent", "inference", "silent"]
    assert ds.evidence["line"].tolist() == [2, 3, 4, 5]
    assert ds.basis_matrix().tolist() == [["text", "silent"], ["inference", "silent"]]
    assert ds.relation("a", "b") == "excludes" and ds.relation("b", "a") == "excludes"
    assert ds.criteria["impact"].anchor(5, "bilateral") == "Reshapes the alliance."
    assert ds.criteria["impact"].anchor(1, "bilateral") == "Marginal."


def test_an_old_evidence_file_without_basis_loads_with_basis_unknown(tmp_path):
    old = "\n".join(line.rsplit(",", 2)[0] for line in EVIDENCE.splitlines()) + "\n"
    p = write(tmp_path, evidence=old)
    ds = load_dataset(p["options"], p["criteria"], p["evidence"])
    assert set(ds.evidence["basis"]) == {"unknown"} and set(ds.evidence["quote"]) == {""}


@pytest.mark.parametrize("row, expected", [
    ("a,impact,Decisive.,\"Recommendations, 1\",textual,a decisive step",
     "evidence.csv, line 2, column 'basis': expected basis text, inference or silent for 'a' x 'impact', got 'textual'"),
    ("a,impact,Decisive.,\"Recommendations, 1\",,a decisive step",
     "evidence.csv, line 2, column 'basis': a quote for 'a' x 'impact' needs a basis (text, inference or silent)"),
    ("a,impact,Decisive.,\"Recommendations, 1\",text,",
     "evidence.csv, line 2, column 'quote': basis is text but there is no quote for 'a' x 'impact'"),
    ("a,impact,Decisive.,\"Recommendations, 1\",text," + " ".join(["word"] * 26),
     "evidence.csv, line 2, column 'quote': quote for 'a' x 'impact' has 26 words; at most 25"),
    ("a,impact,Silent here. No range: the text says nothing.,\"Recommendations, 1\",silent,a decisive step",
     "evidence.csv, line 2, column 'quote': basis is silent but a quote is given for 'a' x 'impact'"),
    ("a,impact,Judged high.,\"Recommendations, 1\",inference,",
     "evidence.csv, line 2, column 'rationale': inference score of 'a' x 'impact' has no range: give impact_low/impact_high"),
    ("a,impact,Judged high. No range: obvious.,\"Recommendations, 1\",silent,",
     "evidence.csv, line 2, column 'rationale': silent score of 'a' x 'impact' has no range"),
])
def test_bad_basis_quote_and_range_name_line_and_column(tmp_path, row, expected):
    lines = EVIDENCE.splitlines()
    lines[1] = row
    found = problems_of(tmp_path, evidence="\n".join(lines) + "\n")
    assert any(f.endswith(expected) or expected in f for f in found), found
    assert len(found) == 1, found


def test_a_row_not_yet_classified_loads_with_basis_unknown(tmp_path):
    p = write(tmp_path, evidence=EVIDENCE.replace(",inference,should hold regular talks", ",,"))
    ds = load_dataset(p["options"], p["criteria"], p["evidence"])
    assert ds.evidence["basis"].tolist() == ["text", "silent", "unknown", "silent"]


def test_a_silent_score_with_a_range_needs_no_reason(tmp_path):
    assert problems_of(tmp_path) == []  # a/cost is silent with cost_low 1 .. cost_high 3


@pytest.mark.parametrize("options, expected", [
    (OPTIONS.replace("a,Alpha,national,brief,Chapter One,b,", "a,Alpha,national,brief,Chapter One,,"),
     "options.csv, line 2, column 'excludes': relation not symmetric: 'b' lists 'a' in excludes but 'a' does not list 'b'"),
    (OPTIONS.replace("a,Alpha,national,brief,Chapter One,b,", "a,Alpha,national,brief,Chapter One,b;z,"),
     "options.csv, line 2, column 'excludes': option 'a': excludes names unknown option 'z'"),
    (OPTIONS.replace("a,Alpha,national,brief,Chapter One,b,", "a,Alpha,national,brief,Chapter One,a;b,"),
     "options.csv, line 2, column 'excludes': option 'a' lists itself in excludes"),
    (OPTIONS.replace(",b,,,5,2", ",b,b,,5,2").replace(",a,,,3,1", ",a,a,,3,1"),
     "options.csv, line 2, column 'combines_with': options 'a' and 'b' cannot both exclude and combine with each other"),
    (OPTIONS.replace("national", "regional"),
     "options.csv, line 2, column 'kind': option 'a': unknown kind 'regional' (expected one of: national, bilateral, minilateral, multilateral)"),
])
def test_bad_relations_and_kinds_name_line_and_column(tmp_path, options, expected):
    found = problems_of(tmp_path, options=options)
    assert any(f.endswith(expected) for f in found), found


def test_a_per_kind_rubric_must_cover_every_kind_the_options_use(tmp_path):
    found = problems_of(tmp_path, options=OPTIONS.replace("bilateral", "multilateral"))
    assert found == [f"{tmp_path / 'criteria.yaml'}, column 'impact.rubric.5': criterion 'impact': rubric point 5 has no "
                     "anchor for the option kind(s) multilateral used in the options"]
    found = problems_of(tmp_path, criteria=CRITERIA.replace("bilateral:", "regional:"))
    assert any("rubric point 5 names unknown kind(s) regional" in f for f in found), found


def test_validate_sources_passes_when_every_quote_is_near_its_locator(tmp_path, capsys):
    p = write(tmp_path)
    code = main(["validate", "--options", str(p["options"]), "--criteria", str(p["criteria"]),
                 "--evidence", str(p["evidence"]), "--sources", str(tmp_path / "briefs"),
                 "--scenarios", str(tmp_path / "none.yaml")])
    assert code == 2 and "scenarios file not found" in capsys.readouterr().err
    p["scenarios"].write_text(SCENARIOS.split("      - option: a")[0] + "      - option: b" + SCENARIOS.split("      - option: b")[1]
                              .replace("a decisive step", "Both sides should").replace("Recommendations, 1", "Recommendations, 2"))
    code = main(["validate", "--options", str(p["options"]), "--criteria", str(p["criteria"]),
                 "--evidence", str(p["evidence"]), "--sources", str(tmp_path / "briefs")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.strip() == "ok: 2 options, 2 criteria, 0 profiles, 4 reasons, 1 scenarios, 3 quotes checked against " + str(tmp_path / "briefs")


def test_validate_sources_reports_a_quote_not_in_the_text_and_one_whose_locator_names_no_heading(tmp_path, capsys):
    bad = EVIDENCE.replace("a decisive step for the alliance", "a bold step").replace(
        "\"Recommendations, 2\",inference", "\"Conclusions, 2\",inference")
    p = write(tmp_path, evidence=bad)
    code = main(["validate", "--options", str(p["options"]), "--criteria", str(p["criteria"]),
                 "--evidence", str(p["evidence"]), "--sources", str(tmp_path / "briefs"), "--scenarios", str(p["scenarios"])])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert f"{p['evidence']}, line 2, column 'quote': 'a': quote not found in brief.txt: 'a bold step'" in err
    assert (f"{p['evidence']}, line 4, column 'quote': 'b': locator names no heading found at the start of a line in "
            "brief.txt within the chapter (heading candidates: 'conclusions')") in err
    assert err[-1] == "3 problems found"  # and the no-op scenario adjustment


def test_validate_sources_reports_a_missing_source_file(tmp_path, capsys):
    p = write(tmp_path, options=OPTIONS.replace(",brief,", ",other-brief,"))
    code = main(["validate", "--options", str(p["options"]), "--criteria", str(p["criteria"]),
                 "--evidence", str(p["evidence"]), "--sources", str(tmp_path / "briefs")])
    err = capsys.readouterr().err
    assert code == 2 and f"source 'other-brief' of option 'a' not found in {tmp_path / 'briefs'}" in err
    assert "Traceback" not in err


def test_a_no_op_adjustment_and_a_quote_of_another_criterion_are_flagged(tmp_path):
    p = write(tmp_path)
    ds = load_dataset(p["options"], p["criteria"], p["evidence"])
    sc = load_scenarios(ds, p["scenarios"])
    assert noop_adjustments(ds, sc.scenarios[0]) == [0]  # a's impact is already 5
    found = [str(x) for x in check_scenarios(ds, sc)]
    assert found == [
        f"{p['scenarios']}, line 6, column 'scenarios[0].adjustments[0]': scenario 'crisis': adjustment of impact by +1 "
        "on option a changes no score (already at the scale's bound, or no option targeted)",
        f"{p['scenarios']}, line 11, column 'scenarios[0].adjustments[1].quote': scenario 'crisis': the quote of this cost "
        "adjustment is evidence for impact in the evidence file, not for cost",
    ]


def test_an_adjustment_that_only_adds_up_to_the_bound_is_not_a_no_op(tmp_path):
    two = SCENARIOS.replace("option: a\n        criterion: impact\n        delta: +1",
                            "option: b\n        criterion: impact\n        delta: +1")
    two = two.replace("quote: \"a decisive step\"\n        source: brief\n", "")
    p = write(tmp_path, scenarios=two)
    ds = load_dataset(p["options"], p["criteria"], p["evidence"])
    assert noop_adjustments(ds, load_scenarios(ds, p["scenarios"]).scenarios[0]) == []


def test_validate_sources_names_a_missing_folder_and_an_options_file_without_source(tmp_path, capsys):
    p = write(tmp_path)
    base = ["validate", "--options", str(p["options"]), "--criteria", str(p["criteria"]), "--evidence", str(p["evidence"])]
    assert main([*base, "--sources", str(tmp_path / "nowhere")]) == 2
    assert f"{tmp_path / 'nowhere'}: --sources: expected a folder holding the source texts" in capsys.readouterr().err
    no_source = OPTIONS.replace("kind,source,", "kind,where,")
    p = write(tmp_path, options=no_source)
    assert main([*base, "--sources", str(tmp_path / "briefs")]) == 2
    err = capsys.readouterr().err
    assert "has no 'source' column naming each option's source file" in err and "Traceback" not in err
