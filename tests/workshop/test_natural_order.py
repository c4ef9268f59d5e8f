"""Names with numbers in them listed as a person reads them ('Participant 2' before 'Participant 10'), by one
helper (scoring.order) wherever names or titles are put in order: the room's participants, the sidebar's filter
values, scenario columns, rubric points, tied options."""
from __future__ import annotations

import pandas as pd
import pytest

from scoring.order import natural, natural_order
from scoring.room import analyse, movement_table, participants_table, room_from_latest
from scoring.store import Store

CRITERIA = ["impact", "cost", "speed"]
JOINED = ["Participant 10", "Participant 2", "participant 1", "Bo", "Participant 9"]  # joining order
NATURAL = ["Bo", "participant 1", "Participant 2", "Participant 9", "Participant 10"]


def test_natural_reads_numbers_as_numbers_of_any_length():
    assert natural(JOINED) == NATURAL
    assert natural(["a1.10", "a1.5", "a10", "a9", "x007", "x7"]) == ["a1.5", "a1.10", "a9", "a10", "x007", "x7"]
    huge = "9" * 5000  # more digits than Python's int() takes: compared by length, then digits
    assert natural([huge, "1" * 4000, "2"]) == ["2", "1" * 4000, huge]
    assert natural(["x٣", "x²", "x3"]) == ["x3", "x²", "x٣"]  # digits 0-9 only; others sort as letters, no error
    assert natural_order(["b10", "b2", "a"]) == [2, 1, 0]


@pytest.fixture
def joined(tmp_path, mini_dataset):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}", max_submissions_per_minute=100)
    ws = store.create_workshop("Order", CRITERIA)
    code, key = ws.workshop.code, ws.key
    people = [store.join(code, name) for name in JOINED]
    for k, p in enumerate(people):  # each one's weights name them: impact (10 + k) / (20 + k), k their place in JOINED
        store.submit(p.token, dict(zip(CRITERIA, [10 + k, 5, 5])))
    store.open_round(code, key)
    for k, p in enumerate(people):
        store.submit(p.token, dict(zip(CRITERIA, [10 + k, 5, 6])))
    return store, store.workshop(code), key, mini_dataset


def test_room_lists_participants_in_natural_order_whoever_joined_first(joined):
    store, workshop, key, dataset = joined
    room = room_from_latest(store.latest(workshop.code, key, 1), CRITERIA)
    assert room.labels == NATURAL
    # the rows moved with their names: the frame, weights and counts follow the same order
    assert room.frame["participant"].tolist() == NATURAL
    assert room.weights[:, 0].round(6).tolist() == [round((10 + JOINED.index(n)) / (20 + JOINED.index(n)), 6) for n in NATURAL]
    table = participants_table(analyse(room, dataset, workshop, "arithmetic"), dataset)
    assert table["Participant"].tolist() == NATURAL


def test_projector_mode_keeps_joining_order(joined):
    store, workshop, key, _ = joined
    room = room_from_latest(store.latest(workshop.code, key, 1), CRITERIA, projector=True)
    assert room.labels == [f"Participant {k}" for k in range(1, 6)]
    assert room.weights[:, 0].round(6).tolist() == [round((10 + k) / (20 + k), 6) for k in range(5)]  # joining order


def test_who_moved_lists_participants_in_natural_order(joined):
    store, workshop, key, _ = joined
    moved = movement_table(store.latest(workshop.code, key, 1), store.latest(workshop.code, key, 2), CRITERIA, 1, 2)
    assert moved["Participant"].tolist() == NATURAL


def _dataset_with(tmp_path, mini_files, column: str, values: list[str]):
    from scoring import load_dataset

    options, criteria = mini_files
    frame = pd.read_csv(options)
    frame[column] = values
    frame.to_csv(tmp_path / "numbered.csv", index=False)
    return load_dataset(tmp_path / "numbered.csv", criteria)


def test_sidebar_filter_values_in_natural_order(tmp_path, mini_files):
    from ui.sidebar import filter_values

    dataset = _dataset_with(tmp_path, mini_files, "theme", ["Chapter 10", "Chapter 2", "chapter 1", "Chapter 2"])
    assert filter_values(dataset)["theme"] == ["chapter 1", "Chapter 2", "Chapter 10"]  # was 10 before 2


def test_scenario_columns_baseline_first_then_natural_order():
    from ui.analysis_charts import scenario_rank_heatmap

    labels = ["Baseline", "Scenario 10", "Scenario 2", "Scenario 1"]
    long = pd.DataFrame({"title": ["Alpha"] * 4, "scenario": ["baseline", "s10", "s2", "s1"], "label": labels,
                         "rank": [1] * 4, "score": [0.5] * 4})
    spec = scenario_rank_heatmap(long).to_dict()
    sorts = [layer["encoding"]["x"]["sort"] for layer in spec.get("layer", [spec]) if "x" in layer.get("encoding", {})]
    assert sorts and all(s == ["Baseline", "Scenario 1", "Scenario 2", "Scenario 10"] for s in sorts), sorts


def test_tied_options_in_natural_order_of_titles():
    from ui.analysis_charts import scenario_rank_heatmap

    titles = ["Option 10", "Option 2", "Option 1"]
    long = pd.DataFrame({"title": titles, "scenario": ["baseline"] * 3, "label": ["Baseline"] * 3,
                         "rank": [1, 1, 1], "score": [0.5] * 3})
    spec = scenario_rank_heatmap(long).to_dict()
    sorts = [layer["encoding"]["y"]["sort"] for layer in spec.get("layer", [spec]) if "y" in layer.get("encoding", {})]
    assert sorts and all(s == ["Option 1", "Option 2", "Option 10"] for s in sorts), sorts


def test_rubric_points_listed_in_number_order():
    from scoring.loading import parse_criteria
    from ui.build_table import _rubric_text

    rubric = "\n".join(f"      {k}: point {k}" for k in range(1, 11))
    crit, problems = parse_criteria((f"criteria:\n  - id: reach\n    label: Reach\n    direction: benefit\n"
                                     f"    scale: {{min: 1, max: 10}}\n    rubric:\n{rubric}\n").encode())
    assert crit is not None, problems
    text = _rubric_text(crit, "reach", "text")
    points = [line.split("**")[1] for line in text.splitlines()[1:]]
    assert points == [str(k) for k in range(1, 11)], points
