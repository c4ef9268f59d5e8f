"""Charts converted to their Vega-Lite spec once and drawn many times.

`st.altair_chart` converts the chart on every call: Altair's `to_dict()` validates the whole spec
against the Vega-Lite JSON schema and serialises the data, 30-120 ms per chart, under a lock that
Streamlit holds for every session of the process. A facilitator screen redraws the room's seven
charts every few seconds, on every screen, though the room changes far less often; so the room's
charts are converted once per change of the room (`ui.room_cache`) and each refresh sends the
stored spec.

`frozen(chart)` is exactly what `st.altair_chart` would send (Streamlit's own conversion: the
data as Arrow bytes, Streamlit's theme settings); `draw(frozen, ...)` sends it through
`st.vega_lite_chart`, which copies the top level of the spec before it takes the data out, so one
frozen spec serves any number of sessions. Should a Streamlit release drop the conversion function,
`frozen` keeps the chart itself and `draw` falls back to `st.altair_chart` (slower, same picture).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Mapping

import altair as alt
import streamlit as st

from ui.chart_style import fit_titles

try:  # Streamlit's own Altair -> Vega-Lite conversion (what st.altair_chart runs on every call)
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as _to_spec
except ImportError:  # pragma: no cover - a later Streamlit without it: draw the chart as it is
    _to_spec = None


def unchecked(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`chart` (a shallow copy) whose `to_dict()` skips Altair's JSON-schema validation of the whole spec.

    Streamlit's conversion calls `chart.to_dict()`, which validates: 17% of a Sensitivity rerun's server
    time and most of a room chart's conversion (py-spy). The spec is the same either way (validation
    checks, it does not change anything); every builder's output is validated whole in the chart tests
    (tests/chart_svg.py), and a test compares what Streamlit sends for a chart and for its unchecked copy.
    """
    copy = chart.copy(deep=False)
    # an instance attribute shadows the method; object.__setattr__ because Altair's __setattr__ would
    # store it as a chart property
    object.__setattr__(copy, "to_dict", partial(_fitted_dict, copy))
    return copy


def _fitted_dict(chart: alt.TopLevelMixin, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """`chart.to_dict(validate=False)` with titles that wrap at the chart's width (`chart_style.fit_titles`)."""
    kwargs["validate"] = False
    return fit_titles(type(chart).to_dict(chart, *args, **kwargs))


@dataclass(frozen=True)
class FrozenChart:
    """A chart converted once: `spec` (Vega-Lite dict with Arrow datasets), or None when the
    conversion is not available and `chart` is drawn as it is."""

    chart: alt.TopLevelMixin
    spec: Mapping[str, Any] | None


def frozen(chart: alt.TopLevelMixin) -> FrozenChart:
    """Convert `chart` once, as `st.altair_chart` would."""
    return FrozenChart(chart, None if _to_spec is None else _to_spec(unchecked(chart)))


def draw(chart: FrozenChart, **kwargs: Any) -> None:
    """Draw a frozen chart (keyword arguments as for `st.altair_chart`, e.g. width="stretch")."""
    if chart.spec is None:
        st.altair_chart(unchecked(chart.chart), **kwargs)
    else:
        st.vega_lite_chart(dict(chart.spec), **kwargs)
