"""One parser for numbers typed by people: CSV cells, `--weights` values and YAML scalars.

Accepted: plain decimals with an optional sign, point and exponent (`3`, `-0.5`, `.5`, `1e6`,
`2.5E-3`). Refused: digit separators (`1_0`, `1,5`), hex, words (`nan`, `inf`, `yes`) and anything
longer than MAX_NUMBER_CHARS characters (a 5,000-digit "number" is a mistake or an attack, and
Python's int() refuses more than 4,300 digits with a ValueError). A number that overflows a float
(`1e999`) parses to inf; callers refuse non-finite values with their own located message.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

MAX_NUMBER_CHARS = 100
NUMBER_PATTERN = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(NUMBER_PATTERN)


def parse_number(text: str) -> float | None:
    """The float a person meant by `text` (surrounding spaces ignored), or None when it is not a plain number."""
    s = text.strip()
    if len(s) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(s):
        return None
    return float(s)


def parse_number_column(raw: pd.Series) -> np.ndarray:
    """Vectorized parse_number over a column of strings; NaN where a cell is not a plain number."""
    text = raw.astype(str).str.strip()
    ok = text.str.fullmatch(NUMBER_PATTERN) & (text.str.len() <= MAX_NUMBER_CHARS)
    values = np.full(len(text), np.nan)
    mask = ok.to_numpy(dtype=bool)
    if mask.any():
        values[mask] = text[mask].astype(float).to_numpy()
    return values


def too_long(text: str) -> bool:
    return len(text.strip()) > MAX_NUMBER_CHARS
