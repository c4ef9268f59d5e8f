"""Bring your own briefs (issue 16): read policy texts into a searchable library of passages, find the
passages that read as recommendations, draft a table from them, and measure two analysts' agreement.

Modules: `readers` (PDF/DOCX/HTML/Markdown/text -> blocks), `passages` (blocks -> passages with
locators), `store` (SQLite + FTS5 library, BM25 search), `candidates` (the recommendation rule and
its measurement), `draft` (draft tables, saving pairs of files safely), `agreement` (weighted Cohen's
kappa), `recheck` (evidence quotes after a source changed), `cli` (the subcommands). No Streamlit here.
"""
