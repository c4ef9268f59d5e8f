"""Workshop pages: participants join and weigh from their phones; the facilitator sees the room live.

The pages in pages/ are one call each into this module (the participant page is in
ui/participant_view.py). The room's analysis, tables and reports are in scoring/room.py, tested
without a server; this module draws. Text someone typed or uploaded (display names, workshop names,
option titles, criterion labels) is shown through st.text, st.code, st.dataframe and chart data, which
never interpret it; where Streamlit offers only Markdown (widget labels, messages) it goes through
ui.text.escape. Never st.table or st.markdown with such text.
"""
from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from scoring.errors import Problem, ScoringError
from scoring.export import MIME_TYPES, render
from scoring.group import AGGREGATIONS, RoomResult
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, load_dataset
from scoring.methods import METHODS
from scoring.numbers import share
from scoring.order import natural_order
from scoring.model import Dataset
from scoring.room import (TOP_K, Room, acceptability_long, acceptability_table, analyse, check_dataset_fits,  # noqa: F401
                          consensus_heading, consensus_table, drivers_table, equal_points, group_ranking_table, group_report,
                          group_table, movement_table, participants_table, ranking_table, room_from_latest,
                          room_from_revealed, rounds_summary, rounds_table, submissions_report,
                          dataset_from_files, dataset_from_version, read_data_files, workshop_archive)
from scoring.store import SOURCE as STORE_SOURCE, WORKSHOP_NAME_MAX, DataVersion, Store, Workshop

from ui import show, tables, workshop_charts as charts
from ui.chart_spec import FrozenChart, draw, frozen
from ui.room_cache import shared_room
from ui.text import escape

REFRESH_SECONDS = 3
JOIN_PAGE = "Join_workshop"  # url path of pages/1_Join_workshop.py
FACILITATOR_PAGE = "Facilitator"  # url path of pages/2_Facilitator.py
ENV_OPTIONS = "SCORING_OPTIONS"
ENV_CRITERIA = "SCORING_CRITERIA"
ENV_PUBLIC_URL = "SCORING_PUBLIC_URL"
EXPORT_FORMATS = ("csv", "xlsx", "json")
# Option column wide enough for a shipped title (up to ~95 characters) on a 1400 px projector page (review3 W1)
DRIVER_SHORT = {  # the drivers table's headers on a 1400 px projector (ui.tables.fitted); each help names it in full
    "Group weight": "Group", "Weight at 10th percentile": "10th pct", "Weight at 90th percentile": "90th pct",
    "Options that change rank": "Rank changes", "Largest rank shift": "Max shift",
    "Top option at 10th percentile": "Top at 10th", "Top option at 90th percentile": "Top at 90th",
    "Top option changes": "Top changes"}
ROOM_TITLE_PX = 360  # a title column of the room's tables: wrapped in full, about 42 characters a line


# ================================================================= plain functions (no drawing)

def dataset_paths() -> tuple[str | None, str | None]:
    """The shipped files, or the ones named by SCORING_OPTIONS / SCORING_CRITERIA (e.g. for a rehearsal)."""
    return os.environ.get(ENV_OPTIONS) or None, os.environ.get(ENV_CRITERIA) or None


def join_link(page_url: str | None, code: str) -> str:
    """The link participants open: this app's Join page with ?code=..."""
    base = os.environ.get(ENV_PUBLIC_URL) or page_url or "http://localhost:8501"
    base = base.split("?", 1)[0].rstrip("/")
    for suffix in (FACILITATOR_PAGE, JOIN_PAGE):
        if base.endswith("/" + suffix):
            base = base[: -len(suffix) - 1]
    return f"{base}/{JOIN_PAGE}?code={code}"


def is_loopback(link: str) -> bool:
    """Whether a link points at the machine it is opened on (localhost, 127.x, ::1): no phone can open it."""
    from urllib.parse import urlparse

    host = (urlparse(link).hostname or "").lower()
    return host in ("localhost", "::1", "0.0.0.0") or host.startswith("127.") or host.endswith(".localhost")


def loopback_hint(link: str, lan: str | None, port: int) -> str | None:
    """What the facilitator screen says when the join link and QR code name this computer (the page was
    opened as localhost and SCORING_PUBLIC_URL is not set): how to give people a reachable address."""
    if not is_loopback(link):
        return None
    address = f"http://{lan}:{port}" if lan else f"http://<this computer's address>:{port}"
    return (f"This join link and QR code point at this computer (localhost): phones cannot open them. "
            f"Restart with the address people reach, e.g. `python -m scoring serve --address 0.0.0.0 --port {port} "
            f"--public-url {address}` (or set {ENV_PUBLIC_URL}={address}), or open this page at {address} "
            "instead of localhost.")


def public_port() -> int:
    """The port people reach: the proxy's under `scoring serve` (its workers listen on private ports), else ours."""
    from scoring.serve import PUBLIC_PORT_ENV

    value = os.environ.get(PUBLIC_PORT_ENV, "")
    return int(value) if value.isdigit() else int(st.get_option("server.port"))


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), to share instead of localhost."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            return str(s.getsockname()[0])
    except OSError:
        return None


# ================================================================= shared Streamlit helpers

@st.cache_resource(show_spinner=False)
def get_store(url: str | None = None) -> Store:
    """One store (one connection pool) for every session of this server."""
    return Store(url)


@st.cache_resource(show_spinner=False)
def _load_dataset(options: str | None, criteria: str | None, _stamp: tuple[float, ...]) -> Dataset:
    return load_dataset(options, criteria)


@st.cache_resource(show_spinner=False, max_entries=64)
def _stored_dataset(key: tuple[Any, ...], _version: DataVersion) -> Dataset:
    """One parsed Dataset per stored data version; `key` (hashed by Streamlit) names the version,
    `_version` (not hashed: leading underscore) carries the bytes."""
    return dataset_from_version(_version)


def server_dataset() -> Dataset:
    """The data files this server was started with (SCORING_OPTIONS / SCORING_CRITERIA or the shipped ones)."""
    options, criteria = dataset_paths()
    stamp = tuple(os.path.getmtime(p) if os.path.exists(p) else 0.0
                  for p in (options or DEFAULT_OPTIONS, criteria or DEFAULT_CRITERIA))
    return _load_dataset(options, criteria, stamp)


def workshop_dataset(workshop: Workshop | None = None, round_number: int | None = None) -> Dataset:
    """The data a workshop runs on: its own stored copy (for that round; default the current one),
    the same on every server process. Workshops from before stored data fall back to the server's files."""
    if workshop is not None:
        version = get_store().data_version(workshop.code, round_number)
        if version is not None:
            key = (workshop.id, str(workshop.created_at), version.version,
                   tuple(sorted((k, f.sha256) for k, f in version.files.items())))
            return _stored_dataset(key, version)
    dataset = server_dataset()
    if workshop is not None:
        check_dataset_fits(dataset, workshop)
    return dataset


def message(exc: ScoringError) -> str:
    """A ScoringError as a page shows it: the store's messages (no file, or the store's own source name)
    are sentences meant for people, shown as one sentence without "workshop, column 'name':" in front;
    problems in a data file keep their file, line and column."""
    def one(p: Problem) -> str:
        if p.file and p.file != STORE_SOURCE:
            return str(p)
        text = p.message.strip()
        return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", ")")) else ".")
    return "\n".join(one(p) for p in exc.problems)


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; bad input or an unreachable database becomes a readable message."""
    try:
        body()
    except ScoringError as exc:
        st.error(escape(message(exc)))
    except SQLAlchemyError as exc:
        st.error(f"The workshop database is not reachable: {type(exc).__name__}. "
                 "Check SCORING_DATABASE_URL and that the server is running.")


def _text(label: str, value: str) -> None:
    """A label and user-supplied text, the text shown literally (no markdown, no HTML)."""
    st.caption(label)
    st.text(value)


# The participant page (Join workshop) lives in ui/participant_view.py.


# ================================================================= facilitator page

def facilitator_page() -> None:
    tables.page_style()  # room above every table for its toolbar (one rule for the page)
    st.title("Facilitator")
    guarded(_facilitator_body)


SESSION_PARAM = "fs"  # the facilitator's sign-in token in the page address (a session, never the key)


def _signed_in(code: str, token: str) -> None:
    """Keep the sign-in in this session and in the page address, so a reload or a reconnect to another
    server process (a worker died) signs the facilitator back in without the key being typed again."""
    st.session_state["ws_auth"] = (code, token)
    st.query_params["code"] = code
    st.query_params[SESSION_PARAM] = token


def _token_in_address(code: str, token: str, shown: bool) -> None:
    """The sign-in token is a facilitator's credential for 12 hours: anyone who reads it off a projected
    address bar could act as the facilitator. Projector mode takes it out of the address (the session
    stays signed in; a reload or a dropped connection then asks for the key); leaving the mode puts it back."""
    if shown and token.startswith("fs1.") and st.query_params.get(SESSION_PARAM) != token:
        st.query_params["code"] = code
        st.query_params[SESSION_PARAM] = token
    elif not shown and SESSION_PARAM in st.query_params:
        del st.query_params[SESSION_PARAM]


def _signed_out() -> None:
    st.session_state.pop("ws_auth", None)
    st.session_state.pop("ws_new_key", None)
    st.session_state.pop("ws_create_request", None)  # a new form, a new workshop
    if SESSION_PARAM in st.query_params:
        del st.query_params[SESSION_PARAM]


def _facilitator_body() -> None:
    store = get_store()
    auth = st.session_state.get("ws_auth")
    params = st.query_params
    if auth is None and params.get(SESSION_PARAM) and params.get("code"):
        auth = (params["code"], params[SESSION_PARAM])  # a new session of a signed-in page: checked below
        st.session_state["ws_auth"] = auth
    if auth is None:
        _sign_in(store)
        return
    code, key = auth
    try:
        workshop = store.check_key(code, key)
    except ScoringError as exc:  # signed out elsewhere, expired, deleted: say so, then the sign-in forms
        _signed_out()
        st.error(escape(message(exc)))
        _sign_in(store)
        return
    if _key_once(st.session_state.get("ws_new_key")):
        return  # nothing else is drawn while the key is on screen: it must not reach a projector

    _text("Workshop", workshop.name)
    _join_panel(workshop)

    with st.sidebar:
        st.header("Room view")
        aggregation = st.radio("Group weights", AGGREGATIONS, key="ws_aggregation",
                               format_func=lambda a: {"arithmetic": "Arithmetic mean", "geometric": "Geometric mean"}[a])
        projector = st.toggle("Projector mode (hide names)", key="ws_projector",
                              help="For a projected screen: participants' names become Participant 1..k and the "
                                   "sign-in token leaves the address bar (a reload then asks for the key).")
        _token_in_address(code, key, shown=not projector)
        rounds = store.rounds(workshop.code)
        numbers = [r.number for r in rounds]
        choice = st.selectbox("Show round", [0, *reversed(numbers)], key="ws_round",
                              format_func=lambda n: f"Current round ({numbers[-1]})" if n == 0 else f"Round {n}")
        shown = numbers[-1] if choice == 0 else choice
        _round_controls(store, workshop, key, rounds)
        _joining_controls(store, workshop, key)
        st.header("Facilitator key")
        st.caption("Lost the key, or someone saw it? A new key replaces it (shown once, nothing else on screen "
                   "meanwhile); the old key and every other sign-in stop working.")
        if st.button("Make a new facilitator key", key="ws_new_key_button"):
            st.session_state["ws_new_key"] = store.replace_key(workshop.code, key)
            st.rerun()
        if st.button("Sign out", key="ws_sign_out"):
            store.end_session(key)
            _signed_out()
            st.rerun()

    _live_room(workshop.code, key, aggregation, bool(projector), int(shown))

    with st.expander("Compare rounds (Delphi)"):
        _compare_rounds(store, workshop, key, bool(projector))
    if not projector:
        with st.expander("Participants: how much they count, remove someone"):
            _participant_weights(store, workshop, key)
    dataset = workshop_dataset(workshop, int(shown))
    with st.expander("Export and archive"):
        _exports(store, workshop, key, dataset, aggregation, int(shown), bool(projector))
    with st.expander("The workshop's data"):
        _data_panel(store, workshop, key)
    with st.expander("Where the results are kept"):
        _store_panel(store)
    with st.expander("Delete this workshop"):
        _delete_panel(store, workshop, key)


def _key_once(new_key: str | None) -> bool:
    """Show a new facilitator key until "I have copied it"; True while it is shown."""
    if not new_key:
        return False
    st.warning("Your facilitator key, shown only this once. Copy it now: you need it to reopen this workshop "
               "(with the join code). The room view starts when you confirm, so the key never stays on a "
               "screen that may be projected.")
    st.code(new_key, language=None)
    if st.button("I have copied it", type="primary", key="ws_key_copied"):
        st.session_state.pop("ws_new_key", None)
        st.rerun()
    return True


def qr_png(link: str, scale: int = 12) -> bytes:
    """The join link as a QR code PNG (segno, error correction M, 4-module quiet zone).

    scale 12 gives about 450 px for a typical link: readable from the back of a room when projected.
    """
    import io

    import segno

    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def _join_panel(workshop: Workshop) -> None:
    link = join_link(st.context.url, workshop.code)
    left, right = st.columns([3, 2])
    with left:
        st.metric("Join code", workshop.code)
        st.caption("Join link (share it, or let people type the code on the Join workshop page)")
        st.code(link, language=None)
        hint = loopback_hint(link, lan_address(), public_port())
        if hint:
            st.warning(hint)
        if workshop.settings.get("joining_locked"):
            st.warning("Joining is locked: nobody new can join.")
    with right:
        st.image(qr_png(link), caption="Scan to join", width=360)


def _sign_in(store: Store) -> None:
    # a link with ?code= (a facilitator coming back) opens on "Open a workshop", the code filled in (try4)
    new, existing = st.tabs(["Start a workshop", "Open a workshop"],
                            default="Open a workshop" if st.query_params.get("code") else None)
    with new:
        with st.form("ws_create"):
            # no max_chars: the browser would drop a longer paste whole; the store keeps the first 80 characters
            name = st.text_input(f"Workshop name (at most {WORKSHOP_NAME_MAX} characters)", key="ws_new_name")
            method = st.selectbox("Method", list(METHODS), format_func=lambda m: METHODS[m].label, key="ws_new_method")
            aggregation = st.radio("Group weights", AGGREGATIONS, horizontal=True, key="ws_new_aggregation")
            options, criteria = dataset_paths()
            st.caption("Data: a copy of this server's options, criteria and evidence files is stored with the "
                       "workshop, so every analysis and export uses the same data.")
            go = st.form_submit_button("Create workshop", type="primary")
        if go:
            files = read_data_files(options, criteria)
            dataset = dataset_from_files(files)
            # One secret request key per form (kept until sign-out): a second click, or a rerun that sends
            # the same submit again, gets the same workshop and key instead of a second workshop.
            request = st.session_state.setdefault("ws_create_request", secrets.token_urlsafe(32))
            created = store.create_workshop(
                name, dataset.criteria.ids, method, None, "stored",
                settings={"aggregation": aggregation,
                          "inputs": {"options": dataset.sha256, "criteria": dataset.criteria.sha256}},
                data=files, request_key=request)
            st.session_state["ws_new_key"] = created.key
            _signed_in(created.workshop.code, store.start_session(created.workshop.code, created.key))
            st.rerun()
    with existing:
        with st.form("ws_open"):
            code = st.text_input("Join code", value=st.query_params.get("code", ""), max_chars=16, key="ws_open_code")
            key = st.text_input("Facilitator key", type="password", key="ws_open_key")
            go = st.form_submit_button("Open", type="primary")
        if go:
            workshop = store.check_key(code, key)
            _signed_in(workshop.code, store.start_session(workshop.code, key))
            st.rerun()


def _round_controls(store: Store, workshop: Workshop, key: str, rounds: list[Any]) -> None:
    st.header("Rounds")
    current = rounds[-1]
    st.text(f"Round {current.number}: {'open' if current.is_open else 'closed'}"
            f"{', result shown to participants' if current.revealed else ''}")
    if current.is_open and st.button("Close round", key="ws_close"):
        store.close_round(workshop.code, key)
        st.rerun()
    if st.button(f"Open round {current.number + 1}", key="ws_open_next",
                 help="Closes the current round. Participants answer again after seeing the feedback."):
        store.open_round(workshop.code, key)
        st.rerun()
    label = "Hide result from participants" if current.revealed else "Reveal result to participants"
    if st.button(label, key="ws_reveal"):
        store.reveal(workshop.code, key, current.number, not current.revealed)
        st.rerun()


def _joining_controls(store: Store, workshop: Workshop, key: str) -> None:
    st.header("Joining")
    locked = bool(workshop.settings.get("joining_locked"))
    if st.button("Unlock joining" if locked else "Lock joining", key="ws_lock",
                 help="Locked: people already in keep answering; nobody new can join."):
        store.set_joining_locked(workshop.code, key, not locked)
        st.rerun()
    st.caption(f"At most {store.max_joins_per_client} joins an hour from one device; "
               f"at most {store.max_participants} participants.")


def _data_panel(store: Store, workshop: Workshop, key: str) -> None:
    versions = store.data_versions(workshop.code, key)
    if not len(versions):
        st.text("This workshop was created before workshops kept their own data: it reads this server's "
                "files. Store them now to fix its data (this opens a new round).")
    else:
        shown = versions.assign(sha256=versions["sha256"].str[:12], created_at=versions["created_at"].astype(str))
        tables.dataframe(shown.rename(columns={"version": "Version", "from_round": "From round", "kind": "File",
                                           "name": "Name", "sha256": "SHA-256 (start)", "bytes": "Bytes",
                                           "created_at": "Stored (UTC)"}), hide_index=True)
    st.caption("Update the data: store new files (uploaded here, or this server's current files when none is "
               "uploaded). Earlier rounds keep the data they were answered on; a new round opens on the new "
               "data. The criteria must stay the same.")
    # One form: the files, the note and the button reach the server together when the button is pressed. An
    # upload or a typed note makes no rerun of its own, and a refresh of the live room in between cannot drop
    # the click (CI once lost it to such a rerun), as with "Remove participant".
    # A bad file stays in the form to be replaced; after an update the form starts empty (new widget keys), so
    # a second press cannot store the same files again.
    n = st.session_state.get("ws_data_form_n", 0)
    with st.form("ws_data_form", clear_on_submit=False, enter_to_submit=False):
        ups = {kind: st.file_uploader(f"New {kind} file", type=["csv"] if kind != "criteria" else ["yaml", "yml"],
                                      key=f"ws_data_{kind}_{n}") for kind in ("options", "criteria", "evidence")}
        note = st.text_input("What changed (kept in the log)", max_chars=200, key=f"ws_data_note_{n}")
        go = st.form_submit_button("Update the data and open a new round")
    if go:
        try:
            rnd = _update_data(store, workshop, key, ups, note)
        except ScoringError as exc:  # a bad file: file, line and column here, beside the form; nothing stored
            st.error(escape(message(exc)))
        else:
            st.session_state["ws_data_done"] = f"Data stored; round {rnd.number} is open on it."
            st.session_state["ws_data_form_n"] = n + 1
            st.rerun()
    done = st.session_state.pop("ws_data_done", None)
    if done:
        st.success(done)
    log = store.log(workshop.code, key)
    if len(log):
        st.caption("Log of facilitator actions")
        tables.dataframe(log.assign(at=log["at"].astype(str)).rename(columns={"at": "When (UTC)", "action": "Action",
                                                                          "detail": "Detail"}), hide_index=True)


def _update_data(store: Store, workshop: Workshop, key: str, ups: dict[str, Any], note: str) -> Any:
    """Store the uploaded files (this server's current files for kinds not uploaded) and open a round on them.
    ScoringError naming file, line and column when a file is bad or the criteria changed; nothing is stored then."""
    options, criteria = dataset_paths()
    files = read_data_files(options, criteria)
    for kind, up in ups.items():
        if up is not None:
            files[kind] = (up.name, up.getvalue())
    dataset = dataset_from_files(files)
    check_dataset_fits(dataset, workshop)
    return store.update_data(workshop.code, key, files, note)


def _store_panel(store: Store) -> None:
    st.caption("The store (every workshop's rounds, answers and data)")
    st.text(store.location())
    if store.is_sqlite:
        st.caption("Keep the results: download the archive (Export and archive), or run "
                   "`python -m scoring workshop backup results.db` while the server runs. Copying the .db file "
                   "alone is not enough while the server runs: recent answers are in the -wal file next to it.")
    else:
        st.caption("Keep the results: download the archive, and back the database server up with pg_dump.")


def _delete_panel(store: Store, workshop: Workshop, key: str) -> None:
    st.text("Deletes the workshop, its rounds, participants, data and every submission. This cannot be undone. "
            "Download the archive first:")
    _archive_button(store, workshop, key, "ws_dl_archive_delete")
    sure = st.checkbox("I downloaded what I need; delete everything", key="ws_delete_sure")
    if st.button("Delete workshop", disabled=not sure, key="ws_delete"):
        store.delete_workshop(workshop.code, key)
        _signed_out()
        st.success("Deleted.")
        st.rerun()


@st.fragment(run_every=REFRESH_SECONDS)
def _live_room(code: str, key: str, aggregation: str, projector: bool, round_number: int) -> None:
    """Re-runs on its own every few seconds: load, aggregate, rank, draw."""
    guarded(lambda: _draw_room(code, key, aggregation, projector, round_number))


def _draw_room(code: str, key: str, aggregation: str, projector: bool, round_number: int) -> None:
    store = get_store()
    workshop = store.check_key(code, key)
    dataset = workshop_dataset(workshop, round_number)
    # One analysis, and its charts and tables, per change of the room, shared by every facilitator screen
    # of this process: a refresh of an unchanged room only sends what was made (ui.chart_spec).
    view = shared_room(store, workshop, dataset, round_number, aggregation, projector,
                       draw=lambda result: room_drawing(result, dataset, workshop))
    latest, result, drawn = view.latest, view.result, view.drawn
    a, b, c = st.columns(3)
    a.metric("Joined", view.joined)
    b.metric(f"Answered round {round_number}", len(latest))
    if result is None:
        st.info("Waiting for the first answers...")
        return
    c.metric("Agreement (Kendall's W)", "n/a" if np.isnan(result.kendall_w) else f"{result.kendall_w:.2f}",
             help="0 = no agreement, 1 = everyone ranks the options the same; needs two counted answers.")

    tab_group, tab_agree, tab_people, tab_drivers, tab_acc = st.tabs(
        ["Group result", "Agreement", "Participants", "Disagreement drivers", "Rank acceptability"])
    with tab_group:
        # the ranking takes the full width so the projector shows whole titles (review3 W1); weights below it
        st.subheader("Group ranking")
        st.caption(f"{METHODS[workshop.method].label}, {aggregation} mean of the counted participants' weights")
        drawn.grids["top_ranking"].draw()
        draw(drawn.charts["group_weights"], width="stretch")
        st.subheader(consensus_heading(len(result.consensus), TOP_K))
        if len(result.consensus):
            drawn.grids["consensus"].draw()
        else:
            st.text(f"No option is in the top {TOP_K} for more than half of the room.")
        with st.expander("Full group ranking"):
            drawn.grids["full_ranking"].draw()
    with tab_agree:
        draw(drawn.charts["weight_spread"], width="stretch")
        draw(drawn.charts["rank_range"], width="stretch")
    with tab_people:
        # try4: one table of names, top options and every weight ran past a 1400 px projector; two tables fit it
        drawn.grids["people"].draw()
        st.caption("Their weights (each row adds up to 100%; a header's help names its criterion in full)")
        drawn.grids["people_weights"].draw()
        draw(drawn.charts["participant_ranks"], width="stretch")
    with tab_drivers:
        draw(drawn.charts["drivers"], width="stretch")
        st.caption("Each criterion's group weight is moved to the participants' 10th and 90th percentile "
                   "(the others rescaled); the bar counts how many options then change rank.")
        drawn.grids["drivers"].draw()
        draw(drawn.charts["flip"], width="stretch")
        st.caption("How much of their weight each participant would have to shift, in a straight line toward the "
                   "group weights, before the group's top option becomes their top option too.")
    with tab_acc:
        draw(drawn.charts["acceptability"], width="stretch")
        st.caption(acceptability_caption(result.counts))


def acceptability_caption(counts: np.ndarray) -> str:
    """How the rank acceptability's shares come about, in numbers a reader can check (try5: with 4 participants
    83% and 8% read as noise under 'participants' weights as samples'). scoring.group.room_acceptability: no random
    draws; each counted participant's weights, as given, are one sample, weighted by how much they count; options
    tied at a rank share it equally."""
    c = np.asarray(counts, dtype=float)
    c = c[c > 0]
    text = ("No random draws: each counted participant's weights, exactly as given, rank the options once; a bar is "
            "the share of the room that puts the option at that rank")
    if not len(c):
        return text + "."
    if np.allclose(c, c[0]):
        one = 1 / len(c)
        return (f"{text}. With {len(c)} participant{'s' if len(c) != 1 else ''} counting the same, each is "
                f"{share(one)} of the room; options a participant ties at a rank split that participant's "
                f"{share(one)} equally (a three-way tie: {share(one / 3)} each), so shares need not be multiples of "
                f"{share(one)}.")
    return (f"{text}, each participant in proportion to how much they count; options a participant ties at a rank "
            "split that participant's share equally.")


def _room_table(frame: pd.DataFrame, *title_columns: str, **kwargs: Any) -> tables.Table:
    """A room table with its option-title columns wrapped in full (a projector or a laptop beside it shows whole
    titles; ui.tables), never Markdown. The title columns take the width the projector leaves them
    (`tables.fitted_table`), and the rows the lines they need there (try5: a one-line title measured at 360 px got a
    128 px row in a 490 px column). Made once per change of the room (`room_drawing`), drawn by every refresh."""
    return tables.fitted_table(frame, [c for c in title_columns if c in frame.columns], max_wrap_px=tables.PROJECTOR_PX,
                               hide_index=True, **kwargs).in_arrow()


@dataclass(frozen=True)
class RoomDrawing:
    """The facilitator's room view made once per change of the room: its tables (as frames, and as `grids` laid out
    and rounded for the grid once, `ui.tables.Table`: a refresh only draws them) and its charts (converted to
    Vega-Lite once, `ui.chart_spec`), keyed by name."""

    top_ranking: pd.DataFrame
    consensus: pd.DataFrame
    full_ranking: pd.DataFrame
    participants: pd.DataFrame
    drivers: pd.DataFrame
    charts: dict[str, FrozenChart]
    grids: dict[str, tables.Table]  # top_ranking, consensus (only with a consensus), full_ranking, people,
    # people_weights, drivers


def room_drawing(result: RoomResult, dataset: Dataset, workshop: Workshop) -> RoomDrawing:
    """Every table and chart of the live room for `result` (what `_draw_room` shows)."""
    labels = {cr.id: cr.label for cr in dataset.criteria.criteria}
    crit_labels = [labels[cid] for cid in dataset.criteria.ids]
    group_rank = dict(zip(result.group.table["id"], result.group.table["rank"]))
    order = result.group.table["title"].tolist()
    long = pd.DataFrame({"participant": np.repeat(result.labels, len(crit_labels)),
                         "label": np.tile(crit_labels, len(result.labels)),
                         "weight": result.weights.ravel()})
    group_frame = pd.DataFrame({"label": crit_labels, "weight": result.group_weights})
    rr = result.rank_range.assign(title=dataset.titles, group_rank=[group_rank[i] for i in dataset.ids])
    ranks_long = pd.DataFrame({"participant": np.repeat(result.labels, len(dataset.ids)),
                               "title": np.tile(dataset.titles, len(result.labels)),
                               "rank": result.ranks.ravel()})
    drivers = result.drivers.assign(label=[labels[c] for c in result.drivers["criterion"]])
    built = {
        "group_weights": charts.group_weights_chart(dataset.criteria.ids, crit_labels, result.group_weights),
        "weight_spread": charts.weight_spread_chart(long, group_frame),
        "rank_range": charts.rank_range_chart(rr),
        "participant_ranks": charts.participant_ranks_chart(ranks_long, order, participants=list(result.labels)),
        "drivers": charts.drivers_chart(drivers),
        "flip": charts.flip_chart(result.flip),
        "acceptability": charts.acceptability_chart(acceptability_long(result, dataset), order),
    }
    top, full = group_ranking_table(result, 10), group_ranking_table(result)
    consensus = consensus_table(result, TOP_K) if len(result.consensus) else pd.DataFrame()
    people, drivers_frame = participants_table(result, dataset), drivers_table(result, dataset)
    who = ["Participant", "Counts as", "Their top option"]
    crit_columns = [c for c in people.columns if c not in who]
    grids = {"top_ranking": _room_table(top, "Option", width="stretch"),
             "full_ranking": _room_table(full, "Option", width="stretch"),
             # try4: one table of names, top options and every weight ran past a 1400 px projector; two tables fit it
             "people": _room_table(people[who], "Their top option"),
             "people_weights": tables.fitted_table(people[["Participant", *crit_columns]], ["Participant"],
                                                   {c: tables.short_label(c) for c in crit_columns},
                                                   hide_index=True).in_arrow(),
             "drivers": tables.fitted_table(drivers_frame, ["Criterion", "Top option at 10th percentile",
                                                            "Top option at 90th percentile"],
                                            DRIVER_SHORT, max_wrap_px=ROOM_TITLE_PX, hide_index=True).in_arrow()}
    if len(consensus):
        grids["consensus"] = _room_table(consensus, "Option", width="stretch")
    return RoomDrawing(top_ranking=top, consensus=consensus, full_ranking=full, participants=people,
                       drivers=drivers_frame, charts={name: frozen(chart) for name, chart in built.items()},
                       grids=grids)


def _compare_rounds(store: Store, workshop: Workshop, key: str, projector: bool) -> None:
    summary = rounds_summary(store, workshop.code, key, lambda n: workshop_dataset(workshop, n), workshop)
    show.chart(charts.rounds_chart(summary))
    rounds = rounds_table(summary)
    tables.dataframe(rounds, hide_index=True, column_config=tables.formats_config(
        rounds, {"Agreement (Kendall's W)": "0 = no agreement, 1 = full; empty: fewer than two counted answers"}))
    numbers = summary["round"].tolist()
    if len(numbers) < 2:
        st.text("Open a second round to see who moved.")
        return
    a, b = st.columns(2)
    first = a.selectbox("From round", numbers, index=len(numbers) - 2, key="ws_cmp_a")
    second = b.selectbox("To round", numbers, index=len(numbers) - 1, key="ws_cmp_b")
    before = store.latest(workshop.code, key, int(first))
    after = store.latest(workshop.code, key, int(second))
    moved = movement_table(before, after, workshop.criteria, int(first), int(second), projector)
    tables.dataframe(moved, hide_index=True, column_config=tables.formats_config(
        moved, {"Moved (share of weight)": "Half the change of their weights (empty: see the note)"}))


def _participant_weights(store: Store, workshop: Workshop, key: str) -> None:
    people = store.participants(workshop.code, key)
    if not len(people):
        st.text("Nobody has joined yet.")
        return
    # The "Counts as" editor keeps joining order: its edits are kept by row position, and a newcomer is added
    # at the end there, not in the middle of rows being edited. The lists below are in natural order
    # ('Participant 2' before 'Participant 10'), as the room's tables and charts (scoring.room.room_from_latest).
    removed = people[people["removed"]]
    removed = removed.iloc[natural_order(removed["participant"])]
    people = people[~people["removed"]].reset_index(drop=True)
    if len(people):
        st.caption("Counts as: 0 = heard (shown, exported) but not counted in the group result.")
        edited = tables.data_editor(people[["participant", "vote_weight"]], hide_index=True, disabled=["participant"],
                                key="ws_people", column_config={
                                    "participant": st.column_config.TextColumn("Participant"),
                                    "vote_weight": st.column_config.NumberColumn(
                                        "Counts as", min_value=0.0, max_value=10.0, step=0.5)})
        changed = edited["vote_weight"].to_numpy() != people["vote_weight"].to_numpy()
        if changed.any() and st.button("Save participant weights", key="ws_people_save"):
            for pid, weight in zip(people["participant_id"][changed], edited["vote_weight"][changed]):
                store.set_participant_weight(workshop.code, key, int(pid), float(weight))
            st.rerun()
        st.caption("Remove someone (e.g. a scripted or duplicate join): their link stops working and their seat "
                   "is freed; their answers stay in the export, marked removed, and no longer count.")
        named = people.iloc[natural_order(people["participant"])]
        labels = dict(zip(named["participant_id"].astype(int), named["participant"]))
        # a form: the pick stays in the browser until "Remove participant" sends it, so a rerun of the page
        # in between (a live refresh, another control) cannot drop it
        with st.form("ws_remove_form", clear_on_submit=True, enter_to_submit=False):
            who = st.selectbox("Participant to remove", list(labels), format_func=lambda pid: labels[pid],
                               index=None, key="ws_remove_who")
            go = st.form_submit_button("Remove participant")
        if go and who is None:
            st.warning("Pick the participant to remove first.")
        elif go:
            store.remove_participant(workshop.code, key, int(who))
            st.rerun()
    if len(removed):
        st.caption(f"Removed ({len(removed)})")
        tables.dataframe(pd.DataFrame({"Participant": removed["participant"],
                                   "Removed at (UTC)": removed["removed_at"].astype(str)}), hide_index=True)


def _exports(store: Store, workshop: Workshop, key: str, dataset: Dataset, aggregation: str,
             round_number: int, projector: bool) -> None:
    """Built when clicked (deferred), so the file holds the answers at that moment."""
    def subs_data(fmt: str) -> Callable[[], str | bytes]:
        return lambda: render(submissions_report(store.submissions(workshop.code, key), dataset, workshop), fmt)

    def group_data(fmt: str) -> Callable[[], str | bytes]:
        def build() -> str | bytes:
            room = room_from_latest(store.latest(workshop.code, key, round_number), workshop.criteria, projector)
            result = analyse(room, dataset, workshop, aggregation)
            if result is None:
                raise ScoringError.at("workshop", "no counted answers to export yet")
            return render(group_report(result, dataset, workshop, round_number), fmt)
        return build

    st.caption("All submissions, including earlier answers (latest = false) and removed people's (latest = false); "
               "counts = true marks exactly the answers in the group result.")
    cols = st.columns(len(EXPORT_FORMATS))
    for col, fmt in zip(cols, EXPORT_FORMATS):
        col.download_button(f"Submissions ({fmt.upper()})", subs_data(fmt), file_name=f"workshop-{workshop.code}-submissions.{fmt}",
                            mime=MIME_TYPES[fmt], key=f"ws_dl_subs_{fmt}", on_click="ignore")
    st.caption(f"Group result of round {round_number} ({aggregation} mean); CSV holds the group ranking, "
               "Excel and JSON every table.")
    cols = st.columns(len(EXPORT_FORMATS))
    for col, fmt in zip(cols, EXPORT_FORMATS):
        col.download_button(f"Group result ({fmt.upper()})", group_data(fmt),
                            file_name=f"workshop-{workshop.code}-round{round_number}.{fmt}",
                            mime=MIME_TYPES[fmt], key=f"ws_dl_group_{fmt}", on_click="ignore")
    st.caption("Everything in one ZIP: every table (workshop, rounds, participants, submissions, data versions, "
               "log) as CSV, every version of the data files, and about.json.")
    _archive_button(store, workshop, key, "ws_dl_archive")


def _archive_button(store: Store, workshop: Workshop, key: str, widget_key: str) -> None:
    def build() -> bytes:
        from scoring import __version__

        info = {"tool": "policy-scoring", "version": __version__, "workshop": workshop.name, "code": workshop.code,
                "method": workshop.method, "normalization": workshop.normalization,
                "criteria": list(workshop.criteria), "store": store.location(),
                "generated": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")}
        return workshop_archive(store.tables(workshop.code, key), store.data_history(workshop.code, key), info)

    st.download_button("Download archive (ZIP)", build, file_name=f"workshop-{workshop.code}-archive.zip",
                       mime="application/zip", key=widget_key, on_click="ignore")
