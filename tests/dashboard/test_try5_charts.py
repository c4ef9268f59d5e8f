"""try5's findings on charts: the weight sweep's current-weight marker is never an option's style and every line
reads on white; the drivers chart's axis passes its longest bar; tall charts (drawn height, not row count) keep
their key and axis in view; the ranking heatmap writes its ranks."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

import chart_svg as cs
from ui import analysis_charts as ac


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""
    def lum(h: str) -> float:
        c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(colour), lum(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _stroke(tag: str) -> tuple[str, str]:
    colour = re.search(r'stroke="([^"]*)"', tag).group(1).upper()
    dash = re.search(r'stroke-dasharray="([^"]*)"', tag)
    return colour, (dash.group(1) if dash else "")


def test_sweep_marker_is_never_an_option_style_and_every_line_reads_on_white():
    n = 10
    frame = cs.sweep_frame(n, base=0.3, step=0.05)
    d = cs.draw(ac.weight_sweep_chart(frame, 0.2, None, label="Strategic impact"), cs.DESKTOP)
    lines = [_stroke(t) for t in re.findall(r'<path [^>]*aria-roledescription="line mark"[^>]*>', d.svg)]
    rules = [_stroke(t) for t in re.findall(r'<line [^>]*aria-roledescription="rule mark"[^>]*>', d.svg)]
    if not rules:
        rules = [_stroke(t) for t in re.findall(r'<path [^>]*aria-roledescription="rule mark"[^>]*>', d.svg)]
    assert len(lines) == n and len(rules) == 1, (lines, rules)
    marker = rules[0]
    assert marker not in lines, (marker, lines)
    assert marker[0] not in {c for c, _ in lines}  # not even the colour
    for colour, _ in lines:
        assert contrast(colour) >= 3, colour
    assert "current weight" in [t.text for t in d.texts if t.visible]


def test_drivers_axis_runs_past_the_longest_bar_with_few_ticks():
    """try5: the axis stopped at 54 under a 55 bar, a tick every 2 (28 ticks on a projector)."""
    from ui import workshop_charts as wc

    labels = ["Strategic impact", "Time to effect", "Budget and diplomatic cost", "Political feasibility",
              "Escalation and coercion risk", "Durability and norm-building", "Private-sector buy-in", "Flexibility",
              "Inclusiveness toward third countries"]
    counts = [55, 54, 51, 50, 37, 29, 25, 24, 23]
    frame = pd.DataFrame({"label": labels, "rank_changes": counts, "top_changes": [False] * 9, "spread": [0.05] * 9})
    for width in (cs.PHONE, 940):
        d = cs.assert_readable(wc.drivers_chart(frame), width, rows=labels)
        ticks = [float(t) for t in d.labels("axis-label") if t.isdigit()]
        assert ticks and max(ticks) >= max(counts) and ticks == sorted(ticks), ticks
        assert len(ticks) <= 8, ticks


def _h2h(n_criteria: int):
    from ui import charts

    labels = [f"Criterion {i}" for i in range(n_criteria)]
    options = ["Institutionalize the Quad: charter plus permanent secretariat",
               "Keep the Quad informal as a hub for flexible minilaterals"]
    long = pd.DataFrame({"option": np.repeat(options, n_criteria), "label": labels * 2,
                         "contribution": np.linspace(0.01, 0.12, 2 * n_criteria), "raw": 3.0, "reason": "r"})
    return charts.head_to_head_chart(long, labels, "Where each option earns its score"), labels


def test_head_to_head_rows_take_two_bars_not_two_steps_each():
    """try5: 9 criteria drew 1,206 px (a step per bar, 80 px a row) with the key and the axis only at the bottom."""
    chart, labels = _h2h(9)
    d = cs.assert_readable(chart, cs.DESKTOP, rows=labels)
    ys = sorted(t.y0 for t in d.visible("axis-label") if t.text in labels)
    assert len(ys) == 9 and (ys[-1] - ys[0]) / 8 <= 55, ys  # two 20 px bars and the band padding (was 100)


def test_head_to_head_taller_than_a_screen_keeps_key_on_top_and_axis_at_both_ends():
    chart, labels = _h2h(24)
    d = cs.assert_readable(chart, cs.DESKTOP, rows=labels)
    first = min(t.y0 for t in d.visible("axis-label") if t.text in labels)
    last = max(t.y1 for t in d.visible("axis-label") if t.text in labels)
    assert last - first > 700
    assert all(t.y1 < first for t in d.visible("legend-label")), [(t.text, t.y0) for t in d.visible("legend-label")]
    values = [t for t in d.visible("axis-label") if t.text not in labels]
    assert any(t.y1 < first for t in values) and any(t.y0 > last for t in values), [(t.text, t.y0) for t in values]


def test_participant_ranking_heatmap_writes_ranks_and_names_at_both_ends_when_tall():
    """try5 (4,165 px on the facilitator page): names and key only at the top, no number in a cell. Participants are
    the rows now (leftA): 40 of them are taller than a screen, so the key is above the first row and the column
    numbers (the options in the group's order) at the top and the bottom; every cell writes its rank."""
    from ui import workshop_charts as wc

    names = ["Ana Fernández-López", "Bo", "Chen Wei", "Dana"] + [f"Participant {k}" for k in range(5, 41)]
    rows = [f"Option {i}: a title of some length to wrap" for i in range(40)]
    long = pd.DataFrame([{"participant": p, "title": t, "rank": (i + k) % len(rows) + 1}
                         for k, p in enumerate(names) for i, t in enumerate(rows)])
    d = cs.assert_readable(wc.participant_ranks_chart(long, rows, participants=names), cs.DESKTOP, names)
    cells = [t for t in d.visible("mark")]
    assert sorted(int(t.text) for t in cells) == sorted(long["rank"]), len(cells)
    assert 'fill="white"' in d.svg and 'fill="black"' in d.svg
    _, first, last = cs.row_span(d, names)
    columns = [t for t in d.visible("axis-label") if t.text.isdigit()]
    above = [t.text for t in columns if t.y1 <= first]
    below = [t.text for t in columns if t.y0 >= last]
    assert above == below and "1" in above and "40" in above and len(above) >= 20, (above, below)
    assert max(t.y1 for t in d.visible("legend-title") + d.visible("legend-label")) < first  # the key on top


def test_tall_room_charts_draw_their_scale_at_both_ends():
    """The kind behind try5's N1/N3: a room chart of 40 options (rank range, rank acceptability) is taller than a
    screen; its scale was drawn only at the top."""
    from ui import workshop_charts as wc

    rows = [f"Option {i}: a title of some length to wrap" for i in range(40)]
    ranges = pd.DataFrame({"title": rows, "group_rank": range(1, 41), "best": range(1, 41),
                           "median": range(1, 41), "worst": [min(40, i + 3) for i in range(1, 41)]})
    acc = pd.DataFrame([{"title": t, "rank": r, "share": 0.2} for t in rows for r in range(1, 6)])
    for chart in (wc.rank_range_chart(ranges), wc.acceptability_chart(acc, rows)):
        d = cs.assert_readable(chart, cs.DESKTOP, rows)
        _, first, last = cs.row_span(d, rows)
        values = [t for t in d.visible("axis-label") if " ".join(t.text.split()) not in rows]
        assert any(t.y1 <= first for t in values) and any(t.y0 >= last for t in values), [(t.text, t.y0) for t in values]
