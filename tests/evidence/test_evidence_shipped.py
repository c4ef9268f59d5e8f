"""The shipped data meets the evidence format (docs/data.md): every score's basis stated, every `text`
score's quote found in the brief near its locator, every judgement flagged with a range or a reason,
no scenario no-op, and rubric anchors for every kind of option."""
from __future__ import annotations

import pytest

from scoring import load_dataset
from scoring.audit import check_scenarios, check_sources
from scoring.cli import main
from scoring.model import BASES, KINDS
from scoring.provenance import NO_RANGE, SourceLibrary
from scoring.scenarios import load_scenarios
from support import briefs_dir


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


@pytest.fixture(scope="module")
def scenarios(shipped):
    return load_scenarios(shipped)


def test_every_score_states_its_basis(shipped):
    ev = shipped.evidence
    assert len(ev) == len(shipped.options) * len(shipped.criteria)
    assert set(ev["basis"]) <= set(BASES), ev.loc[~ev["basis"].isin(BASES), ["option_id", "criterion_id", "basis"]]
    for basis in BASES:  # each kind is actually used, so the views and SMAA default have something to show
        assert (ev["basis"] == basis).sum() >= 10, basis


def test_every_text_row_has_a_short_quote_and_every_judgement_is_flagged(shipped):
    ev = shipped.evidence
    text = ev[ev["basis"] == "text"]
    assert (text["quote"].str.len() > 0).all()
    assert (text["quote"].str.split().str.len() <= 25).all()
    assert (ev.loc[ev["basis"] == "silent", "quote"] == "").all()
    judged = ev[ev["basis"].isin(["silent", "inference"])]
    low, high = shipped.low, shipped.high
    row = {oid: i for i, oid in enumerate(shipped.ids)}
    col = {cid: j for j, cid in enumerate(shipped.criteria.ids)}
    unflagged = [(o, c) for o, c, why in zip(judged["option_id"], judged["criterion_id"], judged["rationale"])
                 if not high[row[o], col[c]] > low[row[o], col[c]] and not NO_RANGE.search(why)]
    assert unflagged == []


def test_every_quote_is_found_in_its_brief_near_its_locator(shipped, scenarios):
    folder = briefs_dir()
    problems = check_sources(shipped, folder, scenarios, SourceLibrary(folder))
    assert [str(p) for p in problems] == []
    assert (shipped.evidence["quote"] != "").sum() >= len(shipped.evidence[shipped.evidence["basis"] == "text"])


def test_validate_with_sources_passes_on_the_shipped_files(capsys):
    assert main(["validate", "--sources", str(briefs_dir())]) == 0
    out = capsys.readouterr().out
    assert "5 scenarios" in out and "quotes checked against" in out


def test_no_scenario_adjustment_is_a_no_op_or_quotes_another_criterion(shipped, scenarios):
    assert [str(p) for p in check_scenarios(shipped, scenarios)] == []
    assert all(a.source for s in scenarios.scenarios for a in s.adjustments if a.quote)


def test_rubric_has_an_anchor_for_every_scale_point_and_every_kind_of_option(shipped):
    assert set(shipped.options["kind"]) <= set(KINDS) and (shipped.options["kind"] != "").all()
    for c in shipped.criteria.criteria:
        points = range(int(c.scale_min), int(c.scale_max) + 1)
        assert sorted(k for k in c.rubric if isinstance(k, int)) == list(points), c.id
        for p in points:
            for kind in KINDS:
                assert len(c.anchor(p, kind)) > 10, (c.id, p, kind)


def test_every_option_names_its_source_file_and_kind(shipped):
    folder = briefs_dir()
    stems = {p.stem for p in folder.iterdir()}
    assert set(shipped.options["source"]) <= stems


def test_the_quad_models_combine_and_the_secretariat_overlaps_partial_institutionalization(shipped):
    # Hanada: the two images of the Quad's future are "not mutually exclusive"; the separate secretariat is
    # part of the partial path, so adopting both counts it twice (issue 15).
    assert shipped.relation("quad-institutionalization", "quad-networking") == "combines_with"
    assert shipped.relation("quad-secretariat", "quad-partial-institutionalization") == "overlaps"
