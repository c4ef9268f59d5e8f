"""The workshop store on SQLite (always) and PostgreSQL (when SCORING_TEST_POSTGRES_URL is set)."""
from __future__ import annotations

import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workshop_support import BACKENDS, CRITERIA, backend_url  # noqa: E402

from scoring.errors import ScoringError  # noqa: E402
from scoring.store import NAME_MAX, Store, clean_display_name, normalize_code  # noqa: E402


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> str:
    return backend_url(request.param, tmp_path)


@pytest.fixture
def store(url):
    s = Store(url, max_submissions_per_minute=1000)
    yield s
    s.close()


def test_resubmissions_are_appended_and_the_latest_counts(store):
    ws = store.create_workshop("Budget day", CRITERIA)
    code, key = ws.workshop.code, ws.key
    ann = store.join(code, "Ann")
    store.submit(ann.token, {"impact": 2, "cost": 1, "speed": 1})
    store.submit(ann.token, {"impact": 1, "cost": 1, "speed": 2}, mode="points", raw={"impact": 25, "cost": 25, "speed": 50})
    last = store.submit(ann.token, {"impact": 0, "cost": 3, "speed": 1})
    assert last.sequence == 3 and last.round == 1
    subs = store.submissions(code, key)
    assert subs["sequence"].tolist() == [1, 2, 3]
    assert subs["latest"].tolist() == [False, False, True]
    assert subs["mode"].tolist() == ["sliders", "points", "sliders"]
    assert subs.loc[0, ["impact", "cost", "speed"]].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert '"speed": 50' in subs.loc[1, "raw"]
    latest = store.latest(code, key)
    assert len(latest) == 1
    assert latest.loc[0, ["impact", "cost", "speed"]].tolist() == pytest.approx([0.0, 0.75, 0.25])
    assert latest.loc[0, "participant"] == "Ann" and latest.loc[0, "sequence"] == 3
    history = store.my_submissions(ann.token)
    assert history["sequence"].tolist() == [1, 2, 3]


def test_a_new_store_on_the_same_database_sees_everything(url):
    first = Store(url)
    ws = first.create_workshop("Restart", CRITERIA)
    tokens = [first.join(ws.workshop.code, f"p{i}").token for i in range(3)]
    for i, tok in enumerate(tokens):
        first.submit(tok, {"impact": i + 1, "cost": 1, "speed": 1})
    first.close()  # the dashboard server stops
    second = Store(url)  # ... and starts again
    latest = second.latest(ws.workshop.code, ws.key)
    assert latest["participant"].tolist() == ["p0", "p1", "p2"]
    assert latest["impact"].tolist() == pytest.approx([1 / 3, 2 / 4, 3 / 5])
    assert second.participant(tokens[1]).display_name == "p1"  # tokens still work
    second.submit(tokens[0], {"impact": 1, "cost": 0, "speed": 0})
    assert len(second.submissions(ws.workshop.code, ws.key)) == 4
    second.close()


def test_rounds_close_open_and_keep_answers_apart(store):
    ws = store.create_workshop("Delphi", CRITERIA)
    code, key = ws.workshop.code, ws.key
    p = store.join(code, "P")
    store.submit(p.token, {"impact": 1, "cost": 0, "speed": 0})
    assert store.close_round(code, key).is_open is False
    with pytest.raises(ScoringError, match="round 1 is closed"):
        store.submit(p.token, {"impact": 0, "cost": 1, "speed": 0})
    second = store.open_round(code, key)
    assert (second.number, second.is_open) == (2, True)
    store.submit(p.token, {"impact": 0, "cost": 1, "speed": 0})
    assert store.latest(code, key, 1)["impact"].tolist() == [1.0]
    assert store.latest(code, key, 2)["cost"].tolist() == [1.0]
    assert store.latest(code, key)["round"].tolist() == [2]
    # opening round 3 closes round 2 first
    store.open_round(code, key)
    assert [(r.number, r.is_open) for r in store.rounds(code)] == [(1, False), (2, False), (3, True)]
    assert store.counts(code) == {"joined": 1, "submitted": 0, "round": 3}


def test_answers_stay_hidden_from_participants_until_revealed(store):
    ws = store.create_workshop("Reveal", CRITERIA)
    code, key = ws.workshop.code, ws.key
    a, b = store.join(code, "Ann"), store.join(code, "Bob")
    store.submit(a.token, {"impact": 1, "cost": 0, "speed": 0})
    store.submit(b.token, {"impact": 0, "cost": 1, "speed": 0})
    assert store.revealed_room(a.token) is None
    assert store.reveal(code, key).revealed is True
    number, frame = store.revealed_room(a.token)
    assert number == 1
    assert sorted(frame["impact"].tolist()) == [0.0, 1.0]
    assert "display_name" not in frame.columns and "participant" not in frame.columns  # anonymous
    store.reveal(code, key, 1, revealed=False)
    assert store.revealed_room(a.token) is None


def test_participant_weight_zero_is_kept_but_marked(store):
    ws = store.create_workshop("Weights", CRITERIA)
    code, key = ws.workshop.code, ws.key
    a = store.join(code, "Observer")
    store.submit(a.token, {"impact": 1, "cost": 1, "speed": 1})
    store.set_participant_weight(code, key, a.participant.id, 0)
    assert store.latest(code, key)["vote_weight"].tolist() == [0.0]
    with pytest.raises(ScoringError, match="between 0 and 10"):
        store.set_participant_weight(code, key, a.participant.id, -1)
    other = store.create_workshop("Other", CRITERIA)
    with pytest.raises(ScoringError, match=f"no participant #{a.participant.id} in this workshop"):
        store.set_participant_weight(other.workshop.code, other.key, a.participant.id, 2)


def test_rate_limit_per_participant_and_minute(url):
    now = [datetime(2030, 1, 1, 9, 0, 0)]
    s = Store(url, max_submissions_per_minute=3, clock=lambda: now[0])
    ws = s.create_workshop("Rate", CRITERIA)
    a, b = s.join(ws.workshop.code, "A"), s.join(ws.workshop.code, "B")
    for i in range(3):
        now[0] += timedelta(seconds=1)
        s.submit(a.token, {"impact": i + 1, "cost": 1, "speed": 1})
    with pytest.raises(ScoringError, match="at most 3 a minute"):
        s.submit(a.token, {"impact": 1, "cost": 1, "speed": 1})
    s.submit(b.token, {"impact": 1, "cost": 1, "speed": 1})  # the limit is per participant
    now[0] += timedelta(seconds=61)
    assert s.submit(a.token, {"impact": 1, "cost": 1, "speed": 1}).sequence == 4
    s.close()


def test_participant_cap_holds_under_concurrent_joins(url):
    s = Store(url, max_participants=10)
    ws = s.create_workshop("Cap", CRITERIA)
    barrier = threading.Barrier(30)
    results: list[str] = []
    lock = threading.Lock()

    def join(i: int) -> None:
        barrier.wait()
        try:
            s.join(ws.workshop.code, f"p{i}")
            outcome = "ok"
        except ScoringError as exc:
            outcome = str(exc)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=join, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10
    assert all("this workshop is full (10 participants)" in r for r in results if r != "ok")
    assert len(s.participants(ws.workshop.code, ws.key)) == 10
    s.close()


@pytest.mark.parametrize("weights, message", [
    ({"impact": 1, "cost": 1}, "missing a weight for 'speed'"),
    ({"impact": 1, "cost": 1, "speed": 1, "reach": 2}, "unknown criterion 'reach'"),
    ({"impact": -1, "cost": 1, "speed": 1}, "weight of 'impact' must not be negative"),
    ({"impact": 0, "cost": 0, "speed": 0}, "all weights are zero"),
    ({"impact": float("nan"), "cost": 1, "speed": 1}, "weight of 'impact' must be a finite number"),
    ({"impact": "3", "cost": 1, "speed": 1}, "weight of 'impact' must be a number"),
])
def test_weights_are_validated_like_everywhere_else(store, weights, message):
    ws = store.create_workshop("Validation", CRITERIA)
    p = store.join(ws.workshop.code)
    with pytest.raises(ScoringError, match=message):
        store.submit(p.token, weights)
    assert len(store.submissions(ws.workshop.code, ws.key)) == 0


def test_unknown_mode_and_oversized_raw_refused(store):
    ws = store.create_workshop("Modes", CRITERIA)
    p = store.join(ws.workshop.code)
    with pytest.raises(ScoringError, match="unknown elicitation mode 'telepathy'"):
        store.submit(p.token, {"impact": 1, "cost": 1, "speed": 1}, mode="telepathy")
    with pytest.raises(ScoringError, match="too long"):
        store.submit(p.token, {"impact": 1, "cost": 1, "speed": 1}, raw={"note": "x" * 5000})


def test_display_names_are_one_line_of_plain_text():
    assert clean_display_name("  Ann \n\t Lee\x00\x1b[31m ") == "Ann Lee[31m"
    assert clean_display_name("a\u202eb\u200bc") == "abc"  # bidi override and zero-width space are format chars
    assert len(clean_display_name("x" * 100)) == NAME_MAX
    assert clean_display_name(None) == ""
    assert clean_display_name("<b>bold</b>") == "<b>bold</b>"  # kept as typed: shown as text, never as markup


def test_anonymous_participants_get_a_label(store):
    ws = store.create_workshop("Anon", CRITERIA)
    p = store.join(ws.workshop.code, "   ")
    assert p.participant.display_name == ""
    q = store.join(ws.workshop.code, "")
    assert (p.participant.label, q.participant.label) == ("Anonymous 1", "Anonymous 2")  # joining order
    assert store.participant(q.token).label == "Anonymous 2"


def test_join_codes_are_short_and_forgiving(store):
    ws = store.create_workshop("Codes", CRITERIA)
    code = ws.workshop.code
    assert len(code) == 6 and code.isalnum() and code.isupper()
    assert not set(code) & set("01OI")
    assert store.workshop(code.lower()).id == ws.workshop.id
    assert store.workshop(f" {code[:3]}-{code[3:]} ").id == ws.workshop.id
    assert normalize_code("ab-c d") == "ABCD"
    with pytest.raises(ScoringError, match=r"^No workshop has the code ZZZZZZ\. Check the code with the facilitator\.$"):
        store.workshop("zzzzzz")


def test_delete_removes_every_row_of_the_workshop(store):
    keep = store.create_workshop("Keep", CRITERIA)
    gone = store.create_workshop("Gone", CRITERIA)
    for ws in (keep, gone):
        p = store.join(ws.workshop.code, "P")
        store.submit(p.token, {"impact": 1, "cost": 1, "speed": 1})
    store.delete_workshop(gone.workshop.code, gone.key)
    with pytest.raises(ScoringError, match=r"^This workshop was deleted \(code " + gone.workshop.code):
        store.workshop(gone.workshop.code)
    with pytest.raises(ScoringError, match="This workshop was deleted"):  # a second facilitator, same key
        store.check_key(gone.workshop.code, gone.key)
    assert len(store.submissions(keep.workshop.code, keep.key)) == 1
    with store.engine.connect() as conn:
        for table in ("submissions", "participants", "rounds", "workshop_log", "workshop_data"):
            left = conn.execute(text(f"SELECT count(*) FROM {table} WHERE workshop_id = :w"),
                                {"w": gone.workshop.id}).scalar_one()
            assert left == 0, table
        names = conn.execute(text("SELECT count(*) FROM workshops WHERE name = 'Gone'")).scalar_one()
    assert names == 0  # only the join code is remembered, nothing that was in the workshop


def test_workshop_validates_its_own_settings(store):
    with pytest.raises(ScoringError, match="give the workshop a name"):
        store.create_workshop("  ", CRITERIA)
    with pytest.raises(ScoringError, match="unknown method 'magic'"):
        store.create_workshop("M", CRITERIA, method="magic")
    with pytest.raises(ScoringError, match="distinct criterion ids"):
        store.create_workshop("M", ["a", "a"])
    ws = store.create_workshop("Settings", CRITERIA, settings={"aggregation": "geometric"})
    assert store.update_settings(ws.workshop.code, ws.key, top_k=3).settings == {"aggregation": "geometric", "top_k": 3}


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    s.close()


def test_bad_database_settings_give_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(ScoringError, match="not a database URL"):
        Store("no such thing")
    with pytest.raises(ScoringError, match="folder for the SQLite file does not exist"):
        Store(f"sqlite:///{tmp_path / 'missing' / 'w.db'}")
    monkeypatch.setenv("SCORING_MAX_PARTICIPANTS", "lots")
    with pytest.raises(ScoringError, match="expected a whole number, got 'lots'"):
        Store(f"sqlite:///{tmp_path / 'w.db'}")


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "from_env.db"
    monkeypatch.setenv("SCORING_DATABASE_URL", f"sqlite:///{path}")
    s = Store()
    s.create_workshop("Env", CRITERIA)
    assert path.exists()
    s.close()


def test_latest_feeds_the_group_aggregation(store):
    from scoring.group import aggregate_weights

    ws = store.create_workshop("Aggregate", CRITERIA)
    a, b = store.join(ws.workshop.code, "A"), store.join(ws.workshop.code, "B")
    store.submit(a.token, {"impact": 1, "cost": 1, "speed": 1})
    store.submit(a.token, {"impact": 2, "cost": 1, "speed": 1})  # replaces A's first answer
    store.submit(b.token, {"impact": 1, "cost": 4, "speed": 3})
    latest = store.latest(ws.workshop.code, ws.key)
    g = aggregate_weights(latest[CRITERIA].to_numpy(), "arithmetic", latest["vote_weight"].to_numpy())
    assert g == pytest.approx(np.array([0.3125, 0.375, 0.3125]))  # ([.5,.25,.25] + [.125,.5,.375]) / 2
