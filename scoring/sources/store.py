"""The source library: imported files and their passages in SQLite, searchable through FTS5 (BM25).

One database file (default `sources.db` beside options.csv) holds

- `documents`: one row per source, keyed by the file STEM (the name a row of options.csv uses in its
  `source` column, see /work/contracts/evidence-format.md §2), with the SHA-256 of the file's bytes,
  the format, title, author, page count and the text as read (quotes are checked against it);
- `passages`: paragraphs and list items with their locator parts and character span;
- `passages_fts`: an FTS5 index over passage text and headings (porter stemming), ranked with the
  built-in `bm25()` (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and
  Beyond"; SQLite FTS5 documentation, section 5.1.1, k1 = 1.2, b = 0.75).

Imports are idempotent: a file whose stem and SHA-256 are already stored is skipped; a changed file
replaces its old passages in the same transaction. All files of one import are read first and
written in one transaction, so a bad file leaves the database as it was.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import ScoringError
from .passages import Passage, build_passages
from .readers import MAX_BINARY_BYTES, SourceText, file_sha256, read_source

DB_NAME = "sources.db"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    author TEXT,
    pages INTEGER,
    imported_at REAL NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    page INTEGER,
    headings TEXT NOT NULL,
    chapter TEXT,
    point TEXT,
    label TEXT,
    para INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    locator TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT,
    UNIQUE (doc_id, seq)
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, headings, tokenize = 'porter unicode61'
);
"""


@dataclass(frozen=True)
class ImportResult:
    """What one file's import did: `status` is 'new', 'unchanged' or 'changed'."""

    source: str
    path: str
    status: str
    passages: int
    format: str
    sha256: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """A passage returned by search, with its BM25 score (lower is a better match, as FTS5 gives it)."""

    passage: Passage
    score: float
    passage_id: int


def source_name(path: str | Path) -> str:
    """The name a source is known by: its file stem (`briefs/tong-2020.txt` -> `tong-2020`)."""
    return Path(path).stem


def default_db(options: str | Path | None) -> Path:
    """`sources.db` beside the options file (or in the current folder without one)."""
    return (Path(options).resolve().parent if options else Path.cwd()) / DB_NAME


def connect(db: str | Path, create: bool = True) -> sqlite3.Connection:
    """Open (and create) the library; a file that is not one of ours is a ScoringError."""
    p = Path(db)
    if not create and not p.exists():
        raise ScoringError.at(str(p), "no source library here yet; run `scoring import FILE...` first")
    if p.exists() and p.is_dir():
        raise ScoringError.at(str(p), "expected a database file, found a folder")
    try:
        con = sqlite3.connect(str(p))
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(_SCHEMA)
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            con.commit()
        elif row[0] != str(SCHEMA_VERSION):
            con.close()
            raise ScoringError.at(str(p), f"source library has schema {row[0]}, this version reads {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as exc:
        raise ScoringError.at(str(p), f"not a source library (SQLite said: {exc})") from None
    return con


def import_sources(db: str | Path, paths: Sequence[str | Path],
                   uploads: Sequence[tuple[str, bytes]] = ()) -> list[ImportResult]:
    """Read every file first (any failure raises before anything is written), then store them in one transaction.

    `uploads` are (file name, bytes) pairs from the dashboard. Two inputs with the same stem in one
    call are an error (they would claim the same `source` name). The command line's `scoring import`:
    all or nothing. The dashboard imports the good files of a batch with `import_good_sources`.
    """
    read, bad = _read_inputs(db, paths, uploads)
    if bad:
        raise bad[0]
    return _store_all(db, read)


def import_good_sources(db: str | Path, paths: Sequence[str | Path] = (),
                        uploads: Sequence[tuple[str, bytes]] = ()) -> tuple[list[ImportResult], list[ScoringError]]:
    """Store every file that can be read and refuse only the others: (results of the stored, one error per bad file).

    The same checks as `import_sources`, file by file; the good files go in one transaction. A failure of
    the library itself (not one of ours, cannot be written) still raises ScoringError, storing nothing.
    """
    read, bad = _read_inputs(db, paths, uploads)
    return (_store_all(db, read) if read else []), bad


def _read_inputs(db: str | Path, paths: Sequence[str | Path], uploads: Sequence[tuple[str, bytes]]
                 ) -> tuple[list[tuple[str, SourceText | str]], list[ScoringError]]:
    """Each input read and checked: (the good ones in input order, one ScoringError per bad one in the order
    the checks find them: unreadable files first, then heading-only files, then clashing source names)."""
    known = _known_hashes(db)
    read: list[tuple[str, SourceText | str]] = []  # a str is the SHA-256 of a file already stored unchanged
    bad: list[ScoringError] = []

    def attempt(name: str, fn) -> None:
        try:
            read.append((name, fn()))
        except ScoringError as exc:
            bad.append(exc)

    for path in paths:
        p = Path(path)

        def one(p: Path = p, path: str | Path = path) -> SourceText | str:
            stem = source_name(p)
            if stem in known and p.is_file() and p.stat().st_size <= MAX_BINARY_BYTES:
                data = p.read_bytes()
                digest = file_sha256(data)
                return digest if digest == known[stem] else read_source(p, data=data, name=str(path))
            return read_source(path)

        attempt(str(path), one)
    for name, data in uploads:
        def up(name: str = name, data: bytes = data) -> SourceText | str:
            digest = file_sha256(data)
            return digest if known.get(source_name(name)) == digest else read_source(name, data=data, name=name)

        attempt(name, up)
    good: list[tuple[str, SourceText | str]] = []
    for path, src in read:
        if not isinstance(src, str) and not any(b.kind != "heading" for b in src.blocks):
            heads = [b.text for b in src.blocks][:3]
            bad.append(ScoringError.at(path, "no passage to import: the file holds only heading(s) ("
                                             + "; ".join(repr(h[:60]) for h in heads) + (", ..." if len(src.blocks) > 3 else "")
                                             + ") and no paragraph or list item"))
        else:
            good.append((path, src))
    seen: dict[str, str] = {}
    stored = _known_paths(db)
    out: list[tuple[str, SourceText | str]] = []
    for path, src in good:
        stem = source_name(path)
        before = stored.get(stem)
        if stem in seen:
            bad.append(ScoringError.at(path, f"same source name '{stem}' as {seen[stem]}; rename one of them"))
        elif before is not None and Path(before).name != Path(path).name:
            # a changed file is the same file name; another file under a stored name is refused
            bad.append(ScoringError.at(path, f"same source name '{stem}' as {before}, already in the library "
                                             "(a different file, not a changed version of it); rename one of them"))
        else:
            seen[stem] = path
            out.append((path, src))
    return out, bad


def _store_all(db: str | Path, read: Sequence[tuple[str, SourceText | str]]) -> list[ImportResult]:
    results: list[ImportResult] = []
    with closing(connect(db)) as con:
        try:
            with con:
                for path, src in read:
                    results.append(_store(con, path, src))
        except sqlite3.DatabaseError as exc:
            raise ScoringError.at(str(db), f"could not write the source library: {exc}") from None
    return results


def _known_hashes(db: str | Path) -> dict[str, str]:
    """source -> SHA-256 of what the library holds (empty without a library), to skip re-reading unchanged files."""
    if not Path(db).is_file():
        return {}
    with closing(connect(db)) as con:
        return dict(con.execute("SELECT source, sha256 FROM documents").fetchall())


def _known_paths(db: str | Path) -> dict[str, str]:
    """source -> the path (or upload name) it was imported from (review rev1 R1-9: brief.md replaced brief.pdf)."""
    if not Path(db).is_file():
        return {}
    with closing(connect(db)) as con:
        return dict(con.execute("SELECT source, path FROM documents").fetchall())


def _store(con: sqlite3.Connection, path: str, src: SourceText | str) -> ImportResult:
    stem = source_name(path)
    old = con.execute("SELECT id, sha256, format FROM documents WHERE source = ?", (stem,)).fetchone()
    if isinstance(src, str) or (old is not None and old[1] == src.sha256):
        n = con.execute("SELECT COUNT(*) FROM passages WHERE doc_id = ?", (old[0],)).fetchone()[0]
        return ImportResult(stem, path, "unchanged", n, old[2], old[1], () if isinstance(src, str) else src.warnings)
    passages = build_passages(src)
    if old is not None:
        ids = [r[0] for r in con.execute("SELECT id FROM passages WHERE doc_id = ?", (old[0],))]
        con.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(i,) for i in ids])
        con.execute("DELETE FROM passages WHERE doc_id = ?", (old[0],))
        con.execute("DELETE FROM documents WHERE id = ?", (old[0],))
    cur = con.execute(
        "INSERT INTO documents (source, path, sha256, format, title, author, pages, imported_at, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (stem, path, src.sha256, src.format, src.title, src.author, src.pages, time.time(), src.text))
    doc_id = cur.lastrowid
    for p in passages:
        c = con.execute(
            'INSERT INTO passages (doc_id, seq, kind, page, headings, chapter, point, label, para, start, "end", '
            "locator, text, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, p.seq, p.kind, p.page, json.dumps(list(p.headings)), p.chapter, p.point, p.label,
             p.para, p.start, p.end, p.locator, p.text, p.author))
        con.execute("INSERT INTO passages_fts (rowid, text, headings) VALUES (?, ?, ?)",
                    (c.lastrowid, p.text, " / ".join(p.headings)))
    return ImportResult(stem, path, "changed" if old is not None else "new", len(passages), src.format,
                        src.sha256, src.warnings)


_COLUMNS = 'd.source, d.sha256, p.seq, p.kind, p.text, p.start, p."end", p.page, p.headings, p.chapter, p.point, p.label, p.para, p.locator, p.author'


def _passage(row: Sequence) -> Passage:
    return Passage(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], tuple(json.loads(row[8])),
                   row[9], row[10], row[11], row[12], row[13], row[14])


def _check_source(con: sqlite3.Connection, db: str | Path, source: str) -> None:
    """An unknown source name is a ScoringError listing the names the library holds."""
    known = [r[0] for r in con.execute("SELECT source FROM documents ORDER BY source")]
    if source not in known:
        shown = ", ".join(known[:20]) + (f", ... ({len(known)} in all)" if len(known) > 20 else "")
        raise ScoringError.at(str(db), f"unknown source '{source}' (--source takes a file stem; known: "
                                       f"{shown or 'none, run `scoring import FILE...` first'})")


def passages(db: str | Path, source: str | None = None) -> list[Passage]:
    """All passages in reading order (of one source, or of every source by name).

    Raises ScoringError for a `source` the library does not hold (listing those it does)."""
    with closing(connect(db, create=False)) as con:
        if source is not None:
            _check_source(con, db, source)
        sql = f"SELECT {_COLUMNS} FROM passages p JOIN documents d ON d.id = p.doc_id"
        args: tuple = ()
        if source is not None:
            sql += " WHERE d.source = ?"
            args = (source,)
        return [_passage(r) for r in con.execute(sql + " ORDER BY d.source, p.seq", args)]


@dataclass(frozen=True)
class Document:
    source: str
    path: str
    sha256: str
    format: str
    title: str | None
    author: str | None
    pages: int | None
    passages: int


def documents(db: str | Path) -> list[Document]:
    with closing(connect(db, create=False)) as con:
        rows = con.execute(
            "SELECT d.source, d.path, d.sha256, d.format, d.title, d.author, d.pages, "
            "(SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.id) FROM documents d ORDER BY d.source").fetchall()
    return [Document(*r) for r in rows]


def document_text(db: str | Path, source: str) -> str:
    """The source's text as read at import (what passage spans point into)."""
    with closing(connect(db, create=False)) as con:
        row = con.execute("SELECT text FROM documents WHERE source = ?", (source,)).fetchone()
    if row is None:
        raise ScoringError.at(str(db), f"no source named '{source}' in the library")
    return str(row[0])


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str, any_word: bool = False) -> str:
    """A user's words as a safe FTS5 query: each word quoted (no operators), AND by default, OR on request."""
    words = _WORD.findall(text)
    if not words:
        return ""
    return (" OR " if any_word else " ").join(f'"{w}"' for w in words)


def search(db: str | Path, query: str, limit: int = 10, source: str | None = None) -> list[Hit]:
    """Passages ranked by BM25 for `query` (all words first; if none match, any word).

    `Hit.score` is FTS5's bm25(): negative, lower = better. Raises ScoringError for an unknown `source`.
    """
    with closing(connect(db, create=False)) as con:
        if source is not None:
            _check_source(con, db, source)
        for any_word in (False, True):
            q = fts_query(query, any_word)
            if not q:
                return []
            sql = (f"SELECT {_COLUMNS}, bm25(passages_fts) AS score, p.id FROM passages_fts "
                   "JOIN passages p ON p.id = passages_fts.rowid JOIN documents d ON d.id = p.doc_id "
                   "WHERE passages_fts MATCH ?")
            args: list = [q]
            if source is not None:
                sql += " AND d.source = ?"
                args.append(source)
            sql += " ORDER BY score LIMIT ?"
            args.append(int(limit))
            try:
                rows = con.execute(sql, args).fetchall()
            except sqlite3.OperationalError as exc:
                raise ScoringError.at("query", f"cannot search for {query!r}: {exc}") from None
            if rows:
                return [Hit(_passage(r[:15]), float(r[15]), int(r[16])) for r in rows]
    return []


def sources_of(results: Iterable[ImportResult]) -> list[str]:
    return [r.source for r in results]
