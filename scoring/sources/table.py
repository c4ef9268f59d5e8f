"""The table being built (options + evidence frames) and the edits the Build-a-table page makes to it.

Pure functions over pandas frames of text cells (every cell a str, '' for empty), so the page keeps
no logic of its own: add accepted candidates, merge or split them, set one score with its reason,
range, basis and quote, count progress, list problems (the loaders' checks plus every quote against
the library's text through scoring.provenance), and serialize for `draft.save_tables`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Problem, ScoringError
from ..loading import check_dataset
from ..model import CriteriaSet
from .candidates import Candidate, sentences
from .draft import EVIDENCE_COLUMNS, OPTION_COLUMNS, csv_bytes, draft_title, slug
from .passages import Passage
from .store import document_text


@dataclass(frozen=True)
class Tables:
    """options.csv and evidence.csv as text frames (one row per option; one per option x criterion)."""

    options: pd.DataFrame
    evidence: pd.DataFrame


def empty_tables(criteria: CriteriaSet) -> Tables:
    cols = list(OPTION_COLUMNS) + criteria.ids
    return Tables(pd.DataFrame(columns=cols, dtype=str), pd.DataFrame(columns=list(EVIDENCE_COLUMNS), dtype=str))


def read_tables(folder: str | Path, criteria: CriteriaSet) -> Tables:
    """The folder's options.csv and evidence.csv as text (missing files -> empty tables, missing columns added)."""
    base = Path(folder)
    t = empty_tables(criteria)
    opts, ev = t.options, t.evidence
    try:
        if (base / "options.csv").exists():
            opts = pd.read_csv(base / "options.csv", dtype=str, keep_default_na=False)
        if (base / "evidence.csv").exists():
            ev = pd.read_csv(base / "evidence.csv", dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ScoringError.at(str(base), f"cannot read the table: {exc}") from None
    for col in list(OPTION_COLUMNS) + criteria.ids:
        if col not in opts.columns:
            opts[col] = ""
    for col in EVIDENCE_COLUMNS:
        if col not in ev.columns:
            ev[col] = ""
    return Tables(opts.reset_index(drop=True), ev.reset_index(drop=True))


def candidate_row(c: Candidate, taken: set[str], authors: Mapping[str, str] | None = None) -> dict[str, str]:
    p = c.passage
    title = draft_title(c)
    return {"id": slug(title, taken), "title": title, "summary": "", "author": p.author or (authors or {}).get(p.source, ""),
            "publication": p.source, "chapter": p.chapter or "", "locator": p.locator, "source": p.source}


def merge_rows(rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """One option from several candidate rows: the first title and id, summaries joined, locators joined by '; '."""
    if not rows:
        raise ValueError("nothing to merge")
    first = dict(rows[0])
    first["summary"] = " ".join(s for s in (str(r.get("summary", "")).strip() for r in rows) if s)
    locs: list[str] = []
    for r in rows:
        if r.get("locator") and r["locator"] not in locs:
            locs.append(str(r["locator"]))
    first["locator"] = "; ".join(locs)
    return first


def split_row(row: Mapping[str, str], text: str, taken: set[str]) -> list[dict[str, str]]:
    """One option per sentence of its passage `text` (for a passage that holds several recommendations)."""
    out = []
    for s in sentences(text):
        r = dict(row)
        title = re.sub(r"^\d{1,2}[.)]\s+", "", s).rstrip(" .")
        r["title"] = title[:110]
        r["id"] = slug(title, taken)
        out.append(r)
    return out or [dict(row)]


def add_options(t: Tables, rows: Iterable[Mapping[str, str]], criteria: CriteriaSet) -> Tables:
    """Append options (ids made unique against the table) and one empty evidence row per criterion each."""
    taken = set(t.options["id"].astype(str))
    new_opts, new_ev = [], []
    for r in rows:
        row = {c: "" for c in t.options.columns}
        row.update({k: str(v) for k, v in r.items() if k in row})
        if not row["id"] or row["id"] in taken:
            row["id"] = slug(row.get("title") or "option", taken)
        taken.add(row["id"])
        new_opts.append(row)
        new_ev.extend({"option_id": row["id"], "criterion_id": cid, "rationale": "", "locator": row["locator"],
                       "basis": "", "quote": ""} for cid in criteria.ids)
    opts = pd.concat([t.options, pd.DataFrame(new_opts, columns=t.options.columns)], ignore_index=True)
    ev = pd.concat([t.evidence, pd.DataFrame(new_ev, columns=t.evidence.columns)], ignore_index=True)
    return Tables(opts, ev)


def set_score(t: Tables, option_id: str, criterion: str, score: int, rationale: str, basis: str,
              quote: str = "", locator: str | None = None, low: int | None = None, high: int | None = None) -> Tables:
    """One score with its evidence row (created if missing); low/high set the range columns (None clears them).

    Raises ScoringError (evidence.csv, the row's line, column) when the row breaks the basis/quote/range
    rules `scoring validate` applies (loading.check_provenance: basis text needs a quote, silent takes none,
    inference/silent need a range or 'No range: <why>'); the table is then unchanged.
    """
    from ..loading import check_provenance

    if basis not in ("text", "inference", "silent"):
        raise ScoringError.at("evidence.csv", f"expected basis text, inference or silent for '{option_id}' x "
                                              f"'{criterion}', got {basis!r}", None, "basis")
    ranged = low is not None and high is not None and int(low) < int(high)
    rec = {"option_id": option_id, "criterion_id": criterion, "basis": basis, "quote": quote.strip(),
           "rationale": rationale.strip()}
    old = ((t.evidence["option_id"].astype(str) == option_id) & (t.evidence["criterion_id"].astype(str) == criterion)).to_numpy()
    line = int(np.flatnonzero(old)[0]) + 2 if old.any() else len(t.evidence) + 2  # header is line 1
    if bad := check_provenance(rec, ranged, line, "evidence.csv"):
        raise ScoringError(bad)
    opts = t.options.copy()
    ev = t.evidence.copy()
    hit = np.flatnonzero(opts["id"].astype(str).to_numpy() == option_id)
    if not len(hit):
        raise ScoringError.at("options.csv", f"no option '{option_id}' in the table")
    i = int(hit[0])
    opts.loc[i, criterion] = str(int(score))
    for suffix, value in (("_low", low), ("_high", high)):
        col = f"{criterion}{suffix}"
        if value is None and col not in opts.columns:
            continue
        if col not in opts.columns:
            opts[col] = ""
        opts.loc[i, col] = "" if value is None else str(int(value))
    mask = (ev["option_id"].astype(str) == option_id) & (ev["criterion_id"].astype(str) == criterion)
    values = {"rationale": rationale.strip(), "basis": basis, "quote": quote.strip(),
              "locator": locator if locator is not None else str(opts.loc[i, "locator"])}
    if mask.any():
        for k, v in values.items():
            ev.loc[mask, k] = v
    else:
        ev = pd.concat([ev, pd.DataFrame([{"option_id": option_id, "criterion_id": criterion, **values}])], ignore_index=True)
    return Tables(opts, ev)


def in_table(t: Tables, sources: Sequence[str], locators: Sequence[str]) -> np.ndarray:
    """Which candidates (parallel `sources`, `locators`) point at a passage an option of the table already takes:
    same source and its locator one of the option's '; '-separated locator parts. Shape (len(sources),), bool."""
    parts = t.options[["source", "locator"]].astype(str).assign(locator=lambda f: f["locator"].str.split(";"))
    taken = pd.MultiIndex.from_frame(parts.explode("locator").assign(locator=lambda f: f["locator"].str.strip()))
    return np.asarray(pd.MultiIndex.from_arrays([list(map(str, sources)), list(map(str, locators))]).isin(taken), bool)


def progress(t: Tables, criteria: CriteriaSet) -> tuple[int, int]:
    """(scores with a reason, options x criteria)."""
    if t.options.empty:
        return 0, 0
    scores = t.options[criteria.ids].astype(str).apply(lambda s: s.str.strip()).to_numpy() != ""
    ev = t.evidence
    reasoned = ev["rationale"].astype(str).str.strip().to_numpy() != ""
    have = pd.MultiIndex.from_arrays([ev["option_id"].astype(str), ev["criterion_id"].astype(str)])[reasoned]
    grid = pd.MultiIndex.from_product([t.options["id"].astype(str), criteria.ids])
    with_reason = np.asarray(grid.isin(have)).reshape(scores.shape)
    return int((scores & with_reason).sum()), int(scores.size)


def table_bytes(t: Tables) -> tuple[bytes, bytes]:
    opts = t.options.copy()
    empty_cols = [c for c in opts.columns if c.endswith(("_low", "_high")) and (opts[c].astype(str).str.strip() == "").all()]
    return csv_bytes(opts.drop(columns=empty_cols)), csv_bytes(t.evidence)


class LibraryTexts:
    """A `scoring.provenance.SourceLibrary` look-alike over the source library's stored texts."""

    def __init__(self, db: str | Path):
        self.db = db
        self._cache: dict[str, object] = {}

    def get(self, stem: str):
        from .. import provenance

        if stem not in self._cache:
            try:
                self._cache[stem] = provenance.SourceText(stem, document_text(self.db, stem))
            except ScoringError:
                self._cache[stem] = None
        return self._cache[stem]


def table_problems(t: Tables, criteria_bytes: bytes, db: str | Path | None, criteria_name: str = "criteria.yaml",
                   complete: bool = False) -> list[Problem]:
    """What `scoring validate` would say about the table now, plus every quote checked against the library.

    While scoring (`complete=False`), rows without a score yet are left out, so only real mistakes show.
    """
    opts, ev = t.options, t.evidence
    if not complete and len(opts):
        ids = set(_criteria_ids(criteria_bytes))
        crit_cols = [c for c in opts.columns if c in ids]
        done = (opts[crit_cols].astype(str).apply(lambda s: s.str.strip()) != "").all(axis=1) if crit_cols else opts["id"] == opts["id"]
        opts = opts[done]
        ev = ev[ev["option_id"].isin(set(opts["id"]))]
    if opts.empty:
        return []
    ob, eb = table_bytes(Tables(opts, ev))
    dataset, problems = check_dataset(ob, criteria_bytes, eb, options_name="options.csv",
                                      criteria_name=criteria_name, evidence_name="evidence.csv")
    if dataset is not None and db is not None and Path(db).exists():
        from ..audit import check_sources

        problems = list(problems) + check_sources(dataset, Path(db).parent, None, library=LibraryTexts(db))
    return list(problems)


def _criteria_ids(data: bytes) -> list[str]:
    from ..loading import parse_criteria

    cs, _ = parse_criteria(data)
    return cs.ids if cs is not None else []


def option_passages(option: Mapping[str, str], passages: Sequence[Passage]) -> list[Passage]:
    """The passages an option's locator names in its source (each ';'-part; exact locator first)."""
    pool = [p for p in passages if p.source == str(option.get("source", ""))]
    out: list[Passage] = []
    for part in [x.strip() for x in str(option.get("locator", "")).split(";") if x.strip()]:
        exact = [p for p in pool if p.locator == part]
        if exact:
            out.extend(exact)
            continue
        from .candidates import locate_option

        loc = locate_option(str(option.get("id")), str(option.get("title", "")), str(option.get("summary", "")),
                            str(option.get("chapter", "")) or None, part, pool)
        if loc.best is not None:
            out.append(loc.best)
    seen: set[int] = set()
    return [p for p in out if not (p.seq in seen or seen.add(p.seq))]
