"""Which data set the dashboard shows: the shipped files, or the user's uploads, with session score adjustments.

The shipped files are parsed once per distinct content in a small shared cache. Uploads are bounded
(UPLOAD_LIMITS, checked before the bytes are kept; Streamlit's server.maxUploadSize is the hard cap) and
parsed into the session's own state, so a closed session frees its data and no upload outlives it.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import streamlit as st

from scoring.errors import Problem
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, EVIDENCE_NAME, MAX_BYTES, check_dataset
from scoring.model import Dataset


def _paths() -> tuple[Path, Path, Path | None]:
    options = Path(os.environ.get("SCORING_OPTIONS") or DEFAULT_OPTIONS)
    criteria = Path(os.environ.get("SCORING_CRITERIA") or DEFAULT_CRITERIA)
    evidence = os.environ.get("SCORING_EVIDENCE")
    ev = Path(evidence) if evidence else options.parent / EVIDENCE_NAME
    return options, criteria, ev if ev.exists() else None


# What one upload may hold (bytes). A config file is a few KB; a table of a few thousand options a few MB.
# Streamlit refuses anything above server.maxUploadSize (.streamlit/config.toml, 50 MB) before we see it.
UPLOAD_LIMITS = {"options": 32 * 2**20, "evidence": 32 * 2**20, "criteria": MAX_BYTES["criteria"]}
# What one uploaded table may hold (options). Every view draws each option and reruns on every slider move, on a
# server other people share; at 20,000 options the heaviest views (Sensitivity, Export) take about 4 s of server CPU
# per rerun, Rank and Methods 1.5-2.5 s (bench/bench_untrusted.py, "dashboard views"); 200,000 took 9-13 s. Counted from the line ends before the
# file is parsed (parsing 2,000,000 rows alone takes ~20 s). The command line takes larger tables.
MAX_UPLOAD_OPTIONS = 20_000


def too_many_rows(data: bytes, name: str) -> Problem | None:
    """A Problem when an options file has more lines below its header than MAX_UPLOAD_OPTIONS, else None.
    Line ends are counted without parsing (a quoted line break counts too, so the message says lines)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines - 1 <= MAX_UPLOAD_OPTIONS:
        return None
    return Problem(name, f"the file has {lines - 1:,} lines below its header; the dashboard takes at most "
                         f"{MAX_UPLOAD_OPTIONS:,} options (each view draws every option, on a server others share); "
                         "rank larger tables on the command line (`scoring rank --options ...`, which takes any number "
                         "of options), or upload a smaller file", 1)


@st.cache_resource(show_spinner=False, max_entries=4)
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
    """Own data from the sidebar uploaders (kept in session state), or None when not complete.

    A refused upload (too large) is reported at once; the parsed Dataset is kept in this session's state
    under the content's hash, so reruns do not parse again and nothing stays after the session closes.
    """
    up = st.session_state.get("uploads") or {}
    refused = [up[k] for k in ("options_refused", "criteria_refused", "evidence_refused") if up.get(k)]
    if refused:
        return None, refused
    if up.get("options") is None or up.get("criteria") is None:  # an empty file is there, and gets its message
        return None
    if (crowded := too_many_rows(up["options"], up.get("options_name", "options.csv"))) is not None:
        return None, [crowded]  # before parsing: one count of line ends
    ev = up.get("evidence")
    names = (up.get("options_name", "options.csv"), up.get("criteria_name", "criteria.yaml"),
             up.get("evidence_name", EVIDENCE_NAME))
    digest = hashlib.sha256()
    for blob in (up["options"], up["criteria"], ev or b""):
        digest.update(hashlib.sha256(blob).digest())
    key = (digest.hexdigest(), names)
    kept = st.session_state.get("upload_parsed")
    if kept is None or kept[0] != key:
        kept = (key, check_dataset(up["options"], up["criteria"], ev, options_name=names[0], criteria_name=names[1],
                                   evidence_name=names[2]))
        st.session_state["upload_parsed"] = kept
    return kept[1]


KINDS = {"options": "options.csv", "criteria": "criteria.yaml", "evidence": "evidence.csv"}  # upload kind -> its file's role


def upload_waiting() -> str | None:
    """What the person must add before their upload is used (one of options.csv and criteria.yaml is there, the
    other not), else None. Without it a lone file was kept and ignored without a word (try6, fifth session)."""
    up = st.session_state.get("uploads") or {}
    have = [k for k in ("options", "criteria") if up.get(k) is not None]
    if len(have) != 1:
        return None
    missing = "criteria" if have == ["options"] else "options"
    yours = f"Your {KINDS[have[0]]} ({up.get(have[0] + '_name', KINDS[have[0]])})"
    if not up[have[0]]:  # an empty file says so now, not only once the other file is there
        return (f"{yours} is empty (0 bytes): upload it again with its content, and {KINDS[missing]} too. "
                "The shipped data is used meanwhile.")
    return f"{yours} is kept: upload {KINDS[missing]} too to use your data. The shipped data is used meanwhile."


def upload_key(kind: str) -> str:
    """The session key of `kind`'s uploader: `upload_<kind>`, with a generation after `clear_uploads`, so the
    uploaders start empty again (a file uploader's value cannot be set from the script)."""
    gen = st.session_state.get("upload_generation", 0)
    return f"upload_{kind}" + (f"_{gen}" if gen else "")


def store_upload(kind: str, key: str | None = None) -> None:
    """Uploader callback: keep the file's bytes and name in session state (None removes them).

    `key` is the uploader's session key (default `upload_<kind>`). A file above UPLOAD_LIMITS[kind] is refused
    with a message and its bytes are not kept.
    """
    f = st.session_state.get(key or f"upload_{kind}")
    up = dict(st.session_state.get("uploads") or {})
    up.pop(f"{kind}_refused", None)
    if f is None:
        up.pop(kind, None)
    elif f.size > UPLOAD_LIMITS[kind]:
        up.pop(kind, None)
        up[f"{kind}_refused"] = Problem(f.name, f"the file is {f.size / 2**20:.1f} MB, above the dashboard's limit of "
                                                f"{UPLOAD_LIMITS[kind] / 2**20:g} MB for {kind} files; use the command line "
                                                "(`scoring rank --options ...`) for files this large", 1)
    else:
        up[kind], up[f"{kind}_name"] = f.getvalue(), f.name
    st.session_state["uploads"] = up
    st.session_state.pop("upload_parsed", None)


def uploads_kept() -> list[str]:
    """The uploads this session keeps, as '<role>: <file name>' in KINDS order (empty: the shipped data)."""
    up = st.session_state.get("uploads") or {}
    return [f"{role}: {up.get(kind + '_name', role)}" for kind, role in KINDS.items() if up.get(kind) is not None]


def clear_uploads() -> None:
    """Button callback: forget every upload of this session, so the shipped data is used again."""
    st.session_state.pop("uploads", None)
    st.session_state.pop("upload_parsed", None)
    st.session_state["upload_generation"] = st.session_state.get("upload_generation", 0) + 1


def with_adjustments(dataset: Dataset) -> Dataset:
    """The dataset with this session's score adjustments (made in the Evidence view) applied."""
    for (oid, cid), value in (st.session_state.get("adjustments") or {}).items():
        if oid in dataset.ids and cid in dataset.criteria.ids:
            dataset = dataset.with_score(oid, cid, value)
    return dataset


def show_problems(problems: list[Problem], heading: str) -> None:
    st.error(f"{heading} ({len(problems)} problem{'s' if len(problems) != 1 else ''}); the shipped data is used meanwhile.")
    from ui.show import message_lines

    message_lines([str(p) for p in problems[:50]] + (["…"] if len(problems) > 50 else []))
