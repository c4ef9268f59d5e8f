"""The participant page (Join workshop): join, weigh, see your top options, submit; cheap per move.

A room of 100 people each moving a weight every few seconds is the load this page is built for, so
the page is split by how often each part changes:

- once per session (a full run): who you are, the workshop, your latest answer preloaded into the
  widgets (same weighting mode) and when it was saved;
- per move: only the weights fragment reruns (the widgets and the preview of your top options, ranked
  by the engine). It reads nothing from the database;
- every few seconds and on submit: the answer fragment (round open or closed, the Submit button, your
  latest answer). It reads the round state through a per-process cache shared by every session of
  the workshop. When the round changes (new data may come with it: "update the data" opens a round)
  or the revealed room's result changes, it reruns the whole page once, so the preview uses the
  round's data and the revealed result is drawn at the top of the page (on a phone it would otherwise
  be ~3,000 px down, under the sliders). The revealed room is analysed once per workshop and change.

Display names are user input: shown only through st.text and tables, never markdown or HTML.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd
import streamlit as st

from scoring.errors import ScoringError
from scoring.model import Criterion, Dataset
from scoring.ranking import rank_head, rank_scores
from scoring.store import NAME_MAX, LastAnswer, Store, Workshop, clean_display_name
from scoring.weights import points_allocation, points_from_weights, rank_order_centroid

from ui import show, tables, workshop_charts as charts
from scoring.room import (TOP_K, analyse, equal_points, percents_100, group_ranking_table, ranking_table,
                          room_from_revealed)
from ui.room_cache import caches, round_state
from ui.text import escape, weight_help, weight_label
from ui.workshop_view import REFRESH_SECONDS, _text, get_store, guarded, message, workshop_dataset

MODE_LABELS = {"sliders": "Sliders", "points": "Points (100 to share)", "ranking": "Ranking"}
MODE_OF_LABEL = {v: k for k, v in MODE_LABELS.items()}
SUBMIT_LABEL = "Submit my weights"
SUBMIT_NEAR_LABEL = "Submit these weights"  # the same Submit, right under the last weight (try4: ~2.5 screens up)
STATUS_SECONDS = REFRESH_SECONDS * 2  # how often the answer fragment looks at the round
SLIDER_MAX = 10


# ================================================================= plain functions (no drawing)

def slider_label(c: Criterion) -> str:
    """A slider's label; cost criteria say that lower-scoring options do better (on a phone there is no other
    hint), in words about the options, not the weight (ui.text.weight_label).

    The criterion's label comes from the data: escaped, because widget labels render Markdown."""
    return weight_label(c.label, c.is_cost)


def widget_key(mode: str, cid: str) -> str:
    return {"sliders": "ws_slider_", "points": "ws_points_", "ranking": "ws_rank_"}[mode] + cid


def default_inputs(criteria: list[Criterion]) -> dict[str, Any]:
    """Session-state values every widget starts from (so none is created with a value= as well)."""
    state: dict[str, Any] = {"ws_mode": MODE_LABELS["sliders"]}
    for i, (c, p) in enumerate(zip(criteria, equal_points(len(criteria)))):
        state[widget_key("sliders", c.id)] = 5
        state[widget_key("points", c.id)] = p
        state[widget_key("ranking", c.id)] = i + 1
    return state


def preload_inputs(criteria: list[Criterion], last: LastAnswer | None) -> dict[str, Any]:
    """The widgets' starting values: the participant's latest answer in its own mode, else the defaults."""
    state = default_inputs(criteria)
    if last is None or last.mode not in MODE_LABELS or not isinstance(last.raw, Mapping):
        return state
    ids = [c.id for c in criteria]
    raw = last.raw
    if not all(isinstance(raw.get(cid), (int, float)) and not isinstance(raw.get(cid), bool) for cid in ids):
        return state
    bounds = {"sliders": (0, SLIDER_MAX), "points": (0, 100), "ranking": (1, len(ids))}[last.mode]
    for cid in ids:
        state[widget_key(last.mode, cid)] = int(min(max(round(float(raw[cid])), bounds[0]), bounds[1]))
    state["ws_mode"] = MODE_LABELS[last.mode]
    return state


@dataclass(frozen=True)
class Answer:
    """What the widgets hold now: normalized weights (None while not valid), mode, raw input, and why not."""

    weights: np.ndarray | None
    mode: str
    raw: dict[str, int]
    problem: str | None = None


def answer_from_inputs(criteria: list[Criterion], state: Mapping[str, Any]) -> Answer:
    """Turn the widget values into weights, exactly as the engine's elicitation functions define them."""
    defaults = default_inputs(criteria)
    mode = MODE_OF_LABEL.get(state.get("ws_mode", ""), "sliders")
    raw = {c.id: int(state.get(widget_key(mode, c.id), defaults[widget_key(mode, c.id)])) for c in criteria}
    values = list(raw.values())
    if mode == "sliders":
        total = sum(values)
        if total == 0:
            return Answer(None, mode, raw, "Give at least one criterion a weight above 0.")
        return Answer(np.array(values, float) / total, mode, raw)
    if mode == "points":
        spent = sum(values)
        if spent != 100:
            return Answer(None, mode, raw, f"You have spent {spent} of 100 points; spend exactly 100 to submit.")
        return Answer(points_allocation(values), mode, raw)
    return Answer(rank_order_centroid(values), mode, raw)


def carried_inputs(criteria: list[Criterion], weights: np.ndarray, mode: str) -> dict[str, int]:
    """Widget values for `mode` that say what `weights` say, as closely as the mode can: when a participant
    switches how to weigh, the new widgets start from their current view, not from the defaults (try1: a
    participant's zero weights came back as equal points or as criteria order, one tap from being submitted).

    sliders: 0..SLIDER_MAX, the largest weight at the top; points: 100 shared by largest remainders; ranking:
    position 1 + the number of criteria weighing more (equal weights share a position)."""
    w = np.asarray(weights, dtype=float)
    if mode == "sliders":
        values = np.rint(SLIDER_MAX * w / w.max()).astype(int)
    elif mode == "points":
        values = points_from_weights(w, 100)
    else:
        values = rank_scores(w)  # competition ranks: equal weights share a position, as the ranking mode reads ties
    return {widget_key(mode, c.id): int(v) for c, v in zip(criteria, values)}


def same_input(last: LastAnswer, answer: Answer) -> bool:
    """Whether a stored answer holds exactly what the widgets hold now (same mode, same values)."""
    return last.mode == answer.mode and isinstance(last.raw, Mapping) and dict(last.raw) == answer.raw


def answer_key(participant_id: int, round_number: int, answer: Answer, last: LastAnswer | None) -> str:
    """The key that makes one answer idempotent (stored once however often it is sent).

    It names the answer (participant, round, mode, what was entered) and the answer it follows: the
    latest answer of this round, or, when the latest already holds exactly this input, the one
    before it, which is what its key was made from. So a retry after a dropped connection, a second
    click or a reload followed by Submit finds the stored answer (`repeated`), while A, then B, then
    A again stores three answers.
    """
    after = 0
    if last is not None and last.round == round_number:
        after = last.sequence - 1 if same_input(last, answer) else last.sequence
    doc = json.dumps([participant_id, round_number, after, answer.mode, answer.raw], sort_keys=True)
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def browser_sent_keys() -> set[str]:
    """The widget keys whose values the browser sent with this run. A page that reconnected to a new
    server process (the old one died) re-sends what it shows; a first load or a reload sends none.

    Widget ids end in their key (Streamlit's `$$ID-<hash>-<key>`). Read through Streamlit's session
    state internals; if they change, the empty set (the stored answer is preloaded, as before)."""
    try:
        from streamlit.runtime.state import get_session_state

        ids = [w.id for w in get_session_state().get_widget_states()]
    except Exception:  # noqa: BLE001 - internals moved: behave as on a first load
        return set()
    return {i.split("-", 2)[2] for i in ids if i.startswith("$$ID-") and i.count("-") >= 2}


def browser_sent_inputs() -> bool:
    """Whether the browser sent values for the weight widgets (a reconnect, not a first load)."""
    return any(k.startswith(("ws_slider_", "ws_points_", "ws_rank_")) or k == "ws_mode" for k in browser_sent_keys())


def unsaved_notice(last: LastAnswer | None, answer: Answer) -> str | None:
    """The sentence shown while the widgets hold something other than the latest saved answer."""
    if last is None or same_input(last, answer):
        return None
    return (f"Your weights on screen are not saved yet (latest saved: answer {last.sequence} at "
            f"{last.created_at.strftime('%H:%M')}). Submit to save them.")


def layout_key(round_number: int, revealed: "Revealed | None", is_open: bool = True) -> tuple[Any, ...]:
    """What the whole page was drawn for: the current round (a new round may bring new data), whether it is open
    (said at the top, and the inputs are off while closed) and the revealed result shown at the top (round,
    answers, group weights); the answer fragment compares."""
    if revealed is None:
        return (round_number, is_open, None)
    weights = None if revealed.result is None else tuple(np.round(revealed.result.group_weights, 9))
    return (round_number, is_open, revealed.number, revealed.answers, weights)


def closed_notice(round_number: int) -> str:
    """Said at the top of a participant's page while the round is closed (try4: it was only at the page's end,
    ~3,000 px down on a phone, while the sliders at the top still moved)."""
    return (f"Round {round_number} is closed: you cannot change or submit your weights now. "
            "Wait for the facilitator to open the next round.")


# ================================================================= per-process shared state

@dataclass(frozen=True)
class Revealed:
    number: int
    answers: int
    result: Any  # RoomResult | None (nobody counted)


def revealed_room(store: Store, token: str, code: str, dataset: Dataset) -> Revealed | None:
    """The revealed round's anonymous group result, analysed once per workshop and change of the room
    (not once per participant and refresh)."""
    def compute() -> Revealed | None:
        found = store.revealed_room(token)
        if found is None:
            return None
        number, frame = found
        workshop = store.workshop(code)
        room = room_from_revealed(frame, workshop.criteria)
        aggregation = str(workshop.settings.get("aggregation", "arithmetic"))
        data = workshop_dataset(workshop, number)  # the data that round was answered on
        return Revealed(number, len(frame), analyse(room, data, workshop, aggregation))

    return caches()["revealed"].get(code, (store.room_version(code), dataset.sha256), compute)


# ================================================================= the page

def join_page() -> None:
    tables.page_style()  # room above every table for its toolbar (one rule for the page)
    heading = st.empty()  # "Join a workshop" until the person has joined, then "Your answer"
    heading.title("Join a workshop")
    guarded(lambda: _join_body(heading))


def _join_body(heading: Any = None) -> None:
    store = get_store()
    params = st.query_params
    token = st.session_state.get("ws_token") or params.get("me")
    participant = None
    if token:
        try:
            participant = store.participant(token)
            st.session_state["ws_token"] = token
        except ScoringError as exc:
            if exc.problems[0].file and params.get("code"):  # unknown token: was the workshop deleted?
                try:
                    store.workshop(params["code"])
                except ScoringError as gone:
                    exc = gone
            if not exc.problems[0].file:  # a sentence for people, e.g. "The facilitator removed you ..."
                st.warning(escape(message(exc)))
            if "removed you" in message(exc):  # no Join form for them here: removal is not one click away
                st.session_state["ws_removed"] = True
                st.session_state.pop("ws_token", None)
                return
            st.session_state.pop("ws_token", None)
            if "me" in params:
                del params["me"]
            token = None
    if participant is None or token is None:
        if st.session_state.get("ws_removed"):
            st.warning("The facilitator removed you from this workshop.")
            return
        _join_form(store, params.get("code", ""))
        return
    workshop = store.workshop(participant.workshop_code)
    dataset = workshop_dataset(workshop)
    if heading is not None:
        heading.title("Your answer")
    rnd = round_state(store, workshop.code)
    if not rnd.is_open:  # first, under the heading: a phone sees it before any input
        st.warning(closed_notice(rnd.number))
    _text("Workshop", workshop.name)
    _text("You take part as", participant.label)
    if st.session_state.get("ws_name_cut"):
        st.caption(f"Your name was cut to {NAME_MAX} characters.")
    st.caption("Keep this page's address to come back as the same participant; do not share it.")
    # What the page's layout was drawn for; the answer fragment reruns the whole page when it changes.
    revealed = revealed_room(store, token, workshop.code, dataset) if rnd.revealed_number is not None else None
    st.session_state["ws_layout"] = layout_key(rnd.number, revealed, rnd.is_open)
    if revealed is not None:  # at the top: a phone sees it without scrolling past every slider
        st.success(f"The facilitator revealed the room's result for round {revealed.number}.")
        _revealed(dataset, revealed)
    if st.session_state.get("ws_loaded") != token:  # first run of this session: bring back the last answer
        last = store.last_answer(token)
        if not browser_sent_inputs():  # a reconnect to another process keeps what the browser shows
            for k, v in preload_inputs(dataset.criteria.criteria, last).items():
                st.session_state[k] = v
        st.session_state["ws_last"] = last
        st.session_state["ws_history"] = store.my_submissions(token)
        st.session_state["ws_loaded"] = token
    _weights(dataset, workshop, rnd.is_open, (token, participant.id, workshop.code))
    _answer(token, participant.id, workshop.code, dataset)


@st.fragment
def _weights(dataset: Dataset, workshop: Workshop, is_open: bool = True,
             who: tuple[str, int, str] | None = None) -> None:
    """Reruns alone on every move: the widgets, a Submit right under them and the preview, no database (but on
    Submit). While the round is closed (`is_open` False; the page reruns whole when that changes) the inputs are
    off. `who`: (token, participant id, workshop code) for the Submit."""
    crits = dataset.criteria.criteria
    held = st.session_state.to_dict()  # one snapshot: every lookup on st.session_state rebuilds its dict
    sent = browser_sent_keys() if not held.get("ws_mode") else set()  # after a reconnect: what the browser shows
    for k, v in default_inputs(crits).items():  # a mode switch drops the hidden widgets' values: restart them
        if k not in held and k not in sent:
            st.session_state[k] = v
    drawn, chosen = held.get("ws_mode_drawn"), held.get("ws_mode")
    if drawn in MODE_OF_LABEL and chosen in MODE_OF_LABEL and drawn != chosen:  # a switch: carry the view over
        before = answer_from_inputs(crits, {**held, "ws_mode": drawn})  # the old widgets still hold their values
        if before.weights is not None:
            for k, v in carried_inputs(crits, before.weights, MODE_OF_LABEL[chosen]).items():
                st.session_state[k] = v
    off = not is_open
    mode = MODE_OF_LABEL[st.radio("How do you want to weigh?", list(MODE_LABELS.values()), horizontal=True,
                                  key="ws_mode", disabled=off)]
    st.session_state["ws_mode_drawn"] = MODE_LABELS[mode]
    if mode == "sliders":
        for c in crits:
            st.slider(slider_label(c), 0, SLIDER_MAX, key=widget_key(mode, c.id),
                      help=weight_help(c.description, c.is_cost), disabled=off)
    elif mode == "points":
        for c in crits:
            st.number_input(escape(c.label), min_value=0, max_value=100, step=1, key=widget_key(mode, c.id),
                            disabled=off)
    else:
        positions = list(range(1, len(crits) + 1))
        for c in crits:
            st.selectbox(f"{escape(c.label)}: position (1 = most important)", positions, key=widget_key(mode, c.id),
                         disabled=off)
        st.caption("Equal positions are ties. Weights follow the rank-order centroid (Barron & Barrett 1996).")
    answer = answer_from_inputs(crits, st.session_state.to_dict())
    if answer.weights is None:
        st.warning(answer.problem or "")
        return
    if who is not None and is_open:
        if st.button(SUBMIT_NEAR_LABEL, type="primary", key="ws_submit_near"):
            token, participant_id, code = who
            saved: list[bool] = []  # a round closed since the page was drawn: a readable message, no traceback
            guarded(lambda: saved.append(_submit(get_store(), token, participant_id, code, dataset)))
            if saved and saved[0]:
                st.session_state["ws_saved_near"] = True
                st.rerun(scope="app")  # the answer fragment below says so too, at once
        last: LastAnswer | None = st.session_state.get("ws_last")
        if st.session_state.get("ws_saved_near") and last is not None and same_input(last, answer):
            st.success(f"Saved: answer {last.sequence} in round {last.round}.")
        else:
            st.session_state.pop("ws_saved_near", None)
    _preview(dataset, workshop, answer.weights)


def _preview(dataset: Dataset, workshop: Workshop, weights: np.ndarray) -> None:
    """Your weights in % and your top options under them, ranked by the engine."""
    head = rank_head(dataset, weights, workshop.method, workshop.normalization, n=TOP_K + 1)  # +1: a tie across the cut
    st.caption("Your weights: " + ", ".join(f"{escape(c.label)} {p:.1f}%"  # as the projector's table shows them
                                            for c, p in zip(dataset.criteria.criteria, percents_100(weights))))
    st.caption(f"Your top {TOP_K} under these weights")
    preview_table(tuple(head["rank"].tolist()), tuple(head["title"].astype(str).tolist())).draw()


@functools.lru_cache(maxsize=1024)
def preview_table(ranks: tuple[int, ...], titles: tuple[str, ...]) -> tables.Table:
    """The preview's Rank (/ Tied) / Option table for a ranking's head (competition ranks and titles, best first, the
    TOP_K shown and one more for a tie across the cut), made once per process for each such head and drawn by
    every participant whose weights give it: a move often keeps the same top 5, and many people share one (issue 12,
    room9: the frame, its wrapped layout and its Arrow form were made on every move)."""
    head = pd.DataFrame({"rank": np.asarray(ranks, dtype=int), "title": list(titles)})
    return _titles_table(ranking_table(head, TOP_K, score=False)).in_arrow()


@st.fragment(run_every=STATUS_SECONDS)
def _answer(token: str, participant_id: int, code: str, dataset: Dataset) -> None:
    """The round's state, the Submit button (saying when the round is closed), your latest answer."""
    def body() -> None:
        store = get_store()
        # The store's latest answer (another tab or device of the same person may have answered since);
        # one indexed read, which also says "The facilitator removed you ..." within one refresh.
        _reread_last(store, token)
        rnd = round_state(store, code)
        if rnd.is_open:
            st.info(f"Round {rnd.number} is open: set your weights and submit. You can resubmit; "
                    "your latest answer counts.")
            label = SUBMIT_LABEL
        else:
            st.warning(f"Round {rnd.number} is closed. Wait for the facilitator to open the next round.")
            label = f"Round {rnd.number} is closed: submitting is off"
        submitted = st.button(label, type="primary", disabled=not rnd.is_open, key="ws_submit")
        if submitted:
            _submit(store, token, participant_id, code, dataset)
        last: LastAnswer | None = st.session_state.get("ws_last")
        notice = unsaved_notice(last, answer_from_inputs(dataset.criteria.criteria, st.session_state.to_dict()))
        if notice and rnd.is_open:
            st.warning(notice)
        elif not submitted and last is not None and notice is None and last.round == rnd.number:
            # the confirmation stays while the screen shows the saved answer (it used to vanish at the next
            # refresh of this fragment, ~2.5 s after Submit: try1)
            st.success(f"Saved: answer {last.sequence} in round {last.round}. The weights on screen are the ones that count.")
        if last is None:
            st.caption("You have not submitted an answer yet.")
        else:
            when = last.created_at.strftime("%H:%M:%S UTC on %Y-%m-%d")
            note = "" if last.round == rnd.number else f" (round {rnd.number} has no answer from you yet)"
            st.caption(f"Your latest answer: answer {last.sequence} in round {last.round}, saved at {when}{note}.")
        history = st.session_state.get("ws_history")
        if history is not None and len(history):
            with st.expander(f"Your answers ({len(history)})"):
                _history_table(history, dataset).draw()
        revealed = revealed_room(store, token, code, dataset) if rnd.revealed_number is not None else None
        if layout_key(rnd.number, revealed, rnd.is_open) != st.session_state.get("ws_layout"):
            st.rerun(scope="app")  # a new round (perhaps on new data) or a new revealed result: redraw the page
    guarded(body)


def _history_table(history, dataset: Dataset) -> tables.Table:
    """The table of your answers, made (renamed, rounded, converted to Arrow) once per change of them and kept in
    session state beside the frame it was made from: the answer fragment that draws it refreshes every few seconds
    (issue 12, room9: rounding its weights on each refresh made it ~2.5 ms dearer)."""
    held = st.session_state.get("ws_history_table")
    if held is None or held[0] is not history:
        shown = history.rename(columns={c.id: c.label for c in dataset.criteria.criteria})
        held = (history, tables.table(shown, hide_index=True).in_arrow())
        st.session_state["ws_history_table"] = held
    return held[1]


def _reread_last(store: Store, token: str) -> LastAnswer | None:
    """The participant's latest answer from the store (not this session's idea of it), history on change."""
    last = store.last_answer(token)
    before: LastAnswer | None = st.session_state.get("ws_last")
    st.session_state["ws_last"] = last
    if last is not None and (before is None or (before.round, before.sequence) != (last.round, last.sequence)):
        st.session_state["ws_history"] = store.my_submissions(token)
    return last


def _submit(store: Store, token: str, participant_id: int, code: str, dataset: Dataset) -> bool:
    """Store the widgets' answer; True when it is saved (now or before)."""
    answer = answer_from_inputs(dataset.criteria.criteria, st.session_state)
    if answer.weights is None:
        st.error(answer.problem or "Not a valid answer yet.")
        return False
    last = _reread_last(store, token)  # the store's latest: a stale tab must not compare with an old answer
    rnd = round_state(store, code)
    if last is not None and last.round == rnd.number and same_input(last, answer):
        st.success(f"Already saved: answer {last.sequence} in round {last.round} (not stored twice).")
        return True
    weights = dict(zip(dataset.criteria.ids, map(float, answer.weights)))
    sub = store.submit(token, weights, answer.mode, answer.raw,
                       answer_key=answer_key(participant_id, rnd.number, answer, last))
    if sub.repeated:  # "already saved" only while that answer is still the latest of the round
        latest = store.last_answer(token)
        if latest is not None and (latest.round, latest.sequence) != (sub.round, sub.sequence):
            sub = store.submit(token, weights, answer.mode, answer.raw,
                               answer_key=answer_key(participant_id, rnd.number, answer, latest))
    st.session_state["ws_last"] = LastAnswer(sub.round, sub.sequence, sub.mode, answer.raw, sub.weights, sub.created_at)
    st.session_state["ws_history"] = store.my_submissions(token)
    if sub.repeated:
        st.success(f"Already saved: answer {sub.sequence} in round {sub.round} (stored once).")
    else:
        st.success(f"Saved: answer {sub.sequence} in round {sub.round}.")
    return True


def join_client() -> str | None:
    """The device a join counts against: behind `scoring serve`'s nginx (SCORING_TRUSTED_PROXY=1, set by the
    launcher) the X-Scoring-Client header nginx overwrites with the connecting address; else the address
    Streamlit sees (None for localhost, then the limit does not apply)."""
    if os.environ.get("SCORING_TRUSTED_PROXY") == "1":
        forwarded = st.context.headers.get("X-Scoring-Client")
        if forwarded:
            return forwarded.strip()[:64]
    return st.context.ip_address


def _join_form(store: Store, code: str) -> None:
    with st.form("ws_join"):
        code_in = st.text_input("Join code", value=code, max_chars=16, key="ws_code")
        # no max_chars: the browser would drop a longer paste (or 21+ emoji) whole and the person would join
        # as "Anonymous n" without noticing; the store keeps the first NAME_MAX characters and the page says so
        name = st.text_input("Display name (optional: leave empty to stay anonymous)", key="ws_name")
        st.caption(f"At most {NAME_MAX} characters; a longer name is cut.")
        go = st.form_submit_button("Join", type="primary")
    if go:
        workshop = store.workshop(code_in)  # a wrong code: "No workshop has the code X. Check the code ..."
        joined = store.join(workshop.code, name, client=join_client())  # per-device join limit
        st.session_state["ws_token"] = joined.token
        st.session_state["ws_name_cut"] = len(clean_display_name(name, 10 * NAME_MAX)) > NAME_MAX
        st.query_params["code"] = workshop.code
        st.query_params["me"] = joined.token
        st.rerun()


def _revealed(dataset: Dataset, revealed: Revealed) -> None:
    st.subheader(f"The room's answers in round {revealed.number}")
    result = revealed.result
    if result is None:
        st.text("No counted answers in that round.")
        return
    st.text(f"{revealed.answers} answers; agreement (Kendall's W) {result.kendall_w:.2f}")
    labels = [c.label for c in dataset.criteria.criteria]
    show.chart(charts.group_weights_chart(dataset.criteria.ids, labels, result.group_weights))
    _titles_table(group_ranking_table(result, 10)).draw()


def _titles_table(frame) -> tables.Table:
    """A Rank (/ Tied) / Option (/ Score) table (`scoring.room.ranking_table`) with every title wrapped in full on a
    phone (review3 RV3-R2); titles from the data go to the grid as data, never Markdown. Rank is a number."""
    return tables.wrapped_table(frame, {"Option": "Option"}, hide_index=True,
                   column_config={**tables.formats_config(frame),  # the score: a number, written '0.750'
                                  "Rank": st.column_config.NumberColumn("Rank", width=tables.RANK_PX, format="%d"),
                                  "Tied": st.column_config.TextColumn("Tied", width=tables.RANK_PX,
                                                                      help="yes: another option shares this rank")})
