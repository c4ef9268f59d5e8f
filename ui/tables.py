"""Tables whose long text (option titles, reasons, quotes) wraps inside its cell instead of being cut.

Streamlit's grid (st.dataframe, 1.67) draws a text cell on one line, cut with an ellipsis, unless the
table's `row_height` is above 4rem (64 px): then text cells wrap onto as many lines as the row holds
(frontend DataFrame: `isWrappingAllowed = rowHeight > 4rem`). So a wrapping column is given a fixed width
that fits a 390 px phone beside a small column (`WRAP_PX`), and the rows are made tall enough for the
longest text in it (`row_height`). Wider screens stretch the columns, so the same rows fit with room to
spare. Rows stay selectable and sortable, and the browser tests keep reading the grid's cells.

Line counts are estimated with `textwrap` at `CHARS_PER_LINE` characters per `WRAP_PX`, a conservative
figure for the grid's 14 px font: tests/dashboard/test_dashboard_charts_browser.py measures the shipped
titles with Chromium's own text metrics in that font and checks no title needs more lines than given.
"""
from __future__ import annotations

import functools
import math
import textwrap
from typing import Iterable, Mapping

import pandas as pd
import streamlit as st

RANK_PX = 60  # a rank column beside a wrapped title
WRAP_PX = 240  # px of a wrapped text column: beside a 60 px rank and the selection box it fits a 390 px phone's 358 px
CHARS_PER_LINE = 28  # characters a WRAP_PX column holds per line, rounded down (Chromium fits about 32 there)
LINE_PX = 20  # px per wrapped line at the grid's 14 px font, with its line spacing
PAD_PX = 10  # the cell's top and bottom padding together
MIN_WRAP_ROW = 65  # the grid wraps text only in rows taller than 4rem = 64 px
MAX_LINES = 8  # a longer text (a paragraph) shows 8 lines and the rest in the cell's overlay on click
SHOWN_ROWS = 10  # rows in view before the table scrolls (Streamlit's own 'auto' counts default-height rows)
HEADER_PX = 38  # the header row and borders


def lines_needed(texts: Iterable[object], width_px: int = WRAP_PX) -> int:
    """How many lines the longest of `texts` takes in a column `width_px` wide (at least 1)."""
    chars = max(8, math.floor(CHARS_PER_LINE * width_px / WRAP_PX))
    return max([_lines(str(t), chars) for t in texts if pd.notna(t)] or [1])


@functools.lru_cache(maxsize=4096)
def _lines(text: str, chars: int) -> int:
    """Lines of `text` wrapped at `chars` characters (the same titles are measured on every rerun)."""
    return len(textwrap.wrap(text, chars, break_on_hyphens=False)) or 1


def row_height(columns: Mapping[str, Iterable[object]], width_px: int = WRAP_PX) -> int | None:
    """Row height in px for rows whose wrapped `columns` (name -> texts) must show in full; None when every
    text fits on one line (the grid's default row)."""
    lines = min(MAX_LINES, max([lines_needed(texts, width_px) for texts in columns.values()] or [1]))
    return None if lines <= 1 else max(MIN_WRAP_ROW, lines * LINE_PX + PAD_PX)


def text_column(label: str, width_px: int = WRAP_PX) -> st.column_config.Column:
    """A text column that wraps in rows of `row_height`."""
    return st.column_config.TextColumn(label, width=width_px)


def wrapped(frame: pd.DataFrame, wrap: Mapping[str, str], column_config: Mapping[str, object] | None = None,
            width_px: int = WRAP_PX, **kwargs: object):
    """st.dataframe of `frame` with the columns in `wrap` (column -> header) wrapped in full; other keyword
    arguments go to st.dataframe. Returns what st.dataframe returns (the selection when on_select is set)."""
    config = dict(column_config or {})
    for col, label in wrap.items():
        config[col] = text_column(label, width_px)
    height = row_height({c: frame[c] for c in wrap if c in frame.columns}, width_px)
    if height and "height" not in kwargs:  # as many rows in view as Streamlit shows of one-line rows
        kwargs["height"] = min(len(frame), SHOWN_ROWS) * height + HEADER_PX
    return st.dataframe(frame, column_config=config, row_height=height, **kwargs)
