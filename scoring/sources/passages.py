"""Passages: the paragraphs and list items of a source, each with a locator a person can follow.

A passage's locator follows the shipped `options.csv` style: the headings below the chapter joined
by ", " (a numbered heading "3. Legal Measures" written "3: Legal Measures"), the numbered point it
belongs to, a run-in label in parentheses ("Geographical divisions: ..." opens a labelled stretch),
then "para N", N counting the paragraphs under the innermost heading from 1. For example
"Policy Recommendations, 1 (Geographical divisions), para 4" or
"Providing the Medicines Our People Need, para 6".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .readers import _CAPTION, Block, SourceText

_RUN_IN = re.compile(r"^([A-Z][A-Za-z0-9’'.,()\- ]{2,70}?):\s+\S")


@dataclass(frozen=True)
class Passage:
    """One paragraph or list item of a source.

    `start`/`end`: character span in the source's text as read (`SourceText.text`), end exclusive;
    `page`: 1-based PDF page, else None; `headings`: the heading path from the top (chapter first);
    `point`: the numbered recommendation or heading number it sits under; `para`: its 1-based number
    under the innermost heading; `seq`: its 0-based position among the file's passages.
    """

    source: str
    sha256: str
    seq: int
    kind: str
    text: str
    start: int
    end: int
    page: int | None
    headings: tuple[str, ...]
    chapter: str | None
    point: str | None
    label: str | None
    para: int
    locator: str
    author: str | None = None


def _heading_for_locator(text: str) -> str:
    m = re.match(r"^(\d{1,2}|[IVX]{1,4})[.)]\s+(.*)$", text)
    return f"{m.group(1)}: {m.group(2)}" if m else text


def build_passages(src: SourceText) -> list[Passage]:
    """Walk the blocks keeping a heading stack; headings are context, not passages.

    A numbered item that states a whole sentence (as recommendation lists do) is a passage and also
    becomes the `point` of the paragraphs that explain it, until the next heading or point. After a
    list of points that follow one another directly (no explanation between them) the first paragraph
    belongs to no point, unless it is indented under the last item (Markdown): text that resumes after
    such a list is background, not point N's explanation (review3 RV3-A3).
    """
    stack: list[tuple[int, str]] = []  # (level, heading text)
    chapter_author: str | None = None
    point: str | None = None
    label: str | None = None
    para = 0
    tight = False  # the last two blocks were numbered items with nothing between them (a list of points)
    prev: Block | None = None
    out: list[Passage] = []
    top_level = min((b.level for b in src.blocks if b.kind == "heading"), default=1)
    for b in src.blocks:
        if b.kind == "heading":
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, b.text))
            if b.level <= top_level:
                chapter_author = b.author
            point = b.number if b.number else None
            label, para = None, 0
            tight, prev = False, b
            continue
        para += 1
        if b.kind == "paragraph" and tight and not b.continues:
            point, label = None, None  # a paragraph after a list of points is no point's explanation
        tight = b.kind == "item" and bool(b.number) and prev is not None and prev.kind == "item" and bool(prev.number)
        prev = b
        m = _RUN_IN.match(b.text)
        if b.kind == "paragraph" and m and len(m.group(1).split()) <= 9 and not _CAPTION.match(b.text):
            label = m.group(1).strip()
        if b.kind == "item" and b.number:
            point, label = b.number, None
        headings = tuple(h for _, h in stack)
        chapter = stack[0][1] if stack and stack[0][0] == top_level and top_level <= 1 else None
        below = [_heading_for_locator(h) for lvl, h in stack if h != chapter]
        loc = ", ".join(below) or (chapter or "")  # a chapter without sections: "Final Thoughts, para 3"
        numbered_heading = bool(stack) and re.match(r"^\d", below[-1] if below else "") is not None
        if point and not numbered_heading:
            loc = f"{loc}, {point}" if loc else point
        if label:
            loc = f"{loc} ({label})" if loc else f"({label})"
        loc = f"{loc}, para {para}" if loc else f"para {para}"
        if b.page is not None:
            loc = f"p. {b.page}, {loc}"
        out.append(Passage(src.path, src.sha256, len(out), b.kind, b.text, b.start, b.end, b.page,
                           headings, chapter, point, label, para, loc, chapter_author or src.author))
    return out
