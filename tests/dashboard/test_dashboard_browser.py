"""End to end in a real browser: Debian's chromium driven by Playwright against `streamlit run dashboard.py`."""
from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout

import pytest

from dashboard_support import weight_change_that_moves_the_top
from scoring import load_dataset
from scoring.cli import main as cli
from support import ROOT, browser

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"


def _cli_csv(*args: str) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli(["rank", *args]) == 0
    return buf.getvalue()


def test_weigh_rank_download_and_screenshots_in_chromium(dashboard_url):
    dataset = load_dataset()
    cid, value, before, after = weight_change_that_moves_the_top(dataset)
    titles = dict(zip(dataset.ids, dataset.titles))
    label = dataset.criteria[cid].label
    ARTIFACTS.mkdir(exist_ok=True)
    url = dashboard_url
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(url)
        top = page.locator('[data-testid="stMarkdownContainer"]', has_text="Top option:")
        top.wait_for(timeout=60_000)
        assert titles[before] in top.inner_text()

        # Move one weight through the UI, as a participant would with the keyboard.
        slider = page.locator('[data-testid="stSlider"]', has_text=label).locator('input[type="range"]')
        slider.focus()
        page.keyboard.press("End" if value == 10.0 else "Home")
        page.wait_for_function("t => document.body.innerText.includes(t)", arg=f"Top option: {titles[after]}", timeout=30_000)
        # the address is written at the end of the run, after the text above: wait for it, then check it
        page.wait_for_function("p => new RegExp(p).test(location.href)", arg=rf"{cid}%3A{value:g}(%2C|&|$)",
                               timeout=30_000)
        assert re.search(rf"{cid}%3A{value:g}(%2C|&|$)", page.url), page.url
        page.screenshot(path=str(ARTIFACTS / "dashboard-desktop.png"), full_page=False)

        # Download the CSV through the Export view and compare it with the command line.
        page.locator('[data-testid="stButtonGroup"]').get_by_text("Export", exact=True).click()
        button = page.get_by_role("button", name="CSV", exact=True)
        button.wait_for(timeout=30_000)
        with page.expect_download(timeout=30_000) as dl:
            button.click()
        downloaded = dl.value.path().read_bytes().decode("utf-8")
        (ARTIFACTS / "downloaded.csv").write_text(downloaded, encoding="utf-8", newline="")
        weights = dataset.criteria.default_weights.copy()
        weights[dataset.criteria.ids.index(cid)] = value
        spec = ",".join(f"{c}={w:g}" for c, w in zip(dataset.criteria.ids, weights))
        assert downloaded == _cli_csv("--weights", spec)

        # Phone width: the same address reproduces the view.
        phone = b.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
        phone.goto(page.url.replace("view=Export", "view=Rank"))
        ptop = phone.locator('[data-testid="stMarkdownContainer"]', has_text="Top option:")
        ptop.wait_for(timeout=60_000)
        assert titles[after] in ptop.inner_text()
        phone.wait_for_timeout(1500)  # let the charts draw
        phone.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"))
    for name in ("dashboard-desktop.png", "dashboard-phone.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
