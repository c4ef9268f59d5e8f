"""The Rank view's contributions chart under a method that does not add up per criterion, and its download.

try4 (issue 12): with Strategic impact at 5 and TOPSIS, the screen drew the rows in TOPSIS's order with the
weighted sum's bars (rank 1's bar shorter than rank 2's) under an axis called "Score (sum of contributions)",
and the downloaded contributions.png drew the rows in the weighted sum's order. The file is now drawn from
the view's own chart (ui.views.rank.contributions), and the chart says what its bars are.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import pyarrow as pa
import pytest

import chart_svg as cs
from dashboard_support import app
from scoring import load_dataset, rank
from scoring.methods import METHODS
from ui import charts
from ui.views import export


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def _impact_at_5(dataset) -> np.ndarray:
    w = dataset.criteria.default_weights.astype(float).copy()
    w[dataset.criteria.ids.index("impact")] = 5.0
    return w


def _screen_chart(at):
    """(spec, option titles top to bottom) of the contributions chart the Rank view sent."""
    for e in at.get("vega_lite_chart"):
        if not e.proto.HasField("data"):
            continue
        table = pa.ipc.open_stream(e.proto.data.data).read_all().to_pandas()
        if "contribution" in table.columns:
            rows = table.groupby("title", observed=True)["row"].min().sort_values(kind="stable")
            return json.loads(e.proto.spec), [str(t) for t in rows.index]
    raise AssertionError("the Rank view drew no contributions chart")


def _drawn_titles(svg: str, titles: set[str]) -> list[str]:
    """Option titles drawn as row labels, top to bottom (a wrapped label is one text of tspans)."""
    out = []
    for t in ET.fromstring(svg).iter():
        if t.tag.endswith("}text") or t.tag == "text":
            lines = [x.text or "" for x in t if x.tag.endswith("tspan")]
            text = " ".join(lines) if lines else (t.text or "")
            if text in titles and text not in out:  # a tall chart draws each row label once; keep the first
                out.append(text)
    return out


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_contributions_file_draws_the_rank_views_rows_in_its_order_with_its_words(method, shipped):
    w = _impact_at_5(shipped)
    ranking = rank(shipped, w, method)
    label = METHODS[method].label
    at = app(view="Rank", rank_contrib="1", method=method, w=",".join(f"{c}:{v:g}" for c, v in zip(shipped.criteria.ids, w)))
    assert not at.exception
    spec, screen = _screen_chart(at)
    table_order = ranking.table["title"].tolist()
    assert screen == table_order  # the screen: the method's order
    ws_order = rank(shipped, w, "weighted-sum").table["title"].tolist()
    assert ws_order != table_order  # the case try4 met: the weighted sum orders them otherwise

    mask = np.ones(len(shipped.ids), dtype=bool)
    svg = export.chart_file("Contributions", "svg", ranking, shipped, w, mask)
    assert _drawn_titles(svg, set(shipped.titles)) == screen  # the file: the screen's rows, in the screen's order
    file_spec = export.chart_for_export("Contributions", ranking, shipped, w, mask).to_dict()
    subtitle = " ".join(file_spec["title"]["subtitle"])
    assert f"not the {label} score" in subtitle  # the file's subtitle names the method ...
    assert f"not the {label} score" in json.dumps(spec["title"])  # ... as the screen's does (wrapped in the browser)
    assert f"not the {label}" in svg  # the axis says the bar is not the method's score

    caption = " ".join(c.value for c in at.caption)
    assert "The table's Standing" in caption and "The bar is always longer" not in caption


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee", "weighted-product"])
def test_contributions_axis_names_the_weighted_sum_under_a_method_that_does_not_add_up(method):
    label = METHODS[method].label
    rows = cs.row_labels(3)
    import pandas as pd

    long = pd.DataFrame([{"title": t, "label": c, "criterion_index": j, "contribution": 0.1, "score": 0.3, "raw": 3.0}
                         for t in rows for j, c in enumerate(["Impact", "Cost"])])
    subtitle, x_title = charts.contributions_texts(label, False)
    drawn = cs.assert_readable(charts.contributions_chart(long, ["Impact", "Cost"], rows, subtitle=subtitle, x_title=x_title),
                               cs.PHONE, rows)
    axis = " ".join(" ".join(t.text.split()) for t in drawn.visible("axis-title"))
    assert axis == f"Weighted-sum score (not the {label} score)"
    sub = " ".join(" ".join(t.text.split()) for t in drawn.visible("title-subtitle"))
    assert sub.startswith(f"Weighted-sum contributions, in {label}'s order") and f"not the {label} score" in sub
    assert "sum of contributions" not in axis
    # the weighted sum itself keeps its plain axis
    assert charts.contributions_texts("Weighted sum", True)[1] == "Score (sum of contributions)"
