"""`scoring serve` behind nginx: settings from any folder, the per-device join limit, a reconnect that keeps
the unsent weights, and a second tab whose answer is stored (review4 R1, R2, R3, R5).

Clients speak Streamlit's websocket protocol (bench/stream_client.py), no browser. A reconnect to another
process is a new session whose first run carries the widget values the page shows, as a browser sends them.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import sys

import pytest

from support import ROOT, free_port, require

pytestmark = pytest.mark.slow

sys.path.insert(0, str(ROOT / "bench"))

from stream_client import Session  # noqa: E402

from scoring.loading import load_dataset  # noqa: E402
from scoring.serve import STREAMLIT_SETTINGS, Cluster, streamlit_command  # noqa: E402
from scoring.store import Store  # noqa: E402
from ui.text import weight_label  # noqa: E402

NAME = "Display name (optional: leave empty to stay anonymous)"
SUBMIT = "Submit my weights"
PROBE = '''
import streamlit as st
from streamlit import config
for name in ("runner.postScriptGC", "server.fileWatcherType", "server.maxUploadSize", "client.showErrorDetails",
             "client.toolbarMode"):
    st.text(f"{name}={config.get_option(name)}")
import os
st.text(f"public port={os.environ.get('SCORING_PUBLIC_PORT')}")
'''


def _nginx() -> None:
    require(shutil.which("nginx") is not None or os.path.exists("/usr/sbin/nginx"), "Debian's nginx is not installed")


def test_serve_applies_the_apps_streamlit_settings_without_the_repositorys_config_file(tmp_path, monkeypatch):
    _nginx()
    app = tmp_path / "elsewhere" / "probe.py"  # a folder with no .streamlit/config.toml, started from another cwd
    app.parent.mkdir()
    app.write_text(PROBE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCORING_DATABASE_URL", f"sqlite:///{tmp_path / 'probe.db'}")
    (tmp_path / "serve").mkdir()
    port = free_port()
    cluster = Cluster(workers=1, port=port, directory=tmp_path / "serve", app=app, quiet=True).start()

    async def read() -> list[str]:
        s = Session(cluster.url, timeout=90)
        try:
            return (await s.connect()).texts
        finally:
            await s.close()

    try:
        texts = asyncio.run(read())
    finally:
        cluster.stop()
    assert texts == ["runner.postScriptGC=False", "server.fileWatcherType=none", "server.maxUploadSize=50",
                     "client.showErrorDetails=type", "client.toolbarMode=minimal",
                     # review4 R9: the "same network" hint named the worker's private port, not the proxy's
                     f"public port={port}"], texts
    # `scoring dashboard` (one process) starts Streamlit with the same flags, later flags winning
    cmd = streamlit_command(ROOT / "dashboard.py", 8830, "0.0.0.0", ["--server.fileWatcherType", "auto"])
    assert cmd[cmd.index("--runner.postScriptGC") + 1] == "false" and STREAMLIT_SETTINGS["runner.postScriptGC"] == "false"
    assert cmd[-2:] == ["--server.fileWatcherType", "auto"]


async def _join(url: str, code: str, name: str) -> Session:
    s = Session(url, page="Join_workshop", query=f"code={code}", timeout=90)
    await s.connect()
    s.set_text(NAME, name)
    joined = await s.click("Join")
    assert joined.exception is None, joined.exception
    s.last_texts = joined.texts  # type: ignore[attr-defined]
    return s


def test_through_nginx_join_limit_reconnect_keeps_unsent_weights_and_a_stale_tab_is_stored(tmp_path, monkeypatch):
    _nginx()
    dataset = load_dataset()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    monkeypatch.setenv("SCORING_MAX_JOINS_PER_CLIENT", "3")
    monkeypatch.chdir(tmp_path)
    store = Store(url)
    ws = store.create_workshop("Through nginx", dataset.criteria.ids)
    code, key = ws.workshop.code, ws.key
    first = dataset.criteria.criteria[0]
    slider = weight_label(first.label, first.is_cost)
    (tmp_path / "serve").mkdir()
    cluster = Cluster(workers=1, port=free_port(), directory=tmp_path / "serve", quiet=True)

    async def scenario() -> dict[str, object]:
        people = [await _join(cluster.url, code, f"p{i}") for i in range(3)]
        out: dict[str, object] = {}
        try:
            # R1: the 4th join from this device (nginx's $remote_addr, 127.0.0.1) is refused
            fourth = await _join(cluster.url, code, "p3")
            out["fourth"] = fourth.last_texts  # type: ignore[attr-defined]
            await fourth.close()

            # R2: answer 1 with the slider at 3, move it to 7 without submitting, the page reconnects
            a = people[0]
            await a.change(a.set_slider(slider, 3))
            assert "Saved: answer 1 in round 1." in (await a.click(SUBMIT)).texts
            await a.change(a.set_slider(slider, 7))
            await a.close()
            back = Session(cluster.url, page="Join_workshop", query=a.query, timeout=90, states=dict(a.states))
            out["reconnect"] = (await back.connect()).texts
            out["reconnect_overwrote"] = bool(back.widget(slider).proto.set_value)  # the server sent no value of its own
            out["resubmit"] = (await back.click(SUBMIT)).texts

            # R3: a second tab still showing answer 2 while the first tab stores 3; the second tab's 5 is stored
            tab_b = Session(cluster.url, page="Join_workshop", query=a.query, timeout=90)
            await tab_b.connect()  # preloads answer 2 (slider 7)
            await back.change(back.set_slider(slider, 9))
            assert "Saved: answer 3 in round 1." in (await back.click(SUBMIT)).texts
            await tab_b.change(tab_b.set_slider(slider, 3))  # equal to answer 1, not to the latest (3: slider 9)
            out["tab_b"] = (await tab_b.click(SUBMIT)).texts
            fid = next(iter(back.auto_reruns))
            out["tab_a_refresh"] = (await back.rerun(fragment_id=fid, auto=True)).texts
            await tab_b.close()
            await back.close()

            # R4: a removed participant's page says so on its next refresh, and a reload offers no Join form
            gone = people[1]
            store.remove_participant(code, key, int(gone.query.split("me=")[1].split(".")[0]))
            fid = next(iter(gone.auto_reruns))
            out["removed_refresh"] = (await gone.rerun(fragment_id=fid, auto=True)).texts
            again = Session(cluster.url, page="Join_workshop", query=gone.query, timeout=90)
            out["removed_reload"] = (await again.connect()).texts
            out["removed_widgets"] = sorted(again.widgets)
            await again.close()
        finally:
            for p in people:
                await p.close()
        return out

    cluster.start()
    try:
        out = asyncio.run(scenario())
    finally:
        cluster.stop()
    assert any(t.startswith("Too many joins from this device (3 an hour)") for t in out["fourth"]), out["fourth"]
    assert len(store.participants(code, key)) == 3
    notice = [t for t in out["reconnect"] if t.startswith("Your weights on screen are not saved yet (latest saved: answer 1 at ")]
    assert notice and notice[0].endswith("Submit to save them."), out["reconnect"]
    assert out["reconnect_overwrote"] is False
    assert "Saved: answer 2 in round 1." in out["resubmit"], out["resubmit"]
    assert "Saved: answer 4 in round 1." in out["tab_b"], out["tab_b"]
    assert any(t.startswith("Your latest answer: answer 4 in round 1") for t in out["tab_a_refresh"]), out["tab_a_refresh"]
    assert "The facilitator removed you from this workshop." in out["removed_refresh"], out["removed_refresh"]
    assert "The facilitator removed you from this workshop." in out["removed_reload"], out["removed_reload"]
    assert "Join" not in out["removed_widgets"], out["removed_widgets"]
    subs = store.submissions(code, key)
    subs = subs[subs["sequence"].notna()].sort_values("sequence")
    assert list(subs["sequence"]) == [1, 2, 3, 4]
    m = len(dataset.criteria.ids)
    expected = [v / (v + 5 * (m - 1)) for v in (3, 7, 9, 3)]  # the slider moved, every other slider at 5
    assert list(subs[first.id]) == pytest.approx(expected, abs=1e-12)
    store.close()


def test_the_same_network_hint_names_the_proxys_port_under_serve(monkeypatch):
    """review4 R9: under `scoring serve` the hint named a worker's private port, which phones cannot reach."""
    from ui.workshop_view import public_port

    monkeypatch.setenv("SCORING_PUBLIC_PORT", "8501")
    assert public_port() == 8501
    monkeypatch.delenv("SCORING_PUBLIC_PORT")
    import streamlit as st

    assert public_port() == int(st.get_option("server.port"))  # one process: its own port
