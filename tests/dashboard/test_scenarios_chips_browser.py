"""The Scenarios view's choice of scenarios shows every scenario whole on a 390 px phone (issue 12, try8 7: the
multiselect's box scrolled inside and cut its last chip, 'A thaw in relations with China', in half). The choice is
now pills (`st.pills`, multi), wrapped over lines: Chromium at 390x844 draws each chip inside the viewport, and each
chip lies inside every box that clips or scrolls around it."""
from __future__ import annotations

import pytest

from scoring import load_dataset
from scoring.scenarios import load_scenarios
from support import CLIPPED_BY_JS

pytestmark = pytest.mark.browser

INSIDE_JS = "(label) => {" + CLIPPED_BY_JS + """
  // the chip showing `label` in the view's scenario choice (pills or a multiselect), and whether it lies inside the
  // viewport's width and inside every ancestor that clips or scrolls (a chip scrolled out of a box is cut)
  const has = (w) => Array.from(w.querySelectorAll('*')).filter(e => e.innerText && e.innerText.trim() === label);
  const widget = Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stButtonGroup"], '
                                                      + '[data-testid="stMain"] [data-testid="stMultiSelect"]'))
    .find(w => has(w).length);
  if (!widget) return null;
  widget.scrollIntoView({block: 'start'});
  const chip = has(widget).pop();
  const r = chip.getBoundingClientRect();
  const cut = clippedBy(chip);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, cut, width: window.innerWidth};
}
"""


def test_every_scenario_chip_is_drawn_whole_on_a_390_px_phone(dashboard_url, chromium):
    labels = [sc.label for sc in load_scenarios(load_dataset()).scenarios]
    assert len(labels) >= 5 and "A thaw in relations with China" in labels  # the chip try8 saw cut
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{dashboard_url}/?view=Scenarios")
    # the chips themselves: a scenario's label also titles its section below, drawn before the pills' code has loaded
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text(labels[-1], exact=True) \
        .first.wait_for(timeout=90_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=90_000)
    problems = []
    for label in labels:
        got = page.evaluate(INSIDE_JS, label)
        if got is None:
            problems.append(f"{label!r}: no chip with this text")
        elif got["cut"] or not (0 <= got["left"] and got["right"] <= got["width"]):
            problems.append(f"{label!r}: {got}")
    assert not problems, problems
