"""Re-check the evidence that quotes a source after that source changed (re-imported with new bytes).

The quote matching itself is `scoring.provenance` (the one place it lives, issue 15): a row's quote is
looked for in the new text of its option's source, near its locator, within its chapter.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from ..errors import Problem
from .store import document_text


def recheck_evidence(db: str | Path, options: str | Path, evidence: str | Path,
                     sources: Sequence[str]) -> list[Problem]:
    """Problems for every evidence row (of an option citing one of `sources`) whose quote is no longer found.

    Lines are CSV record lines of the evidence file (header = line 1), column 'quote'.
    """
    opts = pd.read_csv(options, dtype=str, keep_default_na=False)
    ev = pd.read_csv(evidence, dtype=str, keep_default_na=False)
    if "quote" not in ev.columns or "source" not in opts.columns:
        return []
    src_of = dict(zip(opts["id"], opts["source"]))
    chapter_of = dict(zip(opts["id"], opts["chapter"])) if "chapter" in opts.columns else {}
    problems: list[Problem] = []
    for stem in sources:
        rows = ev[(ev["option_id"].map(src_of) == stem) & (ev["quote"].str.strip() != "")]
        if rows.empty:
            continue
        from .. import provenance  # the shared quote finder (issue 15)

        text = provenance.SourceText(stem, document_text(db, stem))
        chapters = sorted({chapter_of.get(i, "") for i, s in src_of.items() if s == stem} - {""})
        for idx, row in rows.iterrows():
            check = text.check(row["quote"], row.get("locator", ""), chapter_of.get(row["option_id"], ""), chapters)
            if not check.ok:
                problems.append(Problem(str(evidence), f"{row['option_id']}/{row['criterion_id']}: {check.message}",
                                        int(idx) + 2, "quote"))
    return problems
