"""Every number an address carries is used only when the page can use it, else said in the one info line (issue 12,
left8 2).

`?w=impact:1e308` was taken silently (the sliders then showed every other criterion at 0), `?vikor_v=5` broke the
Rank view ("This view cannot be shown"), `?analysis_heat_count=999` and `?analysis_concentration=1e308` broke their
views ("could not be drawn"), `?analysis_samples=99999999` and `?analysis_seed=-4` were clipped or dropped without a
word, `?pts_impact=1e9` and a score adjustment of 1e308 were dropped or failed later. Each kind now gives the same
single line as an unknown method or a weight 'abc' (tests/dashboard/test_dashboard_messages.py), naming the part and
what it takes; the widget keeps its default. `ui.state.widget_ranges` holds the widgets' bounds: the last test draws
each widget and checks its own min and max are those.
"""
from __future__ import annotations

import pytest

from dashboard_support import app
from scoring import load_dataset, rank

from scoring.smaa import DEFAULT_CONCENTRATION
from scoring.weights import points_from_weights  # noqa
from ui import state  # noqa
from ui.views.uncertainty import samples_cap

NOTE = "Parts of this address could not be used"
DATA = load_dataset()
N = len(DATA.ids)
OPTION = DATA.ids[0]
CRIT = DATA.criteria.criteria[0]
TOP = float(CRIT.scale_max)
FIRST_POINTS = int(points_from_weights(DATA.criteria.default_weights)[0])  # the first 100-points field's default:
# the default weights' share in whole points (try9 12)


def notes(at) -> list[str]:
    return [i.value.replace("\\", "") for i in at.info if i.value.startswith(NOTE)]


def said_once(query: dict[str, str], part: str):
    """The page opened with `query`: no exception or error, and exactly one info line, which names `part`."""
    at = app(**query)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    lines = notes(at)
    assert len(lines) == 1, [i.value for i in at.info]
    assert part in lines[0], (part, lines[0])
    return at


@pytest.mark.parametrize("value", ["1e308", "1e13", "inf", "nan", "-1", "1e400"])
def test_an_unusable_weight_is_said_and_the_defaults_stand(value):
    words = "a weight is a number from 0 to 1,000,000,000,000" if value in ("1e308", "1e13", "-1") else f"'{value}' is not a number"
    at = said_once({"w": f"impact:{value},cost:2"}, f"weight 'impact:{value}': {words}")
    default = load_dataset().criteria["impact"].weight
    assert at.slider(key="w_impact").value == default and at.slider(key="w_cost").value == 2.0  # as the line says
    assert "exact_weights" not in at.session_state  # nothing scaled onto the sliders


def test_the_largest_weight_an_address_takes_is_used_without_a_word():
    at = app(w="impact:1e12,cost:1e11")
    assert not notes(at)
    assert at.session_state["exact_weights"]["impact"] == 1e12


@pytest.mark.parametrize("query, part, key, default", [
    ({"method": "vikor", "vikor_v": "5", "side_method": "1"}, "vikor_v '5': a number from 0 to 1", "vikor_v", 0.5),
    ({"method": "vikor", "vikor_v": "nan", "side_method": "1"}, "vikor_v 'nan': a number is expected", "vikor_v", 0.5),
    ({"view": "Uncertainty", "analysis_samples": "99999999"},
     f"analysis_samples '99999999': a whole number from 100 to {samples_cap(N):,}", "analysis_samples", 10_000),
    ({"view": "Uncertainty", "analysis_samples": "5"}, "analysis_samples '5': a whole number from 100", "analysis_samples", 10_000),
    ({"view": "Uncertainty", "analysis_samples": "1e3.5"}, "analysis_samples '1e3.5': a whole number is expected",
     "analysis_samples", 10_000),
    ({"view": "Uncertainty", "analysis_samples": "250.5"}, "analysis_samples '250.5': a whole number is expected",
     "analysis_samples", 10_000),
    ({"view": "Uncertainty", "analysis_seed": "-4"}, "analysis_seed '-4': a whole number from 0 to 2,147,483,647",
     "analysis_seed", 0),
    ({"view": "Uncertainty", "analysis_concentration": "1e308"}, "analysis_concentration '1e308': a number from 1 to 200",
     "analysis_concentration", DEFAULT_CONCENTRATION),
    ({"view": "Uncertainty", "analysis_heat_count": "999"}, f"analysis_heat_count '999': a whole number from 2 to {N}",
     "analysis_heat_count", 15),
    ({"view": "Sensitivity", "analysis_sweep_count": "11"}, "analysis_sweep_count '11': a whole number from 2 to 10",
     "analysis_sweep_count", 6),
    ({"view": "Scenarios", "analysis_scen_count": "1"}, f"analysis_scen_count '1': a whole number from 2 to {N}",
     "analysis_scen_count", 15),
    ({"mode": "100 points", "pts_impact": "101"}, "pts_impact '101': a whole number from 0 to 100", "pts_impact", FIRST_POINTS),
    ({"mode": "100 points", "pts_impact": "1e9"}, "pts_impact '1e9': a whole number from 0 to 100", "pts_impact", FIRST_POINTS),
    ({"mode": "Ranking", "rank_impact": "0"}, f"rank_impact '0': a whole number from 1 to {len(DATA.criteria)}",
     "rank_impact", 1),
    ({"mode": "Pairwise (AHP)", "ahp_0_1": "9"}, "ahp_0_1 '9': a whole number from 0 to 8", "ahp_0_1", 4),
    ({"view": "Rank", "rank_contrib": "yes"}, "rank_contrib 'yes': '1' or '0' is expected", "rank_contrib", False),
])
def test_an_unusable_widget_number_is_said_and_the_widget_keeps_its_default(query, part, key, default):
    at = said_once(query, part)
    assert (at.session_state[key] if key in at.session_state else False) == default


@pytest.mark.parametrize("query, key, value", [
    ({"view": "Uncertainty", "analysis_samples": "1e3"}, "analysis_samples", 1000),
    ({"view": "Uncertainty", "analysis_seed": "2.0"}, "analysis_seed", 2),
    ({"view": "Sensitivity", "analysis_sweep_count": "4e0"}, "analysis_sweep_count", 4),
    ({"mode": "100 points", "pts_impact": "5E1"}, "pts_impact", 50),
])
def test_a_whole_number_in_e_notation_is_read_as_the_cli_reads_it(query, key, value):
    """try8: `?analysis_samples=1e3` said 'a whole number is expected' while `scoring smaa --samples 1e3` takes 1000
    (scoring.numbers.FlagNumber): every whole-number part of an address is read by that same rule."""
    at = app(**query)
    assert not at.exception and not notes(at), notes(at)
    assert at.session_state[key] == value and type(at.session_state[key]) is int


@pytest.mark.parametrize("adj, part", [
    (f"{OPTION}:{CRIT.id}:1e308", f"score adjustment '{OPTION}:{CRIT.id}:1e308': a score from {CRIT.scale_min:g} to {TOP:g}"),
    (f"{OPTION}:{CRIT.id}:nan", f"score adjustment '{OPTION}:{CRIT.id}:nan': 'nan' is not a number"),
    (f"ghost:{CRIT.id}:2", f"score adjustment 'ghost:{CRIT.id}:2': 'ghost' is not an option of the data in use"),
    (f"{OPTION}:nope:2", f"score adjustment '{OPTION}:nope:2': expected option:criterion:score"),
])
def test_an_unusable_score_adjustment_is_said_and_not_applied(adj, part):
    at = said_once({"view": "Evidence", "adj": adj}, part)
    assert not (at.session_state["adjustments"] if "adjustments" in at.session_state else {})


def test_an_adjusted_score_widget_outside_its_scale_is_said():
    key = f"adj_value_{OPTION}_{CRIT.id}"
    said_once({"view": "Evidence", key: f"{TOP + 1:g}"},
              f"{key} '{TOP + 1:g}': a number from {CRIT.scale_min:g} to {TOP:g}")


def test_numbers_at_the_widgets_own_bounds_are_used_without_a_word():
    ranges = state.widget_ranges(N, DATA.criteria.ids, samples_cap(N))
    at = app(method="vikor", vikor_v="1", view="Uncertainty", analysis_samples=str(samples_cap(N)), analysis_seed="0",
             analysis_concentration="200", analysis_heat_count=str(N), side_method="1")
    assert not notes(at), notes(at)
    assert not at.exception and not at.error
    drawn = {"vikor_v": at.slider(key="vikor_v"), "analysis_samples": at.number_input(key="analysis_samples"),
             "analysis_seed": at.number_input(key="analysis_seed"),
             "analysis_concentration": at.slider(key="analysis_concentration"),
             "analysis_heat_count": at.slider(key="analysis_heat_count")}
    for key, widget in drawn.items():  # ui.state.widget_ranges says what each widget itself takes
        assert (widget.min, widget.max) == ranges[key], (key, widget.min, widget.max, ranges[key])
        assert widget.value == ranges[key][1] or key == "analysis_seed", (key, widget.value)
    at = app(view="Sensitivity", analysis_sweep_count="10", mode="Ranking", rank_impact=str(len(DATA.criteria)))
    assert not notes(at), notes(at)
    assert (at.slider(key="analysis_sweep_count").min, at.slider(key="analysis_sweep_count").max) == ranges["analysis_sweep_count"]
    rank_field = at.number_input(key="rank_impact")
    assert (rank_field.min, rank_field.max, rank_field.value) == (*ranges["rank_impact"], len(DATA.criteria))
    at = app(mode="100 points", pts_impact="100")
    assert not notes(at), notes(at)
    assert (at.number_input(key="pts_impact").min, at.number_input(key="pts_impact").max) == ranges["pts_impact"]


def test_score_adjustments_in_an_address_rank_from_the_first_page():
    """A shared link with `adj=` ranks with those scores at once, not from the page's second rerun (left8's finding:
    the adjustments were applied before the first run read them from the address)."""
    data = load_dataset()
    last = rank(data, data.criteria.default_weights).table["id"].iloc[-1]  # the option ranked last with the defaults
    best = [f"{last}:{c.id}:{state.format_weight(c.scale_min if c.is_cost else c.scale_max)}" for c in data.criteria.criteria]
    adjusted = data
    for part in best:
        oid, cid, value = part.split(":")
        adjusted = adjusted.with_score(oid, cid, float(value))
    top = rank(adjusted, data.criteria.default_weights).top
    assert top != rank(data, data.criteria.default_weights).top
    at = app(view="Rank", adj="|".join(best))
    line = next(m.value for m in at.markdown if "Top option" in m.value)
    assert adjusted.titles[adjusted.ids.index(top)] in line, line
