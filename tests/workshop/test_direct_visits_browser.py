"""Direct visits (issue 12, small9 6): `/Join_workshop?code=XXXX`, `/Facilitator` (a workshop opened, its room drawn)
and `/Build_a_table` opened straight from the address bar through the server `scoring dashboard` starts
(ui/server_app.py). Chromium records every response of 400 or more and every console error or Vega warning.

What is left is Streamlit's and Vega-Lite's, listed here, and nothing else may appear:
- `GET /<page>/_stcore/health` and `/<page>/_stcore/host-config` answer 404 (with a 'Failed to load resource'
  console line each): Streamlit's frontend tries the page's path as the app's base before the root (streamlit
  issue #7074, open); answering there would make the frontend take `/<page>/` as its base.
- 'Dropping "fit-y" because spec has discrete height': Vega-Lite says it for every chart with a height per row
  under any `fit` autosize (Streamlit's theme asks for `fit`; `fit-x` warns the same), a row chart's design.
Ours, found and fixed: the group weights chart's layers sorted the same rows two ways, and Vega-Lite warned on every
facilitator refresh ('Domains that should be unioned has conflicting sort properties').
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from scoring import load_dataset
from scoring.store import Store
from support import browser, streamlit_server

pytestmark = pytest.mark.browser

STREAMLITS = re.compile(r"^404 GET https?://[^/]+/(Join_workshop|Facilitator|Build_a_table)/_stcore/(health|host-config)$")
KNOWN_CONSOLE = ("Failed to load resource: the server responded with a status of 404 (Not Found)",
                 'WARN Dropping "fit-y" because spec has discrete height.')


def _watch(page, bad: list[str], console: list[str]) -> None:
    page.on("response", lambda r: bad.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: bad.append(f"failed {r.method} {r.url} {r.failure}"))
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))


def _settled(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')"
                           " && !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_pages_opened_directly_answer_without_errors_of_ours(tmp_path):
    data = load_dataset()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(url)
    created = store.create_workshop("Direct visits", data.criteria.ids)
    code, key = created.workshop.code, created.key
    rng = np.random.default_rng(7)
    for name in ("Ana", "Bo", "Chen"):
        person = store.join(code, name)
        store.submit(person.token, dict(zip(data.criteria.ids, rng.integers(1, 10, len(data.criteria)).tolist())))
    build = tmp_path / "build"
    build.mkdir()
    env = {"SCORING_DATABASE_URL": url, "SCORING_BUILD_DIR": str(build)}
    seen: dict[str, tuple[list[str], list[str]]] = {}
    with streamlit_server(env=env) as base, browser() as b:
        for path, ready in (("/Join_workshop?code=XXXX", "Join a workshop"), ("/Build_a_table", "Build a table"),
                            ("/Facilitator", "Facilitator")):
            bad, console = seen.setdefault(path, ([], []))
            page = b.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            _watch(page, bad, console)
            page.goto(base + path)
            page.get_by_text(ready, exact=True).first.wait_for(timeout=90_000)
            _settled(page)
            if path == "/Facilitator":  # open the workshop: the room's tables and charts drawn
                page.get_by_role("tab", name="Open a workshop").click()
                page.get_by_label("Join code").fill(code)
                page.get_by_label("Facilitator key").fill(key)
                page.get_by_role("button", name="Open", exact=True).click()
                page.get_by_text("Group ranking", exact=True).wait_for(timeout=60_000)
                _settled(page)
                page.wait_for_timeout(4000)  # a live refresh or two
            page.context.close()
    for path, (bad, console) in seen.items():
        assert [r for r in bad if not STREAMLITS.match(r)] == [], (path, bad)
        assert len(bad) <= 2, (path, bad)  # Streamlit's pair, once
        assert [c for c in console if c not in KNOWN_CONSOLE] == [], (path, console)
