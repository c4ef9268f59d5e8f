"""Numbers in the dashboard's tables stay numbers, so the grid sorts them as numbers (issue 12, leftA).

The Sensitivity view turned its shares into text for `scoring.numbers.share` ('5.5%'), so a click on a header sorted
them alphabetically: '10%' before '9%'. The columns now hold `share_percent` numbers (5.5) written by the grid with
the printf format '%g%%' (`ui.tables.share_column`), which reads exactly as `share` writes the same share.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from dashboard_support import app, slider_weights
from scoring import load_dataset
from scoring.numbers import share, share_percent
from scoring.sensitivity import stability_intervals
SHARE_FORMAT = "%g%%"  # ui.tables.SHARE_FORMAT

# a number written as text: '12', '5.5%', and the kind's other cases: a rank with its tie mark '2=' (the room's rankings)
# and places moved '▲ 3' / '▼ 2' (the Rank view's 'vs equal weights', sorted '▲ 10' before '▲ 2')
NUMBER_TEXT = re.compile(r"^\s*[▲▼]?\s*[-+]?\d[\d,]*(\.\d+)?\s*[%=]?\s*$")
VIEWS = ["Rank", "Trade-offs", "Methods", "Sensitivity", "Uncertainty", "Scenarios", "Evidence", "Export"]


def js_text(value: float) -> str:
    """What the grid's sprintf writes for '%g': JavaScript's String(number), the shortest text that reads back as
    the same float (Python's repr, without a trailing '.0'), for numbers from 1e-6 up."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def formats(d) -> dict[str, str]:
    """Column -> its format in the element's column config."""
    config = json.loads(d.proto.columns) if d.proto.columns else {}
    return {c: (conf.get("type_config") or {}).get("format") for c, conf in config.items()}


@pytest.mark.parametrize("view", VIEWS)
def test_no_table_holds_numbers_as_text(view):
    at = app(view=view)
    assert not at.exception, at.exception
    assert len(at.dataframe) or view in ("Methods", "Export", "Scenarios")  # (Scenarios' tables: in closed sections)
    for d in at.dataframe:
        frame = d.value
        for col in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[col]):
                continue
            values = [str(v) for v in frame[col].dropna() if str(v).strip() not in ("", "never", "n/a", "–")]
            assert not (values and all(NUMBER_TEXT.match(v) for v in values)), \
                f"{view}: column {col!r} holds numbers as text ({values[:4]}): the grid sorts them alphabetically"


@pytest.mark.parametrize("view", VIEWS)
def test_no_table_holds_float_noise(view):
    """Every float the grid is given has at most 12 significant digits, as the exports write them (try8: the grid's
    raw values, what a screen reader reads and a copy gives, held Score 0.7000000000000002 and 0.6833333333333333)."""
    at = app(view=view)
    assert not at.exception, at.exception
    floats = 0
    for d in at.dataframe:
        frame = d.value
        for col in frame.columns:
            if not pd.api.types.is_float_dtype(frame[col]):
                continue
            for value in frame[col].dropna():
                floats += 1
                assert float(f"{value:.12g}") == value, f"{view}: column {col!r} holds {value!r}"
    assert floats or view in ("Methods", "Export", "Scenarios")


def test_plain_numbers_keeps_dtypes_and_rounds_only_floats():
    from ui.tables import plain_numbers

    frame = pd.DataFrame({"a": [0.1 + 0.2, 41 / 60, np.nan], "n": [1, 2, 3], "t": ["x", "y", "z"],
                          "f32": np.array([0.1, 0.2, 0.3], dtype="float32")})
    frame.attrs["formats"] = {"a": "%.2f"}
    out = plain_numbers(frame)
    assert out["a"].iloc[0] == 0.3 and out["a"].iloc[1] == 0.683333333333 and np.isnan(out["a"].iloc[2])
    assert list(out.dtypes) == list(frame.dtypes) and out.attrs == frame.attrs
    assert out["n"].tolist() == [1, 2, 3] and frame["a"].iloc[0] == 0.1 + 0.2  # the caller's frame is untouched


def test_rank_view_movement_is_a_number_written_with_its_sign():
    """'vs equal weights' holds places moved as numbers (was '▲ 2' / '–' / '▼ 3' text: a click sorted '▲ 10' before
    '▲ 2'), written '+2' / '+0' / '-3' by the grid, equal to the ranks under equal weights minus the ranks now."""
    from scoring.ranking import rank

    dataset = load_dataset()
    at = app(view="Rank", w="cost:5")
    assert not at.exception, at.exception
    table = next(d for d in at.dataframe if "vs equal weights" in d.value.columns)
    frame = table.value
    assert pd.api.types.is_integer_dtype(frame["vs equal weights"]), frame["vs equal weights"].head()
    assert formats(table)["vs equal weights"] == "%+d"
    now = rank(dataset, slider_weights(at, dataset.criteria.ids)).table.set_index("id")["rank"]
    equal = rank(dataset, np.ones(len(dataset.criteria))).table.set_index("id")["rank"]
    expected = (equal.reindex(frame["id"]) - now.reindex(frame["id"])).tolist()
    assert frame["vs equal weights"].tolist() == expected and max(map(abs, expected)) >= 10  # two-digit moves sort right


def test_sensitivity_stability_table_sorts_as_numbers_and_reads_as_the_sentences():
    dataset = load_dataset()
    at = app(view="Sensitivity")
    table = next(d for d in at.dataframe if "Top stays from" in d.value.columns)
    frame, fmt = table.value, formats(table)
    stab = stability_intervals(dataset, dataset.criteria.default_weights, "weighted-sum", None)
    for col, field in {"Current weight": "current_weight", "Top stays from": "top_low", "Top stays to": "top_high",
                       "Order stays from": "order_low", "Order stays to": "order_high"}.items():
        assert pd.api.types.is_float_dtype(frame[col]), (col, frame[col].dtype)
        assert fmt[col] == SHARE_FORMAT
        np.testing.assert_array_equal(frame[col].to_numpy(), share_percent(stab[field]))
        for value, engine in zip(frame[col], stab[field]):  # what the grid writes is what `share` writes
            if share(engine) == "under 0.01%":  # words, or a float's rounding of 0 (2.2e-16)
                assert 0 < value < 0.01 or (value == 0 and engine < 1e-12), (col, value, engine)
            else:
                assert js_text(value) + "%" == share(engine), (col, value, engine)
    # the shipped data has shares under and over 10%: as text they sorted '10%' < '18.7%' < '9%'
    texts = [share(v) for v in stab["top_high"]]
    assert sorted(texts) != sorted(texts, key=lambda t: float(t.rstrip("%")))
    assert sorted(frame["Top stays to"]) == sorted(share_percent(stab["top_high"]))


def test_sensitivity_flip_table_leaves_never_empty_and_says_so():
    at = app(view="Sensitivity")
    table = next(d for d in at.dataframe if "Flips below at" in d.value.columns)
    frame = table.value
    for col in ("Flips below at", "Flips above at", "Current weight"):
        assert pd.api.types.is_float_dtype(frame[col]) and formats(table)[col] == SHARE_FORMAT
    assert frame["Flips below at"].isna().any() and frame["Flips below at"].notna().any()
    config = json.loads(table.proto.columns)
    assert "empty: never" in config["Flips below at"]["help"] and "empty: never" in config["Flips above at"]["help"]


@pytest.mark.parametrize("view", VIEWS)
def test_an_empty_cell_is_drawn_empty_not_none(view):
    """try8: a cell with no value read "None" (Trade-offs "Flips at", Sensitivity "Flips below / above"). Every table
    is given the placeholder '' (st.dataframe's text for a missing value; Streamlit's default is "None")."""
    at = app(view=view)
    assert not at.exception, at.exception
    for d in at.dataframe:
        assert d.proto.HasField("placeholder") and d.proto.placeholder == "", (view, list(d.value.columns))
    if view in ("Trade-offs", "Sensitivity"):
        column = "Flips at weight" if view == "Trade-offs" else "Flips below at"
        table = next(d for d in at.dataframe if column in d.value.columns)
        assert pd.api.types.is_float_dtype(table.value[column])  # still numbers: they sort as numbers
        assert "empty: never" in json.loads(table.proto.columns)[column]["help"]


def test_uncertainty_p_first_reads_as_the_sentence_above_it():
    at = app(view="Uncertainty")
    table = next(d for d in at.dataframe if "Rank spread (places)" in d.value.columns)
    assert formats(table)["first"] == SHARE_FORMAT and pd.api.types.is_float_dtype(table.value["first"])
    said = [x.value for x in [*at.warning, *at.success] if "of the draws" in x.value]
    top = table.value.sort_values("Current rank").iloc[0]
    assert said and js_text(top["first"]) + "%" in said[0], (top["first"], said)


COLUMN_JS = r"""
([index, left, right, below]) => {
  // every text drawn on the `index`-th table's canvas between x `left` and `right` below y `below`, top to bottom
  // (the last drawing on each line)
  const frame = document.querySelectorAll('[data-testid="stDataFrame"]')[index];
  if (!frame) return [];  // between two renders of the page
  const canvases = Array.from(frame.querySelectorAll('canvas'));
  const lines = {};
  for (const d of window.__drawn) {
    if (!d.canvas || !canvases.includes(d.canvas) || !d.text.trim()) continue;
    const r = d.canvas.getBoundingClientRect();
    const x = r.x + d.x, y = Math.round(r.y + d.y);
    if (x >= left && x + d.w <= right && y > below) lines[y] = d.text;
  }
  return Object.keys(lines).map(Number).sort((a, b) => a - b).map(y => lines[y]);
}
"""


@pytest.mark.browser
def test_sensitivity_table_sorts_shares_as_numbers_in_chromium(dashboard_url):
    """The grid writes each share as `share` does ('%g%%') and a click on 'Top to' puts 9% before 10%."""
    from support import browser
    from test_tables_browser import RECORD_FILL_TEXT, drawn_in

    dataset = load_dataset()
    stab = stability_intervals(dataset, dataset.criteria.default_weights, "weighted-sum", None)
    expected = [share(v) for v in stab["top_high"]]
    assert sorted(expected) != sorted(expected, key=lambda t: float(t.rstrip("%")))  # text order would be wrong
    url = dashboard_url
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(RECORD_FILL_TEXT)
        page.goto(f"{url}/?view=Sensitivity")
        got = drawn_in(page, 0, ["Top to", "Order from", *expected], timeout_ms=90_000)
        head, after = got["texts"]["Top to"][0], got["texts"]["Order from"][0]
        page.evaluate("window.__drawn = []")
        page.mouse.click((head["left"] + head["right"]) / 2, head["y"] - 4)
        shown: list[str] = []
        for _ in range(40):  # the grid may redraw the old order first (the header's hover), then the sorted one
            page.wait_for_timeout(250)
            shown = page.evaluate(COLUMN_JS, [0, head["left"] - 40, after["left"] - 4, head["y"] + 4]) or shown
            values = [float(t.rstrip("%")) for t in shown]
            if len(shown) >= len(expected) and values in (sorted(values), sorted(values, reverse=True)):
                break
    values = [float(t.rstrip("%")) for t in shown]
    assert sorted(shown, key=lambda t: float(t.rstrip("%"))) == sorted(expected, key=lambda t: float(t.rstrip("%")))
    assert values == sorted(values) or values == sorted(values, reverse=True), shown
