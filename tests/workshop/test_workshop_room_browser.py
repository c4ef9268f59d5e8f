"""Chromium: the workshop as the room meets it, on phones (390 x 844) and the facilitator's screen.

One Streamlit server for the whole module (started once, ~5 s), reading a temporary SQLite store and
a small data set whose option titles and criterion labels are hostile Markdown/HTML. Workshops are
created through the page or the store; participants join through the page in phone-sized contexts.
Expected numbers come from the engine here, never copied from the page.
"""
from __future__ import annotations

import io
import json
import re
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import browser, chromium_path, streamlit_server  # noqa: E402
from test_workshop_browser import frame_headers, frame_rows  # noqa: E402

from scoring.room import read_data_files  # noqa: E402
from scoring.store import Store  # noqa: E402

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1400, "height": 1000}}
NAME_FIELD = "Display name (optional: leave empty to stay anonymous)"
OUTSIDE = "127.0.0.1:9"  # nothing listens there: a request to it means text became an image or a link
HOSTILE = ["**x**", "[x](http://e.invalid)", f"![](http://{OUTSIDE}/x.png)", "<b>x</b>", "http://e.invalid/bare"]
CRITERIA_YAML = """\
criteria:
  - {id: impact, label: "**x** impact", direction: benefit, scale: {min: 1, max: 5}, weight: 2}
  - {id: cost, label: "<b>x</b> cost", direction: cost, scale: {min: 1, max: 5}, weight: 1}
  - {id: speed, label: "[x](http://e.invalid) speed", direction: benefit, scale: {min: 1, max: 5}, weight: 1}
"""
OPTIONS_CSV = f"""\
id,title,impact,cost,speed
a,**x**,5,4,2
b,[x](http://e.invalid),3,1,4
c,![](http://{OUTSIDE}/x.png),4,3,3
d,<b>x</b>,2,2,2
e,http://e.invalid/bare,4,2,3
"""
OPTIONS_TITLES = HOSTILE
REFRESH_WAIT = 3.5  # s: longer than the facilitator's live refresh (ui.workshop_view.REFRESH_SECONDS = 3)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """(base url, store, data folder) of one server shared by every test in this module."""
    chromium_path()
    folder = tmp_path_factory.mktemp("room")
    (folder / "options.csv").write_text(OPTIONS_CSV)
    (folder / "criteria.yaml").write_text(CRITERIA_YAML)
    url = f"sqlite:///{folder / 'workshop.db'}"
    env = {"SCORING_DATABASE_URL": url, "SCORING_OPTIONS": str(folder / "options.csv"),
           "SCORING_CRITERIA": str(folder / "criteria.yaml")}
    store = Store(url, max_submissions_per_minute=1000)
    with streamlit_server("dashboard.py", env=env) as base, browser() as b:
        yield base, store, folder, b
    store.close()


@pytest.fixture(autouse=True)
def _close_contexts(room):
    """Each test's pages stop refreshing when it ends, so the shared server serves the next one quickly."""
    yield
    for context in list(room[3].contexts):
        context.close()


def _create(store: Store, folder: Path, name: str = "Room test"):
    files = read_data_files(folder / "options.csv", folder / "criteria.yaml")
    return store.create_workshop(name, ["impact", "cost", "speed"], data=files)


def _phone_join(b, base: str, code: str, name: str):
    page = b.new_context(**PHONE).new_page()
    page.goto(f"{base}/Join_workshop?code={code}")
    page.get_by_label(NAME_FIELD).fill(name)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r"me="), timeout=30_000)
    return page


def _token(page) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(page.url).query)["me"][0]


def _facilitator(b, base: str, code: str, key: str):
    page = b.new_context(**DESK).new_page()
    page.goto(f"{base}/Facilitator")
    page.get_by_role("tab", name="Open a workshop").click()
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Facilitator key").fill(key)
    page.get_by_role("button", name="Open", exact=True).click()
    return page


def _wait(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception:  # noqa: BLE001 - the page is re-rendering
            pass
        time.sleep(0.4)
    return check()


def _visible_text(page) -> str:
    return page.inner_text("body").replace("\u2060", "")


def _assert_no_markup_from(page, requests: list[str]) -> None:
    """No link, image or bold element made from the hostile strings, and no request to OUTSIDE."""
    main = page.locator("section.stMain, [data-testid='stMain'], [data-testid='stSidebar']")
    hrefs = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    assert not [h for h in hrefs if "e.invalid" in h or OUTSIDE in h], hrefs
    srcs = [i.get_attribute("src") or "" for i in page.locator("img").all()]
    assert not [s for s in srcs if OUTSIDE in s], srcs
    bold = [t.strip() for t in main.locator("strong, b").all_inner_texts()]
    assert "x" not in bold, bold
    assert not [r for r in requests if OUTSIDE in r or "e.invalid" in r], requests


def test_hostile_text_is_shown_literally_on_phones_and_the_facilitator_page(room):
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder, name="<b>x</b> [w](http://e.invalid)")
    code, key = created.workshop.code, created.key
    requests: list[str] = []
    phones = []
    for i, name in enumerate(HOSTILE):  # two join on phones, the others through the store (same rows)
        if i < 2:
            page = _phone_join(b, base, code, name)
            page.on("request", lambda r: requests.append(r.url))
            expect(page.get_by_text(name, exact=True)).to_be_visible(timeout=20_000)  # "You take part as"
            expect(page.get_by_text("<b>x</b> [w](http://e.invalid)", exact=True)).to_be_visible()
            token = _token(page)
            phones.append(page)
        else:
            token = store.join(code, name).token
        store.submit(token, {"impact": 1 + i, "cost": 5 - i, "speed": 1})
    phone = phones[0]
    text = _visible_text(phone)
    for label in ("**x** impact", "<b>x</b> cost", "[x](http://e.invalid) speed"):  # slider labels
        assert label in text, label
    preview = phone.locator('[data-testid="stDataFrame"]').filter(has_text="Option")  # your top 5 under your weights
    assert _wait(lambda: len(frame_rows(preview.first)) == 5)
    assert set(r[frame_headers(preview.first).index("Option")] for r in frame_rows(preview.first)) == set(OPTIONS_TITLES)
    _assert_no_markup_from(phone, requests)
    for p in phones:
        p.context.close()

    page = _facilitator(b, base, code, key)
    page.on("request", lambda r: requests.append(r.url))
    expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
    group = page.locator('[data-testid="stDataFrame"]').first
    assert _wait(lambda: [h for h in frame_headers(group) if h != "Tied"] == ["Rank", "Option", "Score"])
    assert sorted(r[frame_headers(group).index("Option")] for r in frame_rows(group)) == sorted(OPTIONS_TITLES)
    for tab in ("Participants", "Disagreement drivers", "Agreement", "Rank acceptability", "Group result"):
        page.get_by_role("tab", name=tab, exact=True).click()
        time.sleep(0.3)
        _assert_no_markup_from(page, requests)
    page.get_by_role("tab", name="Participants", exact=True).click()
    people = page.locator('[data-testid="stDataFrame"]').filter(has_text="Their top option")
    assert _wait(lambda: sorted(r[0] for r in frame_rows(people)) == sorted(HOSTILE))
    assert "<b>x</b> [w](http://e.invalid)" in _visible_text(page)  # the workshop name, as typed
    page.get_by_text("Participants: how much they count, remove someone").click()
    page.get_by_text("Compare rounds (Delphi)").click()
    time.sleep(1.0)
    _assert_no_markup_from(page, requests)
    assert "Traceback" not in page.inner_text("body")


def test_tables_have_labelled_headers_ranks_and_did_not_answer(room):
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder)
    code, key = created.workshop.code, created.key
    ann, bob = store.join(code, "Ann"), store.join(code, "")
    store.submit(ann.token, {"impact": 1, "cost": 1, "speed": 0})
    store.submit(bob.token, {"impact": 1, "cost": 1, "speed": 0})
    store.open_round(code, key)
    store.submit(bob.token, {"impact": 1, "cost": 0, "speed": 0})
    page = _facilitator(b, base, code, key)
    expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Disagreement drivers", exact=True).click()
    drivers = page.locator('[data-testid="stDataFrame"]').filter(has_text="Rank changes")
    headers = _wait(lambda: frame_headers(drivers))
    # short headers so the table fits a 1400 px projector (try4); each header's help names it in full
    assert headers[:5] == ["Criterion", "Group", "10th pct", "90th pct", "Rank changes"]
    col = headers.index("Rank changes")
    assert all(0 <= int(r[col]) <= 5 for r in frame_rows(drivers))
    page.get_by_text("Compare rounds (Delphi)").click()
    moved = page.locator('[data-testid="stDataFrame"]').filter(has_text="Moved (share of weight)")
    # the share is a number (sorted as one; the grid's accessible table holds the number, its canvas writes '50.0%')
    assert _wait(lambda: frame_rows(moved)) == [["Ann", "", "did not answer in round 2"], ["Anonymous 2", "50", ""]]
    rounds = page.locator('[data-testid="stDataFrame"]').filter(has_text="Agreement (Kendall's W)")
    assert _wait(lambda: frame_headers(rounds)) == ["Round", "Status", "Answers", "Agreement (Kendall's W)"]


def test_wrong_code_on_a_phone_is_one_plain_sentence(room):
    base, _, _, b = room
    from playwright.sync_api import expect

    page = b.new_context(**PHONE).new_page()
    page.goto(f"{base}/Join_workshop")
    page.get_by_label("Join code").fill("zz-zzzz")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("No workshop has the code ZZZZZZ. Check the code with the facilitator.",
                            exact=True)).to_be_visible(timeout=20_000)
    assert "column" not in page.inner_text("body")


def test_key_is_shown_once_then_the_room_with_a_readable_qr_code(room):
    base, store, _, b = room
    import zxingcpp
    from PIL import Image
    from playwright.sync_api import expect

    page = b.new_context(**DESK).new_page()
    page.goto(f"{base}/Facilitator")
    page.get_by_label("Workshop name").fill("Created on the page")
    page.get_by_role("button", name="Create workshop").click()
    expect(page.get_by_role("button", name="I have copied it")).to_be_visible(timeout=30_000)
    key = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert len(key) >= 30
    time.sleep(1)
    assert page.locator('[data-testid="stMetric"], [data-testid="stImage"]').count() == 0  # no room while the key shows
    page.get_by_role("button", name="I have copied it").click()
    expect(page.get_by_text("Scan to join")).to_be_visible(timeout=30_000)
    time.sleep(4)  # a live refresh of the room (every 3 s)
    assert key not in page.inner_text("body")
    code = page.locator('[data-testid="stMetricValue"]').first.inner_text().strip()
    assert store.check_key(code, key).name == "Created on the page"  # the key that was shown works
    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert link.endswith(f"/Join_workshop?code={code}")
    qr = page.locator('[data-testid="stImage"] img').first
    box = qr.bounding_box()
    assert box["width"] >= 300  # big enough to scan from the back of a room when projected
    shot = Image.open(io.BytesIO(qr.screenshot())).convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(shot)] == [link]
    page.get_by_text("Where the results are kept").click()
    expect(page.get_by_text(str(Path(store.location())), exact=True)).to_be_visible()
    assert store.data_version(code).files["options"].content == OPTIONS_CSV.encode()  # the workshop owns its data


def test_facilitator_removes_a_participant_and_locks_joining(room):
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder)
    code, key = created.workshop.code, created.key
    phone = _phone_join(b, base, code, "Spammer")
    store.submit(_token(phone), {"impact": 1, "cost": 0, "speed": 0})
    page = _facilitator(b, base, code, key)
    expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
    page.get_by_text("Participants: how much they count, remove someone").click()
    expect(page.get_by_role("button", name="Remove participant")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Remove participant").click()  # nothing picked yet: a sentence, nothing removed
    expect(page.get_by_text("Pick the participant to remove first.")).to_be_visible(timeout=20_000)
    assert store.participants(code, key)["removed"].tolist() == [False]
    # the pick is held by a form until Remove sends it, so a rerun in between cannot drop it (no retry)
    page.get_by_label("Participant to remove").click()
    page.keyboard.type("Spammer")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Remove participant").click()
    expect(page.get_by_text("Removed (1)")).to_be_visible(timeout=20_000)
    assert store.participants(code, key)["removed"].tolist() == [True]
    assert store.submissions(code, key)["removed"].tolist() == [True]  # answers kept, marked
    phone.reload()
    expect(phone.get_by_text("The facilitator removed you from this workshop.")).to_be_visible(timeout=20_000)

    page.get_by_role("button", name="Lock joining").click()
    expect(page.get_by_text("Joining is locked: nobody new can join.")).to_be_visible(timeout=20_000)
    late = b.new_context(**PHONE).new_page()
    late.goto(f"{base}/Join_workshop?code={code}")
    late.get_by_role("button", name="Join").click()
    expect(late.get_by_text("The facilitator has closed this workshop to new participants.")).to_be_visible(timeout=20_000)
    assert len(store.participants(code, key)) == 1


def test_delete_offers_the_archive_and_a_second_facilitator_sees_it_was_deleted(room):
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder, name="To delete")
    code, key = created.workshop.code, created.key
    store.submit(store.join(code, "Ann").token, {"impact": 2, "cost": 1, "speed": 1})
    phone = _phone_join(b, base, code, "Bea")
    first, second = _facilitator(b, base, code, key), _facilitator(b, base, code, key)
    for page in (first, second):
        expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
    first.get_by_text("Delete this workshop").click()
    button = first.get_by_role("button", name="Download archive (ZIP)").last
    expect(button).to_be_visible(timeout=20_000)
    for attempt in range(3):  # a click racing the page's 3-second refresh can cancel Streamlit's deferred download
        try:
            with first.expect_download() as download:
                button.click()
            path = download.value.path()
            break
        except Exception:  # noqa: BLE001 - "Download.path: canceled"
            if attempt == 2:
                raise
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        about = json.loads(zf.read("about.json"))
        subs = zf.read("tables/submissions.csv").decode()
        stored = zf.read("data/v1/options.csv").decode()
    assert {"tables/workshop.csv", "tables/rounds.csv", "tables/participants.csv", "tables/log.csv",
            "tables/data_versions.csv", "data/v1/criteria.yaml"} <= names
    assert about["workshop"] == "To delete" and about["code"] == code
    assert "Ann" in subs and stored == OPTIONS_CSV
    first.get_by_text("I downloaded what I need; delete everything").click()
    first.get_by_role("button", name="Delete workshop").click()
    expect(first.get_by_text("Start a workshop")).to_be_visible(timeout=20_000)
    expect(second.get_by_text(re.compile(r"^This workshop was deleted \(code " + code))).to_be_visible(timeout=20_000)
    assert "wrong join code or facilitator key" not in second.inner_text("body")
    phone.reload()  # a participant coming back to their link
    expect(phone.get_by_text(re.compile(r"^This workshop was deleted \(code " + code))).to_be_visible(timeout=20_000)


def test_editing_the_server_files_does_not_change_a_running_workshop(room):
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder)
    code, key = created.workshop.code, created.key
    store.submit(store.join(code, "Ann").token, {"impact": 1, "cost": 0, "speed": 0})
    original = (folder / "options.csv").read_text()
    try:  # the top option under all-impact is a (impact 5); make e the best on the server's file
        (folder / "options.csv").write_text(original.replace("e,http://e.invalid/bare,4,", "e,http://e.invalid/bare,5,")
                                            .replace("a,**x**,5,", "a,**x**,1,"))
        page = _facilitator(b, base, code, key)
        expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
        group = page.locator('[data-testid="stDataFrame"]').first
        assert _wait(lambda: frame_rows(group))[0][0] == "1"  # Rank (a Tied column may follow it: 'yes' at a tie)
        assert frame_rows(group)[0][frame_headers(group).index("Option")] == "**x**"  # still the stored data
    finally:
        (folder / "options.csv").write_text(original)


def test_update_the_data_is_explicit_logged_and_opens_a_round(room):
    """The uploaders, the note and the button are one form: the upload, the note and a live refresh in between
    (the room refreshes every 3 s; the test waits past one) cannot drop the click, and nothing is stored before it.
    A bad file gets its file, line and column beside the form and stores nothing."""
    base, store, folder, b = room
    from playwright.sync_api import expect

    created = _create(store, folder)
    code, key = created.workshop.code, created.key
    ann = store.join(code, "Ann")
    store.submit(ann.token, {"impact": 1, "cost": 0, "speed": 0})  # all on impact: a (5) leads
    edited = (OPTIONS_CSV.replace("a,**x**,5,", "a,**x**,1,")
              .replace("e,http://e.invalid/bare,4,", "e,http://e.invalid/bare,5,").encode())  # now e leads on impact
    bad = OPTIONS_CSV.replace("b,[x](http://e.invalid),3,1,4", "b,[x](http://e.invalid),3,high,4").encode()
    page = _facilitator(b, base, code, key)
    expect(page.get_by_text("Group ranking", exact=True)).to_be_visible(timeout=30_000)
    page.get_by_text("The workshop's data").click()
    update = page.get_by_role("button", name="Update the data and open a new round")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    uploader.set_input_files(files=[{"name": "options.csv", "mimeType": "text/csv", "buffer": bad}])
    expect(page.locator('[data-testid="stFileChip"]').first).to_have_attribute(
        "aria-label", re.compile(r"^options\.csv"), timeout=20_000)
    update.click()
    expect(page.get_by_text("options.csv, line 3, column 'cost': expected a number on the scale 1-5, got 'high'")
           ).to_be_visible(timeout=20_000)
    assert [r.number for r in store.rounds(code)] == [1] and store.data_version(code).version == 1
    page.locator('[data-testid="stFileChip"]').first.get_by_role("button").click()  # remove the bad file
    uploader.set_input_files(files=[{"name": "options.csv", "mimeType": "text/csv", "buffer": edited}])
    expect(page.locator('[data-testid="stFileChip"]')).to_have_count(1, timeout=20_000)
    page.get_by_label("What changed (kept in the log)").fill("a's impact corrected")
    page.get_by_label("What changed (kept in the log)").press("Enter")  # Enter does not send the form
    time.sleep(REFRESH_WAIT)  # at least one live refresh of the room between the upload and the click
    assert [r.number for r in store.rounds(code)] == [1]  # nothing stored before the button
    update.click()
    expect(page.get_by_text("Data stored; round 2 is open on it.")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Round 2: open")).to_be_visible(timeout=20_000)
    assert store.data_version(code).files["options"].content == edited
    assert store.data_version(code, 1).files["options"].content == OPTIONS_CSV.encode()
    log = store.log(code, key)
    assert log["action"].tolist() == ["created", "data updated"] and "a's impact corrected" in log["detail"].iloc[1]
    expect(page.locator('[data-testid="stFileChip"]')).to_have_count(0)  # the form starts empty again
    store.submit(ann.token, {"impact": 1, "cost": 0, "speed": 0})
    group = page.locator('[data-testid="stDataFrame"]').first
    assert _wait(lambda: frame_rows(group)[0][frame_headers(group).index("Option")] == "http://e.invalid/bare")  # round 2: new data
