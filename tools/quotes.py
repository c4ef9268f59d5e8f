"""Copy verbatim quotes out of the briefs by character offsets.

Used to build the `quote` column of evidence.csv: an analyst types an approximate span (case, curly
quotes and whitespace may differ); this finds it in the source text and returns the exact characters
of the source between the matched offsets, with runs of whitespace (line breaks) collapsed to one
space. A line-end hyphen is resolved the way the validator normalizes it (split words joined, compounds
such as U.S.-Japan kept); spans that cross a page header are refused.

    python tools/quotes.py stimson "Subregion (5) the East China Sea is the area"
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import os
BRIEFS = Path(os.environ.get("SCORING_BRIEFS") or Path(__file__).resolve().parents[1].parent / "shared" / "briefs")
FILES = {"stimson": "stimson-2022-alliance-post-pandemic.txt", "tong": "tong-2020-medicines-and-trade.txt"}
FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Source:
    raw: str
    norm: str            # folded, lowercased, whitespace collapsed
    index: list[int]     # norm position -> raw offset


def load(key: str, briefs: Path | None = None) -> Source:
    raw = ((briefs or BRIEFS) / FILES[key]).read_text(encoding="utf-8")
    norm, index, prev_space, i = [], [], False, 0
    while i < len(raw):
        ch = raw[i]
        if ch in "-\u2010\u2011\u2013\u2014":
            # hyphens are ignored when comparing; a line-end hyphen also swallows the line break
            j = i + 1
            while j < len(raw) and raw[j] in " \t":
                j += 1
            if j < len(raw) and raw[j] == "\n":
                while j < len(raw) and raw[j].isspace():
                    j += 1
                i = j
                prev_space = False
                continue
            i += 1
            continue
        if ch.isspace():
            if not prev_space:
                norm.append(" ")
                index.append(i)
            prev_space = True
            i += 1
            continue
        prev_space = False
        norm.append(ch.translate(FOLD).lower())
        index.append(i)
        i += 1
    return Source(raw, "".join(norm), index)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[-\u2010\u2011\u2013\u2014]", "", text.translate(FOLD).lower())).strip()


def _dehyphenate(span: str, raw: str) -> str:
    """Resolve line-end hyphens: join split words (secu-|rity), keep real compounds (U.S.-|Japan,
    rules-|based). A pair of lowercase parts is joined unless the hyphenated form occurs elsewhere
    in the source on one line and the joined form does not."""
    def join(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if not (a[-1].islower() and b[0].islower()):
            return a + "-" + b
        hyph = len(re.findall(rf"\b{re.escape(a)}-{re.escape(b)}\b", raw, flags=re.I))
        joined = len(re.findall(rf"\b{re.escape(a + b)}\b", raw, flags=re.I))
        return a + "-" + b if hyph > joined else a + b
    return re.sub(r"(\w+)-[ \t]*\n\s*(\w+)", join, span)


def find(src: Source, approx: str, near: int | None = None) -> tuple[int, int, str]:
    """Return (start, end, verbatim) raw offsets and the exact text for an approximate span.

    Raises ValueError when the span is absent, crosses a line-end hyphen or a page header, or is
    longer than 25 words. With several matches the one nearest to raw offset `near` wins.
    """
    q = _fold(approx)
    hits = [m.start() for m in re.finditer(re.escape(q), src.norm)]
    if not hits:
        raise ValueError(f"not found: {approx!r}")
    if near is not None:
        hits.sort(key=lambda h: abs(src.index[h] - near))
    n0 = hits[0]
    start, end = src.index[n0], src.index[n0 + len(q) - 1] + 1
    span = src.raw[start:end]
    if (start > 0 and src.raw[start - 1].isalnum() and src.raw[start].isalnum()) or (end < len(src.raw) and src.raw[end].isalnum() and src.raw[end - 1].isalnum()):
        raise ValueError(f"cuts a word (footnote numbers glued to words count as part of the word): {approx!r}")
    if "Post-Pandemic World\n" in span or re.search(r"\n\d+\n", span):
        raise ValueError(f"crosses a page header: {approx!r}")
    verbatim = re.sub(r"\s+", " ", _dehyphenate(span, src.raw)).strip()
    if len(verbatim.split()) > 25:
        raise ValueError(f"more than 25 words ({len(verbatim.split())}): {approx!r}")
    return start, end, verbatim


if __name__ == "__main__":
    s = load(sys.argv[1])
    for a in sys.argv[2:]:
        print(find(s, a))
