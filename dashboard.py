"""Streamlit dashboard: weights in, ranking, trade-offs, robustness and evidence out.

The shell only: page config, the sidebar (`ui/sidebar.py`), the data in use (`ui/data.py`) and the
dispatch to one module per view (`ui/views/`, registered in `ui/views/__init__.py`). Chart builders
live in `ui/charts.py`, `ui/analysis_charts.py` and `ui/workshop_charts.py`; the engine in `scoring/`.
Run with `streamlit run dashboard.py`; the Join workshop, Facilitator and Build a table pages (`pages/`)
are declared in `navigate` at the end.
"""
from __future__ import annotations

import logging
import os
import time

import numpy as np
import streamlit as st

from scoring.errors import ScoringError
from scoring.model import Dataset
from scoring.ranking import rank
from scoring.weights import normalize_weights
from ui import show, sidebar, state, tables
from ui.data import shipped_dataset, show_problems, upload_waiting, uploaded_dataset, with_adjustments
from ui.text import for_page, plural
from ui.views import VIEWS, ViewContext, render

LOG = logging.getLogger("scoring.dashboard")
RENDER_LOG = os.environ.get("SCORING_RENDER_LOG")  # bench/bench_browser.py reads each rerun's server time here


def main() -> None:
    started = time.perf_counter()
    st.set_page_config(page_title="Policy option scoring", page_icon="⚖️", layout="wide")
    tables.page_style()  # room above every table for its toolbar: one style rule, not an element per table
    try:
        render_page()
    except ScoringError as exc:
        st.error("This cannot be shown with the current settings:")
        show.message_lines(for_page(exc))
    except Exception as exc:  # never a traceback in the page: say what failed, log the details for the maintainer
        LOG.exception("dashboard rerun failed")
        st.error(f"Something went wrong while drawing this page ({type(exc).__name__}: {exc}). Change a setting or "
                 "reload the page; the details are in the server's log.")
    finally:  # server-side time of this rerun, read by bench/bench_dashboard.py and bench/bench_browser.py
        ms = (time.perf_counter() - started) * 1000
        st.session_state["render_ms"] = ms
        if RENDER_LOG:
            with open(RENDER_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"{ms:.1f}\n")


def render_page() -> None:
    shipped, problems = shipped_dataset()
    if shipped is None:
        st.error("The data files could not be loaded:")
        show.message_lines([str(p) for p in problems])
        st.stop()
    dataset = shipped
    upload = uploaded_dataset()
    waiting = upload_waiting() if upload is None else None
    if waiting:
        st.info(waiting)
    up_problems: list = []
    if upload is not None:
        up_data, up_problems = upload
        if up_data is None:
            show_problems(up_problems, "Your files could not be used")
        else:
            dataset = up_data
            st.success(f"Using your data: {plural(len(dataset.options), 'option')}, {plural(len(dataset.criteria), 'criterion', 'criteria')}.")
    state.retain(st.session_state, dataset.criteria.ids)  # before those widgets: closed sections, other views keep theirs
    sidebar.init_state(dataset)  # a first run reads the address, its score adjustments too: apply them after it
    with st.sidebar:  # after `retain` and `init_state`, which set widget values (its section's open state too)
        st.title("Policy option scoring")
        sidebar.upload_controls(in_use=dataset is not shipped, problems=up_problems if dataset is shipped else (),
                                waiting=waiting)
    dataset = with_adjustments(dataset)
    raw, method, norm, filters = sidebar.choices(dataset)  # from session state: the sidebar is drawn after the view
    weights = normalize_weights(raw)
    try:
        render_view(dataset, raw, weights, method, norm, filters)
    finally:
        with st.sidebar:
            sidebar.draw(dataset, weights)


def render_view(dataset: Dataset, raw: np.ndarray, weights: np.ndarray, method: str, norm: str | None,
                filters: dict[str, list[str]]) -> None:
    """The view switcher, the address, and the chosen view (its errors shown, never a traceback)."""
    if st.session_state.get("view") not in VIEWS:
        st.session_state["view"] = "Rank"
    view = st.segmented_control("View", list(VIEWS), key="view", label_visibility="collapsed") or "Rank"
    profile = sidebar.profile_in_use(dataset, raw)

    def write_address() -> None:
        """Every choice into the address bar, before the view draws (so the address never lags the page).

        The view's widgets are in session state from the rerun that created them; one created in this very
        rerun (a view opened for the first time) joins the address on the next rerun.
        """
        params = state.encode({cid: float(v) for cid, v in zip(dataset.criteria.ids, raw)}, method, norm,
                              st.session_state.get("profile") if st.session_state.get("profile") in dataset.criteria.profiles else None,
                              view, filters)
        params.update(state.encode_widgets(st.session_state, dataset.criteria.ids))
        if params != st.query_params.to_dict():
            st.query_params.from_dict(params)

    write_address()
    mask = sidebar.filter_mask(dataset, filters)
    if not mask.any():
        st.warning("No option matches the filters.")
        return
    try:
        ranking = rank(dataset, weights, method, norm, **sidebar.method_options(method))  # as the CLI does
        render(view, ViewContext(dataset=dataset, raw=raw, weights=weights, method=method, norm=norm, filters=filters,
                                 mask=mask, profile=profile, ranking=ranking))
    except ScoringError as exc:
        st.error("This view cannot be shown with the current settings:")
        show.message_lines(for_page(exc))
    except Exception as exc:  # a view's bug must not take the page down or show a traceback
        LOG.exception("view %s failed", view)
        st.error(f"The {view} view could not be drawn ({type(exc).__name__}: {exc}). The other views still work; "
                 "the details are in the server's log.")

TITLE = "Policy option scoring"  # the main page's name in the page list and the browser tab (issue 12)
PAGES = ("pages/1_Join_workshop.py", "pages/2_Facilitator.py", "pages/3_Build_a_table.py")  # in the list's order


def navigate() -> None:
    """Declare the app's pages and run the one the address names. Without this Streamlit lists the pages of
    `pages/` under the entry file's name, 'dashboard'; the other pages keep the names and addresses it gives
    their files ('Join workshop' at /Join_workshop, which the room's ?code links use)."""
    pages = [st.Page(main, title=TITLE, icon="⚖️", url_path="", default=True), *(st.Page(p) for p in PAGES)]
    st.navigation(pages).run()


navigate()
