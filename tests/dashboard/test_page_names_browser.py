"""The app's pages by their names in Chromium (issue 12, leftB 4): the main page was listed as 'dashboard' (Streamlit
names it after the entry file, dashboard.py) in the sidebar's page list. dashboard.py now declares the pages
(`navigate`); `streamlit run dashboard.py` and the other pages' addresses (the room's /Join_workshop?code= links)
stay as they were."""
from __future__ import annotations

import pytest

from scoring.store import Store
from support import browser, streamlit_server

pytestmark = pytest.mark.browser

PAGE_NAMES = ["Policy option scoring", "Join workshop", "Facilitator", "Build a table"]  # the sidebar's list, in order


def test_the_main_page_is_listed_by_its_title_and_the_room_link_still_opens_the_join_page(tmp_path):
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    code = Store(url).create_workshop("Names", ["impact", "cost"]).workshop.code
    with streamlit_server("dashboard.py", env={"SCORING_DATABASE_URL": url}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base)
        page.get_by_text("Top option").first.wait_for(timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"] a')
        nav.first.wait_for(timeout=30_000)
        names = [" ".join(a.inner_text().split()) for a in nav.all()]
        hrefs = [a.get_attribute("href") for a in nav.all()]
        tab = page.title()
        page.goto(f"{base}/Join_workshop?code={code}")
        page.get_by_text("Join a workshop").first.wait_for(timeout=60_000)
        join_tab = page.title()
        code_box = page.get_by_label("Join code").input_value()
    assert [n.replace("⚖️", "").strip() for n in names] == PAGE_NAMES, names
    assert "dashboard" not in " ".join(names).lower()
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs[1:]] == ["Join_workshop", "Facilitator", "Build_a_table"], hrefs
    assert tab == "Policy option scoring", tab
    assert join_tab == "Join workshop", join_tab
    assert code_box == code, code_box  # the link's code filled in
