"""Issue 13, untrusted input: every example of the issue as a named test (`python -m pytest -k untrusted`).

Each test asserts the message a person sees (file, line, what to do) and, where the issue's example
was silently wrong, the number or order that is now right. Nothing here is timed: the alias bomb's
cost is asserted as memory (tracemalloc) and reported, not as seconds.
"""
from __future__ import annotations

import codecs
import json
import os
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from conftest import CRITERIA_MINI, OPTIONS_MINI
from scoring import ScoringError, load_dataset
from scoring.cli import main
from scoring.export import Report, to_xlsx, write_files
from scoring.loading import MAX_YAML_DEPTH, parse_criteria, parse_options, read_yaml
from scoring.numbers import parse_number
from scoring.ranking import rank
from scoring.weights import normalize_weights, parse_weight_spec

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
criteria: *i
"""


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def criteria_problems(text: str) -> list[str]:
    cs, problems = parse_criteria(text.encode(), "c.yaml")
    assert cs is None, "expected the criteria to be refused"
    return [str(p) for p in problems]


def options_problems(data: bytes | str, criteria_text: str = CRITERIA_MINI) -> list[str]:
    cs, _ = parse_criteria(criteria_text.encode(), "c.yaml")
    frame, problems = parse_options(data.encode() if isinstance(data, str) else data, cs, "o.csv")
    assert frame is None, "expected the options to be refused"
    return [str(p) for p in problems]


def criteria_with(field: str, value: str) -> str:
    """CRITERIA_MINI with the first criterion's `field` set to the raw YAML `value`."""
    old = {"weight": "weight: 2", "id": "id: impact"}[field]
    assert old in CRITERIA_MINI
    return CRITERIA_MINI.replace(old, f"{field}: {value}", 1)


# ---------------------------------------------------------------- YAML: denial of service

def test_untrusted_yaml_alias_bomb_is_refused_before_anything_is_built():
    tracemalloc.start()
    doc, node, problems = read_yaml(BILLION_LAUGHS.encode(), "criteria.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc is None and node is None
    assert [str(p) for p in problems] == [
        "criteria.yaml, line 1: column 4: anchors and aliases (&a / *a) are not allowed in config files; "
        "write the value out where it is needed"]
    assert peak < 2 * 2**20, f"refusing the bomb took {peak / 2**20:.1f} MiB"  # expanded: 9**9 strings, gigabytes


def test_untrusted_yaml_alias_bomb_through_the_cli_exits_2(tmp_path, capsys):
    o, c = tmp_path / "options.csv", tmp_path / "criteria.yaml"
    o.write_text(OPTIONS_MINI)
    c.write_text(BILLION_LAUGHS)
    code, out, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and "line 1: column 4: anchors and aliases" in err


def test_untrusted_yaml_a_lone_anchor_is_refused_too():
    assert "anchors and aliases (&x / *x)" in criteria_problems(CRITERIA_MINI.replace("  - id: cost", "  - &x\n    id: cost"))[0]


def test_untrusted_yaml_deep_nesting_is_refused_with_its_line_not_a_recursion_error():
    deep_flow = "criteria: " + "[" * 5000 + "]" * 5000 + "\n"
    assert criteria_problems(deep_flow) == [
        f"c.yaml, line 1: column {11 + MAX_YAML_DEPTH - 1}: nested more than {MAX_YAML_DEPTH} levels deep; config files need a few"]
    deep_block = "criteria:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60))
    assert f"line {MAX_YAML_DEPTH + 1}:" in criteria_problems(deep_block)[0]


def test_untrusted_yaml_a_5000_digit_number_is_refused_with_a_message():
    assert criteria_problems(criteria_with("weight", "9" * 5000)) == [
        "c.yaml, line 6: column 13: a number of 5000 characters is too long (at most 100); was a value pasted twice?"]


# ---------------------------------------------------------------- YAML 1.2: silently wrong before

def test_untrusted_yaml_010_is_ten_not_octal_eight():
    cs, problems = parse_criteria(criteria_with("weight", "010").encode())
    assert problems == [] and cs is not None
    assert cs.criteria[0].weight == 10.0


def test_untrusted_yaml_1_30_is_text_not_sexagesimal_ninety():
    assert criteria_problems(criteria_with("weight", "1:30")) == [
        "c.yaml, line 6, column 'criteria[0].weight': criterion 'impact': expected a non-negative number as weight, got '1:30'"]


def test_untrusted_yaml_exponents_are_numbers():
    for text, value in (("1e3", 1000.0), ("1e6", 1e6), ("2.5E-1", 0.25)):
        cs, problems = parse_criteria(criteria_with("weight", text).encode())
        assert problems == [] and cs.criteria[0].weight == value


def test_untrusted_yaml_digit_separators_are_refused_like_the_csv():
    assert "got '1_0'" in criteria_problems(criteria_with("weight", "1_0"))[0]
    assert "got '1_0'" in options_problems(OPTIONS_MINI.replace("a,Alpha,security,5,", "a,Alpha,security,1_0,"))[0]
    assert parse_number("1_0") is None and parse_number(" 1e3 ") == 1000.0


def test_untrusted_yaml_duplicate_keys_name_both_lines():
    text = CRITERIA_MINI + "criteria:\n  - id: other\n"
    assert criteria_problems(text) == [
        "c.yaml, line 22: column 1: duplicate key 'criteria' (first at line 1); a key may appear only once in a mapping"]
    inner = CRITERIA_MINI.replace("    weight: 2\n", "    weight: 2\n    weight: 3\n", 1)
    assert "line 7: column 5: duplicate key 'weight' (first at line 6)" in criteria_problems(inner)[0]


def test_untrusted_yaml_yes_and_true_stay_text_where_an_id_is_expected():
    text = CRITERIA_MINI.replace("id: impact", "id: yes").replace("{impact:", "{yes:").replace("    weights: {yes:", "    weights: {yes:")
    cs, problems = parse_criteria(text.encode())
    assert problems == [] and cs.ids[0] == "yes"
    cs, problems = parse_criteria(criteria_with("id", "true").encode().replace(b"{impact: 1, cost: 1", b"{'true': 1, cost: 1").replace(b"{impact: 1, cost: 4", b"{'true': 1, cost: 4"))
    assert problems == [] and cs.ids[0] == "true"  # was 'True' (a boolean turned into text)
    cs, problems = parse_criteria(criteria_with("id", "010").encode().replace(b"impact: 1,", b"'010': 1,"))
    assert problems == [] and cs.ids[0] == "010"


def test_untrusted_yaml_python_and_custom_tags_are_refused():
    text = CRITERIA_MINI.replace("label: Impact", "label: !!python/object/apply:os.system [ls]")
    assert "tag tag:yaml.org,2002:python/object/apply:os.system is not allowed" in criteria_problems(text)[0]


def test_untrusted_yaml_control_characters_in_text_are_refused_with_the_line():
    text = CRITERIA_MINI.replace("label: Impact", 'label: "Imp\\vact"')
    assert criteria_problems(text) == [
        "c.yaml, line 3: column 12: the text holds a vertical tab (U+000B) at character 4, often pasted from slides "
        "or PDFs; replace it with a space or remove it"]


def test_untrusted_yaml_rules_apply_to_scenarios_too(mini_dataset):
    from scoring.scenarios import parse_scenarios

    text = "scenarios:\n  - &s {id: x, label: X, narrative: N}\n  - *s\n"
    sset, problems = parse_scenarios(text.encode(), mini_dataset, "s.yaml")
    assert sset is None and "line 2: column 5: anchors and aliases" in str(problems[0])


# ---------------------------------------------------------------- CSV: silently wrong before

def test_untrusted_csv_stray_quote_swallowing_rows_names_the_line_it_opened():
    text = OPTIONS_MINI.replace("b,Bravo,trade,", 'b,"Bravo,trade,').replace("d,Delta", 'd",Delta')
    assert options_problems(text) == [
        "o.csv, line 3, column 'title': a quote (\") opened on line 3 runs over 2 line ends and swallows 1 line(s) "
        "that look like rows; close the quote, or write a quote inside a cell as two quotes (\"\")"]


def test_untrusted_csv_quote_never_closed_names_the_line_it_opened():
    text = OPTIONS_MINI.replace("c,Charlie,health", 'c,Charlie,"health')
    problems = options_problems(text)
    assert "line 4" in problems[0] and "a quote (\") opened on" in problems[0]
    lone = "id,title,theme,impact,cost,speed\na,Alpha,x,1,1,1\nb,Bravo,\"never closed,1,1,1\n"
    assert options_problems(lone) == [
        "o.csv, line 3: a quote (\") opened on this line is never closed: every line after it is read as part of one "
        "cell; close the quote"]


def test_untrusted_csv_quoted_line_breaks_in_text_still_load():
    text = OPTIONS_MINI.replace("a,Alpha,security", 'a,"Alpha\nsecond line",security')
    cs, _ = parse_criteria(CRITERIA_MINI.encode())
    frame, problems = parse_options(text.encode(), cs)
    assert problems == [] and frame["title"].iloc[0] == "Alpha\nsecond line" and frame.attrs["lines"] == [2, 4, 5, 6]


# ---------------------------------------------------------------- CSV: messages a person can act on

def test_untrusted_csv_windows_1252_names_line_and_says_save_as_csv_utf8():
    data = OPTIONS_MINI.replace("Charlie", "Charlié").encode("cp1252")
    assert options_problems(data) == [
        "o.csv, line 4: byte 0xE9 at character 9 is not UTF-8 (in Windows-1252 it is 'é'): the file was saved in a "
        "legacy encoding; save it as 'CSV UTF-8 (comma delimited)'"]


def test_untrusted_csv_utf16_says_save_as_csv_utf8():
    for data in (OPTIONS_MINI.encode("utf-16"), OPTIONS_MINI.encode("utf-16-le")):
        assert options_problems(data) == [
            "o.csv, line 1: this file is UTF-16 text (as 'Unicode text' exports are); save it as 'CSV UTF-8 (comma delimited)'"]


def test_untrusted_csv_renamed_excel_workbook_is_named_as_such(mini_dataset):
    from scoring.export import ranking_report

    xlsx = to_xlsx(ranking_report(rank(mini_dataset), mini_dataset))
    assert options_problems(xlsx) == [
        "o.csv, line 1: this is an Excel workbook (or another binary file), not CSV text; open it in your spreadsheet "
        "and save it as 'CSV UTF-8 (comma delimited)'"]


def test_untrusted_csv_semicolon_separated_file_is_detected():
    text = OPTIONS_MINI.replace(",", ";")
    assert options_problems(text) == [
        "o.csv, line 1: the file is separated by semicolons (';'), as spreadsheets set to a European locale save CSV; "
        "expected commas: save it as 'CSV UTF-8 (comma delimited)'"]


def test_untrusted_csv_trailing_empty_header_columns_are_ignored():
    text = "\n".join(line + ",," for line in OPTIONS_MINI.splitlines()) + "\n"
    cs, _ = parse_criteria(CRITERIA_MINI.encode())
    frame, problems = parse_options(text.encode(), cs)
    assert problems == [] and list(frame["id"]) == ["a", "b", "c", "d"] and "" not in frame.columns


def test_untrusted_csv_a_nameless_column_in_the_middle_is_named_by_position():
    text = OPTIONS_MINI.replace("id,title,theme,", "id,title,,", 1)
    assert "o.csv, line 1: the header's column 3 has no name" in options_problems(text)


def test_untrusted_csv_zero_width_space_in_a_header_is_ignored():
    text = OPTIONS_MINI.replace(",impact,", ",impact\u200b,", 1).replace("id,", "\ufeff\u200bid,", 1)
    cs, _ = parse_criteria(CRITERIA_MINI.encode())
    frame, problems = parse_options(text.encode(), cs)
    assert problems == [] and frame["impact"].tolist() == [5.0, 3.0, 4.0, 2.0]


def test_untrusted_csv_a_file_holding_only_a_bom_is_empty(tmp_path, capsys):
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n", codecs.BOM_UTF16_LE):
        assert options_problems(bom)[0].startswith("o.csv, line 1: options file is empty; expected a header row")
    o, c = tmp_path / "options.csv", tmp_path / "criteria.yaml"
    o.write_bytes(codecs.BOM_UTF8)
    c.write_text(CRITERIA_MINI)
    code, _, err = run(capsys, ["validate", "--options", str(o), "--criteria", str(c)])
    assert code == 2 and "options file is empty" in err


@pytest.mark.parametrize("char,name", [("\v", "vertical tab"), ("\x00", "NUL"), ("\x0c", "form feed")])
def test_untrusted_csv_control_characters_in_text_cells_are_refused_at_load(char, name):
    text = OPTIONS_MINI.replace("c,Charlie,health", f"c,Char{char}lie,health")
    assert options_problems(text) == [
        f"o.csv, line 4, column 'title': the cell holds a {name} (U+{ord(char):04X}) at character 5, often pasted "
        "from slides or PDFs; replace it with a space or remove it"]


def test_untrusted_xlsx_export_survives_control_characters_from_elsewhere(mini_dataset):
    from openpyxl import load_workbook
    import io

    from scoring.export import ranking_report

    table = rank(mini_dataset).table.copy()
    table.loc[0, "title"] = "Al\vpha\x00"  # data that did not come through the loader (e.g. a workshop)
    report = Report("ranking", {"ranking": table}, about={"note": "x\x01y"})
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert book["ranking"]["C2"].value == "Al pha " and book["about"]["B2"].value == "x y"


def test_untrusted_weighted_product_on_a_scale_from_zero_names_the_criterion(mini_files):
    o, c = mini_files
    c.write_text(CRITERIA_MINI.replace("scale: {min: 1, max: 5}\n    weight: 1\n  - id: speed",
                                       "scale: {min: 0, max: 5}\n    weight: 1\n  - id: speed"))
    with pytest.raises(ScoringError) as info:
        rank(load_dataset(o, c), method="weighted-product")
    assert str(info.value) == (f"{c}, column 'cost': criterion 'cost' has the scale 0-5; the weighted product on "
                               "'scale' needs a scale above zero (use --normalization minmax, or a scale starting at 1)")


def test_untrusted_sum_normalization_with_a_negative_score_names_criterion_and_option(mini_files):
    o, c = mini_files
    c.write_text(CRITERIA_MINI.replace("scale: {min: 1, max: 5}\n    weight: 1\n  - id: speed",
                                       "scale: {min: -5, max: 5}\n    weight: 1\n  - id: speed", 1)
                 .replace("direction: cost", "direction: benefit"))
    o.write_text(OPTIONS_MINI.replace("d,Delta,trade,2,2,2", "d,Delta,trade,2,-3,2"))
    with pytest.raises(ScoringError) as info:
        rank(load_dataset(o, c), normalization="sum")
    assert str(info.value) == (f"{o}, column 'cost': option 'd' scores -3 on 'cost'; sum normalization needs "
                               "non-negative scores (use --normalization scale or minmax)")


# ---------------------------------------------------------------- --weights: one number parser

def test_untrusted_weights_repeated_criterion_is_an_error():
    cs, _ = parse_criteria(CRITERIA_MINI.encode())
    with pytest.raises(ScoringError) as info:
        parse_weight_spec("impact=3,impact=0", cs)
    assert str(info.value) == "--weights, column 'impact': 'impact' is given twice (3 and 0); give each criterion once"


@pytest.mark.parametrize("spec", ["", ",,,", " , "])
def test_untrusted_weights_empty_spec_is_an_error_not_the_defaults(mini_files, capsys, spec):
    o, c = mini_files
    code, out, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--weights", spec])
    assert code == 2 and out == ""
    assert f"--weights: expected id=value pairs separated by commas, got '{spec}'" in err


def test_untrusted_weights_digit_separator_is_refused_like_the_csv(mini_files, capsys):
    o, c = mini_files
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--weights", "impact=1_0"])
    assert code == 2 and "expected a number for 'impact', got '1_0'" in err
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--weights", "impact="])
    assert code == 2 and "expected a number for 'impact', got ''" in err


def test_untrusted_weights_near_float_max_normalize_without_overflow(mini_files, mini_dataset, capsys):
    assert normalize_weights([1e308, 1e308]).tolist() == [0.5, 0.5]
    assert normalize_weights([1e308, 1e308, 0]).tolist() == [0.5, 0.5, 0.0]
    r = rank(mini_dataset, np.array([1e308, 1e308, 1e308]))
    equal = rank(mini_dataset, np.array([1.0, 1.0, 1.0]))
    assert r.table["id"].tolist() == equal.table["id"].tolist() == ["b", "c", "a", "d"]  # was all tied at 0
    assert r.table["score"].tolist() == pytest.approx([0.75, 7 / 12, 0.5, 5 / 12])
    o, c = mini_files
    code, out, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--weights",
                                  "impact=1e308,cost=1e308,speed=1e308", "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["weights"] == pytest.approx({"impact": 1 / 3, "cost": 1 / 3, "speed": 1 / 3})


# ---------------------------------------------------------------- never overwrite

@pytest.mark.parametrize("which", ["options", "criteria", "evidence", "symlink", "hardlink"])
def test_untrusted_out_refuses_to_replace_an_input(mini_files, capsys, which):
    o, c = mini_files
    ev = o.parent / "evidence.csv"
    ev.write_text("option_id,criterion_id,rationale,locator\n" + "".join(
        f"{x},{k},r,l\n" for x in "abcd" for k in ("impact", "cost", "speed")))
    target = {"options": o, "criteria": c, "evidence": ev}.get(which, o.parent / f"{which}.csv")
    if which == "symlink":
        target.symlink_to(o)
    if which == "hardlink":
        os.link(o, target)
    before = {p: p.read_bytes() for p in (o, c, ev)}
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--out", str(target)])
    assert code == 2 and "writing there would replace your data - choose another output name" in err
    assert {p: p.read_bytes() for p in (o, c, ev)} == before
    assert not Path(str(target) + ".about.json").exists()


def test_untrusted_out_never_follows_a_link_planted_at_a_temporary_name(mini_files, tmp_path, capsys):
    o, c = mini_files
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "ranking.csv"
    for name in (".ranking.csv.tmp", ".ranking.csv.about.json.tmp"):  # the old predictable names
        (tmp_path / name).symlink_to(victim)
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--out", str(out)])
    assert code == 0, err
    assert victim.read_text() == "precious" and out.read_text().startswith("rank,id,title,score")
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_untrusted_out_refuses_devices_fifos_and_folders(mini_files, tmp_path, capsys):
    o, c = mini_files
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, kind in (("/dev/null", "a device, pipe or socket"), (str(fifo), "a device, pipe or socket"),
                         (str(tmp_path), "a folder")):
        code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--format", "json", "--out", target])
        assert code == 2 and f"{target}: is {kind}, not a file" in err
    assert Path("/dev/null").is_char_device()


def test_untrusted_a_failed_write_leaves_no_fresh_about_beside_an_old_output(mini_files, tmp_path, capsys, monkeypatch):
    import scoring.export as export

    o, c = mini_files
    out, about = tmp_path / "ranking.csv", tmp_path / "ranking.csv.about.json"
    out.write_text("old output\n")
    about.write_text("old about\n")
    real = os.replace

    def failing(which: str):
        def replace(src, dst):
            if str(dst).endswith(which):
                raise OSError(28, "No space left on device")
            return real(src, dst)
        return replace

    monkeypatch.setattr(export.os, "replace", failing("ranking.csv"))  # the output's rename fails
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--out", str(out)])
    assert code == 2 and "could not write: No space left on device" in err
    assert out.read_text() == "old output\n" and about.read_text() == "old about\n"
    monkeypatch.setattr(export.os, "replace", failing(".about.json"))  # the sidecar's rename fails
    code, _, err = run(capsys, ["rank", "--options", str(o), "--criteria", str(c), "--out", str(out)])
    assert code == 2 and out.read_text().startswith("rank,id") and not about.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_untrusted_write_files_refuses_a_dangling_link(tmp_path):
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "nowhere" / "x.csv")
    with pytest.raises(ScoringError, match="is a link to nothing"):
        write_files([(tmp_path / "dangling.csv", "x")])


def test_untrusted_inputs_that_are_devices_are_refused_not_read_forever(tmp_path, capsys):
    c = tmp_path / "criteria.yaml"
    c.write_text(CRITERIA_MINI)
    code, _, err = run(capsys, ["validate", "--options", "/dev/zero", "--criteria", str(c)])
    assert code == 2 and "/dev/zero: expected the options file, found a device, pipe or socket" in err


# ---------------------------------------------------------------- SMAA: bounded allocation, first K ranks

def test_untrusted_smaa_first_k_ranks_equal_the_full_tables_first_columns(mini_dataset):
    from scoring.smaa import smaa

    full = smaa(mini_dataset, samples=3000, seed=5)
    for k in (1, 2, 3):
        part = smaa(mini_dataset, samples=3000, seed=5, ranks=k)
        assert part.acceptability.shape == (4, k) and not part.complete
        np.testing.assert_allclose(part.acceptability, full.acceptability[:, :k], atol=1e-12)
        np.testing.assert_allclose(part.confidence, full.confidence, equal_nan=True)
    table = smaa(mini_dataset, samples=3000, seed=5, ranks=2).table()
    assert list(table.columns) == ["id", "title", "base_rank", "first", "top_2", "confidence", "rank_1", "rank_2"]
    np.testing.assert_allclose(table["top_2"], table["rank_1"] + table["rank_2"])


def test_untrusted_smaa_first_k_ranks_share_ties_like_the_full_table():
    from scoring.smaa import rank_shares

    rng = np.random.default_rng(1)
    for levels, n in ((3, 7), (40, 100), (1000, 100)):  # many ties (runs crossing every K), some, almost none
        scores = rng.integers(0, levels, size=(300, n)).astype(float)
        full, win = rank_shares(scores, True)
        for k in (1, 2, 5, n // 2, n):  # K < n takes the partial sort (2K + 16 < n) where it can
            part, win_k = rank_shares(scores, True, k)
            np.testing.assert_allclose(part, full[:, :k], atol=1e-9)
            np.testing.assert_allclose(win_k, win)


def test_untrusted_smaa_refuses_a_table_above_the_memory_bound_before_allocating(mini_files, capsys, monkeypatch):
    import scoring.smaa as smaa_mod

    o, c = mini_files
    monkeypatch.setattr(smaa_mod, "MAX_ANALYSIS_BYTES", smaa_mod.estimate_bytes(4, 3, 2, 2000))
    code, out, err = run(capsys, ["smaa", "--options", str(o), "--criteria", str(c), "--samples", "100"])
    assert code == 2 and out == ""
    need, limit = smaa_mod.estimate_bytes(4, 3, 4, 2000), smaa_mod.estimate_bytes(4, 3, 2, 2000)
    assert (f"error: options: rank acceptability of 4 options over 4 ranks needs about {need / 2**10:.1f} KiB, "
            f"above the limit of {limit / 2**10:.1f} KiB") in err
    assert "ask for the first K ranks only (--ranks K, K <= 2)" in err
    code, out, err = run(capsys, ["smaa", "--options", str(o), "--criteria", str(c), "--samples", "100", "--ranks", "2",
                                  "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["ranks"] == 2 and set(doc["options"][0]) >= {"top_2", "rank_1", "rank_2"} and "rank_3" not in doc["options"][0]


def test_untrusted_smaa_82081_options_are_refused_with_the_size_they_would_need():
    from scoring.smaa import check_allocation

    with pytest.raises(ScoringError) as info:
        check_allocation(82_081, 9, 82_081, 16)
    assert "82,081 options over 82,081 ranks needs about 201.0 GiB" in str(info.value)
    assert "(--ranks K, K <= 33)" in str(info.value)
    check_allocation(82_081, 9, 10, 16)  # the first 10 ranks fit


def test_untrusted_reading_a_small_input_does_not_allocate_the_size_limit(tmp_path):
    from scoring.loading import read_bytes

    p = tmp_path / "options.csv"
    p.write_text(OPTIONS_MINI)
    tracemalloc.start()
    read_bytes(p, "options")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2**20, f"{peak / 2**20:.0f} MiB to read {len(OPTIONS_MINI)} bytes"  # was 128 MiB: read(limit + 1)


def test_untrusted_draft_tables_never_follow_a_link_planted_at_a_temporary_or_prev_name(tmp_path):
    import time as _time

    from scoring.sources.draft import save_tables

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "options.csv"
    target.write_text("old\n")
    stamp = _time.strftime("%Y%m%dT%H%M%SZ", _time.gmtime())
    (tmp_path / ".options.csv.tmp").symlink_to(victim)  # the old predictable temporary name
    (tmp_path / f"options.prev-{stamp}.csv").symlink_to(tmp_path / "nowhere.txt")  # a dangling link at the backup name
    kept = save_tables({target: b"new\n"}, force=True)
    assert victim.read_text() == "precious" and target.read_text() == "new\n"
    assert len(kept) == 1 and kept[0].read_text() == "old\n" and not kept[0].is_symlink()
    assert not (tmp_path / "nowhere.txt").exists()
