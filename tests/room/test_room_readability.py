"""Room leftovers of issue 12 (fix4): the facilitator's data update as one form, tied top options named in
full, chart legends whose colour words match the colours drawn, and the drivers chart in the table's order.

Browser cases are in tests/workshop/test_workshop_room_browser.py; SVG label cases in
tests/dashboard/test_charts_drawn.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

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

