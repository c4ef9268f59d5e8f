"""Copy verbatim quotes out of the briefs by character offsets.

Used to build the `quote` column of evidence.csv: an analyst types an approximate span (case, curly
quotes and whitespace may differ); this finds it in the source text and returns the exact characters
of the source between the matched offsets, with runs of whitespace (line breaks) collapsed to one
space. Spans that cross a line-end hyphen or a page header are refused, so every quote is a run of
the printed text a reader can find with a plain search.

    python tools/quotes.py stimson "Subregion (5) the East China Sea is the area"
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

BRIEFS = Path(__file__).resolve().parents[2].parent / "shared" / "briefs"
FILES = {"stimson": "stimson-2022-alliance-post-pandemic.txt", "tong": "tong-2020-medicines-and-trade.txt"}
FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Source:
    raw: str
    norm: str            # folded, lowercased, whitespace collapsed
    index: list[int]     # norm position -> raw offset


def load(key: str, briefs: Path | None = None) -> Source:
    raw = ((briefs or BRIEFS) / FILES[key]).read_text(encoding="utf-8")
    norm, index, prev_space = [], [], False
    for i, ch in enumerate(raw):
        if ch.isspace():
            if not prev_space:
                norm.append(" ")
                index.append(i)
            prev_space = True
            continue
        prev_space = False
        norm.append(ch.translate(FOLD).lower())
        index.append(i)
    return Source(raw, "".join(norm), index)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(FOLD).lower()).strip()


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
    if re.search(r"-\s*\n", span):
        raise ValueError(f"crosses a line-end hyphen: {approx!r}")
    if "Post-Pandemic World\n" in span or re.search(r"\n\d+\n", span):
        raise ValueError(f"crosses a page header: {approx!r}")
    verbatim = re.sub(r"\s+", " ", span).strip()
    if len(verbatim.split()) > 25:
        raise ValueError(f"more than 25 words ({len(verbatim.split())}): {approx!r}")
    return start, end, verbatim


if __name__ == "__main__":
    s = load(sys.argv[1])
    for a in sys.argv[2:]:
        print(find(s, a))
