"""Find a quote in its source text and check that it stands near the place its locator names.

The one place where quote matching lives (issue 15; the rules are in docs/data.md, "Checking quotes
against the sources"). `scoring validate --sources DIR` and the importer in `scoring/sources/` both use it.

Matching is done on a *key* of the text (`quote_key`):
  1. Unicode NFKC; soft hyphens and zero-width characters removed;
  2. curly, low and prime quotes -> ' or "; every dash and the minus sign -> '-';
  3. hyphens are dropped, and a line break right after a hyphen that follows a letter is joined
     ("electro-\\nmagnetic" -> "electromagnetic", "U.S.-\\nJapan" == "U.S.-Japan");
  4. every run of whitespace -> one space.
Case and all other characters must match. Each key character remembers its offset in the original
text, so a match is reported by the source's own line number.

Locators are checked on a second, coarser form: each line reduced to lowercase words (letters and
digits), used only to find headings (see `locator_pieces` and `SourceText.anchors`).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

MAX_QUOTE_WORDS = 25
NEAR_CHARS = 30_000  # a quote may start at most this many source characters after its heading (about one long section)
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
NO_RANGE = re.compile(r"No range:\s*(\S+\s+){2,}\S")  # the marker a silent/inference reason uses to say why it has no range

_QUOTES = {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
_DASHES = {c: "-" for c in "‐‑‒–—―−⁃"}
_DROP = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_WORD = re.compile(r"[a-z0-9]+")
_GLUED_NOTE = re.compile(r"(?<=[a-z])\d+\b")  # footnote marks glued to a word ("Indo-Pacific1") are not part of a heading


def _char_map(c: str) -> str:
    """One source character as it enters the key ('' drops it). Whitespace is handled by the caller."""
    if c in _DROP:
        return ""
    if c in _QUOTES:
        return _QUOTES[c]
    if c in _DASHES:
        return "-"
    if c.isascii():
        return c
    out = unicodedata.normalize("NFKC", c)
    return "".join(_QUOTES.get(x, _DASHES.get(x, x)) for x in out)


def _joined(left: str, right: str) -> bool:
    """Do two adjacent key characters belong to one word? Any two alphanumerics do, except a letter followed
    by a digit (a footnote mark glued to a word)."""
    return left.isalnum() and right.isalnum() and not (left.isalpha() and right.isdigit())


_NEWLINES = "\n\r\u2028\u2029"
# a hyphen glued to a word, then whitespace holding a line break: line-break hyphenation, joined
_JOIN = re.compile(rf"(?<=[^\s-])-+[^\S{_NEWLINES}]*[{_NEWLINES}]\s*")


def _build_key(text: str) -> tuple[str, np.ndarray]:
    """The comparison key of `text` and, for each key character, its offset in `text` (int array, same length).

    Vectorized: str.translate maps the few special characters (an expanding one such as '…' -> '...'
    repeats its offset), one regex finds line-break hyphenation, and numpy masks drop hyphens and
    collapse whitespace runs.
    """
    special = {c for c in set(text) if not c.isascii() or c in _QUOTES or c in _DASHES}
    table = {ord(c): _char_map(c) for c in special}
    mapped = text.translate(table)
    lengths = np.ones(len(text), dtype=np.int64)
    odd = {c: len(table[ord(c)]) for c in special if len(table[ord(c)]) != 1}
    if odd:
        for m in re.finditer("[" + re.escape("".join(odd)) + "]", text):
            lengths[m.start()] = odd[m.group()]
    pos = np.repeat(np.arange(len(text), dtype=np.int64), lengths)
    codes = np.frombuffer(mapped.encode("utf-32-le"), dtype=np.uint32)
    keep = codes != ord("-")
    for m in _JOIN.finditer(mapped):
        keep[m.start():m.end()] = False
    space_codes = [ord(c) for c in set(mapped) if c.isspace()]
    ws = np.isin(codes, space_codes)
    k = np.flatnonzero(keep)
    wsk = ws[k]
    repeat = wsk.copy()  # a space right after a kept space (or at the start) is dropped
    repeat[1:] &= wsk[:-1]
    k = k[~repeat]
    if len(k) and ws[k[-1]]:
        k = k[:-1]
    out = np.where(ws[k], ord(" "), codes[k]).astype(np.uint32)
    return out.tobytes().decode("utf-32-le"), pos[k]


class _KeyTable(dict):
    """str.translate table for the key, filled on demand: each character maps to itself or `_char_map`."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        self[code] = value = _char_map(c) if not c.isascii() or c in _QUOTES or c in _DASHES else c
        return value


_KEY_TABLE = _KeyTable()


def quote_key(text: str) -> str:
    """The form in which a quote and its source are compared (rules in the module docstring).

    Same result as `_build_key(text)[0]` without the offsets, in plain string operations (fast for short text).
    """
    mapped = _JOIN.sub("", text.translate(_KEY_TABLE)).replace("-", "")
    return " ".join(mapped.split())


def quote_parts(quote: str) -> list[str]:
    """A quote's spans: one, or several joined by '...' / '…' in the evidence file."""
    return [p for p in (s.strip() for s in ELLIPSIS.split(quote.strip())) if p]


def quote_words(quote: str) -> int:
    """Words in a quote, counted over all its parts (ellipses are not words)."""
    return sum(len(quote_key(p).split()) for p in quote_parts(quote))


def words(text: str) -> str:
    """Lowercase words separated by single spaces, footnote digits glued to a word dropped: the form
    headings and chapter titles are compared in."""
    return " ".join(_WORD.findall(_GLUED_NOTE.sub("", quote_key(text).lower().replace("'", ""))))


@lru_cache(maxsize=4096)
def locator_pieces(locator: str) -> tuple[str, ...]:
    """Heading candidates in a locator, as `words`.

    Parenthesised parts are dropped; the rest is split on ';', ',' and ':'; a leading number ('4.')
    is dropped; pieces with fewer than 4 letters or of the form 'para N' are not headings.
    'Policy Recommendations, 4: Incentivizing the Private Sector (final paragraph)' ->
    ('policy recommendations', 'incentivizing the private sector').
    """
    text = re.sub(r"\([^)]*\)", " ", locator)
    out: list[str] = []
    for raw in re.split(r"[;,:]", text):
        w = words(re.sub(r"^\s*\d+[.)]?\s+", "", raw.strip() + " ")) if raw.strip() else ""
        if sum(ch.isalpha() for ch in w) < 4 or re.fullmatch(r"(para|paragraph|paras|paragraphs)( \w+)*", w):
            continue
        if w not in out:
            out.append(w)
    return tuple(out)


# ---------------------------------------------------------------- reading sources

Reader = Callable[[Path], str]


def _read_plain(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig", errors="replace")


READERS: dict[str, Reader] = {".txt": _read_plain, ".md": _read_plain}


def register_reader(suffix: str, reader: Reader) -> None:
    """Let `read_source` open another kind of file (e.g. '.pdf' from scoring/sources); suffix with its dot."""
    READERS[suffix.lower()] = reader


def read_source(path: str | Path) -> str:
    """The plain text of a source file; raises KeyError for a suffix no reader handles."""
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise KeyError(p.suffix)
    return reader(p)


def find_source_file(folder: str | Path, stem: str) -> Path | None:
    """`folder/<stem>.<suffix>` for the first suffix a reader handles (in registration order), or None."""
    base = Path(folder)
    for suffix in READERS:
        candidate = base / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


# ---------------------------------------------------------------- a source text

@dataclass(frozen=True)
class Match:
    """Where a quote was found: offsets into the original text and its 1-based line there."""

    start: int
    end: int
    line: int


@dataclass(frozen=True)
class QuoteCheck:
    """Result of checking one quote: `ok` when found near an anchor; `message` says what is wrong otherwise."""

    ok: bool
    message: str = ""
    match: Match | None = None


@dataclass
class SourceText:
    """One source's text with the forms needed to find quotes (built once, then reused for every row)."""

    name: str
    text: str
    _chapter_cache: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @cached_property
    def _key(self) -> tuple[str, np.ndarray]:
        return _build_key(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\n", self.text)]

    @cached_property
    def _lines(self) -> tuple[list[str], dict[str, list[int]]]:
        """Each line as `words` (computed for the whole text at once), and first word -> indices of lines starting with it."""
        special = {c for c in set(self.text) if not c.isascii() or c in _QUOTES or c in _DASHES}
        mapped = self.text.translate({ord(c): _char_map(c) for c in special}).lower()
        mapped = mapped.translate({ord("'"): None, ord("-"): None, **{ord(c): None for c in _DROP}})
        lines = [" ".join(_WORD.findall(_GLUED_NOTE.sub("", line))) for line in mapped.split("\n")]
        index: dict[str, list[int]] = {}
        for k, line in enumerate(lines):
            if line:
                index.setdefault(line.split(" ", 1)[0], []).append(k)
        return lines, index

    @cached_property
    def _flat_words(self) -> tuple[str, np.ndarray]:
        """All lines' words joined by spaces, with the line index of each character."""
        lines = self._lines[0]
        flat = " ".join(lines)
        owner = np.repeat(np.arange(len(lines)), [len(line) + 1 for line in lines])[: len(flat)]
        return flat, owner

    def prepare(self) -> "SourceText":
        """Build the match key and the heading index now (they are otherwise built on first use)."""
        _ = self._key, self._lines, self.line_starts
        return self

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def find(self, quote: str, start: int = 0) -> list[Match]:
        """Every place a one-part quote occurs at or after original offset `start` (matching rules above)."""
        key, pos = self._key
        needle = quote_key(quote)
        if not needle:
            return []
        k = int(np.searchsorted(pos, start))
        out = []
        while True:
            k = key.find(needle, k)
            if k < 0:
                return out
            end = k + len(needle)
            # whole words only: a quote may not start or end inside a word of the source; a footnote
            # number glued to a word ("Zones54") is not part of the word
            if not ((k > 0 and _joined(key[k - 1], needle[0])) or (end < len(key) and _joined(needle[-1], key[end]))):
                s, e = int(pos[k]), int(pos[end - 1]) + 1
                out.append(Match(s, e, self.line_of(s)))
            k += 1

    def anchors(self, piece: str) -> list[int]:
        """Original offsets of the lines that start with heading `piece` (it may wrap onto the next lines)."""
        lines, index = self._lines
        first = piece.split(" ", 1)[0]
        out = []
        for k in index.get(first, ()):
            joined = lines[k]
            extra = k + 1
            while len(joined) < len(piece) and extra < len(lines) and extra <= k + 4:
                joined = f"{joined} {lines[extra]}".strip()
                extra += 1
            if joined == piece or joined.startswith(piece + " "):
                out.append(self.line_starts[k])
        return out

    def chapter_starts(self, chapter: str) -> list[int]:
        """Original offsets of every line that starts with the chapter title (titles may wrap over lines)."""
        if chapter not in self._chapter_cache:
            self._chapter_cache[chapter] = self.anchors(words(chapter)) if words(chapter) else []
        return self._chapter_cache[chapter]

    def chapter_scopes(self, chapter: str, others: Iterable[str]) -> list[tuple[int, int]]:
        """[start, end) spans of a chapter: from each line-start occurrence of its title to the next start of
        another chapter, where a chapter starts at the FIRST line-start occurrence of its title."""
        firsts = sorted(starts[0] for starts in (self.chapter_starts(o) for o in set(others) - {chapter}) if starts)
        return [(s, next((f for f in firsts if f > s), len(self.text))) for s in self.chapter_starts(chapter)]

    def check(self, quote: str, locator: str, chapter: str = "", chapters: Sequence[str] = ()) -> QuoteCheck:
        """Is `quote` in this text, near a heading its `locator` names, inside the option's `chapter`?

        `chapters` are the chapter titles of every option citing this source (to find where a chapter ends).
        Rules: docs/data.md, "Checking quotes against the sources".
        """
        parts = quote_parts(quote)
        if not parts:
            return QuoteCheck(False, "empty quote")
        scopes = [(0, len(self.text))]
        if chapter:
            scopes = self.chapter_scopes(chapter, chapters)
            if not scopes:
                return QuoteCheck(False, f"chapter '{chapter}' not found at the start of a line in {self.name}")
        pieces = locator_pieces(locator)
        everywhere = self.find(parts[0])
        if not everywhere:
            return QuoteCheck(False, f"quote not found in {self.name}: '{parts[0][:60]}'")
        inside = [m for m in everywhere if any(lo <= m.start < hi for lo, hi in scopes)]
        if not inside:
            return QuoteCheck(False, f"quote found in {self.name} (line {everywhere[0].line}) but outside chapter "
                                     f"'{chapter}' (which starts at line {', '.join(str(self.line_of(lo)) for lo, _ in scopes)})",
                              everywhere[0])
        any_anchor: list[int] = []
        later_part_missing: Match | None = None
        for lo, hi in scopes:
            anchors = []
            for piece in pieces:
                found = [a for a in self.anchors(piece) if lo <= a < hi]
                anchors.extend(found[:1] if chapter else found)
            any_anchor.extend(anchors)
            for m in (m for m in inside if lo <= m.start < hi):
                if not any(a <= m.start <= a + NEAR_CHARS for a in anchors):
                    continue
                cursor, ok = m.end, True
                for part in parts[1:]:
                    nxt = [x for x in self.find(part, cursor) if x.start < hi and x.start - m.start <= NEAR_CHARS]
                    if not nxt:
                        ok = False
                        break
                    cursor = nxt[0].end
                if ok:
                    return QuoteCheck(True, "", m)
                later_part_missing = later_part_missing or m
        if later_part_missing is not None:
            return QuoteCheck(False, f"quote found in {self.name} (line {later_part_missing.line}) but a part after '...' "
                                     f"does not follow it", later_part_missing)
        if not any_anchor:
            named = ", ".join(f"'{p}'" for p in pieces) or "none"
            return QuoteCheck(False, f"locator names no heading found at the start of a line in {self.name}"
                                     f"{' within the chapter' if chapter else ''} (heading candidates: {named})", inside[0])
        nearest = min(any_anchor, key=lambda a: abs(inside[0].start - a))
        return QuoteCheck(False, f"quote found in {self.name} (line {inside[0].line}) but not near its locator: the nearest "
                                 f"heading it names is at line {self.line_of(nearest)} and a quote must start within "
                                 f"{NEAR_CHARS} characters after one", inside[0])


class SourceLibrary:
    """Source texts of a folder, opened once each by file stem."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._texts: dict[str, SourceText | None] = {}

    def get(self, stem: str) -> SourceText | None:
        if stem not in self._texts:
            path = find_source_file(self.folder, stem)
            self._texts[stem] = SourceText(path.name, read_source(path)) if path is not None else None
        return self._texts[stem]


# ---------------------------------------------------------------- line references in reasons

LINE_REF = re.compile(r"\b([A-Z]) l\.(\d+)(?:\s*[-\u2013]\s*(\d+))?")  # 'S l.79-83', 'T l.38' (docs/data.md)


def source_names(options: "pd.DataFrame") -> dict[str, str]:
    """Source file stem -> a short name for readers, from options.csv: the `publication` up to its first comma
    ('Stimson Center 2022, U.S.-Japan ...' -> 'Stimson Center 2022'), else the stem itself. Empty without a
    `source` column."""
    if "source" not in options.columns:
        return {}
    pubs = options["publication"] if "publication" in options.columns else options["source"]
    out: dict[str, str] = {}
    for stem, pub in zip(options["source"].astype(str), pubs.astype(str)):
        stem, pub = stem.strip(), pub.strip()
        if stem and stem not in out and stem.lower() != "nan":
            short = pub.split(",")[0].strip() if pub and pub.lower() != "nan" else ""
            out[stem] = short or stem
    return out


def source_letters(stems: Iterable[str]) -> dict[str, str]:
    """The one-letter shorthand the evidence reasons use for a source (docs/data.md: the first letter of its file
    stem, upper case: S = stimson-2022-..., T = tong-2020-...) -> the stem. A letter two sources share maps to
    neither (`expand_line_refs` then uses the option's own source)."""
    seen: dict[str, list[str]] = {}
    for stem in dict.fromkeys(stems):
        if stem[:1].isalpha():
            seen.setdefault(stem[0].upper(), []).append(stem)
    return {letter: found[0] for letter, found in seen.items() if len(found) == 1}


def expand_line_refs(text: str, names: Mapping[str, str], own: str = "") -> str:
    """`text` with every 'S l.79-83' written out for a reader: 'Stimson Center 2022, lines 79-83' ('line 38'
    for one line). `names`: source stem -> short name (`source_names`); `own`: the stem of the option the text
    is about, used when a letter is ambiguous. A letter no source of the data starts with stays as it is."""
    letters = source_letters(names)

    def one(m: "re.Match[str]") -> str:
        stem = letters.get(m.group(1)) or (own if own[:1].upper() == m.group(1) else "")
        if not stem or stem not in names:
            return m.group(0)
        lines = f"lines {m.group(2)}-{m.group(3)}" if m.group(3) else f"line {m.group(2)}"
        return f"{names[stem]}, {lines}"

    return LINE_REF.sub(one, str(text))
