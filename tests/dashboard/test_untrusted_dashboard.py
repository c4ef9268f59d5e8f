"""Issue 13 in the dashboard: uploads are bounded and freed with the session, a bomb is refused at once,
and one export format failing leaves the others downloadable."""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_support import app
from support import ROOT

BOMB = ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ncriteria: *h\n")


def test_untrusted_upload_alias_bomb_is_refused_and_the_app_keeps_ranking():
    at = app()
    at.session_state["uploads"] = {"options": (ROOT / "options.csv").read_bytes(), "options_name": "options.csv",
                                   "criteria": BOMB.encode(), "criteria_name": "bomb.yaml"}
    at.run()
    assert not at.exception
    assert "Your files could not be used" in at.error[0].value
    assert "bomb.yaml, line 1: column 4: anchors and aliases (&a / *a) are not allowed" in at.code[0].value
    assert len(at.dataframe[0].value) > 0  # the shipped ranking is still shown


def _upload_script(root: str) -> None:
    import sys

    sys.path.insert(0, root)
    import streamlit as st

    from ui.data import store_upload, uploaded_dataset

    class Big:  # what st.file_uploader hands over for a 40 MB file
        name, size = "big.csv", 40 * 2**20

        def getvalue(self) -> bytes:
            raise AssertionError("the bytes of a refused upload must not be read")

    st.session_state["upload_options"] = Big()
    store_upload("options")
    result = uploaded_dataset()
    st.code(str(result[1][0]))
    st.write("kept" if "options" in st.session_state["uploads"] else "not kept")


def test_untrusted_upload_above_the_limit_is_refused_without_keeping_its_bytes():
    at = AppTest.from_function(_upload_script, default_timeout=30, args=(str(ROOT),))
    at.run()
    assert not at.exception, at.exception
    assert at.code[0].value == ("big.csv, line 1: the file is 40.0 MB, above the dashboard's limit of 32 MB for options "
                                "files; use the command line (`scoring rank --options ...`) for files this large")
    assert at.markdown[0].value == "not kept"


def test_untrusted_streamlit_caps_uploads_in_its_config():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50


def test_untrusted_parsed_uploads_live_in_the_session_not_a_global_cache():
    at = app()
    at.session_state["uploads"] = {
        "options": b"id,title,impact\nx,X,5\ny,Y,1\n", "options_name": "mine.csv",
        "criteria": b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n",
        "criteria_name": "mine.yaml"}
    at.run()
    assert not at.exception and at.dataframe[0].value["id"].tolist() == ["x", "y"]
    key, (dataset, problems) = at.session_state["upload_parsed"]
    assert problems == [] and dataset.ids == ["x", "y"] and key[1] == ("mine.csv", "mine.yaml", "evidence.csv")
    from ui.data import load_files

    assert load_files._info.max_entries == 4  # only the shipped files go through the shared cache


def test_untrusted_one_export_format_failing_leaves_the_others(monkeypatch):
    import scoring.export as export

    def broken(report):
        raise ValueError("cannot convert to Excel")

    monkeypatch.setattr(export, "to_xlsx", broken)
    at = app(view="Export")
    assert not at.exception
    payloads = at.session_state["export_payloads"]
    assert isinstance(payloads["xlsx"], ValueError)
    assert payloads["csv"].startswith("rank,id,title,score") and payloads["json"].startswith("{")
    assert payloads["md"].startswith("# Ranking")
    assert [e.value for e in at.error] == ["Excel could not be built: cannot convert to Excel"]


@pytest.mark.browser
def test_untrusted_browser_bomb_and_40mb_upload_are_refused_while_a_participant_page_loads(tmp_path):
    """In Chromium: the alias bomb and a 40 MB options file are uploaded through "Use your own data" while a
    participant opens the join page in another session. Asserted: both refusals shown, the participant
    page rendered while each upload was being handled. Timings are printed (not asserted: no flaky clocks)."""
    from support import browser, streamlit_server

    bomb, big = tmp_path / "bomb.yaml", tmp_path / "big.csv"
    bomb.write_text(BOMB)
    shipped = (ROOT / "options.csv").read_text()
    header, first = shipped.splitlines()[:2]
    row = first + "\n"
    big.write_text(header + "\n" + row * (40 * 2**20 // len(row) + 1))
    env = {"SCORING_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    timings: dict[str, float] = {}
    with streamlit_server("dashboard.py", env=env) as base, browser() as b:
        analyst = b.new_context().new_page()
        analyst.goto(base)
        analyst.get_by_text("Use your own data").click()
        inputs = analyst.locator('input[type="file"]')
        inputs.first.wait_for(state="attached", timeout=60_000)
        participant = b.new_context().new_page()

        def participant_loads(label: str) -> None:
            started = time.perf_counter()
            participant.goto(f"{base}/Join_workshop")
            participant.get_by_text("Join a workshop").first.wait_for(timeout=60_000)
            timings[label] = time.perf_counter() - started

        participant_loads("participant page, idle")
        inputs.nth(0).set_input_files(str(ROOT / "options.csv"))
        inputs.nth(1).set_input_files(str(bomb))
        participant_loads("participant page, during the bomb upload")
        started = time.perf_counter()
        analyst.get_by_text("anchors and aliases (&a / *a) are not allowed").first.wait_for(timeout=60_000)
        timings["bomb refused after"] = time.perf_counter() - started
        assert analyst.get_by_text("Your files could not be used").count() >= 1

        inputs.nth(0).set_input_files(str(big))
        participant_loads("participant page, during the 40 MB upload")
        started = time.perf_counter()
        analyst.get_by_text("above the dashboard's limit of 32 MB").first.wait_for(timeout=120_000)
        timings["40 MB refused after"] = time.perf_counter() - started
    print("\n" + "\n".join(f"{k}: {v:.2f} s" for k, v in timings.items()))
    assert set(timings) == {"participant page, idle", "participant page, during the bomb upload", "bomb refused after",
                            "participant page, during the 40 MB upload", "40 MB refused after"}


def test_untrusted_scenarios_view_on_uploaded_data_asks_for_a_scenarios_file_not_the_shipped_one():
    """review2 U7: the shipped scenarios.yaml was applied to uploads (an error naming the server's path)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["uploads"] = {
        "options": b"id,title,impact,cost\na,A,3,3\nb,B,4,2\n", "options_name": "mine.csv",
        "criteria": b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n"
                    b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n",
        "criteria_name": "mine.yaml"}
    at.session_state["view"] = "Scenarios"
    at.run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "Scenarios need a scenarios file written for your data: the shipped scenarios.yaml describes the shipped "
        "options only. Write one (format: docs/analysis.md, section 'Scenarios') and run "
        "`scoring scenarios --options YOUR.csv --criteria YOUR.yaml --scenarios YOUR_SCENARIOS.yaml`."]
    assert str(ROOT) not in " ".join(str(e.value) for e in [*at.info, *at.markdown, *at.caption])
