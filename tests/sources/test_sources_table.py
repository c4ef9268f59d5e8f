"""The table the Build-a-table page edits (scoring/sources/table.py) and the page itself on the shipped data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import CRITERIA_MINI
from scoring.cli import main
from scoring.loading import parse_criteria
from scoring.sources import table
from scoring.sources.candidates import find_candidates
from scoring.sources.store import import_sources, passages

from sources_support import write_docx

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mini():
    cs, problems = parse_criteria(CRITERIA_MINI.encode())
    assert not problems
    return cs


@pytest.fixture
def library(tmp_path):
    db = tmp_path / "sources.db"
    import_sources(db, [write_docx(tmp_path / "memo.docx")])
    return db


def test_accept_merge_and_split_candidates(library, mini):
    cands = find_candidates(passages(library))
    taken: set[str] = set()
    rows = [table.candidate_row(c, taken) for c in cands]
    merged = table.merge_rows([dict(rows[0], summary="First."), dict(rows[1], summary="Second.")])
    assert merged["id"] == rows[0]["id"] and merged["summary"] == "First. Second."
    assert merged["locator"] == f"{rows[0]['locator']}; {rows[1]['locator']}"
    two = "Japan should fund the reserve. The panel must review it every two years."
    parts = table.split_row(rows[0], two, set(taken))
    assert [p["title"] for p in parts] == ["Japan should fund the reserve", "The panel must review it every two years"]
    assert len({p["id"] for p in parts} | taken) == len(taken) + 2
    t = table.add_options(table.empty_tables(mini), [merged, *parts], mini)
    assert list(t.options["id"]) == [merged["id"], *[p["id"] for p in parts]]
    assert len(t.evidence) == 3 * len(mini.ids)
    assert set(t.evidence["locator"]) == {merged["locator"], rows[0]["locator"]}
    # accepting the same candidate twice makes a second, distinct id
    again = table.add_options(t, [merged], mini)
    assert again.options["id"].is_unique and len(again.options) == 4


def test_set_score_progress_and_problems(library, mini, tmp_path):
    cands = find_candidates(passages(library))
    row = table.candidate_row(cands[0], set())
    t = table.add_options(table.empty_tables(mini), [row], mini)
    assert table.progress(t, mini) == (0, 3)
    quote = cands[0].passage.text.split(" ")[:6]
    t = table.set_score(t, row["id"], "impact", 4, "The text says so.", "text", " ".join(quote))
    t = table.set_score(t, row["id"], "cost", 2, "Cheap. No range: the text gives no figure.", "inference",
                        low=None, high=None)
    assert table.progress(t, mini) == (2, 3)
    # while scoring, the half-scored option is not reported; once complete it is checked with its quote
    assert table.table_problems(t, CRITERIA_MINI.encode(), library) == []
    t = table.set_score(t, row["id"], "speed", 3, "Quick to set up.", "silent", low=2, high=4)
    assert table.progress(t, mini) == (3, 3)
    assert table.table_problems(t, CRITERIA_MINI.encode(), library, complete=True) == []
    bad = table.set_score(t, row["id"], "impact", 4, "The text says so.", "text", "words the memo never says")
    problems = table.table_problems(bad, CRITERIA_MINI.encode(), library)
    assert len(problems) == 1 and "quote not found in memo" in str(problems[0])
    ob, eb = table.table_bytes(t)
    options = pd.read_csv(pd.io.common.BytesIO(ob), dtype=str, keep_default_na=False)
    assert options.loc[0, "speed_low"] == "2" and "impact_low" not in options.columns  # empty range columns dropped
    assert b"text" in eb and b"inference" in eb


def test_option_passages_follow_each_locator_part(library, mini):
    ps = passages(library)
    cands = find_candidates(ps)
    row = table.merge_rows([table.candidate_row(c, set()) for c in cands[:2]])
    got = table.option_passages(row, ps)
    assert [p.locator for p in got] == [cands[0].passage.locator, cands[1].passage.locator]


def test_page_edits_a_shipped_score_with_its_evidence(tmp_path):
    """The shipped table opened in the page: change one score and its reason, save; only that cell and its
    evidence row change, the previous files are kept, and the table still loads."""
    from streamlit.testing.v1 import AppTest
    from support import briefs_dir

    for name in ("options.csv", "evidence.csv", "criteria.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    import_sources(tmp_path / "sources.db", sorted(briefs_dir().glob("*.txt")))
    before = pd.read_csv(tmp_path / "options.csv", dtype=str, keep_default_na=False)
    ev_before = pd.read_csv(tmp_path / "evidence.csv", dtype=str, keep_default_na=False)
    quoted = ev_before[ev_before["quote"].str.strip() != ""].iloc[0]
    oid, cid = quoted["option_id"], quoted["criterion_id"]
    i = int((before["id"] == oid).to_numpy().argmax())
    old = int(before.loc[i, cid])
    new = old + 1 if old < 5 else old - 1
    import os

    os.environ["SCORING_BUILD_DIR"] = str(tmp_path)
    try:
        at = AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=120).run()
        assert not at.exception
        at.selectbox(key="bt_option").set_value(oid).run()
        at.selectbox(key="bt_criterion").set_value(cid).run()
        k = f"{oid}__{cid}"
        assert at.radio(key=f"bt_score_{k}").value == old  # the current score is shown
        assert "(keep the current quote)" in at.selectbox(key=f"bt_qsrc_{k}").options
        assert any(str(c.value).startswith(f"{before.loc[i, 'source']} · ") for c in at.caption)  # its passage
        at.radio(key=f"bt_score_{k}").set_value(new).run()
        at.text_area(key=f"bt_reason_{k}").input("Edited in a test: the reason changed with the score.").run()
        at.button(key=f"bt_save_score_{k}").click().run()
        assert not at.exception
        at.button(key="bt_save").click().run()
        assert any("Saved" in str(s.value) for s in at.success)
    finally:
        os.environ.pop("SCORING_BUILD_DIR", None)
    after = pd.read_csv(tmp_path / "options.csv", dtype=str, keep_default_na=False)
    ev_after = pd.read_csv(tmp_path / "evidence.csv", dtype=str, keep_default_na=False)
    assert after.loc[i, cid] == str(new)
    changed = (after != before.reindex(columns=after.columns).fillna("")).any(axis=0)
    assert list(changed[changed].index) == [cid]
    row = (ev_after["option_id"] == oid) & (ev_after["criterion_id"] == cid)
    assert ev_after.loc[row, "rationale"].item() == "Edited in a test: the reason changed with the score."
    assert ev_after.loc[row, "quote"].item() == ev_before.loc[row, "quote"].item()  # the quote kept
    assert (ev_after.loc[~row] == ev_before.loc[~row]).all().all()
    assert len(list(tmp_path.glob("options.prev-*.csv"))) == 1 and len(list(tmp_path.glob("evidence.prev-*.csv"))) == 1
    assert main(["rank", "--options", str(tmp_path / "options.csv"), "--criteria", str(tmp_path / "criteria.yaml")]) == 0


# ---------------------------------------------------------------- review3 RV3-A1, A2, A6

def _one_option_folder(folder: Path, library: Path, mini) -> tuple[table.Tables, str]:
    """A table folder: the mini criteria, the memo's library and one accepted, unscored candidate."""
    (folder / "criteria.yaml").write_text(CRITERIA_MINI)
    if library.parent != folder:
        shutil.copy(library, folder / "sources.db")
    row = table.candidate_row(find_candidates(passages(library))[0], set())
    t = table.add_options(table.empty_tables(mini), [row], mini)
    return t, row["id"]


def test_set_score_refuses_text_basis_without_quote_with_validates_message(library, mini):
    """RV3-A1: the rule and the message are those of `scoring validate` (loading.check_provenance)."""
    from scoring.errors import ScoringError
    from scoring.loading import check_dataset

    t, oid = _one_option_folder(library.parent, library, mini)
    with pytest.raises(ScoringError) as err:
        table.set_score(t, oid, "impact", 4, "The text says so.", "text", quote="   ")
    (p,) = err.value.problems
    assert (p.file, p.line, p.column) == ("evidence.csv", 2, "quote")  # impact is the option's first evidence row
    assert t.evidence.loc[0, "basis"] == "" and t.options.loc[0, "impact"] == ""  # the table is unchanged
    # validate, given the same row written straight into the files, says the same sentence
    opts, ev = t.options.copy(), t.evidence.copy()
    opts.loc[0, ["impact", "cost", "speed"]] = ["4", "2", "3"]
    ev["rationale"], ev["basis"], ev["quote"] = "A reason. No range: the memo gives none.", "inference", ""
    ev.loc[0, "basis"] = "text"
    ob, eb = table.table_bytes(table.Tables(opts, ev))
    _, problems = check_dataset(ob, CRITERIA_MINI.encode(), eb, options_name="options.csv",
                                criteria_name="criteria.yaml", evidence_name="evidence.csv")
    assert [str(q) for q in problems] == [str(p)]
    # inference without a range or 'No range:' is refused too; with a range it is saved
    with pytest.raises(ScoringError, match="inference score of .* has no range"):
        table.set_score(t, oid, "cost", 2, "Cheap.", "inference")
    ok = table.set_score(t, oid, "cost", 2, "Cheap.", "inference", low=1, high=3)
    assert ok.options.loc[0, "cost_low"] == "1"


def _page(monkeypatch, folder: Path | None):
    from streamlit.testing.v1 import AppTest

    if folder is None:
        monkeypatch.delenv("SCORING_BUILD_DIR", raising=False)
    else:
        monkeypatch.setenv("SCORING_BUILD_DIR", str(folder))
    return AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=120)


def test_page_refuses_a_text_score_without_quote_and_says_why(library, mini, monkeypatch):
    """RV3-A1 on the page: Save this score with basis text and '(no quote)' keeps the table and shows the rule."""
    folder = library.parent
    t, oid = _one_option_folder(folder, library, mini)
    ob, eb = table.table_bytes(t)
    (folder / "options.csv").write_bytes(ob)
    (folder / "evidence.csv").write_bytes(eb)
    at = _page(monkeypatch, folder).run()
    assert not at.exception
    k = f"{oid}__impact"
    at.radio(key=f"bt_score_{k}").set_value(4)
    at.radio(key=f"bt_basis_{k}").set_value("text")
    at.text_area(key=f"bt_reason_{k}").input("The memo says the reserve is funded.").run()
    assert at.selectbox(key=f"bt_qsrc_{k}").value == "(no quote)"
    assert any("Basis text needs a quote" in str(c.value) for c in at.caption)
    at.button(key=f"bt_save_score_{k}").click().run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    from ui.text import escape

    assert any(e.startswith("Not saved: " + escape("evidence.csv, line 2, column 'quote': basis is text but there is "
                                                   "no quote")) for e in errors), errors
    saved: table.Tables = at.session_state["bt_tables"]
    assert saved.options.loc[0, "impact"] == "" and saved.evidence.loc[0, "basis"] == ""


def test_save_tab_lists_each_problem_with_file_line_and_column(library, mini, monkeypatch):
    """RV3-A2: the problems are listed on the page (as validate prints them), not only counted."""
    folder = library.parent
    t, oid = _one_option_folder(folder, library, mini)
    t = table.set_score(t, oid, "impact", 4, "The text says so.", "text", "words the memo never says")
    t = table.set_score(t, oid, "cost", 2, "Cheap. No range: the memo gives no figure.", "inference")
    t = table.set_score(t, oid, "speed", 3, "Quick to set up.", "silent", low=2, high=4)
    ob, eb = table.table_bytes(t)
    (folder / "options.csv").write_bytes(ob)
    (folder / "evidence.csv").write_bytes(eb)
    expected = [str(p) for p in table.table_problems(t, CRITERIA_MINI.encode(), folder / "sources.db",
                                                     str(folder / "criteria.yaml"), complete=True)]
    assert len(expected) == 1 and "quote not found in memo" in expected[0]
    assert expected[0].startswith("evidence.csv, line 2, column 'quote': ")
    at = _page(monkeypatch, folder).run()
    assert not at.exception
    assert any("Not ready for a workshop yet: 1 problem " in str(w.value) for w in at.warning)
    shown = "\n".join(str(m.value) for m in at.markdown)
    from ui.text import escape

    for p in expected:  # listed above the tabs (the option is fully scored) and again in the Save tab
        assert shown.count(f"- {escape(p)}") == 2, shown


def test_page_defaults_to_a_user_folder_and_never_writes_the_shipped_table_unasked(monkeypatch, tmp_path):
    """RV3-A6: no $SCORING_BUILD_DIR -> a folder in the user's data dir; the shipped folder is read-only
    until the analyst ticks that they mean to change it."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    at = _page(monkeypatch, None).run()
    assert not at.exception
    default = Path(at.sidebar.text_input(key="bt_folder").value)
    assert default.is_dir() and tmp_path in default.parents and ROOT not in default.parents
    shipped = {n: (ROOT / n).read_bytes() for n in ("options.csv", "evidence.csv")}
    at.sidebar.text_input(key="bt_folder").input(str(ROOT)).run()
    assert not at.exception
    assert at.button(key="bt_save").disabled
    assert any("shown read-only" in str(i.value) for i in at.info)
    at.sidebar.checkbox(key="bt_shipped_ok").check().run()
    assert not at.button(key="bt_save").disabled and not any("read-only" in str(i.value) for i in at.info)
    assert {n: (ROOT / n).read_bytes() for n in shipped} == shipped  # nothing written by opening it


def test_picked_candidate_shows_its_whole_title_to_edit_and_the_edit_names_the_option(library, monkeypatch):
    """RV3-A4: a picked candidate's full title, summary and passage are shown to edit before accepting; the
    accepted option takes the edited title and an id made from it; the table's headers are capitalised."""
    at = _page(monkeypatch, library.parent).run()
    assert not at.exception
    editor = next(d for d in at.dataframe if '"passage"' in d.proto.columns)
    for col, label in (("locator", "Locator"), ("source", "Source"), ("actor", "Actor"), ("title", "Title")):
        assert f'"{col}": {{"label": "{label}"' in editor.proto.columns
    pick = next(k for k in at.multiselect if k.key.startswith("bt_pick_"))
    first = pick.options[0]
    pick.set_value(["0"]).run()  # values are the row numbers; options are their labels
    title = next(t for t in at.text_input if t.key.startswith("bt_ptitle_"))
    assert title.value == first.split("  ·  ")[0] and len(title.value) > 60  # the whole drafted title, not cut
    title.input("Joint register of suppliers").run()
    at.button(key="bt_accept").click().run()
    assert not at.exception
    opts = at.session_state["bt_tables"].options
    assert list(opts["title"]) == ["Joint register of suppliers"]
    assert list(opts["id"]) == ["joint-register-suppliers"]


def test_score_tab_says_when_the_shipped_criteria_are_used_and_how_to_bring_your_own(library, mini, monkeypatch):
    """RV3-A5: with no criteria.yaml in the folder the Score tab says these are the shipped criteria; with one, not."""
    folder = library.parent
    t, _ = _one_option_folder(folder, library, mini)
    ob, eb = table.table_bytes(t)
    (folder / "options.csv").write_bytes(ob)
    (folder / "evidence.csv").write_bytes(eb)
    at = _page(monkeypatch, folder).run()
    assert not at.exception
    assert not any("shipped criteria" in str(i.value) for i in at.info)  # the folder's own criteria.yaml
    (folder / "criteria.yaml").unlink()
    (folder / "options.csv").write_bytes(b"id,title,summary,author,publication,chapter,locator,source\n"
                                         b"x,Joint register,,,memo,,para 1,memo\n")
    (folder / "evidence.csv").unlink()
    at = _page(monkeypatch, folder).run()
    assert not at.exception
    notes = [str(i.value) for i in at.info if "shipped criteria" in str(i.value)]
    assert len(notes) == 1 and "put a criteria.yaml in the table folder" in notes[0]
