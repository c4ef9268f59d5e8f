"""The order a person expects for names and titles: numbers in them read as numbers ("natural" order).

'Participant 2' comes before 'Participant 10', 'Chapter 9' before 'Chapter 10', 'scenario-2' before
'scenario-10'; letters compare without case ('alice' beside 'Alice', before 'Bob'), and ties between
names equal but for case keep Python's order of the texts (so the order is total and does not depend
on the rows' order). Digits are 0-9 only (as `scoring.numbers` reads numbers): another script's digits
sort as letters. One place for every list of names the app or the CLI puts in order.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

_RUNS = re.compile(r"([0-9]+)")


def natural_key(value: Any) -> tuple:
    """Sort key of `value` (any object, read as `str(value)`) in natural order.

    Runs of digits compare as whole numbers of any length ('10' after '9'; '007' as 7, then before '7' by
    its text), the rest case-folded; the text itself breaks remaining ties.
    """
    text = str(value)
    runs = _RUNS.split(text)  # odd positions: the digit runs
    # a digit run as (length without leading zeros, digits): the order of the numbers, with no int() of a
    # 5,000-digit run (Python refuses more than 4,300 digits)
    parts = tuple((0, len(t.lstrip("0")), t.lstrip("0")) if i % 2 else (1, 0, t.casefold())
                  for i, t in enumerate(runs) if t)
    return parts, text


def natural(values: Iterable[Any]) -> list:
    """The distinct `values` in natural order (`natural_key`), whatever order they come in."""
    return sorted(dict.fromkeys(values), key=natural_key)


def natural_order(values: Iterable[Any]) -> list[int]:
    """Positions that put `values` in natural order (ties keep their order): `frame.iloc[natural_order(col)]`."""
    items = list(values)
    return sorted(range(len(items)), key=lambda i: natural_key(items[i]))


def natural_series_key(column: pd.Series) -> pd.Series:
    """`key=` for `DataFrame.sort_values`: the column's values replaced by their position in natural order."""
    position = {v: i for i, v in enumerate(natural(column))}
    return column.map(position)
