"""The dashboard's views: one module per view, each with `render(ctx: ViewContext) -> None`.

To add a view: write `ui/views/<name>.py` with a `render(ctx)` function and add one line to `VIEWS`
below (label shown in the view switcher -> module). The shell (`dashboard.py`) builds the context
once per rerun from the sidebar, dispatches to the chosen view, and shows any `ScoringError` as a
readable message. Views import lazily, so a view's heavy imports cost nothing until it is opened.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np

from scoring.model import Dataset
from scoring.ranking import Ranking

VIEWS: dict[str, str] = {
    "Rank": "ui.views.rank",
    "Trade-offs": "ui.views.tradeoffs",
    "Methods": "ui.views.methods",
    "Sensitivity": "ui.views.sensitivity",
    "Uncertainty": "ui.views.uncertainty",
    "Scenarios": "ui.views.scenarios",
    "Evidence": "ui.views.evidence",
    "Export": "ui.views.export",
}


@dataclass(frozen=True)
class ViewContext:
    """Everything a view needs from the sidebar, computed once per rerun.

    dataset: the data in use (shipped or uploaded, with session adjustments); raw: the weights as the
    sidebar holds them (one per criterion, not normalized); weights: raw normalized to sum 1 (what the
    engine gets); method, norm: the aggregation method and normalization (None for methods that use
    raw differences); filters: chosen values per filter column; mask: bool per option, True where it
    passes the filters; profile: the profile whose weights are in use unchanged, else None;
    ranking: `rank(dataset, weights, method, norm)` over all options (filters never change ranks).
    """
    dataset: Dataset
    raw: np.ndarray
    weights: np.ndarray
    method: str
    norm: str | None
    filters: dict[str, list[str]]
    mask: np.ndarray
    profile: str | None
    ranking: Ranking

    @property
    def mask_ids(self) -> set[str]:
        return set(np.array(self.dataset.ids)[self.mask])


def render(view: str, ctx: ViewContext) -> None:
    """Draw `view` (a key of VIEWS) in its own place on the page: one slot per view, in VIEWS order, the others
    emptied first. Streamlit keeps the last run's elements on screen (greyed) until a run has replaced them or
    ended; the views shared one place, so after a switch the old view's lower elements stayed under the new one's
    while it was drawn (try6 12: Rank's table and panel under Export's first lines for 1-2 s, 14 s while Export
    first started its chart engine). An emptied slot drops them as the run starts; the view in use keeps its slot,
    so a weight move redraws it in place as before."""
    import streamlit as st

    slots = {name: st.container() if name == view else st.empty() for name in VIEWS}
    with slots[view]:
        importlib.import_module(VIEWS[view]).render(ctx)
