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
    at = app(side_method="1")
    at.selectbox(key="method").set_value("vikor").run()
    at.slider(key="vikor_v").set_value(1.0).run()
    assert not at.exception and not at.error
    expected = rank(shipped, shipped.criteria.default_weights, "vikor", v=1.0).table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    members = expected.loc[expected["compromise"], "title"].tolist()
    caption = next(c.value for c in at.caption if c.value.startswith("VIKOR compromise solution"))
    assert all(title.replace("*", "") in caption.replace("\\", "") for title in members)


def test_topsis_scale_is_offered_and_ranks_as_the_engine(shipped):
    at = app(side_method="1")
    at.selectbox(key="method").set_value("topsis-scale").run()
    assert not at.exception and not at.error
    expected = rank(shipped, shipped.criteria.default_weights, "topsis-scale").table
    assert at.dataframe[0].value["id"].tolist() == expected["id"].tolist()
    assert any("adding an option never changes another's closeness" in c.value for c in at.caption)


def test_reference_weights_are_shown_beside_yours_and_not_applied(shipped):
    at = app(rank_reference="1")  # the panel is drawn only while open
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
    from scoring.methods import METHODS

    assert any(c.value.startswith(f"{len(METHODS)} methods, the same weights. Lowest agreement between two methods: "
                                  "Kendall's tau ") for c in at.caption)


def test_ahp_with_only_some_pairs_answered_applies_the_completed_priorities(shipped):
    """Answer n - 1 pairs linking every criterion (each against the first, consistent 3x): Harker's method gives
    the priorities those answers imply exactly: the first criterion 3 times each other one."""
    from scoring.weights import ahp, ahp_matrix_from_upper

    n = len(shipped.criteria)
    at = app()
    at.radio(key="mode").set_value("Pairwise (AHP)").run()
    at.checkbox(key="ahp_partial").check().run()
    at.select_slider(key="ahp_0_1_partial").set_value(3).run()  # index 3: 3x left
    for j in range(2, n):
        at.select_slider(key=f"ahp_0_{j}_partial").set_value(3)
    at.run()
    assert not at.exception and not at.error
    expected = ahp(ahp_matrix_from_upper({(0, j): 3.0 for j in range(1, n)}, n, missing=float("nan"))).priorities
    assert expected[0] == pytest.approx(3 * expected[1])
    assert any(c.value.startswith(f"{n - 1} of {n * (n - 1) // 2} pairs answered") for c in at.caption)
    shares = next(c.value for c in at.caption if c.value.startswith(shipped.criteria.criteria[0].label + ":"))
    assert shares.split(" · ")[0] == f"{shipped.criteria.criteria[0].label}: {expected[0]:.1%}"
    at.button(key="apply_ahp").click().run()
    assert at.session_state["exact_weights"][shipped.criteria.ids[0]] == pytest.approx(expected[0])
