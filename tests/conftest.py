"""Fixtures shared by every test folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import support`

CRITERIA_MINI = """\
criteria:
  - id: impact
    label: Impact
    direction: benefit
    scale: {min: 1, max: 5}
    weight: 2
  - id: cost
    label: Cost
    direction: cost
    scale: {min: 1, max: 5}
    weight: 1
  - id: speed
    label: Speed
    direction: benefit
    scale: {min: 1, max: 5}
    weight: 1
profiles:
  equal: {impact: 1, cost: 1, speed: 1}
  thrifty:
    description: Cost matters most.
    weights: {impact: 1, cost: 4, speed: 1}
"""

OPTIONS_MINI = """\
id,title,theme,impact,cost,speed,impact_low,impact_high
a,Alpha,security,5,4,2,4,5
b,Bravo,trade,3,1,4,,
c,Charlie,health,4,3,3,3,5
d,Delta,trade,2,2,2,,
"""


@pytest.fixture
def mini_files(tmp_path: Path) -> tuple[Path, Path]:
    """A small, hand-checkable options/criteria pair (3 criteria, 4 options)."""
    o, c = tmp_path / "options.csv", tmp_path / "criteria.yaml"
    o.write_text(OPTIONS_MINI)
    c.write_text(CRITERIA_MINI)
    return o, c


@pytest.fixture
def mini_dataset(mini_files):
    from scoring import load_dataset

    return load_dataset(*mini_files)


@pytest.fixture(scope="session")
def dashboard_url():
    """One `streamlit run dashboard.py` on the shipped files (no database) for every browser test that only reads
    the dashboard: each test opens its own page, so its own Streamlit session; starting a server per test cost
    ~5 s each (issue 12's CI budget)."""
    from support import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def module_browser():
    """One Chromium for a module's browser tests (a module using it must not also call support.browser())."""
    from support import browser

    with browser() as b:
        yield b


@pytest.fixture
def chromium(module_browser):
    """The module's Chromium; every page and context a test opened is closed after it, so tests start clean."""
    yield module_browser
    for context in module_browser.contexts:
        context.close()


def pytest_collection_modifyitems(config, items):
    """Files with a browser or slow test run first (pytest-xdist hands out whole files in this order): the long
    files start early and the short ones fill in, so both workers finish together. The order inside a file and
    among the other files is kept."""
    first = {item.path for item in items if item.get_closest_marker("browser") or item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in first)
