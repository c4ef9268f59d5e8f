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
import pandas as pd
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


# ---------------------------------------------------------------- the drivers chart in the table's order

def _drawn_rows(chart, width: int) -> list[str]:
    """Row labels as Vega draws them (vl-convert), top to bottom, wrapped lines joined (value-axis numbers left out)."""
    import chart_svg as cs

    shown = sorted(cs.draw(chart, width).visible("axis-label"), key=lambda t: t.y0)
    return [" ".join(t.text.split()) for t in shown if not t.text.replace(",", "").replace("%", "").isdigit()]


def test_the_drivers_chart_draws_its_rows_in_the_order_of_the_drivers_table():
    """Shipped data, five participants (weights below): inclusiveness and private-sector buy-in change the top
    option with 58 and 54 options moving; impact moves 57 without changing the top. The table lists the
    top-changing criteria first; the chart sorted by rank changes alone and drew impact second."""
    from scoring import load_dataset
    from scoring.group import analyse_room
    from scoring.room import drivers_table
    from ui.workshop_view import room_drawing

    import chart_svg as cs

    dataset = load_dataset()
    weights = np.array([[4, 0, 1, 1, 1, 4, 5, 3, 0], [0, 1, 2, 3, 2, 1, 0, 4, 4], [0, 0, 2, 2, 5, 3, 2, 2, 3],
                        [3, 1, 4, 4, 5, 4, 1, 1, 3], [3, 4, 5, 1, 5, 0, 0, 5, 5]], float)
    result = analyse_room(dataset, weights, list("ABCDE"))
    table = drivers_table(result, dataset)["Criterion"].tolist()
    changes = result.drivers["rank_changes"].tolist()
    assert changes != sorted(changes, reverse=True)  # a case where "most rank changes first" is another order
    drawing = room_drawing(result, dataset, SimpleNamespace())
    for width in (cs.PHONE, cs.DESKTOP):
        assert _drawn_rows(drawing.charts["drivers"].chart, width) == table


# ---------------------------------------------------------------- legend words and drawn colours agree

COLOUR_NAMES = ("light blue", "red", "orange", "amber", "yellow", "green", "blue", "pink", "purple", "black", "grey")
MARK_NOUNS = {"tick": {"tick"}, "dot": {"point", "circle"}, "dots": {"point", "circle"}, "bar": {"bar", "rule"},
              "bars": {"bar", "rule"}, "box": {"boxplot"}, "line": {"line", "rule"}, "diamond": {"point"}}


def hue_word(colour: str) -> str:
    """What a reader calls a colour, from its hue and lightness (HLS): #D55E00 (hue 26 degrees) is orange."""
    import colorsys

    if not colour.startswith("#"):
        return colour.lower()  # a CSS name ("black")
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, light, sat = colorsys.rgb_to_hls(r, g, b)
    deg = h * 360
    if light < 0.12:
        return "black"
    if sat < 0.1:
        return "grey"
    for top, word in ((15, "red"), (38, "orange"), (50, "amber"), (70, "yellow"), (170, "green")):
        if deg < top:
            return word
    if deg < 260:
        return "light blue" if light > 0.55 else "blue"
    return "pink" if deg < 345 else "red"


def _layers(spec: dict) -> list[dict]:
    out = []
    for part in (spec, *spec.get("layer", [])):
        mark = part.get("mark")
        if mark is not None:
            out.append(mark if isinstance(mark, dict) else {"type": mark})
        if part is not spec and "layer" in part:
            out.extend(_layers(part))
    return out


def colour_claims(chart) -> list[tuple[str, str, list[str]]]:
    """(colour word, mark noun, the colours of that kind of mark in the spec) for every 'COLOUR MARK' the
    subtitle says."""
    import re

    spec = chart.to_dict()
    title = spec.get("title") or {}
    sub = title.get("subtitle", "") if isinstance(title, dict) else ""
    text = " ".join(sub if isinstance(sub, list) else [sub]).lower()
    claims = []
    words = "|".join(COLOUR_NAMES)
    for m in re.finditer(rf"\b({words}) ({'|'.join(MARK_NOUNS)})\b", text):
        kinds = MARK_NOUNS[m.group(2)]
        colours = [mk["color"] for mk in _layers(spec) if mk.get("type") in kinds and "color" in mk]
        claims.append((m.group(1), m.group(2), colours))
    return claims


def _every_room_chart():
    from scoring import load_dataset
    from scoring.group import analyse_room
    from ui import analysis_charts as ac
    from ui import workshop_charts as wc
    from ui.workshop_view import room_drawing

    dataset = load_dataset()
    rng = np.random.default_rng(7)
    result = analyse_room(dataset, rng.integers(0, 6, size=(4, len(dataset.criteria.ids))) + 1.0, list("ABCD"))
    charts = {name: f.chart for name, f in room_drawing(result, dataset, SimpleNamespace()).charts.items()}
    charts["rounds"] = wc.rounds_chart(pd.DataFrame({"round": [1, 2], "kendall_w": [0.2, 0.5], "submitted": [3, 4]}))
    seg = pd.DataFrame([{"label": c, "start": 0.0, "end": 1.0, "leader": "a", "current_weight": 0.3} for c in ("X", "Y")])
    charts["head_to_head_flip"] = ac.flip_chart(seg, ["a", "b"])
    return charts


def test_every_colour_a_room_chart_subtitle_names_is_the_colour_its_mark_is_drawn_in():
    """Issue 12: the spread and rank-range subtitles said "red tick: group" over a tick drawn in Okabe-Ito
    vermilion #D55E00 (hue 26 degrees: orange on screen). Each 'COLOUR MARK' phrase of every room chart's
    subtitle (and the head-to-head flip chart's) is checked against the colour of that mark in the spec."""
    claims = {name: colour_claims(chart) for name, chart in _every_room_chart().items()}
    checked = 0
    for name, found in claims.items():
        for word, noun, colours in found:
            assert colours, f"{name}: subtitle names a {word} {noun} but no {noun} has a fixed colour"
            assert word in {hue_word(c) for c in colours}, (name, word, noun, colours, [hue_word(c) for c in colours])
            checked += 1
    said = {name: [w for w, _, _ in found] for name, found in claims.items() if found}
    assert said == {"weight_spread": ["orange"], "rank_range": ["orange"], "head_to_head_flip": ["black"]}, said
    assert checked == 3


def test_hue_word_reads_the_palette_as_people_name_it():
    from ui.workshop_charts import BLUE, COLOUR_WORDS, GREEN, ORANGE, PINK, SKY, VERMILION

    assert [hue_word(c) for c in (BLUE, SKY, ORANGE, VERMILION, GREEN, PINK, "#000000", "#FF0000")] == \
        ["blue", "light blue", "amber", "orange", "green", "pink", "black", "red"]
    assert all(hue_word(c) == w for c, w in COLOUR_WORDS.items())  # the chart module's names are the same


def test_when_the_groups_top_is_a_tie_each_tied_option_counts_as_the_groups_top_for_the_distance_to_flip(mini_dataset):
    """Mini data: Ann all on impact (Alpha first), Bo (.2, .8, 0) (Bravo first); the group mean (.6, .4, 0) ties
    Alpha and Bravo at .7. Both are already at a top option of the group: 0% to move. The old code took Alpha
    alone as the group's top and had Bo move 30% of his weight."""
    from scoring.group import analyse_room, distance_to_flip

    result = analyse_room(mini_dataset, np.array([[5, 0, 0], [1, 4, 0]], float), ["Ann", "Bo"])
    assert result.group.table.loc[result.group.table["rank"] == 1, "id"].tolist() == ["a", "b"]
    assert result.flip["already_top"].tolist() == [True, True]
    assert result.flip["weight_moved"].tolist() == [0.0, 0.0]
    # one target as before: Bo has to move; the search path (TOPSIS) takes several targets the same way
    w, g = result.weights, result.group_weights
    alone = distance_to_flip(mini_dataset.matrix, mini_dataset.criteria, w, g, 0)
    assert alone["already_top"].tolist() == [True, False] and alone["weight_moved"].iloc[1] > 0
    both = distance_to_flip(mini_dataset.matrix, mini_dataset.criteria, w, g, [0, 1], "topsis")
    assert both["already_top"].tolist() == [True, True] and both["weight_moved"].tolist() == [0.0, 0.0]


def test_projector_mode_keeps_names_out_of_every_room_table_and_chart_including_long_and_tied(tmp_path, mini_dataset):
    """Projector mode: the wrapped names of the flip chart, the heatmap's columns, the participants table with its
    tied top options: none holds a participant's name, each says Participant 1..k in joining order."""
    import json

    from scoring.room import analyse, participants_table, room_from_latest
    from scoring.store import Store
    from ui.workshop_view import room_drawing

    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    created = store.create_workshop("Projected", ["impact", "cost", "speed"])
    code, key = created.workshop.code, created.key
    names = ["Dr. Alexandra Konstantinopoulou-Whitfield", "山田太郎と鈴木花子の共同代表チーム国際協力担当官"]
    for name, w in zip(names, ([3, 2, 0], [1, 0, 0])):
        store.submit(store.join(code, name).token, dict(zip(["impact", "cost", "speed"], w)))
    latest = store.latest(code, key)
    for projector, shown in ((False, names), (True, ["Participant 1", "Participant 2"])):
        result = analyse(room_from_latest(latest, ["impact", "cost", "speed"], projector), mini_dataset,
                         store.workshop(code), "arithmetic")
        people = participants_table(result, mini_dataset)
        assert people["Participant"].tolist() == [s[:40] for s in shown]
        assert people["Their top option"].tolist() == ["Alpha · Bravo (tied)", "Alpha"]
        drawing = room_drawing(result, mini_dataset, store.workshop(code))
        specs = json.dumps([c.chart.to_dict() for c in drawing.charts.values()], ensure_ascii=False)
        for name in names:
            assert (name.split()[-1][:10] in specs) is not projector, (projector, name)
    store.close()
