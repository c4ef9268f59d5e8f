"""Rank view: the ranked table, the chosen option in full, and each criterion's contribution to each score."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import rank_movement
from scoring.errors import ScoringError
from scoring.methods import METHODS
from scoring.ranking import rank
from scoring.uncertain import basis_share_table
from ui import charts, frames, show, tables
from ui.text import escape
from ui.views import ViewContext


RANK_PX = tables.RANK_PX  # the rank column
SCORE_PX = tables.NUMBER_PX  # the score ("0.700"): rank, title and score show on a 390 px phone (issue 12)
KEY_COLUMNS = ("rank", "title", "score")  # on a phone these show without a sideways scroll; the rest follow
TITLE_PX = tables.fit_px(RANK_PX, SCORE_PX, selectable=True)  # the wrapped title: what the phone leaves
SELECTED_TITLE_PX = 300  # the selected title above the table: about 35 characters, so the line is two on a phone


def standing(scores: pd.Series, higher_is_better: bool) -> pd.Series:
    """0-1 bar length where longer is always better: the score itself when higher is better (0-1 methods),
    else how far below the worst score an option is, relative to the spread (VIKOR's Q: lower is better)."""
    s = scores.astype(float)
    if higher_is_better:
        return s
    spread = float(s.max() - s.min())
    return (s.max() - s) / spread if spread > 0 else pd.Series(1.0, index=s.index)


def render(ctx: ViewContext) -> None:
    dataset, ranking, mask_ids = ctx.dataset, ctx.ranking, ctx.mask_ids
    baseline = dataset.memo(("equal-weights", ctx.method, ctx.norm, tuple(sorted(ranking.settings.items()))),
                            lambda: rank(dataset, np.ones(len(dataset.criteria)), ctx.method, ctx.norm, **ranking.settings))
    table = ranking.table
    moved = rank_movement(table, baseline.table).reindex(table["id"])
    adjusted = {o for o, _, _ in dataset.adjustments}
    better = ranking.higher_is_better
    shown = pd.DataFrame({  # the title right after the rank: on a phone the name is what must show (review3 D2)
        "rank": table["rank"], "title": table["title"] + [" ✎" if i in adjusted else "" for i in table["id"]],
        "score": table["score"], "standing": standing(table["score"], better).to_numpy(),
        "vs equal weights": moved.to_numpy(dtype=int),  # a number, so it sorts as one ('▲ 10' came before '▲ 2')
        "theme": table.get("theme", ""), "author": table.get("author", ""), "id": table["id"]})
    basis_known = bool((dataset.basis_matrix() != "unknown").any()) and METHODS[ranking.method].additive
    if basis_known and st.toggle("Show how much of each score rests on the text", key="rank_basis_share",
                                 help="Share of each option's weighted score from criteria whose score the text states, "
                                      "that we infer from the text, or where the text is silent (our judgement)."):
        shares = basis_share_table(dataset, table)
        for col, name in (("text", "from text"), ("inference", "inferred"), ("silent", "judgement")):
            shown[name] = shares[col].to_numpy()
    shown = shown[shown["id"].isin(mask_ids)].reset_index(drop=True)
    label = METHODS[ranking.method].label
    st.subheader(f"Ranking · {label}")
    top = table[table["rank"] == 1]
    names = " · ".join(top["title"].tolist())
    st.markdown(f"**Top option:** {escape(names)}" + (" (tied)" if len(top) > 1 else ""))
    hidden = [t for i, t in zip(top["id"], top["title"]) if i not in mask_ids]
    if hidden:
        st.info(f"The top option is not in the table: the filters hide {escape(' · '.join(hidden))}. "
                f"Ranks count every option; the first row shown is rank {int(shown['rank'].min())}.")
    bar = "Standing" if better else "Standing (1 = best Q)"
    st.caption(f"Score: {'higher' if better else 'lower'} is better. The table's {bar} bar is always longer for better options"
               + ("" if better else f" ({label}'s Q is lower for better options, so the bar shows how far below the "
                                    "worst Q an option is)")
               + ". 'vs equal weights': places gained (+) or lost (-) against equal weights. ✎ = a score adjusted "
                 "this session.")
    for text in ranking.warnings:  # e.g. a weighted product erased by a single 0
        st.warning(text)
    method_notes(table, ranking.method)
    picked = st.empty()  # the selected row, right above the table: on a phone a tap changes what is on screen
    event = tables.wrapped(shown, {"title": "Option"}, hide_index=True, on_select="rerun", selection_mode=tables.PICK_ROW,
                           key="rank_table", key_columns=KEY_COLUMNS, clip=True,  # rows as tall as most titles need, the
                           column_config={  # rare longer title shortened with '…' and whole in the panel (issue 12)
                               "rank": st.column_config.NumberColumn("Rank", width=RANK_PX),
                               "standing": st.column_config.ProgressColumn(bar, min_value=0.0, max_value=max(float(shown["standing"].max()), 1e-9)
                                                                           if better else 1.0, format="%.3f", width="medium"),
                               "score": st.column_config.NumberColumn("Score" if better else "Q", format="%.3f", width=SCORE_PX),
                               "vs equal weights": st.column_config.NumberColumn(
                                   "vs equal weights", format=frames.MOVEMENT_FORMAT,
                                   help="Places gained (+) or lost (-) against the ranking under equal weights"),
                               **{name: st.column_config.NumberColumn(name.capitalize(), format="percent", width="small")
                                  for name in ("from text", "inferred", "judgement")},
                               "id": None})
    at = tables.picked_row(event)
    rows = [] if at is None else [at]
    pick = shown.iloc[rows[0]] if rows and rows[0] < len(shown) else shown.iloc[0]
    picked.markdown(selected_line(pick))
    _detail(dataset, pick, "score" if better else f"{label}'s Q (lower is better)")

    box = show.lazy_expander("Why these scores: each criterion's contribution, as a chart", key="rank_contrib")
    if box:  # drawn only when open: a closed chart of 53 rows cost ~100 ms of the browser's time per weight move
        with box:
            show.chart(contributions(dataset, ranking, ctx.mask_ids))
    reference_weights_panel(dataset, ctx.weights)


def selected_line(row: pd.Series) -> str:
    """The line above the Rank table naming the selected row (`row`: rank, title), in Markdown: 'Selected: #2 · title
    — in full under the table'. Two lines at most on a 390 px phone (the title shortened to one line's width with
    ' …'), whichever row is selected, so a tap does not move the table (issue 12: at 390 px the panel under the
    table was off screen, and a tap on a row changed nothing a phone user could see)."""
    title = tables.shorten(row["title"], 1, SELECTED_TITLE_PX)
    return f"**Selected:** #{int(row['rank'])} · {escape(title)} — in full under the table ↓"


def contributions(dataset, ranking, mask_ids) -> alt.Chart | alt.LayerChart:
    """The contributions chart as the Rank view draws it, and as the Export view's file draws it (one builder,
    so the file holds the rows, the order and the words on screen): one row per option shown (`mask_ids`),
    in the table's order whatever the method. A method that does not add up per criterion (TOPSIS, VIKOR,
    PROMETHEE, weighted product) gets the weighted sum's contributions, and the chart's subtitle and axis say
    so (`charts.contributions_texts`)."""
    table = ranking.table
    method = METHODS[ranking.method]
    contrib = table if method.additive else rank(dataset, np.array(list(ranking.weights.values())), "weighted-sum").table
    order = [t for i, t in zip(table["id"], table["title"]) if i in mask_ids]  # the table's order, whatever the method
    contrib = contrib[contrib["id"].isin(mask_ids)]
    # without the reasons: they were 85% of the page's bytes, resent on every weight change (280 KB of 330 KB
    # for 61 options, 900 KB for 200), and a tooltip cannot be read on a phone; the selected option's reasons
    # are in full in its panel above, every option's in the Evidence view
    long = frames.contributions_long(contrib, dataset, with_reasons=False)
    subtitle, x_title = charts.contributions_texts(method.label, method.additive)
    return charts.contributions_chart(long, [c.label for c in dataset.criteria.criteria], order,
                                      subtitle=subtitle, x_title=x_title)


def method_notes(table: pd.DataFrame, method: str) -> None:
    """What a method reports beside its score: VIKOR's compromise set, PROMETHEE I's incomparabilities."""
    if method == "vikor" and "compromise" in table:
        names = table.loc[table["compromise"].astype(bool), "title"].tolist()
        st.caption(f"VIKOR compromise solution (Opricovic & Tzeng 2004): {escape(' · '.join(names))}"
                   + (" — one option has both an acceptable advantage and acceptable stability." if len(names) == 1 else
                      " — no single option is far enough ahead by Q, or the first by Q is not also first by S or R."))
    if method == "promethee" and "incomparable" in table:
        n = int((table["incomparable"] > 0).sum())
        st.caption(f"PROMETHEE I: {n} option{'s' if n != 1 else ''} lead another on one flow (phi+) and trail it on the "
                   "other (phi-); the net flow ranks them anyway, the partial ranking calls them incomparable.")


def reference_weights_panel(dataset, weights: np.ndarray) -> None:
    """What the scores alone would say (entropy, CRITIC) beside the weights in use; never applied."""
    from scoring.weights import reference_weights

    box = show.lazy_expander("What the scores alone would say (entropy, CRITIC weights)", key="rank_reference")
    if not box:
        return
    with box:
        try:
            ref = dataset.memo(("reference-weights",), lambda: reference_weights(dataset.matrix, dataset.criteria.is_cost))
        except ScoringError as exc:
            st.caption(str(exc))
            return
        st.caption("Weights computed from how much each criterion spreads the options (entropy, Hwang & Yoon 1981) "
                   "and how much it differs from the others (CRITIC, Diakoulaki et al. 1995). They describe the data, "
                   "not what matters to anyone: for comparison only, never used as the weights.")
        frame = pd.DataFrame({"criterion": [c.label for c in dataset.criteria.criteria], "yours": weights,
                              "entropy": ref["entropy"], "CRITIC": ref["critic"]})
        tables.wrapped(frame, {"criterion": "Criterion"}, key_columns=list(frame.columns), room_px=tables.EXPANDER_PX,
                       column_config={k: tables.number_column(label, format="%.3f")
                                      for k, label in {"yours": "Yours", "entropy": "Entropy", "CRITIC": "CRITIC"}.items()})


def _detail(dataset, row: pd.Series, score_name: str = "score") -> None:
    """The selected option in full: title, rank, score (named `score_name`: VIKOR's Q of 0.000 is the best, not a
    zero score), theme, summary and the reason for each score, wrapped to the page width."""
    at = dataset.ids.index(row["id"])  # its row in the data (no re-indexing of the whole frame per rerun)
    summary = str(dataset.options["summary"].iloc[at]) if "summary" in dataset.options.columns else ""
    with st.container(border=True):
        st.markdown(f"**#{int(row['rank'])} · {escape(row['title'])}**")
        meta = [f"{score_name} {row['score']:.3f}"] + [f"{k}: {row[k]}" for k in ("theme", "author") if str(row.get(k, "")).strip()]
        st.caption(escape(" · ".join(meta)))
        if summary.strip():
            st.markdown(escape(summary))
        ev = dataset.evidence
        mine = ev[ev["option_id"] == row["id"]] if len(ev) else ev
        read = frames.rationale_reader(dataset)
        why = {r["criterion_id"]: frames.reason_text(read(row["id"], r["rationale"]), r["locator"], r.get("basis", "unknown"),
                                                     r.get("quote", ""))
               for r in mine.to_dict("records")}
        lines = [f"- **{escape(c.label)}** ({float(dataset.matrix[at, j]):g}): {escape(why[c.id])}"
                 for j, c in enumerate(dataset.criteria.criteria) if str(why.get(c.id, "")).strip()]
        # the reasons behind the contributions chart's bars, in full (a tooltip cannot be read on a phone); drawn
        # only while open, as every closed section (a first page drew ~3 KB of hidden Markdown, each weight move again)
        if lines and (box := show.lazy_expander("Why each score", key="rank_why")):
            with box:
                st.markdown("\n".join(lines))
