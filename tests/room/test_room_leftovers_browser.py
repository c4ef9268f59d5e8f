"""Chromium, shipped data (9 criteria, as in a real room): review4/review3 leftovers seen on the pages.

- W4: two quick clicks on "Create workshop" made two workshops (the second orphaned: nobody saw its key);
- R6: a display name over 40 characters (or 21 emoji) was dropped whole by the browser -> "Anonymous n";
- RV3-R1: on a phone (390 x 844) the revealed result was ~2,900 px down the page, under every slider;
- R10: after "update the data" an open participant page previewed the old data until reloaded.

One server for the module; participants in phone-sized contexts.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workshop"))

from support import browser, chromium_path, streamlit_server  # noqa: E402
from test_workshop_browser import frame_headers, frame_rows  # noqa: E402

from scoring.loading import load_dataset  # noqa: E402
from scoring.room import read_data_files  # noqa: E402
from scoring.store import NAME_MAX, Store  # noqa: E402

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1400, "height": 1000}}
NAME_FIELD = "Display name (optional: leave empty to stay anonymous)"
# An element's distance from the top of the scrolled content (Streamlit scrolls its main block, not the
# window) and that content's height: [y, height] in CSS px.
POSITION = """e => {
  let c = e.parentElement;
  while (c && !(c.scrollHeight > c.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(c).overflowY))) {
    c = c.parentElement;
  }
  c = c || document.scrollingElement;
  return [e.getBoundingClientRect().top - c.getBoundingClientRect().top + c.scrollTop, c.scrollHeight];
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    chromium_path()
    folder = tmp_path_factory.mktemp("leftovers")
    url = f"sqlite:///{folder / 'workshop.db'}"
    store = Store(url, max_submissions_per_minute=1000)
    with streamlit_server("dashboard.py", env={"SCORING_DATABASE_URL": url}) as base, browser() as b:
        yield base, store, b
    store.close()


@pytest.fixture(autouse=True)
def _close_contexts(server):
    yield
    for context in list(server[2].contexts):
        context.close()


def _wait(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
            if found:
                return found
        except Exception:  # noqa: BLE001 - the page is re-rendering
            pass
        time.sleep(0.3)
    return check()


def _join(b, base: str, code: str, name: str):
    page = b.new_context(**PHONE).new_page()
    page.goto(f"{base}/Join_workshop?code={code}")
    page.get_by_label(NAME_FIELD).fill(name)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r"me="), timeout=30_000)
    page.get_by_role("button", name="Submit my weights").wait_for(timeout=30_000)
    return page


def _token(page) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(page.url).query)["me"][0]


def _preview_titles(page) -> list[str]:
    frame = page.locator('[data-testid="stDataFrame"]').first
    col = frame_headers(frame).index("Option")
    return [row[col] for row in frame_rows(frame)]


def _workshops_named(store: Store, name: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM workshops WHERE name = ?", (name,)).scalar_one())


@pytest.mark.parametrize("gap", [0.05, 0.3])
def test_two_quick_clicks_on_create_make_one_workshop_whose_key_is_shown(server, gap):
    """review4 W4 (reproduced on main c519511: click, 50 ms or 300 ms, click -> two workshops every time)."""
    base, store, b = server
    from playwright.sync_api import Error as PlaywrightError, expect

    name = f"Clicked twice {gap}"
    page = b.new_context(**DESK).new_page()
    page.goto(f"{base}/Facilitator")
    page.get_by_label(re.compile("^Workshop name")).fill(name)
    create = page.get_by_role("button", name="Create workshop")
    create.click()
    time.sleep(gap)
    try:
        create.click(timeout=2_000)
    except PlaywrightError:  # the key screen replaced the form first: only one click got through
        pass
    expect(page.get_by_role("button", name="I have copied it")).to_be_visible(timeout=30_000)
    time.sleep(2)  # let a second run, if any, finish
    key = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert _workshops_named(store, name) == 1
    code = dict(p.split("=", 1) for p in page.url.split("?", 1)[1].split("&"))["code"]
    assert store.check_key(code, key).name == name  # the key on screen opens the one workshop
    assert key not in page.url


def test_a_long_display_name_is_cut_visibly_instead_of_dropped(server):
    """review4 R6: the browser refused a 41+ character paste (and 21 emoji) whole; people joined as Anonymous."""
    base, store, b = server
    created = store.create_workshop("Names", load_dataset().criteria.ids)
    code, key = created.workshop.code, created.key
    long_name = "Maria-Fernanda de los Angeles Quintero-Villalobos"  # 49 characters
    page = _join(b, base, code, long_name)
    body = page.inner_text("body")
    assert long_name[:NAME_MAX].rstrip() in body and long_name not in body
    assert f"Your name was cut to {NAME_MAX} characters." in body
    emoji = "\N{GRINNING FACE}" * 21  # 21 characters, 42 UTF-16 units
    phone2 = _join(b, base, code, emoji)
    assert "Your name was cut" not in phone2.inner_text("body")
    names = store.participants(code, key)["display_name"].tolist()
    assert names == [long_name[:NAME_MAX].rstrip(), emoji]


def test_the_revealed_result_is_near_the_top_of_a_phone_page(server):
    """review3 RV3-R1: the revealed result was drawn under 9 sliders, preview, Submit and history (~2,900 px)."""
    base, store, b = server
    from playwright.sync_api import expect

    dataset = load_dataset()
    created = store.create_workshop("Reveal", dataset.criteria.ids)
    code, key = created.workshop.code, created.key
    phone = _join(b, base, code, "Ann")
    ids = dataset.criteria.ids
    store.submit(_token(phone), {c: 1.0 + (i == 0) for i, c in enumerate(ids)})
    bob = store.join(code, "Bob")
    store.submit(bob.token, {c: 1.0 + (i == 1) for i, c in enumerate(ids)})
    store.close_round(code, key)
    store.reveal(code, key, 1)
    heading = phone.get_by_text("The room's answers in round 1", exact=True)
    expect(heading).to_have_count(1, timeout=30_000)  # once: at the top, not again at the bottom
    expect(phone.get_by_text("The facilitator revealed the room's result for round 1.")).to_be_visible()
    y, height = _wait(lambda: heading.evaluate(POSITION))
    print(f"revealed heading at y = {y:.0f} px of a {height} px page (phone 390 x 844)")
    assert y < 844, f"the revealed result starts at {y:.0f} px, below the first screen"
    # hidden again: the page goes back to its usual layout without a reload
    store.reveal(code, key, 1, False)
    expect(heading).to_have_count(0, timeout=30_000)


def test_an_open_participant_page_previews_the_new_data_after_an_update(server):
    """review4 R10: round 2 answers were weighed by people looking at round 1's data until they reloaded."""
    base, store, b = server
    created = store.create_workshop("New data", load_dataset().criteria.ids,
                                    data=read_data_files(None, None))
    code, key = created.workshop.code, created.key
    phone = _join(b, base, code, "Ann")
    before = _wait(lambda: _preview_titles(phone))
    assert before and not before[0].startswith("NEWDATA")
    files = read_data_files(None, None)
    name, content = files["options"]
    text = content.decode("utf-8")
    assert text.count(before[0]) >= 1
    files["options"] = (name, text.replace(before[0], "NEWDATA " + before[0]).encode("utf-8"))
    store.update_data(code, key, files, "renamed the top option")
    # no reload, no move: within a refresh or two the preview shows the new title
    after = _wait(lambda: (t := _preview_titles(phone)) and t[0].startswith("NEWDATA") and t, timeout=40)
    assert after and after[0] == "NEWDATA " + before[0]
    assert "Round 2 is open" in phone.inner_text("body")
