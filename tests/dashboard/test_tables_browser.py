"""Option titles wrap in full in the dashboard's tables, on a phone (390 px) and a desktop (1400 px).

Streamlit's grid wraps a text cell only in rows taller than 64 px, and never grows a row to its text: the
row height comes from ui.tables, which estimates each text's lines from a character count. This test
measures the shipped titles as Chromium draws them (the grid's own font, read from the page, and its
cell padding) and checks that no title needs more lines than its row holds, and that the Rank table's
selection box, rank and title fit a phone's width.
"""
from __future__ import annotations

import pytest

from scoring import load_dataset
from support import browser, streamlit_server
from ui import tables
from ui.views.rank import RANK_PX

pytestmark = pytest.mark.browser

# Lines each text takes when wrapped word by word into `width` px in the grid's font (as the grid does).
LINES_JS = r"""
([texts, width]) => {
  const el = Array.from(document.querySelectorAll('[data-testid="stDataFrame"] *'))
      .find(e => getComputedStyle(e).getPropertyValue('--gdg-font-family'));
  const cs = getComputedStyle(el);
  const font = cs.getPropertyValue('--gdg-base-font-style').trim() + ' ' + cs.getPropertyValue('--gdg-font-family').trim();
  const pad = parseFloat(cs.getPropertyValue('--gdg-cell-horizontal-padding'));
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = font;
  const inner = width - 2 * pad;
  return {font, pad, lines: texts.map(t => {
    let lines = 1, line = '';
    for (const word of t.split(/\s+/)) {
      const next = line ? line + ' ' + word : word;
      if (line && ctx.measureText(next).width > inner) { lines += 1; line = word; } else { line = next; }
    }
    return lines;
  })};
}
"""


def test_rank_table_rows_hold_every_shipped_title_in_full_as_chromium_measures_it():
    titles = load_dataset().titles
    with streamlit_server() as url, browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{url}/?view=Rank")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        measured = page.evaluate(LINES_JS, [titles, tables.WRAP_PX])
        frame = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    assert "Source Sans" in measured["font"] and "14px" in measured["font"], measured["font"]
    estimated = [tables.lines_needed([t]) for t in titles]
    short = [(t, m, e) for t, m, e in zip(titles, measured["lines"], estimated) if m > e]
    assert not short, f"titles needing more lines than their row gives (title, Chromium, estimate): {short[:5]}"
    assert max(measured["lines"]) >= 2  # the column is narrow enough that long titles do wrap
    height = tables.row_height({"title": titles})
    assert height is not None and height > 64  # the grid wraps only above 4rem
    assert height >= max(measured["lines"]) * tables.LINE_PX + tables.PAD_PX - tables.LINE_PX // 2
    # on the phone: selection box (~33 px), rank and the wrapped title inside the 358 px content width
    assert 34 + RANK_PX + tables.WRAP_PX <= frame["width"] <= 360, frame
