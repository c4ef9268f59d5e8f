"""In Chromium, through the server `scoring dashboard` starts (ui/launch.py -> ui/server_app.py): Streamlit's files
come from ui/frontend_files.py (compressed, each fetched once) and every page still draws."""
from __future__ import annotations

import os
import subprocess
import time
import urllib.request

import pytest

from scoring.serve import APP, streamlit_command
from support import ROOT, browser, free_port

pytestmark = pytest.mark.browser


def _launched_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(streamlit_command(APP, port, "127.0.0.1"), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, env={**os.environ, "SCORING_WARM_UP": "0"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, "the launcher exited"
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                break
        except OSError:
            assert time.monotonic() < deadline, "the server did not answer its health check"
            time.sleep(0.3)
    return proc, url


def test_the_first_page_gets_streamlits_code_compressed_once_each_and_every_page_draws():
    proc, url = _launched_server()
    try:
        with browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            answers: list[tuple[str, dict[str, str], int]] = []
            page.on("response", lambda r: answers.append((r.url, r.headers, r.status)) if "/static/" in r.url else None)
            page.goto(url + "/?view=Rank")
            page.locator('[data-testid="stMarkdownContainer"]', has_text="Top option:").first.wait_for(timeout=60000)
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=60000)
            page.wait_for_timeout(1000)
            scripts = [(u, h) for u, h, status in answers if u.endswith(".js") and status == 200]
            assert len(scripts) > 100
            plain = [u.rsplit("/", 1)[1] for u, h in scripts
                     if h.get("content-encoding") != "gzip" and int(h.get("content-length", "0")) >= 1024]
            assert plain == [], f"scripts sent uncompressed: {plain[:5]}"
            assert all(h.get("cache-control") == "public, immutable, max-age=31536000" for _, h in scripts)
            names = [u.rsplit("/", 1)[1] for u, _, _ in answers]
            assert sorted({n for n in names if names.count(n) > 1}) == []
            page.goto(url + "/Join_workshop")
            page.get_by_text("Join a workshop").first.wait_for(timeout=60000)
            assert page.title() == "Join workshop"
            page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
