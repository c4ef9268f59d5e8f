"""Issue 13 (review rev1 R1-11 leftovers): a header, id or key written with look-alike characters (a Cyrillic 'і',
fullwidth 'ｉｍｐａｃｔ') or in other letter case ('Impact', 'Impact_low') is named, with the character's code point
and Unicode name and the line and column, instead of a 'missing column' the user cannot see or a column kept silently."""
from __future__ import annotations

import pytest

from scoring.errors import ScoringError
from scoring.loading import parse_criteria, parse_evidence, parse_options, skeleton, unknown_key_problems

CRITERIA = (b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}\n"
            b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")
CYR_I = "U+0456 (CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I) at character 1"


def _criteria(data: bytes = CRITERIA):
    cs, problems = parse_criteria(data, "criteria.yaml")
    assert not problems, problems
    return cs


def _options_problems(text: str) -> list[str]:
    frame, problems = parse_options(text.encode(), _criteria(), "o.csv")
    return [str(p) for p in problems]


def test_untrusted_cyrillic_lookalike_in_a_score_header_is_named_not_just_missing():
    assert _options_problems("id,title,іmpact,cost\na,A,5,2\n") == [
        "o.csv, line 1, column 'impact': missing a score column for criterion 'impact' (found 'іmpact', which looks "
        f"like it but is other text: 'іmpact' holds {CYR_I}; write 'impact' in plain letters)"]


def test_untrusted_fullwidth_score_header_is_named_with_its_code_points():
    assert _options_problems("id,title,ｉｍｐａｃｔ,cost\na,A,5,2\n") == [
        "o.csv, line 1, column 'impact': missing a score column for criterion 'impact' (found 'ｉｍｐａｃｔ', which looks "
        "like it but is other text: 'ｉｍｐａｃｔ' holds U+FF49 (FULLWIDTH LATIN SMALL LETTER I) at character 1, U+FF4D "
        "(FULLWIDTH LATIN SMALL LETTER M) at character 2, U+FF50 (FULLWIDTH LATIN SMALL LETTER P) at character 3 and 3 "
        "more; write 'impact' in plain letters)"]


def test_untrusted_case_variant_score_column_beside_the_criterion_is_refused_not_kept_silently():
    assert _options_problems("id,title,impact,Impact,cost\na,A,5,3,2\n") == [
        "o.csv, line 1, column 'Impact': column 'Impact' looks like 'impact', the scores of criterion 'impact' (ids are "
        "case-sensitive), and would not be read as it; write 'impact', or give the column a name of its own"]


def test_untrusted_case_variant_range_column_is_refused_not_an_ignored_range():
    assert _options_problems("id,title,impact,Impact_low,cost\na,A,5,3,2\n") == [
        "o.csv, line 1, column 'Impact_low': column 'Impact_low' looks like 'impact_low', the low end of the range of "
        "criterion 'impact' (ids are case-sensitive), and would not be read as it; write 'impact_low', or give the "
        "column a name of its own"]
    assert _options_problems("id,title,impact,іmpact_high,cost\na,A,5,5,2\n") == [
        "o.csv, line 1, column 'іmpact_high': column 'іmpact_high' looks like 'impact_high', the high end of the range "
        f"of criterion 'impact' (it is other text: 'іmpact_high' holds {CYR_I}), and would not be read as it; write "
        "'impact_high' in plain letters, or give the column a name of its own"]


def test_untrusted_case_variant_of_a_missing_score_column_is_said_once():
    assert _options_problems("id,title,Impact,cost\na,A,5,2\n") == [
        "o.csv, line 1, column 'impact': missing a score column for criterion 'impact' (found 'Impact'; column names "
        "are case-sensitive: write 'impact')"]


def test_untrusted_option_ids_that_look_the_same_in_two_scripts_are_refused():
    assert _options_problems("id,title,impact,cost\nа,A,5,2\na,B,3,1\n") == [
        "o.csv, line 3, column 'id': id 'a' looks like the id 'а' (line 2) but is other text ('а' holds U+0430 "
        "(CYRILLIC SMALL LETTER A) at character 1): two options would show the same name; type the ids in plain letters"]
    assert _options_problems("id,title,impact,cost\na,A,5,2\nA,B,3,1\nкафе,C,1,1\ncafé,D,2,2\n") == []  # visibly different


def test_untrusted_lookalike_ids_and_headers_in_evidence_are_named():
    crit = _criteria()
    options, problems = parse_options(b"id,title,impact,cost\na,A,5,2\n", crit, "o.csv")
    assert not problems
    head = "option_id,criterion_id,rationale,locator\n"
    _, problems = parse_evidence((head + "а,impact,r,l\na,cost,r,l\na,impact,r,l\n").encode(), options, crit, "e.csv")
    assert [str(p) for p in problems] == [
        "e.csv, line 2, column 'option_id': orphan reason: option 'а' is not in the options file (it looks like the "
        "option 'a' but is other text: 'а' holds U+0430 (CYRILLIC SMALL LETTER A) at character 1)"]
    _, problems = parse_evidence((head + "a,іmpact,r,l\na,cost,r,l\n").encode(), options, crit, "e.csv")
    assert str(problems[0]) == (
        "e.csv, line 2, column 'criterion_id': orphan reason: criterion 'іmpact' is not in the criteria file (it looks "
        f"like the criterion 'impact' but is other text: 'іmpact' holds {CYR_I})")
    _, problems = parse_evidence(b"option_id,criterion_id,rationale,locator,Basis\na,impact,r,l,text\n", options, crit,
                                 "e.csv")
    assert [str(p) for p in problems] == [
        "e.csv, line 1, column 'Basis': column 'Basis' looks like 'basis', the basis of the score (text, inference, "
        "silent) (ids are case-sensitive), and would not be read as it; write 'basis', or give the column a name of its own"]


def test_untrusted_lookalike_key_in_criteria_yaml_is_named_with_its_code_point():
    data = CRITERIA.replace(b"weight: 1}", "wеight: 1}".encode())
    _, problems = parse_criteria(data, "criteria.yaml")
    assert [str(p) for p in problems] == [
        "criteria.yaml, line 3, column 'criteria[1].wеight': criterion 'cost': unknown key 'wеight' (it looks like "
        "'weight' but is other text: 'wеight' holds U+0435 (CYRILLIC SMALL LETTER IE) at character 2); did you mean "
        "'weight'? (expected: id, label, direction, scale, weight, description, rubric, preference)"]


@pytest.mark.parametrize("given, said", [
    ("іmpact", f"unknown criterion 'іmpact': it looks like the criterion 'impact' but is other text ('іmpact' holds "
               f"{CYR_I}); type it in plain letters"),
    ("Impact", "unknown criterion 'Impact': it looks like the criterion 'impact' (ids are case-sensitive)"),
    ("impact\u200b", "criterion 'impact\\u200b' holds an invisible character U+200B (ZERO WIDTH SPACE) at character 7; "
                     "an id must be visible text: remove it ('impact' is a known criterion)"),
])
def test_untrusted_lookalike_weights_flag_and_workshop_weights_name_the_character(capsys, given, said):
    from scoring.cli import main
    from scoring.store import _check_weights

    code = main(["weights", "--weights", f"{given}=3,cost=1"])
    out = "".join(capsys.readouterr())
    assert code == 2 and out.startswith(f"error: --weights, column '{given.replace(chr(0x200B), chr(92) + 'u200b')}': {said}")
    with pytest.raises(ScoringError) as info:
        _check_weights({given: 1.0, "cost": 1.0}, ["impact", "cost"])
    assert str(info.value.problems[0]).endswith(f": {said}")


def test_untrusted_skeleton_maps_lookalikes_and_leaves_ascii_alone():
    assert skeleton("іmpact") == skeleton("ｉｍｐａｃｔ") == skeleton("impact") == "impact"
    assert skeleton("Impact") == "Impact" and skeleton("cost") == "cost"
    assert skeleton("цена") != "cost"  # other words in another script are not look-alikes
    assert unknown_key_problems({"weight": 1}, None, ("weight",), "f", "", 1, "x") == []


def test_untrusted_lookalike_name_in_a_relation_cell_is_named():
    problems = _options_problems("id,title,impact,cost,excludes\na,A,5,2,bі\nbi,B,3,1,a\n")
    assert problems[0] == (
        "o.csv, line 2, column 'excludes': option 'a': excludes names unknown option 'bі' (it looks like the option 'bi' "
        "but is other text: 'bі' holds U+0456 (CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I) at character 2)")
