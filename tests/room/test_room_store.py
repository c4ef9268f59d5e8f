"""What scale-out needs from the store: retries stored once, limits held by the database, versions.

Two `Store` objects on one database stand for two server processes: each has its own engine,
connection pool and in-process lock, so anything that holds across them lives in the database.
"""
from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workshop"))

from workshop_support import BACKENDS, CRITERIA, backend_url  # noqa: E402

from scoring.errors import ScoringError  # noqa: E402
from scoring.store import Store  # noqa: E402

W = {"impact": 2.0, "cost": 1.0, "speed": 1.0}


def _pair(backend: str, tmp_path: Path, **limits: int) -> tuple[Store, Store]:
    url = backend_url(backend, tmp_path)
    return Store(url, **limits), Store(url, **limits)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_retried_answer_key_is_stored_once_even_through_another_process(backend, tmp_path):
    a, b = _pair(backend, tmp_path, max_submissions_per_minute=100)
    ws = a.create_workshop("Retry", CRITERIA)
    token = a.join(ws.workshop.code, "Ann").token
    first = a.submit(token, W, raw={"x": 1}, answer_key="k1")
    again = b.submit(token, W, raw={"x": 1}, answer_key="k1")  # the retry reaches the other process
    assert (first.repeated, again.repeated) == (False, True)
    assert (again.id, again.sequence, again.round) == (first.id, first.sequence, first.round)
    other = b.submit(token, {"impact": 1.0, "cost": 1.0, "speed": 1.0}, answer_key="k2")
    assert (other.repeated, other.sequence) == (False, 2)
    subs = a.submissions(ws.workshop.code, ws.key)
    assert len(subs) == 2 and subs["sequence"].tolist() == [1, 2]
    a.close(), b.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_simultaneous_retries_of_one_answer_store_it_once(backend, tmp_path):
    a, b = _pair(backend, tmp_path, max_submissions_per_minute=1000)
    ws = a.create_workshop("Race", CRITERIA)
    token = a.join(ws.workshop.code).token
    barrier = threading.Barrier(8)
    results = []

    def send(store: Store) -> None:
        barrier.wait()
        results.append(store.submit(token, W, answer_key="same"))

    threads = [threading.Thread(target=send, args=((a, b)[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 8 and sum(not r.repeated for r in results) == 1
    assert len({r.id for r in results}) == 1
    assert len(a.submissions(ws.workshop.code, ws.key)) == 1
    a.close(), b.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_participant_cap_holds_across_processes(backend, tmp_path):
    a, b = _pair(backend, tmp_path, max_participants=5)
    ws = a.create_workshop("Cap", CRITERIA)
    barrier = threading.Barrier(12)
    joined, refused = [], []

    def join(store: Store) -> None:
        barrier.wait()
        try:
            joined.append(store.join(ws.workshop.code).token)
        except ScoringError as exc:
            refused.append(str(exc))

    threads = [threading.Thread(target=join, args=((a, b)[i % 2],)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(joined) == 5 and len(refused) == 7
    assert all("full (5 participants)" in r for r in refused)
    assert len(b.participants(ws.workshop.code, ws.key)) == 5
    a.close(), b.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_rate_limit_holds_across_processes(backend, tmp_path):
    a, b = _pair(backend, tmp_path, max_submissions_per_minute=4)
    ws = a.create_workshop("Rate", CRITERIA)
    token = a.join(ws.workshop.code).token
    stored, refused = 0, 0
    for i in range(10):
        try:
            (a, b)[i % 2].submit(token, W)
            stored += 1
        except ScoringError as exc:
            assert "at most 4 a minute" in str(exc)
            refused += 1
    assert (stored, refused) == (4, 6)
    assert len(a.submissions(ws.workshop.code, ws.key)) == 4
    a.close(), b.close()


def test_room_version_changes_with_answers_rounds_and_participant_weights(tmp_path):
    a, b = _pair("sqlite", tmp_path, max_submissions_per_minute=100)
    ws = a.create_workshop("Version", CRITERIA)
    code, key = ws.workshop.code, ws.key
    seen = [a.room_version(code)]
    assert b.room_version(code) == seen[0]  # the same for every process
    p = a.join(code, "Ann")
    seen.append(b.room_version(code))
    b.submit(p.token, W)
    seen.append(a.room_version(code))
    a.set_participant_weight(code, key, p.participant.id, 0.5)
    seen.append(b.room_version(code))
    b.close_round(code, key)
    seen.append(a.room_version(code))
    a.reveal(code, key, 1, True)
    seen.append(a.room_version(code))
    assert len(set(seen)) == len(seen)
    assert a.room_version(code) == seen[-1]  # nothing changed: same version
    a.close(), b.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_room_version_sees_weight_moves_that_keep_every_sum_equal(backend, tmp_path):
    """review4 R12: 'counts as' 1, 1, 1 -> 1.5, 0, 1.5 kept sum(weight * id) and the count, so every
    facilitator screen kept the old group result."""
    a, b = _pair(backend, tmp_path, max_submissions_per_minute=100)
    ws = a.create_workshop("Moves", CRITERIA)
    code, key = ws.workshop.code, ws.key
    people = [a.join(code, name).participant.id for name in ("A", "B", "C")]
    before = b.room_version(code)
    first, middle, last = people
    assert middle - first == last - middle  # ids in a row: the moves below keep sum(weight * id)
    a.set_participant_weight(code, key, first, 1.5)
    a.set_participant_weight(code, key, middle, 0.0)
    a.set_participant_weight(code, key, last, 1.5)
    assert b.room_version(code) != before
    a.close(), b.close()


def test_last_answer_is_the_latest_of_the_latest_round(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}", max_submissions_per_minute=100)
    ws = store.create_workshop("Last", CRITERIA)
    token = store.join(ws.workshop.code).token
    assert store.last_answer(token) is None
    store.submit(token, W, "sliders", {"impact": 4, "cost": 2, "speed": 2})
    store.submit(token, W, "points", {"impact": 50, "cost": 25, "speed": 25})
    store.open_round(ws.workshop.code, ws.key)
    last = store.last_answer(token)
    assert (last.round, last.sequence, last.mode, last.raw) == (1, 2, "points", {"impact": 50, "cost": 25, "speed": 25})
    store.submit(token, {"impact": 1.0, "cost": 0.0, "speed": 0.0}, "ranking", {"impact": 1, "cost": 2, "speed": 3})
    last = store.last_answer(token)
    assert (last.round, last.sequence, last.mode) == (2, 1, "ranking")
    assert last.weights == pytest.approx({"impact": 1.0, "cost": 0.0, "speed": 0.0})


def test_a_database_from_before_answer_keys_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    store = Store(f"sqlite:///{path}")
    ws = store.create_workshop("Old", CRITERIA)
    token = store.join(ws.workshop.code).token
    store.submit(token, W)
    store.close()
    con = sqlite3.connect(path)  # make it look like a database written before the column existed
    ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'submissions'").fetchone()[0]
    lines = [ln for ln in ddl.splitlines() if "answer_key" not in ln]
    old = "\n".join(lines).replace("CREATE TABLE submissions", "CREATE TABLE old")
    cols = "id, workshop_id, participant_id, round_id, sequence, weights, mode, raw, created_at"
    con.executescript(f"{old};\nINSERT INTO old SELECT {cols} FROM submissions;\nDROP TABLE submissions;\n"
                      "ALTER TABLE old RENAME TO submissions;")
    con.commit()
    con.close()
    upgraded = Store(f"sqlite:///{path}")
    again = upgraded.submit(token, W, answer_key="k")
    assert upgraded.submit(token, W, answer_key="k").repeated
    assert again.sequence == 2 and len(upgraded.submissions(ws.workshop.code, ws.key)) == 2
    upgraded.close()
