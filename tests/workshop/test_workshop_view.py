"""The workshop pages' plain helpers: join link, points, exports with `about`, rounds summary."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `ui`

from scoring.export import render
from scoring.group import aggregate_weights
from scoring.ranking import rank
from scoring.store import Store
from scoring.room import analyse, equal_points, group_report, room_from_latest, rounds_summary, submissions_report
from ui.workshop_view import join_link

CRITERIA = ["impact", "cost", "speed"]


def test_join_link_points_at_the_join_page(monkeypatch):
    monkeypatch.delenv("SCORING_PUBLIC_URL", raising=False)
    assert join_link("http://10.0.0.5:8501/Facilitator", "ABC234") == "http://10.0.0.5:8501/Join_workshop?code=ABC234"
    assert join_link("https://ws.example.org/app/", "ABC234") == "https://ws.example.org/app/Join_workshop?code=ABC234"
    monkeypatch.setenv("SCORING_PUBLIC_URL", "http://192.168.1.20:8501")
    assert join_link("http://localhost:8501/Facilitator", "X") == "http://192.168.1.20:8501/Join_workshop?code=X"


def test_equal_points_spend_exactly_the_budget():
    assert equal_points(9) == [12, 11, 11, 11, 11, 11, 11, 11, 11]
    assert sum(equal_points(7)) == 100 and max(equal_points(7)) - min(equal_points(7)) <= 1


@pytest.fixture
def filled(tmp_path, mini_dataset):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}", max_submissions_per_minute=100)
    ws = store.create_workshop("Exports", CRITERIA)
    code, key = ws.workshop.code, ws.key
    people = [store.join(code, n) for n in ("Ann", "Bob", "Cy")]
    for p, w in zip(people, ([2, 1, 1], [1, 4, 3], [0, 1, 0])):
        store.submit(p.token, dict(zip(CRITERIA, w)))
    store.open_round(code, key)
    for p, w in zip(people[:2], ([1, 1, 0], [1, 1, 0])):
        store.submit(p.token, dict(zip(CRITERIA, w)))
    return store, store.workshop(code), key, mini_dataset


def test_group_report_carries_the_result_and_about(filled):
    store, workshop, key, dataset = filled
    room = room_from_latest(store.latest(workshop.code, key, 1).iloc[:2], CRITERIA)  # Cy's 0s would zero the GM
    result = analyse(room, dataset, workshop, "geometric")
    report = group_report(result, dataset, workshop, 1)
    doc = json.loads(render(report, "json"))
    g = aggregate_weights(np.array([[2, 1, 1], [1, 4, 3]], float), "geometric")
    assert [o["id"] for o in doc["options"]] == rank(dataset, g).table["id"].tolist()
    assert doc["weights"] == pytest.approx(dict(zip(CRITERIA, g)))
    about = doc["about"]
    assert (about["workshop"], about["round"], about["aggregation"], about["counted"]) == ("Exports", 1, "geometric", 2)
    assert about["inputs"]["options"]["sha256"] == dataset.sha256
    assert {"participants", "weight_spread", "drivers", "distance_to_flip", "rank_acceptability"} <= set(doc)
    csv = render(report, "csv").splitlines()
    assert csv[0].startswith("rank,id,title,score")
    assert len(csv) == 1 + len(dataset.ids)


def test_submissions_report_keeps_every_answer(filled):
    store, workshop, key, dataset = filled
    doc = json.loads(render(submissions_report(store.submissions(workshop.code, key), dataset, workshop), "json"))
    rows = doc["submissions"]
    assert len(rows) == 5 and doc["about"]["submissions"] == 5
    assert [(r["round"], r["participant"]) for r in rows if r["latest"]] == [
        (1, "Ann"), (1, "Bob"), (1, "Cy"), (2, "Ann"), (2, "Bob")]


def test_rounds_summary_gives_w_per_round(filled):
    store, workshop, key, dataset = filled
    summary = rounds_summary(store, workshop.code, key, dataset, workshop)
    assert summary["round"].tolist() == [1, 2]
    assert summary["submitted"].tolist() == [3, 2]
    assert summary.loc[1, "kendall_w"] == pytest.approx(1.0)  # identical answers in round 2: full agreement
    assert 0.0 <= summary.loc[0, "kendall_w"] < 1.0


def test_store_messages_reach_people_as_plain_sentences_and_file_problems_keep_their_place():
    """review3 RV3-W5 / review4 R7, W2: the pages showed "workshop, column 'name': give the workshop a name" and
    "workshop: this workshop is full (10 participants)"; a data file's problem keeps file, line and column."""
    from scoring.errors import Problem, ScoringError
    from ui.workshop_view import message

    assert message(ScoringError.at("workshop", "give the workshop a name", column="name")) == "Give the workshop a name."
    assert message(ScoringError.at("workshop", "this workshop is full (10 participants)")) == \
        "This workshop is full (10 participants)"
    both = ScoringError([Problem("", "No workshop has the code X. Check the code with the facilitator."),
                         Problem("options.csv", "expected a number", 3, "impact")])
    assert message(both).splitlines() == ["No workshop has the code X. Check the code with the facilitator.",
                                          "options.csv, line 3, column 'impact': expected a number"]
