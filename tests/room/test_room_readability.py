"""Room leftovers of issue 12 (fix4): the facilitator's data update as one form, tied top options named in
full, chart legends whose colour words match the colours drawn, and the drivers chart in the table's order.

Browser cases are in tests/workshop/test_workshop_room_browser.py; SVG label cases in
tests/dashboard/test_charts_drawn.py.
"""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "room"))

from test_room_leftovers import _facilitator_signed_in  # noqa: E402


# ---------------------------------------------------------------- the data update is one form

def test_the_data_update_controls_are_one_form_and_the_update_says_which_round_opened(tmp_path, monkeypatch):
    """CI once lost the click on "Update the data and open a new round" to a rerun between the upload and the
    click. The uploaders, the note and the button are one form (like "Remove participant"): nothing reaches the
    server, and nothing reruns, before the button is pressed. After the update the page says which round opened
    (the old page showed its success line and rerun at once, so it was never seen) and the form starts empty."""
    from ui.workshop_view import get_store

    store, created, at = _facilitator_signed_in(tmp_path, monkeypatch, "Data form")
    code, key = created.workshop.code, created.key
    button = next(b for b in at.button if b.label == "Update the data and open a new round")
    note = next(t for t in at.text_input if t.label == "What changed (kept in the log)")
    assert button.form_id == "ws_data_form" and note.form_id == "ws_data_form"
    uploaders = [e for e in at.get("file_uploader")]
    assert len(uploaders) == 3 and {u.proto.form_id for u in uploaders} == {"ws_data_form"}
    note.set_value("same files, new round")
    at.run()  # a rerun (a refresh, another control) while the form is being filled: nothing is stored
    assert [r.number for r in store.rounds(code)] == [1]
    assert "data updated" not in store.log(code, key)["action"].tolist()
    # (the browser keeps a form's typed values until it is sent; AppTest drops them on a rerun: type again)
    next(t for t in at.text_input if t.label == "What changed (kept in the log)").set_value("same files, new round")
    next(b for b in at.button if b.label == "Update the data and open a new round").click().run()
    assert [r.number for r in store.rounds(code)] == [1, 2]
    log = store.log(code, key)
    assert log["action"].tolist()[-1] == "data updated" and "same files, new round" in log["detail"].iloc[-1]
    assert [s.value for s in at.success] == ["Data stored; round 2 is open on it."]
    note = next(t for t in at.text_input if t.label == "What changed (kept in the log)")
    assert note.value == ""  # a new, empty form: a second press would not resend the same note
    at.run()  # the next rerun no longer repeats the line
    assert not any("Data stored" in s.value for s in at.success)
    store.close()
    get_store.clear()


# ---------------------------------------------------------------- tied top options named in full

def test_top_titles_names_every_tied_option_as_the_rank_view_says_tied():
    from scoring.room import top_titles

    assert top_titles(["Alpha"]) == "Alpha"
    assert top_titles(["Alpha", "Bravo"]) == "Alpha · Bravo (tied)"
    assert top_titles(["A", "B", "C"]) == "A · B · C (tied)"
    assert top_titles(["A", "B", "C", "D", "E"]) == "A · B · C and 2 more (tied)"


def _tied_room(mini_dataset):
    """Mini data (tests/conftest.py), weighted sum on the 1-5 scales: weights (.6, .4, 0) give Alpha
    .6*1 + .4*.25 = .7 and Bravo .6*.5 + .4*1 = .7 (a tie; Charlie .65, Delta .45); all on impact gives Alpha."""
    from scoring.group import analyse_room

    weights = np.array([[3, 2, 0], [3, 2, 0], [1, 0, 0]], float)
    return analyse_room(mini_dataset, weights, ["Ann", "Bo", "Cy"])


def test_a_participants_tied_top_options_are_all_named_in_the_room_and_the_export(mini_dataset):
    from scoring.room import group_report, participants_table

    result = _tied_room(mini_dataset)
    assert result.ranks[0].tolist() == [1, 1, 3, 4]  # the engine's ranks: Alpha and Bravo share rank 1
    people = participants_table(result, mini_dataset)
    assert people["Their top option"].tolist() == ["Alpha · Bravo (tied)", "Alpha · Bravo (tied)", "Alpha"]
    workshop = SimpleNamespace(name="Ties", method="weighted-sum", normalization=None)
    exported = group_report(result, mini_dataset, workshop, 1).tables["participants"]
    assert exported["top_option"].tolist() == ["a", "a", "a"]  # the first at rank 1 (unchanged column)
    assert exported["top_tie"].tolist() == ["a = b", "a = b", "a"]


def test_a_tie_for_the_top_at_a_percentile_is_named_and_counts_as_a_change(mini_dataset):
    """Group weights (.733, .267, 0): Alpha leads alone. Impact at its 10th percentile (.6, the others rescaled:
    cost .4) ties Alpha and Bravo: the drivers table names both, and the top changes (it was Alpha alone);
    the old code named Alpha and said the top stays."""
    from scoring.room import drivers_table

    result = _tied_room(mini_dataset)
    assert result.group.table.loc[result.group.table["rank"] == 1, "id"].tolist() == ["a"]
    d = result.drivers.set_index("criterion")
    assert d.loc["impact", "p_low"] == pytest.approx(0.6)
    assert d.loc["impact", "top_tie_at_low"] == "a = b" and d.loc["impact", "top_at_low"] == "a"
    assert d.loc["impact", "top_tie_at_high"] == "a"
    assert bool(d.loc["impact", "top_changes"])
    table = drivers_table(result, mini_dataset).set_index("Criterion")
    assert table.loc["Impact", "Top option at 10th percentile"] == "Alpha · Bravo (tied)"
    assert table.loc["Impact", "Top option at 90th percentile"] == "Alpha"
    assert table.loc["Impact", "Top option changes"] == "yes"
