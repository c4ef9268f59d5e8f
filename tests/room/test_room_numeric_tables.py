"""The facilitator's room tables hold numbers as numbers (issue 12, leftA: the kind of Sensitivity's text shares).

The Participants table wrote each weight as text ('9.0%', '10.0%'), the drivers table its weights, the consensus
table its shares, the rankings their scores, the rounds table Kendall's W: a click on a header sorted them as
text ('10.0%' before '9.0%'). They are numbers now, written by a printf format in the column config
(`scoring.room` display tables carry it in `frame.attrs["formats"]`, `ui.tables` applies it); Compare rounds' Moved
too (who did not answer is said in a Note column: tests/workshop/test_room.py). The rankings' Rank too (left8):
it was text to mark ties ('2=', sorted after '10'); it is a number ('%d') and a shared rank says 'yes' in a Tied
column beside it.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from scoring import load_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_room_leftovers import _facilitator_signed_in  # noqa: E402

NUMBER_TEXT = re.compile(r"^\s*[▲▼]?\s*[-+]?\d[\d,]*(\.\d+)?\s*[%=]?\s*$")  # '33.3%', and ranks '2='


def test_every_room_table_holds_its_numbers_as_numbers_written_as_before(tmp_path, monkeypatch):
    store, created, at = _facilitator_signed_in(tmp_path, monkeypatch, "Numbers")
    ids = load_dataset().criteria.ids
    for k in range(12):  # weights from 0% to over 10%: as text '10.0%' sorted before '9.0%'
        person = store.join(created.workshop.code, f"P{k + 1}")
        store.submit(person.token, {c: float((k + j) % 5) for j, c in enumerate(ids)})
    at.run()
    assert not at.exception, at.exception
    checked = {}
    for d in at.dataframe:
        frame = d.value
        config = json.loads(d.proto.columns) if d.proto.columns else {}
        for col in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[col]):
                fmt = (config.get(col, {}).get("type_config") or {}).get("format")
                checked[col] = fmt
                continue
            values = [str(v) for v in frame[col].dropna()]
            assert not (values and all(NUMBER_TEXT.match(v) for v in values)), \
                f"column {col!r} holds numbers as text: {values[:4]}"
    # the participants' weights (short headers), the group ranking's score, the drivers' weights: numbers, as before
    assert checked.get("Score") == "%.3f" and checked.get("Rank") == "%d", checked
    assert {checked.get(h) for h in ("Group", "10th pct", "90th pct")} == {"%.1f%%"} and checked.get("Counts as") == "%g", checked
    percent = [c for c, f in checked.items() if f == "%.1f%%"]
    assert len(percent) >= len(ids) + 3, checked  # every criterion's weight column and the drivers' three
    people = next(d.value for d in at.dataframe if "Participant" in d.value.columns and len(d.value.columns) > 3)
    weights = people[[c for c in people.columns if c != "Participant"]].to_numpy(dtype=float)
    assert ((weights >= 0) & (weights <= 100)).all() and (weights > 10).any() and ((weights > 0) & (weights < 10)).any()
    store.close()


def test_a_refresh_of_an_unchanged_room_lays_out_no_table_again(tmp_path, monkeypatch):
    """issue 12 (room9): the live room's 6 tables were laid out (column widths, wrapped lines per title, row heights)
    and their floats rounded on every facilitator refresh, every 3 s on each screen, though the room had not changed.
    They are made once per change of the room with its analysis (`room_drawing` -> `ui.tables.Table`); a refresh only
    draws them. Counted: `ui.tables.row_height` (the wrapped lines of a table's title column) per page run."""
    from ui import tables

    store, created, at = _facilitator_signed_in(tmp_path, monkeypatch, "Unchanged")
    ids = load_dataset().criteria.ids
    for k in range(5):
        person = store.join(created.workshop.code, f"P{k + 1}")
        store.submit(person.token, {c: float((k + j) % 5) for j, c in enumerate(ids)})
    calls = []
    real = tables.row_height
    monkeypatch.setattr(tables, "row_height", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    at.run()  # the room changed: analysed, its tables made
    made = len(calls)
    tables_drawn = len(at.dataframe)
    at.run()  # nothing changed: the same tables drawn again
    assert not at.exception, at.exception
    assert made >= 6 and tables_drawn >= 6, (made, tables_drawn)
    assert len(calls) == made, f"{len(calls) - made} table layouts on a refresh of an unchanged room"
    assert len(at.dataframe) == tables_drawn
    store.close()
