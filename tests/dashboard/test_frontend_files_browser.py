"""In Chromium, through the server `scoring dashboard` starts (ui/launch.py -> ui/server_app.py): the main page's
element code is fetched before the websocket opens (preloaded by ui/frontend_files.py), and every page still works.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from scoring.serve import APP, streamlit_command
from support import ROOT, browser, free_port
from ui.frontend_files import PAGE_ELEMENTS, element_modules, preload_tags, streamlit_static_dir

# Marks when the page opens its websocket (ms since navigation start).
WS_MARK = """
window.__wsOpened = null;
const Orig = window.WebSocket;
window.WebSocket = function(...a) { if (window.__wsOpened === null) window.__wsOpened = performance.now();
  return new Orig(...a); };
window.WebSocket.prototype = Orig.prototype;
"""


def _launched_server():
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


def test_the_rank_page_fetches_no_element_code_after_its_websocket_opens_and_every_page_draws():
    proc, url = _launched_server()
    try:
        with browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(WS_MARK)
            page.goto(url + "/?view=Rank")
            page.locator('[data-testid="stMarkdownContainer"]', has_text="Top option:").first.wait_for(timeout=60000)
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=60000)
            page.locator('[data-testid="stSlider"]').first.wait_for(timeout=60000)
            page.wait_for_timeout(1500)
            opened = page.evaluate("window.__wsOpened")
            fetched = page.evaluate("performance.getEntriesByType('resource').filter(r => r.name.includes('/static/'))"
                                    ".map(r => [r.name.split('/').pop(), r.startTime])")
            names = [name for name, _ in fetched]
            assert sorted({n for n in names if names.count(n) > 1}) == []  # a preload the page did not use is fetched again
            late = [name for name, start in fetched if start > opened]
            assert opened is not None and len(fetched) > 100
            assert late == [], f"element code fetched after the websocket opened: {late}"
            early = {name.split(".")[0] for name, start in fetched}
            assert {"DataFrame", "Slider", "Selectbox"} <= early
            page.goto(url + "/Join_workshop")
            page.get_by_text("Join a workshop").first.wait_for(timeout=60000)
            assert page.title() == "Join workshop"
            page.close()
        with urllib.request.urlopen(url + "/") as r:  # the page as served: Streamlit's, plus the preload tags
            served = r.read().decode()
        streamlit_own = (streamlit_static_dir() / "index.html").read_text(encoding="utf-8")
        modules = element_modules(next((streamlit_static_dir() / "static" / "js").glob("index.*.js")).read_text())
        tags = preload_tags(modules, PAGE_ELEMENTS[""], streamlit_own).decode()
        assert tags.count("<link") > 50 and served == streamlit_own.replace("</head>", tags + "</head>")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        assert proc.returncode is not None
