"""The room's analysis moved out of the view (scoring.room): tables a room reads, without a server."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scoring.group import aggregate_weights
from scoring.ranking import rank
from scoring.room import (DRIVER_HEADERS, analyse, consensus_table, drivers_table, group_ranking_table,
                          movement_table, participants_table, ranking_table, tied_ranks, room_from_latest,
                          room_from_revealed, rounds_table)
from scoring.store import Store

CRITERIA = ["impact", "cost", "speed"]


def test_tied_ranks_mark_every_shared_rank():
    assert tied_ranks([1, 2, 2, 4]).tolist() == [False, True, True, False]
    assert tied_ranks([1, 1, 3]).tolist() == [True, True, False]
    assert tied_ranks([1, 2, 3]).tolist() == [False, False, False]


def test_ranking_table_shows_rank_as_a_number_title_and_score_with_ties(mini_dataset):
    # mini data, weights (.5, .5, 0): b .75, a .625, c .625, d .5 (see test_workshop_group)
    table = ranking_table(rank(mini_dataset, [0.5, 0.5, 0.0]).table)
    assert list(table.columns) == ["Rank", "Tied", "Option", "Score"]
    assert pd.api.types.is_integer_dtype(table["Rank"]) and table.attrs["formats"]["Rank"] == "%d"  # sorts 1, 2, 10
    assert table["Rank"].tolist() == [1, 2, 2, 4]
    assert table["Tied"].tolist() == ["", "yes", "yes", ""]  # the tie is said beside the rank (was '2=', text)
    assert table["Option"].tolist() == ["Bravo", "Alpha", "Charlie", "Delta"]
    assert table["Score"].tolist() == [0.75, 0.625, 0.625, 0.5]  # numbers (sorted as numbers), written '%.3f'
    assert [table.attrs["formats"]["Score"] % v for v in table["Score"]] == ["0.750", "0.625", "0.625", "0.500"]
    cut = ranking_table(rank(mini_dataset, [0.5, 0.5, 0.0]).table, limit=2, score=False)
    assert cut.to_dict("list") == {"Rank": [1, 2], "Tied": ["", "yes"], "Option": ["Bravo", "Alpha"]}  # a tie across the cut
    alone = ranking_table(rank(mini_dataset, [0.5, 0.5, 0.0]).table, limit=1)
    assert list(alone.columns) == ["Rank", "Option", "Score"]  # no tie shown: no Tied column


@pytest.fixture
def two_rounds(tmp_path, mini_dataset):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}", max_submissions_per_minute=100)
    ws = store.create_workshop("Tables", CRITERIA)
    code, key = ws.workshop.code, ws.key
    people = [store.join(code, n) for n in ("Ann", "", "Cy")]
    for p, w in zip(people, ([1, 0, 0], [0, 1, 0], [1, 1, 0])):
        store.submit(p.token, dict(zip(CRITERIA, w)))
    store.open_round(code, key)
    for p, w in zip(people[1:], ([1, 1, 0], [1, 1, 0])):
        store.submit(p.token, dict(zip(CRITERIA, w)))
    return store, store.workshop(code), key, mini_dataset


def test_group_and_participant_tables_have_labelled_headers_and_titles(two_rounds):
    store, workshop, key, dataset = two_rounds
    room = room_from_latest(store.latest(workshop.code, key, 1), CRITERIA)
    result = analyse(room, dataset, workshop, "arithmetic")
    g = aggregate_weights(np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]], float))
    expected = rank(dataset, g).table
    group = group_ranking_table(result)
    assert [c for c in group.columns if c != "Tied"] == ["Rank", "Option", "Score"]
    assert group["Option"].tolist() == expected["title"].tolist()
    assert group["Rank"].tolist() == expected["rank"].tolist()
    tied = tied_ranks(expected["rank"])
    assert group.get("Tied", pd.Series([""] * len(group))).eq("yes").tolist() == tied.tolist()
    people = participants_table(result, dataset)
    assert list(people.columns) == ["Participant", "Counts as", "Their top option", "Impact", "Cost", "Speed"]
    assert people["Their top option"].tolist() == ["Alpha", "Bravo", "Bravo"]  # all on impact / cost / half-half
    assert people["Impact"].tolist() == [100.0, 0.0, 50.0]  # numbers, written '100.0%' (the grid sorts them)
    assert people.attrs["formats"] == {"Counts as": "%g", "Impact": "%.1f%%", "Cost": "%.1f%%", "Speed": "%.1f%%"}
    assert people["Counts as"].dtype.kind == "f"
    cons = consensus_table(result, 2)
    assert list(cons.columns) == ["Option", "Share with it in their top 2"]
    assert cons["Share with it in their top 2"].dtype.kind == "f" and cons.attrs["formats"] == {"Share with it in their top 2": "%.0f%%"}


def test_anonymous_participants_are_numbered_in_joining_order(two_rounds):
    store, workshop, key, _ = two_rounds
    latest = store.latest(workshop.code, key, 1)
    assert latest["participant"].tolist() == ["Ann", "Anonymous 2", "Cy"]
    assert room_from_latest(latest, CRITERIA, projector=True).labels == ["Participant 1", "Participant 2", "Participant 3"]
    revealed = room_from_revealed(latest[["vote_weight", *CRITERIA]], CRITERIA)
    assert revealed.labels == ["Participant 1", "Participant 2", "Participant 3"]


def test_drivers_table_is_bounded_and_readable(two_rounds):
    store, workshop, key, dataset = two_rounds
    room = room_from_latest(store.latest(workshop.code, key, 1), CRITERIA)
    result = analyse(room, dataset, workshop, "arithmetic")
    table = drivers_table(result, dataset)
    assert list(table.columns) == list(DRIVER_HEADERS.values())
    assert not {"p_low", "top_at_low", "rank_changes"} & set(table.columns)
    assert set(table["Criterion"]) == {"Impact", "Cost", "Speed"}
    assert set(table["Top option at 10th percentile"]) <= set(dataset.titles)
    assert (table["Options that change rank"] <= len(dataset.ids)).all()
    assert set(table["Top option changes"]) <= {"yes", "no"}
    for col in ("Group weight", "Weight at 10th percentile", "Weight at 90th percentile"):
        assert table[col].dtype.kind == "f" and table.attrs["formats"][col] == "%.1f%%"
        assert ((table[col] >= 0) & (table[col] <= 100)).all()


def test_compare_rounds_says_who_did_not_answer(two_rounds):
    store, workshop, key, _ = two_rounds
    before, after = store.latest(workshop.code, key, 1), store.latest(workshop.code, key, 2)
    table = movement_table(before, after, CRITERIA, 1, 2)
    assert list(table.columns) == ["Participant", "Moved (share of weight)", "Note"]
    assert isinstance(table.index, pd.RangeIndex)
    # Ann skipped round 2; participant 2 moved from all-on-cost to half-half (L1 1 -> half is 50%); Cy stayed.
    # The share is a number (sorted as one), written '%.1f%%'; who did not answer is said in the note
    assert table["Participant"].tolist() == ["Ann", "Anonymous 2", "Cy"]
    assert table["Moved (share of weight)"].tolist()[1:] == [50.0, 0.0] and np.isnan(table["Moved (share of weight)"][0])
    assert table["Note"].tolist() == ["did not answer in round 2", "", ""]
    assert table.attrs["formats"] == {"Moved (share of weight)": "%.1f%%"}
    hidden = movement_table(before, after, CRITERIA, 1, 2, projector=True)
    assert hidden["Participant"].tolist() == ["Participant 1", "Participant 2", "Participant 3"]


def test_rounds_table_labels_status_and_agreement():
    summary = pd.DataFrame({"round": [1, 2], "open": [False, True], "revealed": [True, False],
                            "submitted": [3, 1], "kendall_w": [0.5, float("nan")]})
    table = rounds_table(summary)
    assert table.to_dict("list") == {"Round": [1, 2], "Status": ["closed, shown to participants", "open"],
                                     "Answers": [3, 1], "Agreement (Kendall's W)": [0.5, pytest.approx(float("nan"), nan_ok=True)]}
    assert table.attrs["formats"] == {"Agreement (Kendall's W)": "%.2f"}


def test_archive_holds_every_table_every_data_version_and_about(tmp_path, mini_files):
    import io
    import json
    import zipfile

    from scoring.room import dataset_from_files, read_data_files, workshop_archive

    files = read_data_files(*mini_files)
    assert set(files) == {"options", "criteria"}  # no evidence.csv next to the mini options
    dataset = dataset_from_files(files)
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    ws = store.create_workshop("=HYPERLINK(\"x\")", dataset.criteria.ids, data=files)
    code, key = ws.workshop.code, ws.key
    store.submit(store.join(code, "=1+1").token, {"impact": 1, "cost": 1, "speed": 1})
    edited = {**files, "options": ("options.csv", files["options"][1].replace(b"Alpha", b"Alpha 2"))}
    store.update_data(code, key, edited, "renamed Alpha")
    blob = workshop_archive(store.tables(code, key), store.data_history(code, key), {"workshop": ws.workshop.name})
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        names = set(zf.namelist())
        assert names == {"tables/workshop.csv", "tables/rounds.csv", "tables/participants.csv",
                         "tables/submissions.csv", "tables/data_versions.csv", "tables/log.csv",
                         "data/v1/options.csv", "data/v1/criteria.yaml", "data/v2/options.csv",
                         "data/v2/criteria.yaml", "about.json"}
        assert zf.read("data/v1/options.csv") == files["options"][1]
        assert b"Alpha 2" in zf.read("data/v2/options.csv")
        about = json.loads(zf.read("about.json"))
        subs = zf.read("tables/submissions.csv").decode()
        log = zf.read("tables/log.csv").decode()
        people = zf.read("tables/participants.csv").decode()
    assert {(f["path"], f["from_round"]) for f in about["files"]} >= {("data/v1/options.csv", 1), ("data/v2/options.csv", 2)}
    assert "'=1+1" in subs and ",=1+1" not in subs  # formulas neutralized as in every export
    assert "data updated" in log and "renamed Alpha" in log
    assert "token" not in people and "key_hash" not in zf.namelist()[0]
    store.close()


def test_stored_data_rebuilds_the_same_dataset(mini_files, mini_dataset):
    from scoring.room import dataset_from_files, read_data_files

    again = dataset_from_files(read_data_files(*mini_files))
    assert again.sha256 == mini_dataset.sha256
    assert again.ids == mini_dataset.ids and np.array_equal(again.matrix, mini_dataset.matrix)


def test_consensus_heading_says_when_ties_put_more_than_top_k_options_in_the_list():
    """review3 W4: three equal-weight answers tie 7 options at 4=; 'top 5' over 10 rows confused the room."""
    from scoring.group import consensus_top
    from scoring.room import consensus_heading

    ranks = np.tile([1, 2, 2] + [4] * 7 + [11, 12], (3, 1))  # the same tied ranking from 3 participants
    listed = consensus_top(ranks, [f"o{i}" for i in range(12)], [f"O{i}" for i in range(12)], k=5)
    assert len(listed) == 10
    assert consensus_heading(len(listed), 5) == "In the top 5 for most participants (ties included: 10 options share the top 5 places)"
    assert consensus_heading(4, 5) == "In the top 5 for most participants"
