"""Bring your own briefs (issue 16): read policy texts into a searchable library of passages, find the
passages that read as recommendations, draft a table from them, and measure two analysts' agreement.

Modules: `readers` (PDF/DOCX/HTML/Markdown/text -> blocks), `passages` (blocks -> passages with
locators), `store` (SQLite + FTS5 library, BM25 search), `candidates` (the recommendation rule and
its measurement), `draft` (draft tables, saving pairs of files safely), `agreement` (weighted Cohen's
kappa, Krippendorff's alpha), `recheck` (evidence quotes after a source changed), `cli` (the subcommands). No Streamlit here.
"""
from __future__ import annotations

from pathlib import Path

from .. import provenance
from .readers import plain_text, read_source


def _source_text(path: Path) -> str:
    """The text `scoring.provenance` matches quotes in: the same text passages and their spans come from."""
    return read_source(path).text


for _suffix in (".pdf", ".docx", ".html", ".htm"):
    provenance.register_reader(_suffix, _source_text)
for _suffix in (".txt", ".md"):  # UTF-8 as provenance reads it, plus UTF-16/32 with a byte-order mark as imported
    provenance.register_reader(_suffix, plain_text)
