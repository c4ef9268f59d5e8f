"""Silent scores as uncertainty (scoring/uncertain.py): widening, share of score by basis, rank bounds, CLI flags."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from scoring import load_dataset
from scoring.cli import main
from scoring.errors import ScoringError
from scoring.ranking import rank
from scoring.uncertain import basis_share_table, basis_shares, parse_uncertain, rank_bounds, widen

CRITERIA = """\
criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}
  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""
OPTIONS = """\
id,title,impact,cost,impact_low,impact_high
a,Alpha,4,2,3,5
b,Bravo,3,2,,
c,Charlie,2,4,,
"""
EVIDENCE = """\
option_id,criterion_id,rationale,locator,basis,quote
a,impact,Judged. No range: has one anyway.,S,silent,
a,cost,Stated.,S,text,it is cheap
b,impact,Silent. No range: we judge it central.,S,silent,
b,cost,Stated.,S,text,it is cheap too
c,impact,Inferred. No range: we read it as low.,S,inference,low impact
c,cost,Stated.,S,text,it costs a lot
"""


@pytest.fixture
def ds(tmp_path):
    for name, text in (("o.csv", OPTIONS), ("c.yaml", CRITERIA), ("e.csv", EVIDENCE)):
        (tmp_path / name).write_text(text)
    return load_dataset(tmp_path / "o.csv", tmp_path / "c.yaml", tmp_path / "e.csv")


def test_silent_scores_keep_their_range_or_get_the_whole_scale(ds):
    w = widen(ds)
    assert w.low[:, 0].tolist() == [3, 1, 2] and w.high[:, 0].tolist() == [5, 5, 2]  # c is inference: unchanged
    assert w.low[:, 1].tolist() == [2, 2, 4] and w.high[:, 1].tolist() == [2, 2, 4]  # text: unchanged
    both = widen(ds, ("silent", "inference"))
    assert both.low[2, 0] == 1 and both.high[2, 0] == 5
    assert widen(ds, ()) is ds
    assert (widen(ds).matrix == ds.matrix).all()  # scores themselves never move


def test_parse_uncertain_accepts_silent_inference_and_none():
    assert parse_uncertain(None) == ("silent",)
    assert parse_uncertain("silent,inference") == ("silent", "inference")
    assert parse_uncertain("none") == ()
    with pytest.raises(ScoringError, match="--uncertain: expected 'none' or a comma list of silent, inference; got 'text'"):
        parse_uncertain("text")


def test_basis_shares_split_each_weighted_score_by_basis():
    contributions = np.array([[0.3, 0.1], [0.0, 0.0], [0.2, 0.2]])
    basis = np.array([["text", "silent"], ["text", "text"], ["inference", "unknown"]], dtype=object)
    shares = basis_shares(contributions, basis)
    assert shares == pytest.approx(np.array([[0.75, 0.0, 0.25, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.0, 0.5]]))


def test_share_table_follows_the_ranked_table(ds):
    table = rank(ds, np.array([1.0, 1.0])).table
    shares = basis_share_table(ds, table).set_index("id")
    # a: impact (4-1)/4*0.5 = 0.375 silent, cost (5-2)/4*0.5 = 0.375 text
    assert shares.loc["a", "silent"] == pytest.approx(0.5) and shares.loc["a", "text"] == pytest.approx(0.5)
    # c: impact (2-1)/4*0.5 = 0.125 inference, cost (5-4)/4*0.5 = 0.125 text
    assert shares.loc["c", "inference"] == pytest.approx(0.5)
    assert list(shares.index) == table["id"].tolist()


def test_rank_bounds_by_hand(ds):
    b = rank_bounds(ds, np.array([0.5, 0.5])).set_index("id")
    # scores (weighted sum, scale normalization): a impact 3..5 -> 0.625..0.875 (+0.375 cost) ; b impact 1..5 -> 0.375..0.875
    # c: 0.125 + 0.125 = 0.25 fixed.  a best 0.875 vs b worst 0.375 -> rank 1; a worst 0.625 vs b best 0.875 -> rank 2
    assert b.loc["a", ["best_rank", "worst_rank"]].tolist() == [1, 2]
    assert b.loc["b", ["best_rank", "worst_rank"]].tolist() == [1, 2]
    assert b.loc["c", ["best_rank", "worst_rank"]].tolist() == [3, 3]
    assert b.loc["b", "uncertain"] == 1
    none = rank_bounds(ds, np.array([0.5, 0.5]), bases=()).set_index("id")
    # b fixed at 0.625: ties a's worst (0.625) so can still share rank 1, but never beats a's best
    assert none.loc["b", ["best_rank", "worst_rank"]].tolist() == [1, 2] and none.loc["b", "uncertain"] == 0


def test_smaa_cli_varies_silent_scores_by_default_and_records_it(ds, tmp_path, capsys):
    args = ["--options", str(tmp_path / "o.csv"), "--criteria", str(tmp_path / "c.yaml"), "--evidence", str(tmp_path / "e.csv")]
    assert main(["smaa", *args, "--samples", "2000", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["score_mode"] == "uniform" and doc["uncertain"] == ["silent"]
    shares = {o["id"]: o for o in doc["options"]}
    assert 0 < shares["b"]["rank_1"] < 1  # b can only win when its silent impact is drawn high
    assert main(["smaa", *args, "--samples", "2000", "--uncertain", "none", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["score_mode"] == "none" and doc["uncertain"] == []


def test_sensitivity_cli_outputs_rank_bounds(ds, tmp_path, capsys):
    args = ["--options", str(tmp_path / "o.csv"), "--criteria", str(tmp_path / "c.yaml"), "--evidence", str(tmp_path / "e.csv")]
    assert main(["sensitivity", *args, "--pair", "a,b", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    bounds = {r["id"]: (r["best_rank"], r["worst_rank"]) for r in doc["rank_bounds"]}
    assert bounds == {"a": (1, 2), "b": (1, 2), "c": (3, 3)}
    assert main(["sensitivity", *args, "--uncertain", "all"]) == 2
    assert "--uncertain: expected 'none'" in capsys.readouterr().err
