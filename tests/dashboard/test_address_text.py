"""Every text part of an address (issue 12, small9 3): a trade-off axis, the head-to-head pair, the Evidence option, the
download's chart, an analysis mode, the scenarios... An unknown or hostile value (an id of nothing, '', 10,000
characters, Markdown/HTML, a criterion where an option is expected) was dropped without a word (the widget silently
showed its default) and `?analysis_scenarios=ghost` left no scenario chosen. Now each is said in the one info line
the numeric parts give (tests/dashboard/test_address_numbers.py), quoted short and escaped, and the widget keeps its
default. The parts are enumerated from the code's own table (`ui.state.WIDGETS`), so a new one is covered."""
from __future__ import annotations

import pytest

from dashboard_support import app
from scoring import load_dataset
from ui import state
from ui.sidebar import text_choices
from ui.text import escape

NOTE = "Parts of this address could not be used"
DATA = load_dataset()
TEXT_PARTS = [k for k, kind in state.WIDGETS.items() if kind in ("str", "list")]
# the view that draws each text widget ('mode' is the sidebar's: any view)
VIEW = {"mode": "Rank", "tx": "Trade-offs", "ty": "Trade-offs", "tc": "Trade-offs", "h2h_a": "Trade-offs",
        "h2h_b": "Trade-offs", "ev_option": "Evidence", "adj_criterion": "Evidence", "chart_pick": "Export",
        "chart_fmt": "Export", "analysis_sweep_criterion": "Sensitivity", "analysis_pair_a": "Sensitivity",
        "analysis_pair_b": "Sensitivity", "analysis_weights_mode": "Uncertainty", "analysis_score_mode": "Uncertainty",
        "analysis_scenarios": "Scenarios"}
LONG = "x" * 10_000
MARKUP = "**x**<script>alert(1)</script>"
OPTION_KEYS = {k for k in TEXT_PARTS if text_choices(DATA)[k]()[1] == DATA.ids}


def wrong_kind(key: str) -> str:
    """An id of the other kind: a criterion where an option is expected, else an option."""
    return DATA.criteria.ids[0] if key in OPTION_KEYS else DATA.ids[0]


def test_every_text_part_of_the_address_says_what_it_takes():
    assert TEXT_PARTS and set(text_choices(DATA)) == set(TEXT_PARTS)  # a new text widget needs its choices
    assert set(VIEW) == set(TEXT_PARTS)  # and this test needs its view
    assert {"tx", "ty", "h2h_a", "h2h_b", "ev_option"} <= set(TEXT_PARTS)


def _views() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in TEXT_PARTS:
        out.setdefault(VIEW.get(key, "Rank"), []).append(key)
    return out


_DEFAULTS: dict[str, dict] = {}


def defaults(view: str) -> dict:
    if view not in _DEFAULTS:
        at = app(view=view)
        assert not at.exception
        _DEFAULTS[view] = {k: at.session_state[k] for k in TEXT_PARTS if k in at.session_state}
    return _DEFAULTS[view]


def _cases() -> list:
    """(view, value) for every view drawing a text widget and every unusable value; an empty list is a choice the
    page itself writes (no scenario chosen), so '' is tried only on single values."""
    values = {"empty": "", "10000 chars": LONG, "markup": MARKUP, "wrong kind": "wrong kind"}
    return [pytest.param(view, value, id=f"{view}-{name}") for view, keys in sorted(_views().items())
            for name, value in values.items() if value or any(state.WIDGETS[k] != "list" for k in keys)]


@pytest.mark.parametrize("view, value", _cases())
def test_an_unusable_text_part_is_said_once_and_the_widget_keeps_its_default(view, value):
    keys = [k for k in _views()[view] if value or state.WIDGETS[k] != "list"]
    query = {key: wrong_kind(key) if value == "wrong kind" else value for key in keys}
    at = app(view=view, **query)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    lines = [i.value for i in at.info if i.value.startswith(NOTE)]
    assert len(lines) == 1, [i.value for i in at.info]
    line = lines[0]
    for key, text in query.items():
        assert escape(f"{key} {state.said(text)}") in line, (key, line[:300])
    assert len(line) < 400 * len(keys), len(line)  # 10,000 characters are quoted as 80 and a length
    if value == LONG:
        assert "(10,000 characters)" in line
    rendered = [m.value for m in [*at.markdown, *at.info, *at.caption]]
    assert not any("<script>" in r or "**x**" in r for r in rendered)  # never drawn as HTML or Markdown
    expected = defaults(view)
    for key in keys:
        if key in expected:
            assert at.session_state[key] == expected[key], (key, at.session_state[key], expected[key])


def test_known_text_parts_are_used_without_a_word():
    crit, ids = DATA.criteria.ids, DATA.ids
    at = app(view="Trade-offs", tx=crit[1], ty=crit[2], tc="(none)", h2h_a=ids[3], h2h_b=ids[4])
    assert not [i.value for i in at.info if i.value.startswith(NOTE)]
    assert [at.session_state[k] for k in ("tx", "ty", "h2h_a", "h2h_b")] == [crit[1], crit[2], ids[3], ids[4]]
    at = app(view="Scenarios", analysis_scenarios="thaw|strait-crisis")
    assert not [i.value for i in at.info if i.value.startswith(NOTE)]
    assert at.session_state["analysis_scenarios"] == ["thaw", "strait-crisis"]


def test_one_unknown_scenario_leaves_the_default_choice_not_an_empty_one():
    at = app(view="Scenarios", analysis_scenarios="thaw|ghost")
    line = next(i.value for i in at.info if i.value.startswith(NOTE))
    assert "'ghost' is not a scenario of scenarios.yaml" in line.replace("\\", "")
    assert at.session_state["analysis_scenarios"] == defaults("Scenarios")["analysis_scenarios"]
    assert len(at.session_state["analysis_scenarios"]) > 1
