"""Room above every table for the grid's toolbar is one style rule per page, not an element per table (issue 12, room9).

An st.space above each table (3b68d21) kept the toolbar off the line above, but it was one more element in every
rerun that draws a table: a facilitator's self-refresh draws 6 tables every 3 s, a participant's move 1 (measured with
/work/contracts/fac_cost.py: 97 -> 106 elements per facilitator run). Each page now sends `ui.tables.page_style` once
per full run (a style-only st.html: Streamlit's event container, no room on the page) and no st.space.
What Chromium draws with it (36 px from the line above to a table, as before, also after a participant's moves and
self-refreshes) is tested in test_table_toolbar_browser.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from scoring import load_dataset
from support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "room"))
from test_room_leftovers import _facilitator_signed_in  # noqa: E402


def _elements(node) -> list:
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_elements(child))
    return out


def _rules_spaces_tables(at: AppTest) -> tuple[int, int, int]:
    """(toolbar style rules, st.space elements, tables) anywhere in the page (event container included). The rule:
    a style-only html element giving a table's element 20 px more room (16 px gap + 20 = 36 px from the line above to
    the table, as st.space(4) between two 16 px gaps gave)."""
    assert not at.exception, at.exception
    found = _elements(at._tree)  # noqa: SLF001 - the whole tree, the event container too
    rules = sum(1 for e in found if type(e).__name__ == "Html" and e.proto.body.startswith("<style")
                and '[data-testid="stDataFrame"]' in e.proto.body and "margin-top:20px" in e.proto.body)
    spaces = sum(1 for e in found if getattr(e, "type", "") == "space")
    return rules, spaces, len(at.dataframe)


def test_each_page_sends_the_toolbar_rule_once_and_no_space_per_table(tmp_path, monkeypatch):
    dash = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    dash.query_params["view"] = "Evidence"
    counts = {"dashboard": _rules_spaces_tables(dash.run())}

    store, created, fac = _facilitator_signed_in(tmp_path, monkeypatch, "Rule")
    ids = load_dataset().criteria.ids
    token = ""
    for k in range(3):
        person = store.join(created.workshop.code, f"P{k + 1}")
        store.submit(person.token, {c: float((k + j) % 4) for j, c in enumerate(ids)})
        token = person.token
    counts["facilitator"] = _rules_spaces_tables(fac.run())

    join = AppTest.from_file(str(ROOT / "pages" / "1_Join_workshop.py"), default_timeout=60)
    join.query_params["me"] = token
    counts["join"] = _rules_spaces_tables(join.run())
    slider = join.slider[0]
    counts["join after a move"] = _rules_spaces_tables(slider.set_value(10 - slider.value).run())

    build = AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=60)
    counts["build"] = _rules_spaces_tables(build.run())
    store.close()

    for page, (rules, spaces, drawn) in counts.items():
        assert drawn >= 1 or page == "build", (page, "no table drawn: the case tests nothing")  # build: its first step
        assert (rules, spaces) == (1, 0), (page, f"{rules} toolbar rules, {spaces} st.space elements", counts)
    assert counts["facilitator"][2] >= 5, counts  # the live room's tables, each with its room from the one rule

