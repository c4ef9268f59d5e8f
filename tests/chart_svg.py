"""Draw a chart builder's output to SVG as the browser would, and read back what was drawn.

`draw(chart, width)` renders with vl-convert under the theme Streamlit applies in the browser
(font sizes, paddings and, importantly, `labelOverlap: true` and `labelLimit: 100` on every axis, which
is what drops every other row label unless a builder overrides them) at a container width, and returns
every text item with its bounding box in page coordinates and whether it is visible (Vega hides
labels it drops for overlap with opacity 0). `assert_readable` then checks what a reader needs: every
row label drawn, no two visible texts overlapping, every text inside the canvas, titles not cut.

Widths: Streamlit draws a `width="stretch"` chart at the width of its column. PHONE is the content
width of a 390 px wide phone (16 px padding each side), DESKTOP the main column of a 1400 px window
with the sidebar open, SIDEBAR the sidebar's content width.
"""
from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

PHONE, DESKTOP, SIDEBAR = 358, 900, 290
ROWS = (1, 7, 53, 200)

# Streamlit's Vega theme (frontend CustomTheme, streamlit 1.5x), in px: twoSm = 12, sm = 14, md = 16; spacing
# lg = 16, sm = 8, twoXS = 2. Chart config wins over it, as in Streamlit.
STREAMLIT_THEME = {
    "autosize": {"type": "fit", "contains": "padding"},
    "font": "sans-serif",
    "title": {"align": "left", "anchor": "start", "fontSize": 16, "fontWeight": "bold", "orient": "top", "offset": 26},
    "axis": {"labelFontSize": 12, "titleFontSize": 14, "titleFontWeight": "normal", "ticks": False, "domain": False,
             "labelFlush": True, "labelFlushOffset": 1, "labelBound": False, "labelLimit": 100, "titlePadding": 16,
             "labelPadding": 16, "labelSeparation": 2, "labelOverlap": True},
    "legend": {"labelFontSize": 14, "titleFontSize": 14, "titleFontWeight": "normal", "titlePadding": 8,
               "labelPadding": 16, "columnPadding": 8, "rowPadding": 2, "padding": 8},
    "view": {"continuousHeight": 350, "continuousWidth": 400, "strokeWidth": 0},
    "bar": {"binSpacing": 2, "discreteBandSize": {"band": 0.85}},
    "axisDiscrete": {"grid": False}, "axisXPoint": {"grid": False}, "axisXBand": {"grid": False},
}

FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"  # metric twin of Arial (sans-serif)
FONT_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"


@lru_cache(maxsize=64)
def _font(size: float, bold: bool):
    from PIL import ImageFont

    path = FONT_BOLD if bold else FONT
    return ImageFont.truetype(path, size=max(1, round(size))) if Path(path).exists() else None


def text_width(text: str, size: float, bold: bool = False) -> float:
    font = _font(size, bold)
    return float(font.getlength(text)) if font else 0.6 * size * len(text)


@dataclass(frozen=True)
class Text:
    """One drawn text: its role (axis-label, axis-title, legend-label, title-text, mark ...) and box in px."""
    text: str
    role: str
    x0: float
    y0: float
    x1: float
    y1: float
    visible: bool
    size: float
    angle: float = 0.0  # degrees, as drawn
    local: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # unrotated box relative to its anchor
    anchor: tuple[float, float] = (0.0, 0.0)

    def overlaps(self, other: "Text", tol: float = 0.5) -> bool:
        if self.angle == other.angle and self.angle % 360:
            # parallel rotated labels: compare their boxes in the rotated frame, not their (larger) page boxes
            a = math.radians(-self.angle)
            dx, dy = other.anchor[0] - self.anchor[0], other.anchor[1] - self.anchor[1]
            ox, oy = dx * math.cos(a) - dy * math.sin(a), dx * math.sin(a) + dy * math.cos(a)
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = self.local, other.local
            return min(ax1, bx1 + ox) - max(ax0, bx0 + ox) > tol and min(ay1, by1 + oy) - max(ay0, by0 + oy) > tol
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > tol
                and min(self.y1, other.y1) - max(self.y0, other.y0) > tol)


@dataclass
class Drawing:
    svg: str
    width: float
    height: float
    texts: list[Text]

    def visible(self, role: str | None = None) -> list[Text]:
        return [t for t in self.texts if t.visible and (role is None or t.role == role)]

    def labels(self, role: str = "axis-label") -> list[str]:
        return [t.text for t in self.visible(role)]


def _merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for k, v in top.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def spec_at(chart, width: int) -> dict:
    """The chart's Vega-Lite spec as Streamlit's `width="stretch"` draws it in a column `width` px wide."""
    from ui.chart_style import fit_titles  # what the dashboard sends: titles wrapped at the chart's width

    spec = fit_titles(chart.to_dict(), width) if hasattr(chart, "to_dict") else json.loads(json.dumps(chart))
    spec["config"] = _merge(STREAMLIT_THEME, spec.get("config", {}))
    if "width" not in spec or spec.get("width") == "container":
        spec["width"] = width
    return spec


_TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)")
_ROTATE = re.compile(r"rotate\(\s*([-\d.e]+)")


def _offset(el: ET.Element) -> tuple[float, float]:
    m = _TRANSLATE.search(el.get("transform", ""))
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def _parse(svg: str) -> tuple[float, float, list[Text]]:
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts: list[Text] = []

    def walk(el: ET.Element, dx: float, dy: float, role: str) -> None:
        cls = el.get("class", "")
        m = re.search(r"role-([\w-]+)", cls)
        if m and el.tag == f"{ns}g" and "mark-" in cls:
            role = m.group(1)
        if el.tag == f"{ns}text":
            x, y = _offset(el)
            x, y = dx + x, dy + y
            size = float(re.sub(r"px$", "", el.get("font-size", "10")))
            bold = el.get("font-weight") in ("bold", "700")
            spans = el.findall(f"{ns}tspan")
            lines = [("".join(s.itertext())) for s in spans] or ["".join(el.itertext())]
            w = max(text_width(line, size, bold) for line in lines)
            h = size * (1 + 1.2 * (len(lines) - 1))
            anchor = el.get("text-anchor", "start")
            left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0.0)
            # Vega writes the alphabetic baseline: ascent ~0.8 em above it, descent ~0.2 em below
            corners = [(left, y - 0.8 * size), (left + w, y - 0.8 * size), (left, y - 0.8 * size + h), (left + w, y - 0.8 * size + h)]
            r = _ROTATE.search(el.get("transform", ""))
            angle = float(r.group(1)) if r else 0.0
            local = (left - x, -0.8 * size, left - x + w, -0.8 * size + h)
            if angle % 360:
                a = math.radians(angle)
                corners = [(x + (cx - x) * math.cos(a) - (cy - y) * math.sin(a),
                            y + (cx - x) * math.sin(a) + (cy - y) * math.cos(a)) for cx, cy in corners]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            visible = float(el.get("opacity", "1")) > 0 and el.get("display") != "none"
            texts.append(Text("\n".join(lines), role, min(xs), min(ys), max(xs), max(ys), visible, size, angle, local, (x, y)))
            return
        ox, oy = _offset(el) if el.tag == f"{ns}g" else (0.0, 0.0)
        for child in el:
            walk(child, dx + ox, dy + oy, role)

    walk(root, 0.0, 0.0, "")
    return float(root.get("width")), float(root.get("height")), texts


def draw(chart, width: int) -> Drawing:
    """Render `chart` at a container `width` under Streamlit's theme; every text with its box."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec_at(chart, width))
    w, h, texts = _parse(svg)
    return Drawing(svg, w, h, texts)


def assert_readable(chart, width: int, rows: Iterable[str] = (), row_role: str = "axis-label",
                    full: Sequence[str] = ("title-text", "title-subtitle", "axis-title", "legend-title")) -> Drawing:
    """Every row label drawn and visible, no two visible texts overlapping, all inside the canvas, titles whole.

    `rows`: the labels one per row (option titles, criteria, participants) that must all be drawn; a
    label cut by labelLimit counts as drawn if its visible part is a prefix ending in an ellipsis.
    `full`: roles whose text must never be cut (chart titles, axis and legend titles).
    """
    d = draw(chart, width)
    shown = d.visible(row_role)
    drawn = [" ".join(t.text.split()) for t in shown]  # a label wrapped into lines reads as one text
    for label in rows:
        ok = label in drawn or any(t.endswith("…") and label.startswith(t[:-1]) and len(t) > 8 for t in drawn)
        assert ok, f"row label {label!r} not drawn at width {width}; drawn {len(drawn)}: {drawn[:8]}..."
    vis = sorted(d.visible(), key=lambda t: t.y0)  # a sweep down the page: a heatmap of 200 rows draws 12,000 texts
    for i, a in enumerate(vis):
        assert a.x0 >= -1 and a.x1 <= d.width + 1 and a.y0 >= -1 and a.y1 <= d.height + 1, \
            f"{a.role} {a.text!r} outside the {d.width:.0f}x{d.height:.0f} canvas at width {width}: {a}"
        for b in vis[i + 1:]:
            if b.y0 >= a.y1:  # this and every later box start below `a` (a rotated pair overlaps only if its boxes do)
                break
            assert not a.overlaps(b), f"at width {width}: {a.role} {a.text!r} overlaps {b.role} {b.text!r}\n{a}\n{b}"
        if a.role in full:
            assert not a.text.endswith("…"), f"{a.role} cut at width {width}: {a.text!r}"
    return d


def whole_labels(chart, width: int, rows: Iterable[str], row_role: str = "axis-label") -> list[str]:
    """The labels of `rows` that are NOT drawn whole (every word, no ellipsis), lines joined by spaces."""
    drawn = {" ".join(t.text.split()) for t in draw(chart, width).visible(row_role)}
    return [label for label in rows if " ".join(str(label).split()) not in drawn]


def row_span(d: Drawing, rows: Iterable[str], row_role: str = "axis-label") -> tuple[list[Text], float, float]:
    """The drawn labels of `rows` (lines joined by spaces), the top of the first and the bottom of the last: what a
    tall chart's key and second axis must sit above and below."""
    wanted = set(rows)
    labels = [t for t in d.visible(row_role) if " ".join(t.text.split()) in wanted]
    return labels, min(t.y0 for t in labels), max(t.y1 for t in labels)


def row_labels(n: int, stem: str = "Option") -> list[str]:
    """`n` distinct, realistic row labels: long option titles of varying length (the shipped data's are 20-90 chars)."""
    words = ["Quad", "supply-chain", "resilience", "fund", "with", "Japan", "and", "India", "for", "critical", "minerals",
             "joint", "maritime", "domain", "awareness", "in", "the", "Indo-Pacific"]
    return [f"{stem} {i + 1}: " + " ".join(words[(i * 3 + k) % len(words)] for k in range(2 + i % 9)) for i in range(n)]


def sweep_frame(n: int, base: float = 0.5, step: float = 0.0, points: int = 11):
    """A weight sweep's frame (weight, id, title, score) for `n` options: option i scores base + step*i + 0.1*weight,
    so step 0 puts every line on the same course (all overlap). For analysis_charts.weight_sweep_chart tests."""
    import numpy as np
    import pandas as pd

    grid = np.linspace(0, 1, points)
    return pd.DataFrame({"weight": np.tile(grid, n), "id": np.repeat([f"o{i}" for i in range(n)], points),
                         "title": np.repeat([f"Option {i}" for i in range(n)], points),
                         "score": np.concatenate([base + step * i + 0.1 * grid for i in range(n)])})
