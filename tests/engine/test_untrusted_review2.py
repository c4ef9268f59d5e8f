"""Findings U1-U6 of review2 (/work/contracts/findings-untrusted.md), each fixed as a kind.

Each test asserts the message (file, line, column or character, what was expected) and, through the
CLI, exit code 2 without a traceback.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import CRITERIA_MINI, OPTIONS_MINI
from engine_support import cli
from scoring.loading import CONTROL_CHARS, invisible_problem, parse_criteria, parse_evidence, parse_options
from scoring.numbers import number_hint, parse_number, parse_number_column
from scoring.weights import parse_weight_spec



def files(tmp_path: Path, options: bytes | str = OPTIONS_MINI, criteria: str = CRITERIA_MINI) -> tuple[Path, Path]:
    o, c = tmp_path / "options.csv", tmp_path / "criteria.yaml"
    o.write_bytes(options.encode() if isinstance(options, str) else options)
    c.write_text(criteria, encoding="utf-8")
    return o, c


def options_problems(data: bytes | str, criteria_text: str = CRITERIA_MINI) -> list[str]:
    cs, _ = parse_criteria(criteria_text.encode(), "c.yaml")
    frame, problems = parse_options(data.encode() if isinstance(data, str) else data, cs, "o.csv")
    assert frame is None, "expected the options to be refused"
    return [str(p) for p in problems]


def criteria_problems(text: str) -> list[str]:
    cs, problems = parse_criteria(text.encode(), "c.yaml")
    assert cs is None, "expected the criteria to be refused"
    return [str(p) for p in problems]


def evidence_csv(replace: tuple[str, str] | None = None) -> str:
    rows = ["option_id,criterion_id,rationale,locator"]
    rows += [f"{o},{c},because,p. 1" for o in "abcd" for c in ("impact", "cost", "speed")]
    text = "\n".join(rows) + "\n"
    return text.replace(*replace, 1) if replace else text


def mini_criteria():
    cs, problems = parse_criteria(CRITERIA_MINI.encode(), "c.yaml")
    assert not problems
    return cs


OTHER_DIGITS = ["\uff13", "\u0661", "\u0969", "\u07c1", "\U0001d7d1"]  # fullwidth 3, Arabic-Indic 1, Devanagari 3, NKo 1, math bold 3


# ---------------------------------------------------------------- U1 non-ASCII digits


def test_untrusted_number_parser_takes_no_digit_outside_0_to_9_of_all_unicode():
    digits = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd" and not "0" <= chr(c) <= "9"]
    assert len(digits) > 600  # every script's digits, not only the example
    assert all(parse_number(d) is None and parse_number(f"1{d}") is None for d in digits)
    values = parse_number_column(pd.Series(digits + ["3"]))
    assert np.isnan(values[:-1]).all() and values[-1] == 3.0
    assert all(f"U+{ord(d):04X}" in number_hint(d) for d in digits)


@pytest.mark.parametrize("digit", OTHER_DIGITS)
def test_untrusted_non_ascii_digit_in_a_csv_score_is_refused_naming_the_character(digit, tmp_path, capsys):
    data = OPTIONS_MINI.replace("b,Bravo,trade,3,", f"b,Bravo,trade,{digit},")
    name = unicodedata.name(digit)
    assert options_problems(data) == [
        f"o.csv, line 3, column 'impact': expected a number on the scale 1-5, got '{digit}'; '{digit}' is a digit "
        f"that is not 0-9 (U+{ord(digit):04X} {name}): type the number with the digits 0-9"]
    o, c = files(tmp_path, data)
    code, text = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and f"line 3, column 'impact'" in text and f"U+{ord(digit):04X}" in text


@pytest.mark.parametrize("digit", OTHER_DIGITS)
def test_untrusted_non_ascii_digit_in_weights_is_refused_like_the_csv(digit, mini_files, capsys):
    code, text = cli(capsys, ["rank", "--options", mini_files[0], "--criteria", mini_files[1], "--weights", f"impact={digit}"])
    assert code == 2
    assert (f"--weights, column 'impact': expected a number for 'impact', got '{digit}'; '{digit}' is a digit that "
            f"is not 0-9 (U+{ord(digit):04X} {unicodedata.name(digit)}): type the number with the digits 0-9") in text


def test_untrusted_non_ascii_digit_as_a_yaml_weight_names_the_character():
    assert criteria_problems(CRITERIA_MINI.replace("weight: 2", "weight: \uff13")) == [
        "c.yaml, line 6, column 'criteria[0].weight': criterion 'impact': expected a non-negative number as weight, "
        "got '\uff13'; '\uff13' is a digit that is not 0-9 (U+FF13 FULLWIDTH DIGIT THREE): type the number with the digits 0-9"]


# ---------------------------------------------------------------- U2 YAML hex and octal


@pytest.mark.parametrize("written, decimal", [("0x10", 16), ("0o10", 8), ("-0x1F", -31), ("+0o7", 7)])
def test_untrusted_yaml_hex_and_octal_numbers_are_refused_with_line_and_column(written, decimal, tmp_path, capsys):
    text = CRITERIA_MINI.replace("weight: 2", f"weight: {written}")
    assert criteria_problems(text) == [
        f"c.yaml, line 6: column 13: '{written}' is a hex or octal number; write the plain decimal ({decimal}), "
        "or quote it if it is text"]
    o, c = files(tmp_path, criteria=text)
    code, out = cli(capsys, ["weights", "--options", o, "--criteria", c])
    assert code == 2 and "line 6: column 13: " in out and "hex or octal" in out


def test_untrusted_yaml_hex_refused_anywhere_a_number_is_read_and_quoted_hex_stays_text():
    text = CRITERIA_MINI.replace("scale: {min: 1, max: 5}", "scale: {min: 0x1, max: 5}", 1)
    assert criteria_problems(text)[0].startswith("c.yaml, line 5: column 18: '0x1' is a hex or octal number")
    cs, problems = parse_criteria(CRITERIA_MINI.replace("label: Impact", 'label: "0x10"').encode(), "c.yaml")
    assert not problems and cs.criteria[0].label == "0x10"


def test_untrusted_hex_in_csv_and_weights_says_write_the_plain_decimal(mini_files):
    with pytest.raises(Exception) as exc:
        parse_weight_spec("impact=0x10", mini_criteria())
    assert str(exc.value) == ("--weights, column 'impact': expected a number for 'impact', got '0x10'; hex, octal and "
                              "binary forms are not numbers here: write the plain decimal")


# ---------------------------------------------------------------- U3 underflow


@pytest.mark.parametrize("written", ["1.5e-400", "1e-324", "-2E-999", "0.0001e-330"])
def test_untrusted_tiny_numbers_are_refused_not_read_as_zero(written, tmp_path, capsys):
    hint = "this non-zero number is too small to represent (it would become 0): write 0 or a larger value"
    assert parse_number(written) is None and np.isnan(parse_number_column(pd.Series([written]))[0])
    code, out = cli(capsys, ["rank", "--options", files(tmp_path)[0], "--criteria", tmp_path / "criteria.yaml",
                             "--weights", f"impact={written}"])
    assert code == 2 and f"--weights, column 'impact': expected a number for 'impact', got '{written}'; {hint}" in out
    csv_text = OPTIONS_MINI.replace("b,Bravo,trade,3,", f"b,Bravo,trade,{written},")
    assert options_problems(csv_text) == [
        f"o.csv, line 3, column 'impact': expected a number on the scale 1-5, got '{written}'; {hint}"]
    assert criteria_problems(CRITERIA_MINI.replace("weight: 2", f"weight: {written}")) == [
        f"c.yaml, line 6: column 13: expected a number, got '{written}'; {hint}"]


def test_untrusted_tiny_but_representable_and_written_zero_numbers_still_load():
    assert parse_number("1e-320") == 1e-320  # subnormal, not 0
    assert parse_number("0e-400") == 0.0 and parse_number("0.000e5") == 0.0 and parse_number("-0") == 0.0
    assert list(parse_number_column(pd.Series(["0e-999", "1e-320", "0.0"]))) == [0.0, 1e-320, 0.0]


# ---------------------------------------------------------------- U4 invisible characters in ids


def test_untrusted_every_unicode_format_character_is_refused_in_an_id():
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(cf) > 150
    for ch in cf:
        bad = invisible_problem(f"a{ch}")
        assert bad is not None and f"U+{ord(ch):04X}" in bad and "at character 2" in bad
    assert invisible_problem("a") is None and invisible_problem("café") is None and invisible_problem("中文") is None


@pytest.mark.parametrize("ch, name", [("\u200b", "ZERO WIDTH SPACE"), ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
                                      ("\u2060", "WORD JOINER"), ("\u200d", "ZERO WIDTH JOINER"),
                                      ("\u200e", "LEFT-TO-RIGHT MARK"), ("\u00ad", "SOFT HYPHEN"),
                                      ("\u3164", "HANGUL FILLER")])
def test_untrusted_invisible_character_in_an_option_id_is_refused_with_line_and_character(ch, name, tmp_path, capsys):
    data = OPTIONS_MINI.replace("\nb,Bravo", f"\nb{ch},Bravo")
    assert options_problems(data) == [
        f"o.csv, line 3, column 'id': the id {('b' + ch)!r} holds an invisible character U+{ord(ch):04X} ({name}) at "
        "character 2; an id must be visible text: remove it"]
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["rank", "--options", o, "--criteria", c])
    assert code == 2 and "line 3, column 'id'" in out and f"U+{ord(ch):04X}" in out


def test_untrusted_bom_in_mid_file_before_an_id_is_refused(tmp_path, capsys):
    data = OPTIONS_MINI.encode().replace(b"\nc,Charlie", b"\n\xef\xbb\xbfc,Charlie")
    assert options_problems(data) == [
        "o.csv, line 4, column 'id': the id '\\ufeffc' holds an invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) "
        "at character 1; an id must be visible text: remove it"]
    o, c = files(tmp_path, data)
    assert cli(capsys, ["validate", "--options", o, "--criteria", c])[0] == 2


def test_untrusted_invisible_character_in_evidence_ids_is_refused_with_line_and_column(tmp_path, capsys):
    cs = mini_criteria()
    options, _ = parse_options(OPTIONS_MINI.encode(), cs, "o.csv")
    ev, problems = parse_evidence(evidence_csv(("b,cost,", "b,cost\u200b,")).encode(), options, cs, "e.csv")
    assert ev is None and str(problems[0]) == (
        "e.csv, line 6, column 'criterion_id': the criterion_id 'cost\\u200b' holds an invisible character U+200B "
        "(ZERO WIDTH SPACE) at character 5; an id must be visible text: remove it")
    ev, problems = parse_evidence(evidence_csv(("\na,impact,", "\n\u2060a,impact,")).encode(), options, cs, "e.csv")
    assert ev is None and str(problems[0]).startswith("e.csv, line 2, column 'option_id': the option_id '\\u2060a' holds "
                                                      "an invisible character U+2060 (WORD JOINER) at character 1")
    o, c = files(tmp_path)
    e = tmp_path / "evidence.csv"
    e.write_text(evidence_csv(("b,cost,", "b,cost\u200b,")), encoding="utf-8")
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c, "--evidence", e])
    assert code == 2 and "line 6, column 'criterion_id'" in out and "U+200B" in out


def test_untrusted_invisible_character_in_a_criterion_id_is_refused_with_its_line():
    assert criteria_problems(CRITERIA_MINI.replace("id: cost", 'id: "cost\u200b"'))[0] == (
        "c.yaml, line 7, column 'criteria[1].id': criterion id 'cost\\u200b' holds an invisible character U+200B "
        "(ZERO WIDTH SPACE) at character 5; an id must be visible text: remove it")


def test_untrusted_ids_differing_only_in_unicode_composition_are_duplicates(tmp_path, capsys):
    data = OPTIONS_MINI.replace("\na,Alpha", "\ncaf\u00e9,Alpha").replace("\nb,Bravo", "\ncafe\u0301,Bravo")
    problems = options_problems(data)
    assert "o.csv, line 3, column 'id': duplicate id 'cafe\u0301' (first at line 2) (the same letters, composed " \
           "differently in Unicode)" in problems
    o, c = files(tmp_path, data)
    assert cli(capsys, ["validate", "--options", o, "--criteria", c])[0] == 2


# ---------------------------------------------------------------- U5 bidi controls in text

BIDI = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding", "\u202c": "pop directional formatting",
        "\u202d": "left-to-right override", "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
        "\u2067": "right-to-left isolate", "\u2068": "first strong isolate", "\u2069": "pop directional isolate"}


@pytest.mark.parametrize("ch", list(BIDI))
def test_untrusted_bidi_control_in_a_title_is_refused_with_line_and_column(ch, tmp_path, capsys):
    data = OPTIONS_MINI.replace("Bravo", f"Br{ch}avo")
    assert options_problems(data) == [
        f"o.csv, line 3, column 'title': the cell holds a bidirectional control, {BIDI[ch]} (U+{ord(ch):04X}), at "
        "character 3: it is invisible and changes how the text is displayed; remove it"]
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and "line 3, column 'title'" in out and f"U+{ord(ch):04X}" in out


def test_untrusted_bidi_control_in_yaml_text_is_refused_like_a_control_character():
    assert criteria_problems(CRITERIA_MINI.replace("label: Impact", "label: Imp\u202eact")) == [
        "c.yaml, line 3: column 12: the text holds a bidirectional control, right-to-left override (U+202E), at "
        "character 4: it is invisible and changes how the text is displayed; remove it"]


def test_untrusted_bidi_set_is_exactly_the_embeddings_overrides_and_isolates_and_rtl_text_loads():
    found = {chr(c) for c in range(0x2000, 0x2100) if CONTROL_CHARS.match(chr(c))}
    assert found == set(BIDI) | {"\u2028", "\u2029"}  # + line/paragraph separators (review rev1 R1-11)
    cs = mini_criteria()
    frame, problems = parse_options(OPTIONS_MINI.replace("Bravo", "\u05e9\u05dc\u05d5\u05dd\u200f (Bravo)").encode(), cs, "o.csv")
    assert not problems and frame["title"].iloc[1] == "\u05e9\u05dc\u05d5\u05dd\u200f (Bravo)"


# ---------------------------------------------------------------- U6 messages


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_untrusted_utf32_file_is_named_utf32_not_utf16(encoding, tmp_path, capsys):
    data = OPTIONS_MINI.encode(encoding)
    assert options_problems(data) == ["o.csv, line 1: this file is UTF-32 text; save it as 'CSV UTF-8 (comma delimited)'"]
    assert options_problems(OPTIONS_MINI.encode("utf-16"))[0].startswith("o.csv, line 1: this file is UTF-16 text")
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and "this file is UTF-32 text" in out


def test_untrusted_header_differing_only_in_case_says_names_are_case_sensitive(tmp_path, capsys):
    data = OPTIONS_MINI.replace("id,title,theme,impact", "ID,Title,theme,Impact", 1)
    assert options_problems(data) == [
        "o.csv, line 1, column 'id': missing the required column 'id' (found 'ID'; column names are case-sensitive: write 'id')",
        "o.csv, line 1, column 'title': missing the required column 'title' (found 'Title'; column names are case-sensitive: "
        "write 'title')",
        "o.csv, line 1, column 'impact': missing a score column for criterion 'impact' (found 'Impact'; column names are "
        "case-sensitive: write 'impact')"]
    cs = mini_criteria()
    options, _ = parse_options(OPTIONS_MINI.encode(), cs, "o.csv")
    ev, problems = parse_evidence(evidence_csv(("option_id,", "Option_ID,")).encode(), options, cs, "e.csv")
    assert ev is None and [str(p) for p in problems] == [
        "e.csv, line 1, column 'option_id': missing the required column 'option_id' (found 'Option_ID'; column names "
        "are case-sensitive: write 'option_id')"]
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and "column names are case-sensitive" in out


@pytest.mark.parametrize("sep, what", [("|", "pipes ('|')"), (";", "semicolons (';')"), ("\t", "tabs")])
def test_untrusted_pipe_separated_file_is_named_like_semicolons_and_tabs(sep, what, tmp_path, capsys):
    data = OPTIONS_MINI.replace(",", sep)
    problems = options_problems(data)
    assert len(problems) == 1 and problems[0].startswith(f"o.csv, line 1: the file is separated by {what}")
    assert problems[0].endswith("; expected commas: save it as 'CSV UTF-8 (comma delimited)'")
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and f"separated by {what}" in out


def test_untrusted_invisible_character_in_a_relation_cell_is_named_not_reported_as_an_unknown_look_alike(tmp_path, capsys):
    data = OPTIONS_MINI.replace("impact_high\n", "impact_high,excludes\n").replace("4,5\n", "4,5,b\u200b\n", 1)
    problems = options_problems(data)
    assert ("o.csv, line 2, column 'excludes': option 'a': excludes names 'b\\u200b', which holds an invisible character "
            "U+200B (ZERO WIDTH SPACE) at character 2; an id must be visible text: remove it") in problems
    o, c = files(tmp_path, data)
    code, out = cli(capsys, ["validate", "--options", o, "--criteria", c])
    assert code == 2 and "column 'excludes'" in out and "U+200B" in out


def test_untrusted_shared_link_weights_go_through_the_one_number_parser():
    from ui import state

    ids = ["impact", "cost", "speed", "feasibility"]
    back = state.decode({"w": "impact:\uff13,cost:1_0,speed:1e-400,feasibility:2.5"}, ids)
    assert back["weights"] == {"feasibility": 2.5}  # '３', '1_0' and an underflow to 0 are ignored like 'x'
    assert state.decode(state.encode({"impact": 5e-324, "cost": 1e12}, "wsm", None, None, "Ranking", {}), ids)["weights"] \
        == {"impact": 5e-324, "cost": 1e12}  # what the page writes, it reads back (up to state.MAX_ADDRESS_WEIGHT)
    widgets = state.decode_widgets({"vikor_v": "\uff10.5", "analysis_samples": "\u0661000", "analysis_seed": "7"}, ids)
    assert "vikor_v" not in widgets and "analysis_samples" not in widgets and widgets.get("analysis_seed") == 7
