"""ui.text.escape: what a Markdown sink gets so text from people and data shows as typed.

The rendering itself is checked in Chromium (test_workshop_room_browser); here, the escaped text
parses back to the original under CommonMark's backslash rule and keeps no unescaped active character.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ui.text import WORD_JOINER, escape, shown  # noqa: E402

HOSTILE = ["**x**", "[x](http://e.invalid)", "![](http://127.0.0.1:9/x.png)", "<b>x</b>", "http://e.invalid/bare",
           "www.e.invalid", "a@e.invalid", ":red[x] :smile:", "$x^2$", "- item", "1. item", "# head", "&lt;b&gt;"]


def _unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # CommonMark: backslash + ASCII punctuation


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_reads_back_as_typed(text):
    assert shown(_unescape(escape(text))) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_no_active_character_is_left_unescaped(text):
    out = escape(text)
    bare = re.sub(r"\\.", "", out)  # drop every escaped pair
    assert not set(bare) & set("*_[]<>`!|~$:&#")
    plain = out.replace("\\", "")
    assert "://" not in plain and "www." not in plain  # a word joiner sits inside: no autolink
    assert re.search("(?<!" + WORD_JOINER + ")@", plain) is None


def test_plain_labels_stay_readable():
    assert escape("Private-sector buy-in") == "Private-sector buy-in"
    assert escape("Budget and diplomatic cost (less is better)") == "Budget and diplomatic cost (less is better)"
    assert escape("U.S. ties, 2024") == "U.S. ties, 2024"
    assert WORD_JOINER not in escape("no links here")
