"""Streamlit dashboard: weights in, ranking, trade-offs, robustness and evidence out.

A thin shell: it reads widgets, calls the engine in `scoring/` and draws the charts built in `ui/`.
Run with `streamlit run dashboard.py`.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import compare_methods, head_to_head, rank_movement, value_for_money
from scoring.errors import Problem, ScoringError
from scoring.export import MIME_TYPES, ranking_report, render
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, EVIDENCE_NAME, check_dataset
from scoring.methods import METHODS
from scoring.model import Dataset
from scoring.normalization import NORMALIZATIONS
from scoring.ranking import Ranking, rank
from scoring.weights import normalize_weights
from ui import charts, frames, state
from ui.elicitation import MODES, ahp_mode, points_mode, ranking_mode, to_slider_values

VIEWS = ("Rank", "Trade-offs", "Methods", "Sensitivity", "Uncertainty", "Scenarios", "Evidence", "Export")
MAX_WEIGHT = 10.0
QUAD_PAIR = ("quad-institutionalization", "quad-networking")


# ---------------------------------------------------------------- data

def _paths() -> tuple[Path, Path, Path | None]:
    options = Path(os.environ.get("SCORING_OPTIONS") or DEFAULT_OPTIONS)
    criteria = Path(os.environ.get("SCORING_CRITERIA") or DEFAULT_CRITERIA)
    evidence = os.environ.get("SCORING_EVIDENCE")
    ev = Path(evidence) if evidence else options.parent / EVIDENCE_NAME
    return options, criteria, ev if ev.exists() else None


@st.cache_resource(show_spinner=False)
def load_files(options: bytes, criteria: bytes, evidence: bytes | None, names: tuple[str, str, str]) -> tuple[Dataset | None, list[Problem]]:
    """Parse once per distinct file content; the Dataset is never mutated, so it is shared, not copied."""
    return check_dataset(options, criteria, evidence, options_name=names[0], criteria_name=names[1], evidence_name=names[2])


def shipped_dataset() -> tuple[Dataset | None, list[Problem]]:
    o, c, e = _paths()
    try:
        blobs = (o.read_bytes(), c.read_bytes(), e.read_bytes() if e else None)
    except OSError as exc:
        return None, [Problem(str(exc.filename or o), f"could not read the file: {exc.strerror}")]
    return load_files(*blobs, (str(o), str(c), str(e) if e else EVIDENCE_NAME))


def uploaded_dataset() -> tuple[Dataset | None, list[Problem]] | None:
    """Own data from the sidebar uploaders (kept in session state), or None when not complete."""
    up = st.session_state.get("uploads") or {}
    if not up.get("options") or not up.get("criteria"):
        return None
    ev = up.get("evidence")
    return load_files(up["options"], up["criteria"], ev,
                      (up.get("options_name", "options.csv"), up.get("criteria_name", "criteria.yaml"),
                       up.get("evidence_name", EVIDENCE_NAME)))


def _store_upload(kind: str) -> None:
    f = st.session_state.get(f"upload_{kind}")
    up = dict(st.session_state.get("uploads") or {})
    if f is None:
        up.pop(kind, None)
    else:
        up[kind], up[f"{kind}_name"] = f.getvalue(), f.name
    st.session_state["uploads"] = up


def with_adjustments(dataset: Dataset) -> Dataset:
    for (oid, cid), value in (st.session_state.get("adjustments") or {}).items():
        if oid in dataset.ids and cid in dataset.criteria.ids:
            dataset = dataset.with_score(oid, cid, value)
    return dataset


def show_problems(problems: list[Problem], heading: str) -> None:
    st.error(f"{heading} ({len(problems)} problem{'s' if len(problems) != 1 else ''}); the shipped data is used meanwhile.")
    st.code("\n".join(str(p) for p in problems[:50]) + ("\n…" if len(problems) > 50 else ""), language=None)


# ---------------------------------------------------------------- sidebar: weights and settings

def init_state(dataset: Dataset) -> None:
    """First run of a session: weights from the URL, else the criteria's defaults."""
    crit = dataset.criteria
    signature = (crit.sha256, tuple(crit.ids))
    if st.session_state.get("criteria_signature") == signature:
        return
    url = state.decode(st.query_params.to_dict(), crit.ids, MAX_WEIGHT)
    first = "criteria_signature" not in st.session_state
    defaults = to_slider_values(crit.default_weights) if crit.default_weights.max() > MAX_WEIGHT else list(crit.default_weights)
    for cid, v in zip(crit.ids, defaults):
        st.session_state[f"w_{cid}"] = float(url["weights"].get(cid, v)) if first else float(v)
    profile = url.get("profile") if first else None
    st.session_state["profile"] = profile if profile in crit.profiles else "(defaults)"
    if first:
        if url.get("method") in METHODS:
            st.session_state["method"] = url["method"]
        if url.get("norm") in NORMALIZATIONS:
            st.session_state["normalization"] = url["norm"]
        if url.get("view") in VIEWS:
            st.session_state["view"] = url["view"]
        for name, chosen in url["filters"].items():
            st.session_state[f"filter_{name}"] = chosen
    st.session_state["criteria_signature"] = signature


def apply_profile(dataset: Dataset) -> None:
    name = st.session_state.get("profile")
    crit = dataset.criteria
    if name == "(defaults)":
        raw = crit.default_weights
    elif name in crit.profiles:
        raw = np.array([crit.profiles[name].weights.get(cid, 0.0) for cid in crit.ids])
    else:
        return
    values = to_slider_values(raw) if raw.max() > MAX_WEIGHT else [float(v) for v in raw]
    for cid, v in zip(crit.ids, values):
        st.session_state[f"w_{cid}"] = v


def profile_in_use(dataset: Dataset, raw: np.ndarray) -> str | None:
    """The profile whose weights the sliders still hold exactly (so exports match `--profile`)."""
    name = st.session_state.get("profile")
    if name in dataset.criteria.profiles:
        prof = dataset.criteria.profiles[name].weights
        if np.array_equal(raw, [prof.get(cid, 0.0) for cid in dataset.criteria.ids]):
            return name
    return None


def weight_controls(dataset: Dataset) -> np.ndarray:
    crit = dataset.criteria
    names = ["(defaults)", *crit.profiles, "(custom)"]
    st.selectbox("Start from a profile", names, key="profile", on_change=apply_profile, args=(dataset,),
                 format_func=lambda n: n.replace("_", " "),
                 help="\n\n".join(f"**{p.name.replace('_', ' ')}**: {p.description}" for p in crit.profiles.values()) or None)
    mode = st.radio("How to weigh", MODES, horizontal=True, key="mode")
    if mode == "100 points":
        points_mode(crit)
    elif mode == "Ranking":
        ranking_mode(crit)
    elif mode == "Pairwise (AHP)":
        with st.expander("Pairwise comparisons", expanded=True):
            ahp_mode(crit)
    raw = []
    for c in crit.criteria:
        arrow = "less is better" if c.is_cost else "more is better"
        rubric = "\n\n".join(f"**{k}**: {v}" for k, v in sorted(c.rubric.items(), key=lambda kv: str(kv[0])))
        help_text = f"{c.description}\n\n{rubric}" if c.description or rubric else None
        raw.append(st.slider(f"{c.label} ({arrow})", 0.0, MAX_WEIGHT, step=0.5, key=f"w_{c.id}", help=help_text,
                             disabled=mode != "Sliders"))
    values = np.array(raw, dtype=float)
    if values.sum() <= 0:
        st.error("All weights are zero: give at least one criterion a positive weight. Using equal weights meanwhile.")
        values = np.ones(len(crit))
    return values


def _method_changed() -> None:
    """A new method starts from its own default normalization (scale for sums, vector for TOPSIS)."""
    st.session_state["normalization"] = METHODS[st.session_state["method"]].default_normalization


def method_controls() -> tuple[str, str | None]:
    with st.expander("Advanced: method and normalization"):
        method = st.selectbox("Method", list(METHODS), key="method", format_func=lambda m: METHODS[m].label,
                              on_change=_method_changed)
        default = METHODS[method].default_normalization
        if default is None:
            st.caption(f"{METHODS[method].label} works on raw score differences; no normalization.")
            return method, None
        if st.session_state.get("normalization") not in NORMALIZATIONS:
            st.session_state["normalization"] = default
        norm = st.selectbox("Normalization", NORMALIZATIONS, key="normalization",
                            help="scale: the criterion's declared 1-5 scale (adding an option never changes another's score); "
                                 "minmax: the observed range; vector, sum, max: classic alternatives.")
        return method, norm


def filter_controls(dataset: Dataset) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    with st.expander("Filter the view"):
        for name in state.FILTERS:
            if name in dataset.options.columns:
                values = sorted(v for v in dataset.options[name].unique() if str(v).strip())
                key = f"filter_{name}"
                if key in st.session_state:
                    st.session_state[key] = [v for v in st.session_state[key] if v in values]
                chosen[name] = st.multiselect(name.capitalize(), values, key=key)
        st.caption("Filters change what is shown, not the ranks: every option is still ranked against all others.")
    return chosen


def upload_controls() -> None:
    with st.expander("Use your own data"):
        st.caption("Same formats as the shipped files (see the README). Problems are listed with file, line and column.")
        st.file_uploader("options.csv", type=["csv"], key="upload_options", on_change=_store_upload, args=("options",))
        st.file_uploader("criteria.yaml", type=["yaml", "yml"], key="upload_criteria", on_change=_store_upload, args=("criteria",))
        st.file_uploader("evidence.csv (optional)", type=["csv"], key="upload_evidence", on_change=_store_upload, args=("evidence",))


def filter_mask(dataset: Dataset, filters: dict[str, list[str]]) -> np.ndarray:
    mask = np.ones(len(dataset.options), dtype=bool)
    for name, chosen in filters.items():
        if chosen:
            mask &= dataset.options[name].isin(chosen).to_numpy()
    return mask


# ---------------------------------------------------------------- views

def view_rank(dataset: Dataset, ranking: Ranking, baseline: Ranking, mask_ids: set[str]) -> None:
    table = ranking.table
    moved = rank_movement(table, baseline.table).reindex(table["id"])
    adjusted = {o for o, _, _ in dataset.adjustments}
    shown = pd.DataFrame({  # score before the title so a phone shows it without scrolling sideways
        "rank": table["rank"], "score": table["score"],
        "title": table["title"] + [" ✎" if i in adjusted else "" for i in table["id"]],
        "vs equal weights": frames.movement_labels(moved),
        "theme": table.get("theme", ""), "author": table.get("author", ""), "id": table["id"]})
    shown = shown[shown["id"].isin(mask_ids)]
    lo, hi = float(table["score"].min()), float(table["score"].max())
    better = "higher" if ranking.higher_is_better else "lower"
    st.subheader(f"Ranking · {METHODS[ranking.method].label}")
    top = table[table["rank"] == 1]["title"].tolist()
    st.markdown(f"**Top option:** {_escape(' · '.join(top))}" + (" (tied)" if len(top) > 1 else ""))
    st.caption(f"Score: {better} is better. '▲ n' = places gained against equal weights. ✎ = a score adjusted this session.")
    st.dataframe(shown, hide_index=True, column_config={
        "rank": st.column_config.NumberColumn("Rank", width="small"),
        "title": st.column_config.TextColumn("Option", width="large"),
        "score": st.column_config.ProgressColumn("Score", min_value=min(lo, 0.0), max_value=max(hi, 1e-9), format="%.3f", width="small"),
        "id": None})
    if METHODS[ranking.method].additive:
        contrib = table
        note = None
    else:
        contrib = rank(dataset, np.array(list(ranking.weights.values())), "weighted-sum").table
        note = f"{METHODS[ranking.method].label} does not add up per criterion; the bars show the weighted sum's contributions."
    contrib = contrib[contrib["id"].isin(mask_ids)]
    long = frames.contributions_long(contrib, dataset)
    st.altair_chart(charts.contributions_chart(long, [c.label for c in dataset.criteria.criteria], list(contrib["title"])),
                    width="stretch")
    if note:
        st.caption(note)


def view_tradeoffs(dataset: Dataset, weights: np.ndarray, method: str, norm: str | None, mask: np.ndarray,
                   higher_is_better: bool) -> None:
    crit = dataset.criteria
    labels = {c.id: c.label for c in crit.criteria}
    st.subheader("Two criteria at a time")
    cols = st.columns(3)
    x = cols[0].selectbox("Across", crit.ids, index=crit.ids.index("impact") if "impact" in crit.ids else 0,
                          format_func=labels.get, key="tx")
    y = cols[1].selectbox("Up", crit.ids, index=crit.ids.index("feasibility") if "feasibility" in crit.ids else min(1, len(crit) - 1),
                          format_func=labels.get, key="ty")
    colour = cols[2].selectbox("Colour", ["(none)", *crit.ids], format_func=lambda c: labels.get(c, c), key="tc")
    colour = None if colour == "(none)" else colour
    sub = dataset.subset(mask)
    frame = frames.scatter_frame(sub, x, y, colour)
    st.altair_chart(charts.tradeoff_scatter(frame, x, y, labels[x], labels[y], colour, labels.get(colour or "")), width="stretch")

    st.subheader("Head to head")
    ids, names = dataset.ids, dict(zip(dataset.ids, dataset.titles))
    a0, b0 = QUAD_PAIR if all(q in ids for q in QUAD_PAIR) else (ids[0], ids[min(1, len(ids) - 1)])
    c1, c2 = st.columns(2)
    a = c1.selectbox("Option A", ids, index=ids.index(a0), format_func=names.get, key="h2h_a")
    b = c2.selectbox("Option B", ids, index=ids.index(b0), format_func=names.get, key="h2h_b")
    if a == b:
        st.info("Pick two different options.")
    else:
        h2h = head_to_head(dataset, weights, a, b, method, norm)
        short = {a: names[a], b: names[b]}
        ahead = a if (h2h.score_a > h2h.score_b) == higher_is_better else b
        st.markdown(f"Under {METHODS[method].label}, **{_escape(names[ahead])}** is ahead "
                    f"({h2h.score_a:.3f} against {h2h.score_b:.3f}).")
        st.altair_chart(charts.head_to_head_chart(frames.head_to_head_long(h2h.table, dataset, a, b, short),
                                                  list(h2h.table["label"]), "Where each option earns its score"), width="stretch")
        st.dataframe(h2h.table[["label", "weight", "flips", "sentence"]], hide_index=True, column_config={
            "label": "Criterion", "weight": st.column_config.NumberColumn("Weight now", format="percent"),
            "flips": "Flips at weight", "sentence": st.column_config.TextColumn("In words", width="large")})

    st.subheader("Value for money")
    vf = value_for_money(dataset, weights)
    st.altair_chart(charts.value_for_money_chart(vf[mask]), width="stretch")


def view_methods(dataset: Dataset, weights: np.ndarray, norm: str | None, mask: np.ndarray) -> None:
    mc = compare_methods(dataset, weights, norm)
    labels = {m: METHODS[m].label for m in METHODS}
    ranks = mc.ranks[mask].sort_values(list(METHODS)[0])
    st.subheader("Does the answer depend on the aggregation rule?")
    spread = (ranks[list(METHODS)].max(axis=1) - ranks[list(METHODS)].min(axis=1))
    st.caption(f"Lowest agreement between two methods: Kendall's tau {mc.taus.to_numpy().min():.2f}. "
               f"Options whose rank moves by more than 10 places between methods: {int((spread > 10).sum())}.")
    st.altair_chart(charts.method_ranks_chart(frames.methods_long(ranks, list(METHODS), labels), list(ranks["title"])),
                    width="stretch")
    st.altair_chart(charts.tau_heatmap(frames.taus_long(mc.taus, labels)), width="stretch")


def view_evidence(dataset: Dataset) -> None:
    names = dict(zip(dataset.ids, dataset.titles))
    st.subheader("Why each score")
    oid = st.selectbox("Option", dataset.ids, format_func=names.get, key="ev_option")
    row = dataset.options.set_index("id").loc[oid]
    meta = [f"{k}: {row[k]}" for k in ("author", "publication", "chapter", "locator") if k in row.index and str(row[k]).strip()]
    if "summary" in row.index:
        st.text(str(row["summary"]))
    if meta:
        st.caption(" · ".join(meta))
    if len(dataset.evidence) == 0:
        st.info("This data set has no evidence file, so there are no reasons to show.")
    st.dataframe(frames.evidence_table(dataset, oid), hide_index=True, column_config={
        "reason": st.column_config.TextColumn("Reason", width="large"), "locator": st.column_config.TextColumn("Where in the text")})

    with st.expander("Facilitator: adjust a score for this session"):
        st.caption("The change lives in this browser session only: it is marked ✎, recorded in every export's "
                   "'about', and never written to the shipped files.")
        crit = dataset.criteria
        c1, c2 = st.columns(2)
        cid = c1.selectbox("Criterion", crit.ids, format_func=lambda c: crit[c].label, key="adj_criterion")
        c = crit[cid]
        current = float(row[cid])
        value = c2.number_input("New score", float(c.scale_min), float(c.scale_max), current, step=1.0, key=f"adj_value_{oid}_{cid}")
        b1, b2 = st.columns(2)
        if b1.button("Apply for this session", key="adj_apply"):
            adj = dict(st.session_state.get("adjustments") or {})
            adj[(oid, cid)] = float(value)
            st.session_state["adjustments"] = adj
            st.rerun()
        if b2.button("Undo all adjustments", key="adj_reset", disabled=not st.session_state.get("adjustments")):
            st.session_state["adjustments"] = {}
            st.rerun()
        if dataset.adjustments:
            st.dataframe(pd.DataFrame(dataset.adjustments, columns=["option", "criterion", "score"]), hide_index=True)

    st.subheader("All options and their sources")
    cols = ["id", "title", *[c for c in ("author", "chapter", "locator", "theme", "group", "horizon", "lead") if c in dataset.options.columns]]
    st.dataframe(dataset.options[cols], hide_index=True)


def export_payloads(ranking: Ranking, dataset: Dataset, profile: str | None) -> dict[str, str | bytes]:
    """The four downloads, built exactly as `scoring rank` builds them."""
    extra = {"profile": profile} if profile else {}
    report = ranking_report(ranking, dataset, **extra)
    return {fmt: render(report, fmt) for fmt in ("csv", "xlsx", "json", "md")}


def view_export(ranking: Ranking, dataset: Dataset, profile: str | None, weights: np.ndarray, mask: np.ndarray) -> None:
    st.subheader("Download the ranking")
    flag = f"--profile {profile}" if profile else "--weights " + ",".join(
        f"{cid}={st.session_state[f'w_{cid}']:g}" for cid in dataset.criteria.ids)
    norm = f" --normalization {ranking.normalization}" if ranking.normalization else ""
    st.caption("The same bytes as the command line (apart from the time in 'about'):")
    st.code(f"scoring rank --method {ranking.method}{norm} {flag} --format csv", language="bash")
    if dataset.adjustments:
        st.warning("This session has adjusted scores; they are listed under 'adjusted_scores' in each export's about.")
    payloads = export_payloads(ranking, dataset, profile)
    st.session_state["export_payloads"] = payloads  # what the buttons serve; tests compare it with the CLI
    cols = st.columns(4)
    for col, (fmt, label) in zip(cols, (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"), ("md", "Markdown"))):
        col.download_button(label, payloads[fmt], file_name=f"ranking.{fmt}", mime=MIME_TYPES[fmt], key=f"dl_{fmt}")
    st.caption("Exports hold every option; the filters only change what the page shows.")

    st.subheader("Download a chart")
    c1, c2 = st.columns(2)
    which = c1.selectbox("Chart", ["Contributions", "Value for money", "Weights"], key="chart_pick")
    fmt = c2.selectbox("Format", ["png", "svg"], key="chart_fmt")
    if st.button("Prepare the chart file", key="chart_prepare"):
        chart = _chart_for_export(which, ranking, dataset, weights, mask)
        try:
            import vl_convert as vlc

            spec = chart.to_json()
            data = vlc.vegalite_to_png(spec, scale=2) if fmt == "png" else vlc.vegalite_to_svg(spec)
            st.session_state["chart_file"] = (data, f"{which.lower().replace(' ', '-')}.{fmt}", "image/png" if fmt == "png" else "image/svg+xml")
        except Exception as exc:  # the converter is optional at run time; say so instead of failing the page
            st.error(f"Could not render the chart file: {exc}")
    if st.session_state.get("chart_file"):
        data, name, mime = st.session_state["chart_file"]
        st.download_button(f"Download {name}", data, file_name=name, mime=mime, key="dl_chart")


def _chart_for_export(which: str, ranking: Ranking, dataset: Dataset, weights: np.ndarray, mask: np.ndarray):
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


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>|~$#" else ch for ch in str(text))


def analysis_view(name: str, dataset: Dataset, weights: np.ndarray, method: str, norm: str | None) -> None:
    from ui import analysis_view as av

    {"Sensitivity": av.render_sensitivity, "Uncertainty": av.render_uncertainty,
     "Scenarios": av.render_scenarios}[name](dataset, weights, method, norm)


# ---------------------------------------------------------------- page

def main() -> None:
    started = time.perf_counter()
    st.set_page_config(page_title="Policy option scoring", page_icon="⚖️", layout="wide")
    try:
        render_page()
    finally:  # server-side time of this rerun, read by bench/bench_dashboard.py
        st.session_state["render_ms"] = (time.perf_counter() - started) * 1000


def render_page() -> None:
    shipped, problems = shipped_dataset()
    if shipped is None:
        st.error("The data files could not be loaded:")
        st.code("\n".join(str(p) for p in problems), language=None)
        st.stop()
    dataset = shipped
    upload = uploaded_dataset()
    with st.sidebar:
        st.title("Policy option scoring")
        upload_controls()
    if upload is not None:
        up_data, up_problems = upload
        if up_data is None:
            show_problems(up_problems, "Your files could not be used")
        else:
            dataset = up_data
            st.success(f"Using your data: {len(dataset.options)} options, {len(dataset.criteria)} criteria.")
    dataset = with_adjustments(dataset)
    init_state(dataset)
    with st.sidebar:
        raw = weight_controls(dataset)
        method, norm = method_controls()
        filters = filter_controls(dataset)
        weights = normalize_weights(raw)
        st.altair_chart(charts.weights_chart(pd.DataFrame({"label": [c.label for c in dataset.criteria.criteria],
                                                           "weight": weights})), width="stretch")

    if st.session_state.get("view") not in VIEWS:
        st.session_state["view"] = "Rank"
    view = st.segmented_control("View", VIEWS, key="view", label_visibility="collapsed") or "Rank"
    profile = profile_in_use(dataset, raw)
    params = state.encode({cid: float(v) for cid, v in zip(dataset.criteria.ids, raw)}, method, norm,
                          st.session_state.get("profile") if st.session_state.get("profile") in dataset.criteria.profiles else None,
                          view, filters)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)

    mask = filter_mask(dataset, filters)
    mask_ids = set(np.array(dataset.ids)[mask])
    if not mask.any():
        st.warning("No option matches the filters.")
        return
    try:
        ranking = rank(dataset, weights, method, norm)  # normalized first, exactly as the CLI does
        if view == "Rank":
            baseline = rank(dataset, np.ones(len(dataset.criteria)), method, norm)
            view_rank(dataset, ranking, baseline, mask_ids)
        elif view == "Trade-offs":
            view_tradeoffs(dataset, weights, method, norm, mask, ranking.higher_is_better)
        elif view == "Methods":
            view_methods(dataset, weights, norm, mask)
        elif view in ("Sensitivity", "Uncertainty", "Scenarios"):
            analysis_view(view, dataset, weights, method, norm)
        elif view == "Evidence":
            view_evidence(dataset)
        else:
            view_export(ranking, dataset, profile, raw, mask)
    except ScoringError as exc:
        st.error("This view cannot be shown with the current settings:")
        st.code(str(exc), language=None)


main()
