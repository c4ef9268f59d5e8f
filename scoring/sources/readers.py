"""Read a policy text (PDF, DOCX, HTML, Markdown, plain text) into structural blocks.

`read_source(path)` is the one entry point: it checks the file (size, format by its first bytes, not
only its name), reads it with a kept library (pypdf, python-docx, beautifulsoup4) and returns a
`SourceText`: the text as read plus blocks (heading, paragraph, list item) with the page they are on
and their character span in that text. Every failure is a `ScoringError` naming the file, so the CLI
exits 2 with one line and the dashboard shows it; nothing is written here.

Plain text and the text layer of a PDF carry no markup, so their structure is recovered by layout
rules (`segment_lines`): a heading is a short, title-cased line that ends no sentence and starts after
a blank line or a finished sentence; a paragraph ends at a blank line, or (hard-wrapped text, as a PDF
gives it) at a line that finishes a sentence well short of the usual line width.
"""
from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal

import numpy as np

from ..errors import ScoringError

BlockKind = Literal["heading", "paragraph", "item"]
FORMATS = ("pdf", "docx", "html", "markdown", "text")
SUFFIXES = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
}
# Limits on what one file may be: text formats are read whole into memory, so a page of 50 MB is refused.
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_BINARY_BYTES = 100 * 1024 * 1024
MAX_DOCX_UNZIPPED = 200 * 1024 * 1024
_DOCX_PROLOG_BYTES = 1024 * 1024  # where a DOCTYPE (before the root element) is looked for in each XML part
# Paragraphs, headings and list items one file may hold: 50 times the longest shipped brief (393), and
# a 300-page report has a few thousand. Counted while reading (DOCX body, HTML block tags), before any
# text is built, so a 20 MB page of 800,000 paragraphs is refused in seconds (review rev1 R1-7).
MAX_BLOCKS = 20_000
# Tags one HTML page may hold, counted in the bytes before parsing (html.parser builds a Python object
# per tag: 800,000 took minutes and 1 GB); a long report saved as HTML has tens of thousands.
MAX_HTML_TAGS = 200_000
_HTML_START_TAG = re.compile(rb"<[A-Za-z]")
_HTML_BLOCK_TAG = re.compile(rb"<(?:h[1-6]|p|li|blockquote|pre|td|th|dd|dt|figcaption)[\s/>]", re.IGNORECASE)


def _too_many_blocks(label: str, n: int, what: str = "paragraphs") -> ScoringError:
    return ScoringError.at(label, f"{n:,} {what}; at most {MAX_BLOCKS:,} per file (split the document or "
                                  "import the part you need)")


@dataclass(frozen=True)
class Block:
    """One structural unit of a source: a heading (level 1 = chapter/title), a paragraph or a list item.

    `start`/`end` are character offsets into `SourceText.text` (end exclusive); `page` is 1-based for
    PDFs and None elsewhere; `number` is the list or heading number as printed ("1" in "1. Title").
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    page: int | None = None
    number: str | None = None
    author: str | None = None  # a chapter heading's by-line ("NARITADA MIURA" -> "Naritada Miura")
    continues: bool = False  # a paragraph indented under a list item (Markdown): it explains that item


@dataclass(frozen=True)
class SourceText:
    """A file as read: its text, its blocks in reading order, and facts for the locator and the draft."""

    path: str
    sha256: str
    format: str
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None
    author: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_format(path: Path, head: bytes, label: str | None = None) -> str:
    """The format from the first bytes, checked against the suffix; unknown formats are an error naming `label`."""
    where = label or str(path)
    suffix = SUFFIXES.get(path.suffix.lower())
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix == "pdf":
        raise ScoringError.at(where, "not a PDF: the file does not start with %PDF- (corrupt or renamed)")
    if head.startswith(b"PK\x03\x04"):
        if suffix == "docx":
            return "docx"
        raise ScoringError.at(where, "a ZIP archive, but not named .docx; supported: PDF, DOCX, HTML, Markdown, plain text")
    if suffix == "docx":
        raise ScoringError.at(where, "not a DOCX: the file is not a ZIP package (corrupt or renamed)")
    if suffix is None:
        lowered = head[:512].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        raise ScoringError.at(where, f"unknown format '{path.suffix or '(no suffix)'}'; "
                                         "supported: .pdf, .docx, .html/.htm, .md, .txt")
    if b"\x00" in head[:4096] and _unicode_bom(head) in (None, "utf-8-sig"):
        wide = _bomless_wide(head)
        if wide:
            raise ScoringError.at(where, f"this file looks like {wide} text without a byte-order mark, which cannot be "
                                         "read reliably; save it as UTF-8 (or as Unicode with a byte-order mark)")
        raise ScoringError.at(where, f"binary data in a file named {path.suffix}; expected text")
    return suffix


def _unicode_bom(head: bytes) -> str | None:
    """The codec a byte-order mark names (UTF-32 checked first: its LE mark starts with UTF-16's), else None."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig")):
        if head.startswith(bom):
            return codec
    return None


def _bomless_wide(head: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when NUL bytes fall where mostly-Latin text in that encoding puts them, else None.

    Latin-script text in UTF-16 has a NUL in one byte of most 2-byte units (the same half each time);
    in UTF-32 three NULs of most 4-byte units. Arbitrary binary data does not keep that rhythm.
    """
    h = np.frombuffer(head[: len(head) - len(head) % 4], dtype=np.uint8)
    if h.size < 8:
        return None
    if ((h.reshape(-1, 4) == 0).sum(axis=1) == 3).mean() >= 0.8:
        return "UTF-32"
    zeros = (h.reshape(-1, 2) == 0).mean(axis=0)  # share of NULs in the even and in the odd bytes
    if zeros.max() >= 0.8 and zeros.min() <= 0.05:
        return "UTF-16"
    return None


def decode_text(data: bytes, label: str) -> str:
    """Text of a .txt/.md source: UTF-8 (BOM dropped), UTF-16 or UTF-32 with a byte-order mark, else
    Windows-1252; newlines normalized to \\n. A ScoringError naming `label` says what to do otherwise."""
    codec = _unicode_bom(data[:4])
    if codec is not None and codec != "utf-8-sig":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ScoringError.at(label, f"the file starts with a {codec.upper().replace('-SIG', '')} byte-order mark "
                                         f"but byte {exc.start} does not decode; save it as UTF-8") from None
    elif b"\x00" in data[:4096]:
        wide = _bomless_wide(data[:4096])
        raise ScoringError.at(label, f"this file looks like {wide} text without a byte-order mark; save it as UTF-8"
                              if wide else "binary data; expected text")
    else:
        text = _decode(data, label)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def plain_text(path: Path) -> str:
    """`decode_text` of a file: what scoring.provenance matches quotes in for .txt/.md sources."""
    return decode_text(Path(path).read_bytes(), str(path))


def read_source(path: str | Path, data: bytes | None = None, name: str | None = None) -> SourceText:
    """Read one source file into a `SourceText`; `data` lets the dashboard pass uploaded bytes.

    Raises ScoringError (naming `name` or the path) for a missing, empty, oversized, corrupt,
    password-protected or image-only file and for an unknown format.
    """
    p = Path(path)
    label = name or str(p)
    if data is None and p.is_file() and SUFFIXES.get(p.suffix.lower()) in ("html", "markdown", "text") \
            and p.stat().st_size > MAX_TEXT_BYTES:  # refuse before reading a huge page into memory
        raise ScoringError.at(label, f"{SUFFIXES[p.suffix.lower()]} file is {p.stat().st_size / 1e6:.0f} MB; text "
                                     f"sources may be at most {MAX_TEXT_BYTES // 2**20} MB (split it or save the part you need)")
    if data is None:
        if not p.exists():
            raise ScoringError.at(label, "source file not found")
        if p.is_dir():
            raise ScoringError.at(label, "expected a source file, found a folder")
        size = p.stat().st_size
        if size > MAX_BINARY_BYTES:
            raise ScoringError.at(label, f"file is {size / 1e6:.0f} MB; sources may be at most {MAX_BINARY_BYTES // 2**20} MB")
        data = p.read_bytes()
    if not data.strip():
        raise ScoringError.at(label, "source file is empty")
    fmt = detect_format(Path(name or p.name), data[:4096], label)
    if fmt in ("html", "markdown", "text") and len(data) > MAX_TEXT_BYTES:
        raise ScoringError.at(label, f"{fmt} file is {len(data) / 1e6:.0f} MB; text sources may be at most "
                                     f"{MAX_TEXT_BYTES // 2**20} MB (split it or save the part you need)")
    if len(data) > MAX_BINARY_BYTES:
        raise ScoringError.at(label, f"file is {len(data) / 1e6:.0f} MB; sources may be at most {MAX_BINARY_BYTES // 2**20} MB")
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html,
              "markdown": _read_markdown, "text": _read_text}[fmt]
    src = reader(data, label)
    if len(src.blocks) > MAX_BLOCKS:
        raise _too_many_blocks(label, len(src.blocks))
    src = _without_hidden(src)
    return SourceText(path=label, sha256=file_sha256(data), format=fmt, text=src.text, blocks=src.blocks,
                      title=src.title, author=src.author, pages=src.pages, warnings=src.warnings)


# The characters validate refuses in evidence text (scoring.loading.CONTROL_CHARS: the bidirectional
# embeddings, overrides and isolates of "Trojan Source", and C0 controls) and the zero-width ones that
# scoring.provenance's quote key drops (zero-width space/joiners, word joiner, BOM, soft hyphen) are taken
# out of the text at import, so a quote picked from a passage passes validate (review rev1 R1-8): the
# invisible ones removed (named in a warning), a C0 control (a form feed, a vertical tab) made a space.
def _hidden_chars() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from ..loading import CONTROL_CHARS
    from ..provenance import _DROP

    invisible = "".join(ch for ch in map(chr, range(0x202A, 0x206A)) if CONTROL_CHARS.match(ch)) + "".join(sorted(_DROP))
    c0 = "".join(ch for ch in map(chr, range(0x80)) if CONTROL_CHARS.match(ch))
    return re.compile(f"[{re.escape(invisible)}]"), re.compile(f"[{re.escape(c0)}]")


def _without_hidden(src: _Read) -> _Read:
    """`src` with the hidden characters out of its text and blocks, spans moved to match, and a warning
    that counts and names the removed ones. Linear in the text: removed offsets found once, each span
    moved back by how many removed offsets precede it (np.searchsorted)."""
    gone_pat, c0_pat = _hidden_chars()
    text = c0_pat.sub(" ", src.text)
    found = [(m.start(), m.group()) for m in gone_pat.finditer(text)]
    if not found and not any(gone_pat.search(b.text) or c0_pat.search(b.text) for b in src.blocks):
        return src if text == src.text else replace(src, text=text)
    from ..loading import CONTROL_NAMES

    gone = np.array([k for k, _ in found], dtype=np.int64)

    def moved(x: int) -> int:
        return x - int(np.searchsorted(gone, x, side="left"))

    def clean(t: str) -> str:
        return re.sub(r"\s+", " ", gone_pat.sub("", c0_pat.sub(" ", t))).strip()

    blocks = tuple(replace(b, text=clean(b.text), start=moved(b.start), end=moved(b.end)) for b in src.blocks)
    chars = [ch for _, ch in found] or [m.group() for b in src.blocks for m in gone_pat.finditer(b.text)]
    kinds: dict[str, int] = {}
    for ch in chars:
        name = CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, "format character").lower()
        key = f"U+{ord(ch):04X} {name}"
        kinds[key] = kinds.get(key, 0) + 1
    warn = src.warnings
    if kinds:
        listed = ", ".join(f"{n} x {k}" for k, n in sorted(kinds.items()))
        warn = (*warn, f"removed {len(chars)} invisible character(s) from the text ({listed}): they change how "
                       "the text is displayed or hide inside words, and validate refuses them in a quote")
    return replace(src, text=gone_pat.sub("", text), blocks=blocks, warnings=warn)


@dataclass
class _Read:
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None
    author: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = ()


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ScoringError.at(label, f"expected UTF-8 text, found an undecodable byte at offset {exc.start}") from None


# ---------------------------------------------------------------- layout rules for unmarked text

_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\d*$")
_SENTENCE_DONE = re.compile(r"[.!?][\"'”’)\]]*$")  # a finished sentence (a title ends without a full stop)
_NUMBERED = re.compile(r"^(\d{1,2}|[IVX]{1,4}|[A-H])[.)]\s+(?=\S)")
_FOOTNOTE = re.compile(r"^\d{1,3}\.\s{2,}\S|^\d{1,3}\.\s+\S.*(https?://|www\.)")
_BULLET = re.compile(r"^[•▪◦‣●○\-–*]\s+")
_CAPTION = re.compile(r"^(Figure|Fig\.|Chart|Table|Map|Box|Exhibit)\s+[\dA-Z][\d.]*\s*[:.–-]")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
                "the", "to", "with", "vs", "via", "its", "their", "our", "is", "are", "after", "over"}
_AUTHOR_LINE = re.compile(r"^[A-Z][A-Z.’'\- ]+(\s+AND\s+[A-Z][A-Z.’'\- ]+)?\d*$")


def _title_cased(s: str) -> bool:
    s = s.lstrip("“\"‘'(")
    words = re.findall(r"[A-Za-z][A-Za-z’'\-]*", s)
    if not words or not s[0].isupper() and not s[0].isdigit():
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.6 or (len(words) <= 3 and words[0][0].isupper())


def looks_like_heading(line: str, prev: str | None, width: int, nxt: str | None = None,
                       wrapped: bool = True) -> bool:
    """A layout guess: short, title-cased, ends no sentence, and starts after a blank or a finished sentence.

    In hard-wrapped text a line that was full (the next line's first word would not have fitted on
    it) is a paragraph's first line, however title-cased it looks.
    """
    s = line.strip()
    if not (2 <= len(s) <= 90) or len(s) > max(40, int(width * 0.9)):
        return False
    if _AUTHOR_LINE.match(s) and len(s.split()) >= 2:
        return False
    n = (nxt or "").strip()
    if wrapped and n and (len(line.rstrip()) + 1 + len(n.split()[0]) > width or len(s) > width * 0.8):
        return False
    last = s.split()[-1]
    if len(s) > 45 and (", " in s or last[0].islower()):
        return False  # a long line with a clause break or ending on a lowercase word is running text
    core = s[:-1].rstrip() if s.endswith(":") and len(s) <= 70 else s  # "Assessment 3 – Modes:" wraps on
    if _SENTENCE_END.search(core) or s.rstrip("”’\"'").endswith(",") or _FOOTNOTE.match(s) or _BULLET.match(s):
        return False
    if "http" in s or not re.search(r"[A-Za-z]{3}", s):
        return False
    body = _NUMBERED.sub("", s)
    if not body or not _title_cased(body):
        return False
    p = (prev or "").strip()
    if _AUTHOR_LINE.match(n) and 2 <= len(n.split()) and len(n) < 60:
        return True  # a title over a by-line opens a chapter whatever came before (an endnote, a caption)
    return not p or bool(_SENTENCE_END.search(p)) or p.endswith(("”", '"')) or p.startswith("http")


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
    if not lengths:
        return 80
    return lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]


def segment_lines(text: str, offset: int = 0, page: int | None = None,
                  width: int | None = None) -> list[Block]:
    """Blocks of hard-wrapped or one-paragraph-per-line text, with spans into `text` shifted by `offset`.

    Headings get level 1 when an all-caps author line follows them (a chapter opening), 3 when
    numbered ("2. Staying Committed"), else 2. A numbered line that reads as a sentence is an item.
    """
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    w = width or _typical_width(lines)
    wrapped = w <= 130  # one paragraph per line when lines run longer than a page is wide
    furniture = _page_furniture(lines)
    # Without blank lines between paragraphs (a PDF's text layer) a sentence ending on a line that the
    # next line's first word would have fitted on ends the paragraph (a fill test).
    fill_test = wrapped and sum(1 for x in lines if not x.strip()) < 0.05 * max(len(lines), 1)
    blocks: list[Block] = []
    cur: list[int] = []  # indices of lines in the open block
    cur_kind: BlockKind = "paragraph"
    cur_number: str | None = None

    def flush() -> None:
        nonlocal cur, cur_kind, cur_number
        if cur:
            first, last = cur[0], cur[-1]
            s0 = starts[first] + (len(lines[first]) - len(lines[first].lstrip()))
            e0 = starts[last] + len(lines[last].rstrip())
            body = text[s0:e0]
            if re.search(r"[A-Za-z]{2}", body):  # a stray page or note number is no passage
                blocks.append(Block(cur_kind, _join_wrapped(body), offset + s0, offset + e0, 0, page, cur_number))
        cur, cur_kind, cur_number = [], "paragraph", None

    i = 0
    prev_line: str | None = None
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s:
            flush()
            prev_line = None
            i += 1
            continue
        if s in furniture:  # a running page header or footer repeated on many pages
            i += 1
            continue
        if _CAPTION.match(s):  # "Figure 1: ..." labels a figure; it opens no section
            flush()
            s0 = starts[i] + len(line) - len(line.lstrip())
            blocks.append(Block("paragraph", s, offset + s0, offset + s0 + len(s), 0, page))
            prev_line = None
            i += 1
            continue
        nxt = next((lines[k] for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
        if looks_like_heading(line, prev_line if not cur else lines[cur[-1]], w, nxt, wrapped):
            flush()
            # a heading may wrap: join following short lines that continue it (lowercase start or
            # a title-cased fragment), as chapter titles do
            j = i
            while (j + 1 < len(lines) and lines[j + 1].strip() and len(lines[j + 1].strip()) < w * 0.85
                   and (not _SENTENCE_END.search(lines[j + 1].strip()) or lines[j].rstrip().endswith(":"))
                   and not _AUTHOR_LINE.match(lines[j + 1].strip())
                   and (lines[j + 1].strip()[0].islower() or lines[j].rstrip().endswith(":")
                        or (lines[j].endswith(" ") or lines[j].rstrip().endswith("-")) and _title_cased(lines[j + 1].strip()))):
                j += 1
            s0 = starts[i] + (len(line) - len(line.lstrip()))
            e0 = starts[j] + len(lines[j].rstrip())
            head = re.sub(r"(?<=[a-z])\d{1,2}$", "", _join_wrapped(text[s0:e0]))  # a glued note number
            m = _NUMBERED.match(head)
            level = 3 if m else 2
            nxt = next((lines[k].strip() for k in range(j + 1, min(j + 3, len(lines))) if lines[k].strip()), "")
            byline = None
            if not m and _AUTHOR_LINE.match(nxt) and len(nxt) < 60 and len(nxt.split()) >= 2:
                level, byline = 1, _byline(nxt)
            number = m.group(1) if m else None
            blocks.append(Block("heading", head, offset + s0, offset + e0, level, page, number, byline))
            prev_line = None  # what follows a heading starts fresh
            i = j + 1
            if byline:  # the by-line belongs to the heading, it is no paragraph
                while i < len(lines) and not lines[i].strip():
                    i += 1
                i += 1
            continue
        m = _NUMBERED.match(s)
        bullet = _BULLET.match(s)
        if (m and not _FOOTNOTE.match(s)) or bullet:
            flush()
            cur_kind = "item"
            cur_number = m.group(1) if m else None
            cur = [i]
            # a numbered recommendation ends with its sentence; the explanation that follows is a paragraph
            if wrapped and _SENTENCE_END.search(s) and not s.endswith(":"):
                flush()
            prev_line = line
            i += 1
            continue
        if cur and wrapped and cur_kind == "item" and _SENTENCE_END.search(lines[cur[-1]].strip()) \
                and not lines[cur[-1]].strip().endswith(":") and s[0].isupper():
            flush()  # the item's sentence ended on the previous line
        cur.append(i)
        ended = wrapped and _SENTENCE_END.search(s) and not s.endswith(",")
        if ended and (len(line.rstrip()) < w * 0.75 or fill_test and nxt is not None
                      and len(line.rstrip()) + 1 + len(nxt.split()[0]) <= w):
            flush()  # a line finishing a sentence short of the margin ends a hard-wrapped paragraph
        prev_line = line
        i += 1
    flush()
    return blocks


def _page_furniture(lines: list[str]) -> set[str]:
    """Short lines repeated three or more times (running headers, footers) are not content."""
    counts: dict[str, int] = {}
    for ln in lines:
        s = ln.strip()
        if 0 < len(s) <= 80 and not _SENTENCE_END.search(s):
            counts[s] = counts.get(s, 0) + 1
    return {s for s, c in counts.items() if c >= 5 and re.search(r"[A-Za-z]{3}", s)}


def _join_wrapped(s: str) -> str:
    """Join hard-wrapped lines into one: 'co-\\nordinate' -> 'coordinate', 'Indo-\\nPacific' -> 'Indo-Pacific',
    other breaks -> one space (what scoring.provenance's quote key does, so a quote cut from a passage is found)."""
    s = re.sub(r"(?<=[a-z])-[ \t]*\n\s*(?=[a-z])", "", s)  # secu-⏎rity -> security
    s = re.sub(r"(?<=\S)-[ \t]*\n\s*(?=\S)", "-", s)  # Indo-⏎Pacific, U.S.-⏎Japan keep their hyphen
    return re.sub(r"\s+", " ", s).strip()


def _byline(line: str) -> str:
    """'YUKI TATSUMI AND PAMELA KENNEDY' -> 'Yuki Tatsumi and Pamela Kennedy' (a glued note number dropped)."""
    return re.sub(r"\d+$", "", line.strip()).title().replace(" And ", " and ")


def _author_after_title(blocks: list[Block], text: str) -> str | None:
    for b in blocks[:6]:
        if b.kind == "heading" and b.level == 1:
            if b.author:
                return b.author
            after = text[b.end:b.end + 200].strip().split("\n")[0].strip()
            if _AUTHOR_LINE.match(after):
                return _byline(after)
    return None


def _read_text(data: bytes, label: str) -> _Read:
    text = decode_text(data, label)
    blocks = segment_lines(text)
    if not blocks:
        raise ScoringError.at(label, "no text found")
    title = _promote_title(blocks, text)
    return _Read(text, tuple(blocks), title=title, author=_author_after_title(blocks, text))


def _promote_title(blocks: list[Block], text: str) -> str | None:
    """Without chapter headings, a short first line on its own is the title: the one level-1 heading (in place).

    Not when it is the only block or ends a sentence (". ! ?"): "We recommend that the allies act." or
    "Short." opening a note is a paragraph, and a one-paragraph file must give its passage."""
    first = blocks[0]
    if len(blocks) == 1 or _SENTENCE_DONE.search(first.text):
        return None  # a sentence (or the whole text) is a paragraph to import, not a title
    if first.kind in ("heading", "paragraph") and len(first.text) < 120 and first.number is None \
            and "\n" not in text[first.start:first.end].strip() and not any(b.level == 1 for b in blocks):
        blocks[0] = Block("heading", first.text, first.start, first.end, 1, first.page)
        return first.text
    return None


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s{0,3}(?:(\d{1,3})[.)]|[-*+])\s+")


def _read_markdown(data: bytes, label: str) -> _Read:
    text = decode_text(data, label)
    blocks: list[Block] = []
    pos = 0
    para: list[tuple[int, str]] = []
    kind: BlockKind = "paragraph"
    number: str | None = None

    def flush() -> None:
        nonlocal para, kind, number
        if para:
            s0 = para[0][0] + len(para[0][1]) - len(para[0][1].lstrip())
            e0 = para[-1][0] + len(para[-1][1].rstrip())
            body = re.sub(r"^\s*(?:\d{1,3}[.)]|[-*+])\s+", "", _join_wrapped(text[s0:e0])) if kind == "item" else _join_wrapped(text[s0:e0])
            indented = kind == "paragraph" and len(para[0][1]) - len(para[0][1].lstrip()) >= 2
            blocks.append(Block(kind, _strip_md(body), s0, e0, 0, None, number, continues=indented))
        para, kind, number = [], "paragraph", None

    in_fence = False
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if line.strip().startswith("```"):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        h = _MD_HEADING.match(line)
        if h:
            flush()
            s0 = start + line.index(h.group(2)) if h.group(2) else start
            blocks.append(Block("heading", _strip_md(h.group(2)), s0, s0 + len(h.group(2)), len(h.group(1))))
            continue
        if not line.strip():
            flush()
            continue
        it = _MD_ITEM.match(line)
        if it:
            flush()
            kind, number = "item", it.group(1)
        para.append((start, line))
    flush()
    if not blocks:
        raise ScoringError.at(label, "no text found")
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return _Read(text, tuple(blocks), title=title)


def _strip_md(s: str) -> str:
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", s)


# ---------------------------------------------------------------- PDF, DOCX, HTML

def _assemble(parts: Iterable[tuple[BlockKind, str, int, int | None, str | None]]) -> tuple[str, tuple[Block, ...]]:
    """Join (kind, text, level, page, number) parts into one text, blank line between, with spans."""
    chunks: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, body, level, page, number in parts:
        body = re.sub(r"\s+", " ", body).strip()
        if not body:
            continue
        if chunks:
            chunks.append("\n\n")
            pos += 2
        chunks.append(body)
        blocks.append(Block(kind, body, pos, pos + len(body), level, page, number))
        pos += len(body)
    return "".join(chunks), tuple(blocks)


def _read_pdf(data: bytes, label: str) -> _Read:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported encryption
                ok = 0
            if not ok:
                raise ScoringError.at(label, "the PDF is password-protected; save an unprotected copy and import that")
        pages = _pdf_page_texts(reader, label)
        outline = _pdf_outline(reader)
        meta = reader.metadata
        title = (meta.title if meta else None) or None
        author = (meta.author if meta else None) or None
    except ScoringError:
        raise
    except FileNotDecryptedError:
        raise ScoringError.at(label, "the PDF is password-protected; save an unprotected copy and import that") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError) as exc:
        raise ScoringError.at(label, f"cannot read this PDF (corrupt or truncated): {exc}") from None
    if not pages:
        raise ScoringError.at(label, "the PDF has no pages")
    with _quiet_pypdf():
        textless = {i + 1: _textless_page_kind(reader.pages[i]) for i, p in enumerate(pages) if not p.strip()}
    if len(textless) == len(pages):
        raise ScoringError.at(label, _no_text_message(textless))
    text_parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    width = _typical_width("\n".join(pages).split("\n"))
    deepest = max((lvl for _, lvl, _ in outline), default=0)
    on_page: dict[int, list[tuple[int, str]]] = {}
    for pg, lvl, t in outline:
        on_page.setdefault(pg, []).append((lvl, t))
    for number, page_text in enumerate(pages, start=1):
        page_text = page_text.replace("\r\n", "\n").replace("\r", "\n")
        if text_parts:
            text_parts.append("\n\n")
            pos += 2
        page_blocks = segment_lines(page_text, offset=pos, page=number, width=width)
        if outline:
            page_blocks = _apply_outline(page_blocks, on_page.get(number, []), page_text, pos, deepest)
        blocks.extend(page_blocks)
        text_parts.append(page_text)
        pos += len(page_text)
    text = "".join(text_parts)
    warnings = (_textless_warning(textless),) if textless else ()
    blocks = _merge_across_pages(blocks, text)
    if not blocks:
        raise ScoringError.at(label, "the PDF's text layer holds no words")
    first_line = _promote_title(blocks, text)
    return _Read(text, tuple(blocks), title=title or first_line, author=author or _author_after_title(blocks, text),
                 pages=len(pages), warnings=warnings)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports what it repairs ("EOF marker not found", cyclic form XObjects) through logging and
    warnings; the importer says in one message what it could not read, so those lines are not printed."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _pdf_page_texts(reader, label: str) -> list[str]:  # noqa: ANN001 - a pypdf PdfReader
    """Each page's extracted text, in page order. Errors: ScoringError naming the file and the page when
    pypdf cannot read that page (a declared stream length over pypdf's limit, a broken content stream)."""
    from pypdf.errors import PyPdfError

    texts: list[str] = []
    with _quiet_pypdf():
        for number, page in enumerate(reader.pages, start=1):
            try:
                texts.append(page.extract_text() or "")
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
                    RecursionError) as exc:
                raise ScoringError.at(label, f"cannot read this PDF (corrupt or truncated): page {number}: "
                                             f"{exc}") from None
    return texts


def _pdf_outline(reader) -> list[tuple[int, int, str]]:  # noqa: ANN001 - a pypdf PdfReader
    """The PDF's bookmarks as (1-based page, level from 1, title) in outline order; [] when it has none
    or pypdf cannot read them (the layout rules are used then)."""
    out: list[tuple[int, int, str]] = []

    def walk(items, depth: int) -> None:  # noqa: ANN001 - pypdf's nested list of Destinations
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            page = reader.get_destination_page_number(item)
            title = re.sub(r"\s+", " ", str(item.title or "")).strip()
            if page is not None and page >= 0 and title:
                out.append((page + 1, depth + 1, title))

    try:
        walk(reader.outline, 0)
    except Exception:  # noqa: BLE001 - a broken outline is no reason to refuse the text
        return []
    return out


def _apply_outline(blocks: list[Block], entries: list[tuple[int, str]], page_text: str, offset: int,
                   deepest: int) -> list[Block]:
    """Headings from the PDF's outline (bookmarks) instead of layout guesses, for one page.

    A block whose text is an outline title becomes a heading at the title's outline level; a block that
    starts with one (the layout rules ran the heading into its paragraph) is split in two. Layout-guessed
    headings the outline does not name are kept one level below its deepest level. Spans stay offsets
    into the page text shifted by `offset`.
    """
    def norm(x: str) -> str:
        return re.sub(r"\s+", " ", x).strip().casefold()

    out = [replace(b, level=max(b.level, deepest + 1)) if b.kind == "heading" else b for b in blocks]
    for level, title in entries:
        t = norm(title)
        for i, b in enumerate(out):
            bt = norm(b.text)
            if bt == t or bt == norm(_NUMBERED.sub("", b.text)) == t:
                out[i] = Block("heading", b.text, b.start, b.end, level, b.page, b.number)
                break
            if bt.startswith(t + " ") and b.kind != "heading":
                words = [re.escape(w) for w in title.split()]
                m = re.compile(r"\s+".join(words), re.IGNORECASE).match(page_text, b.start - offset)
                if m is None:
                    continue
                rest = len(page_text) - len(page_text[m.end():].lstrip())
                end = b.end - offset
                out[i:i + 1] = [Block("heading", title, offset + m.start(), offset + m.end(), level, b.page),
                                Block(b.kind, _join_wrapped(page_text[rest:end]), offset + rest, b.end, 0, b.page,
                                      b.number)]
                break
    return out


_PAINT_OPS = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh"}


def _textless_page_kind(page) -> str:  # noqa: ANN001 - a pypdf PageObject
    """What a page without extractable text holds: 'images' (a scan or a picture), 'drawings' (vector
    marks only), 'blank' (nothing painted) or 'unreadable' (pypdf cannot parse its content stream). Only
    image XObjects (/Subtype /Image, also inside forms, as pypdf's `page.images` lists them) and inline
    images count as images; a form XObject that draws lines is a drawing."""
    try:
        if len(page.images):
            return "images"
        contents = page.get_contents()
        if contents is None:
            return "blank"
        ops = {op for _, op in contents.operations}
    except Exception:  # noqa: BLE001 - a malformed content stream or a cyclic form: say so, not "a scan"
        return "unreadable"
    if b"INLINE IMAGE" in ops or b"BI" in ops:
        return "images"
    if b"Do" in ops:
        return "drawings"  # a form XObject without images (page.images found none)
    if ops & {b"Tj", b"TJ", b"'", b'"'}:
        return "drawings"  # text drawn without a usable encoding reads as no text; it is no blank page
    return "drawings" if ops & _PAINT_OPS else "blank"


def _pages_list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:12]))
    return shown + (f", ... ({len(numbers)} in all)" if len(numbers) > 12 else "")


def _no_text_message(kinds: dict[int, str]) -> str:
    """Why a PDF without any text gives no passages: a scan (run OCR), drawings only, or blank pages."""
    n = {k: sum(1 for v in kinds.values() if v == k) for k in ("images", "drawings", "blank", "unreadable")}
    total = len(kinds)
    what = f"{total} page(s): " + ", ".join(f"{n[k]} {word}" for k, word in (
        ("images", "with images"), ("drawings", "with drawings only"), ("blank", "blank"),
        ("unreadable", "with a content stream that cannot be read")) if n[k])
    if n["images"]:
        return (f"the PDF has no text layer, it is a scan or pictures ({what}); "
                "run OCR on it first (e.g. ocrmypdf) and import the result")
    if n["unreadable"]:
        return (f"cannot read this PDF (corrupt or truncated): no page has text ({what}); "
                "open it in a PDF viewer and save or export it again")
    if n["drawings"]:
        return (f"the PDF has no text and no images ({what}); "
                "export it again with its text, or import the text as .txt")
    return f"the PDF's {total} page(s) are blank: no text and no images; nothing to import"


def _textless_warning(kinds: dict[int, str]) -> str:
    groups = []
    for k, word in (("images", "images only, e.g. scanned (run OCR to read them)"),
                    ("drawings", "drawings only"), ("blank", "blank"),
                    ("unreadable", "content that cannot be read")):
        pages = [p for p, v in kinds.items() if v == k]
        if pages:
            groups.append(f"{word}: page{'s' if len(pages) > 1 else ''} {_pages_list(pages)}")
    return "pages without text; " + "; ".join(groups)


def _merge_across_pages(blocks: list[Block], text: str) -> list[Block]:
    """A paragraph cut by a page break (it ends mid-sentence, the next page starts lowercase) is one passage."""
    out: list[Block] = []
    for b in blocks:
        if (out and b.kind == "paragraph" and out[-1].kind == "paragraph" and out[-1].page != b.page
                and not _SENTENCE_END.search(out[-1].text) and b.text[:1].islower()):
            prev = out.pop()
            out.append(Block("paragraph", _join_wrapped(prev.text + "\n" + b.text), prev.start, b.end, 0, prev.page))
        else:
            out.append(b)
    return out


def _read_docx(data: bytes, label: str) -> _Read:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
                raise ScoringError.at(label, f"not a Word document: a ZIP archive holding {shown or 'nothing'} "
                                             "(no word/document.xml)")
            if sum(i.file_size for i in z.infolist()) > MAX_DOCX_UNZIPPED:
                raise ScoringError.at(label, f"the DOCX unpacks to more than {MAX_DOCX_UNZIPPED // 2**20} MB; refused")
            for info in z.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    with z.open(info) as part:
                        prolog = part.read(_DOCX_PROLOG_BYTES)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise ScoringError.at(label, f"refused: {info.filename} declares a DOCTYPE or XML entities, "
                                                     "which Word never writes (the text around an entity would be "
                                                     "lost, and entities can read other files); open the document "
                                                     "in Word or LibreOffice and save it again as .docx")
    except zipfile.BadZipFile as exc:
        raise ScoringError.at(label, f"not a Word document: corrupt ZIP package ({exc})") from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ScoringError.at(label, f"cannot read this Word document: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - lxml raises XMLSyntaxError for a broken document.xml
        raise ScoringError.at(label, f"cannot read this Word document (corrupt XML): {exc}") from None

    try:
        parts = _docx_parts(document, label)
    except ScoringError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml on a malformed part: one line naming the file
        raise ScoringError.at(label, f"cannot read this Word document: {type(exc).__name__}: {exc}") from None
    text, blocks = _assemble(parts)
    if not blocks:
        raise ScoringError.at(label, "the Word document holds no text")
    try:
        props = document.core_properties
        doc_title, doc_author = props.title, props.author
    except Exception:  # noqa: BLE001 - a broken docProps/core.xml costs the title, not the import
        doc_title = doc_author = None
    title = doc_title or next((b.text for b in blocks if b.kind == "heading"), None)
    return _Read(text, blocks, title=title, author=doc_author or None)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_parts(document, label: str) -> list[tuple[BlockKind, str, int, int | None, str | None]]:  # noqa: ANN001
    """The body's paragraphs as (kind, text, level, page, number), text boxes (w:txbxContent) after the
    paragraph that anchors them. Linear: style names looked up in one dict built once (python-docx's
    `Paragraph.style` searches the styles part on every call: 28 s for 20,000 paragraphs, review rev1
    R1-7), the paragraph count checked against MAX_BLOCKS before any text is read.
    """
    from docx.oxml.ns import qn
    from lxml import etree

    # a paragraph's text: its runs' text, tabs and breaks, in order, in one XPath per paragraph (python-docx's
    # Paragraph.text runs one per run: 16 s for a paragraph of 100,000 runs), not the text of a text box
    # inside it (those paragraphs are read on their own)
    pieces = etree.XPath(".//w:r[count(ancestor::w:p[1] | $p) = 1]/*[self::w:t or self::w:tab or self::w:br "
                         "or self::w:cr or self::w:noBreakHyphen]", namespaces={"w": _W_NS})
    as_text = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}

    def paragraph_text(el) -> str:  # noqa: ANN001 - an lxml element
        return "".join((e.text or "") if as_text[e.tag] is None else as_text[e.tag] for e in pieces(el, p=el))

    body = document.element.body
    if body is None:  # a <w:document> without <w:body> (review rev1 R1-6)
        raise ScoringError.at(label, "the Word document holds no text")
    top = body.findall(qn("w:p"))
    if len(top) > MAX_BLOCKS:
        raise _too_many_blocks(label, len(top))
    names: dict[str, str] = {}
    with contextlib.suppress(Exception):  # a document without a styles part: every paragraph is plain
        names = {st.style_id: st.name or "" for st in document.styles if st.style_id}
    p_tag, style_path = qn("w:p"), f"./{qn('w:pPr')}/{qn('w:pStyle')}"
    val, fallback = qn("w:val"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    parts: list[tuple[BlockKind, str, int, int | None, str | None]] = []
    counters: dict[str, int] = {}  # a numbered list runs on across its explanatory paragraphs, until a heading
    seen = 0
    for p in top:
        # a text box's paragraphs; Word writes each box twice (DrawingML and a VML mc:Fallback): read one
        boxed = [q for box in p.iter(qn("w:txbxContent"))
                 if not any(a.tag == fallback for a in box.iterancestors())
                 for q in box.iter(p_tag)]
        seen += 1 + len(boxed)
        if seen > MAX_BLOCKS:
            raise _too_many_blocks(label, len(top) + len(boxed))
        for el in (p, *boxed):
            body_text = paragraph_text(el)
            if not body_text.strip():
                continue
            ps = el.find(style_path)
            style = names.get(ps.get(val), "") if ps is not None else ""
            m = re.match(r"Heading (\d)", style)
            if style == "Title":
                parts.append(("heading", body_text, 1, None, None))
            elif m:
                parts.append(("heading", body_text, int(m.group(1)), None, None))
            elif "List Number" in style:
                counters[style] = counters.get(style, 0) + 1
                parts.append(("item", body_text, 0, None, str(counters[style])))
                continue
            elif "List" in style:
                parts.append(("item", body_text, 0, None, None))
                continue
            else:
                parts.append(("paragraph", body_text, 0, None, None))
                continue
            counters.clear()
    return parts


_HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")


def _html_blocks(root, label: str) -> list[tuple[object, str | None]]:  # noqa: ANN001 - a bs4 Tag
    """The block elements whose text is read, in document order, each with its list number (an <ol>'s
    direct <li>: start + its place) or None. A block inside another block is read with its parent, except
    a list item, which is its own unless inside another list item.

    One walk with an explicit stack (no recursion, no find_parent per element): linear in the tree, so
    100,000 nested or unclosed tags cost what 100,000 siblings do (review rev1 R1-7); the number of
    blocks is checked against MAX_BLOCKS as they are found.
    """
    from bs4 import Tag

    blocks = set(_HTML_BLOCKS)
    out: list[tuple[object, str | None]] = []
    count = 0
    # (tag, inside a block, inside a list item, its number when a direct <li> of an <ol>)
    stack: list[tuple[Tag, bool, bool, str | None]] = [(root, False, False, None)]
    while stack:
        tag, in_block, in_li, number = stack.pop()
        name = tag.name
        take = tag is not root and name in blocks and (not in_block if name != "li" else not in_li)
        if take:
            count += 1
            if count > MAX_BLOCKS:
                total = count + sum(1 for t in tag.find_all_next(_HTML_BLOCKS))
                raise _too_many_blocks(label, total, "paragraphs, headings and list items")
            out.append((tag, number if name == "li" else None))
        child_in_block = in_block or (tag is not root and name in blocks)
        child_in_li = in_li or name == "li"
        kids = [c for c in tag.contents if isinstance(c, Tag)]
        numbers: list[str | None] = [None] * len(kids)
        if name == "ol":
            start = int(tag.get("start", 1)) if str(tag.get("start", "1")).isdigit() else 1
            k = 0
            for i, c in enumerate(kids):
                if c.name == "li":
                    numbers[i] = str(start + k)
                    k += 1
        for c, n in zip(reversed(kids), reversed(numbers)):
            stack.append((c, child_in_block, child_in_li, n))
    return out


def _read_html(data: bytes, label: str) -> _Read:
    from bs4 import BeautifulSoup

    tags = len(_HTML_START_TAG.findall(data))
    if tags > MAX_HTML_TAGS:
        raise ScoringError.at(label, f"{tags:,} tags; at most {MAX_HTML_TAGS:,} per HTML page (split the page or "
                                     "save the part you need)")
    n_blocks = len(_HTML_BLOCK_TAG.findall(data))
    if n_blocks > MAX_BLOCKS:
        raise _too_many_blocks(label, n_blocks, "paragraphs, headings and list items")
    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as exc:  # noqa: BLE001 - html.parser rarely fails; report rather than crash
        raise ScoringError.at(label, f"cannot parse this HTML: {exc}") from None
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    meta = soup.find("meta", attrs={"name": "author"})
    author = meta.get("content") if meta is not None else None
    root = soup.body or soup
    parts: list[tuple[BlockKind, str, int, int | None, str | None]] = []
    for el, number in _html_blocks(root, label):
        body = el.get_text(" ", strip=True)
        if el.name[0] == "h" and len(el.name) == 2:
            parts.append(("heading", body, int(el.name[1]), None, None))
        elif el.name == "li":
            parts.append(("item", body, 0, None, number))
        else:
            parts.append(("paragraph", body, 0, None, None))
    if not parts:  # a page of bare text without block tags
        parts = [("paragraph", t, 0, None, None) for t in root.get_text("\n").split("\n\n")]
    text, blocks = _assemble(parts)
    if not blocks:
        raise ScoringError.at(label, "the HTML page holds no text")
    return _Read(text, blocks, title=title or next((b.text for b in blocks if b.kind == "heading"), None),
                 author=str(author) if author else None)
