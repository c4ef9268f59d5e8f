"""Long text in the dashboard's tables is readable on a 390 px phone without a sideways scroll (issue 12).

A table column that starts or ends beyond a phone's 356 px grid needs a sideways scroll; a wrapped column whose
text needs more lines than its row holds is cut. Either is fine for a short value (a number, an id) but not for a
reason, a locator or a chapter: such a text must then be given in full on the page (Markdown under the table, as
the Evidence view lists its reasons, or the selected row's panel). The column widths are what the app sends to
the grid (its column config); a width the grid picks itself counts as its header's width, the least it can be.
"""
from __future__ import annotations

import json
import re

import pytest

from dashboard_support import app
from scoring import load_dataset
from scoring.scenarios import load_scenarios
from ui import tables
from ui.text import WORD_JOINER

NAMED_PX = {"small": 75, "medium": 200, "large": 400}  # Streamlit's named column widths
LONG = 40  # characters: a text this long is read, not glanced at
VIEWS = ["Rank", "Trade-offs", "Sensitivity", "Uncertainty", "Scenarios", "Evidence"]  # the views with tables
# every closed section that holds a table, opened by the address (closed, it draws nothing: ui.show.lazy_expander)
OPENED = {key: "1" for key in ["rank_reference", "analysis_central", "analysis_scen_regret",
                               *(f"analysis_scen_open_{sid}" for sid in load_scenarios(load_dataset()).ids)]}


def page_text(at) -> str:
    """Every Markdown and caption text of the page as a reader sees it (escapes and word joiners removed), one space
    between words."""
    raw = " ".join(e.value for e in [*at.markdown, *at.caption, *at.text] if isinstance(e.value, str))
    return " ".join(re.sub(r"\\(.)", r"\1", raw).replace(WORD_JOINER, "").split())


def unreadable(frame) -> list[tuple[str, str]]:
    """(column, text) of each long text a 390 px phone cannot read in the table `frame` (an AppTest dataframe):
    in a column beyond the phone's grid, or cut by its row height. A selectable table's first row only (the row
    shown in full by default), every row otherwise."""
    config = json.loads(frame.proto.columns)
    selectable = bool(frame.proto.selection_mode)
    rows = frame.value.head(1) if selectable else frame.value
    lines_held = max(1, (frame.proto.row_height - tables.PAD_PX) // tables.LINE_PX) if frame.proto.row_height > 64 else 1
    x = tables.SELECT_PX if selectable else 0
    out = []
    for col in frame.value.columns:
        conf = config.get(col, {})
        if conf.get("hidden"):
            continue
        width = conf.get("width")
        width = NAMED_PX.get(width, width) if width is not None else tables.text_px(conf.get("label", col))
        texts = [str(t) for t in rows[col] if isinstance(t, str) and len(t) > LONG]
        beyond = x + width > tables.PHONE_PX
        out += [(col, t) for t in texts if beyond or tables.lines_needed([t], width) > lines_held]
        x += width
    return out


@pytest.mark.parametrize("view", VIEWS)
def test_long_texts_in_tables_are_readable_on_a_390_px_phone(view):
    """Issue 12 (leftB 1): the Scenarios view's reasons were in a 320 px column after Option, Criterion and Change,
    beyond a phone's screen and cut at 8 lines; the Evidence view's sources table had its chapters and locators
    beyond it. Each such text is now on the page in full, under its table."""
    at = app(view=view, **OPENED)
    assert not at.exception, at.exception
    text = page_text(at)
    missing = [(i, col, t[:60]) for i, frame in enumerate(at.dataframe) for col, t in unreadable(frame)
               if " ".join(t.split()) not in text]
    assert not missing, f"{view}: long texts a phone cannot read in the table, and not on the page: {missing[:6]}"
    assert len(at.dataframe) >= {"Scenarios": 1 + len(OPENED) - 3, "Evidence": 2}.get(view, 1)  # the opened ones drew
