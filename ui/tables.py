"""Tables whose long text (option titles, reasons, quotes) wraps inside its cell instead of being cut.

Streamlit's grid (st.dataframe, 1.67) draws a text cell on one line, cut with an ellipsis, unless the
table's `row_height` is above 4rem (64 px): then text cells wrap onto as many lines as the row holds
(frontend DataFrame: `isWrappingAllowed = rowHeight > 4rem`). So a wrapping column is given a fixed width
that fits a 390 px phone beside a small column (`WRAP_PX`), and the rows are made tall enough for the
longest text in it (`row_height`), or, with `clip=True` where the selected row is shown in full under the table,
for most texts, the rare longer one shortened with ' …' (`clip_lines`, `shorten`). A table is at most
MAX_TABLE_PX tall. Wider screens stretch the columns, so the same rows fit with room to
spare. Rows stay selectable and sortable, and the browser tests keep reading the grid's cells.

On a phone the key columns come first and fit the screen, the others follow to the right (issue 12: at 390 px
the Rank table's Score needed a sideways scroll). `wrapped(..., key_columns=...)` is the one place for this rule:
it puts the key columns first, and gives the wrapped text among them the width the phone leaves
after the other key columns' pixel widths and the selection box (`fit_px`); it refuses key columns that cannot fit.
tests/dashboard/test_tables_browser.py checks, in Chromium at 390x844, where the grid draws each table's key
headers and first-row values.

On a projector (1400 px, sidebar open) a wide table fits without a sideways scroll through `fitted`: short headers
with the full name in the header's help, number columns as wide as their header or value, text columns share the rest
(try4: the room's Participants and drivers tables were cut at 1400 px).

Line counts are estimated with `textwrap` at `CHARS_PER_LINE` characters per `WRAP_PX`, a conservative
figure for the grid's 14 px font: tests/dashboard/test_dashboard_charts_browser.py measures the shipped
titles with Chromium's own text metrics in that font and checks no title needs more lines than given.
"""
from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from scoring.export import display_number

PHONE_PX = 356  # the grid's inner width in a 390 px phone's main column (358 px less a 1 px border each side)
EXPANDER_PX = 322  # the same inside an expander or a bordered container (its padding), measured in Chromium
SELECT_PX = 32  # the row-selection box column of a table whose rows can be selected (measured: text starts at 40)
SLACK_PX = 4  # kept free on a phone, so a px of rounding or a thin scrollbar does not push the last key column out
RANK_PX = 50  # a rank column ("Rank" is about 30 px in the grid's font, with 8 px padding each side)
NUMBER_PX = 64  # a score or weight such as 0.700 or 33.3% with a short header ("Score", "Weight")
WRAP_PX = 240  # px of a wrapped text column that is not a key column (it follows the key columns to the right)
CHARS_PER_LINE = 28  # characters a WRAP_PX column holds per line, rounded down (Chromium fits about 32 there)
LINE_PX = 20  # px per wrapped line at the grid's 14 px font, with its line spacing
PAD_PX = 10  # the cell's top and bottom padding together
MIN_WRAP_ROW = 65  # the grid wraps text only in rows taller than 4rem = 64 px
MAX_LINES = 8  # a longer text (a paragraph) shows 8 lines and the rest in the cell's overlay on click
SHOWN_ROWS = 10  # rows in view before the table scrolls (Streamlit's own 'auto' counts default-height rows)
HEADER_PX = 38  # the header row and borders
FULL_ROWS = 12  # a wrapped table of at most this many rows shows them all, however tall (try6: a 600 px cap hid the 9th
# criterion of 9 with no hint); only a longer table is held to MAX_TABLE_PX and scrolls inside
MAX_TABLE_PX = 600  # a wrapped table of more than FULL_ROWS rows is never taller: on a 390x844 phone it and the top of what follows it (the Rank
# view's selected-option panel) fit one screen, and a finger's scroll is not caught by a grid filling the screen
CLIP_QUANTILE = 0.9  # `wrapped(clip=True)`: rows hold this share of the texts whole, the rest are shortened with '…'
ELLIPSIS = " …"


def chars_per_line(width_px: int) -> int:
    """Characters a wrapped line holds in a column `width_px` wide (CHARS_PER_LINE at WRAP_PX, in proportion; at least 8)."""
    return max(8, math.floor(CHARS_PER_LINE * width_px / WRAP_PX))


def lines_needed(texts: Iterable[object], width_px: int = WRAP_PX) -> int:
    """How many lines the longest of `texts` takes in a column `width_px` wide (at least 1)."""
    chars = chars_per_line(width_px)
    return max([_lines(str(t), chars) for t in texts if pd.notna(t)] or [1])


@functools.lru_cache(maxsize=4096)
def _lines(text: str, chars: int) -> int:
    """Lines of `text` wrapped at `chars` characters (the same titles are measured on every rerun)."""
    return len(textwrap.wrap(text, chars, break_on_hyphens=False)) or 1


def clip_lines(texts: Iterable[object], width_px: int = WRAP_PX, quantile: float = CLIP_QUANTILE) -> int:
    """Lines a row holds so that the share `quantile` of `texts` (0-1) wraps whole in a column `width_px` wide: the
    quantile of their line counts, rounded up to a count some text has (at least 1)."""
    chars = chars_per_line(width_px)
    counts = sorted(_lines(str(t), chars) for t in texts if pd.notna(t)) or [1]
    return counts[min(len(counts) - 1, math.ceil(quantile * len(counts)) - 1)]


def shorten(text: object, lines: int, width_px: int = WRAP_PX) -> object:
    """`text` cut to its first `lines` lines in a column `width_px` wide (the `lines_needed` estimate), at a word,
    ending in ' …' and the text's trailing mark if it has one (the Rank view's ' ✎'); a text that fits, or a
    missing value, as it is."""
    if pd.isna(text):
        return text
    chars = chars_per_line(width_px)
    if _lines(str(text), chars) <= lines:
        return text
    body, mark = str(text), ""
    if len(body) > 2 and body[-2] == " " and not (body[-1].isalnum() or body[-1] in ")]"):
        body, mark = body[:-2], body[-2:]
    return " ".join(textwrap.wrap(body, chars, break_on_hyphens=False, max_lines=lines, placeholder=ELLIPSIS + mark))


def row_height(columns: Mapping[str, Iterable[object]], width_px: int = WRAP_PX) -> int | None:
    """Row height in px for rows whose wrapped `columns` (name -> texts) must show in full; None when every
    text fits on one line (the grid's default row)."""
    lines = min(MAX_LINES, max([lines_needed(texts, width_px) for texts in columns.values()] or [1]))
    return None if lines <= 1 else max(MIN_WRAP_ROW, lines * LINE_PX + PAD_PX)


def table_px(rows: int, height: int) -> int:
    """Height in px of a table of `rows` rows `height` px tall: every row when there are at most FULL_ROWS of them,
    else as many as Streamlit shows of one-line rows (SHOWN_ROWS) within MAX_TABLE_PX, whole rows."""
    if rows <= FULL_ROWS:
        return max(1, rows) * height + HEADER_PX
    return max(1, min(SHOWN_ROWS, (MAX_TABLE_PX - HEADER_PX) // height)) * height + HEADER_PX


SPLIT_STEP_PX = 8  # `split_px` tries the widths in steps this wide


def split_px(first: pd.Series, second: pd.Series, room_px: int, max_px: int = WRAP_PX) -> dict[str, int]:
    """Widths in px (column name -> px) of two wrapped key columns sharing `room_px`, each at least MIN_WRAP_PX,
    at most `max_px`, never narrower than its widest word (`text_px`): the split whose rows need the fewest lines (the longer of the two columns' `lines_needed`), the
    most even split among equals. The Scenarios changes table gave an option title and a criterion label 127 px each
    on a phone: 6-line rows for the titles while the labels needed 3 (try6 2)."""
    def widest_word(texts: pd.Series) -> int:  # the grid breaks a word wider than its column mid-word
        return max([MIN_WRAP_PX, *(text_px(w) for t in texts.dropna().astype(str) for w in t.split())])

    low, high = max(widest_word(first), room_px - max_px), min(max_px, room_px - widest_word(second))
    best = None
    for a in range(low, high + 1, SPLIT_STEP_PX):
        need = max(lines_needed(first, a), lines_needed(second, room_px - a))
        key = (need, abs(2 * a - room_px))
        if best is None or key < best[0]:
            best = (key, a)
    if best is None:
        return {first.name: room_px // 2, second.name: room_px // 2}
    return {first.name: best[1], second.name: room_px - best[1]}


def fit_px(*key_px: int, selectable: bool = False, room_px: int = PHONE_PX, share: int = 1) -> int:
    """Width in px of a wrapped text key column (each of `share` such columns) beside key columns `key_px` wide, so
    that all of them show without a sideways scroll on a 390 px phone (`room_px`: PHONE_PX, or EXPANDER_PX inside an
    expander). Raises ValueError when less than 100 px would be left (the key columns are too many or too wide)."""
    free = room_px - SLACK_PX - sum(key_px) - (SELECT_PX if selectable else 0)
    width = free // max(share, 1)
    if width < 100:
        raise ValueError(f"key columns of {list(key_px)} px leave {width} px for the text on a phone ({room_px} px)")
    return width


def label_px(*texts: str, minimum: int = RANK_PX) -> int:
    """Width in px of a key column whose header and values are `texts`: the longest one whole (text_px, the same
    estimate `fitted` uses), at least `minimum`."""
    return max(minimum, max(text_px(t) for t in texts))


def number_column(label: str, sample: str = "0.000", **kwargs: object) -> dict:
    """A number column just wide enough for its header and a value like `sample` (a key column on a phone)."""
    return st.column_config.NumberColumn(label, width=label_px(label, sample), **kwargs)


SHARE_FORMAT = "%g%%"  # printf (the grid's sprintf): the number as it is, then '%' - 5.5 -> '5.5%', 38.0 -> '38%'


def share_column(label: str, width: int | str | None = None, help: str | None = None) -> dict:
    """A column of `scoring.numbers.share_percent` values: numbers (the grid sorts 9% before 10%), written as the
    sentences write shares ('5.5%', '38%', '0.43%'). An empty cell is a missing value (NaN); say what it means in
    `help`."""
    return st.column_config.NumberColumn(label, width=width, help=help, format=SHARE_FORMAT)


def formats_config(frame: pd.DataFrame, helps: Mapping[str, str] | None = None) -> dict[str, object]:
    """Number columns for the columns of `frame` that carry a printf format in `frame.attrs["formats"]` (the room's
    display tables, `scoring.room`): numbers the grid sorts as numbers, written as the format says."""
    helps = helps or {}
    return {col: st.column_config.NumberColumn(col, format=fmt, help=helps.get(col))
            for col, fmt in frame.attrs.get("formats", {}).items() if col in frame.columns}


def text_column(label: str, width_px: int = WRAP_PX, help: str | None = None) -> st.column_config.Column:
    """A text column that wraps in rows of `row_height`."""
    return st.column_config.TextColumn(label, width=width_px, help=help)


# The grid's own toolbar (show/hide columns, download, search, full screen) is drawn over the 44 px above a table, its
# buttons 8-32 px above it: on hover at 1400 px, and always on a phone, it covered the end of the line right above
# the table (a caption, the Rank view's 'Selected:' line; try6 8). TOOLBAR_CLEAR_PX more above every table, with the
# page's 16 px gap, puts the line above 36 px up, clear of the buttons. One style rule for the whole page
# (`page_style`, sent once per full run), not an element per table: an st.space(4) above each table made every rerun
# dearer (a facilitator refresh sends 6 tables every 3 s, a participant's move 1; issue 12, room9).
TOOLBAR_CLEAR_PX = 20
TOOLBAR_CSS = ('[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"])'
               f"{{margin-top:{TOOLBAR_CLEAR_PX}px}}")  # a table's element: its container > full-screen frame > grid
# A multiselect's chip writes its whole text, over lines, instead of cutting it to 'Broadening t...' (readable only by
# hovering its title, which a phone cannot), and the chips' box grows with them instead of scrolling inside its 155 px
# and cutting the last one (390 px phone: the sidebar's chapter filter, Build-a-table's candidates; issue 12, small9 5).
_MS = '[data-testid="stMultiSelect"] '
CHIP_CSS = (f"{_MS}[data-tag]{{height:auto;white-space:normal}}"
            f"{_MS}[data-tag]>span[title]{{white-space:normal;overflow:visible;text-overflow:clip;overflow-wrap:anywhere}}"
            f"{_MS}[data-testid=\"stMultiSelectTagsContainer\"],{_MS}div:has(>[data-testid=\"stMultiSelectTagsContainer\"])"
            "{max-height:none;height:auto;overflow-y:visible}")


def page_style() -> None:
    """The app's style rules (TOOLBAR_CSS: room above every table for its toolbar; CHIP_CSS: multiselect chips whole),
    sent once per full run by each page (dashboard.main, join_page, facilitator_page, build_page: with the pages/
    folder Streamlit runs a page's own script, not dashboard.py's). A style-only st.html goes to Streamlit's event container: it takes no room on the
    page and stays there through fragment reruns."""
    st.html(f"<style>{TOOLBAR_CSS}{CHIP_CSS}</style>")


# What the grid writes in a cell with no value (NaN, None): nothing. Streamlit's default wrote "None" (try8: Trade-offs
# "Flips at", Sensitivity "Flips below / above"); the column stays numeric (it sorts as numbers) and its help says what
# an empty cell means ("empty: never").
EMPTY_CELL = ""


def plain_numbers(data: object) -> object:
    """`data` with each float column (numpy float dtype) rounded once to 12 significant digits, as the exports write
    them (`scoring.export.display_number`): the grid's raw values, what a screen reader reads and a copy from the grid
    gives, held float noise (Score 0.7000000000000002: try8). Same columns, dtypes and attrs; the column formats
    still write the numbers. Anything but a DataFrame is returned as it is."""
    if not isinstance(data, pd.DataFrame):
        return data
    spots = [i for i, dtype in enumerate(data.dtypes) if isinstance(dtype, np.dtype) and dtype.kind == "f"]
    if not spots:
        return data
    out = data.copy()
    for i in spots:
        col = out.iloc[:, i]
        out.isetitem(i, col.map(display_number).astype(col.dtype))
    return out


@dataclass(frozen=True)
class Table:
    """A table made ready once and drawn as often as needed: `data` as the grid gets it (floats without float noise)
    and st.dataframe's keyword arguments (column config, widths, row height ...). Read-only once made, so one Table can
    be drawn by every session: the live room makes its tables once per change of the room, and a facilitator's
    refresh every 3 s only draws them (issue 12, room9: the layout and rounding per refresh cost more than the drawing)."""

    data: object
    kwargs: Mapping[str, object]

    def draw(self):
        """st.dataframe of the table; returns what st.dataframe returns."""
        return st.dataframe(self.data, **self.kwargs)

    def in_arrow(self) -> "Table":
        """The same table with its frame converted to Arrow now, as st.dataframe converts it (`pa.Table.from_pandas`,
        a RangeIndex kept as metadata: the same bytes are sent), so each later draw only serializes it: for a table
        drawn many times (the live room's: the conversion was a third of a facilitator refresh). Only a table with
        its index hidden and no row selection (st.dataframe reads those from the pandas index); any other, or a frame
        Arrow refuses, is returned as it is."""
        if (not isinstance(self.data, pd.DataFrame) or self.kwargs.get("hide_index") is not True
                or self.kwargs.get("on_select", "ignore") != "ignore"):
            return self
        import pyarrow as pa

        try:
            return Table(pa.Table.from_pandas(self.data), self.kwargs)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):  # Streamlit fixes such columns itself
            return self


def table(data: object, **kwargs: object) -> Table:
    """`data` ready for st.dataframe(data, **kwargs): floats without float noise (`plain_numbers`), empty cells left
    empty (EMPTY_CELL, not "None")."""
    kwargs.setdefault("placeholder", EMPTY_CELL)
    return Table(plain_numbers(data), kwargs)


def dataframe(data: object, **kwargs: object):
    """st.dataframe(data, **kwargs) with its floats without float noise and empty cells left empty (`table`): every
    table the app shows goes through here (the room above it for the grid's toolbar is `page_style`'s rule). Returns
    what st.dataframe returns."""
    return table(data, **kwargs).draw()


def data_editor(data: object, **kwargs: object):
    """st.data_editor(data, **kwargs), its empty cells left empty as `dataframe`'s (its grid has the same toolbar and
    `page_style`'s room above it)."""
    kwargs.setdefault("placeholder", EMPTY_CELL)
    return st.data_editor(data, **kwargs)


def wrapped(frame: pd.DataFrame, wrap: Mapping[str, str], column_config: Mapping[str, object] | None = None,
            width_px: int = WRAP_PX, key_columns: Sequence[str] = (), room_px: int = PHONE_PX, clip: bool = False,
            **kwargs: object):
    """st.dataframe of `wrapped_table(...)` (same arguments); returns what st.dataframe returns."""
    return wrapped_table(frame, wrap, column_config, width_px, key_columns, room_px, clip, **kwargs).draw()


def wrapped_table(frame: pd.DataFrame, wrap: Mapping[str, str], column_config: Mapping[str, object] | None = None,
                  width_px: int = WRAP_PX, key_columns: Sequence[str] = (), room_px: int = PHONE_PX,
                  clip: bool = False, **kwargs: object) -> Table:
    """The Table (`table`) of `frame` with the columns in `wrap` (column -> header) wrapped in full; other keyword
    arguments go to st.dataframe (drawn, it returns the selection when on_select is set).
    A table of at most FULL_ROWS rows shows every row (no scroll inside the grid); a longer one is at most
    MAX_TABLE_PX tall (whole rows), SHOWN_ROWS rows at most.

    `clip`: the rows are as tall as most texts need (CLIP_QUANTILE of them, `clip_lines`), not the longest one,
    and the longer texts are shortened with ' …' (`shorten`): for a table whose selected row is shown in full
    beside it (the Rank view's option panel), where the rare long title made every row taller (issue 12).

    `key_columns`: the columns that must show on a 390 px phone without a sideways scroll, in order. They come
    first (when they are all the columns, the table keeps their widths on a wide screen too: width "content"); each one not wrapped needs a width in px in `column_config` (ValueError otherwise); the wrapped ones
    among them share what is left of `room_px` (`fit_px`), never more than `width_px`. The index is hidden."""
    config = dict(column_config or {})
    widths = {col: width_px for col in wrap}
    keys = [c for c in key_columns if c in frame.columns]
    if keys:
        frame = frame[keys + [c for c in frame.columns if c not in keys]]
        kwargs.setdefault("hide_index", True)
        if len(keys) == len(frame.columns):  # the whole table fits a phone: keep its columns at the widths its rows'
            kwargs.setdefault("width", "content")  # heights are made for (stretched to 1400 px, a label of 3 lines
            # took 1 line in a 70 px row: try6 2)
        fixed = []
        for col in keys:
            if col in wrap:
                continue
            conf = config.get(col)
            width = conf.get("width") if isinstance(conf, dict) else None
            if not isinstance(width, int):
                raise ValueError(f"key column {col!r} needs a width in px in column_config (has {width!r})")
            fixed.append(width)
        selectable = kwargs.get("on_select", "ignore") != "ignore"
        shared = [c for c in keys if c in wrap]
        if shared:
            fit = min(width_px, fit_px(*fixed, selectable=selectable, room_px=room_px, share=len(shared)))
            widths.update({c: fit for c in shared})
            if len(shared) == 2:  # split the room so the rows are as short as the two columns' texts allow
                widths.update(split_px(frame[shared[0]], frame[shared[1]], 2 * fit, width_px))
        elif sum(fixed) + (SELECT_PX if selectable else 0) > room_px - SLACK_PX:
            raise ValueError(f"key columns {keys} ({fixed} px) do not fit a phone's {room_px} px")
    for col, label in wrap.items():
        prior = config.get(col)  # a help given for a wrapped column (`fitted`'s short headers) is kept
        config[col] = text_column(label, widths[col], prior.get("help") if isinstance(prior, dict) else None)
    if clip:
        # one row height for all: the lines the most demanding column's texts need (its CLIP_QUANTILE), so a short
        # column (the sources table's authors: 1 line for most) is not cut to fewer lines than the row holds (try6 7)
        cols = [c for c in wrap if c in frame.columns]
        held = max([clip_lines(frame[c], widths[c]) for c in cols] or [1])
        frame = frame.assign(**{c: [shorten(t, held, widths[c]) for t in frame[c]] for c in cols})
    height = max([row_height({c: frame[c]}, widths[c]) or 0 for c in wrap if c in frame.columns] or [0]) or None
    if height and "height" not in kwargs:
        kwargs["height"] = table_px(len(frame), height)
    return table(frame, column_config=config, row_height=height, **kwargs)


# ---------------------------------------------------------------- fitting a wide table to a projector

PROJECTOR_PX = 936  # the grid's inner width in a wide page's main column at 1400 px with the sidebar open (Chromium
# at 1400x900 drew the Participants grid from x 380 to x 1319); tests/room/test_room_projector_browser.py checks it
HEADER_CHAR_PX = 7.5  # px per character of a header or a short value in the grid's 14 px font, rounded up
CELL_PAD_PX = 20  # a cell's left and right padding (8 px each) and a px of rounding each side
MIN_NUMBER_PX = 56  # a number column is never narrower (a header cut by the grid still has its help)
MIN_WRAP_PX = 100  # a wrapped text column is never narrower
CONNECTIVES = frozenset("a an and as at by for in of on or the to toward towards with".split())


def short_label(label: str, max_chars: int = 12) -> str:
    """A column header for `label`: the label if it has at most `max_chars` characters, else its leading words that
    fit (at least the first word, never cut inside a word), without a trailing 'and', 'of', 'to' ...
    'Budget and diplomatic cost' -> 'Budget', 'Time to effect' -> 'Time', 'Private-sector buy-in' -> 'Private-sector'."""
    label = " ".join(str(label).split())
    if len(label) <= max_chars:
        return label
    words = label.split(" ")
    kept = [words[0]]
    for word in words[1:]:
        if len(" ".join([*kept, word])) > max_chars:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].lower() in CONNECTIVES:
        kept.pop()
    return " ".join(kept)


def text_px(text: object) -> int:
    """A conservative width in px of a one-line cell or header holding `text`, padding included."""
    return math.ceil(len(str(text)) * HEADER_CHAR_PX) + CELL_PAD_PX


def fitted(frame: pd.DataFrame, wrap: Sequence[str], short: Mapping[str, str] | None = None,
           room_px: int = PROJECTOR_PX, max_wrap_px: int = WRAP_PX, **kwargs: object):
    """st.dataframe of `fitted_table(...)` (same arguments); returns what st.dataframe returns."""
    return fitted_table(frame, wrap, short, room_px, max_wrap_px, **kwargs).draw()


def fitted_table(frame: pd.DataFrame, wrap: Sequence[str], short: Mapping[str, str] | None = None,
                 room_px: int = PROJECTOR_PX, max_wrap_px: int = WRAP_PX, **kwargs: object) -> Table:
    """The Table of `frame` with every column inside `room_px` (a projector's 1400 px: try4, the Participants table
    needed a sideways scroll for 6 of its 9 weight columns). The one rule: a column in `short` is headed by its short
    header, with the full name in the header's help; each column not in `wrap` is as wide as its header or its longest
    value (at least MIN_NUMBER_PX); the `wrap` columns (option titles, names) share what is left, at most
    `max_wrap_px` each, and wrap in full (`wrapped`). When even MIN_WRAP_PX (or a wrapped column's longest word) is not left, the other columns shrink
    alike down to MIN_NUMBER_PX (the grid then cuts a header with an ellipsis; its help still names it)."""
    short = {col: head for col, head in (short or {}).items() if col in frame.columns and head != col}
    taken = [short.get(col, col) for col in frame.columns]
    short = {col: head for col, head in short.items() if taken.count(head) == 1}  # two alike: keep the full names
    shown = frame.rename(columns=short)
    headers = {col: short.get(col, col) for col in frame.columns}
    formats = frame.attrs.get("formats", {})  # numbers written by a printf format (scoring.room's display tables)

    def cells(col: str) -> list[str]:
        if col in formats:
            return [formats[col] % v for v in frame[col].dropna()]  # what the grid writes ('33.3%')
        return frame[col].astype(str).tolist()

    fixed = {col: max(MIN_NUMBER_PX, text_px(headers[col]), max([text_px(v) for v in cells(col)] or [0]))
             for col in frame.columns if col not in wrap}
    wraps = [c for c in wrap if c in frame.columns]
    free = room_px - SLACK_PX - sum(fixed.values())
    # never narrower than a wrapped column's longest word: the grid breaks a word that does not fit ('Fernández-Ló/pez')
    least = max([MIN_WRAP_PX, *(text_px(w) for c in wraps for v in frame[c].dropna().astype(str) for w in v.split())])
    if wraps and free // len(wraps) < least and fixed:
        over = least * len(wraps) - free
        cut = math.ceil(over / len(fixed))
        fixed = {c: max(MIN_NUMBER_PX, w - cut) for c, w in fixed.items()}
        free = room_px - SLACK_PX - sum(fixed.values())
    width = max(least, min(max_wrap_px, free // len(wraps))) if wraps else max_wrap_px
    config: dict[str, object] = {}
    for col in frame.columns:
        header, help_text = headers[col], (str(col) if col in short else None)
        if col in wraps:
            config[header] = st.column_config.TextColumn(header, width=width, help=help_text)
        elif col in formats:
            config[header] = st.column_config.NumberColumn(header, width=fixed[col], help=help_text, format=formats[col])
        else:
            config[header] = st.column_config.Column(header, width=fixed[col], help=help_text)
    return wrapped_table(shown, {headers[c]: headers[c] for c in wraps}, column_config=config, width_px=width, **kwargs)


# A table whose rows open a detail panel: a row is chosen by its checkbox or by a tap on any of its cells (on a
# phone a tap on a title only selected the cell and the panel did not change: try6, fifth session).
PICK_ROW = ["single-row", "single-cell"]


def picked_row(event) -> int | None:
    """The row position chosen in a `PICK_ROW` table's selection event (its row, else its cell's row), or None."""
    selection = getattr(event, "selection", None)
    rows = list(getattr(selection, "rows", []) or [])
    if rows:
        return int(rows[0])
    cells = list(getattr(selection, "cells", []) or [])
    return int(cells[0][0]) if cells else None
