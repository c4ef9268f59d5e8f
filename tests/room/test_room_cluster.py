"""Two Streamlit processes behind nginx (`scoring serve`), one SQLite store: the room survives a kill.

Participants join through the proxy until both processes hold some of them; facilitators on either
process see every answer; then one process is killed: its participants reconnect through the proxy
with their page address (code + personal token), land on the other process as the same participant
with their answer preloaded, and answer again. A submit sent just before the connection drops is
stored once or not at all, and the page says which. Nothing is lost: every "Saved" is in the store.
Then the launcher starts the dead process again, and stopping the cluster stops nginx and every worker.

Clients speak Streamlit's websocket protocol (bench/stream_client.py), no browser.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, free_port, require

pytestmark = pytest.mark.slow

sys.path.insert(0, str(ROOT / "bench"))

from stream_client import Session  # noqa: E402

from scoring.loading import load_dataset  # noqa: E402
from scoring.serve import Cluster  # noqa: E402
from scoring.store import Store  # noqa: E402
from ui.text import weight_label  # noqa: E402

NAME = "Display name (optional: leave empty to stay anonymous)"
SUBMIT = "Submit my weights"
MAX_TRIES = 24  # connections until both processes have participants (chance of failing: 2**-22)


def _until_healthy(port: int, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _nginx() -> None:
    require(shutil.which("nginx") is not None or os.path.exists("/usr/sbin/nginx"),
            "Debian's nginx is not installed")


async def _join(url: str, code: str, name: str, weight_label: str, value: int) -> Session:
    s = Session(url, page="Join_workshop", query=f"code={code}", timeout=90)
    await s.connect()
    s.set_text(NAME, name)
    joined = await s.click("Join")
    assert joined.exception is None and name in joined.texts, joined.texts
    await s.change(s.set_slider(weight_label, value))
    saved = await s.click(SUBMIT)
    assert "Saved: answer 1 in round 1." in saved.texts, saved.texts
    return s


async def _facilitator(url: str, code: str, key: str) -> Session:
    s = Session(url, page="Facilitator", timeout=90)
    await s.connect()
    s.set_text("Join code", code)
    s.set_text("Facilitator key", key)
    opened = await s.click("Open")
    assert opened.exception is None
    return s


def _answered(s: Session) -> int:
    found = [t for t in s.texts if t.startswith("Answered round 1: ")]
    assert found, s.texts
    return int(found[-1].split(": ")[1])


async def _answered_after_refresh(s: Session) -> int:
    fid = next(iter(s.auto_reruns))  # the facilitator's live room refreshes itself; do what the browser does
    await s.rerun(fragment_id=fid, auto=True)
    return _answered(s)


def test_two_processes_behind_nginx_share_every_answer_and_lose_none_when_one_is_killed(tmp_path, monkeypatch):
    _nginx()
    dataset = load_dataset()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    cluster = Cluster(workers=2, port=free_port(), directory=tmp_path / "serve", quiet=True)
    (tmp_path / "serve").mkdir()
    store = Store(url)
    ws = store.create_workshop("Two processes", dataset.criteria.ids)
    code, key = ws.workshop.code, ws.key
    sliders = [weight_label(c.label, c.is_cost) for c in dataset.criteria.criteria]

    async def scenario() -> int:
        people: list[Session] = []
        try:
            while len(people) < MAX_TRIES:
                people.append(await _join(cluster.url, code, f"p{len(people)}", sliders[len(people) % len(sliders)],
                                          len(people) % 11))
                by = {s.upstream for s in people}
                if len(people) >= 4 and len(by) == 2 and min(sum(s.upstream == u for s in people) for u in by) >= 2:
                    break
            upstreams = sorted({s.upstream for s in people})
            assert len(upstreams) == 2, f"every participant landed on one process: {upstreams}"
            saved = len(people)

            facilitators: dict[str, Session] = {}
            for _ in range(MAX_TRIES):
                f = await _facilitator(cluster.url, code, key)
                if f.upstream in facilitators:
                    await f.close()
                    continue
                facilitators[f.upstream] = f
                if len(facilitators) == 2:
                    break
            assert sorted(facilitators) == upstreams
            for f in facilitators.values():  # each process sees the answers the other one stored
                assert await _answered_after_refresh(f) == saved

            # kill the process serving the first participant
            dead = people[0].upstream
            index = cluster.ports.index(int(dead.rsplit(":", 1)[1]))
            os.kill(cluster.procs[index].pid, signal.SIGKILL)
            cluster.procs[index].wait(timeout=30)
            # review4 W3: the facilitator on the killed process comes back signed in from the page address
            # (code + sign-in token, never the key), as the browser reconnects: the room view, no key typed
            gone = facilitators.pop(dead)
            await gone.close()
            assert "fs=fs1." in gone.query and key not in gone.query
            back_f = Session(cluster.url, page="Facilitator", query=gone.query, timeout=90)
            await back_f.connect()
            assert back_f.upstream != dead
            assert _answered(back_f) == saved  # the live room, read by the surviving process
            await back_f.close()
            moved = [s for s in people if s.upstream == dead]
            for s in moved:
                await s.close()
                back = Session(cluster.url, page="Join_workshop", query=s.query, timeout=90)  # same address
                first = await back.connect()
                assert back.upstream != dead
                name = f"p{people.index(s)}"
                assert name in first.texts  # the same participant, from the token in the address
                assert any(t.startswith("Your latest answer: answer 1 in round 1, saved at") for t in first.texts)
                await back.change(back.set_slider(sliders[0], 10))
                again = await back.click(SUBMIT)
                assert "Saved: answer 2 in round 1." in again.texts, again.texts
                saved += 1
                await back.close()

            # a submit whose connection drops before the answer comes back: stored once or not at all
            s = next(p for p in people if p.upstream != dead)
            await s.change(s.set_slider(sliders[1], 7))
            await s.send_only(trigger=s.widget(SUBMIT).id)
            await s.close()
            back = Session(cluster.url, page="Join_workshop", query=s.query, timeout=90)
            first = await back.connect()
            latest = [t for t in first.texts if t.startswith("Your latest answer: answer ")]
            assert latest, first.texts
            sequence = int(latest[0].split()[4])
            assert sequence in (1, 2)  # 2 if the dropped submit arrived, 1 if it did not
            await back.change(back.set_slider(sliders[1], 7))  # the same answer, submitted again
            retry = await back.click(SUBMIT)
            if sequence == 2:
                assert "Already saved: answer 2 in round 1 (not stored twice)." in retry.texts, retry.texts
            else:
                assert "Saved: answer 2 in round 1." in retry.texts, retry.texts
            saved += 1
            await back.close()

            alive = next(iter(facilitators.values()))
            assert await _answered_after_refresh(alive) == len(people)
            return saved
        finally:
            for p in people:
                await p.close()

    cluster.start()
    try:
        saved = asyncio.run(scenario())
        dead = [i for i, proc in enumerate(cluster.procs) if proc.poll() is not None]
        assert len(dead) == 1
        cluster.watch_once()  # what `scoring serve` does every half second: start the dead worker again
        assert cluster.restarts == 1 and cluster.procs[dead[0]].poll() is None
        assert _until_healthy(cluster.ports[dead[0]])
    finally:
        cluster.stop()
    assert all(proc.poll() is not None for proc in cluster.procs) and cluster.nginx.poll() is not None
    subs = store.submissions(code, key)
    assert len(subs) == saved  # every "Saved" (and only those) is in the store
    assert subs["participant"].nunique() == len(subs[subs["latest"]])
    assert len(subs) == subs.groupby("participant")["sequence"].max().sum()  # no gaps, no duplicates
    assert subs.groupby(["participant", "sequence"]).size().max() == 1
    store.close()


def test_stopping_the_dashboard_launcher_with_sigterm_stops_streamlit_and_frees_the_port(tmp_path):
    """`scoring dashboard` runs Streamlit as its child: a SIGTERM to the launcher (a service manager, `timeout`,
    a script) must reach Streamlit, or the port stays taken and the next start fails (try1 report)."""
    import subprocess

    port = free_port()
    env = {**os.environ, "SCORING_WARM_UP": "0", "SCORING_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "dashboard", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _until_healthy(port)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            except OSError:
                break  # nobody answers on the port any more
            time.sleep(0.2)
        else:
            raise AssertionError(f"port {port} still answers after the launcher was stopped")
    finally:
        if proc.poll() is None:
            proc.kill()
