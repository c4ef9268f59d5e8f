"""Draft tables from candidates, and saving a pair of tables so nothing is lost.

`draft_tables` turns accepted candidates into a draft options.csv (id, title, author, publication,
chapter, locator and source from the structure; summary and scores left for a person) and an
evidence.csv skeleton (one row per option x criterion with the option's locator; rationale, basis
and quote empty). `save_tables` writes several files as one step: each goes to a temporary file
beside its target first, an existing target is kept as `<stem>.prev-<UTC time><suffix>` and is
only replaced with `force`, and nothing is renamed until every temporary file is written.
"""
from __future__ import annotations

import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from ..errors import ScoringError
from ..export import write_temp_beside
from ..model import CriteriaSet
from .candidates import Candidate

OPTION_COLUMNS = ("id", "title", "summary", "author", "publication", "chapter", "locator", "source")
EVIDENCE_COLUMNS = ("option_id", "criterion_id", "rationale", "locator", "basis", "quote")
_LEAD = re.compile(r"^(\d{1,2}[.)]\s+|(for instance|for example|lastly|finally|moreover|furthermore|first|second|"
                   r"third|in addition|to supplement|at the same time|in this meaning|however|therefore|thus|also|"
                   r"perhaps most important of all|as a result),\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class SourceMeta:
    """What the draft writes into author and publication for a source (from the file's metadata)."""

    title: str | None = None
    author: str | None = None


def slug(text: str, taken: set[str], words: int = 5) -> str:
    """A short unique id from the first content words of `text` ('Japan should appoint a ...' -> 'japan-appoint-special-...')."""
    stop = {"the", "a", "an", "and", "of", "to", "in", "for", "on", "with", "should", "must", "need", "needs",
            "would", "could", "be", "is", "are", "that", "its", "their", "it", "as", "by", "also"}
    tokens = [t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in stop][:words] or ["option"]
    base = "-".join(tokens)[:48].strip("-")
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def draft_title(c: Candidate, limit: int = 110) -> str:
    """The candidate's key sentence without list number or opening connective, capitalized, cut at a word."""
    s = c.sentence.strip()
    for _ in range(2):
        s = _LEAD.sub("", s)
    s = s[:1].upper() + s[1:]
    s = re.sub(r"(?<=[a-z.”\"])\d{1,3}(?=[\s.,;]|$)", "", s).rstrip(" .")  # glued footnote numbers
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0] + "…"
    return s


def draft_tables(candidates: Sequence[Candidate], criteria: CriteriaSet,
                 meta: Mapping[str, SourceMeta] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft options (one row per candidate, reading order) and the matching evidence skeleton."""
    taken: set[str] = set()
    rows = []
    meta = meta or {}
    for c in candidates:
        p = c.passage
        m = meta.get(p.source, SourceMeta())
        title = draft_title(c)
        rows.append({"id": slug(title, taken), "title": title, "summary": "", "author": p.author or m.author or "",
                     "publication": m.title or p.source, "chapter": p.chapter or "", "locator": p.locator,
                     "source": p.source})
    options = pd.DataFrame(rows, columns=list(OPTION_COLUMNS))
    for cid in criteria.ids:
        options[cid] = pd.Series([pd.NA] * len(options), dtype="object")
    ev = [{"option_id": o["id"], "criterion_id": cid, "rationale": "", "locator": o["locator"], "basis": "", "quote": ""}
          for o in rows for cid in criteria.ids]
    return options, pd.DataFrame(ev, columns=list(EVIDENCE_COLUMNS))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def save_tables(files: Mapping[str | Path, bytes], force: bool = False) -> list[Path]:
    """Write every file or none; an existing file is refused without `force`, else kept as a `.prev-` copy.

    Returns the paths of the kept previous files. Raises ScoringError naming the first file that exists
    (without force) or cannot be written; then no target has changed.
    """
    targets = {Path(p): data for p, data in files.items()}
    for path in targets:
        if not path.parent.exists():
            raise ScoringError.at(str(path), "the folder to write into does not exist")
        if path.exists() and not force:
            raise ScoringError.at(str(path), "already exists; use --force to replace it (the old file is kept "
                                             "as a .prev- copy)")
    tmps: dict[Path, Path] = {}
    try:
        for path, data in targets.items():
            tmps[path] = write_temp_beside(path, data)  # unique name: a planted link is never followed
    except OSError as exc:
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)
        raise ScoringError.at(str(path), f"could not write: {exc.strerror or exc}") from None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    kept: list[Path] = []
    for path, tmp in tmps.items():
        if path.exists():
            prev = path.with_name(f"{path.stem}.prev-{stamp}{path.suffix}")
            n = 2
            while True:  # a hard link keeps the old bytes; it fails on any existing name, links included
                try:
                    os.link(path, prev)
                    break
                except FileExistsError:
                    prev, n = path.with_name(f"{path.stem}.prev-{stamp}-{n}{path.suffix}"), n + 1
            kept.append(prev)
        tmp.replace(path)
    return kept


# ---------------------------------------------------------------- work kept between visits (Build a table)

DRAFT_NAME = "table-draft.json"
DRAFT_FORMAT = 1


@dataclass(frozen=True)
class TableDraft:
    """Unsaved work of the Build-a-table page, kept in the table folder's `DRAFT_NAME` as the analyst works.

    `options` / `evidence` are the text frames (every cell a str) the page edits; `candidates` is the
    candidate list as it stood (None when the draft holds none), with `threshold` the least confidence
    it was found with; `written_at` is the UTC time of the write ('YYYY-MM-DD HH:MM'); `base` is the
    SHA-256 of the saved options.csv + evidence.csv bytes (as the page read them) the work started from.
    """

    options: pd.DataFrame
    evidence: pd.DataFrame
    candidates: pd.DataFrame | None
    threshold: float | None
    written_at: str
    base: str


def _frame_json(frame: pd.DataFrame) -> dict:
    return {"columns": [str(c) for c in frame.columns],
            "rows": frame.astype(object).where(frame.notna(), "").to_numpy().tolist()}


def _json_frame(data: object, path: Path, what: str, text: bool = True) -> pd.DataFrame:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list) or not isinstance(data.get("rows"), list):
        raise ScoringError.at(str(path), f"not a table draft: '{what}' is not a table")
    cols = [str(c) for c in data["columns"]]
    rows = data["rows"]
    if any(not isinstance(r, list) or len(r) != len(cols) for r in rows):
        raise ScoringError.at(str(path), f"not a table draft: a row of '{what}' has the wrong number of cells")
    frame = pd.DataFrame(rows, columns=cols)
    return frame.astype(str) if text else frame


def draft_path(folder: str | Path) -> Path:
    return Path(folder) / DRAFT_NAME


def write_draft(folder: str | Path, options: pd.DataFrame, evidence: pd.DataFrame, base: str,
                candidates: pd.DataFrame | None = None, threshold: float | None = None) -> Path:
    """Keep the work in `folder/DRAFT_NAME`: written to a temporary file beside it, then renamed over it.

    Never touches options.csv or evidence.csv. Raises ScoringError (the draft's path) when it cannot be written.
    """
    import json

    path = draft_path(folder)
    doc = {"format": DRAFT_FORMAT, "written_at": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "base": base,
           "options": _frame_json(options), "evidence": _frame_json(evidence),
           "candidates": None if candidates is None else _frame_json(candidates), "threshold": threshold}
    try:
        tmp = write_temp_beside(path, json.dumps(doc, ensure_ascii=False))
        tmp.replace(path)
    except OSError as exc:
        raise ScoringError.at(str(path), f"could not keep the draft: {exc.strerror or exc}") from None
    return path


def read_draft(folder: str | Path) -> TableDraft | None:
    """The folder's draft, None without one; a draft that cannot be read is a ScoringError naming its file."""
    import json

    path = draft_path(folder)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ScoringError.at(str(path), f"cannot read the table draft: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != DRAFT_FORMAT:
        raise ScoringError.at(str(path), f"not a table draft of this version (format {DRAFT_FORMAT} expected)")
    cands = doc.get("candidates")
    candidates = None if cands is None else _json_frame(cands, path, "candidates", text=False)
    if candidates is not None and "confidence" in candidates.columns:
        candidates["confidence"] = pd.to_numeric(candidates["confidence"], errors="coerce").fillna(0.0)
    threshold = doc.get("threshold")
    return TableDraft(_json_frame(doc.get("options"), path, "options"), _json_frame(doc.get("evidence"), path, "evidence"),
                      candidates, float(threshold) if isinstance(threshold, (int, float)) else None,
                      str(doc.get("written_at", "")), str(doc.get("base", "")))


def discard_draft(folder: str | Path) -> None:
    draft_path(folder).unlink(missing_ok=True)
