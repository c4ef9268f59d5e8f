"""Shared helpers for tests that need a browser, a port, a running dashboard or a database."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# A JavaScript function for page.evaluate scripts: the boxes around `el` that clip or scroll and do not hold it whole
# (an element scrolled out of such a box, or wider than it, is cut), as 'TAG.class left-right x top-bottom'.
CLIPPED_BY_JS = """
function clippedBy(el) {
  const r = el.getBoundingClientRect();
  const cut = [];
  for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    const b = e.getBoundingClientRect();
    if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1)
      cut.push(`${e.tagName}.${e.className} ${Math.round(b.left)}-${Math.round(b.right)} x ${Math.round(b.top)}-${Math.round(b.bottom)}`);
  }
  return cut;
}
"""


def require(condition: bool, reason: str) -> None:
    """Outside CI a missing system dependency skips; in CI it fails, so CI never hides a feature."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)")
    pytest.skip(f"{reason}; install it as .ci/run does to run this test")


def briefs_dir() -> Path:
    """The source texts live outside the repository (../shared/briefs, or $SCORING_BRIEFS); skip without them.

    They are the input the table was built from, not part of what the project ships, so a clone without
    them cannot run the provenance checks; every other data test still runs on the shipped files.
    """
    folder = Path(os.environ.get("SCORING_BRIEFS") or ROOT.parent / "shared" / "briefs")
    if not any(folder.glob("*.txt")):
        pytest.skip(f"the source texts are not at {folder} (set SCORING_BRIEFS to check quotes and summaries)")
    return folder


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    require(path is not None, "Debian's chromium is not installed")
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(script: str = "dashboard.py", env: dict[str, str] | None = None,
                     timeout: float = 60.0) -> Iterator[str]:
    """Start the dashboard on a free port as `scoring dashboard` (the README's command) serves it, without its warm-up:
    `streamlit run ui/server_app.py` serving dashboard.py (ui/launch.py). Another script runs bare (`streamlit run`)."""
    port = free_port()
    env = dict(env or {})
    if script == "dashboard.py":
        from ui.launch import SCRIPT_ENV

        script, env[SCRIPT_ENV] = "ui/server_app.py", str(ROOT / "dashboard.py")
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read() if proc.stdout else ''}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy in time")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser(headless: bool = True):
    """A Playwright Chromium browser using Debian's chromium binary (never a downloaded one)."""
    exe = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=headless, args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            b.close()
