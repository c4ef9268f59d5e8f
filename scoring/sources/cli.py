"""`scoring import`, `scoring search`, `scoring candidates` and `scoring agreement` (registered into scoring.cli.COMMANDS).

The source library is `sources.db` beside the options file (`--options`, default the shipped
options.csv) unless `--db` names another. Every user error is one ScoringError line and exit 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ..cli import COMMANDS, EXIT_OK, EXIT_PROBLEMS
from ..errors import ScoringError
from ..loading import DEFAULT_OPTIONS, load_criteria
from ..numbers import FlagNumber
from . import agreement as agr
from .candidates import DEFAULT_THRESHOLD, find_candidates, measure
from .draft import SourceMeta, csv_bytes, draft_tables, save_tables
from .readers import SUFFIXES
from .recheck import recheck_evidence
from .store import default_db, documents, fts_query, import_sources, passages, search


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db(args.options or DEFAULT_OPTIONS)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="P", help="source library (default: sources.db beside the options file)")
    p.add_argument("--options", metavar="P", help="options CSV whose folder holds sources.db (default: the shipped one)")


# ---------------------------------------------------------------- import

def add_import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF, DOCX, HTML, Markdown or plain-text files, or folders of them")
    _add_db(p)
    p.add_argument("--evidence", metavar="P", help="evidence CSV to re-check when a source changed "
                                                     "(default: evidence.csv beside the options file)")


def _expand(paths: list[str]) -> list[str]:
    """A folder stands for its files in a supported format (sorted; not recursive)."""
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(str(f) for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                raise ScoringError.at(str(p), "no PDF, DOCX, HTML, Markdown or text files in this folder")
            out.extend(found)
        else:
            out.append(str(p))
    return out


def cmd_import(args: argparse.Namespace) -> int:
    db = _db(args)
    results = import_sources(db, _expand(args.paths))
    for r in results:
        print(f"{r.status:9} {r.source}: {r.passages} passages ({r.format}, sha256 {r.sha256[:12]})")
        for w in r.warnings:
            print(f"warning   {r.path}: {w}", file=sys.stderr)
    changed = [r.source for r in results if r.status == "changed"]
    print(f"library: {db}", file=sys.stderr)
    if changed:
        options = Path(args.options) if args.options else DEFAULT_OPTIONS
        evidence = Path(args.evidence) if args.evidence else options.with_name("evidence.csv")
        if options.exists() and evidence.exists():
            problems = recheck_evidence(db, options, evidence, changed)
            for p in problems:
                print(p, file=sys.stderr)
            print(f"re-checked evidence quoting {', '.join(changed)}: "
                  f"{len(problems)} quote{'s' if len(problems) != 1 else ''} no longer found", file=sys.stderr)
            if problems:
                return EXIT_PROBLEMS
    return EXIT_OK


# ---------------------------------------------------------------- search

def add_search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="words to look for (all of them first, then any)")
    _add_db(p)
    p.add_argument("--limit", type=FlagNumber("--limit", low=1, high=1000, example="10", unit=" passages"), default=10, metavar="N", help="how many passages (default: 10)")
    p.add_argument("--source", metavar="NAME", help="only this source (its file stem)")


def cmd_search(args: argparse.Namespace) -> int:
    """Print hits best first: rank, relevance (BM25 relative to the best hit = 1.00), place, text.

    FTS5's bm25() (SQLite FTS5 docs, section 5.1.1) weights a word by its inverse document frequency
    over the passages, log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 when the word is in half of
    the passages or more. In a small library (one or a few sources) common words hit that floor and
    every raw score rounds to 0.00, so raw scores are not shown as relevance; the order stays right
    (term frequency and passage length still rank the hits) and a note says when the floor applies.
    """
    if not 1 <= args.limit <= 1000:
        raise ScoringError.at("--limit", f"expected 1 to 1000 passages, got {args.limit}")
    if not fts_query(args.query):
        raise ScoringError.at("query", f"give words to look for (got {args.query!r}, which has no letters or digits)")
    hits = search(_db(args), args.query, args.limit, args.source)
    if not hits:
        print(f"no passage matches {args.query!r}", file=sys.stderr)
        return EXIT_OK
    best = hits[0].score
    print("rank  relevance  source | locator | characters   (relevance: BM25 score / the best hit's)")
    for rank, h in enumerate(hits, start=1):
        p = h.passage
        rel = h.score / best if best < 0 else 1.0
        print(f"{rank:4}  {rel:9.2f}  {p.source} | {p.locator} | chars {p.start}-{p.end}")
        print(f"      {_clip(p.text, 300)}")
    if best > -0.01:
        print("note: the words occur in half or more of the passages searched, so BM25 gives them almost no "
              "weight (a small library); hits are ordered by how often and how densely they hold the words. "
              "Add words that are rarer, or read the hits.", file=sys.stderr)
    return EXIT_OK


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------- candidates

def add_candidates_args(p: argparse.ArgumentParser) -> None:
    _add_db(p)
    p.add_argument("--threshold", type=FlagNumber("--threshold", whole=False, low=0, high=1, example="0.5"),
                   default=DEFAULT_THRESHOLD, metavar="X",
                   help=f"least confidence to list (0-1, default {DEFAULT_THRESHOLD})")
    p.add_argument("--source", metavar="NAME", help="only this source (its file stem)")
    p.add_argument("--format", default="text", choices=("text", "csv"), help="text (default) or csv")
    p.add_argument("--draft", metavar="DIR", nargs="?", const=".",
                   help="write a draft options.csv and evidence.csv skeleton into DIR (default: current folder)")
    p.add_argument("--criteria", metavar="P", help="criteria YAML for the draft's score columns (default: shipped)")
    p.add_argument("--force", action="store_true", help="replace existing draft files (the old ones are kept as .prev- copies)")
    p.add_argument("--measure", metavar="OPTIONS", help="a finished options.csv: report how many of its options' "
                                                        "source passages are candidates")


def cmd_candidates(args: argparse.Namespace) -> int:
    if not 0.0 <= args.threshold <= 1.0:
        raise ScoringError.at("--threshold", f"expected a number from 0 to 1, got {args.threshold}")
    db = _db(args)
    ps = passages(db, args.source)
    cands = find_candidates(ps, args.threshold)
    if args.measure:
        table = agr.read_table(args.measure)
        for col in ("id", "locator"):
            if col not in table.columns:
                raise ScoringError.at(args.measure, f"no '{col}' column to measure against", line=1, column=col)
        rows = table.fillna("").to_dict("records")
        m = measure(rows, ps, cands)
        print(f"options: {m.options}; source passage located for {m.located}; among the candidates: {m.found} "
              f"(recall {m.recall:.1%})")
        print(f"candidates: {m.candidates} of {len(ps)} passages; in no option's named place: {m.outside}")
        if m.missed:
            print(f"missed: {', '.join(m.missed)}")
        return EXIT_OK
    if args.draft is not None:
        criteria = load_criteria(args.criteria)
        meta = {d.source: SourceMeta(d.title, d.author) for d in documents(db)}
        options, evidence = draft_tables(cands, criteria, meta)
        folder = Path(args.draft)
        kept = save_tables({folder / "options.csv": csv_bytes(options), folder / "evidence.csv": csv_bytes(evidence)},
                           force=args.force)
        print(f"wrote {folder / 'options.csv'} ({len(options)} draft options) and {folder / 'evidence.csv'} "
              f"({len(evidence)} rows to fill)", file=sys.stderr)
        for k in kept:
            print(f"kept the previous file as {k}", file=sys.stderr)
        return EXIT_OK
    frame = pd.DataFrame([{"confidence": c.confidence, "source": c.passage.source, "locator": c.passage.locator,
                           "page": c.passage.page, "start": c.passage.start, "end": c.passage.end,
                           "actor": c.actor or "", "cues": "; ".join(c.cues), "sentence": c.sentence}
                          for c in cands])
    if args.format == "csv":
        sys.stdout.write(csv_bytes(frame).decode() if len(frame) else "confidence,source,locator\n")
        return EXIT_OK
    for c in cands:
        print(f"{c.confidence:.2f}  {c.passage.source} | {c.passage.locator}" + (f" | actor: {c.actor}" if c.actor else ""))
        print(f"      {_clip(c.sentence, 240)}")
    print(f"{len(cands)} candidates in {len(ps)} passages (threshold {args.threshold})", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------- agreement

def add_agreement_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="first analyst's options.csv")
    p.add_argument("b", metavar="B", help="second analyst's options.csv")
    p.add_argument("--criteria", metavar="P", help="criteria YAML (default: the shipped criteria.yaml)")
    p.add_argument("--weighting", default="quadratic", choices=("quadratic", "linear"),
                   help="disagreement weights for Cohen's kappa (default: quadratic)")
    p.add_argument("--evidence-a", metavar="P", help="A's evidence.csv (default: evidence.csv beside A, if any)")
    p.add_argument("--evidence-b", metavar="P", help="B's evidence.csv (default: evidence.csv beside B, if any)")
    p.add_argument("--format", default="text", choices=("text", "csv", "md"), help="text (default), csv or md")


def _evidence_beside(path: str, given: str | None) -> pd.DataFrame | None:
    p = Path(given) if given else Path(path).with_name("evidence.csv")
    return agr.read_table(str(p), "evidence") if (given or p.exists()) else None


def cmd_agreement(args: argparse.Namespace) -> int:
    criteria = load_criteria(args.criteria)
    result = agr.agreement(agr.read_table(args.a), agr.read_table(args.b), criteria, args.a, args.b, args.weighting,
                           _evidence_beside(args.a, args.evidence_a), _evidence_beside(args.b, args.evidence_b))
    table, cells = agr.agreement_table(result), agr.reconcile_table(result)
    if args.format == "csv":
        sys.stdout.write(csv_bytes(table).decode())
        sys.stdout.write("\n")
        sys.stdout.write(csv_bytes(cells).decode())
        return EXIT_OK
    notes = agr.agreement_notes(result)
    overall = agr.overall_text(result)
    if args.format == "md":
        print(f"Weighted Cohen's kappa ({args.weighting} weights; Cohen 1968) and Krippendorff's alpha "
              "(ordinal; Krippendorff 2004, 2011)\n")
        print(table.astype(object).where(table.notna(), None).to_markdown(index=False, missingval="-"))
        print(f"\nOverall (all cells): {overall}\n")
        for line in notes:
            print(f"- {line}")
        print(f"\nCells to reconcile: {len(cells)}\n")
        for d in result.to_reconcile:
            print(f"- {d.option_id} / {d.criterion}: {agr.score_text(d.a)} vs {agr.score_text(d.b)}")
        return EXIT_OK
    print(f"weighted Cohen's kappa, {args.weighting} weights (Cohen 1968); reading after Landis & Koch 1977")
    print("Krippendorff's alpha, ordinal (Krippendorff 2004, 2011); reading after Krippendorff 2004: "
          ">= 0.8 reliable, >= 0.667 tentative")
    print(table.to_string(index=False, na_rep="-"))
    print(f"overall (all cells): {overall}")
    for line in notes:
        print(f"note: {line}")
    if result.only_in_a or result.only_in_b:
        print(f"options only in A: {', '.join(result.only_in_a) or '-'}; only in B: {', '.join(result.only_in_b) or '-'}")
    print(f"\n{len(cells)} cell{'s' if len(cells) != 1 else ''} to reconcile:")
    for d in result.to_reconcile:
        print(f"  {d.option_id:36} {d.criterion:16} A {agr.score_text(d.a)}  B {agr.score_text(d.b)}")
    return EXIT_OK


COMMANDS["import"] = ("read source files (PDF, DOCX, HTML, Markdown, text) into the searchable source library",
                      add_import_args, cmd_import)
COMMANDS["search"] = ("find passages in the source library, ranked by BM25", add_search_args, cmd_search)
COMMANDS["candidates"] = ("list passages that read as recommendations; --draft writes draft tables",
                          add_candidates_args, cmd_candidates)
COMMANDS["agreement"] = ("inter-rater agreement (weighted Cohen's kappa, Krippendorff's alpha) between two scored options files",
                         add_agreement_args, cmd_agreement)
