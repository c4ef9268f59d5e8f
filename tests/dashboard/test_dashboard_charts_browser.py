"""Every view's charts draw their marks in Chromium, with no page error (review3 D1).

SVG tests (test_charts_drawn.py) check what Vega would draw from a builder's spec; this one checks what the
dashboard actually sends: a spec whose layers pointed at a dataset the browser never got drew axes and a
legend only, plus a page error `Unrecognized data set`. Streamlit draws Vega with the SVG renderer, so each
chart's mark groups (`g.role-mark`, one per layer) can be counted in the page. One server for all views.
"""
from __future__ import annotations

import pytest

from scoring import load_dataset
from scoring.methods import METHODS
from support import browser

pytestmark = pytest.mark.browser

# Every chart on the page: its title and, per layer (mark group), how many marks it drew.
MARKS_JS = r"""
() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map(el => {
  const svg = el.querySelector('svg');
  const title = Array.from(el.querySelectorAll('.role-title-text')).map(t => t.textContent).join(' ');
  const layers = svg ? Array.from(svg.querySelectorAll('g.role-mark'))
      .filter(g => !g.closest('.role-axis, .role-legend, .role-title'))
      .map(g => ({cls: g.getAttribute('class'), marks: g.children.length})) : null;
  return {title, layers};
})
"""

# view -> chart titles that must be on it (the ones reported empty in D1, and the single-layer ones beside them)
EXPECTED = {
    "Rank": ["Why each option ranks where it does"],  # its section opened by the address (drawn only when open)
    "Trade-offs": ["Trade-off between two criteria", "What buys most for least"],
    "Methods": ["Rank under each method", "How much the methods agree"],
    "Sensitivity": ["Who is ahead as each weight moves"],
    "Uncertainty": ["How likely each option is to take each rank"],
    "Scenarios": ["Rank under each scenario", "Worst-case regret"],
}


def _charts(page, view: str, titles: list[str] = ()) -> list[dict]:
    page.goto(f"{page.base}/?view={view}&rank_contrib=1")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    # on a busy machine a view's charts can come seconds after the sidebar's: wait for the titles it must show
    try:
        page.wait_for_function(
            """(want) => { const got = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] .role-title-text'))
                               .map(t => t.textContent.replace(/\\s+/g, ' ')).join(' | ');
                           return want.every(w => got.includes(w)); }""", arg=list(titles), polling=500, timeout=60_000)
    except Exception:  # the assertion below names what is missing
        pass
    # charts arrive one by one as the view runs: wait until the number of drawn charts stops changing
    page.wait_for_function(
        """() => { const n = document.querySelectorAll('[data-testid="stVegaLiteChart"] svg g.role-mark').length;
                   const ok = n > 0 && n === window.__lastMarks; window.__lastMarks = n; return ok; }""",
        polling=1000, timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    return page.evaluate(MARKS_JS)


def test_every_chart_on_every_view_draws_marks_without_page_errors_in_chromium(dashboard_url):
    dataset = load_dataset()
    url = dashboard_url
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.base = url
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for view, titles in EXPECTED.items():
            charts = _charts(page, view, titles)
            drawn = " | ".join(c["title"] for c in charts)
            for t in titles:
                assert any(t in c["title"].replace("\n", " ") for c in charts), f"{view}: no chart {t!r} in {drawn}"
            for c in charts:
                assert c["layers"], f"{view}: chart {c['title']!r} has no SVG mark group (nothing drawn)"
                empty = [layer["cls"] for layer in c["layers"] if layer["marks"] == 0]
                assert not empty, f"{view}: chart {c['title']!r} drew no marks in {empty}"
            if view == "Methods":  # one cell (rect) and one number (text) per option and method
                heat = next(c for c in charts if "Rank under each method" in c["title"])
                # cells and their numbers (61 rows: a third, invisible layer draws the method names at the bottom too)
                assert [layer["marks"] for layer in heat["layers"][:2]] == [len(dataset.ids) * len(METHODS)] * 2, heat
                assert "mark-text" in heat["layers"][1]["cls"], heat
        assert errors == [], errors
