"""What the first page sends and what a chart download draws (issue 12, fast in the browser).

The contributions chart's data is resent on every weight change, so it carries only the columns the chart
reads; the reasons behind the scores are in the selected option's panel. The Export view's chart file is
drawn from the state it is given, once per distinct state, with every option title whole.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pyarrow as pa
import pytest

from dashboard_support import app, weight_change_that_moves_the_top
from scoring import load_dataset, rank
from ui.views import export


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def _chart_frames(at) -> list[pa.Table]:
    return [pa.ipc.open_stream(e.proto.data.data).read_all() for e in at.get("vega_lite_chart") if e.proto.HasField("data")]


def test_rank_view_sends_the_contributions_chart_without_reasons_and_shows_the_selected_options_reasons(shipped):
    closed = app(view="Rank")
    assert [len(e.markdown) for e in closed.expander if e.label == "Why each score"] == [0]  # closed: nothing sent
    at = app(view="Rank", rank_contrib="1", rank_why="1")  # the chart and the reasons are drawn while open
    assert not at.exception
    contributions = next(t for t in _chart_frames(at) if "contribution" in t.schema.names)
    assert sorted(contributions.schema.names) == ["contribution", "criterion_index", "label", "raw", "row", "title"]
    assert contributions.num_rows == len(shipped.ids) * len(shipped.criteria)
    assert pa.types.is_dictionary(contributions.schema.field("title").type)  # each title once, not 9 times
    top = rank(shipped, shipped.criteria.default_weights).table.iloc[0]
    ev = shipped.evidence[shipped.evidence["option_id"] == top["id"]]
    why = next(e for e in at.expander if e.label == "Why each score")
    text = "\n".join(m.value for m in why.markdown)
    for criterion_id, rationale in zip(ev["criterion_id"], ev["rationale"]):
        label = shipped.criteria[criterion_id].label
        assert f"**{label}**" in text
        assert rationale.split()[0] in text  # the reason itself, not only its criterion


def _drawn_titles(svg: str, titles: set[str]) -> list[str]:
    """The option titles drawn as row labels, top to bottom (a label wrapped into lines is one text of tspans)."""
    texts = []
    for t in ET.fromstring(svg).iter():
        if t.tag.endswith("}text") or t.tag == "text":
            lines = [x.text or "" for x in t if x.tag.endswith("tspan")]
            texts.append(" ".join(lines) if lines else (t.text or ""))
    return [t for t in texts if t in titles]


def test_chart_file_is_drawn_from_the_weights_given_once_per_state_with_every_title_whole(monkeypatch, shipped):
    import vl_convert as vlc

    calls: list[int] = []
    real = vlc.vegalite_to_svg
    monkeypatch.setattr(vlc, "vegalite_to_svg", lambda spec: calls.append(1) or real(spec))
    export.draw.cache_clear()
    cid, value, before, after = weight_change_that_moves_the_top(shipped)
    titles = dict(zip(shipped.ids, shipped.titles))
    mask = np.ones(len(shipped.ids), dtype=bool)
    w_before = shipped.criteria.default_weights.astype(float)
    w_after = w_before.copy()
    w_after[shipped.criteria.ids.index(cid)] = value

    first = export.chart_file("Contributions", "svg", rank(shipped, w_before), shipped, w_before, mask)
    again = export.chart_file("Contributions", "svg", rank(shipped, w_before), shipped, w_before, mask)
    assert again == first and len(calls) == 1  # the same state is drawn once
    moved = export.chart_file("Contributions", "svg", rank(shipped, w_after), shipped, w_after, mask)
    assert len(calls) == 2 and moved != first  # new weights, a new drawing

    drawn_before = _drawn_titles(first, set(titles.values()))
    drawn_after = _drawn_titles(moved, set(titles.values()))
    assert sorted(drawn_before) == sorted(titles.values())  # every title drawn whole, none cut with "…"
    assert drawn_before[0] == titles[before] and drawn_after[0] == titles[after]  # the top row is that state's top


def test_no_download_on_the_export_view_reruns_the_page():
    """review3 D6: the CSV button's rerun gave the chart button a new deferred file id under the user's next click
    ("Deferred file ... not found"); a download needs no rerun."""
    at = app(view="Export")
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"CSV", "Excel", "JSON", "Markdown", "CSV's about"} <= labels and any(l.startswith("Download ") for l in labels)
    assert all(b.proto.ignore_rerun for b in buttons), [(b.proto.label, b.proto.ignore_rerun) for b in buttons]
