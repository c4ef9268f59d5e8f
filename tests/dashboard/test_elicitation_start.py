"""The weighing modes start from the weights in use (try9 12): "100 points" shows their shares in whole points
(adding up to 100), "Ranking" their order; before, both started from an equal split / 1..n whatever was in use."""
from __future__ import annotations

import numpy as np

from dashboard_support import app, profile_box
from scoring import load_dataset
from scoring.ranking import rank_scores
from scoring.weights import points_from_weights

DATA = load_dataset()
IDS = DATA.criteria.ids


def _points(at) -> np.ndarray:
    return np.array([at.number_input(key=f"pts_{c}").value for c in IDS])


def _ranks(at) -> np.ndarray:
    return np.array([at.number_input(key=f"rank_{c}").value for c in IDS])


def _close_shares(points: np.ndarray, weights: np.ndarray) -> None:
    exact = weights / weights.sum() * 100
    assert points.sum() == 100 and np.all(np.abs(points - exact) < 1), (points, exact)
    assert np.all(np.sign(np.subtract.outer(points, points)) * np.sign(np.subtract.outer(exact, exact)) >= 0)


def test_100_points_and_ranking_start_from_the_weights_in_use():
    at = app()
    at.radio(key="mode").set_value("100 points").run()
    assert not at.exception
    default = DATA.criteria.default_weights
    _close_shares(_points(at), default)
    assert not [w for w in at.warning if "points" in str(w.value)]  # ready to apply as they stand
    assert at.button(key="apply_points")
    at.radio(key="mode").set_value("Ranking").run()
    ranks = _ranks(at)
    assert ranks.tolist() == rank_scores(default).tolist()
    assert ranks[IDS.index("impact")] == 1 and ranks.max() < len(IDS)  # the two weight-3 criteria share rank 1

    # another profile in use, then the modes again: they follow it
    at.radio(key="mode").set_value("Sliders").run()
    profile_box(at).set_value("finance_ministry").run()
    prof = np.array([DATA.criteria.profiles["finance_ministry"].weights.get(c, 0.0) for c in IDS])
    at.radio(key="mode").set_value("100 points").run()
    _close_shares(_points(at), prof)
    assert _points(at)[IDS.index("cost")] == _points(at).max()
    at.radio(key="mode").set_value("Ranking").run()
    assert _ranks(at).tolist() == rank_scores(prof).tolist()


def test_applying_the_starting_points_keeps_the_ranking():
    """The start is the weights in use rounded to whole points: applying it at once ranks the same top option."""
    from scoring import rank

    at = app()
    before = rank(DATA, DATA.criteria.default_weights).top
    at.radio(key="mode").set_value("100 points").run()
    at.button(key="apply_points").click().run()
    pts = [at.session_state["exact_weights"][c] for c in IDS]
    assert pts == points_from_weights(DATA.criteria.default_weights).tolist()
    assert rank(DATA, np.array(pts, dtype=float)).top == before


def test_points_from_weights_is_largest_remainder():
    assert points_from_weights([1, 1, 1]).tolist() == [34, 33, 33]  # 33.33 each: the first remainder wins the tie
    assert points_from_weights([0, 0]).tolist() == [50, 50]
    assert points_from_weights([3, 3, 2, 1, 1, 2, 1, 1, 1]).tolist() == [20, 20, 13, 7, 7, 13, 7, 7, 6]  # 13.33, 6.67
    assert rank_scores([3, 3, 2, 1]).tolist() == [1, 1, 3, 4]


def test_pairwise_starts_from_the_judgements_the_weights_in_use_imply():
    """Every pair starts at the Saaty judgement nearest its weights' ratio (3 vs 1: '3x left'; 3 vs 2: 'equal')."""
    from scoring.weights import SAATY_VALUES, saaty_from_weights

    at = app()
    profile_box(at).set_value("defence_planner").run()
    prof = np.array([DATA.criteria.profiles["defence_planner"].weights.get(c, 0.0) for c in IDS])
    at.radio(key="mode").set_value("Pairwise (AHP)").run()
    assert not at.exception
    n = len(IDS)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    shown = [at.select_slider(key=f"ahp_{i}_{j}").value for i, j in pairs]
    assert shown == saaty_from_weights(prof).tolist()
    ratio = {p: prof[p[0]] / prof[p[1]] for p in pairs}
    for (i, j), k in zip(pairs, shown):  # nearest on the log scale, checked against every other judgement
        assert all(abs(np.log(ratio[i, j]) - np.log(SAATY_VALUES[k])) <= abs(np.log(ratio[i, j]) - np.log(v)) + 1e-12
                   for v in SAATY_VALUES)
    assert IDS[:3] == ["impact", "feasibility", "cost"]
    assert (shown[pairs.index((0, 1))], shown[pairs.index((0, 2))]) == (3, 2)  # 5 vs 2: '3x left'; 5 vs 1: '5x left'
    at.button(key="apply_ahp").click().run()
    applied = np.array([at.session_state["exact_weights"][c] for c in IDS])
    assert applied.argmax() == prof.argmax() and applied[IDS.index("durability")] > applied[IDS.index("cost")]
