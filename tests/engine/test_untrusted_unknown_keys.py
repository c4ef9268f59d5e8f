"""Issue 13 (review rev1 R1-3, R1-1): a config key the loader does not know is an error, not ignored; a
header of hundreds of thousands of columns is refused at once.

Before, `wieght: 3` in criteria.yaml (or `weight` with a zero-width space in it) was ignored, so the
criterion silently got the default weight 1 and `validate` said ok; so were `scale: {min: 1, mx: 5}` and a
top-level `profile:` (for `profiles:`). The duplicate-header check compared every column with every
other (50,000 columns took 99 s); now a Counter, and more than MAX_COLUMNS columns are refused.
"""
from __future__ import annotations


import pytest

from engine_support import cli
from scoring.loading import MAX_COLUMNS, parse_criteria

EXPECTED = "(expected: id, label, direction, scale, weight, description, rubric, preference)"


def problems_of(text: str) -> list[str]:
    _, problems = parse_criteria(text.encode(), "c.yaml")
    return [str(p) for p in problems]


def test_untrusted_misspelt_weight_key_is_refused_not_read_as_weight_1():
    text = ("criteria:\n  - {id: impact, label: I, direction: benefit, scale: {min: 1, max: 5}, wieght: 3}\n"
            "  - {id: cost, label: C, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")
    assert problems_of(text) == [
        f"c.yaml, line 2, column 'criteria[0].wieght': criterion 'impact': unknown key 'wieght'; did you mean "
        f"'weight'? {EXPECTED}"]


def test_untrusted_key_with_an_invisible_character_names_the_character_and_the_key_meant():
    text = ("criteria:\n  - id: impact\n    label: I\n    direction: benefit\n    weig\u200bht: 3\n"
            "  - {id: cost, label: C, direction: cost, weight: 1}\n")
    assert problems_of(text) == [
        "c.yaml, line 5, column 'criteria[0].weig\\u200bht': criterion 'impact': unknown key 'weig\\u200bht' (holds an "
        "invisible character U+200B (ZERO WIDTH SPACE) at character 5; an id must be visible text: remove it); did you "
        f"mean 'weight'? {EXPECTED}"]


def test_untrusted_unknown_keys_in_scale_profiles_and_at_the_top_are_refused():
    text = ("criteria:\n  - {id: impact, label: I, direction: benefit, scale: {min: 1, max: 5, mid: 3}}\n"
            "profile:\n  lean: {impact: 1}\n"
            "profiles:\n  thrifty: {description: d, wieghts: {impact: 2}, weights: {impact: 1}}\n")
    assert problems_of(text) == [
        "c.yaml, line 3, column 'profile': the file: unknown key 'profile'; did you mean 'profiles'? "
        "(expected: criteria, profiles)",
        "c.yaml, line 2, column 'criteria[0].scale.mid': criterion 'impact', scale: unknown key 'mid'; did you mean "
        "'min'? (expected: min, max)",
        "c.yaml, line 6, column 'profiles.thrifty.wieghts': profile 'thrifty': unknown key 'wieghts'; did you mean "
        "'weights'? (expected: description, weights)"]


def test_untrusted_unknown_key_exits_2_on_every_command_that_reads_the_criteria(tmp_path, capsys):
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    o.write_text("id,title,impact,cost\na,A,5,2\nb,B,3,1\n")
    c.write_text("criteria:\n  - {id: impact, label: I, direction: benefit, wieght: 3}\n"
                 "  - {id: cost, label: C, direction: cost, weight: 1}\n")
    for command in ("validate", "rank", "weights"):
        code, text = cli(capsys, [command, "--options", o, "--criteria", c])
        assert code == 2, command
        assert "unknown key 'wieght'; did you mean 'weight'?" in text and "Traceback" not in text


def test_untrusted_scenario_file_with_an_unknown_top_key_is_refused(tmp_path, capsys):
    o, c, s = tmp_path / "o.csv", tmp_path / "c.yaml", tmp_path / "s.yaml"
    o.write_text("id,title,impact,cost\na,A,5,2\nb,B,3,1\n")
    c.write_text("criteria:\n  - {id: impact, label: I, direction: benefit, weight: 3}\n"
                 "  - {id: cost, label: C, direction: cost, weight: 1}\n")
    s.write_text("scenario:\n  - {id: x, label: X, narrative: N, weights: {cost: 2}}\n"
                 "scenarios:\n  - {id: x, label: X, narrative: N, weights: {cost: 2}}\n")
    code, text = cli(capsys, ["validate", "--options", o, "--criteria", c, "--scenarios", s])
    assert code == 2
    assert "line 1, column 'scenario': the file: unknown key 'scenario'; did you mean 'scenarios'?" in text


def test_untrusted_header_with_too_many_columns_is_refused_before_the_table_is_built(tmp_path, capsys):
    n = 200_000
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    o.write_text("id,title,impact,cost," + ",".join(f"c{i}" for i in range(n)) + "\na,A,5,2" + "," * n + "\n")
    c.write_text("criteria:\n  - {id: impact, label: I, direction: benefit, weight: 3}\n"
                 "  - {id: cost, label: C, direction: cost, weight: 1}\n")
    code, text = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2
    assert (f"o.csv, line 1: the header has {n + 4:,} columns; expected id, title, one per criterion and a few "
            f"descriptive columns (at most {MAX_COLUMNS:,})") in text


def test_untrusted_duplicate_check_is_linear_in_the_number_of_columns(tmp_path, capsys):
    """Just under the bound, with two duplicated names: both named. (The check was O(columns^2).)"""
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    names = ["id", "title", "impact", "cost"] + [f"c{i}" for i in range(MAX_COLUMNS - 6)] + ["c1", "c2"]
    o.write_text(",".join(names) + "\na,A,5,2" + "," * (len(names) - 4) + "\n")
    c.write_text("criteria:\n  - {id: impact, label: I, direction: benefit, weight: 3}\n"
                 "  - {id: cost, label: C, direction: cost, weight: 1}\n")
    code, text = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2
    assert "column 'c1' appears more than once in the header" in text
    assert "column 'c2' appears more than once in the header" in text
