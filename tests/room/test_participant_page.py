"""The participant page: answers from the widgets, preloading a returning participant, idempotency keys,
the closed-round Submit button, and the per-process cache the page and the facilitator share."""
from __future__ import annotations

import json
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scoring.loading import load_dataset  # noqa: E402
from scoring.ranking import rank  # noqa: E402
from scoring.store import LastAnswer, Store  # noqa: E402
from scoring.weights import points_allocation, rank_order_centroid  # noqa: E402
from ui.participant_view import (MODE_LABELS, SUBMIT_LABEL, SUBMIT_NEAR_LABEL, Answer,  # noqa: E402
                                 answer_from_inputs, answer_key, closed_notice, default_inputs, preload_inputs,
                                 slider_label, widget_key)
from ui.room_cache import KeyedCache  # noqa: E402
from ui.text import weight_help  # noqa: E402

PAGE = ROOT / "pages" / "1_Join_workshop.py"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_cost_sliders_say_lower_scoring_options_do_better_not_less_weight(dataset):
    """try4: "(less is better)" on a weight slider read as "set this weight low"; the note is about the options'
    scores on a cost criterion, so it says so, and the help says what the weight is."""
    labels = {c.id: slider_label(c) for c in dataset.criteria.criteria}
    cost = next(c for c in dataset.criteria.criteria if c.is_cost)
    assert slider_label(cost) == f"{cost.label} (a cost: lower-scoring options do better)"
    for c in dataset.criteria.criteria:
        assert labels[c.id].endswith("(a cost: lower-scoring options do better)") == c.is_cost
        assert "less is better" not in labels[c.id] and "more is better" not in labels[c.id]
    assert weight_help("", True) == ("A cost: options that score lower on it do better. "
                                     "The weight says how much this criterion counts.")
    assert any(c.is_cost for c in dataset.criteria.criteria) and not all(c.is_cost for c in dataset.criteria.criteria)


def test_answers_from_the_widgets_are_the_engine_weights(dataset):
    crits = dataset.criteria.criteria
    m = len(crits)
    state = default_inputs(crits) | {widget_key("sliders", c.id): v for c, v in zip(crits, range(m))}
    got = answer_from_inputs(crits, state)
    assert got.mode == "sliders" and got.weights == pytest.approx(np.arange(m) / np.arange(m).sum(), abs=1e-15)
    points = [100 - 5 * (m - 1)] + [5] * (m - 1)
    state = default_inputs(crits) | {"ws_mode": MODE_LABELS["points"]} | {
        widget_key("points", c.id): p for c, p in zip(crits, points)}
    assert answer_from_inputs(crits, state).weights == pytest.approx(points_allocation(points), abs=1e-15)
    state[widget_key("points", crits[0].id)] -= 1
    short = answer_from_inputs(crits, state)
    assert short.weights is None and f"spent {99} of 100" in short.problem
    positions = [1 + i % 3 for i in range(m)]
    state = default_inputs(crits) | {"ws_mode": MODE_LABELS["ranking"]} | {
        widget_key("ranking", c.id): p for c, p in zip(crits, positions)}
    assert answer_from_inputs(crits, state).weights == pytest.approx(rank_order_centroid(positions), abs=1e-15)
    zero = default_inputs(crits) | {widget_key("sliders", c.id): 0 for c in crits}
    assert answer_from_inputs(crits, zero).weights is None


def test_a_returning_participant_gets_their_last_answer_in_its_mode(dataset):
    crits = dataset.criteria.criteria
    raw = {c.id: i + 1 for i, c in enumerate(crits)}
    last = LastAnswer(2, 3, "ranking", raw, {}, datetime(2026, 1, 1, 10, 0))
    state = preload_inputs(crits, last)
    assert state["ws_mode"] == MODE_LABELS["ranking"]
    assert [state[widget_key("ranking", c.id)] for c in crits] == list(raw.values())
    assert answer_from_inputs(crits, state).raw == raw
    # something the page cannot show (another mode, a missing criterion, out of range) falls back safely
    assert preload_inputs(crits, LastAnswer(1, 1, "ahp", raw, {}, last.created_at)) == default_inputs(crits)
    assert preload_inputs(crits, LastAnswer(1, 1, "sliders", {crits[0].id: 3}, {}, last.created_at)) == default_inputs(crits)
    clipped = preload_inputs(crits, LastAnswer(1, 1, "sliders", {c.id: 99 for c in crits}, {}, last.created_at))
    assert {clipped[widget_key("sliders", c.id)] for c in crits} == {10}


def test_answer_keys_repeat_for_a_retry_and_differ_for_a_new_answer(dataset):
    crits = dataset.criteria.criteria
    a = answer_from_inputs(crits, default_inputs(crits))
    b = Answer(None, "sliders", {**a.raw, crits[0].id: 9})
    at = datetime(2026, 1, 1)
    first = answer_key(7, 1, a, None)  # A is answer 1
    stored_a = LastAnswer(1, 1, a.mode, dict(a.raw), {}, at)
    assert answer_key(7, 1, a, stored_a) == first  # the same A again (retry, reload + Submit): same key
    then_b = answer_key(7, 1, b, stored_a)  # B follows as answer 2
    assert then_b != first
    stored_b = LastAnswer(1, 2, b.mode, dict(b.raw), {}, at)
    assert answer_key(7, 1, b, stored_b) == then_b
    assert answer_key(7, 1, a, stored_b) not in (first, then_b)  # A again after B: a new answer 3
    assert answer_key(7, 2, a, stored_a) != first and answer_key(8, 1, a, None) != first


def test_the_keyed_cache_computes_once_per_version_for_many_sessions():
    cache = KeyedCache(size=2)
    calls = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it runs
        return "room"

    barrier = threading.Barrier(10)
    out = []

    def ask() -> None:
        barrier.wait()
        out.append(cache.get("ABC", 1, compute))

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert out == ["room"] * 10 and len(calls) == 1
    assert cache.get("ABC", 2, lambda: "new") == "new" and cache.computed == 2
    cache.get("D", 1, lambda: 1), cache.get("E", 1, lambda: 1)
    assert cache.get("ABC", 2, lambda: "again") == "again"  # only two keys kept: the oldest went


@pytest.fixture
def page_app(tmp_path, monkeypatch):
    """The Join page under AppTest against a fresh SQLite store (the process caches cleared)."""
    from streamlit.testing.v1 import AppTest

    from ui.room_cache import caches
    from ui.workshop_view import get_store

    url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    get_store.clear()
    caches.clear()
    store = Store(url)

    def make(token: str) -> AppTest:
        at = AppTest.from_file(str(PAGE), default_timeout=60)
        at.query_params["me"] = token
        return at
    yield store, make
    get_store.clear()
    caches.clear()
    store.close()


def _texts(at) -> str:
    return "\n".join([c.value for c in at.caption] + [t.value for t in at.text] + [s.value for s in at.success]
                     + [w.value for w in at.warning] + [i.value for i in at.info])


def test_the_page_preloads_the_last_answer_and_says_when_it_was_saved(page_app, dataset):
    store, make = page_app
    ws = store.create_workshop("Preload", dataset.criteria.ids)
    token = store.join(ws.workshop.code, "Ann").token
    raw = {c.id: 100 // len(dataset.ids) for c in dataset.criteria.criteria}
    raw = {c.id: p for c, p in zip(dataset.criteria.criteria, [100 - 11 * 8] + [11] * 8)}
    sub = store.submit(token, dict(zip(dataset.criteria.ids, points_allocation(list(raw.values())))), "points", raw)
    at = make(token).run()
    assert not at.exception
    assert at.radio(key="ws_mode").value == MODE_LABELS["points"]
    assert [at.number_input(key=widget_key("points", c.id)).value for c in dataset.criteria.criteria] == list(raw.values())
    when = sub.created_at.strftime("%H:%M:%S UTC on %Y-%m-%d")
    assert f"Your latest answer: answer 1 in round 1, saved at {when}." in _texts(at)
    # the preview is the engine's ranking for these weights
    expected = rank(dataset, points_allocation(list(raw.values()))).table["title"].head(5).tolist()
    assert at.dataframe[0].value["Option"].tolist() == expected
    # Submit without a change: the same answer, already stored, is not stored again
    at.button(key="ws_submit").click().run()
    assert "Already saved: answer 1 in round 1 (not stored twice)." in _texts(at)
    assert len(store.submissions(ws.workshop.code, ws.key)) == 1
    # a changed answer is new
    at.number_input(key=widget_key("points", dataset.criteria.ids[0])).set_value(raw[dataset.criteria.ids[0]] - 1)
    at.number_input(key=widget_key("points", dataset.criteria.ids[1])).set_value(raw[dataset.criteria.ids[1]] + 1)
    at.run()
    at.button(key="ws_submit").click().run()
    assert "Saved: answer 2 in round 1." in _texts(at)
    assert len(store.submissions(ws.workshop.code, ws.key)) == 2
    at.run()  # the page refreshes on its own: the confirmation stays while the screen shows the saved answer
    assert "Saved: answer 2 in round 1. The weights on screen are the ones that count." in _texts(at)
    at.number_input(key=widget_key("points", dataset.criteria.ids[0])).set_value(raw[dataset.criteria.ids[0]])
    at.number_input(key=widget_key("points", dataset.criteria.ids[1])).set_value(raw[dataset.criteria.ids[1]])
    at.run()  # moved away from it: no "Saved", the unsaved notice instead
    assert "Saved: answer" not in _texts(at) and "not saved yet" in _texts(at)


def test_a_closed_round_disables_submit_with_a_label_that_says_so(page_app, dataset):
    store, make = page_app
    ws = store.create_workshop("Closed", dataset.criteria.ids)
    token = store.join(ws.workshop.code).token
    at = make(token).run()
    assert at.button(key="ws_submit").label == SUBMIT_LABEL and not at.button(key="ws_submit").disabled
    store.close_round(ws.workshop.code, ws.key)
    time.sleep(1.6)  # the page reads the round through a 1.5 s per-process cache
    at.run()
    button = at.button(key="ws_submit")
    assert button.disabled and button.label == "Round 1 is closed: submitting is off"
    assert "You have not submitted an answer yet." in _texts(at)


def _in_order(node) -> list:
    """The page's elements top to bottom (AppTest's tree walked depth first)."""
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [leaf for key in sorted(children) for leaf in _in_order(children[key])]


def test_a_closed_round_is_said_first_under_the_heading_and_the_inputs_are_off(page_app, dataset):
    """try4: 'Round 1 is closed' showed only at the end of a 2,300-3,600 px phone page while the sliders at the top
    still moved, and the heading still said 'Join a workshop' after joining. Now the heading says 'Your answer',
    the first element under it says the round is closed, and every weight input (and the near Submit) is off."""
    store, make = page_app
    ws = store.create_workshop("Closed first", dataset.criteria.ids)
    token = store.join(ws.workshop.code, "Ann").token
    at = make(token).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Your answer"]
    assert not at.slider(key=widget_key("sliders", dataset.criteria.ids[0])).disabled
    assert at.button(key="ws_submit_near").label == SUBMIT_NEAR_LABEL
    store.close_round(ws.workshop.code, ws.key)
    time.sleep(1.6)  # the page reads the round through a 1.5 s per-process cache
    at.run()
    assert not at.exception
    elements = [e for e in _in_order(at.main) if getattr(e, "type", "") not in ("", "empty")]
    heading = next(i for i, e in enumerate(elements) if e.type == "title")
    assert elements[heading].value == "Your answer"
    assert elements[heading + 1].type == "alert" or hasattr(elements[heading + 1], "icon"), elements[heading + 1]
    assert elements[heading + 1].value == closed_notice(1), elements[heading + 1].value
    assert all(at.slider(key=widget_key("sliders", c.id)).disabled for c in dataset.criteria.criteria)
    assert at.radio(key="ws_mode").disabled
    assert not [b for b in at.button if b.key == "ws_submit_near"]


def test_the_submit_under_the_weights_saves_the_answer_on_screen(page_app, dataset):
    """try4: Submit was ~2.5 phone screens below the first slider; a second Submit sits right under the weights."""
    store, make = page_app
    ws = store.create_workshop("Near submit", dataset.criteria.ids)
    token = store.join(ws.workshop.code, "Bo").token
    at = make(token).run()
    first = dataset.criteria.ids[0]
    at.slider(key=widget_key("sliders", first)).set_value(9).run()
    at.button(key="ws_submit_near").click().run()
    assert not at.exception
    latest = store.latest(ws.workshop.code, ws.key)
    raw = np.array([9] + [5] * (len(dataset.criteria.ids) - 1), float)
    assert latest[dataset.criteria.ids].to_numpy(float)[0] == pytest.approx(raw / raw.sum(), abs=1e-12)
    assert "Saved: answer 1 in round 1." in _texts(at)


FACILITATOR_PAGE = ROOT / "pages" / "2_Facilitator.py"


def test_a_facilitator_refresh_of_an_unchanged_room_sends_the_charts_made_once(page_app, dataset):
    """The live room's analysis, tables and charts are made once per change of the room (ui.room_cache +
    ui.chart_spec), not on every refresh of every facilitator screen: a refresh of an unchanged room
    computes nothing and sends the same chart specs; a new answer makes them anew."""
    from streamlit.testing.v1 import AppTest

    from ui.room_cache import caches

    store, _ = page_app
    created = store.create_workshop("Refresh", dataset.criteria.ids)
    token = store.start_session(created.workshop.code, created.key)
    people = [store.join(created.workshop.code, f"P{i}") for i in range(3)]
    rng = np.random.default_rng(5)
    for p in people[:2]:
        store.submit(p.token, dict(zip(dataset.criteria.ids, rng.dirichlet(np.ones(len(dataset.criteria.ids))))))

    at = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60)
    at.query_params["code"] = created.workshop.code
    at.query_params["fs"] = token
    at.run()
    assert not at.exception
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert len(specs) == 8  # the room's seven charts and the rounds chart
    from ui import tables
    from ui.workshop_view import ROOM_TITLE_PX

    # the room's title columns wrap in full on a projector: rows as tall as the longest shipped title needs at the
    # width its column is given (tables.fitted; try5: measured at 360 px, drawn ~490 px wide, rows far too tall)
    checked = 0
    for frame in at.dataframe:
        for column in ("Option", "Their top option", "Top option at 10th percentile"):
            if column in frame.value.columns and frame.value[column].str.len().max() > 45:
                width = json.loads(frame.proto.columns)[column]["width"]
                assert width >= ROOM_TITLE_PX or column == "Top option at 10th percentile", (column, width)
                assert frame.proto.row_height == (tables.row_height({column: frame.value[column]}, width) or 0)
                checked += 1
    assert checked >= 3  # group ranking (top 10 and full), participants' top options
    made = caches()["room"].computed
    at.run()  # a refresh, nobody answered in between
    assert not at.exception
    assert caches()["room"].computed == made
    assert [c.proto.spec for c in at.get("vega_lite_chart")] == specs

    store.submit(people[2].token, dict(zip(dataset.criteria.ids, rng.dirichlet(np.ones(len(dataset.criteria.ids))))))
    at.run()
    assert caches()["room"].computed == made + 1
    after = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert len(after) == 8 and after != specs  # three answers now: the participants' charts changed


def test_switching_how_to_weigh_carries_the_weights_on_screen_over(page_app, dataset):
    """try1: a participant who gave two criteria weight and the rest 0 switched to Points and saw equal points
    (to Ranking: criteria in file order), one tap from submitting the opposite of her view. The new mode's
    widgets now start from the weights on screen."""
    store, make = page_app
    ws = store.create_workshop("Switch", dataset.criteria.ids)
    token = store.join(ws.workshop.code, "Ann").token
    at = make(token).run()
    ids = dataset.criteria.ids
    for k, cid in enumerate(ids):
        at.slider(key=widget_key("sliders", cid)).set_value({0: 10, 1: 5}.get(k, 0))
    at.run()
    assert not at.exception
    at.radio(key="ws_mode").set_value(MODE_LABELS["points"]).run()
    points = [at.number_input(key=widget_key("points", cid)).value for cid in ids]
    assert points == [67, 33] + [0] * (len(ids) - 2)  # 10:5 as 100 points, largest remainder
    at.radio(key="ws_mode").set_value(MODE_LABELS["ranking"]).run()
    positions = [at.selectbox(key=widget_key("ranking", cid)).value for cid in ids]
    assert positions == [1, 2] + [3] * (len(ids) - 2)  # the zero weights tie behind the two
    at.radio(key="ws_mode").set_value(MODE_LABELS["sliders"]).run()
    sliders = [at.slider(key=widget_key("sliders", cid)).value for cid in ids]
    # back from the ranking's centroid weights: the order survives (1st > 2nd > the tied rest)
    assert sliders[0] == 10 and sliders[0] > sliders[1] > sliders[2] and len(set(sliders[2:])) == 1
    assert not at.exception


def test_your_weights_add_up_to_100_and_read_as_the_projector_shows_them(page_app, dataset):
    """try4: seven sliders at 5, one at 10 and one at 0 read '11%' x 7, '22%', '0%' (99%). try9 8: whole percents
    by largest remainders then showed equal weights as 11% and 10% beside the projector's 10.4%. One decimal by
    largest remainders (scoring.room.percents_100): equal weights read alike, and the caption adds up to 100.0."""
    import re

    from scoring.room import percents_100

    assert percents_100(np.array([5] * 7 + [10, 0.0])).tolist() == [11.1] * 7 + [22.3, 0.0]
    assert percents_100(np.array([5] * 7 + [10, 3.0])).tolist() == [10.4] * 7 + [20.9, 6.3]  # try9 8's answer
    assert percents_100(np.ones(3)).tolist() == [33.4, 33.3, 33.3]
    store, make = page_app
    ws = store.create_workshop("Percent", dataset.criteria.ids)
    at = make(store.join(ws.workshop.code, "Cy").token).run()
    ids = dataset.criteria.ids
    at.slider(key=widget_key("sliders", ids[-2])).set_value(10)
    at.slider(key=widget_key("sliders", ids[-1])).set_value(0)
    at.run()
    caption = next(c.value for c in at.caption if c.value.startswith("Your weights:"))
    shown = [float(p) for p in re.findall(r" (\d+\.\d)%", caption)]
    assert len(shown) == len(ids) and round(sum(shown), 1) == 100.0 and shown[-1] == 0.0, caption
    assert len(set(shown[:-2])) == 1  # the equal sliders read alike


def test_a_facilitator_link_with_a_code_opens_on_open_a_workshop(page_app):
    """try4: /Facilitator?code=... opened on 'Start a workshop'; it opens on 'Open a workshop', the code filled in."""
    from streamlit.testing.v1 import AppTest

    def tabs_default(at) -> list[int]:
        found: list[int] = []

        def walk(node) -> None:
            proto = getattr(node, "proto", None)
            if proto is not None and hasattr(proto, "HasField") and "tab_container" in type(proto).DESCRIPTOR.fields_by_name \
                    and proto.HasField("tab_container"):
                found.append(proto.tab_container.default_tab_index)
            for key in sorted(getattr(node, "children", None) or {}):
                walk(node.children[key])
        walk(at.main)
        return found

    at = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60)
    at.query_params["code"] = "ABC234"
    at.run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Start a workshop", "Open a workshop"] and tabs_default(at) == [1]
    assert at.text_input(key="ws_open_code").value == "ABC234"
    plain = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60).run()
    assert tabs_default(plain) == [0]


def test_moves_and_refreshes_that_change_no_table_make_none_again(page_app, dataset, monkeypatch):
    """issue 12 (room9): a participant's move made the preview's frame, its wrapped layout and Arrow form again, and
    every self-refresh (6 s) renamed and rounded the 'Your answers' table again, though neither had changed. The
    preview is made once per process for each top 5 (`preview_table`, shared by everyone whose weights give it), the
    answers' table once per change of the answers. Counted: `ui.tables.plain_numbers`, which every table made passes.
    The preview still shows the engine's ranking for the weights on screen after each move."""
    from ui import tables

    store, make = page_app
    ws = store.create_workshop("Same tables", dataset.criteria.ids)
    token = store.join(ws.workshop.code, "Ann").token
    store.submit(token, {c: 1.0 for c in dataset.criteria.ids})
    at = make(token).run()
    first = dataset.criteria.ids[0]
    slider = at.slider(key=widget_key("sliders", first))
    for value in (9, 1):  # both previews made once
        slider.set_value(value).run()
    made = []
    real = tables.plain_numbers
    monkeypatch.setattr(tables, "plain_numbers", lambda data: made.append(1) or real(data))
    for value in (9, 1, 9, 1):
        at.slider(key=widget_key("sliders", first)).set_value(value).run()
        assert not at.exception, at.exception
        raw = np.array([at.slider(key=widget_key("sliders", c)).value for c in dataset.criteria.ids], dtype=float)
        expected = rank(dataset, raw / raw.sum()).table.head(5)
        preview = at.dataframe[0].value
        assert preview["Option"].tolist() == expected["title"].tolist()
        assert preview["Rank"].tolist() == expected["rank"].tolist()
    assert len(at.expander) and any(e.label == "Your answers (1)" for e in at.expander)  # the answers' table is drawn
    assert made == [], f"{len(made)} tables made again by 4 moves between two known weightings"
