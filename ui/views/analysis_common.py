"""Shared by the robustness views (sensitivity, uncertainty, scenarios): cached engine calls and text escaping.

Each robustness view module (`ui/views/sensitivity.py`, `uncertainty.py`, `scenarios.py`) has a
`render_<name>(dataset, weights, method, normalization)` usable on its own, and the dashboard's
`render(ctx)`. Heavy work is cached with st.cache_data keyed on a
fingerprint of the data and on the (hashable) settings; the dataset itself is passed unhashed.
Every problem is shown as a readable message, never a traceback; text from the data is shown as
data (tables, charts, escaped markdown), never as HTML.
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Any, Callable

import numpy as np
import pandas as pd
import streamlit as st

from scoring.errors import ScoringError
from scoring.model import Dataset
from scoring.ranking import rank
from scoring.scenarios import ScenarioSet, analyse_scenarios, load_scenarios
from scoring.sensitivity import flip_points, stability_intervals, weight_sweep
from scoring.smaa import smaa
from ui import CACHE_TTL_SECONDS
from ui.text import for_page, pair_names

KEY = "analysis_"  # prefix of every widget key, so nothing clashes with the rest of the dashboard
FIRST_BELOW = 0.5  # the top option is fragile if it comes first in fewer draws than this
MAX_SPAN = 3  # any option is fragile if its 90% rank interval covers more ranks than this


def md(text: Any) -> str:
    """Escape markdown so that text from the data shows literally."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", str(text))


def fingerprint(dataset: Dataset) -> str:
    """A cache key for a dataset: ids, criteria and every score and range, so edits and subsets count."""
    h = hashlib.sha256()
    h.update("\x1f".join(dataset.ids).encode())
    h.update(dataset.criteria.sha256.encode())
    h.update("\x1f".join(dataset.criteria.ids).encode())
    for arr in (dataset.matrix, dataset.low, dataset.high):
        h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
    if "theme" in dataset.options.columns:
        h.update("\x1f".join(map(str, dataset.options["theme"])).encode())
    return h.hexdigest()


def weights_key(weights: Any, dataset: Dataset) -> tuple[float, ...]:
    w = dataset.criteria.default_weights if weights is None else np.asarray(weights, dtype=float)
    return tuple(float(x) for x in w)


def option_names(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.ids, dataset.titles))


# ---------------------------------------------------------------- cached computations

@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_SECONDS)
def cached_stability(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None) -> pd.DataFrame:
    return stability_intervals(_dataset, np.array(weights), method, normalization)


def sweep_points(n: int) -> int:
    """Grid points of the dashboard's weight sweep: 101, or fewer when the sweep of `n` options would pass
    what one analysis may hold (sensitivity.MAX_ANALYSIS_BYTES; 20,000 options: 82), so it is drawn, not refused."""
    from scoring.sensitivity import MAX_ANALYSIS_BYTES, SWEEP_BYTES_PER_CELL

    return int(max(2, min(101, MAX_ANALYSIS_BYTES // (SWEEP_BYTES_PER_CELL * max(n, 1)) - 1)))


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_SECONDS)
def cached_sweep(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
           criterion: str, shown: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, float, str, bool]:
    sw = weight_sweep(_dataset, np.array(weights), criterion, method, normalization, points=sweep_points(len(_dataset.ids)),
                      crossings_among=list(shown))
    frame = sw.frame()
    frame = frame[frame["id"].isin(shown)]
    cross = sw.crossings.copy()
    names = option_names(_dataset)
    cross["title_a"] = cross["option_a"].map(names)
    cross["title_b"] = cross["option_b"].map(names)
    return frame, cross, sw.current, sw.label, sw.higher_is_better


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_SECONDS)
def cached_flips(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
           a: str, b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    fp = flip_points(_dataset, a, b, np.array(weights), method, normalization, names=pair_names(a, b))  # 'A', 'B' in sentences
    return fp.table, fp.segments


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL_SECONDS)
def cached_smaa(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
          samples: int, seed: int, weights_mode: str, concentration: float, score_mode: str):
    return smaa(_dataset, np.array(weights), method, normalization, samples=samples, seed=seed,
                weights_mode=weights_mode, concentration=concentration, score_mode=score_mode)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=CACHE_TTL_SECONDS)
def scenario_set(key: str, _dataset: Dataset, path: str, mtime: float) -> ScenarioSet:
    """Parsed once per data set and file version: a weight change must not re-read the YAML. Never mutated."""
    return load_scenarios(_dataset, path, strict=False)


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL_SECONDS)
def cached_scenarios(key: str, _dataset: Dataset, weights: tuple[float, ...], method: str, normalization: str | None,
               path: str, mtime: float, chosen: tuple[str, ...]):
    sset = scenario_set(key, _dataset, path, mtime).select(list(chosen) or None)
    return analyse_scenarios(_dataset, sset, np.array(weights), method, normalization)


def shows_problems(render: Callable[..., None]) -> Callable[..., None]:
    """A view that cannot run says why in the page (file, line, column), never with a traceback."""
    @functools.wraps(render)
    def view(*args: Any, **kwargs: Any) -> None:
        try:
            render(*args, **kwargs)
        except ScoringError as exc:
            st.error("Could not run this analysis:\n\n" + "\n\n".join(md(p) for p in for_page(exc)))
    return view
