"""Issue 13: dashboard analysis caches are bounded by count and by age, so a closed session's upload is freed.

Before, st.cache_data entries were bounded by count only: an upload's analyses stayed until enough other
data sets pushed them out (three 40 MB uploads in closed sessions kept 840 MB). Every st.cache_data in ui/
now has max_entries and ttl (ui.CACHE_TTL_SECONDS); the second test drives Streamlit's own cache with a
fake clock and shows an upload's entry gone after the ttl.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.runtime.caching import cache_utils
from streamlit.runtime.caching.cache_data_api import CachedDataFuncInfo

import ui
from conftest import CRITERIA_MINI, OPTIONS_MINI
from scoring.loading import check_dataset

UI = Path(ui.__file__).resolve().parent


def cached_functions() -> dict[str, object]:
    """Every st.cache_data / st.cache_resource function defined at module level anywhere under ui/."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages([str(UI)], prefix="ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, cache_utils.CachedFunc) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_untrusted_every_dashboard_data_cache_is_bounded_by_count_and_by_age():
    funcs = cached_functions()
    data = {k: f for k, f in funcs.items() if isinstance(f._info, CachedDataFuncInfo)}
    written = sum(len(re.findall(r"@st\.cache_data\b", p.read_text())) for p in UI.rglob("*.py"))
    assert len(data) == written >= 7  # none hidden inside a function, where this walk would miss it
    for name, f in data.items():
        assert f._info.max_entries is not None and f._info.max_entries <= 64, name
        assert f._info.ttl == ui.CACHE_TTL_SECONDS, name
    # the parsed scenarios are kept per data set too (st.cache_resource): also aged out
    scen = funcs["ui.views.analysis_common.scenario_set"]
    assert scen._info.max_entries == 8 and scen._info.ttl == ui.CACHE_TTL_SECONDS
    assert 5 * 60 <= ui.CACHE_TTL_SECONDS <= 60 * 60


def upload(extra_option: str):
    data, problems = check_dataset((OPTIONS_MINI + extra_option).encode(), CRITERIA_MINI.encode(), None,
                                   options_name="upload.csv", criteria_name="upload.yaml")
    assert problems == [] and data is not None
    return data


def test_untrusted_an_uploads_analysis_leaves_the_cache_after_the_ttl(monkeypatch):
    from ui.views import analysis_common as ac

    now = [1000.0]
    monkeypatch.setattr(cache_utils, "TTLCACHE_TIMER", lambda: now[0])
    st.cache_data.clear()  # new storages, built with the fake clock
    calls: list[int] = []
    real = ac.stability_intervals
    monkeypatch.setattr(ac, "stability_intervals", lambda d, *a, **k: calls.append(len(d.ids)) or real(d, *a, **k))
    mine, theirs = upload("e,Echo,trade,4,2,5,,\n"), upload("f,Fox,health,1,1,1,,\n")
    args = (tuple(float(x) for x in mine.criteria.default_weights), "weighted-sum", None)
    try:
        first = ac.cached_stability(ac.fingerprint(mine), mine, *args)
        ac.cached_stability(ac.fingerprint(mine), mine, *args)
        assert calls == [5]  # the second call of the session is served from the cache
        storage = ac.cached_stability._info.get_function_cache(ac.cached_stability._function_key).storage
        assert len(storage._mem_cache) == 1
        now[0] += ui.CACHE_TTL_SECONDS + 1  # the session closed; time passes; another session runs the analysis
        ac.cached_stability(ac.fingerprint(theirs), theirs, *args)
        assert len(storage._mem_cache) == 1  # only the other session's entry: the closed session's upload is gone
        again = ac.cached_stability(ac.fingerprint(mine), mine, *args)
        assert calls == [5, 5, 5]  # computed afresh, not served from memory
        assert np.array_equal(again.to_numpy(), first.to_numpy())
    finally:
        monkeypatch.undo()
        st.cache_data.clear()  # later tests get storages with the real clock
