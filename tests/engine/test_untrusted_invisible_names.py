"""Issue 13: an invisible character in a name that refers to a criterion, profile, scenario or option is named.

Before, `thrifty: {"impact\\u200b": 1}` in criteria.yaml's profiles, a scenario's weights or adjustments, or
`--weights impact\\u2060=2` said "unknown criterion 'impact​' (known: impact, cost)": the reader sees
'impact' in both. Now the message names the character (code point, Unicode name), its position, and the
visible id it was probably meant to be; the same `invisible_problem` as for ids in the data files.
"""
from __future__ import annotations

import sys
import unicodedata

import pytest

from engine_support import cli
from scoring.loading import _header_name, invisible_problem, parse_criteria, unknown_id

CRITERIA = """criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}
  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""
OPTIONS = "id,title,impact,cost\na,A,5,2\nb,B,3,1\n"
CHARS = [("\u200b", "ZERO WIDTH SPACE"), ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"), ("\u00ad", "SOFT HYPHEN"),
         ("\u200e", "LEFT-TO-RIGHT MARK"), ("\u200f", "RIGHT-TO-LEFT MARK"), ("\u2060", "WORD JOINER")]


def problems_of(criteria: str) -> list[str]:
    _, problems = parse_criteria(criteria.encode(), "c.yaml")
    return [str(p) for p in problems]


@pytest.mark.parametrize("ch, name", CHARS)
def test_untrusted_invisible_character_in_a_profile_criterion_is_named_with_its_position(ch, name):
    text = CRITERIA + f'profiles:\n  thrifty: {{"imp{ch}act": 1, cost: 3}}\n'
    code = f"\\u{ord(ch):04x}"
    assert problems_of(text) == [
        f"c.yaml, line 5, column 'profiles.thrifty': profile 'thrifty': criterion 'imp{code}act' holds an invisible "
        f"character U+{ord(ch):04X} ({name}) at character 4; an id must be visible text: remove it "
        "('impact' is a known criterion)"]


def test_untrusted_invisible_character_in_a_profile_name_is_named_and_the_column_shows_it_escaped():
    text = CRITERIA + 'profiles:\n  "lean\\u00ad": {impact: 1}\n'
    assert problems_of(text) == [
        "c.yaml, line 5, column 'profiles.lean\\u00ad': profile name 'lean\\u00ad' holds an invisible character U+00AD "
        "(SOFT HYPHEN) at character 5; an id must be visible text: remove it"]


def test_untrusted_a_truly_unknown_criterion_still_lists_the_known_ones():
    assert problems_of(CRITERIA + "profiles:\n  p: {speed: 1}\n") == [
        "c.yaml, line 5, column 'profiles.p': profile 'p': unknown criterion 'speed' (known: impact, cost)"]


def test_untrusted_invisible_characters_in_scenario_ids_weights_and_adjustments_are_named(tmp_path, capsys):
    o, c, s = tmp_path / "o.csv", tmp_path / "c.yaml", tmp_path / "s.yaml"
    o.write_text(OPTIONS)
    c.write_text(CRITERIA)
    s.write_text('scenarios:\n  - id: "crisis\\u200b"\n    label: C\n    narrative: N\n    weights: {"cost\\ufeff": 2}\n'
                 '    adjustments:\n      - {option: "a\\u200e", criterion: "impact\\u00ad", delta: -1, reason: r, locator: l}\n')
    code, text = cli(capsys, ["validate", "--options", o, "--criteria", c, "--scenarios", s])
    assert code == 2
    assert text.splitlines()[:4] == [
        f"{s}, line 2, column 'scenarios[0].id': scenario id 'crisis\\u200b' holds an invisible character U+200B "
        "(ZERO WIDTH SPACE) at character 7; an id must be visible text: remove it",
        f"{s}, line 5, column 'scenarios[0].weights.cost\\ufeff': scenario 'crisis\\u200b': criterion 'cost\\ufeff' holds "
        "an invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) at character 5; an id must be visible text: remove it "
        "('cost' is a known criterion)",
        f"{s}, line 7, column 'scenarios[0].adjustments[0].option': scenario 'crisis\\u200b': option 'a\\u200e' holds an "
        "invisible character U+200E (LEFT-TO-RIGHT MARK) at character 2; an id must be visible text: remove it "
        "('a' is a known option)",
        f"{s}, line 7, column 'scenarios[0].adjustments[0].criterion': scenario 'crisis\\u200b': criterion 'impact\\u00ad' "
        "holds an invisible character U+00AD (SOFT HYPHEN) at character 7; an id must be visible text: remove it "
        "('impact' is a known criterion)"]
    assert "\u200b" not in text and "\ufeff" not in text  # every name in the message is readable as written


@pytest.mark.parametrize("flag, value, said", [
    ("--weights", "impact\u2060=2", "--weights, column 'impact\\u2060': criterion 'impact\\u2060' holds an invisible "
     "character U+2060 (WORD JOINER) at character 7; an id must be visible text: remove it ('impact' is a known criterion)"),
    ("--profile", "thrifty\u200b", "--profile: profile 'thrifty\\u200b' holds an invisible character U+200B (ZERO WIDTH "
     "SPACE) at character 8; an id must be visible text: remove it ('thrifty' is a known profile)"),
])
def test_untrusted_invisible_character_typed_in_a_flag_is_named(tmp_path, capsys, flag, value, said):
    o, c = tmp_path / "o.csv", tmp_path / "c.yaml"
    o.write_text(OPTIONS)
    c.write_text(CRITERIA + "profiles:\n  thrifty: {impact: 1, cost: 3}\n")
    code, text = cli(capsys, ["rank", "--options", o, "--criteria", c, flag, value])
    assert code == 2 and text == f"error: {said}\n"


def test_untrusted_scenario_flag_with_an_invisible_character_is_named():
    assert unknown_id("scenario", "crisis\u200b", ["crisis"]) == (
        "scenario 'crisis\\u200b' holds an invisible character U+200B (ZERO WIDTH SPACE) at character 7; an id must be "
        "visible text: remove it ('crisis' is a known scenario)")


def test_untrusted_csv_header_and_names_drop_and_name_exactly_the_same_invisible_characters():
    """One set (loading.visible / invisible_problem) for the header cells, which drop them, and every id or
    name, which names them: every format character (Cf) of all of Unicode, plus the fillers."""
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(cf) > 150
    for ch in [*cf, "\u3164", "\u2800", "a", "\u00e9"]:
        dropped = _header_name(f"impact{ch}") == "impact"
        named = invisible_problem(f"impact{ch}") is not None
        assert dropped == named, f"U+{ord(ch):04X}"
