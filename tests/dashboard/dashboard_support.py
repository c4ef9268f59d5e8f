"""Helpers for the dashboard tests: the app under AppTest and the engine's expectations."""
from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from scoring import load_dataset, rank
from support import ROOT

APP = str(ROOT / "dashboard.py")


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


ONE_CRITERION = b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n"


def upload(at: AppTest, options: bytes, criteria: bytes = ONE_CRITERION, options_name: str = "mine.csv",
           criteria_name: str = "mine.yaml") -> AppTest:
    """`at` rerun with these files uploaded (as the sidebar's uploaders keep them in session state)."""
    at.session_state["uploads"] = {"options": options, "options_name": options_name,
                                   "criteria": criteria, "criteria_name": criteria_name}
    return at.run()


def slider_weights(at: AppTest, ids: list[str]) -> np.ndarray:
    return np.array([at.slider(key=f"w_{cid}").value for cid in ids], dtype=float)


def weight_change_that_moves_the_top(dataset=None) -> tuple[str, float, str, str]:
    """(criterion, new slider value, top before, top after) for one slider move that changes the top option."""
    dataset = dataset or load_dataset()
    raw = dataset.criteria.default_weights
    before = rank(dataset, raw).top
    for j, cid in enumerate(dataset.criteria.ids):
        for value in (10.0, 0.0):
            w = raw.copy()
            w[j] = value
            after = rank(dataset, w)
            if after.top != before and (after.table["rank"] == 1).sum() == 1:
                return cid, value, before, after.top
    raise AssertionError("no single slider move changes the top option on the shipped data")


def profile_box(at: AppTest):
    """The sidebar's profile box (its key follows the profile in use: ui.sidebar.profile_box_key)."""
    return next(box for box in at.selectbox if box.label == "Start from a profile")
