"""Build a table: add sources, review candidate recommendations, score option by option with the text
beside you, save options.csv and evidence.csv (the previous files kept).

The page is a thin shell over `scoring.sources` (import, candidates, search, table edits, checks); the
table being built lives in session state until "Save" writes both files together. Meanwhile every change
is kept in the folder's draft (scoring.sources.draft.DRAFT_NAME, written atomically beside the saved files,
never over them): the next visit restores it and says so, with a button to discard it; while the page holds
work that is not saved, a line at the top says so.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from scoring.errors import ScoringError
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, parse_criteria
from scoring.model import CriteriaSet
from scoring.order import natural_key
from scoring.sources import agreement as agr
from scoring.sources import draft, table
from scoring.sources.candidates import DEFAULT_THRESHOLD, find_candidates
from scoring.sources.readers import SUFFIXES
from scoring.sources.store import DB_NAME, documents, import_good_sources, passages, search
from ui import CACHE_TTL_SECONDS, tables
from ui.text import escape

BASES = ("text", "inference", "silent")
BASIS_HELP = {"text": "the text states what the score rests on (quote required)",
              "inference": "our reading of what the text says (quote recommended)",
              "silent": "the text says nothing on this (no quote; give a range or 'No range: why')"}


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_SECONDS)
def _problems(options_csv: bytes, evidence_csv: bytes, criteria_bytes: bytes, criteria_name: str, db: str,
              db_stamp: float, complete: bool) -> list[str]:
    """table.table_problems, once per distinct table, criteria and library version (reruns hit the cache)."""
    def frame(data: bytes) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)

    t = table.Tables(frame(options_csv), frame(evidence_csv))
    return [str(p) for p in table.table_problems(t, criteria_bytes, db if db_stamp else None, criteria_name, complete)]


def _check(t: table.Tables, criteria_bytes: bytes, criteria_name: str, db: Path, complete: bool = False) -> list[str]:
    if t.options.empty:
        return []
    ob, eb = table.table_bytes(t)
    stamp = db.stat().st_mtime if db.exists() else 0.0
    return _problems(ob, eb, criteria_bytes, criteria_name, str(db), stamp, complete)


SHOWN_PROBLEMS = 30


def _problem_list(problems: list[str]) -> None:
    """The problems as `scoring validate` prints them (file, line, column: message), the first SHOWN_PROBLEMS."""
    st.markdown("\n".join(f"- {escape(p)}" for p in problems[:SHOWN_PROBLEMS]))
    if len(problems) > SHOWN_PROBLEMS:
        st.caption(f"… and {len(problems) - SHOWN_PROBLEMS} more (`scoring validate` lists them all).")


def default_folder() -> Path:
    """$SCORING_BUILD_DIR, else `table` in this user's data folder (platformdirs; created when missing).

    Never the shipped data's folder: writing there needs the folder typed in and a tick (see _folder).
    """
    if env := os.environ.get("SCORING_BUILD_DIR"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    from scoring.store import APP_NAME

    folder = Path(user_data_dir(APP_NAME, appauthor=False)) / "table"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_shipped_folder(folder: Path) -> bool:
    try:
        return folder.resolve() == DEFAULT_OPTIONS.parent.resolve()
    except OSError:
        return False


def _folder() -> Path:
    value = st.sidebar.text_input("Table folder", value=str(default_folder()), key="bt_folder",
                                  help="options.csv, evidence.csv, criteria.yaml and sources.db live here; "
                                       f"the shipped table is in {DEFAULT_OPTIONS.parent}")
    return Path(value).expanduser()


def _writable(folder: Path) -> bool:
    """False for the shipped data's folder until the analyst ticks that they mean to change the shipped files."""
    if not is_shipped_folder(folder):
        return True
    return st.sidebar.checkbox("Write into the shipped table", value=False, key="bt_shipped_ok",
                               help="This folder holds the table shipped with the tool (options.csv, "
                                    "evidence.csv); saving changes it. Leave unticked to only read it.")


def _criteria(folder: Path) -> tuple[CriteriaSet | None, bytes, str]:
    path = folder / "criteria.yaml" if (folder / "criteria.yaml").exists() else DEFAULT_CRITERIA
    data = path.read_bytes()
    cs, problems = parse_criteria(data, str(path))
    if cs is None or problems:
        st.error("\n\n".join(escape(p) for p in problems) or f"{path}: cannot read the criteria")
        return None, data, str(path)
    return cs, data, str(path)


def _digest(t: table.Tables) -> str:
    """SHA-256 of the pair as Save would write it (what "saved" and "unsaved" compare)."""
    ob, eb = table.table_bytes(t)
    return hashlib.sha256(ob + b"\0" + eb).hexdigest()


def _complete(t: table.Tables, criteria: CriteriaSet) -> table.Tables:
    """The draft's frames with every column the page edits (a draft written before a criterion was added)."""
    opts, ev = t.options.copy(), t.evidence.copy()
    for col in list(draft.OPTION_COLUMNS) + criteria.ids:
        if col not in opts.columns:
            opts[col] = ""
    for col in draft.EVIDENCE_COLUMNS:
        if col not in ev.columns:
            ev[col] = ""
    return table.Tables(opts, ev)


def _load(folder: Path, criteria: CriteriaSet) -> None:
    """(Re)load the folder's tables into the session when the folder changes, then its draft if it holds work."""
    ss = st.session_state
    if ss.get("bt_loaded") != str(folder):
        try:
            ss["bt_tables"] = table.read_tables(folder, criteria)
        except ScoringError as exc:
            st.error(escape(exc))
            ss["bt_tables"] = table.empty_tables(criteria)
        ss["bt_loaded"] = str(folder)
        ss["bt_candidates"] = None
        ss["bt_editor_version"] = 0
        ss["bt_saved"] = _digest(ss["bt_tables"])
        ss["bt_cand_edited"] = False
        ss["bt_draft_restored"] = None
        ss["bt_draft_key"] = None
        ss["bt_draft_unread"] = None
        try:
            kept = draft.read_draft(folder)
        except ScoringError as exc:  # shown until a new draft replaces it
            ss["bt_draft_unread"] = f"{exc}. It was not restored; it is replaced when you change the table."
            return
        if kept is None:
            return
        restored = _complete(table.Tables(kept.options, kept.evidence), criteria)
        if _digest(restored) == ss["bt_saved"] and kept.candidates is None:
            return  # nothing the saved files do not hold
        ss["bt_tables"] = restored
        if kept.candidates is not None:
            ss["bt_candidates"] = kept.candidates
            ss["bt_cand_threshold"] = kept.threshold
            ss["bt_threshold"] = kept.threshold if kept.threshold is not None else DEFAULT_THRESHOLD
            ss["bt_cand_edited"] = True
        ss["bt_draft_restored"] = (kept.written_at, kept.base != ss["bt_saved"])


def _keep_draft(folder: Path, writable: bool, slot) -> None:
    """Write the draft when the work changed since the last write; say at the top while work is unsaved.

    Runs at the end of each page run (every edit reruns the page), so the draft follows each change.
    """
    ss = st.session_state
    t: table.Tables = ss["bt_tables"]
    now = _digest(t)
    cands = ss.get("bt_candidates") if ss.get("bt_cand_edited") else None
    if now == ss.get("bt_saved") and cands is None:
        slot.empty()
        return
    problem = None
    if writable:
        key = now + (hashlib.sha256(draft.csv_bytes(cands)).hexdigest() if cands is not None else "")
        if ss.get("bt_draft_key") != key:
            try:
                draft.write_draft(folder, t.options, t.evidence, ss["bt_saved"], cands, ss.get("bt_cand_threshold"))
            except ScoringError as exc:
                problem = str(exc)
            else:
                ss["bt_draft_key"] = key
                ss["bt_draft_unread"] = None
    restored = ss.get("bt_draft_restored")
    n = len(t.options)
    what = f"{n} option{'s' if n != 1 else ''}" + (" and the candidate list" if cands is not None else "")
    if restored:
        text = (f"Restored from the draft kept at {escape(restored[0])} UTC in {escape(draft.DRAFT_NAME)}: {what}, "
                "not saved yet. 4 · Save writes options.csv and evidence.csv; “Discard the draft” goes back to the "
                "saved files.")
        if restored[1]:
            text += " The saved files changed after this draft was started."
    else:
        text = f"Not saved yet: {what}. 4 · Save writes options.csv and evidence.csv."
        if writable and problem is None:
            text += f" Meanwhile a draft is kept in {escape(draft.draft_path(folder))}, so a reload loses nothing."
    if problem is not None:
        text += f" The draft could not be kept ({escape(problem)}): save before you close the page."
    elif not writable:
        text += " No draft is kept in the shipped table's folder: save into another folder before you close the page."
    with slot.container():
        st.warning(text)
        if draft.draft_path(folder).exists() and st.button("Discard the draft", key="bt_discard_draft"):
            draft.discard_draft(folder)
            ss["bt_loaded"] = None
            st.rerun()


def build_page() -> None:
    tables.page_style()  # room above every table for its toolbar (one rule for the page)
    st.title("Build a table")
    folder = _folder()
    if not folder.is_dir():
        st.error(f"{escape(folder)}: no such folder; create it or choose another in the sidebar.")
        return
    criteria, criteria_bytes, criteria_name = _criteria(folder)
    if criteria is None:
        return
    _load(folder, criteria)
    writable = _writable(folder)
    if not writable:
        st.info("This is the table shipped with the tool: it is shown read-only. To change the shipped files, "
                "tick “Write into the shipped table” in the sidebar; to build your own table, choose another "
                "folder there.")
    unsaved = st.empty()  # filled at the end of the run, once every tab has made its change
    if st.session_state.get("bt_draft_unread"):
        st.warning(escape(st.session_state["bt_draft_unread"]))
    db = folder / DB_NAME
    t: table.Tables = st.session_state["bt_tables"]
    done, total = table.progress(t, criteria)
    st.progress(done / total if total else 0.0, text=f"{done} of {total} scores with a reason")
    problems = _check(t, criteria_bytes, criteria_name, db)
    if problems:
        with st.expander(f"⚠ {len(problems)} problem{'s' if len(problems) != 1 else ''} in the options scored "
                         "so far", expanded=True):
            _problem_list(problems)
    tabs = st.tabs(["1 · Sources", "2 · Candidates", "3 · Score", "4 · Save", "5 · Agreement"])
    with tabs[0]:
        _sources(folder, db, writable)
    with tabs[1]:
        _candidates(db, criteria)
    with tabs[2]:
        _score(db, criteria, criteria_name == str(DEFAULT_CRITERIA))
    with tabs[3]:
        _save(folder, criteria_bytes, criteria_name, db, writable)
    with tabs[4]:
        _agreement(criteria)
    _keep_draft(folder, writable, unsaved)


# ---------------------------------------------------------------- 1. sources

def _sources(folder: Path, db: Path, writable: bool = True) -> None:
    st.caption("PDF, Word (.docx), HTML, Markdown or plain text. Each file becomes passages with their page, "
               "heading and paragraph, searchable below; a copy is kept in the folder's sources/ for checks.")
    files = st.file_uploader("Add sources", type=sorted({s.lstrip(".") for s in SUFFIXES}), accept_multiple_files=True,
                             key=f"bt_upload_{st.session_state.get('bt_upload_version', 0)}")
    if st.button("Import", key="bt_import", disabled=not files or not writable):
        try:  # the good files are imported; each bad one is named with what is wrong
            results, bad = import_good_sources(db, uploads=[(f.name, f.getvalue()) for f in files or []])
        except ScoringError as exc:  # the library itself (not one of ours, cannot be written): nothing stored
            st.error(escape(exc))
        else:
            keep = folder / "sources"
            keep.mkdir(exist_ok=True)
            stored = {r.path for r in results}
            for f in files or []:
                copy = keep / Path(f.name).name
                if f.name in stored and not (copy.is_file() and copy.read_bytes() == f.getvalue()):  # no .prev- of the same bytes
                    draft.save_tables({copy: f.getvalue()}, force=True)
            if bad:
                n = len(files or [])
                names = ", ".join(escape(r.path) for r in results)
                st.error(f"{len(bad)} of {n} file{'s' if n != 1 else ''} not imported (below); "
                         + (f"imported: {names}." if results else "nothing was imported.")
                         + " Fix or remove the file(s) named below and add them again.")
                for exc in bad:
                    st.error(escape(exc))
            for r in results:
                st.success(f"{r.status}: {escape(r.source)}, {r.passages} passages")
                for w in r.warnings:
                    st.warning(escape(w))
            st.session_state["bt_candidates"] = None
            st.session_state["bt_upload_version"] = st.session_state.get("bt_upload_version", 0) + 1
    if db.exists():
        docs = documents(db)
        if docs:
            tables.dataframe(pd.DataFrame([{"source": d.source, "format": d.format, "title": d.title or "",
                                        "passages": d.passages, "sha256": d.sha256[:12]} for d in docs]),
                         hide_index=True)


# ---------------------------------------------------------------- 2. candidates

def _candidate_frame(db: Path, threshold: float) -> pd.DataFrame:
    taken: set[str] = set()
    rows = []
    for c in find_candidates(passages(db), threshold):
        r = table.candidate_row(c, taken)
        rows.append({**r, "confidence": c.confidence, "actor": c.actor or "", "passage": c.passage.text})
    return pd.DataFrame(rows, columns=["id", "title", "summary", "author", "publication", "chapter", "locator",
                                       "source", "confidence", "actor", "passage"])


def _candidates(db: Path, criteria: CriteriaSet) -> None:
    if not db.exists() or not documents(db):
        st.info("Add sources first: candidates are the passages that read as recommendations.")
        return
    threshold = st.slider("Least confidence", 0.0, 1.0, None if "bt_threshold" in st.session_state else DEFAULT_THRESHOLD,
                          0.05, key="bt_threshold")  # a restored draft sets its threshold
    if st.session_state.get("bt_candidates") is None or st.session_state.get("bt_cand_threshold") != threshold:
        found = _candidate_frame(db, threshold)
        taken = table.in_table(st.session_state["bt_tables"], found["source"], found["locator"])
        st.session_state["bt_candidates"] = found[~taken].reset_index(drop=True)  # accepted earlier (a saved table)
        st.session_state["bt_cand_taken"] = int(taken.sum())
        st.session_state["bt_cand_threshold"] = threshold
        st.session_state["bt_editor_version"] = st.session_state.get("bt_editor_version", 0) + 1
    base: pd.DataFrame = st.session_state["bt_candidates"]
    if taken_before := st.session_state.get("bt_cand_taken", 0):
        st.caption(f"{taken_before} candidate{'s are' if taken_before != 1 else ' is'} left out: "
                   f"{'their passages are' if taken_before != 1 else 'its passage is'} already an option of the table.")
    st.caption(f"{len(base)} candidates. Edit titles and summaries in the table; pick rows below to accept them "
               "as options, merge them into one, or split one into its sentences.")
    edited = tables.data_editor(
        base, key=f"bt_editor_{st.session_state.get('bt_editor_version', 0)}", hide_index=True,
        disabled=["id", "author", "publication", "chapter", "locator", "source", "confidence", "actor", "passage"],
        column_order=["title", "summary", "confidence", "locator", "source", "actor", "passage"],
        column_config={"title": st.column_config.TextColumn("Title", width="large"),
                       "summary": st.column_config.TextColumn("Summary", width="medium"),
                       "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
                       "locator": st.column_config.TextColumn("Locator", width="medium"),
                       "source": st.column_config.TextColumn("Source"),
                       "actor": st.column_config.TextColumn("Actor"),
                       "passage": st.column_config.TextColumn("Passage", width="large")})
    labels = {str(i): f"{r['title']}  ·  {r['source']} · {r['locator']}" for i, r in edited.iterrows()}
    chosen = st.multiselect("Pick candidates", list(labels), format_func=labels.get,
                            key=f"bt_pick_{st.session_state.get('bt_editor_version', 0)}")
    picked = edited.loc[[int(i) for i in chosen]].copy()
    rest = edited.drop(index=[int(i) for i in chosen])
    ver = st.session_state.get("bt_editor_version", 0)
    for i in picked.index:  # the whole title, summary and passage of each picked row, editable before accepting
        with st.container(border=True):
            st.caption(f"{escape(picked.at[i, 'source'])} · {escape(picked.at[i, 'locator'])} · confidence "
                       f"{float(picked.at[i, 'confidence']):.2f}")
            picked.at[i, "title"] = st.text_input("Title", value=str(picked.at[i, "title"]), key=f"bt_ptitle_{ver}_{i}",
                                                  help="a short name for the option; the passage stays its source")
            picked.at[i, "summary"] = st.text_area("Summary", value=str(picked.at[i, "summary"]), height=68,
                                                   key=f"bt_psummary_{ver}_{i}")
            st.markdown(f"> {escape(picked.at[i, 'passage'])}")
    c1, c2, c3 = st.columns(3)
    if c1.button(f"Accept {len(picked)} as options", key="bt_accept", disabled=picked.empty):
        rows = picked.drop(columns=["confidence", "actor", "passage"]).assign(id="").to_dict("records")  # ids from the final titles
        st.session_state["bt_tables"] = table.add_options(st.session_state["bt_tables"], rows, criteria)
        st.session_state["bt_candidates"] = rest.reset_index(drop=True)
        st.session_state["bt_cand_edited"] = True
        st.session_state["bt_editor_version"] += 1
        st.rerun()
    if c2.button("Merge picked", key="bt_merge", disabled=len(picked) < 2):
        merged = table.merge_rows(picked.to_dict("records"))
        merged["passage"] = " … ".join(picked["passage"])
        st.session_state["bt_candidates"] = pd.concat([pd.DataFrame([merged]), rest], ignore_index=True)[base.columns]
        st.session_state["bt_cand_edited"] = True
        st.session_state["bt_editor_version"] += 1
        st.rerun()
    if c3.button("Split picked", key="bt_split", disabled=len(picked) != 1):
        row = picked.iloc[0].to_dict()
        parts = table.split_row(row, str(row["passage"]), set(edited["id"]))
        st.session_state["bt_candidates"] = pd.concat([pd.DataFrame(parts), rest], ignore_index=True)[base.columns]
        st.session_state["bt_cand_edited"] = True
        st.session_state["bt_editor_version"] += 1
        st.rerun()
    t: table.Tables = st.session_state["bt_tables"]
    if len(t.options):
        st.caption(f"The table has {len(t.options)} option{'s' if len(t.options) != 1 else ''}.")
        tables.dataframe(t.options[["id", "title", "locator", "source"]], hide_index=True)


# ---------------------------------------------------------------- 3. score

def _rubric_text(criteria: CriteriaSet, cid: str, kind: str) -> str:
    c = criteria[cid]
    lines = [f"**{escape(c.label)}** ({'more is better' if c.direction == 'benefit' else 'less is better'}; "
             f"{c.scale_min:g}–{c.scale_max:g}). {escape(c.description)}"]
    for point, anchor in sorted(c.rubric.items(), key=lambda kv: natural_key(kv[0])):
        text = anchor.get(kind) or next(iter(anchor.values()), "") if isinstance(anchor, dict) else anchor
        lines.append(f"- **{point}**: {escape(text)}")
    return "\n".join(lines)


SHIPPED_CRITERIA_NOTE = ("These are the **shipped criteria** (the table folder has no criteria.yaml): their rubrics "
                         "speak of the shipped briefs and authors. To score your own briefs against your own "
                         "criteria, put a criteria.yaml in the table folder (copy the shipped one and edit its "
                         "labels and rubric anchors; docs/authoring.md and docs/data.md) and reload the page.")


def _score(db: Path, criteria: CriteriaSet, shipped_criteria: bool = False) -> None:
    t: table.Tables = st.session_state["bt_tables"]
    if t.options.empty:
        st.info("Accept candidates (or open a folder with an options.csv) to score them.")
        return
    if shipped_criteria:
        st.info(SHIPPED_CRITERIA_NOTE)
    ids = t.options["id"].astype(str).tolist()
    titles = dict(zip(ids, t.options["title"].astype(str)))
    c1, c2 = st.columns(2)
    oid = c1.selectbox("Option", ids, format_func=lambda i: f"{i} — {titles[i]}", key="bt_option")
    cid = c2.selectbox("Criterion", criteria.ids, format_func=lambda c: criteria[c].label, key="bt_criterion")
    row = t.options.set_index("id").loc[oid]
    ev = t.evidence[(t.evidence["option_id"] == oid) & (t.evidence["criterion_id"] == cid)]
    current = ev.iloc[0].to_dict() if len(ev) else {}
    lib = passages(db) if db.exists() and documents(db) else []
    own = table.option_passages(row.to_dict() | {"id": oid}, lib) if lib else []

    left, right = st.columns(2)
    with left:
        st.markdown(_rubric_text(criteria, cid, str(row.get("kind", "")) if "kind" in row.index else ""))
        st.markdown("**The option's passage**")
        if not own:
            st.caption("No passage found for this option's locator in the library.")
        for p in own:
            st.caption(f"{escape(p.source)} · {escape(p.locator)}")
            st.markdown(f"> {escape(p.text)}")
    with right:
        query = st.text_input("Search all sources", key="bt_query", placeholder="words the reason rests on")
        hits = search(db, query, 5) if query.strip() and lib else []
        for h in hits:
            st.caption(f"{escape(h.passage.source)} · {escape(h.passage.locator)}")
            st.markdown(f"> {escape(h.passage.text)}")

    st.divider()
    c = criteria[cid]
    k = f"{oid}__{cid}"
    points = list(range(int(c.scale_min), int(c.scale_max) + 1))
    now = str(row.get(cid, "")).strip()
    score = st.radio("Score", points, index=points.index(int(float(now))) if now else None, horizontal=True,
                     key=f"bt_score_{k}")
    low_now, high_now = str(row.get(f"{cid}_low", "") or "").strip(), str(row.get(f"{cid}_high", "") or "").strip()
    ranged = st.checkbox("Uncertain: give a range", value=bool(low_now), key=f"bt_ranged_{k}")
    low = high = None
    if ranged:
        r1, r2 = st.columns(2)
        low = r1.selectbox("Low", points, index=points.index(int(float(low_now))) if low_now else 0, key=f"bt_low_{k}")
        high = r2.selectbox("High", points, index=points.index(int(float(high_now))) if high_now else len(points) - 1,
                            key=f"bt_high_{k}")
    basis_now = str(current.get("basis", "")) if str(current.get("basis", "")) in BASES else None
    basis = st.radio("Basis", BASES, index=BASES.index(basis_now) if basis_now else None, horizontal=True,
                     key=f"bt_basis_{k}", captions=[BASIS_HELP[b] for b in BASES])
    reason = st.text_area("Reason (one sentence)", value=str(current.get("rationale", "")), key=f"bt_reason_{k}")

    src = str(row.get("source", ""))
    choices = [(f"{p.source} · {p.locator}", p) for p in own] + \
        [(f"{h.passage.source} · {h.passage.locator}", h.passage) for h in hits if h.passage.source == src]
    choices = list(dict(choices).items())  # a search hit that is the option's own passage is listed once
    if any(h.passage.source != src for h in hits):
        st.caption(f"Quotes come from the option's own source ({escape(src)}); hits in other sources are for reading.")
    quote, locator = str(current.get("quote", "")), str(current.get("locator", "") or row.get("locator", ""))
    if basis != "silent" and choices:
        labels = ["(keep the current quote)" if quote else "(no quote)"] + [lbl for lbl, _ in choices]
        pick = st.selectbox("Quote from", labels, key=f"bt_qsrc_{k}")
        if pick != labels[0]:
            passage = dict(choices)[pick]
            words = passage.text.split(" ")
            a, b = st.select_slider("Select the quote (first and last word)", options=list(range(len(words))),
                                    value=(0, min(len(words) - 1, 24)), format_func=lambda i: f"{i + 1}: {words[i]}",
                                    key=f"bt_qspan_{k}_{pick}")
            quote = " ".join(words[a:b + 1])  # a span of the passage: verbatim by construction
            locator = passage.locator
    elif basis == "silent":
        quote = ""
    if quote:
        st.markdown(f"Quote ({len(quote.split())} words): “{escape(quote)}”")
    elif basis == "text":
        st.caption("Basis text needs a quote: pick a passage under “Quote from” (or choose basis inference).")
    if st.button("Save this score", type="primary", key=f"bt_save_score_{k}",
                 disabled=score is None or basis is None or not reason.strip()):
        try:
            st.session_state["bt_tables"] = table.set_score(t, oid, cid, int(score), reason, str(basis), quote,
                                                            locator, low, high)
        except ScoringError as exc:  # the same basis/quote/range rules as `scoring validate`; nothing saved
            st.error("Not saved: " + "\n\n".join(escape(p) for p in exc.problems))
        else:
            st.toast(f"{oid} / {cid}: {score}")
            st.rerun()


# ---------------------------------------------------------------- 4. save

def _save(folder: Path, criteria_bytes: bytes, criteria_name: str, db: Path, writable: bool = True) -> None:
    t: table.Tables = st.session_state["bt_tables"]
    st.caption("Writes options.csv and evidence.csv together; existing files are kept as .prev- copies first.")
    if st.button("Save options.csv and evidence.csv", key="bt_save", disabled=t.options.empty or not writable):
        ob, eb = table.table_bytes(t)
        try:
            kept = draft.save_tables({folder / "options.csv": ob, folder / "evidence.csv": eb}, force=True)
        except ScoringError as exc:
            st.error(escape(exc))
        else:
            st.session_state["bt_saved"] = _digest(t)
            st.session_state["bt_cand_edited"] = False
            st.session_state["bt_draft_restored"] = None
            st.session_state["bt_draft_key"] = None
            draft.discard_draft(folder)
            st.success(f"Saved {len(t.options)} options to {escape(folder)}."
                       + (f" Kept {', '.join(escape(k.name) for k in kept)}." if kept else ""))
    full = _check(t, criteria_bytes, criteria_name, db, complete=True)
    if t.options.empty:
        return
    if full:
        st.warning(f"Not ready for a workshop yet: {len(full)} problem{'s' if len(full) != 1 else ''} "
                   "(`scoring validate` would list the same):")
        _problem_list(full)
    else:
        st.success("Valid: every option scored with a reason, every quote found in its source.")


# ---------------------------------------------------------------- 5. agreement

def _agreement(criteria: CriteriaSet) -> None:
    st.caption("Two analysts score the same options independently, each into their own options.csv. Weighted "
               "Cohen's kappa per criterion (Cohen 1968, quadratic weights; 1 = perfect, 0 = chance) and "
               "Krippendorff's alpha, ordinal (Krippendorff 2004, 2011; >= 0.8 reliable, >= 0.667 tentative), "
               "then the cells to reconcile, largest disagreement first. Same as `scoring agreement A B`.")
    c1, c2 = st.columns(2)
    fa = c1.file_uploader("Analyst A's options.csv", type=["csv"], key="bt_agree_a")
    fb = c2.file_uploader("Analyst B's options.csv", type=["csv"], key="bt_agree_b")
    if fa is None or fb is None:
        return
    try:
        def frame(f) -> pd.DataFrame:
            try:
                return pd.read_csv(io.BytesIO(f.getvalue()), dtype=str, keep_default_na=False).replace({"": None})
            except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
                raise ScoringError.at(f.name, f"cannot read this CSV: {exc}") from None

        result = agr.agreement(frame(fa), frame(fb), criteria, fa.name, fb.name)
    except ScoringError as exc:
        st.error(escape(exc))
        return
    tables.dataframe(agr.agreement_table(result), hide_index=True)
    overall = agr.overall_text(result, alpha_name="Krippendorff's alpha")
    st.markdown(f"Overall (all cells): {escape(overall)}")
    for line in agr.agreement_notes(result):
        st.info(escape(line))
    cells = agr.reconcile_table(result)
    st.markdown(f"**{len(cells)} cell{'s' if len(cells) != 1 else ''} to reconcile**")
    if len(cells):
        tables.dataframe(cells, hide_index=True)
