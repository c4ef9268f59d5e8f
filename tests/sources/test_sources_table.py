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
