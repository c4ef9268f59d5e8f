"""ui.chart_spec: a chart converted once draws exactly what st.altair_chart draws, any number of times."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _script(root: str) -> None:
    import sys

    sys.path.insert(0, root)
    import altair as alt
    import pandas as pd
    import streamlit as st

    from ui.chart_spec import draw, frozen

    frame = pd.DataFrame({"title": ["Keep the Quad informal", "A Quad secretariat", "Codify the guidelines"],
                          "score": [0.65, 0.5, 0.41]})
    chart = alt.Chart(frame).mark_bar().encode(x="score:Q", y=alt.Y("title:N", sort="-x"))
    st.altair_chart(chart, width="stretch")
    once = frozen(chart)
    draw(once, width="stretch")
    draw(once, width="stretch")  # the same frozen spec serves a second draw (Streamlit must not consume it)


def test_frozen_chart_draws_the_same_spec_and_data_as_altair_chart_every_time() -> None:
    at = AppTest.from_function(_script, default_timeout=30, args=(str(ROOT),)).run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    direct, first, second = (c.proto for c in charts)
    assert first.spec == direct.spec and second.spec == direct.spec
    assert [(d.name, d.data.data) for d in first.datasets] == [(d.name, d.data.data) for d in direct.datasets]
    assert [(d.name, d.data.data) for d in second.datasets] == [(d.name, d.data.data) for d in direct.datasets]
    assert len(direct.datasets) == 1 and len(direct.datasets[0].data.data) > 0  # the data travels, as Arrow
    assert first.use_container_width == direct.use_container_width


def test_the_conversion_is_streamlits_own_so_a_refresh_skips_altair() -> None:
    """If a Streamlit release renames its Altair conversion, charts still draw (through st.altair_chart) but every
    facilitator refresh pays Altair's validation again: this test says so before a room does."""
    import altair as alt
    import pandas as pd

    from ui.chart_spec import frozen

    once = frozen(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q"))
    assert once.spec is not None and set(once.spec["datasets"].values()) and \
        all(isinstance(v, bytes) for v in once.spec["datasets"].values())
