"""The weight sweep draws what the page says it draws, every line can be told apart, and its words are plain
(try4: 'Options shown' 6 drew 8 lines, the pair below added silently; two lines hid under others; '8 crossing
point(s)', 'refined to 1e-07 of the total weight')."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

import chart_svg as cs
from dashboard_support import app
from scoring import load_dataset, rank
from ui import analysis_charts as ac
from ui.text import shown


def test_sweep_caption_counts_the_lines_drawn_and_names_the_pair_added():
    dataset = load_dataset()
    at = app(view="Sensitivity")
    count = at.slider(key="analysis_sweep_count").value
    a, b = at.selectbox(key="analysis_pair_a").value, at.selectbox(key="analysis_pair_b").value
    order = rank(dataset, None).table["id"].tolist()
    drawn = list(dict.fromkeys([*order[:count], a, b]))
    captions = [re.sub(r"\\(.)", r"\1", shown(c.value)) for c in at.caption]
    (said,) = [c for c in captions if " lines" in c or " line;" in c]
    assert f"{len(drawn)} lines" in said, (drawn, said)
    titles = dict(zip(dataset.ids, dataset.titles))
    for oid in drawn[count:]:  # the options the count did not cover are named
        assert titles[oid] in said, (oid, said)
    text = " ".join(captions)
    assert "(s)" not in text and not re.search(r"\de-\d", text), text
    assert "within 0.00001% of the total weight" in text


def test_sweep_lines_differ_in_dash_as_well_as_colour():
    n = 8
    frame = cs.sweep_frame(n)  # every line on the same course: all overlap
    chart = ac.weight_sweep_chart(frame, 0.2, None, label="Strategic impact")
    d = cs.draw(chart, cs.DESKTOP)
    lines = re.findall(r'<path [^>]*aria-roledescription="line mark"[^>]*>', d.svg)
    assert len(lines) == n
    dashes = {re.search(r'stroke-dasharray="([^"]*)"', line).group(1) if "stroke-dasharray" in line else "" for line in lines}
    assert len(dashes) == n, dashes  # each line its own dash
    assert d.labels("legend-label") == [f"Option {i}" for i in range(n)]  # one legend, colour and dash together


def test_sweep_says_which_lines_coincide():
    from ui.views.sensitivity import same_lines

    grid = np.linspace(0, 1, 5)
    frame = pd.DataFrame({"weight": np.tile(grid, 3), "title": np.repeat(["a", "b", "c"], 5),
                          "score": np.concatenate([grid, grid, 1 - grid])})
    assert same_lines(frame) == [["a", "b"]]
    at = app(view="Sensitivity")
    captions = [re.sub(r"\\(.)", r"\1", shown(c.value)) for c in at.caption]
    (said,) = [c for c in captions if " lines" in c]
    dataset = load_dataset()
    count = at.slider(key="analysis_sweep_count").value
    a, b = at.selectbox(key="analysis_pair_a").value, at.selectbox(key="analysis_pair_b").value
    from scoring.sensitivity import weight_sweep

    crit = at.selectbox(key="analysis_sweep_criterion").value
    ids = list(dict.fromkeys([*rank(dataset, None).table["id"].tolist()[:count], a, b]))
    sweep = weight_sweep(dataset, None, crit, points=101).frame()
    groups = same_lines(sweep[sweep["id"].isin(ids)])
    for group in groups:
        assert "Drawn as one line" in said and all(t in said for t in group), (group, said)
    assert bool(groups) == ("Drawn as one line" in said)
