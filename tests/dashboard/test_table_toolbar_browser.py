"""The grid's own toolbar never covers the line above a table (issue 12, left8 5; try6 8).

Streamlit draws each table's toolbar (show/hide columns, download, search, full screen) over the 44 px above the
table, its buttons 8-32 px above it: on hover at 1400 px, always on a phone. With the page's 16 px gap it covered
the end of the line right above: the Evidence view's basis caption and the entropy/CRITIC caption at 1400 px, the
Sensitivity caption at 390 px. `ui.tables.dataframe` puts a small space above every table. Measured in Chromium:
every text drawn on the page (visible there, not in a closed section) is tested against every button's box.
"""
from __future__ import annotations

import pytest

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


def test_the_table_toolbar_covers_no_text_at_1400_and_390_px():
    found = {}
    with streamlit_server() as url, browser() as b:
        for width, height in ((1400, 900), (390, 844)):
            page = b.new_page(viewport={"width": width, "height": height})
            for view, index in CASES:
                buttons, covered = _covered(page, url, view, index)
                assert buttons >= 3, (width, view, "the toolbar never showed")
                found[(width, view)] = covered
            page.close()
    assert not any(found.values()), {k: v for k, v in found.items() if v}
