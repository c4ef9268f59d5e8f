"""What the page says when a person is half-way or something is off (try6, fifth session, issue 12).

A lone uploaded file was kept and ignored without a word; an empty options.csv the same; problem lists were a
code block that cut long lines; "1 options"; a plain reload turned "(defaults)" into "(custom)"; with Advanced
closed nothing in the sidebar named the method in use.
"""
from __future__ import annotations

import pytest

from dashboard_support import app, profile_box, slider_weights, upload
from scoring import load_dataset, rank
from support import ROOT


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def test_a_lone_options_file_is_kept_and_the_page_says_what_to_add():
    at = app()
    at.session_state["uploads"] = {"options": b"id,title,impact\nx,X,3\n", "options_name": "mine.csv"}
    at.run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info if "upload criteria.yaml too" in i.value] == [
        "Your options.csv (mine.csv) is kept: upload criteria.yaml too to use your data. The shipped data is used meanwhile."]
    assert at.dataframe[0].value["id"].tolist()[0] == rank(load_dataset()).top


def test_a_lone_criteria_file_asks_for_options():
    at = app()
    at.session_state["uploads"] = {"criteria": (ROOT / "criteria.yaml").read_bytes(), "criteria_name": "c.yaml"}
    at.run()
    assert any("Your criteria.yaml (c.yaml) is kept: upload options.csv too" in i.value for i in at.info)


def test_an_empty_options_file_is_reported_not_ignored():
    at = app()
    at.session_state["uploads"] = {"options": b"", "options_name": "empty.csv",
                                   "criteria": (ROOT / "criteria.yaml").read_bytes(), "criteria_name": "criteria.yaml"}
    at.run()
    assert not at.exception
    assert "Your files could not be used" in at.error[0].value
    assert "empty.csv" in at.code[0].value


def test_problem_lists_wrap_their_long_lines():
    at = app()
    at.session_state["uploads"] = {"options": b"id,title,impact\nx,Option X,seven\n", "options_name": "mine.csv",
                                   "criteria": (ROOT / "criteria.yaml").read_bytes(), "criteria_name": "criteria.yaml"}
    at.run()
    assert at.code[0].proto.wrap_lines is True


def test_a_small_upload_counts_in_words():
    at = upload(app(), b"id,title,impact\nx,Option X,5\n")
    assert [s.value for s in at.success] == ["Using your data: 1 option, 1 criterion."]


def test_a_plain_reload_keeps_the_defaults_named():
    first = app()
    params = {k: first.query_params[k] for k in first.query_params}
    assert "w" in params  # the address holds the weights
    again = app(**params)
    assert profile_box(again).value == "(defaults)"


def test_the_method_in_use_is_named_while_advanced_is_closed():
    at = app(method="vikor")
    assert "In use: VIKOR, v = 0.5." in [c.value for c in at.sidebar.caption]
    at = app(method="topsis", norm="minmax")
    assert "In use: TOPSIS, minmax normalization." in [c.value for c in at.sidebar.caption]
    opened = app(method="topsis", side_method="1")
    assert not any(c.value.startswith("In use:") for c in opened.sidebar.caption)  # the open section shows it


def test_a_tap_on_any_cell_of_a_rank_row_opens_that_option():
    """try6 3: on a phone a tap on a title only selected that cell; the panel kept showing #1."""
    at = app()
    table = at.dataframe[0].value
    at.session_state["rank_table"] = {"selection": {"cells": [[2, "title"]]}}  # the third row's title cell
    at.run()
    assert not at.exception
    third = table["title"].iloc[2]
    assert any(m.value.startswith(f"**#{int(table['rank'].iloc[2])} · ") and third[:20] in m.value.replace("\\", "")
               for m in at.markdown)


def test_what_an_address_could_not_use_is_said_once():
    """try6 11: w=impact:abc, an unknown method, view or theme fell back to the defaults without a word."""
    at = app(w="impact:abc,cost:-1", method="magic", view="Nowhere", theme="doesnotexist")
    assert not at.exception and not at.error
    notes = [i.value for i in at.info if i.value.startswith("Parts of this address could not be used")]
    assert len(notes) == 1, [i.value for i in at.info]
    text = notes[0].replace("\\", "")
    for part in ("weight 'impact:abc': 'abc' is not a number",
                 "weight 'cost:-1': a weight is a number from 0", "method 'magic' is not one of weighted-sum",
                 "view 'Nowhere' is not one of Rank", "theme 'doesnotexist' is not a theme of any option"):
        assert part in text, (part, text)
    at.slider(key="w_cost").set_value(3.0).run()  # said on the page the link opened, not on every rerun
    assert not any(i.value.startswith("Parts of this address") for i in at.info)


def test_an_all_zero_address_says_the_defaults_are_used(shipped):
    at = app(w=",".join(f"{cid}:0" for cid in shipped.criteria.ids))
    assert any("the weights are all 0, so the criteria's default weights are used" in i.value for i in at.info)
    assert slider_weights(at, shipped.criteria.ids).tolist() == shipped.criteria.default_weights.tolist()


def test_an_address_naming_some_criteria_sets_those_and_keeps_the_defaults_of_the_others(shipped):
    """As the CLI applies --weights impact=9 over the default weights (or over --profile's)."""
    ids, defaults = shipped.criteria.ids, shipped.criteria.default_weights
    at = app(w="impact:9,cost:0")
    expected = [9.0 if c == "impact" else 0.0 if c == "cost" else float(d) for c, d in zip(ids, defaults)]
    assert slider_weights(at, ids).tolist() == expected
    assert not any(i.value.startswith("Parts of this address") for i in at.info)
    profile = next(iter(shipped.criteria.profiles))
    over = app(profile=profile, w="impact:9")
    prof = shipped.criteria.profiles[profile].weights
    assert slider_weights(over, ids).tolist() == [9.0 if c == "impact" else float(prof.get(c, 0.0)) for c in ids]


def test_an_address_made_for_another_tables_criteria_uses_none_of_its_weights(shipped):
    """try9 2: an own upload's address (criteria benefit, cost, speed) reloaded on the shipped data set cost to 2 and
    every other shipped criterion to 0: 17 options tied at the top, under a line saying the defaults stood."""
    at = app(w="benefit:3,cost:2,speed:1")
    assert slider_weights(at, shipped.criteria.ids).tolist() == shipped.criteria.default_weights.tolist()
    line = next(i.value for i in at.info if i.value.startswith("Parts of this address"))
    assert "its weights are for other criteria ('benefit', 'speed' are not criteria of the data in use)" in line
    assert "none of them is used" in line


def test_a_good_address_says_nothing():
    first = app(view="Methods", method="topsis")
    again = app(**{k: first.query_params[k] for k in first.query_params})
    assert not any(i.value.startswith("Parts of this address") for i in again.info)


def test_uncertainty_and_scenarios_name_the_method_they_rank_by():
    """try7 2: with Advanced closed, Uncertainty and Scenarios never said which method ranked their draws."""
    for view, start in (("Uncertainty", "Each draw is ranked by TOPSIS, minmax normalization."),
                        ("Scenarios", "Every scenario is ranked by TOPSIS, minmax normalization, the method in use.")):
        at = app(view=view, method="topsis", norm="minmax")
        assert not at.exception and not at.error
        assert any(start in c.value for c in at.caption), (view, [c.value for c in at.caption])


def test_a_lone_empty_file_is_called_empty():
    """try7 3: an empty options.csv alone was 'kept', its emptiness said only once criteria.yaml came."""
    at = app()
    at.session_state["uploads"] = {"options": b"", "options_name": "empty.csv"}
    at.run()
    assert any(i.value.startswith("Your options.csv (empty.csv) is empty (0 bytes)") for i in at.info)


def test_a_table_used_again_in_the_session_gets_its_weights_back(shipped):
    """try9 14: upload a good pair, move a weight, upload a broken options.csv (the shipped data meanwhile), then the
    good file again: the weights came back as the file's defaults, the move lost. Each table keeps its own weights
    for the session, the shipped data's too."""
    criteria = (b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}\n"
                b"  - {id: speed, label: Speed, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n")
    good = b"id,title,impact,speed\nx,Option X,5,1\ny,Option Y,1,5\n"
    at = app()
    at.slider(key="w_cost").set_value(7.0).run()  # a move on the shipped data
    at = upload(at, good, criteria)
    assert [at.slider(key="w_impact").value, at.slider(key="w_speed").value] == [3.0, 1.0]
    at.slider(key="w_speed").set_value(4.0).run()
    at = upload(at, b"id,title,impact,speed\nx,Option X,seven,1\n", criteria)
    assert at.error and at.slider(key="w_cost").value == 7.0  # the shipped data meanwhile, with its own move
    at = upload(at, good, criteria)
    assert not at.error
    assert [at.slider(key="w_impact").value, at.slider(key="w_speed").value] == [3.0, 4.0]
    assert at.dataframe[0].value["id"].tolist() == rank(load_dataset_from(good, criteria), [3.0, 4.0]).table["id"].tolist()


def load_dataset_from(options: bytes, criteria: bytes):
    from scoring.loading import check_dataset

    dataset, problems = check_dataset(options, criteria, None)
    assert dataset is not None, problems
    return dataset
