"""try5: the facilitator's room tables measured their title column at 360 px while the grid drew it ~490 px wide
(one-line titles in 128 px rows, the group ranking ~70 px a row), and a narrow name column broke a word
('Fernández-Ló / pez'). Row heights follow the lines needed at the widths `ui.tables.fitted` gives."""
from __future__ import annotations

import pandas as pd
import pytest

from ui import tables, workshop_view


@pytest.fixture
def drawn(monkeypatch):
    calls = []
    monkeypatch.setattr(tables.st, "dataframe", lambda frame, **kw: calls.append((frame, kw)))
    return calls


def test_one_line_titles_get_the_one_line_row():
    title = "Pre-coordinate in WHO and global forums and avoid an exclusive tone"  # 68 characters: one line
    frame = pd.DataFrame({"Participant": [f"Participant {i}" for i in range(1, 5)], "Counts as": [1] * 4,
                          "Their top option": [title] * 4})
    kw = workshop_view._room_table(frame, "Their top option").kwargs  # made once per change of the room
    assert kw["row_height"] is None, kw["row_height"]  # the grid's default one-line row


def test_group_ranking_titles_of_one_line_at_the_projector_get_one_line_rows():
    frame = pd.DataFrame({"Rank": ["1", "2", "3"], "Option": ["Standing bilateral channel on future COVID-19 treatments",
                                                              "Keep the Quad informal as a hub for flexible minilaterals",
                                                              "Widen the alliance's definition of national security to pandemics"],
                          "Score": [0.61, 0.6, 0.55]})
    kw = workshop_view._room_table(frame, "Option", width="stretch").kwargs
    assert kw["row_height"] is None, kw["row_height"]


def test_a_wrapped_name_column_is_never_narrower_than_its_longest_word(drawn):
    names = ["Ana Fernández-López", "Bo"]
    weights = {f"Criterion number {k}": ["10.0%", "20.0%"] for k in range(9)}
    frame = pd.DataFrame({"Participant": names, **weights})
    tables.fitted(frame, ["Participant"], {c: c for c in weights})
    (_, kw), = drawn
    width = kw["column_config"]["Participant"]["width"]
    assert width >= tables.text_px("Fernández-López"), width


def test_acceptability_caption_says_how_the_shares_come_about():
    """try5: with 4 participants the shares read 83% and 8% under 'participants' weights as samples'."""
    import numpy as np

    assert "in proportion to how much they count" in workshop_view.acceptability_caption(np.array([1, 2, 0]))
