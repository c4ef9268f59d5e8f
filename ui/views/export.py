"""Export view: the ranking as CSV, Excel, JSON and Markdown (the CLI's bytes), and charts as PNG/SVG."""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import value_for_money
from scoring.export import MIME_TYPES, ranking_report, render as render_report
from scoring.model import Dataset
from scoring.ranking import Ranking
from scoring.weights import normalize_weights
from ui import charts
from ui.chart_style import fit_titles
from ui.state import format_weight
from ui.views import ViewContext

CHARTS = ("Contributions", "Value for money", "Weights")  # the charts offered for download (also `ui.sidebar.text_choices`)
CHART_FORMATS = ("png", "svg")


def export_payloads(ranking: Ranking, dataset: Dataset, profile: str | None) -> dict[str, str | bytes | Exception]:
    """The four downloads, built exactly as `scoring rank` builds them.

    Each format is built on its own: one that fails (say, the Excel writer) holds its exception and the
    others are still served.
    """
    extra = {"profile": profile} if profile else {}
    report = ranking_report(ranking, dataset, **extra)
    payloads: dict[str, str | bytes | Exception] = {}
    for fmt in ("csv", "xlsx", "json", "md"):
        try:
            payloads[fmt] = render_report(report, fmt)
        except Exception as exc:  # noqa: BLE001 - one format's failure must not take the others down
            payloads[fmt] = exc
    json_text = payloads["json"]
    if isinstance(json_text, str):  # the CSV's provenance: what `scoring rank --out x.csv` writes as x.csv.about.json
        payloads["about"] = json.dumps(json.loads(json_text)["about"], indent=2, ensure_ascii=False) + "\n"
    return payloads


def render(ctx: ViewContext) -> None:
    ranking, dataset, profile, weights, mask = ctx.ranking, ctx.dataset, ctx.profile, ctx.raw, ctx.mask
    st.subheader("Download the ranking")
    flag = f"--profile {profile}" if profile else "--weights " + ",".join(
        f"{cid}={format_weight(w)}" for cid, w in zip(dataset.criteria.ids, ctx.raw))
    norm = f" --normalization {ranking.normalization}" if ranking.normalization else ""
    st.caption("The same bytes as the command line (apart from the time in 'about'):")
    st.code(f"scoring rank --method {ranking.method}{norm} {flag} --format csv", language="bash")
    if dataset.adjustments:
        st.warning("This session has adjusted scores; they are listed under 'adjusted_scores' in each export's about.")
    payloads = export_payloads(ranking, dataset, profile)  # rebuilt on every rerun: always the state on screen
    st.session_state["export_payloads"] = payloads  # what the buttons serve; tests compare it with the CLI
    cols = st.columns(5)
    for col, (fmt, label) in zip(cols, (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"), ("md", "Markdown"))):
        data = payloads[fmt]
        if isinstance(data, Exception):
            col.error(f"{label} could not be built: {data}")
            continue
        # on_click="ignore": a download needs no rerun, and a rerun would give the chart button below a new
        # file id while the page still holds the old one (review3 D6: "Deferred file ... not found")
        col.download_button(label, data, file_name=f"ranking.{fmt}", mime=MIME_TYPES[fmt], key=f"dl_{fmt}",
                            on_click="ignore")
    if "about" in payloads:
        cols[4].download_button("CSV's about", payloads["about"], file_name="ranking.csv.about.json", on_click="ignore",
                                mime="application/json", key="dl_about",
                                help="The provenance the command line writes beside a CSV (method, weights, data hashes).")
    st.caption("Exports hold every option; the filters only change what the page shows.")

    st.subheader("Download a chart")
    start_chart_engine()  # the first drawing in a process starts vl-convert's engine (~1-2 s): start it now
    c1, c2 = st.columns(2)
    which = c1.selectbox("Chart", CHARTS, key="chart_pick")
    fmt = c2.selectbox("Format", CHART_FORMATS, key="chart_fmt")
    name = f"{which.lower().replace(' ', '-')}.{fmt}"
    st.download_button(f"Download {name}", lambda: chart_file(which, fmt, ranking, dataset, weights, mask), file_name=name,
                       mime="image/png" if fmt == "png" else "image/svg+xml", key="dl_chart", on_click="ignore",
                       icon=":material/download:",
                       help="Drawn when you click, from the weights and filters on screen now.")
    st.caption("The file is drawn when you click, from the weights and filters on screen now: the button shows a "
               "spinner until it is ready (longest for the contributions chart of many options; at once when nothing "
               "changed since the last download).")


PNG_SCALE = 2  # pixels per chart pixel: sharp on a slide or a high-density screen


def chart_file(which: str, fmt: str, ranking: Ranking, dataset: Dataset, weights: np.ndarray, mask: np.ndarray) -> bytes | str:
    """The chart as PNG (PNG_SCALE x) or SVG, drawn with vl-convert from the given state.

    The same state gives the same spec, and the file is drawn once per spec (`draw`, cached): a second
    click without a change is served at once, any change of weights, filters or data draws anew.
    """
    return draw(json.dumps(file_spec(chart_for_export(which, ranking, dataset, weights, mask)), sort_keys=True), fmt)


@lru_cache(maxsize=16)
def draw(spec: str, fmt: str) -> bytes | str:
    """vl-convert's drawing of a Vega-Lite spec (JSON text) as "png" bytes or "svg" text; kept per spec."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=PNG_SCALE) if fmt == "png" else vlc.vegalite_to_svg(spec)


_ENGINE = threading.Event()


def start_chart_engine() -> None:
    """Start vl-convert's JavaScript engine in a background thread, once per process (its first drawing
    pays ~1-2 s of start-up; opening the Export view starts it before anyone clicks)."""
    if _ENGINE.is_set():
        return
    _ENGINE.set()

    def run() -> None:
        import vl_convert as vlc

        vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}})

    threading.Thread(target=run, name="vl-convert warm-up", daemon=True).start()


def file_spec(chart) -> dict[str, Any]:
    """The chart's Vega-Lite spec for a file: every axis and legend label whole, no tooltips.

    On screen, long option titles are cut at a width (labelLimit); Vega cuts a label by measuring it again
    and again, and vl-convert measures text slowly: for 61 options that was 7 of the 8 s the contributions
    chart took to draw. A file has the width for whole titles and no pointer to hover with.
    """
    spec = fit_titles(chart.to_dict(validate=False), spec_width(chart))

    def whole(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("tooltip", None)
            for key, value in node.items():
                if key in ("axis", "legend") and isinstance(value, dict):
                    value["labelLimit"] = 0
                whole(value)
        elif isinstance(node, list):
            for value in node:
                whole(value)

    for key in [k for k in spec if k != "datasets"]:
        whole(spec[key])
    return spec


def spec_width(chart) -> int | None:
    """The chart's width in px when it has a number for one (a file has no page to stretch to)."""
    width = getattr(chart, "width", None)
    return int(width) if isinstance(width, (int, float)) else None


def chart_for_export(which: str, ranking: Ranking, dataset: Dataset, weights: np.ndarray, mask: np.ndarray):
    import altair as alt

    if which == "Value for money":
        chart = charts.value_for_money_chart(value_for_money(dataset, weights)[mask])
    elif which == "Weights":
        chart = charts.weights_chart(pd.DataFrame({"label": [c.label for c in dataset.criteria.criteria],
                                                   "weight": normalize_weights(weights)}))
    else:  # the Rank view's chart itself: the same rows, order, method and words as on screen
        from ui.views.rank import contributions

        chart = contributions(dataset, ranking, set(np.array(dataset.ids)[mask]))
    return chart.properties(width=900) if isinstance(chart, (alt.Chart, alt.LayerChart)) else chart
