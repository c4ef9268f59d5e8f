"""The facilitator is in control and a workshop owns its data (store level, SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workshop_support import BACKENDS, CRITERIA, backend_url, postgres_url  # noqa: E402

from scoring.errors import ScoringError  # noqa: E402
from scoring.store import Store, default_url  # noqa: E402

OPTIONS = b"id,title,impact,cost,speed\na,Alpha,5,4,2\nb,Bravo,3,1,4\n"
CRITERIA_YAML = b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}}\n" \
                b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}}\n" \
                b"  - {id: speed, label: Speed, direction: benefit, scale: {min: 1, max: 5}}\n"
DATA = {"options": ("options.csv", OPTIONS), "criteria": ("criteria.yaml", CRITERIA_YAML)}


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> str:
    return backend_url(request.param, tmp_path)


@pytest.fixture
def store(url):
    s = Store(url, max_submissions_per_minute=1000, max_joins_per_client=3)
    yield s
    s.close()


def test_removed_participant_frees_the_seat_and_stays_in_the_export(url):
    store = Store(url, max_participants=2, max_submissions_per_minute=1000)
    ws = store.create_workshop("Seats", CRITERIA)
    code, key = ws.workshop.code, ws.key
    a, b = store.join(code, "A"), store.join(code, "B")
    store.submit(a.token, {"impact": 1, "cost": 0, "speed": 0})
    store.submit(b.token, {"impact": 0, "cost": 1, "speed": 0})
    with pytest.raises(ScoringError, match="full"):
        store.join(code, "C")
    store.remove_participant(code, key, b.participant.id)
    c = store.join(code, "C")  # the seat is free again
    assert c.participant.number == 3  # numbering keeps joining order; B keeps number 2
    with pytest.raises(ScoringError, match="^The facilitator removed you from this workshop.$"):
        store.submit(b.token, {"impact": 1, "cost": 1, "speed": 1})
    assert store.latest(code, key)["participant"].tolist() == ["A"]  # B no longer counts
    subs = store.submissions(code, key)
    assert subs.set_index("participant")["removed"].to_dict() == {"A": False, "B": True}
    people = store.participants(code, key).set_index("participant")
    assert people["removed"].to_dict() == {"A": False, "B": True, "C": False}
    assert store.counts(code)["joined"] == 2
    assert store.log(code, key)["action"].tolist() == ["created", "participant removed"]
    with pytest.raises(ScoringError, match="no participant"):
        store.remove_participant(code, key, b.participant.id)  # once only
    store.close()


def test_locked_workshop_refuses_new_joins_but_keeps_answers(store):
    ws = store.create_workshop("Lock", CRITERIA)
    code, key = ws.workshop.code, ws.key
    a = store.join(code, "A")
    store.set_joining_locked(code, key, True)
    with pytest.raises(ScoringError, match="^The facilitator has closed this workshop to new participants.$"):
        store.join(code, "B")
    store.submit(a.token, {"impact": 1, "cost": 1, "speed": 1})  # people already in keep answering
    store.set_joining_locked(code, key, False)
    store.join(code, "B")
    assert store.log(code, key)["action"].tolist() == ["created", "joining locked", "joining unlocked"]


def test_join_limit_per_client_holds_across_store_instances(url):
    first = Store(url, max_joins_per_client=3)
    second = Store(url, max_joins_per_client=3)  # another server process on the same database
    ws = first.create_workshop("Flood", CRITERIA)
    code = ws.workshop.code
    first.join(code, "1", client="10.0.0.7")
    second.join(code, "2", client="10.0.0.7")
    first.join(code, "3", client="10.0.0.7")
    with pytest.raises(ScoringError, match=r"^Too many joins from this device \(3 an hour\)"):
        second.join(code, "4", client="10.0.0.7")
    first.join(code, "5", client="10.0.0.8")  # another device still joins
    assert len(first.participants(code, ws.key)) == 4
    with first.engine.connect() as conn:
        stored = conn.execute(text("SELECT client FROM participants WHERE workshop_id = :w"),
                              {"w": ws.workshop.id}).scalars().all()
    assert "10.0.0.7" not in stored and all(len(c) == 64 for c in stored)  # only a hash is kept
    first.close()
    second.close()


def test_workshop_keeps_its_own_data_and_update_starts_a_round(store):
    ws = store.create_workshop("Owned", CRITERIA, data=DATA)
    code, key = ws.workshop.code, ws.key
    v1 = store.data_version(code)
    assert (v1.version, v1.from_round) == (1, 1)
    assert v1.files["options"].content == OPTIONS and v1.files["criteria"].content == CRITERIA_YAML
    edited = OPTIONS.replace(b"Alpha,5", b"Alpha,1")
    rnd = store.update_data(code, key, {**DATA, "options": ("options.csv", edited)}, note="fixed a score")
    assert rnd.number == 2 and rnd.is_open
    assert store.data_version(code).files["options"].content == edited
    assert store.data_version(code, 1).files["options"].content == OPTIONS  # round 1 keeps its data
    log = store.log(code, key)
    assert log["action"].tolist() == ["created", "data updated"]
    detail = json.loads(log["detail"].iloc[1])
    assert detail["version"] == 2 and detail["from_round"] == 2 and detail["note"] == "fixed a score"
    import hashlib
    assert detail["data"]["options"] == hashlib.sha256(edited).hexdigest()
    versions = store.data_versions(code, key)
    assert versions[["version", "kind"]].values.tolist() == [[1, "criteria"], [1, "options"], [2, "criteria"], [2, "options"]]
    with pytest.raises(ScoringError, match="options and criteria"):
        store.update_data(code, key, {"options": ("o.csv", OPTIONS)})
    assert store.current_round(code).number == 2  # a refused update opens no round


def test_workshop_without_stored_data_reports_none(store):
    ws = store.create_workshop("Old style", CRITERIA)
    assert store.data_version(ws.workshop.code) is None


def test_backup_copies_answers_still_in_the_write_ahead_log(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'live.db'}")
    ws = store.create_workshop("Backup", CRITERIA)
    p = store.join(ws.workshop.code, "A")
    store.submit(p.token, {"impact": 1, "cost": 2, "speed": 3})
    assert (tmp_path / "live.db-wal").stat().st_size > 0  # the answer is (at least partly) in the WAL
    target = store.backup(str(tmp_path / "copy.db"))
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
        assert conn.execute("SELECT name FROM workshops").fetchone() == ("Backup",)
    with pytest.raises(ScoringError, match="exists"):
        store.backup(target)
    store.close()


@pytest.mark.postgres
def test_backup_of_a_server_database_points_to_pg_dump(tmp_path):
    store = Store(postgres_url())
    with pytest.raises(ScoringError, match="back it up with pg_dump"):
        store.backup(str(tmp_path / "never-written.db"))
    assert not (tmp_path / "never-written.db").exists()
    store.close()


def test_old_database_gains_the_new_columns(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the participants table as the first release created it
        conn.executescript("""
            CREATE TABLE workshops (id INTEGER PRIMARY KEY, code VARCHAR(16) NOT NULL UNIQUE, name VARCHAR(80) NOT NULL,
              key_salt VARCHAR(64) NOT NULL, key_hash VARCHAR(64) NOT NULL, dataset VARCHAR(200) NOT NULL,
              method VARCHAR(40) NOT NULL, normalization VARCHAR(40), criteria JSON NOT NULL, settings JSON NOT NULL,
              created_at DATETIME NOT NULL);
            CREATE TABLE participants (id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id)
              ON DELETE CASCADE, display_name VARCHAR(40) NOT NULL, token_salt VARCHAR(64) NOT NULL,
              token_hash VARCHAR(64) NOT NULL, vote_weight FLOAT NOT NULL, joined_at DATETIME NOT NULL);
        """)
    store = Store(f"sqlite:///{path}")
    ws = store.create_workshop("Upgraded", CRITERIA)
    p = store.join(ws.workshop.code, "A", client="x")
    store.remove_participant(ws.workshop.code, ws.key, p.participant.id)
    with sqlite3.connect(path) as conn:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(participants)")}
    assert {"removed_at", "client"} <= cols
    store.close()
    Store(f"sqlite:///{path}").close()  # a second start finds the columns and changes nothing


def test_default_store_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SCORING_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    url = default_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'policy-scoring' / 'workshop.db'}"
    store = Store()
    assert store.location() == str(tmp_path / "data" / "policy-scoring" / "workshop.db")
    store.close()
    from scoring.store import shared_store

    assert shared_store().location() == store.location()  # one store per process, same default
    assert not (tmp_path / "workshop.db").exists()  # not in whatever folder the server started from


def test_backup_command_copies_the_store_and_refuses_to_overwrite(tmp_path, capsys):
    from scoring.cli import main

    url = f"sqlite:///{tmp_path / 'live.db'}"
    store = Store(url)
    ws = store.create_workshop("CLI backup", CRITERIA)
    store.submit(store.join(ws.workshop.code, "A").token, {"impact": 1, "cost": 1, "speed": 1})
    assert main(["workshop", "--database", url, "backup", str(tmp_path / "copy.db")]) == 0
    assert f"to {tmp_path / 'copy.db'}" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
    assert main(["workshop", "--database", url, "backup", str(tmp_path / "copy.db")]) == 2
    assert "exists; choose a new file name" in capsys.readouterr().err
    assert main(["workshop", "--database", url, "where"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "live.db")
    store.close()
