"""Closed sections cost nothing on a rerun, and keep what they hold (issue 12, slider -> Rank in Chromium).

A closed `st.expander` still drew its content on every weight move: the Rank view's 53-row contributions chart,
the sidebar's filters and method selects, the reference-weights table. Now such a section is drawn only while
open (`ui.show.lazy_expander`); its widgets keep their values while it is closed (`ui.state.retain`), the address
keeps whether it is open, and the sidebar's weights in use are an HTML list, not a chart.
"""
from __future__ import annotations

import html

import numpy as np
import pytest

from dashboard_support import app
from scoring import load_dataset, rank
from ui.sidebar import weights_html
from ui.text import escape


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def _charts(at) -> list:
    return [e for e in at.main if "vega" in str(getattr(e, "type", ""))]


def _chart_protos(at) -> list:
    found = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else []):
            if "vega" in str(getattr(child, "type", "")):
                found.append(child.proto)
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return found


def test_a_weight_move_on_the_rank_view_sends_no_chart_until_its_section_is_opened():
    at = app(view="Rank")
    assert _chart_protos(at) == []  # neither the contributions chart nor a sidebar chart
    assert [d.value.columns[0] for d in at.dataframe] == ["rank"]  # the reference-weights table is not drawn
    opened = app(view="Rank", rank_contrib="1", rank_reference="1")
    assert len(_chart_protos(opened)) == 1
    assert any("entropy" in d.value.columns for d in opened.dataframe)
    assert opened.query_params["rank_contrib"] == "1" and opened.query_params["rank_reference"] == "1"


def test_the_method_chosen_stands_while_its_section_is_closed(shipped):
    at = app(side_method="1")
    at.selectbox(key="method").set_value("vikor").run()
    at.session_state["side_method"] = False  # the person closes the section
    at.run()
    assert not at.exception and not at.error
    assert "method" not in [s.key for s in at.selectbox]  # closed: not drawn
    expected = rank(shipped, shipped.criteria.default_weights, "vikor").table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    assert at.query_params["method"] == "vikor" and at.query_params["side_method"] == "0"
    at.slider(key="w_impact").set_value(9.0).run()  # another rerun with the section closed: still VIKOR
    w = shipped.criteria.default_weights.copy()
    w[shipped.criteria.ids.index("impact")] = 9.0
    assert at.dataframe[0].value["id"].tolist() == rank(shipped, w, "vikor").table["id"].tolist()


def test_a_method_from_the_address_ranks_with_its_section_closed(shipped):
    at = app(method="topsis", norm="minmax")
    assert not at.exception and not at.error
    expected = rank(shipped, shipped.criteria.default_weights, "topsis", "minmax").table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    assert at.query_params["method"] == "topsis" and at.query_params["norm"] == "minmax"


def test_filters_stand_while_their_section_is_closed_and_a_caption_names_them(shipped):
    theme = sorted(t for t in shipped.options["theme"].unique() if str(t).strip())[0]
    at = app(side_filters="1")
    at.multiselect(key="filter_theme").set_value([theme]).run()
    at.session_state["side_filters"] = False
    at.run()
    assert "filter_theme" not in [m.key for m in at.multiselect]
    shown = at.dataframe[0].value
    assert len(shown) == int((shipped.options["theme"] == theme).sum())
    assert at.query_params["theme"] == theme
    assert any(c.value.startswith("Filters on: theme (1).") for c in at.sidebar.caption)
    at.slider(key="w_cost").set_value(0.0).run()
    assert len(at.dataframe[0].value) == len(shown)  # a weight move keeps the filter


def test_every_section_opened_by_the_address_round_trips(shipped):
    scen = "analysis_scen_open_" + "x"  # a scenario's own section: a key with the scenario's id
    from ui import state

    params = {"rank_contrib": "1", "side_method": "1", "side_filters": "0", scen: "1", "analysis_central": "1"}
    decoded = state.decode_widgets(params, shipped.criteria.ids)
    assert decoded == {"rank_contrib": True, "side_method": True, "side_filters": False, scen: True,
                       "analysis_central": True}
    assert state.encode_widgets(decoded, shipped.criteria.ids) == params


def test_weights_in_use_lists_every_criterion_largest_first_with_its_share_and_escapes_labels():
    labels = ["<script>alert(1)</script>", "*bold* and $x$", "Cost"]
    text = weights_html(labels, np.array([0.2, 0.5, 0.3]))
    assert "<script>" not in text and html.escape(labels[0]) in text
    items = text.split("<li")[1:]
    assert [next(lab for lab in labels if html.escape(lab) in item) for item in items] == [labels[1], labels[2], labels[0]]
    assert [item.count("%</span>") for item in items] == [1, 1, 1]
    assert ">50%</span>" in items[0] and ">30%</span>" in items[1] and ">20%</span>" in items[2]
    assert 'width:100.0%' in items[0] and 'width:40.0%' in items[2]  # bars relative to the largest weight


def test_the_sidebar_shows_the_weights_in_use_the_engine_gets(shipped):
    at = app()
    block = next(e for e in at.sidebar if "weights-in-use" in str(getattr(e, "proto", "")))
    w = shipped.criteria.default_weights / shipped.criteria.default_weights.sum()
    assert block.proto.body == weights_html([c.label for c in shipped.criteria.criteria], w)


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_weights_in_use_draws_every_label_whole_and_apart_in_chromium(dashboard_url, shipped, width, height):
    from support import browser

    labels = [c.label for c in shipped.criteria.criteria]
    url = dashboard_url
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(url + "/?view=Rank")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        if width < 640:  # a phone: the sidebar opens from its button
            page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first.click()
        items = page.locator('[data-testid="weights-in-use"] li')
        items.first.wait_for(timeout=60_000)
        page.wait_for_function("""() => { const r = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
                                          const ok = r.x >= 0 && r.x === window.__sideX; window.__sideX = r.x; return ok; }""",
                               polling=200, timeout=30_000)  # the sidebar has slid fully open
        side = page.locator('[data-testid="stSidebar"]').bounding_box()
        boxes = []
        for i in range(items.count()):
            label = items.nth(i).locator("span").first
            boxes.append((label.inner_text(), label.bounding_box(), label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")))
        assert sorted(t for t, _, _ in boxes) == sorted(labels)
        for text, box, whole in boxes:
            assert whole, f"{text!r} is cut"
            assert side["x"] <= box["x"] and box["x"] + box["width"] <= side["x"] + side["width"], text
        for (t1, a, _), (t2, b2, _) in zip(boxes, boxes[1:]):
            assert a["y"] + a["height"] <= b2["y"] + 0.5, f"{t1!r} overlaps {t2!r}"


def test_a_view_comes_back_as_it_was_left_after_another_view(shipped):
    """try6 (fifth session) 1: leaving a view dropped its widgets' values (Streamlit forgets widgets a rerun does
    not draw): Trade-offs' axes, Uncertainty's seed, open sections all came back at their defaults."""
    at = app(view="Trade-offs", rank_contrib="1")
    tx = at.selectbox(key="tx")
    other = next(c for c in shipped.criteria.ids if c != tx.value)
    tx.set_value(other).run()
    for view in ("Rank", "Methods", "Trade-offs"):
        at.session_state["view"] = view
        at.run()
        assert not at.exception and not at.error
        assert at.query_params["tx"] == other and at.query_params["rank_contrib"] == "1", view
    assert at.selectbox(key="tx").value == other
    at.session_state["view"] = "Rank"
    at.run()
    assert len(_chart_protos(at)) == 1  # the contributions chart's section is still open


def test_the_sidebar_is_drawn_after_the_view_and_even_when_the_view_shows_nothing(shipped):
    """The view is drawn before the sidebar's widgets (the first page asks for the table's code sooner); the
    sidebar must still be there when the view stops early: filters that match no option."""
    opts = shipped.options
    pairs = {(t, c) for t, c in zip(opts["theme"], opts["chapter"])}
    theme, chapter = next((t, c) for t in opts["theme"].unique() for c in opts["chapter"].unique()
                          if (t, c) not in pairs and str(t).strip() and str(c).strip())
    at = app(theme=theme, chapter=chapter)
    assert not at.exception and not at.error
    assert any("No option matches the filters" in w.value for w in at.warning)
    assert len(at.sidebar.slider) == len(shipped.criteria.ids)
    assert any(c.value.startswith(f"Filters on: theme (1), chapter (1). 0 of {len(shipped.ids)} options shown.")
               for c in at.sidebar.caption)


def _uploaders(at) -> list:
    return list(at.get("file_uploader"))


def test_use_your_own_data_draws_its_uploaders_only_while_open_and_keeps_the_files_closed(shipped):
    """Closed (as every first page starts) the section sends no uploader: three closed file uploaders and their
    code cost the first page ~150 ms in Chromium. Files kept from an upload stay in use while it is closed;
    opened, it names them, and "Use the shipped data again" forgets them and gives empty uploaders."""
    at = app()
    assert _uploaders(at) == []
    assert "Use your own data" in [e.label for e in at.sidebar.expander]
    at.session_state["uploads"] = {"options": b"id,title,impact\nx,Option X,5\ny,Option Y,1\n", "options_name": "mine.csv",
                                   "criteria": b"criteria:\n  - {id: impact, label: Impact, direction: benefit, "
                                               b"scale: {min: 1, max: 5}, weight: 1}\n", "criteria_name": "mine.yaml"}
    at.run()
    assert _uploaders(at) == [] and at.dataframe[0].value["id"].tolist() == ["x", "y"]  # closed, the upload is used
    at.session_state["side_upload"] = True  # the person opens the section
    at.run()
    assert [u.label for u in _uploaders(at)] == ["options.csv", "criteria.yaml", "evidence.csv (optional)"]
    kept = "Your files in use: " + escape("options.csv: mine.csv · criteria.yaml: mine.yaml") + "."
    assert any(c.value.startswith(kept) for c in at.caption), [c.value for c in at.caption]
    assert at.query_params["side_upload"] == "1"
    next(b for b in at.button if b.label == "Use the shipped data again").click().run()
    assert not at.exception and not at.success
    assert at.dataframe[0].value["id"].tolist()[0] == rank(shipped).top  # the shipped data again
    assert [u.key for u in _uploaders(at)] == ["upload_options_1", "upload_criteria_1", "upload_evidence_1"]
    assert not any(c.value.startswith("Your files") for c in at.caption)


def test_an_upload_that_cannot_be_used_says_so_in_its_own_section(shipped):
    """try9 1: at 390 px the open sidebar covers the page, where the problems were listed; the section said "Kept from
    your uploads", which read as "in use". Now the section itself says "Not in use" with the first problems."""
    at = app(side_upload="1")
    bad = b"id,title,impact\nx,Option X,seven\ny,Option Y,2\nz,Option Z,eight\nw,Option W,nine\nv,Option V,ten\n"
    at.session_state["uploads"] = {"options": bad, "options_name": "mine.csv", "criteria": b"criteria:\n  - {id: impact, "
                                   b"label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n",
                                   "criteria_name": "mine.yaml"}
    at.run()
    section = next(e for e in at.sidebar.expander if e.label == "Use your own data")
    said = [e.value for e in section.error]
    assert len(said) == 1 and said[0].startswith("Not in use: ") and "could not be used (4 problems)" in said[0], said
    listed = section.code[0].value.splitlines()
    assert len(listed) == 4 and listed[-1] == "… and 1 more, listed on the page", listed
    assert listed[0].startswith("mine.csv, line 2")
    assert at.dataframe[0].value["id"].tolist()[0] == rank(shipped).top  # the shipped data meanwhile
    assert not any(c.value.startswith("Your files") for c in at.caption)
