"""Leftovers of issues 10/11 (review4, review3): idempotent Create, the facilitator's sign-in surviving a new
server process, exports that leave removed people out, `workshop backup PATH --database URL`, the empty
join code, serve's back-off, the loopback join-link hint, and bench_room counting dropped connections.

Browser cases (double click, long names, revealed result position, data update) are in
test_room_leftovers_browser.py.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "workshop"))
sys.path.insert(0, str(ROOT / "bench"))

from workshop_support import BACKENDS, backend_url  # noqa: E402

from scoring.errors import ScoringError  # noqa: E402
from scoring.loading import load_dataset  # noqa: E402
from scoring.room import analyse, room_from_latest  # noqa: E402
from scoring.store import SESSION_LIFETIME, Store  # noqa: E402

CRITERIA = ["impact", "cost", "speed"]
FACILITATOR_PAGE = ROOT / "pages" / "2_Facilitator.py"
JOIN_PAGE = ROOT / "pages" / "1_Join_workshop.py"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = Store(backend_url(request.param, tmp_path))
    yield s
    s.close()


# ---------------------------------------------------------------- W4: one workshop per Create form

def test_the_same_create_request_makes_one_workshop_and_gives_the_same_key(store):
    request = "r" * 43
    first = store.create_workshop("Double click", CRITERIA, request_key=request)
    again = store.create_workshop("Double click", CRITERIA, request_key=request)
    assert again.workshop.code == first.workshop.code and again.key == first.key
    assert store.check_key(first.workshop.code, again.key).name == "Double click"
    other = store.create_workshop("Double click", CRITERIA, request_key="s" * 43)  # a new form: a new workshop
    assert other.workshop.code != first.workshop.code and other.key != first.key
    plain = [store.create_workshop("No request key", CRITERIA) for _ in range(2)]  # the API without one: as before
    assert plain[0].workshop.code != plain[1].workshop.code
    with pytest.raises(ScoringError, match="at least 32 characters"):
        store.create_workshop("Short", CRITERIA, request_key="short")


# ---------------------------------------------------------------- W3: the facilitator's sign-in survives

def test_a_session_token_stands_for_the_key_until_sign_out_or_expiry(store):
    now = [datetime(2026, 11, 30, 9, 0)]
    store.clock = lambda: now[0]
    created = store.create_workshop("Sessions", CRITERIA)
    code = created.workshop.code
    token = store.start_session(code, created.key)
    assert created.key not in token and token.startswith("fs1.")
    assert store.check_key(code, token).code == code
    assert len(store.participants(code, token)) == 0  # every keyed call takes it
    other = store.create_workshop("Other", CRITERIA)
    with pytest.raises(ScoringError, match="sign-in has ended"):
        store.check_key(other.workshop.code, token)  # a session opens only its own workshop
    with pytest.raises(ScoringError, match="sign-in has ended"):
        store.check_key(code, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    with pytest.raises(ScoringError):
        store.start_session(code, "wrong key")
    now[0] += SESSION_LIFETIME + timedelta(seconds=1)
    with pytest.raises(ScoringError, match="sign-in has ended"):
        store.check_key(code, token)
    fresh = store.start_session(code, created.key)
    store.end_session(fresh)  # Sign out
    with pytest.raises(ScoringError, match="sign-in has ended"):
        store.check_key(code, fresh)
    assert store.check_key(code, created.key).code == code  # the key itself keeps working
    store.delete_workshop(code, created.key)
    with pytest.raises(ScoringError, match="was deleted"):
        store.check_key(code, token)


def _facilitator_signed_in(tmp_path, monkeypatch, name: str):
    """A store on a fresh SQLite file, a workshop `name`, and a facilitator page (AppTest) signed in to it
    with its key through "Open a workshop"."""
    from streamlit.testing.v1 import AppTest

    from ui.room_cache import caches
    from ui.workshop_view import get_store

    url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    get_store.clear()
    caches.clear()
    store = Store(url)
    created = store.create_workshop(name, load_dataset().criteria.ids)
    at = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60).run()
    at.text_input(key="ws_open_code").set_value(created.workshop.code)
    at.text_input(key="ws_open_key").set_value(created.key)
    next(b for b in at.button if b.label == "Open").click().run()
    return store, created, at


def test_projector_mode_takes_the_sign_in_token_out_of_the_address_bar(tmp_path, monkeypatch):
    """Lead review of W3: the token in the address is a facilitator credential for 12 hours, and the
    facilitator page is what gets projected. In Projector mode it leaves the address (the session stays
    signed in); leaving the mode puts it back, so a reload works again."""
    from ui.workshop_view import get_store

    store, created, at = _facilitator_signed_in(tmp_path, monkeypatch, "Projected")
    token = at.query_params["fs"]
    assert token.startswith("fs1.")
    at.toggle(key="ws_projector").set_value(True).run()
    assert "fs" not in at.query_params and at.query_params["code"] == created.workshop.code
    assert any(m.label == "Join code" for m in at.metric), "still signed in in this session"
    at.toggle(key="ws_projector").set_value(False).run()
    assert at.query_params["fs"] == token
    store.close()
    get_store.clear()


def test_a_new_server_process_signs_the_facilitator_back_in_from_the_page_address(tmp_path, monkeypatch):
    """review4 W3: sign-in lived only in the dead process's session state. A new AppTest is a new session
    with only the page address, as after a reconnect to another worker; the key is never in the address."""
    from streamlit.testing.v1 import AppTest

    from ui.workshop_view import get_store

    store, created, at = _facilitator_signed_in(tmp_path, monkeypatch, "Survives")
    params = {k: at.query_params[k] for k in at.query_params}
    assert params["code"] == created.workshop.code and params["fs"].startswith("fs1.")
    assert created.key not in repr(params)
    assert any(m.label == "Join code" and m.value == created.workshop.code for m in at.metric)

    again = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60)
    for k, v in params.items():
        again.query_params[k] = v
    again.run()
    assert not again.exception
    assert any(m.label == "Join code" for m in again.metric), "the room view came back without the key"
    assert not [t for t in again.tabs if t.label == "Open a workshop"]
    next(b for b in again.button if b.label == "Make a new facilitator key").click().run()
    new_key = again.code[0].value  # shown once, alone: no metric (join code) and no room drawn meanwhile
    assert not again.metric and store.check_key(created.workshop.code, new_key).code == created.workshop.code
    next(b for b in again.button if b.label == "I have copied it").click().run()
    assert any(m.label == "Join code" for m in again.metric) and new_key not in [c.value for c in again.code]
    next(b for b in again.button if b.label == "Sign out").click().run()
    assert "fs" not in again.query_params
    later = AppTest.from_file(str(FACILITATOR_PAGE), default_timeout=60)
    for k, v in params.items():
        later.query_params[k] = v
    later.run()
    assert any("sign-in has ended" in e.value for e in later.error)  # signed out everywhere
    assert [t for t in later.tabs if t.label == "Open a workshop"]
    store.close()
    get_store.clear()


def test_a_lost_key_is_replaced_from_a_signed_in_page_and_the_old_key_and_other_sign_ins_stop(store):
    """review4 W3: a page that died while the new key was on screen lost it for good; the sign-in token
    (which survived) can make a new key."""
    created = store.create_workshop("Lost key", CRITERIA)
    code = created.workshop.code
    mine, other = store.start_session(code, created.key), store.start_session(code, created.key)
    new = store.replace_key(code, mine)
    assert new != created.key and store.check_key(code, new).code == code
    assert store.check_key(code, mine).code == code  # the page that asked stays signed in
    for old in (created.key, other):
        with pytest.raises(ScoringError):
            store.check_key(code, old)
    assert store.log(code, new)["action"].tolist()[-1] == "facilitator key replaced"


# ---------------------------------------------------------------- W5: exports match the room

def test_a_removed_participants_answers_are_neither_latest_nor_counted_in_the_export(store):
    dataset = load_dataset()
    created = store.create_workshop("Export", dataset.criteria.ids)
    code, key = created.workshop.code, created.key
    ids = dataset.criteria.ids
    people = [store.join(code, name) for name in ("Ann", "Bob", "Spam", "Zero")]
    for i, p in enumerate(people):
        store.submit(p.token, {c: 1.0 + (j == i) for j, c in enumerate(ids)})
        store.submit(p.token, {c: 1.0 + (j == i + 1) for j, c in enumerate(ids)})
    store.remove_participant(code, key, people[2].participant.id)
    store.set_participant_weight(code, key, people[3].participant.id, 0.0)
    subs = store.submissions(code, key)
    spam = subs[subs["participant"] == "Spam"]
    assert spam["removed"].tolist() == [True, True] and spam["latest"].tolist() == [False, False]
    assert spam["counts"].tolist() == [False, False]
    latest = subs[subs["latest"]]
    assert sorted(latest["participant"]) == ["Ann", "Bob", "Zero"]
    assert sorted(subs[subs["counts"]]["participant"]) == ["Ann", "Bob"]
    # the facilitator's room is built from the same answers: its counted weights equal the export's
    room = room_from_latest(store.latest(code, key), created.workshop.criteria, False)
    result = analyse(room, dataset, created.workshop, "arithmetic")
    counted = subs[subs["counts"]].sort_values("participant_id")
    expected = counted[ids].to_numpy(float).mean(axis=0)
    assert np.allclose(result.group_weights, expected / expected.sum())


# ---------------------------------------------------------------- W1: options in any order

@pytest.mark.parametrize("order", ["after", "before", "between"])
def test_workshop_backup_takes_database_before_or_after_the_action(tmp_path, order):
    db = tmp_path / "ws.db"
    url = f"sqlite:///{db}"
    Store(url).close()
    out = tmp_path / f"copy-{order}.db"
    args = {"after": ["workshop", "backup", str(out), "--database", url],
            "before": ["workshop", "--database", url, "backup", str(out)],
            "between": ["workshop", "backup", "--database", url, str(out)]}[order]
    run = subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert out.exists() and f"backed up {db}" in run.stdout
    where = subprocess.run([sys.executable, "-m", "scoring", "workshop", "where", "--database", url], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert where.returncode == 0 and where.stdout.strip() == str(db), where.stderr


# ---------------------------------------------------------------- RV3-W6: empty join code

def test_an_empty_join_code_asks_for_the_code_in_plain_words(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui.room_cache import caches
    from ui.workshop_view import get_store

    monkeypatch.setenv("SCORING_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    get_store.clear()
    caches.clear()
    at = AppTest.from_file(str(JOIN_PAGE), default_timeout=60).run()
    next(b for b in at.button if b.label == "Join").click().run()
    assert [e.value for e in at.error] == ["Type the join code shown on the screen."]
    get_store.clear()


# ---------------------------------------------------------------- R8: serve's back-off

class _Exited:
    """A worker process that has already exited with `code`."""

    def __init__(self, code: int = 1) -> None:
        self.returncode = code
        self.pid = 0

    def poll(self) -> int:
        return self.returncode


def test_serve_backs_off_a_crashing_worker_and_stops_after_too_many_fast_crashes(tmp_path):
    from scoring import serve

    now = [1000.0]
    cluster = serve.Cluster(workers=2, port=1, directory=tmp_path, quiet=False, clock=lambda: now[0])
    said: list[str] = []
    cluster._say = said.append  # type: ignore[method-assign]
    starts: list[float] = []

    def start(i: int):
        starts.append(now[0])
        return _Exited(1) if i == 0 else _Running()

    class _Running:
        returncode = None
        pid = 0

        def poll(self):
            return None

    cluster._worker = start  # type: ignore[method-assign]
    cluster.ports = [5001, 5002]
    cluster.procs = [_Exited(-9), _Running()]
    cluster.started = [now[0] - 600, now[0] - 600]  # ran ten minutes, then killed: restarted at once
    cluster.fast_crashes = [0, 0]
    cluster.restart_at = [None, None]
    (tmp_path / "worker-1.log").write_text("OSError: [Errno 98] Address already in use\n")
    cluster.watch_once()
    assert starts == [1000.0] and "after 600 s; starting it again" in said[-1]
    # from now on worker 1 dies at once every time: restarts after 0, 1, 2, 4, 8 s, then serve gives up
    waits = []
    with pytest.raises(ScoringError) as stop:
        for _ in range(200):
            now[0] += 0.5
            before = len(starts)
            cluster.watch_once()
            if len(starts) > before:
                waits.append(starts[-1] - starts[-2])
    # each crash is seen on the next 0.5 s tick, then the pause: 0, 1, 2, 4, 8 s; the 6th crash stops serve
    assert waits == [0.5, 1.5, 2.5, 4.5, 8.5]
    assert [serve.backoff(k) for k in range(1, 10)] == [0, 1, 2, 4, 8, 16, 30, 30, 30]
    text = str(stop.value)
    assert f"crashed {serve.MAX_FAST_CRASHES} times in a row" in text and "Address already in use" in text
    assert any("starting it again in 4 s" in line and "Address already in use" in line for line in said)


def test_serve_moves_a_worker_whose_port_was_taken_and_reloads_nginx(tmp_path, monkeypatch):
    """review4 R8: a squatter on a dead worker's port made every restart fail on the same port."""
    from scoring import serve

    cluster = serve.Cluster(workers=2, port=8790, directory=tmp_path, quiet=False, clock=lambda: 1000.0)
    said: list[str] = []
    cluster._say = said.append  # type: ignore[method-assign]
    ran: list[list[str]] = []
    monkeypatch.setattr(serve.subprocess, "run",
                        lambda cmd, **k: ran.append(cmd) or subprocess.CompletedProcess(cmd, 0, b"", b""))
    monkeypatch.setattr(serve, "free_port", lambda address="127.0.0.1": 6123)

    class Running:
        returncode = None

        def poll(self):
            return None

    cluster._worker = lambda i: Running()  # type: ignore[method-assign]
    cluster.nginx = Running()  # type: ignore[assignment]
    cluster.nginx_path = "/usr/sbin/nginx"
    cluster.ports, cluster.procs = [5001, 5002], [_Exited(1), Running()]
    cluster.started, cluster.fast_crashes, cluster.restart_at = [995.0, 995.0], [0, 0], [None, None]
    (tmp_path / "worker-1.log").write_text("2026-11-30 08:34:07.520 Port 5001 is not available\n")
    cluster.watch_once()
    assert cluster.ports == [6123, 5002]
    conf = (tmp_path / "nginx.conf").read_text()
    assert "127.0.0.1:6123" in conf and "127.0.0.1:5002" in conf and "127.0.0.1:5001" not in conf
    assert ran and ran[0][0] == "/usr/sbin/nginx" and ran[0][-2:] == ["-s", "reload"]
    assert any("port 5001 is taken by another program; moved to port 6123" in line for line in said)


def test_serve_exits_non_zero_with_the_message_when_workers_keep_crashing(tmp_path, monkeypatch, capsys):
    from scoring import cli, serve

    calls = []

    class Fake:
        quiet = False

        def __init__(self, *a, **k):
            pass

        def start(self):
            return self

        def watch_once(self):
            calls.append(1)
            raise ScoringError.at("serve", "worker 1 (port 5) crashed 6 times in a row")

        def stop(self, keep=False):
            calls.append("stop")

    monkeypatch.setattr(serve, "Cluster", Fake)
    monkeypatch.setattr(serve.time, "sleep", lambda s: None)
    assert cli.main(["serve", "--workers", "1", "--port", "1"]) == 2
    assert calls == [1, "stop"] and "crashed 6 times in a row" in capsys.readouterr().err


# ---------------------------------------------------------------- QR/link on loopback

def test_a_loopback_join_link_says_how_to_set_the_public_address():
    from ui.workshop_view import is_loopback, join_link, loopback_hint

    for link in ("http://localhost:8501/Join_workshop?code=A", "http://127.0.0.1:8790/Join_workshop?code=A",
                 "http://[::1]:8501/Join_workshop?code=A"):
        assert is_loopback(link)
        hint = loopback_hint(link, "192.168.1.20", 8790)
        assert "phones cannot open them" in hint and "--public-url http://192.168.1.20:8790" in hint
        assert "SCORING_PUBLIC_URL=http://192.168.1.20:8790" in hint
    assert "<this computer's address>:8501" in loopback_hint("http://localhost:8501/x", None, 8501)
    assert loopback_hint("http://192.168.1.20:8501/Join_workshop?code=A", "192.168.1.20", 8501) is None
    assert loopback_hint(join_link("https://room.example.org/Facilitator", "ABC"), None, 443) is None


def test_serve_passes_its_public_url_to_the_workers(tmp_path, monkeypatch):
    from scoring import serve

    seen = {}

    def popen(cmd, cwd=None, env=None, **k):
        seen.update(env)
        return _Exited(0)

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    cluster = serve.Cluster(workers=1, port=8790, directory=tmp_path, public_url="http://192.168.1.20:8790")
    cluster.env, cluster.db_url, cluster.ports = {}, "sqlite:///x.db", [5001]
    cluster._worker(0)
    assert seen["SCORING_PUBLIC_URL"] == "http://192.168.1.20:8790" and seen["SCORING_PUBLIC_PORT"] == "8790"
    for log in cluster.logs:
        log.close()


# ---------------------------------------------------------------- R11: bench counts a dropped connection

def test_bench_counts_a_dropped_websocket_and_its_exit_status_reports_lost_answers(monkeypatch):
    import argparse

    import bench_room
    from stream_client import RunResult
    from websockets.exceptions import ConnectionClosedError

    class Dropped:
        """A participant whose worker is killed after the join: the websocket closes without a frame."""

        def __init__(self, *a, **k):
            self.widgets = {}
            self.upstream = "127.0.0.1:1"
            self.closed = False
            self.auto_reruns = {}

        async def connect(self):
            return RunResult(0.01, [])

        def set_text(self, *a):
            pass

        async def click(self, label):
            raise ConnectionClosedError(None, None)

        async def close(self):
            self.closed = True

    monkeypatch.setattr(bench_room, "Session", Dropped)
    stats = bench_room.Stats()
    args = argparse.Namespace(join_spread=0.0, timeout=5.0, duration=1.0, move_every=1.0, submit_every=6)
    asyncio.run(bench_room.participant(0, "http://x", "CODE", args, stats, 0.0))  # no exception escapes
    assert stats.dropped == 1 and stats.errors and "ConnectionClosedError" in stats.errors[0]
    ok = {"stats": bench_room.Stats(saved=3), "stored": 3}
    assert bench_room.exit_status([ok]) == 0
    assert bench_room.exit_status([{"stats": bench_room.Stats(saved=3), "stored": 2}]) == 1  # a lost answer
    assert bench_room.exit_status([{"stats": stats, "stored": 0}]) == 0  # dropped, nothing confirmed: nothing lost
