"""Issue 13 in the dashboard: uploads are bounded and freed with the session, a bomb is refused at once,
and one export format failing leaves the others downloadable."""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_support import app, upload
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
    at = upload(app(), b"id,title,impact\nx,X,5\ny,Y,1\n")
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
    """In Chromium: the alias bomb, a 40 MB options file and one of 20,001 options (0.6 MB) are uploaded through "Use your own data" while a
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

        crowded = tmp_path / "crowded.csv"  # under the byte limit, above the 20,000 options the dashboard draws
        crowded.write_text(header + "\n" + "".join(f"x{i}," + first.split(",", 1)[1] + "\n" for i in range(20_001)))
        inputs.nth(0).set_input_files(str(crowded))
        participant_loads("participant page, during the 20,001-option upload")
        started = time.perf_counter()
        analyst.get_by_text("the dashboard takes at most 20,000 options").first.wait_for(timeout=120_000)
        timings["20,001 options refused after"] = time.perf_counter() - started
    print("\n" + "\n".join(f"{k}: {v:.2f} s" for k, v in timings.items()))
    assert set(timings) == {"participant page, idle", "participant page, during the bomb upload", "bomb refused after",
                            "participant page, during the 40 MB upload", "40 MB refused after",
                            "participant page, during the 20,001-option upload", "20,001 options refused after"}


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


# ---------------------------------------------------------------- review U8: degenerate uploads, plain messages

TWO_CRITERIA = (b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n"
                b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")
DEGENERATE = {
    "one option": (b"id,title,impact,cost\nx,Only option,5,2\n", TWO_CRITERIA),
    "scale from 0": (b"id,title,impact,cost\nx,X,5,2\ny,Y,1,0\nz,Z,3,4\n", TWO_CRITERIA.replace(b"min: 1", b"min: 0")),
    "one criterion": (b"id,title,impact\nx,X,5\ny,Y,1\nz,Z,3\n",
                      b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n"),
}


def _upload_view(case: str, view: str) -> AppTest:
    options, criteria = DEGENERATE[case]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["view"] = view
    at.session_state["uploads"] = {"options": options, "options_name": "mine.csv", "criteria": criteria,
                                   "criteria_name": "mine.yaml"}
    return at.run()


def _messages(at: AppTest) -> list[str]:
    return [e.value for kind in ("error", "warning", "info") for e in getattr(at, kind)] + [c.value for c in at.code]


def test_untrusted_one_option_upload_sensitivity_shows_stability_intervals_with_a_plain_note():
    at = _upload_view("one option", "Sensitivity")
    assert not at.exception and not at.error, [e.value for e in at.error]
    intervals = at.dataframe[0].value
    assert list(intervals["Criterion"]) == ["Impact", "Cost"]  # what can be shown is shown
    assert any("has one option, so it stays on top whatever the weights" in i.value for i in at.info)
    assert not any("--pair" in m for m in _messages(at))


def test_untrusted_scale_from_zero_methods_view_compares_the_other_methods_and_says_why_wp_is_left_out():
    from scoring.methods import METHODS

    at = _upload_view("scale from 0", "Methods")
    assert not at.exception and not at.error, [e.value for e in at.error]
    notes = [i.value for i in at.info]
    assert len(notes) == 1 and notes[0].startswith("Weighted product is left out"), notes
    assert "starts at 0 (Impact, Cost)" in notes[0] and "Choose minmax under Normalization in the sidebar" in notes[0]
    assert "--normalization" not in notes[0]
    n = len(METHODS) - 1
    assert at.caption[0].value.startswith(f"{n} methods, the same weights.")  # the caption counts what is drawn


def test_untrusted_one_criterion_trade_offs_says_so_in_one_sentence():
    at = _upload_view("one criterion", "Trade-offs")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [i.value for i in at.info] == ["Trade-offs weigh criteria against each other; this data has one criterion "
                                          "(Impact), so there is nothing to trade off. The Rank view orders the options by it."]
    assert not at.code


@pytest.mark.parametrize("case", DEGENERATE)
def test_untrusted_degenerate_uploads_get_plain_messages_in_every_analysis_view(case):
    """No view refuses or names a CLI flag (--pair) or an engine function (kendall_tau) on these uploads."""
    import re

    for view in ("Rank", "Trade-offs", "Methods", "Sensitivity", "Uncertainty"):
        at = _upload_view(case, view)
        assert not at.exception, (view, at.exception)
        assert not at.error, (case, view, [e.value for e in at.error], [c.value for c in at.code])
        for text in _messages(at):
            assert not re.search(r"(?<![\w`])--[a-z]", text), (case, view, text)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), (case, view, text)


def test_view_errors_are_said_in_the_dashboards_words():
    from scoring.errors import Problem, ScoringError
    from ui.text import for_page

    assert for_page(ScoringError.at("--pair", "flip points need at least two options")) == \
        ["flip points need at least two options"]
    assert for_page(ScoringError.at("weights", "sensitivity needs at least two criteria")) == \
        ["sensitivity needs at least two criteria"]
    wp = Problem("mine.yaml", "the weighted product on 'scale' needs a scale above zero (use --normalization minmax, or a "
                              "scale starting at 1)", column="impact")
    assert for_page(ScoringError(wp)) == ["mine.yaml, column 'impact': the weighted product on 'scale' needs a scale above "
                                          "zero (choose minmax under Normalization in the sidebar, or a scale starting at 1)"]
    assert for_page("run `scoring rank --options big.csv`") == ["run `scoring rank --options big.csv`"]
