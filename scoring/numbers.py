"""One parser for numbers typed by people: CSV cells, `--weights` values and YAML scalars.

Accepted: plain decimals with an optional sign, point and exponent (`3`, `-0.5`, `.5`, `1e6`,
`2.5E-3`), digits 0-9 only (Python's `\\d` would also take `３` FULLWIDTH DIGIT THREE and `١`
ARABIC-INDIC DIGIT ONE). Refused: other digits, digit separators (`1_0`, `1,5`), hex (`0x10`),
words (`nan`, `inf`, `yes`), a non-zero number too small for a float (`1e-400` would silently become
0) and anything longer than MAX_NUMBER_CHARS characters (a 5,000-digit "number" is a mistake or an
attack, and Python's int() refuses more than 4,300 digits with a ValueError). A number that
overflows a float (`1e999`) parses to inf; callers refuse non-finite values with their own located
message. `number_hint(text)` says why a refused text is not a number, for the caller's message.
"""
from __future__ import annotations

import argparse
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_NUMBER_CHARS = 100
NUMBER_PATTERN = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # [0-9], never \d (Unicode digits)
_NUMBER = re.compile(NUMBER_PATTERN)
_NONZERO_MANTISSA = r"^[^eE]*[1-9]"  # written as non-zero: a 1-9 digit before any exponent
_HEX = re.compile(r"[+-]?0[xXoObB][0-9a-fA-F_]+")
_SEPARATED = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)+(?:\.[0-9_]*)?")  # 1_000 (Python's separator; 1,000 is ambiguous: 1.0 in Europe)
_WHOLE = re.compile(r"[+-]?[0-9]+")
EXACT_FLOAT_INT = 2**53  # above this a float no longer holds every whole number
FLAG_GROUPED_FROM = 100_000  # a flag's bound in words: a port (65535) or a grid size (10001) as typed, 5,000,000 grouped


def parse_number(text: str) -> float | None:
    """The float a person meant by `text` (surrounding spaces ignored), or None when it is not a plain number."""
    s = text.strip()
    if len(s) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(s):
        return None
    value = float(s)
    if value == 0.0 and re.match(_NONZERO_MANTISSA, s):
        return None  # underflow: 1e-400 is not 0 (number_hint says "too small")
    return value


def number_hint(text: str) -> str:
    """Why `text` is not a number parse_number takes, as '; <reason>' for a message, or '' when no specific reason.

    Names a digit outside 0-9 with its code point and Unicode name, hex/octal/binary forms, and a
    non-zero value too small to represent as a float (below about 5e-324).
    """
    s = text.strip()
    for ch in s:
        if ch not in "0123456789" and unicodedata.category(ch) == "Nd":
            return (f"; '{ch}' is a digit that is not 0-9 (U+{ord(ch):04X} {unicodedata.name(ch, 'DIGIT')}): "
                    "type the number with the digits 0-9")
    if _HEX.fullmatch(s):
        return "; hex, octal and binary forms are not numbers here: write the plain decimal"
    if _SEPARATED.fullmatch(s):
        return f"; digit separators are not part of numbers here: write {s.replace('_', '')}"
    if len(s) <= MAX_NUMBER_CHARS and _NUMBER.fullmatch(s) and float(s) == 0.0 and re.match(_NONZERO_MANTISSA, s):
        return "; this non-zero number is too small to represent (it would become 0): write 0 or a larger value"
    return ""


def parse_number_column(raw: pd.Series) -> np.ndarray:
    """Vectorized parse_number over a column of strings; NaN where a cell is not a plain number."""
    text = raw.astype(str).str.strip()
    ok = text.str.fullmatch(NUMBER_PATTERN) & (text.str.len() <= MAX_NUMBER_CHARS)
    values = np.full(len(text), np.nan)
    mask = ok.to_numpy(dtype=bool)
    if mask.any():
        values[mask] = text[mask].astype(float).to_numpy()
        zero = mask & (values == 0.0)
        if zero.any():  # underflow (1e-400): non-zero as written, 0 as a float -> not a number (see number_hint)
            values[zero & text.str.match(_NONZERO_MANTISSA).to_numpy(dtype=bool)] = np.nan
    return values


def too_long(text: str) -> bool:
    return len(text.strip()) > MAX_NUMBER_CHARS


@dataclass(frozen=True)
class FlagNumber:
    """argparse `type=` for a number given on the command line, read by parse_number like every other number.

    `FlagNumber("--samples", whole=True, low=1, high=5_000_000, unit=" samples", why="...")("1e3") == 1000`.
    Whole numbers are taken as plain digits (exact at any size) or in any parse_number form that is
    whole (`1e3`, `2.0`); `1_000`, `1e3.5`, `2.5`, `0x10`, words and non-finite values are refused.
    Refusals raise argparse.ArgumentTypeError with a message that starts with the flag, says what was
    expected and repeats what was given, e.g. "--samples: expected a whole number such as 10000, got
    '1e3.5'"; above `high` it says the bound and `why` (`scoring.cli` prints it without the usage lines,
    exit 2). `low`/`high` are inclusive; `low_open=True` makes low exclusive (a concentration above 0).
    """

    flag: str
    whole: bool = True
    low: float | None = None
    high: float | None = None
    example: str = "1000"
    unit: str = ""
    why: str = ""
    low_open: bool = False

    def expected(self) -> str:
        return f"expected a {'whole ' if self.whole else ''}number such as {self.example}"

    def _fail(self, message: str) -> argparse.ArgumentTypeError:
        return argparse.ArgumentTypeError(f"{self.flag}: {message}")

    def __call__(self, text: str) -> int | float:
        raw = str(text)
        s = raw.strip()
        value: int | float | None
        if self.whole and len(s) <= MAX_NUMBER_CHARS and _WHOLE.fullmatch(s):
            value = int(s)  # exact: a 19-digit seed stays that seed
        else:
            value = parse_number(s)
            if value is None:
                raise self._fail(f"{self.expected()}, got '{raw[:40]}'{number_hint(s)}")
            if not np.isfinite(value):
                raise self._fail(f"{self.expected()}, got '{raw[:40]}' (too large to be a number here)")
            if self.whole:
                if value != int(value):
                    raise self._fail(f"{self.expected()}, got '{raw[:40]}' (not a whole number)")
                if abs(value) > EXACT_FLOAT_INT:
                    raise self._fail(f"{self.expected()}, got '{raw[:40]}': write all its digits")
                value = int(value)
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            bound = f"above {number_words(self.low, FLAG_GROUPED_FROM)}" if self.low_open else f"of at least {number_words(self.low, FLAG_GROUPED_FROM)}"
            raise self._fail(f"expected a {'whole ' if self.whole else ''}number {bound}, got '{raw[:40]}'")
        if self.high is not None and value > self.high:
            why = f"; {self.why}" if self.why else ""
            raise self._fail(f"at most {number_words(self.high, FLAG_GROUPED_FROM)}{self.unit}, got '{raw[:40]}'{why}")
        return value


def number_words(value: float, grouped_from: float = 1_000) -> str:
    """A number (a bound, a limit) as a person reads it in a message: a whole number in digits with ',' between
    thousands once it is `grouped_from` or more (1e12 -> '1,000,000,000,000', 80645 -> '80,645', 5e6 -> '5,000,000',
    never '5000000.0'), anything else as Python's shortest form ('0.05', '2.5', '1e+20' from 1e16 on, 'inf', 'nan').

    The address bar's and the dashboard's messages use the default; the command line's flags pass 100_000, so a
    port or a grid size reads as typed ('65535', '10001') and only large counts are grouped ('5,000,000').
    """
    v = float(value) + 0.0  # -0.0 -> 0.0
    if v.is_integer() and abs(v) < 1e16:
        return f"{v:,.0f}" if abs(v) >= grouped_from else f"{v:.0f}"
    return f"{v:g}"


def share(p: float, decimals: int = 1) -> str:
    """A share of a whole (0.055 = 5.5% of the weight, of the draws) in words: '5.5%', '38%', '0.43%'.

    `decimals` decimals (a trailing '.0' dropped) between 1% and 99%; closer to 0 or 1, two significant digits of
    the distance (0.0043 -> '0.43%', 0.9957 -> '99.57%'), so a share that is not 0 never reads '0%' and one that
    is not 1 never reads '100%'; beyond 0.01% the words 'under 0.01%' / 'over 99.99%'. NaN -> 'n/a'.
    The dashboard's tables and sentences and the engine's sentences all write shares with this, so a flip point
    or a share of draws reads the same number everywhere.
    """
    p = float(p) + 0.0  # -0.0 -> 0.0
    if p != p:
        return "n/a"
    if 0.0 < p < 1e-4:
        return "under 0.01%"
    if 1 - 1e-4 < p < 1.0:
        return "over 99.99%"
    digits = int(_share_digits(np.array([p]), decimals)[0])
    text = f"{100 * p:.{digits}f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def _share_digits(p: np.ndarray, decimals: int) -> np.ndarray:
    """Decimals of the percentage `share` writes for each share in `p` (n,): `decimals` between 1% and 99% (and at
    0 and 1), else enough for two significant digits of the distance to the nearer end."""
    gap = np.minimum(p, 1 - p) * 100  # percentage points to the nearer end
    with np.errstate(divide="ignore", invalid="ignore"):
        close = np.floor(-np.log10(np.where((gap > 0) & (gap < 1), gap, 1.0))).astype(int) + 2
    return np.where((gap >= 1) | (gap <= 0) | ~np.isfinite(gap), decimals, np.maximum(decimals, close))


SMALLEST_PERCENT = 1e-6  # a browser writes a smaller number with an exponent ('1e-7')
NOISE = 1e-12  # a share this close to 0 or 1 is a float's rounding (the engine is exact to 1e-7 at best)


def share_percent(p, decimals: int = 1) -> np.ndarray:
    """The percentages `share` writes, as numbers: shares `p` (n,) -> (n,) floats, 0.055 -> 5.5, 0.38 -> 38.0,
    0.0043 -> 0.43, 0.99957 -> 99.957, NaN -> NaN, -0.0 -> 0.0.

    For a table column that sorts as numbers and reads as the sentences do: show it with the printf format '%g%%'
    (`ui.tables.share_column`), which writes the number as it is ('5.5%', '38%'). Where `share` writes words
    ('under 0.01%', 'over 99.99%') the column keeps two significant digits of the distance to the end, and a share
    that is not 0 (or 1) stays at least SMALLEST_PERCENT percentage points away from it; within NOISE of 0 or 1 (a
    sum's rounding: the Sensitivity view's 2.2e-16) it is 0 or 100."""
    p = np.asarray(p, dtype=float) + 0.0
    p = np.where(np.abs(p) < NOISE, 0.0, np.where(np.abs(p - 1) < NOISE, 1.0, p))
    digits = _share_digits(p, decimals)
    scale = 10.0 ** digits
    out = np.round(100 * p * scale) / scale  # k / 10**d: correctly rounded, the same float as the literal '5.5'
    inner = (p > 0) & (p < 1)
    out = np.where(inner, np.clip(out, SMALLEST_PERCENT, 100 - SMALLEST_PERCENT), out)
    return out + 0.0
