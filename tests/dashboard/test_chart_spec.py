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


def _layered_script(root: str) -> None:
    import sys

    sys.path.insert(0, root)
    import altair as alt
    import pandas as pd
    import streamlit as st

    from ui.chart_spec import unchecked

    bars = pd.DataFrame({"title": ["Keep the Quad informal", "A Quad secretariat"], "score": [0.65, 0.5]})
    ticks = pd.DataFrame({"title": ["Keep the Quad informal"], "score": [0.6]})
    chart = alt.layer(alt.Chart(bars).mark_bar().encode(x="score:Q", y="title:N"),
                      alt.Chart(ticks).mark_tick(color="#d62728").encode(x="score:Q", y="title:N"))
    st.altair_chart(chart, width="stretch")
    st.altair_chart(unchecked(chart), width="stretch")


def test_an_unchecked_chart_sends_what_the_checked_one_sends_and_skips_only_the_validation() -> None:
    """ui.chart_spec.unchecked: Streamlit's conversion of a chart with data on two layers gives the same spec and
    Arrow data with or without Altair's schema validation; validation is what it skips (a misspelt property
    passes unchecked and fails checked, which is why the chart tests validate every builder whole)."""
    import altair as alt
    import pandas as pd
    import pytest
    from altair.utils.schemapi import SchemaValidationError

    from ui.chart_spec import unchecked

    at = AppTest.from_function(_layered_script, default_timeout=30, args=(str(ROOT),)).run()
    assert not at.exception
    checked, fast = (c.proto for c in at.get("vega_lite_chart"))
    assert fast.spec == checked.spec and len(checked.datasets) == 2
    assert [(d.name, d.data.data) for d in fast.datasets] == [(d.name, d.data.data) for d in checked.datasets]

    bad = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").properties(width=100)
    bad._kwds["heigth"] = 5  # a misspelt top-level property Altair's validation rejects
    with pytest.raises(SchemaValidationError):
        bad.to_dict()
    assert unchecked(bad).to_dict()["heigth"] == 5
