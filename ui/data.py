"""Which data set the dashboard shows: the shipped files, or the user's uploads, with session score adjustments.

Parsing is cached per distinct file content; the Dataset is never mutated, so it is shared, not copied.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from scoring.errors import Problem
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, EVIDENCE_NAME, check_dataset
from scoring.model import Dataset


def _paths() -> tuple[Path, Path, Path | None]:
    options = Path(os.environ.get("SCORING_OPTIONS") or DEFAULT_OPTIONS)
    criteria = Path(os.environ.get("SCORING_CRITERIA") or DEFAULT_CRITERIA)
    evidence = os.environ.get("SCORING_EVIDENCE")
    ev = Path(evidence) if evidence else options.parent / EVIDENCE_NAME
    return options, criteria, ev if ev.exists() else None


@st.cache_resource(show_spinner=False)
def load_files(options: bytes, criteria: bytes, evidence: bytes | None, names: tuple[str, str, str]) -> tuple[Dataset | None, list[Problem]]:
    """Parse once per distinct file content; the Dataset is never mutated, so it is shared, not copied."""
    return check_dataset(options, criteria, evidence, options_name=names[0], criteria_name=names[1], evidence_name=names[2])


def shipped_dataset() -> tuple[Dataset | None, list[Problem]]:
    o, c, e = _paths()
    try:
        blobs = (o.read_bytes(), c.read_bytes(), e.read_bytes() if e else None)
    except OSError as exc:
        return None, [Problem(str(exc.filename or o), f"could not read the file: {exc.strerror}")]
    return load_files(*blobs, (str(o), str(c), str(e) if e else EVIDENCE_NAME))


def uploaded_dataset() -> tuple[Dataset | None, list[Problem]] | None:
    """Own data from the sidebar uploaders (kept in session state), or None when not complete."""
    up = st.session_state.get("uploads") or {}
    if not up.get("options") or not up.get("criteria"):
        return None
    ev = up.get("evidence")
    return load_files(up["options"], up["criteria"], ev,
                      (up.get("options_name", "options.csv"), up.get("criteria_name", "criteria.yaml"),
                       up.get("evidence_name", EVIDENCE_NAME)))


def store_upload(kind: str) -> None:
    """Uploader callback: keep the file's bytes and name in session state (None removes them)."""
    f = st.session_state.get(f"upload_{kind}")
    up = dict(st.session_state.get("uploads") or {})
    if f is None:
        up.pop(kind, None)
    else:
        up[kind], up[f"{kind}_name"] = f.getvalue(), f.name
    st.session_state["uploads"] = up


def with_adjustments(dataset: Dataset) -> Dataset:
    """The dataset with this session's score adjustments (made in the Evidence view) applied."""
    for (oid, cid), value in (st.session_state.get("adjustments") or {}).items():
        if oid in dataset.ids and cid in dataset.criteria.ids:
            dataset = dataset.with_score(oid, cid, value)
    return dataset


def show_problems(problems: list[Problem], heading: str) -> None:
    st.error(f"{heading} ({len(problems)} problem{'s' if len(problems) != 1 else ''}); the shipped data is used meanwhile.")
    st.code("\n".join(str(p) for p in problems[:50]) + ("\n…" if len(problems) > 50 else ""), language=None)
