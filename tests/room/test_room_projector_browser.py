"""Chromium at a projector's 1400 x 900: the facilitator's room tables show every column without a sideways scroll.

try4 (a new user at a projector): the Participants table stopped at "Budget and dipl..." (6 of the 9 weight columns
needed a sideways scroll) and the Disagreement drivers table lost its last column. ui.tables.fitted gives each
number column the width of its (short) header and the title columns what is left. The test reads where the grid
drew each header (tests/dashboard/test_tables_browser.py records the canvas's fillText calls): the last column's
header must be drawn whole inside the table's canvas and the viewport.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboard"))

from support import browser, chromium_path, streamlit_server  # noqa: E402
from test_tables_browser import RECORD_FILL_TEXT  # noqa: E402

from scoring.loading import load_dataset  # noqa: E402
from scoring.store import Store  # noqa: E402
from ui import tables  # noqa: E402
from ui.workshop_view import DRIVER_SHORT  # noqa: E402

pytestmark = pytest.mark.browser

PROJECTOR = {"viewport": {"width": 1400, "height": 900}}

# Every table's drawn headers: for each stDataFrame on the page, text -> [left, right] of its first drawing on the
# table's header line (the topmost line drawn), with the canvas's box and the viewport's width.
HEADERS_JS = r"""
() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]')).map(frame => {
  const canvases = Array.from(frame.querySelectorAll('canvas'));
  const grid = canvases.reduce((a, c) => c.getBoundingClientRect().height > (a ? a.getBoundingClientRect().height : 0) ? c : a, null);
  if (!grid) return null;
  const box = grid.getBoundingClientRect();
  const mine = window.__drawn.filter(d => canvases.includes(d.canvas) && d.text.trim());
  if (!mine.length || !box.width) return null;
  const at = d => d.canvas.getBoundingClientRect().y + d.y;
  const top = Math.min(...mine.map(at));
  const out = {};
  for (const d of mine) {
    if (Math.abs(at(d) - top) > 1) continue;
    const r = d.canvas.getBoundingClientRect();
    out[d.text] = [r.x + d.x, r.x + d.x + d.w];
  }
  return {headers: out, left: box.x, right: box.x + box.width, viewport: window.innerWidth};
})
"""


def _drawn_table(page, last_header: str, timeout_ms: int = 60_000) -> dict:
    """The drawn headers of the table whose header line holds `last_header` (waits for it to be drawn)."""
    waited = 0
    while True:
        for table in page.evaluate(HEADERS_JS):
            if table and last_header in table["headers"]:
                return table
        if waited >= timeout_ms:
            seen = [sorted(t["headers"]) for t in page.evaluate(HEADERS_JS) if t]
            raise AssertionError(f"header {last_header!r} never drawn whole; header lines drawn: {seen}")
        page.wait_for_timeout(250)
        waited += 250


def _assert_inside(table: dict, header: str) -> None:
    assert header in table["headers"], f"{header!r} not drawn on the header line: {sorted(table['headers'])}"
    left, right = table["headers"][header]
    assert table["left"] - 0.5 <= left and right <= min(table["right"], table["viewport"]) + 0.5, \
        f"{header!r} drawn at x {left:.0f}-{right:.0f}; the table shows x {table['left']:.0f}-{table['right']:.0f} " \
        f"of a {table['viewport']} px viewport"


def test_participants_and_drivers_tables_fit_a_1400_px_projector(tmp_path):
    chromium_path()
    dataset = load_dataset()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(url, max_submissions_per_minute=1000)
    created = store.create_workshop("Projector", dataset.criteria.ids)
    code = created.workshop.code
    rng = np.random.default_rng(4)
    for i in range(6):
        person = store.join(code, f"Participant {i + 1}")
        store.submit(person.token, dict(zip(dataset.criteria.ids, rng.dirichlet(np.ones(len(dataset.criteria.ids))))))
    token = store.start_session(code, created.key)
    labels = [c.label for c in dataset.criteria.criteria]
    last_weight = tables.short_label(labels[-1])
    try:
        with streamlit_server("dashboard.py", env={"SCORING_DATABASE_URL": url}) as base, browser() as b:
            page = b.new_context(**PROJECTOR).new_page()
            page.add_init_script(RECORD_FILL_TEXT)
            page.goto(f"{base}/Facilitator?code={code}&fs={token}")
            page.get_by_text("Group ranking", exact=True).wait_for(timeout=60_000)
            page.get_by_role("tab", name="Participants", exact=True).click()
            weights = _drawn_table(page, last_weight)
            page.get_by_role("tab", name="Disagreement drivers", exact=True).click()
            drivers = _drawn_table(page, DRIVER_SHORT["Top option changes"])
    finally:
        store.close()
    for label in labels:  # every criterion's (short) header, whole, on screen
        _assert_inside(weights, tables.short_label(label))
    _assert_inside(weights, "Participant")
    for header in ("Criterion", *DRIVER_SHORT.values()):
        _assert_inside(drivers, header)


def test_short_labels_keep_whole_leading_words():
    assert [tables.short_label(t) for t in ("Budget and diplomatic cost", "Time to effect", "Private-sector buy-in",
                                            "Flexibility", "Inclusiveness toward third countries")] == \
        ["Budget", "Time", "Private-sector", "Flexibility", "Inclusiveness"]
    assert tables.short_label("Impact on people", 16) == "Impact on people"
