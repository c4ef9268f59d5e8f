"""Each view is drawn in its own place on the page, the other views' places emptied first (issue 12, left8 5; try6 12).

Streamlit keeps the last run's elements on screen (greyed) until the new run replaces them, position by position,
or ends. All views shared one place, so on a switch from Rank to Export the Rank view's table, panel and expanders
stayed under Export's first lines while Export built its files (measured in Chromium at load ~8: Rank's table on
screen until 1.8-1.95 s after the click, with Export's first line; after the change it was gone 0.1 s after the
click). `ui.views.render` now gives every view its own slot in VIEWS order and sends an empty element to every
other slot as the run starts, so the old view's elements are dropped at once, whatever the new view draws.
"""
from __future__ import annotations

import pytest

from dashboard_support import app
from ui.views import VIEWS

NAMES = list(VIEWS)


def slots(at) -> list[str]:
    """What the page's main area holds after the view switcher: one entry per slot, 'empty' or 'view'."""
    kids = list(at.main.children.values())
    assert kids[0].type == "button_group", kids[0].type  # the view switcher
    return ["empty" if getattr(k, "type", "") == "empty" else "view" for k in kids[1:]]


@pytest.mark.parametrize("view", ["Rank", "Export"])
def test_the_view_is_drawn_in_its_own_slot_and_every_other_slot_is_empty(view):
    at = app(view=view)
    assert not at.exception and not at.error
    held = slots(at)
    assert len(held) == len(NAMES), held
    assert held == ["view" if name == view else "empty" for name in NAMES], held


def test_switching_from_rank_to_export_empties_ranks_slot():
    at = app(view="Rank")
    assert slots(at)[NAMES.index("Rank")] == "view" and len(at.dataframe) >= 1
    at.button_group(key="view").set_value("Export").run()  # the view switcher (st.segmented_control)
    assert not at.exception and not at.error
    held = slots(at)
    assert held[NAMES.index("Rank")] == "empty" and held[NAMES.index("Export")] == "view", held
    assert not len(at.dataframe)  # none of Rank's tables anywhere on the page
