"""A `kill -9` on `scoring dashboard` or `scoring serve` leaves no server behind (try9 6): SIGKILL cannot be
passed on, so the kernel ends the children (Linux PR_SET_PDEATHSIG, scoring.serve.ends_with_parent); before,
Streamlit served on as an orphan (PPID 1) and the next start failed with "Port ... is not available"."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring.serve import _healthy
from support import ROOT, free_port, require

pytestmark = pytest.mark.slow


_answers = _healthy  # the port's health check answers 200, as `scoring serve` checks its workers


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc/<pid>/task/*/children)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                continue
            for k in kids:
                if k not in out:
                    out.add(k)
                    todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _kill_parent_then_check(cmd: list[str], port: int, tmp_path: Path) -> None:
    require(sys.platform.startswith("linux"), "PR_SET_PDEATHSIG is Linux's")
    env = {**os.environ, "SCORING_WARM_UP": "0", "SCORING_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        assert _wait(lambda: _answers(port), 120), "the server did not start"
        children = _descendants(proc.pid)
        assert children
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # poll: the port is free again and every child has ended (no assertion on how fast, only a bound)
        assert _wait(lambda: not _answers(port) and not any(_alive(c) for c in children), 60), (
            f"port {port} still answers or children {sorted(c for c in children if _alive(c))} still run "
            "after a kill -9 on their parent")
        with socket.socket() as s:  # the next start can take the port
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
    finally:
        if proc.poll() is None:
            proc.kill()
        for c in sorted(children):  # the old code's orphans (nginx's and serve's workers lead their own group)
            if _alive(c):
                try:
                    os.killpg(c, signal.SIGKILL) if os.getpgid(c) == c else os.kill(c, signal.SIGKILL)
                except OSError:
                    pass


def test_kill_9_on_scoring_dashboard_ends_streamlit_and_frees_the_port(tmp_path):
    port = free_port()
    _kill_parent_then_check([sys.executable, "-m", "scoring", "dashboard", "--port", str(port)], port, tmp_path)


def test_kill_9_on_scoring_serve_ends_nginx_and_every_worker(tmp_path):
    require(shutil.which("nginx") is not None or os.path.exists("/usr/sbin/nginx"), "Debian's nginx is not installed")
    port = free_port()
    _kill_parent_then_check([sys.executable, "-m", "scoring", "serve", "--workers", "1", "--port", str(port)], port,
                            tmp_path)
