"""Build a table keeps the work in a draft beside the saved files (try9 3): a reload or a new visit brings
accepted options and scores back and says they come from a draft; Save and "Discard the draft" end it."""
from __future__ import annotations

from pathlib import Path

import pytest

from scoring.loading import load_criteria
from scoring.sources import draft, table
from scoring.sources.store import import_sources

from sources_support import write_docx

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    import_sources(tmp_path / "sources.db", [write_docx(tmp_path / "memo.docx")])
    monkeypatch.setenv("SCORING_BUILD_DIR", str(tmp_path))
    return tmp_path


def _page():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=120)


def _warnings(at) -> list[str]:
    return [str(w.value) for w in at.warning]


def _accept_two(at):
    pick = next(k for k in at.multiselect if k.key.startswith("bt_pick_"))
    labels = list(pick.options)
    pick.set_value(["0", "1"]).run()
    at.button(key="bt_accept").click().run()
    assert not at.exception
    return [lbl.split("  ·  ")[0] for lbl in labels[:2]], len(labels)


def test_accepted_candidates_and_a_score_come_back_from_the_draft_on_a_new_visit(folder):
    at = _page().run()
    assert not at.exception
    assert not any("Not saved yet" in w for w in _warnings(at))
    titles, n_candidates = _accept_two(at)
    assert list(at.session_state["bt_tables"].options["title"]) == titles
    assert [w for w in _warnings(at) if w.startswith("Not saved yet: 2 options and the candidate list.")], _warnings(at)
    assert (folder / draft.DRAFT_NAME).is_file()
    assert not (folder / "options.csv").exists() and not (folder / "evidence.csv").exists()  # saved files untouched
    oid = at.session_state["bt_tables"].options.loc[0, "id"]
    k = f"{oid}__cost"
    at.selectbox(key="bt_option").set_value(oid)
    at.selectbox(key="bt_criterion").set_value("cost").run()
    at.radio(key=f"bt_score_{k}").set_value(2)
    at.radio(key=f"bt_basis_{k}").set_value("inference")
    at.text_area(key=f"bt_reason_{k}").input("Cheap to run. No range: the memo gives no figure.").run()
    at.button(key=f"bt_save_score_{k}").click().run()
    assert not at.exception

    again = _page().run()  # a new session on the same folder: a reload, another tab, the next day
    assert not again.exception
    back: table.Tables = again.session_state["bt_tables"]
    assert list(back.options["title"]) == titles
    assert back.options.loc[0, "cost"] == "2"
    row = back.evidence[(back.evidence["option_id"] == oid) & (back.evidence["criterion_id"] == "cost")].iloc[0]
    assert (row["basis"], row["rationale"]) == ("inference", "Cheap to run. No range: the memo gives no figure.")
    notes = [w for w in _warnings(again) if w.startswith("Restored from the draft kept at ")]
    assert len(notes) == 1 and "2 options and the candidate list, not saved yet" in notes[0], _warnings(again)
    pick = next(k for k in again.multiselect if k.key.startswith("bt_pick_"))
    assert len(pick.options) == n_candidates - 2  # the accepted ones are not offered again

    again.button(key="bt_discard_draft").click().run()
    assert not again.exception
    assert not (folder / draft.DRAFT_NAME).exists()
    assert again.session_state["bt_tables"].options.empty
    assert not any("Not saved yet" in w or "Restored" in w for w in _warnings(again))


def test_save_writes_the_files_and_ends_the_draft(folder):
    at = _page().run()
    _accept_two(at)
    assert (folder / draft.DRAFT_NAME).is_file()
    at.button(key="bt_save").click().run()
    assert not at.exception
    assert (folder / "options.csv").is_file() and not (folder / draft.DRAFT_NAME).exists()
    assert not any("Not saved yet" in w for w in _warnings(at))
    again = _page().run()
    assert not any("Restored" in w or "Not saved yet" in w for w in _warnings(again))
    assert len(again.session_state["bt_tables"].options) == 2


def test_an_unreadable_draft_is_named_and_the_saved_table_is_used(folder):
    (folder / draft.DRAFT_NAME).write_text("{not json")
    at = _page().run()
    assert not at.exception
    from ui.text import escape

    start = escape(f"{folder / draft.DRAFT_NAME}: cannot read the table draft")
    assert any(w.startswith(start) and w.endswith("It was not restored; it is replaced when you change the table.")
               for w in _warnings(at)), _warnings(at)
    assert at.session_state["bt_tables"].options.empty


def test_write_draft_replaces_only_the_draft_and_reads_back_the_same_frames(folder):
    t = table.Tables(*draft.draft_tables([], load_criteria(ROOT / "criteria.yaml")))
    (folder / "options.csv").write_bytes(b"kept")
    draft.write_draft(folder, t.options, t.evidence, "abc")
    draft.write_draft(folder, t.options, t.evidence, "abc")
    back = draft.read_draft(folder)
    assert back is not None and back.base == "abc" and list(back.options.columns) == list(t.options.columns)
    assert (folder / "options.csv").read_bytes() == b"kept"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_after_save_a_new_visit_does_not_offer_the_accepted_candidates_again(folder):
    at = _page().run()
    _, n_candidates = _accept_two(at)
    at.button(key="bt_save").click().run()
    again = _page().run()
    assert not again.exception
    pick = next(k for k in again.multiselect if k.key.startswith("bt_pick_"))
    assert len(pick.options) == n_candidates - 2
    assert "2 candidates are left out: their passages are already an option of the table." in [
        str(c.value) for c in again.caption]
