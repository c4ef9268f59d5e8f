"""Multiselect chips on a 390 px phone (issue 12, small9 5): the sidebar's chapter filter cut every long chapter to
'Broadening t...' (its full text only in a hover title, which a phone has no way to show) and its box scrolled
inside 155 px, cutting the fifth chip in half. `ui.tables.CHIP_CSS` (in the pages' one style rule) lets a chip
write its whole text over lines and the box grow. Chromium at 390x844 measures every chip: its text not cut, the
chip inside the viewport and inside every box that clips or scrolls around it (once scrolled to), no box in the
widget scrolling inside, and the page no wider than the screen. The same rule serves Build-a-table's candidate picker (every page sends `page_style`)."""
from __future__ import annotations

import urllib.parse

import pytest

from scoring import load_dataset
from support import CLIPPED_BY_JS

pytestmark = pytest.mark.browser

CHIPS_JS = "(root) => {" + CLIPPED_BY_JS + """ return Array.from(document.querySelectorAll(root + ' [data-testid="stMultiSelect"] [data-tag]'))
  .map(chip => {
    const text = chip.querySelector('span[title]') || chip;
    chip.scrollIntoView({block: 'center'});  // the sidebar scrolls; a chip below the screen is not cut
    const r = chip.getBoundingClientRect();
    const cut = clippedBy(chip);
    const widget = chip.closest('[data-testid="stMultiSelect"]');
    const scrolls = Array.from(widget.querySelectorAll('*')).filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)
      && e.scrollHeight > e.clientHeight + 1).map(e => `${e.tagName}.${e.className} scrolls ${e.scrollHeight} in ${e.clientHeight}`);
    return {full: chip.getAttribute('aria-label'), scrolls, shown: text.innerText, overflows: text.scrollWidth > text.clientWidth + 1,
            left: r.left, right: r.right, cut, width: window.innerWidth,
            pageWidth: document.documentElement.scrollWidth};
  });
}
"""


def test_long_filter_chips_are_written_whole_inside_a_390_px_phone(dashboard_url, chromium):
    data = load_dataset()
    chapters = sorted(data.options["chapter"].unique())
    assert max(map(len, chapters)) > 60  # names longer than a 300 px sidebar's line
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{dashboard_url}/?" + urllib.parse.urlencode({"side_filters": "1", "chapter": "|".join(chapters)}))
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="Chapter")
    box.locator("[data-tag]").nth(len(chapters) - 1).wait_for(state="attached", timeout=90_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=90_000)
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    if opener.count():  # on a phone the sidebar starts closed
        opener.first.click()
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the sidebar's slide-in
    chips = page.evaluate(CHIPS_JS, '[data-testid="stSidebar"]')
    assert sorted(c["full"] for c in chips) == chapters, [c["full"] for c in chips]
    _assert_whole(chips)


def _assert_whole(chips: list[dict]) -> None:
    def words(text: str) -> str:
        return " ".join(text.split())

    problems = [{k: c[k] for k in ("full", "shown", "overflows", "cut", "scrolls", "left", "right")} for c in chips
                if c["overflows"] or c["cut"] or c["scrolls"] or words(c["shown"]) != words(c["full"])
                or not (0 <= c["left"] and c["right"] <= c["width"])]
    assert not problems, problems
    assert chips and chips[0]["pageWidth"] <= 390, chips[:1]


def test_build_a_table_candidate_chips_are_written_whole_on_a_390_px_phone(tmp_path, chromium):
    from scoring.sources.store import DB_NAME, import_sources
    from support import ROOT, briefs_dir, streamlit_server

    folder = tmp_path / "table"
    folder.mkdir()
    (folder / "criteria.yaml").write_text((ROOT / "criteria.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    import_sources(folder / DB_NAME, [briefs_dir() / "tong-2020-medicines-and-trade.txt"])
    with streamlit_server("pages/3_Build_a_table.py", env={"SCORING_BUILD_DIR": str(folder)}) as url:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(url)
        page.get_by_role("tab", name="2 · Candidates").click()
        picker = page.locator('[data-testid="stMultiSelect"]', has_text="Pick candidates")
        picker.wait_for(timeout=60_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
        for attempt in range(3):  # a click while the page still reruns can fall on the old widget: open it again
            picker.locator("input").click()
            try:
                page.get_by_role("option").first.wait_for(timeout=15_000)
                break
            except Exception:  # noqa: BLE001 - playwright's TimeoutError; the last attempt's click below fails loudly
                page.keyboard.press("Escape")
        page.get_by_role("option").first.click()  # the list's first entry selects every candidate
        page.keyboard.press("Escape")
        picker.locator("[data-tag]").nth(2).wait_for(state="attached", timeout=30_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
        page.wait_for_timeout(500)
        chips = page.evaluate(CHIPS_JS, '[data-testid="stMain"]')
        # a candidate's chip: its title (a sentence), source and locator, several times the phone's width
        assert len(chips) >= 3 and min(len(c["full"]) for c in chips) > 60, [c["full"] for c in chips]
        _assert_whole(chips)
