"""Dashboard: basis and quote in the Evidence view and tooltips, the share of each score resting on the text,
silent scores as uncertain in SMAA, and head to head stating how two options relate."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from scoring import load_dataset, rank
from scoring.uncertain import basis_share_table
from support import ROOT
from ui import frames


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _pair(dataset, relation: str) -> tuple[str, str]:
    for oid in dataset.ids:
        others = dataset.related(oid, relation)
        if others:
            return oid, others[0]
    pytest.fail(f"the shipped data records no '{relation}' pair")


def test_evidence_view_shows_basis_and_quote_of_every_score(shipped):
    at = app(view="Evidence")
    oid = at.selectbox(key="ev_option").value
    shown = at.dataframe[0].value
    ev = shipped.evidence[shipped.evidence["option_id"] == oid].set_index("criterion_id")
    labels = {c.label: c.id for c in shipped.criteria.criteria}
    assert shown["basis"].tolist() == [frames.BASIS_LABELS[ev.at[labels[c], "basis"]] for c in shown["criterion"]]
    assert shown["quote"].tolist() == [ev.at[labels[c], "quote"] for c in shown["criterion"]]


def test_tooltip_reason_carries_basis_and_quote():
    assert frames.reason_text("Stated.", "Sec 1", "text", "a quote") == 'Stated. (Sec 1) [the text says so] "a quote"'
    assert frames.reason_text("Judged.", "Sec 2", "silent") == "Judged. (Sec 2) [judgement: the text is silent]"
    assert frames.reason_text("Old file.", "Sec 3") == "Old file. (Sec 3)"


def test_rank_view_shows_the_share_of_each_score_by_basis(shipped):
    at = app()
    assert "from text" not in at.dataframe[0].value.columns
    at.toggle(key="rank_basis_share").set_value(True).run()
    shown = at.dataframe[0].value
    table = rank(shipped, shipped.criteria.default_weights).table
    expected = basis_share_table(shipped, table)
    assert shown["id"].tolist() == expected["id"].tolist()
    assert np.allclose(shown["from text"], expected["text"]) and np.allclose(shown["judgement"], expected["silent"])
    assert np.allclose(shown[["from text", "inferred", "judgement"]].sum(axis=1), 1.0)  # every row fully classified


@pytest.mark.parametrize("relation, words", [("combines_with", "These can be combined"),
                                             ("excludes", "These are alternatives"),
                                             ("overlaps", "These overlap")])
def test_head_to_head_states_how_the_two_options_relate(shipped, relation, words):
    a, b = _pair(shipped, relation)
    at = app(view="Trade-offs")
    at.selectbox(key="h2h_a").set_value(a)
    at.selectbox(key="h2h_b").set_value(b).run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert any(i.startswith(words) for i in infos), infos
    verdict = next(m.value for m in at.markdown if m.value.startswith("Under "))
    assert ("is ahead" in verdict) == (relation != "combines_with"), verdict  # combinable options are not a choice


def test_head_to_head_says_unrelated_options_can_be_adopted_together(shipped):
    names = dict(zip(shipped.ids, shipped.titles))
    a = shipped.ids[0]
    b = next(o for o in shipped.ids[1:] if shipped.relation(a, o) == "independent")
    assert frames.relation_sentence(shipped, a, b, names).endswith("they are independent and can be adopted together.")


def test_uncertainty_view_treats_silent_scores_as_uncertain_by_default():
    at = app(view="Uncertainty")
    assert not at.exception
    assert at.checkbox(key="analysis_uncertain_silent").value is True
    assert next(s for s in at.selectbox if s.label == "Scores").value == "uniform"


def test_sensitivity_view_lists_rank_bounds_with_silent_scores_uncertain(shipped):
    from scoring.uncertain import rank_bounds

    at = app(view="Sensitivity")
    assert not at.exception and at.checkbox(key="analysis_bounds_silent").value is True
    table = at.dataframe[-1].value
    expected = rank_bounds(shipped, shipped.criteria.default_weights / shipped.criteria.default_weights.sum())
    assert table["Best rank"].tolist() == expected["best_rank"].tolist()
    assert table["Worst rank"].tolist() == expected["worst_rank"].tolist()
    assert (table["Worst rank"] > table["Best rank"]).any()
    at.checkbox(key="analysis_bounds_silent").set_value(False).run()
    only_ranges = rank_bounds(shipped, shipped.criteria.default_weights / shipped.criteria.default_weights.sum(), bases=())
    assert at.dataframe[-1].value["Worst rank"].tolist() == only_ranges["worst_rank"].tolist()
