"""Real browser: the preview a participant sees is the engine's ranking for the weights they set.

Debian's chromium through Playwright. The participant joins, moves three sliders with the keyboard
(as on a phone with a keyboard or a screen reader), and the page's "Your top 5" must equal
`scoring.rank` under the weights read back from the sliders themselves; the weights caption must
match them too. The expected ranking is computed here with the engine, never copied from the page.
"""
from __future__ import annotations

import time

import numpy as np
import pytest

from support import browser, streamlit_server

from scoring import load_dataset, rank
from scoring.room import TOP_K
from scoring.store import Store
from scoring.room import percents_100

pytestmark = pytest.mark.browser

NAME = "Display name (optional: leave empty to stay anonymous)"
MOVES = {0: "End", 2: "Home", 4: "ArrowRight"}  # slider index -> key pressed (10, 0, 5 -> 6)


def _slider_values(page, n: int) -> list[int]:
    inputs = page.locator('[data-testid="stSlider"] input[type="range"]')
    assert inputs.count() == n
    return [int(float(inputs.nth(i).input_value())) for i in range(n)]


def _preview_titles(page) -> list[str]:
    """The Option column of the preview (an st.dataframe: read from the grid's accessible table)."""
    frame = page.locator('[data-testid="stDataFrame"]').first
    headers = [c.strip() for c in frame.locator('table thead [role="columnheader"]').all_inner_texts()]
    col = headers.index("Option")
    rows = frame.locator("table tbody tr")
    return [rows.nth(i).locator('[role="gridcell"]').all_inner_texts()[col].strip() for i in range(rows.count())]


def _until(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception:  # noqa: BLE001 - the fragment is redrawing; look again
            pass
        time.sleep(0.3)
    return check()


def test_the_participant_preview_is_the_engine_ranking_for_their_slider_weights(tmp_path):
    dataset = load_dataset()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(url)
    ws = store.create_workshop("Preview", dataset.criteria.ids)
    m = len(dataset.criteria)
    with streamlit_server("dashboard.py", env={"SCORING_DATABASE_URL": url}) as base, browser() as b:
        page = b.new_context(viewport={"width": 390, "height": 1400}).new_page()  # a phone's width
        page.goto(f"{base}/Join_workshop?code={ws.workshop.code}")
        page.get_by_label(NAME).fill("Dana")
        page.get_by_role("button", name="Join").click()
        page.get_by_text("Dana", exact=True).wait_for(timeout=60_000)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
        for index, key in MOVES.items():
            page.locator('[data-testid="stSlider"] input[type="range"]').nth(index).focus()
            page.keyboard.press(key)
        assert _until(lambda: _slider_values(page, m) == [10 if i == 0 else 0 if i == 2 else 6 if i == 4 else 5
                                                           for i in range(m)])
        values = np.array(_slider_values(page, m), float)
        weights = values / values.sum()
        expected = rank(dataset, weights).table["title"].head(TOP_K).tolist()
        assert _until(lambda: _preview_titles(page) == expected), (_preview_titles(page), expected)
        caption = page.get_by_text("Your weights:").inner_text()
        for c, p in zip(dataset.criteria.criteria, percents_100(weights)):  # to 0.1%, adding up to 100.0
            assert f"{c.label} {p:.1f}%" in caption
        cost = [c for c in dataset.criteria.criteria if c.is_cost]
        assert page.get_by_text(f"{cost[0].label} (a cost: lower-scoring options do better)", exact=True).count() == 1
        page.get_by_role("button", name="Submit my weights").click()
        page.get_by_text("Saved: answer 1 in round 1.").wait_for(timeout=30_000)
    latest = store.latest(ws.workshop.code, ws.key)
    assert latest[dataset.criteria.ids].to_numpy(float)[0] == pytest.approx(weights, abs=1e-12)
    store.close()
