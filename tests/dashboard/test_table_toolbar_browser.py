"""The grid's own toolbar never covers the line above a table (issue 12, left8 5; try6 8).

Streamlit draws each table's toolbar (show/hide columns, download, search, full screen) over the 44 px above the
table, its buttons 8-32 px above it: on hover at 1400 px, always on a phone. With the page's 16 px gap it covered
the end of the line right above: the Evidence view's basis caption and the entropy/CRITIC caption at 1400 px, the
Sensitivity caption at 390 px. One style rule per page (`ui.tables.page_style`) gives every table that room. Measured in
Chromium: every text drawn on the page (visible there, not in a closed section) is tested against every button's box;
on the Join page, the room above the preview table is still there after the moves and self-refreshes that rerun only
the page's fragments (the rule is sent by the page's full run).
"""
from __future__ import annotations

import pytest

from scoring import load_dataset
from scoring.store import Store
from support import browser, streamlit_server

pytestmark = pytest.mark.browser

# The words (text rects actually painted at that point) under the `index`-th table's toolbar buttons.
COVERED_JS = r"""
(index) => {
  const frame = document.querySelectorAll('[data-testid="stDataFrame"]')[index];
  const bar = frame && frame.closest('[data-testid="stElementContainer"]').querySelector('[data-testid="stElementToolbar"]');
  if (!bar) return {buttons: 0, covered: []};
  const buttons = [...bar.querySelectorAll('button')].map(b => b.getBoundingClientRect()).filter(r => r.width > 0);
  const covered = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || bar.contains(node) || frame.contains(node)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) for (const b of buttons) {
      const l = Math.max(r.left, b.left), rr = Math.min(r.right, b.right), t = Math.max(r.top, b.top), bb = Math.min(r.bottom, b.bottom);
      if (rr <= l || bb <= t) continue;
      // painted there (not clipped by a closed section): the text's element is hit at the overlap's centre
      const hit = document.elementsFromPoint((l + rr) / 2, (t + bb) / 2);
      if (hit.includes(node.parentElement)) covered.push(node.textContent.trim().slice(0, 60));
    }
  }
  return {buttons: buttons.length, covered};
}
"""
CASES = [("Evidence", 0), ("Rank&rank_reference=1", 1), ("Sensitivity", 0)]


def _covered(page, url: str, view: str, index: int) -> tuple[int, list[str]]:
    page.goto(f"{url}/?view={view}")
    frame = page.locator('[data-testid="stDataFrame"]').nth(index)
    frame.wait_for(timeout=90_000)
    page.wait_for_function("document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') "
                           "=== 'notRunning'", timeout=90_000)
    frame.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the grid's first paint
    got: dict = {"buttons": 0, "covered": []}
    for _ in range(20):  # hover until the toolbar shows (it fades in)
        frame.hover()
        page.wait_for_timeout(250)
        got = page.evaluate(COVERED_JS, index)
        if got["buttons"]:
            break
    return got["buttons"], got["covered"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server (with a workshop store) and one Chromium for this file's tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('toolbar') / 'w.db'}"
    with streamlit_server(env={"SCORING_DATABASE_URL": url}) as app, browser() as b:
        yield app, b, url


def test_the_table_toolbar_covers_no_text_at_1400_and_390_px(served):
    url, b, _ = served
    found = {}
    for width, height in ((1400, 900), (390, 844)):
        page = b.new_page(viewport={"width": width, "height": height})
        for view, index in CASES:
            buttons, covered = _covered(page, url, view, index)
            assert buttons >= 3, (width, view, "the toolbar never showed")
            found[(width, view)] = covered
        page.close()
    assert not any(found.values()), {k: v for k, v in found.items() if v}


# px from the bottom of the element above a table (the nearest one with height) to the table's top, per table
GAPS_JS = r"""
() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(f => {
  let prev = f.closest('[data-testid="stElementContainer"]').previousElementSibling;
  while (prev && prev.getBoundingClientRect().height === 0) prev = prev.previousElementSibling;
  return prev ? Math.round(f.getBoundingClientRect().top - prev.getBoundingClientRect().bottom) : null;
})
"""


def test_the_room_above_a_participants_table_holds_through_moves_and_self_refreshes(served):
    """The Join page at 390 px: 36 px from the caption to the preview table (16 px gap + the rule's 20 px) on the
    first run, after each weight move (the weights fragment reruns alone) and after the answer fragment's own refresh
    (~6 s). Without the page's rule it is the bare 16 px gap (checked once with join_page's page_style() left out)."""
    url, b, db = served
    store = Store(db)
    ids = load_dataset().criteria.ids
    created = store.create_workshop("Toolbar", ids)
    token = store.join(created.workshop.code, "Ann").token
    store.submit(token, {c: 1.0 for c in ids})
    store.close()
    page = b.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/Join_workshop?me={token}")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    gaps = {"first run": page.evaluate(GAPS_JS)[0]}
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    for k in range(2):
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(1200)
        gaps[f"move {k + 1}"] = page.evaluate(GAPS_JS)[0]
    page.wait_for_timeout(6500)  # the answer fragment refreshes itself every 6 s
    gaps["self-refresh"] = page.evaluate(GAPS_JS)[0]
    page.close()
    assert all(g is not None and 34 <= g <= 38 for g in gaps.values()), gaps
