"""Evidence view: the reason and locator behind every score of one option; session-only score adjustments."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frames, tables
from ui.text import escape
from ui.views import ViewContext


# column -> (header, width) for the evidence table; other lower-case columns are capitalized
HEADERS = {"criterion": ("Criterion", None), "basis": ("Basis", None), "quote": ("Quote", 200),
           "locator": ("Where in the text", None)}
WRAPPED = ("criterion", "basis", "locator")  # read in full in the table (wrapped); the quote is listed in full below it
WRAP_PX = 180  # the wrapped columns: with the quote and the short columns the table fits a 1400 px window's main column
KEY_COLUMNS = ("criterion", "score", "basis")  # shown on a 390 px phone without a sideways scroll (ui.tables.fit_px)


def render(ctx: ViewContext) -> None:
    dataset = ctx.dataset
    names = dict(zip(dataset.ids, dataset.titles))
    st.subheader("Why each score")
    oid = st.selectbox("Option", dataset.ids, format_func=names.get, key="ev_option")
    row = dataset.options.set_index("id").loc[oid]
    meta = [f"{k}: {row[k]}" for k in ("author", "publication", "chapter", "locator") if k in row.index and str(row[k]).strip()]
    if "summary" in row.index:
        st.markdown(escape(str(row["summary"])))
    if meta:
        st.caption(" · ".join(meta))
    if len(dataset.evidence) == 0:
        st.info("This data set has no evidence file, so there are no reasons to show.")
    table = frames.evidence_table(dataset, oid)
    has_basis = bool(table["basis"].str.len().any())
    if not has_basis:
        table = table.drop(columns=["basis", "quote"])  # an evidence file without basis/quote columns
    else:
        st.caption("Basis: whether the text says so, we infer it from the text, or the text is silent and the "
                   "score is our judgement. Quote: the words of the text the score rests on.")
    shown = table.drop(columns=["reason"])
    tables.wrapped(shown, {c: HEADERS[c][0] for c in WRAPPED if c in shown.columns}, width_px=WRAP_PX, hide_index=True,
                   key_columns=KEY_COLUMNS, column_config={  # on a phone: criterion, score and basis, the rest to the right
        **{c: st.column_config.Column(c.capitalize()) for c in table.columns if c.islower() and c not in HEADERS},  # one case (D5)
        "score": st.column_config.Column("Score", width=tables.label_px("Score", "5 (3-5)")),
        "adjusted": st.column_config.TextColumn("Adjusted", width="small"),
        "quote": st.column_config.TextColumn(HEADERS["quote"][0], width=HEADERS["quote"][1])})
    # the reasons are the view's main content: in full, wrapped, never cut by a table cell
    st.markdown("\n".join(
        f"- **{escape(r.criterion)}** ({r.score:g}{', ' + escape(r.adjusted) if r.adjusted else ''}): "
        f"{escape(r.reason) if str(r.reason).strip() else '*no reason recorded*'}"
        + (f" — *{escape(r.locator)}*" if str(r.locator).strip() else "")
        + (f" · {escape(r.basis)}" if has_basis and str(r.basis).strip() else "")
        + (f": “{escape(r.quote)}”" if has_basis and str(r.quote).strip() else "")
        for r in table.itertuples()))

    with st.expander("Facilitator: adjust a score for this session"):
        st.caption("The change lives in this browser session only: it is marked ✎, recorded in every export's "
                   "'about', and never written to the shipped files.")
        crit = dataset.criteria
        c1, c2 = st.columns(2)
        cid = c1.selectbox("Criterion", crit.ids, format_func=lambda c: crit[c].label, key="adj_criterion")
        c = crit[cid]
        current = float(row[cid])
        value = c2.number_input("New score", float(c.scale_min), float(c.scale_max), current, step=1.0, key=f"adj_value_{oid}_{cid}")
        b1, b2 = st.columns(2)
        if b1.button("Apply for this session", key="adj_apply"):
            adj = dict(st.session_state.get("adjustments") or {})
            adj[(oid, cid)] = float(value)
            st.session_state["adjustments"] = adj
            st.rerun()
        if b2.button("Undo all adjustments", key="adj_reset", disabled=not st.session_state.get("adjustments")):
            st.session_state["adjustments"] = {}
            st.rerun()
        if dataset.adjustments:
            # the option by its title and the criterion by its label, not their ids (try6 10, the kind)
            made = pd.DataFrame(dataset.adjustments, columns=["option", "criterion", "score"])
            tables.dataframe(made.assign(option=made["option"].map(lambda i: names.get(i, i)),
                                     criterion=made["criterion"].map(lambda c: crit[c].label if c in crit.ids else c)),
                         hide_index=True, column_config={"option": "Option", "criterion": "Criterion",
                                                         "score": st.column_config.NumberColumn("Score", format="%g")})

    st.subheader("All options and their sources")
    cols = ["title", "id", *[c for c in ("author", "chapter", "locator", "theme", "group", "kind", "excludes", "combines_with",
                                         "overlaps", "horizon", "lead") if c in dataset.options.columns]]
    # titles first and in full (wrapped): on a phone the long ids would otherwise take the width (try1); the columns
    # to the right (chapter, locator, overlaps: long texts) need a sideways scroll on a phone, so the selected row's
    # are listed in full under the table (issue 12)
    # the title and the author wrapped whole (try6 7: at 390 px the 75 px Id column broke ids mid-word and the author
    # lost its last name); the id is in the selected row's panel under the table, not in the table
    sources = dataset.options[cols].reset_index(drop=True)
    shown = sources.drop(columns=["id"])
    # and every other column whose longest text is wider than a wrapped column (chapter, locator, overlaps ...): the
    # grid cut them mid-word on one line at 1400 px (try8); wrapped, a text longer than the rows hold ends in ' …' at a
    # word, and the selected row's panel has it in full
    label = {c: str(c).replace("_", " ").capitalize() for c in shown.columns}
    wrap = {"title": "Title", **({"author": "Author"} if "author" in shown.columns else {}),
            **{c: label[c] for c in shown.columns if c not in ("title", "author")
               and max([tables.text_px(v) for v in shown[c].dropna().astype(str)] or [0]) > tables.WRAP_PX}}
    event = tables.wrapped(shown, wrap, hide_index=True, on_select="rerun", selection_mode=tables.PICK_ROW,
                           key="ev_sources", clip=True, key_columns=["title"], column_config={
                               c: st.column_config.Column(label[c]) for c in shown.columns if c not in wrap})
    at = tables.picked_row(event)
    rows = [] if at is None else [at]
    st.caption("The selected row in full (the first until you select one):")
    st.markdown(source_details(sources.iloc[rows[0] if rows and rows[0] < len(sources) else 0]))


def source_details(row: pd.Series) -> str:
    """One option's row of the sources table in Markdown, every column in full: its title in bold, then a line per
    non-empty column ('Chapter: ...'), the column's name capitalized with '_' as a space."""
    lines = [f"**{escape(row['title'])}**"] + [
        f"- {escape(str(col).replace('_', ' ').capitalize())}: {escape(value)}"
        for col, value in row.items() if col != "title" and pd.notna(value) and str(value).strip()]
    return "\n".join(lines)
