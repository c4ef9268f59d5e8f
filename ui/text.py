"""Showing text from the data literally: escape Markdown so names and titles never become links or bold."""
from __future__ import annotations


def escape(text: object) -> str:
    """Backslash-escape Markdown's active characters so `text` shows as typed."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|~$#" else ch for ch in str(text))
