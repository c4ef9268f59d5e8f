"""Export view: the ranking as CSV, Excel, JSON and Markdown (the CLI's bytes), and charts as PNG/SVG."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import value_for_money
from scoring.export import MIME_TYPES, ranking_report, render as render_report
from scoring.model import Dataset
from scoring.ranking import Ranking, rank
from scoring.weights import normalize_weights
from ui import charts, frames
from ui.state import format_weight
from ui.views import ViewContext


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
        col.download_button(label, data, file_name=f"ranking.{fmt}", mime=MIME_TYPES[fmt], key=f"dl_{fmt}")
    if "about" in payloads:
        cols[4].download_button("CSV's about", payloads["about"], file_name="ranking.csv.about.json",
                                mime="application/json", key="dl_about",
                                help="The provenance the command line writes beside a CSV (method, weights, data hashes).")
    st.caption("Exports hold every option; the filters only change what the page shows.")

    st.subheader("Download a chart")
    c1, c2 = st.columns(2)
    which = c1.selectbox("Chart", ["Contributions", "Value for money", "Weights"], key="chart_pick")
    fmt = c2.selectbox("Format", ["png", "svg"], key="chart_fmt")
    name = f"{which.lower().replace(' ', '-')}.{fmt}"
    st.download_button(f"Download {name}", lambda: chart_file(which, fmt, ranking, dataset, weights, mask), file_name=name,
                       mime="image/png" if fmt == "png" else "image/svg+xml", key="dl_chart", on_click="ignore",
                       help="Drawn when you click, from the weights and filters on screen now.")


def chart_file(which: str, fmt: str, ranking: Ranking, dataset: Dataset, weights: np.ndarray, mask: np.ndarray) -> bytes | str:
    """The chart as PNG (2x) or SVG, drawn with vl-convert from the given state."""
    import vl_convert as vlc

    spec = chart_for_export(which, ranking, dataset, weights, mask).to_json()
    return vlc.vegalite_to_png(spec, scale=2) if fmt == "png" else vlc.vegalite_to_svg(spec)


def chart_for_export(which: str, ranking: Ranking, dataset: Dataset, weights: np.ndarray, mask: np.ndarray):
    import altair as alt

    if which == "Value for money":
        chart = charts.value_for_money_chart(value_for_money(dataset, weights)[mask])
    elif which == "Weights":
        chart = charts.weights_chart(pd.DataFrame({"label": [c.label for c in dataset.criteria.criteria],
                                                   "weight": normalize_weights(weights)}))
    else:
        table = rank(dataset, weights, "weighted-sum").table
        table = table[table["id"].isin(set(np.array(dataset.ids)[mask]))]
        chart = charts.contributions_chart(frames.contributions_long(table, dataset),
                                           [c.label for c in dataset.criteria.criteria], list(table["title"]))
    return chart.properties(width=900) if isinstance(chart, (alt.Chart, alt.LayerChart)) else chart
