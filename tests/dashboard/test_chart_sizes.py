"""Charts drawn at a phone's and a projector's width keep a plot tall enough for their points, and titles
as wide as the plot (try4: the trade-off scatter and value for money were ~100 px tall over 1400 px, with
bubbles touching, and every title wrapped into a ~200 px column)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chart_svg as cs
from scoring import load_dataset
from scoring.compare import value_for_money
from ui import charts, frames

WIDE = 1400 - 32  # a 1400 px window without the sidebar (a projector): the chart's column
WIDTHS = (cs.PHONE, cs.DESKTOP, WIDE)


def _shipped_scatter():
    dataset = load_dataset()
    crit = dataset.criteria
    pts = frames.scatter_points(frames.scatter_frame(dataset, "impact", "feasibility"), "impact", "feasibility")
    return charts.tradeoff_scatter(pts, "impact", "feasibility", crit["impact"].label, crit["feasibility"].label,
                                   x_domain=(crit["impact"].scale_min, crit["impact"].scale_max),
                                   y_domain=(crit["feasibility"].scale_min, crit["feasibility"].scale_max))


def _shipped_value_for_money():
    dataset = load_dataset()
    return charts.value_for_money_chart(value_for_money(dataset, dataset.criteria.default_weights))


def _span(d: cs.Drawing, axis: str) -> float:
    """Distance between the first and last tick label of the y ('y') or x ('x') axis, in px."""
    labels = [t for t in d.visible("axis-label")]
    if axis == "y":  # y labels stand left of the plot, one per row of the axis
        left = min(t.x0 for t in labels)
        ys = [(t.y0 + t.y1) / 2 for t in labels if t.x0 < left + 30]
        return max(ys) - min(ys)
    bottom = max(t.y1 for t in labels)
    xs = [(t.x0 + t.x1) / 2 for t in labels if t.y1 > bottom - 5]
    return max(xs) - min(xs)


CHARTS = {"trade-off scatter": _shipped_scatter, "value for money": _shipped_value_for_money}


@pytest.mark.parametrize("name", list(CHARTS))
def test_point_charts_keep_a_tall_plot_and_no_overlapping_labels_at_phone_and_projector_width(name):
    chart = CHARTS[name]()
    for width in WIDTHS:
        d = cs.assert_readable(chart, width)  # no two labels (the bubbles' counts included) overlap
        assert _span(d, "y") >= 280, f"{name}: plot {_span(d, 'y'):.0f} px tall at width {width}"


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_titles_use_the_width_of_the_plot(name):
    chart = CHARTS[name]()
    for width in (cs.DESKTOP, WIDE):
        d = cs.draw(chart, width)
        plot = _span(d, "x")
        for role in ("title-text", "title-subtitle"):
            (t,) = d.visible(role)
            lines = t.text.split("\n")
            if len(lines) > 1:  # wrapped: then its lines take (nearly) the plot's width, not a phone's column
                widest = max(cs.text_width(line, t.size, role == "title-text") for line in lines)
                assert widest >= 0.75 * plot, f"{name} {role} wrapped at {widest:.0f} px over a {plot:.0f} px plot: {lines}"
    phone = cs.draw(chart, cs.PHONE)
    for t in phone.visible("title-subtitle") + phone.visible("title-text"):
        assert t.x1 <= phone.width, t  # and on a phone the lines still fit


def test_scatter_bubbles_of_the_shipped_data_do_not_touch():
    """The shipped data's positions on impact x feasibility: no two drawn bubbles' counts overlap and the
    y steps of the 1-5 scale are at least 60 px apart at every width."""
    chart = _shipped_scatter()
    for width in WIDTHS:
        d = cs.draw(chart, width)
        counts = [t for t in d.visible() if t.role == "mark" or t.text.isdigit() and t.role not in ("axis-label",)]
        for i, a in enumerate(counts):
            for b in counts[i + 1:]:
                assert not a.overlaps(b), f"at width {width}: {a.text!r} overlaps {b.text!r}"
        ys = sorted({round((t.y0 + t.y1) / 2) for t in d.visible("axis-label") if t.x0 < 60})
        assert min(np.diff(ys)) >= 60, f"y steps {np.diff(ys)} at width {width}"


def test_fit_titles_keeps_the_text_and_only_touches_the_title():
    from ui.chart_style import fit_titles

    spec = charts.value_for_money_chart(pd.DataFrame({"title": ["a"], "benefit": [0.5], "cost": [0.5], "efficient": [True]})).to_dict()
    fitted = fit_titles({**spec, "title": dict(spec["title"])})
    assert set(fitted) == set(spec)
    assert "What buys most for least" in fitted["title"]["text"]["expr"]
    assert "Up and to the left is better" in fitted["title"]["subtitle"]["signal"]
