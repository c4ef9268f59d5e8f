"""What keeps every chart readable at any size: row height, label limits, wrapped titles, one rank colour.

Streamlit's chart theme sets `labelOverlap: true` and `labelLimit: 100` on every axis, which hides every
other row label of a chart with one row per option and cuts titles; builders override both on row axes.
Heights follow the data: one `ROW` step per row, so 1 row and 200 rows are both drawn legibly
(tests/chart_svg.py renders every builder to SVG at 1, 7, 53 and 200 rows, phone and desktop widths).
"""
from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from scoring.order import natural  # noqa: F401  (re-exported: the charts' axis orders)

ROW = 20  # px per row: Streamlit draws axis labels at 12 px, so a label and its separation fit
OPTION_LABELS = 180  # px of one line of an option title on a row axis (a LINE_CHARS line fits; a phone keeps ~150 px for marks)
LINE_CHARS = 30  # characters per line of a wrapped option title: the shipped titles (up to 92) take at most 4 lines
LABEL_LINE_PX = 14  # Vega's line height for 12 px axis labels
CRITERION_LABELS = 140  # px of one line of a criterion label
CRITERION_CHARS = 22  # characters per line of a wrapped criterion label (the shipped ones take at most 2 lines)
TITLE_CHARS = 32  # characters per title line (16 px bold: a 358 px phone column holds about 36)
SUBTITLE_CHARS = 46  # characters per subtitle line (12 px)
LEGEND_LABELS = 150  # a one-column legend starts where the plot starts, so it must fit beside the row labels
RANK_SCHEME = "viridis"  # every rank heatmap: rank 1 brightest (reverse), the same direction everywhere


def wrap(text: str, width: int) -> list[str] | str:
    """Lines of at most `width` characters (Vega draws a list as lines); a short text stays a string."""
    lines = textwrap.wrap(str(text), width) or [""]
    return lines[0] if len(lines) == 1 else lines


def title(text: str, subtitle: str | None = None) -> alt.Title:
    """A chart title that fits a phone: wrapped, never cut."""
    kw: dict[str, Any] = {"subtitle": wrap(subtitle, SUBTITLE_CHARS)} if subtitle else {}
    return alt.Title(wrap(text, TITLE_CHARS), **kw)


TITLE_PX_PER_CHAR = 9.0  # widest average advance of a 16 px bold title character (Liberation Sans Bold: 7.3 on a real title)
SUBTITLE_PX_PER_CHAR = 6.5  # the same for a 12 px subtitle (5.5 measured)
_PLOT_AUTOSIZE = {"type": "fit-x", "contains": "padding"}


def plot(height: int) -> dict[str, Any]:
    """Properties that make `height` the plot's own height (the marks' area), stretched to the container's width.

    Streamlit sizes a chart with `autosize: fit`, which fits title, subtitle, axes and legend INTO `height`: a
    380 px chart with a 6-line title and a legend kept ~100 px for its points. `fit-x` fits the width only, so the
    plot keeps `height` and the chart grows by what is drawn around it. Give it to a chart with a continuous y
    (scatter, lines); row charts take `rows_height`/`option_rows` instead."""
    return {"width": "container", "height": height, "autosize": dict(_PLOT_AUTOSIZE)}


def _lines_expr(text: str, px_per_char: float, min_chars: int, width: str) -> str:
    """A Vega expression: `text` broken at spaces into lines of max(min_chars, `width` / px_per_char) characters."""
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'"
    return ("split(trim(replace(" + quoted + ", regexp('(.{1,' + max(" + str(min_chars) + ", floor((" + width + ") / "
            + f"{px_per_char:g}" + ")) + '})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')")


# the chart's element in the page: Streamlit stretches it to the column. Not the `width` signal: autosize
# changes that during layout (container width -> plot width), and Vega would place a title measured before
# its text changed (the lines overlap the plot)
CONTAINER_WIDTH = "containerSize()[0] > 0 ? containerSize()[0] : width"


def fit_titles(spec: dict[str, Any], width: int | None = None) -> dict[str, Any]:
    """`spec` (a Vega-Lite dict, changed in place and returned) whose title and subtitle wrap at the chart's width.

    Builders wrap titles for a phone (`title`: TITLE_CHARS, SUBTITLE_CHARS a line), which on a 1400 px screen
    leaves a 200 px column of text over a wide plot. Here the lines are joined again and re-broken in the browser
    at the width of the chart's element (`width` px instead when drawn without a page: a file, a test), never
    narrower than the phone's lines. Vega-Lite's schema takes an expression for the title text only; the
    subtitle is handed to Vega as a signal, which Vega's title accepts (and Vega-Lite passes through), so this
    runs on the spec, after Altair's validation. Specs without one top-level view (concat, facet) stay as they are."""
    head = spec.get("title")
    if not head or any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        return spec
    head = {"text": head} if isinstance(head, (str, list)) else dict(head)
    across = CONTAINER_WIDTH if width is None else str(int(width))
    for key, px, chars in (("text", TITLE_PX_PER_CHAR, TITLE_CHARS), ("subtitle", SUBTITLE_PX_PER_CHAR, SUBTITLE_CHARS)):
        value = head.get(key)
        if isinstance(value, (str, list)) and value:
            joined = " ".join(value) if isinstance(value, list) else value
            expr = _lines_expr(joined, px, chars, across)
            head[key] = {"signal": expr} if key == "subtitle" else {"expr": expr}
    spec["title"] = head
    return spec


def row_axis(limit: int = OPTION_LABELS, **kw: Any) -> alt.Axis:
    """An axis with one label per row: every label drawn (no overlap thinning), long ones cut at `limit` px."""
    return alt.Axis(labelOverlap=False, labelLimit=limit, labelPadding=6, ticks=False, **kw)


def value_axis(title: str, **kw: Any) -> alt.Axis:
    """A value axis under a chart with long row labels: title wrapped and ending at the plot's right edge,
    so it never runs off a narrow canvas."""
    return alt.Axis(title=wrap(title, 36), titleAnchor="end", **kw)


def legend(**kw: Any) -> alt.Legend:
    """A legend below the plot in one column: it fits a phone and never runs off a long chart's side."""
    opts: dict[str, Any] = {"orient": "bottom", "direction": "vertical", "labelLimit": LEGEND_LABELS, "gradientLength": 120}
    opts.update(kw)
    return alt.Legend(**opts)


def rows_height(step: int = ROW) -> alt.Step:
    """Height that grows with the number of rows (`step` px each)."""
    return alt.Step(step)


def rank_scale(max_rank: float | None = None) -> alt.Scale:
    """Colour for ranks: 1 brightest, worse ranks darker, in every rank heatmap."""
    kw: dict[str, Any] = {"domain": [1, max(2.0, float(max_rank))]} if max_rank else {}
    return alt.Scale(scheme=RANK_SCHEME, reverse=True, **kw)


def rank_text_colour(max_rank: float) -> alt.ColorValue:
    """Cell text readable on `rank_scale`: black on the bright (good) half, white on the dark half."""
    return alt.ColorValue("black", condition={"test": f"datum.rank > {max(1.0, float(max_rank) / 2):g}", "value": "white"})


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s rows sorted by every column, index dropped: the same rows in any order give the same chart
    spec, so Streamlit (which keys a chart element by its spec) keeps the element instead of redrawing it.
    Axis orders never come from row order: builders take them as arguments or sort them."""
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame.sort_values(list(frame.columns), kind="mergesort", ignore_index=True,
                             key=lambda col: col.astype(str) if col.dtype == object else col)


_LINE = r"(.{1,%d})(\s+|$)"  # greedy: up to n characters, broken at a space (a longer word keeps its own line)


def label_lines(text: object, chars: int = LINE_CHARS) -> list[str]:
    """The lines a wrapped row label is drawn in: the same rule as `wrapped_row_axis`'s Vega expression."""
    return re.sub(_LINE % chars, "\\1\n", str(text)).strip().split("\n")


def lines_expr(chars: int) -> str:
    """Vega expression drawing an axis or legend label in lines of `chars` characters (the `label_lines` rule)."""
    return ("split(trim(replace(datum.label, regexp('" + (_LINE % chars).replace("\\", "\\\\")
            + "', 'g'), '$1\\n')), '\\n')")


COLUMN_CHARS = 40  # characters per line of a column name written upwards (the shipped scenario names, up to 37, in one)
COLUMN_LABELS = 260  # px of one such line: a whole COLUMN_CHARS line at 12 px


def column_axis(orient: str = "top", chars: int = COLUMN_CHARS, **kw: Any) -> alt.Axis:
    """A column axis of long names (scenarios) written upwards, each whole: lines of `chars` characters, every
    label drawn (no overlap thinning). Upwards, a column needs 14 px a line, so six fit a phone."""
    opts: dict[str, Any] = {"titlePadding": 24, **kw}  # clear of the longest name in a wider font than Vega measures
    return alt.Axis(orient=orient, labelAngle=-90, labelOverlap=False, labelLimit=COLUMN_LABELS, labelExpr=lines_expr(chars),
                    labelPadding=6, **opts)


def wrapped_row_axis(limit: int = OPTION_LABELS, chars: int = LINE_CHARS, **kw: Any) -> alt.Axis:
    """A row axis whose labels (option titles) wrap into lines of `chars` characters, so the whole title is
    drawn at any width; each line is cut at `limit` px only if one word is longer than a line. Give the chart
    `option_rows(titles)` as its height so the lines of neighbouring rows never overlap."""
    expr = ("split(trim(replace(datum.label, regexp('" + (_LINE % chars).replace("\\", "\\\\")
            + "', 'g'), '$1\\n')), '\\n')")
    return row_axis(limit, labelExpr=expr, **kw)


def option_rows(titles, chars: int = LINE_CHARS, extra: int = 0) -> alt.Step:
    """Row height that holds the most lines any of `titles` wraps into (at least `ROW` + `extra` px)."""
    lines = max([len(label_lines(t, chars)) for t in titles] or [1])
    return alt.Step(max(ROW + extra, lines * LABEL_LINE_PX + 6))


def criterion_axis(**kw: Any) -> alt.Axis:
    """A row axis of criterion labels, wrapped in lines of `CRITERION_CHARS` (never cut)."""
    return wrapped_row_axis(CRITERION_LABELS, CRITERION_CHARS, **kw)


def criterion_rows(labels, extra: int = 0) -> alt.Step:
    """Row height for `criterion_axis`: the most lines any label takes, at least `ROW` + `extra` px."""
    return option_rows(labels, CRITERION_CHARS, extra)


LEGEND_CHARS = 36  # characters per line of a wrapped legend label (14 px): fits beside the symbol on a phone


def wrapped_legend(labels, chars: int = LEGEND_CHARS, **kw: Any) -> tuple[alt.Legend, int]:
    """A one-column legend whose labels (option titles) wrap into lines of `chars` characters instead of being
    cut, and how many lines it draws in all (for a chart whose height must make room for it)."""
    expr = ("split(trim(replace(datum.label, regexp('" + (_LINE % chars).replace("\\", "\\\\")
            + "', 'g'), '$1\\n')), '\\n')")
    lines = sum(len(label_lines(t, chars)) for t in labels)
    return legend(labelExpr=expr, labelLimit=LEGEND_LABELS + 150, **kw), lines


# ---------------------------------------------------------------- participant names

NAME_UNITS = 26  # half-em units per line of a participant name: 26 Latin letters or 13 CJK characters (~160 px at 12 px)
NAME_LABELS = 190  # px of one line of a wrapped participant name: a full line with room to spare, never cut


def _units(ch: str) -> int:
    """Half-em units a character takes at 12 px: 2 for East Asian wide/fullwidth (CJK, kana, hangul), 0 for a
    combining mark (Devanagari vowel signs, Arabic harakat), else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def name_lines(name: object, units: int = NAME_UNITS) -> list[str]:
    """A participant name in lines of at most `units` (see `_units`), broken at spaces, then after a hyphen; a
    word still longer than a line (a name in a script written without spaces, e.g. Japanese) is broken between
    characters, so no line is ever cut and every character of the name is drawn."""
    lines: list[str] = []
    line, width = "", 0

    def put(piece: str, sep: str) -> None:
        nonlocal line, width
        w = sum(_units(c) for c in piece)
        if line and width + len(sep) + w <= units:
            line, width = line + sep + piece, width + len(sep) + w
            return
        if line:
            lines.append(line)
            line, width = "", 0
        for ch in piece:  # the piece starts a line; characters beyond a line go on the next
            u = _units(ch)
            if line and u and width + u > units:
                lines.append(line)
                line, width = "", 0
            line, width = line + ch, width + u

    for word in str(name).split():
        if sum(_units(c) for c in word) <= units:
            put(word, " ")
            continue
        for i, piece in enumerate(re.findall(r"[^-]+-?|-", word)):
            put(piece, " " if i == 0 else "")
    if line or not lines:
        lines.append(line)
    return lines


def wrapped_name(name: object, units: int = NAME_UNITS) -> str:
    """`name_lines` joined by a newline: the value a participant row axis draws as lines (`name_axis`)."""
    return "\n".join(name_lines(name, units))


def name_axis(**kw: Any) -> alt.Axis:
    """A row axis of `wrapped_name` values: every line drawn whole (split at the newline), every label drawn."""
    return row_axis(NAME_LABELS, labelExpr="split(datum.label, '\\n')", **kw)


def name_rows(names, units: int = NAME_UNITS) -> alt.Step:
    """Row height for `name_axis`: the most lines any name wraps into, at least `ROW` px."""
    lines = max([len(name_lines(n, units)) for n in names] or [1])
    return alt.Step(max(ROW, lines * LABEL_LINE_PX + 6))


# ---------------------------------------------------------------- value axes that reach past the longest bar

SHARE_STEPS = (0.05, 0.1, 0.2, 0.25)  # round steps of a share axis (5% ... 25%)
COUNT_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)  # ... of a count axis


def round_scale(largest: float, room: float = 0.0, most_ticks: int = 5, steps=COUNT_STEPS,
                cap: float | None = None) -> tuple[float, list[float]]:
    """An axis top and its tick values for bars whose longest is `largest`: the top is a multiple of the smallest
    round step in `steps` that needs at most `most_ticks` ticks, at least `room` (a fraction) beyond the longest
    bar, so the ticks reach past every bar (try4: 10% under a 14% bar; try5: 54 under a 55 bar, a tick every 2).
    Ticks never pass `cap`."""
    need = max(float(largest), steps[0]) * (1 + room)
    step = next((s for s in steps if need / s <= most_ticks - 1), steps[-1])
    top = round(float(np.ceil(need / step - 1e-9) * step), 10)
    ticks = [round(step * i, 10) for i in range(int(round(top / step)) + 1) if cap is None or step * i <= cap + 1e-9]
    return top, ticks


# ---------------------------------------------------------------- lines on white

# Colours of option lines: Okabe-Ito's hues, each at a contrast of at least 3:1 on the white page (WCAG 1.4.11 for
# graphics): orange, sky blue and pink darkened, the yellow (1.3:1) dropped for olive, and no black or grey, which
# are kept for markers (the current weight) so no option line can be taken for one.
LINE_COLOURS = ["#0072B2", "#B07800", "#009E73", "#B15F9A", "#2E86C1", "#D55E00", "#7F7F00", "#6A3D9A",
                "#8C564B", "#117A65"]
MARKER = "#666666"  # a marker rule (grey, solid): never an option's colour


# ---------------------------------------------------------------- charts taller than a screen

SCREEN_PX = 700  # a chart taller than this (about one laptop screen of page) keeps its key and column names in view


def tall(rows, step: alt.Step | int = ROW) -> bool:
    """Whether a chart of `rows` (a count or the row labels) at `step` px a row is taller than about one screen."""
    n = rows if isinstance(rows, int) else len(list(rows))
    px = step.step if isinstance(step, alt.Step) else int(step)
    return n * px > SCREEN_PX


def key_legend(is_tall: bool, **kw: Any) -> alt.Legend:
    """`legend(**kw)`, above the plot when the chart is `tall` (read before the first row, not after the last)."""
    return legend(**{**kw, "orient": "top"}) if is_tall else legend(**kw)


_OTHER_END = {"top": "bottom", "bottom": "top"}


def other_end(x: alt.X, y: alt.Y | None = None, orient: str = "bottom", data: Any = alt.Undefined, **axis: Any) -> alt.Chart:
    """An invisible layer that draws `x`'s axis again at the chart's other end (`orient`), so the column names
    or the value scale of a chart taller than a screen are in view at its top and at its bottom.

    Layer it over the chart's marks with the same data and `.resolve_axis(x="independent")` (the scale stays
    shared, only the axis is drawn twice). `y`: the chart's row encoding, needed when `x` aggregates per row
    (a stacked bar's `sum(...)`). `data`: the rows to draw it from when the layers carry their own data instead of
    sharing the layer chart's. `axis`: overrides for the copy (e.g. another label angle)."""
    copy = x.copy(deep=True)
    base = x.to_dict(validate=False).get("axis") or {}  # (x.axis is Altair's setter, not the axis)
    copy["axis"] = alt.Axis(**{**base, "orient": orient, **axis})
    if y is not None:
        return alt.Chart(data).mark_tick(opacity=0).encode(x=copy, y=y)
    field = x.to_dict(validate=False)["field"]  # one invisible mark per column, not one per cell
    return alt.Chart(data).transform_aggregate(groupby=[field]).mark_tick(opacity=0).encode(x=copy)


def drawn_apart(is_tall: bool) -> dict[str, Any]:
    """Keyword arguments for the x encoding of a tall chart's other layers: no axis of their own (its axes are
    resolved apart so that `other_end` can draw the scale twice; each further layer would draw a third)."""
    return {"axis": None} if is_tall else {}
