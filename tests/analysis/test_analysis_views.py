"""The three view functions render in Streamlit's AppTest without exceptions, with their key messages."""
from __future__ import annotations

from pathlib import Path

import pytest
from analysis_support import ROOT, write_synthetic
from streamlit.testing.v1 import AppTest

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from scoring import load_dataset
from ui.views.scenarios import render_scenarios
from ui.views.sensitivity import render_sensitivity
from ui.views.uncertainty import render_uncertainty

ds = load_dataset({options!r}, {criteria!r})
method = st.session_state.get("method", "weighted-sum")
tab1, tab2, tab3 = st.tabs(["Sensitivity", "Uncertainty", "Scenarios"])
with tab1:
    render_sensitivity(ds, None, method, None)
with tab2:
    render_uncertainty(ds, None, method, None)
with tab3:
    render_scenarios(ds, None, method, None{scen})
"""


def _app(tmp_path: Path, scenarios: str | None = None) -> AppTest:
    o, c = write_synthetic(tmp_path, n=14, seed=4)
    scen = ""
    if scenarios is not None:
        p = tmp_path / "s.yaml"
        p.write_text(scenarios)
        scen = f", path={str(p)!r}"
    script = tmp_path / "app.py"
    script.write_text(SCRIPT.format(root=str(ROOT), options=str(o), criteria=str(c), scen=scen))
    return AppTest.from_file(str(script), default_timeout=120)


def test_views_render_with_the_shipped_scenarios(tmp_path):
    at = _app(tmp_path).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Minimax-regret choice" in s.value for s in at.success)
    tops = [m.value for m in (*at.success, *at.warning) if "first under the current weights" in m.value]
    assert tops
    assert len(at.dataframe) >= 4
    labels = [s.label for s in at.selectbox]
    assert "Option A" in labels and "Option B" in labels
    pair = {s.label: s.value for s in at.selectbox}
    assert pair["Option A"] == "quad-institutionalization" and pair["Option B"] == "quad-networking"


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_views_rerun_with_other_settings(tmp_path, method):
    at = _app(tmp_path)
    at.session_state["method"] = method
    at.run()
    assert not at.exception, at.exception
    at.radio(key="analysis_weights_mode").set_value("dirichlet")
    at.selectbox(key="analysis_score_mode").set_value("triangular")
    at.number_input(key="analysis_samples").set_value(2000)
    at.button[0].click()  # the form's Run button
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="analysis_sweep_criterion").value in {"impact", "feasibility", "cost", "time_to_effect",
                                                                   "flexibility", "durability", "inclusiveness",
                                                                   "escalation_risk", "private_buy_in"}
    at.selectbox(key="analysis_pair_b").set_value("quad-partial-institutionalization").run()
    assert not at.exception, at.exception


def test_a_bad_scenarios_file_shows_a_message_not_a_traceback(tmp_path):
    at = _app(tmp_path, scenarios="scenarios:\n  - {id: s, label: S, narrative: N, weights: {colour: 2}}\n").run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("unknown criterion" in e and "colour" in e and "line 2" in e for e in errors), errors


def test_cache_key_follows_score_edits_and_subsets(mini_dataset):
    from ui.views.analysis_common import fingerprint

    base = fingerprint(mini_dataset)
    assert fingerprint(mini_dataset) == base
    assert fingerprint(mini_dataset.with_score("a", "impact", 4.0)) != base
    assert fingerprint(mini_dataset.subset([True, True, True, False])) != base
