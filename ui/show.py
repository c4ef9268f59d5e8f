"""Draw a chart builder's `alt.Chart` so that a rerun with new numbers only sends new numbers.

`st.altair_chart` names a chart's data by a hash of its content, and that name is part of the spec: every
weight change makes a new spec, and the browser builds the chart from scratch (parse, compile, lay out).
`chart(c)` sends the same chart as `st.vega_lite_chart(data, spec)`: the data travels on its own (Arrow)
and the spec stays byte-identical while only the numbers change, so the browser updates the data of the
chart it already has. Builders keep returning plain `alt.Chart`s; their specs are cached by the chart's
structure, not recomputed per rerun. Charts with data on several layers go through `st.altair_chart`.
"""
from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.chart_spec import unchecked
from ui.chart_style import fit_titles


def split(chart: alt.TopLevelMixin) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    """(the chart's one top-level DataFrame, its Vega-Lite spec without data); (None, {}) if it has no single one."""
    data = getattr(chart, "data", alt.Undefined)
    if not isinstance(data, pd.DataFrame):
        return None, {}
    bare = chart.copy(deep=False)
    bare.data = alt.Undefined
    spec = fit_titles(bare.to_dict(validate=False))
    # without data Altair writes a placeholder dataset and its default theme's view size; drop both
    # (Altair gives every layer/concat part that placeholder too; left there, the parts point at a dataset
    # the browser never receives and draw nothing: "Unrecognized data set". Dropped, they use the top data.)
    _drop_placeholder_data(spec)
    datasets = spec.pop("datasets", {})
    if set(datasets) - {"empty"} or '"datasets"' in json.dumps(spec):  # a layer carries its own data
        return None, {}
    config = spec.get("config", {})
    if config.get("view") == {"continuousWidth": 300, "continuousHeight": 300}:
        del config["view"]
        if not config:
            del spec["config"]
    return data, spec


def _drop_placeholder_data(spec: dict[str, Any]) -> None:
    """Remove `"data": {"name": "empty"}` from `spec` and from every layer/concat/facet part below it, in place."""
    if spec.get("data") == {"name": "empty"}:
        del spec["data"]
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            if isinstance(part, dict):
                _drop_placeholder_data(part)
    if isinstance(spec.get("spec"), dict):
        _drop_placeholder_data(spec["spec"])


def message_lines(lines: list[str]) -> None:
    """Lines of a message (problems with file, line and column; an error's explanation) in a block that keeps
    each line as written (no Markdown: file names and quotes stay literal) and wraps long lines to the page's
    width, so no part of a message is cut off or needs a sideways scroll (try6, fifth session)."""
    st.code("\n".join(lines), language=None, wrap_lines=True)


def lazy_expander(label: str, key: str, expanded: bool = False) -> DeltaGenerator | None:
    """An expander whose content is computed and sent only while it is open, else None.

    A closed `st.expander` still has its content drawn (hidden) on every rerun: a weight change re-rendered the
    Rank view's 4,000 px contributions chart and the sidebar's filters though nobody saw them (issue 12, ~200 ms
    of a 430 ms slider move in Chromium). With `on_change="rerun"` Streamlit reruns when it is opened or closed
    and reports `.open`; the caller draws the content only then:

        box = lazy_expander("Label", key="k")
        if box:
            with box: ...

    `key` is the open/closed state's session key (the address keeps it: `ui.state.WIDGETS`). Keep `label`
    fixed: the expander's identity includes its label, and a new label would close it.
    """
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None


def chart(c: alt.TopLevelMixin, key: str | None = None) -> None:
    """Draw `c` stretched to its column, sending data and a stable spec separately when it has one data frame."""
    data, spec = split(c)
    if data is None:
        st.altair_chart(unchecked(c), width="stretch", key=key)
        return
    st.vega_lite_chart(data, spec, width="stretch", key=key)


def parts(data: pd.DataFrame | None, spec: dict[str, Any], chart_if_none: alt.TopLevelMixin | None = None) -> None:
    """Draw an already split chart (for views that cache `split(...)` across reruns)."""
    if data is None and chart_if_none is not None:
        st.altair_chart(unchecked(chart_if_none), width="stretch")
    else:
        st.vega_lite_chart(data, spec, width="stretch")
