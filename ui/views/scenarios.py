"""Scenarios view: ranks under each future in scenarios.yaml, a rank-by-scenario heatmap, regret."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from scoring.model import Dataset
from scoring.scenarios import DEFAULT_SCENARIOS
from ui.analysis_charts import regret_chart, scenario_rank_heatmap
from ui import show, tables
from ui.text import method_in_words
from ui.views import ViewContext
from ui.views.analysis_common import (KEY, cached_scenarios, fingerprint, md, option_names, scenario_set, shows_problems,
                                      weights_key)


@shows_problems
def render_scenarios(dataset: Dataset, weights: Any, method: str, normalization: str | None,
                     path: str | Path | None = None) -> None:
    """Ranks under each future in scenarios.yaml, a rank-by-scenario heatmap, regret and the minimax-regret choice."""
    file = Path(path) if path else DEFAULT_SCENARIOS
    if not file.exists():
        st.info(f"No scenarios file found ({md(file.name)}).")
        return
    key, w = fingerprint(dataset), weights_key(weights, dataset)
    mtime = file.stat().st_mtime
    sset = scenario_set(key, dataset, str(file), mtime)
    labels = {sc.id: sc.label for sc in sset.scenarios}
    if sset.ignored:
        st.caption(f"{len(sset.ignored)} adjustment(s) name options not in the data shown and change nothing here.")
    # pills, not a multiselect: every scenario's chip drawn whole, wrapped over lines (at 390 px the multiselect's box
    # scrolled and cut its last chip in half: try8); a tap toggles one
    chosen = st.pills("Scenarios", list(labels), selection_mode="multi", default=list(labels),
                      format_func=lambda s: labels[s], key=KEY + "scenarios", width="stretch")
    if not chosen:
        st.info("Choose at least one scenario.")
        return
    result = cached_scenarios(key, dataset, w, method, normalization, str(file), mtime, tuple(chosen))
    names = option_names(dataset)
    picks = ", ".join(md(names[i]) for i in result.minimax)
    worst = result.regret[result.regret["minimax"]]["max_regret"].iloc[0]
    st.success(f"Minimax-regret choice: {picks} (it never falls more than {worst:.3f} score units short of the best "
               f"option in any chosen scenario).")
    st.caption(f"Every scenario is ranked by {method_in_words(method, normalization, 0.5 if method == 'vikor' else None)}, "
               "the method in use.")
    for sc in result.scenarios.scenarios:
        box = show.lazy_expander(sc.label, key=f"{KEY}scen_open_{sc.id}")
        if not box:
            continue
        with box:
            st.text(sc.narrative)
            adj = result.adjustments_table()
            mine = named_adjustments(dataset, adj[adj["scenario"] == sc.id])
            # the reasons and places are long: on a phone a column of them needed a sideways scroll (issue 12), so
            # the table holds the short columns and each reason is listed in full under it, wrapped to the screen
            tables.wrapped(mine[["target", "criterion", "delta"]], {"target": "Option", "criterion": "Criterion"},
                           hide_index=True, room_px=tables.EXPANDER_PX,
                           key_columns=["target", "criterion", "delta"],
                           column_config={"delta": tables.number_column("Change", "+2", format="%+g")})
            st.markdown(adjustment_reasons(mine))
            st.caption("Weight multipliers: " + (md(", ".join(f"{k} x{v:g}" for k, v in sc.weights.items())) or "none"))
    n = len(dataset.ids)
    shown = st.slider("Options in the heatmap", 2, n, min(15, n), key=KEY + "scen_count") if n > 2 else n
    long = result.long_ranks()
    keep = set(result.ranks["id"].head(shown)) | set(result.minimax)
    show.chart(scenario_rank_heatmap(long[long["id"].isin(keep)], scenarios=list(dict.fromkeys(long["label"]))))
    show.chart(regret_chart(result.regret, result.scenarios.ids, [s.label for s in result.scenarios.scenarios]))
    box = show.lazy_expander("Regret table", key=KEY + "scen_regret")
    if box:
        with box:
            frame, config = regret_display(result)
            tables.wrapped(frame, {"title": "Option"}, hide_index=True, width="stretch", room_px=tables.EXPANDER_PX,
                           key_columns=["title", "max_regret"], column_config=config)


def regret_display(result) -> tuple[pd.DataFrame, dict]:
    """The regret table as users read it: option titles (no ids), one column per scenario headed by its label, the
    worst scenario by its label, and every regret written with 3 decimals (try6: headers 'strait-crisis', 0.125 next
    to 0.1266). Returns (frame, column_config); the frame keeps the columns title, max_regret, <scenario ids>,
    worst_scenario, minimax."""
    labels = {sc.id: sc.label for sc in result.scenarios.scenarios}
    frame = result.regret.drop(columns=["id"]).assign(
        worst_scenario=result.regret["worst_scenario"].map(lambda s: labels.get(s, s)))
    config = {"max_regret": tables.number_column("Max regret", "0.000", format="%.3f"),
              **{sid: st.column_config.NumberColumn(label, format="%.3f") for sid, label in labels.items()},
              "worst_scenario": st.column_config.TextColumn("Worst scenario"),
              "minimax": st.column_config.CheckboxColumn("Minimax choice")}
    return frame, config


def named_adjustments(dataset: Dataset, adjustments: pd.DataFrame) -> pd.DataFrame:
    """`adjustments` (columns target, criterion, delta, reason, locator; one row per score change) with the option
    by its title (a theme or 'all options' as the target says) and the criterion by its label."""
    names = {f"option {i}": title for i, title in option_names(dataset).items()}  # target: 'option ID', 'theme T'
    crit = {c.id: c.label for c in dataset.criteria.criteria}
    return adjustments.assign(target=adjustments["target"].map(lambda t: names.get(t, t)),
                              criterion=adjustments["criterion"].map(lambda c: crit.get(c, c)))


def adjustment_reasons(adjustments: pd.DataFrame) -> str:
    """A Markdown list of score changes (`named_adjustments`), one item each, with its reason and place in full."""
    return "\n".join(
        f"- **{md(r.target)}** · {md(r.criterion)} {r.delta:+g}: {md(r.reason)}"
        + (f" — *{md(r.locator)}*" if str(r.locator).strip() else "")
        for r in adjustments.itertuples())


NEEDS_OWN_FILE = ("Scenarios need a scenarios file written for your data: the shipped scenarios.yaml describes the "
                  "shipped options only. Write one (format: docs/analysis.md, section 'Scenarios') and run "
                  "`scoring scenarios --options YOUR.csv --criteria YOUR.yaml --scenarios YOUR_SCENARIOS.yaml`.")


def render(ctx: ViewContext) -> None:
    from ui.data import uploaded_dataset

    own = uploaded_dataset()
    if own is not None and own[0] is not None:  # the user's data: the shipped futures name other options and criteria
        st.info(NEEDS_OWN_FILE)
        return
    render_scenarios(ctx.dataset, ctx.weights, ctx.method, ctx.norm)
