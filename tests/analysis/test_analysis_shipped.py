"""The three analyses on the shipped data: expectations come from the engine, never a hard-coded ranking."""
from __future__ import annotations

import numpy as np
import pytest
from analysis_support import shipped_available
from support import require

from scoring import load_dataset, rank
from scoring.scenarios import analyse_scenarios, load_scenarios
from scoring.sensitivity import default_pair, flip_points, stability_intervals
from scoring.smaa import smaa


@pytest.fixture(scope="module")
def shipped():
    require(shipped_available(), "options.csv is not in the repository yet")
    return load_dataset()


def test_default_pair_is_the_quad_choice(shipped):
    assert default_pair(shipped) == ("quad-institutionalization", "quad-networking")
    fp = flip_points(shipped, *default_pair(shipped))
    ranking = rank(shipped).table.set_index("id")["rank"]
    leader = "quad-institutionalization" if ranking["quad-institutionalization"] < ranking["quad-networking"] else "quad-networking"
    assert (fp.table["leader_now"] == leader).all()
    assert fp.table["sentence"].str.startswith(leader).all()


def test_stability_on_the_shipped_data(shipped):
    stab = stability_intervals(shipped)
    assert (stab["top_option"] == rank(shipped).top).all()
    assert ((stab["top_low"] <= stab["current_weight"]) & (stab["current_weight"] <= stab["top_high"])).all()
    assert ((stab["top_low"] <= stab["order_low"] + 1e-12) | (stab["order_high"] <= stab["top_high"] + 1e-12)).all()


@pytest.mark.parametrize("score_mode", ["none", "triangular"])
def test_smaa_on_the_shipped_data(shipped, score_mode):
    r = smaa(shipped, samples=5000, seed=0, score_mode=score_mode)
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0)
    assert list(r.base_rank) == list(rank(shipped).table.set_index("id").loc[shipped.ids, "rank"])


def test_scenarios_on_the_shipped_data_change_the_ranking(shipped):
    res = analyse_scenarios(shipped, load_scenarios(shipped))
    ranks = res.ranks.set_index("id")
    moved = [(ranks[s] != ranks["baseline"]).sum() for s in res.scenarios.ids]
    assert min(moved) > 0  # every future reorders something
