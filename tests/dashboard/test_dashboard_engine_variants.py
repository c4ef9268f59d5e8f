"""Dashboard additions of issue 14: VIKOR v and its compromise set, topsis-scale, reference weights beside
the person's (never applied), and Kendall's tau text."""
from __future__ import annotations

import numpy as np
import pytest

from dashboard_support import app
from scoring import load_dataset, rank
from scoring.weights import critic_weights, entropy_weights


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def test_the_vikor_v_control_ranks_as_the_engine_with_that_v(shipped):
    at = app()
    at.selectbox(key="method").set_value("vikor").run()
    at.slider(key="vikor_v").set_value(1.0).run()
    assert not at.exception and not at.error
    expected = rank(shipped, shipped.criteria.default_weights, "vikor", v=1.0).table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    members = expected.loc[expected["compromise"], "title"].tolist()
    caption = next(c.value for c in at.caption if c.value.startswith("VIKOR compromise solution"))
    assert all(title.replace("*", "") in caption.replace("\\", "") for title in members)


def test_topsis_scale_is_offered_and_ranks_as_the_engine(shipped):
    at = app()
    at.selectbox(key="method").set_value("topsis-scale").run()
    assert not at.exception and not at.error
    expected = rank(shipped, shipped.criteria.default_weights, "topsis-scale").table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    assert any("adding an option never changes another's closeness" in c.value for c in at.caption)


def test_reference_weights_are_shown_beside_yours_and_not_applied(shipped):
    at = app()
    frame = next(d.value for d in at.dataframe if "entropy" in d.value.columns)
    assert frame["entropy"].to_numpy() == pytest.approx(entropy_weights(shipped.matrix))
    assert frame["CRITIC"].to_numpy() == pytest.approx(critic_weights(shipped.matrix, shipped.criteria.is_cost))
    w = shipped.criteria.default_weights
    assert frame["yours"].to_numpy() == pytest.approx(w / w.sum())
    expected = rank(shipped, w).table  # the ranking still uses the person's weights
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    assert not np.allclose(frame["entropy"].to_numpy(), w / w.sum())


def test_methods_view_states_kendalls_tau(shipped):
    at = app(view="Methods")
    assert not at.exception and not at.error
    assert any(c.value.startswith("Lowest agreement between two methods: Kendall's tau ") for c in at.caption)
