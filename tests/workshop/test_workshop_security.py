"""Security: facilitator keys, participant tokens, closed rounds, and hostile display names."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `ui`

from workshop_support import BACKENDS, CRITERIA, backend_url  # noqa: E402

from scoring.errors import ScoringError  # noqa: E402
from scoring.export import render  # noqa: E402
from scoring.store import Store  # noqa: E402

FORMULA = '=HYPERLINK("http://x.example","go")'  # within the 40-character limit
HTML = "<img src=x onerror=alert(1)>"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = Store(backend_url(request.param, tmp_path), max_submissions_per_minute=1000)
    yield s
    s.close()


@pytest.fixture
def room(store):
    ws = store.create_workshop("Security", CRITERIA)
    a, b = store.join(ws.workshop.code, "Ann"), store.join(ws.workshop.code, "Bob")
    store.submit(a.token, {"impact": 1, "cost": 0, "speed": 0})
    store.submit(b.token, {"impact": 0, "cost": 1, "speed": 0})
    return ws, a, b


FACILITATOR_ACTIONS = {
    "open_round": lambda s, c, k, pid: s.open_round(c, k),
    "close_round": lambda s, c, k, pid: s.close_round(c, k),
    "reveal": lambda s, c, k, pid: s.reveal(c, k),
    "latest": lambda s, c, k, pid: s.latest(c, k),
    "submissions (export)": lambda s, c, k, pid: s.submissions(c, k),
    "participants": lambda s, c, k, pid: s.participants(c, k),
    "set_participant_weight": lambda s, c, k, pid: s.set_participant_weight(c, k, pid, 0),
    "update_settings": lambda s, c, k, pid: s.update_settings(c, k, aggregation="geometric"),
    "delete_workshop": lambda s, c, k, pid: s.delete_workshop(c, k),
}


@pytest.mark.parametrize("action", list(FACILITATOR_ACTIONS))
def test_facilitator_actions_need_the_right_key(store, room, action):
    ws, a, _ = room
    other = store.create_workshop("Other", CRITERIA)
    for wrong in ["", "guess", ws.key[:-1], other.key, a.token]:
        with pytest.raises(ScoringError, match="wrong join code or facilitator key"):
            FACILITATOR_ACTIONS[action](store, ws.workshop.code, wrong, a.participant.id)
    # nothing changed: still one open round, both answers, full weight
    assert [(r.number, r.is_open, r.revealed) for r in store.rounds(ws.workshop.code)] == [(1, True, False)]
    latest = store.latest(ws.workshop.code, ws.key)
    assert latest["vote_weight"].tolist() == [1.0, 1.0]
    FACILITATOR_ACTIONS[action](store, ws.workshop.code, ws.key, a.participant.id)  # the right key works


def test_keys_and_tokens_are_stored_only_as_salted_hashes(store, room):
    ws, a, b = room
    secrets_in_clear = [ws.key, a.token.split(".", 1)[1], b.token.split(".", 1)[1]]
    with store.engine.connect() as conn:
        dump = [str(v) for table in ("workshops", "participants", "submissions")
                for row in conn.execute(text(f"SELECT * FROM {table}")).all() for v in row]
        hashes = conn.execute(text("SELECT token_hash, token_salt FROM participants WHERE id IN (:a, :b)"),
                              {"a": a.participant.id, "b": b.participant.id}).all()
    for secret in secrets_in_clear:
        assert len(secret) >= 32
        assert not any(secret in v for v in dump)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h, _ in hashes)
    assert hashes[0][1] != hashes[1][1]  # one salt per participant


def test_a_participant_cannot_touch_another_participants_answers(store, room):
    ws, a, b = room
    pid_b = b.participant.id
    forged = [f"{pid_b}.{a.token.split('.', 1)[1]}", f"{pid_b}.", f"{pid_b}", "", "abc", f"{pid_b}.x" * 50,
              f"{a.participant.id}.{b.token.split('.', 1)[1]}"]
    for token in forged:
        with pytest.raises(ScoringError, match="unknown participant token"):
            store.submit(token, {"impact": 0, "cost": 0, "speed": 1})
        with pytest.raises(ScoringError, match="unknown participant token"):
            store.rename(token, "hijacked")
    store.submit(a.token, {"impact": 0, "cost": 0, "speed": 1})  # Ann changes her own answer only
    latest = store.latest(ws.workshop.code, ws.key).set_index("participant")
    assert latest.loc["Bob", ["impact", "cost", "speed"]].tolist() == [0.0, 1.0, 0.0]
    assert latest.loc["Bob", "sequence"] == 1
    assert latest.loc["Ann", ["impact", "cost", "speed"]].tolist() == [0.0, 0.0, 1.0]
    subs = store.submissions(ws.workshop.code, ws.key)
    assert subs.groupby("participant").size().to_dict() == {"Ann": 2, "Bob": 1}
    assert store.rename(a.token, "Ann L.").display_name == "Ann L."
    assert store.participant(b.token).display_name == "Bob"


def test_submitting_to_a_closed_round_is_refused(store, room):
    ws, a, _ = room
    store.close_round(ws.workshop.code, ws.key)
    with pytest.raises(ScoringError, match="round 1 is closed"):
        store.submit(a.token, {"impact": 1, "cost": 1, "speed": 1})
    assert len(store.submissions(ws.workshop.code, ws.key)) == 2


def test_hostile_display_names_are_exported_as_harmless_text(store, mini_dataset):
    from openpyxl import load_workbook

    from scoring.room import analyse, group_report, room_from_latest, submissions_report

    ws = store.create_workshop("Names", CRITERIA)
    code, key = ws.workshop.code, ws.key
    for name, w in [(FORMULA, [1, 0, 0]), (HTML, [0, 1, 0]), ("@SUM(A1:A2)", [0, 0, 1])]:
        p = store.join(code, name)
        store.submit(p.token, dict(zip(CRITERIA, w)))
    workshop = store.workshop(code)
    subs = submissions_report(store.submissions(code, key), mini_dataset, workshop)

    csv_text = render(subs, "csv")
    assert f"'{FORMULA}".replace('"', '""') in csv_text  # quoted CSV field starting with ' , not =
    assert "\n=" not in csv_text and ",=" not in csv_text and ",@" not in csv_text
    assert HTML in csv_text  # text stays as typed; a CSV is never rendered as HTML

    book = load_workbook(io.BytesIO(render(subs, "xlsx")))
    cells = [c for row in book["submissions"].iter_rows() for c in row]
    names = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert names and all(c.data_type == "s" and c.value.startswith("'=") for c in names)
    assert not any(c.data_type == "f" for c in cells)

    doc = json.loads(render(subs, "json"))
    assert {row["display_name"] for row in doc["submissions"]} == {FORMULA, HTML, "@SUM(A1:A2)"}
    assert doc["about"]["workshop"] == "Names" and "sha256" in doc["about"]["inputs"]["options"]

    room = room_from_latest(store.latest(code, key), CRITERIA)
    result = analyse(room, mini_dataset, workshop, "arithmetic")
    report = group_report(result, mini_dataset, workshop, 1)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    values = [c.value for row in book["participants"].iter_rows() for c in row]
    assert f"'{FORMULA}" in values and "'@SUM(A1:A2)" in values and HTML in values


def test_projector_mode_hides_names():
    import pandas as pd

    from scoring.room import room_from_latest

    latest = pd.DataFrame({"participant": [HTML, "Bob"], "vote_weight": [1.0, 1.0],
                           "impact": [1.0, 0.0], "cost": [0.0, 1.0], "speed": [0.0, 0.0]})
    assert room_from_latest(latest, CRITERIA, projector=True).labels == ["Participant 1", "Participant 2"]
    assert room_from_latest(latest, CRITERIA).labels == [HTML, "Bob"]
    assert np.array_equal(room_from_latest(latest, CRITERIA).weights, latest[CRITERIA].to_numpy())
