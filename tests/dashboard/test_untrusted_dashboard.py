"""Issue 13 in the dashboard: uploads are bounded and freed with the session, a bomb is refused at once,
and one export format failing leaves the others downloadable."""
from __future__ import annotations

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
