"""The dashboard's sidebar: profile and weights, method and normalization, filters, uploads, weights chart.

Every widget keeps its value in st.session_state under a fixed key (w_<criterion>, profile, mode,
method, normalization, filter_<column>, upload_<kind>[_<generation>]), which the URL state in `ui/state.py` mirrors.
"""
from __future__ import annotations

import html
from typing import Callable, Collection, Sequence

import numpy as np
import streamlit as st

from scoring.methods import METHODS
from scoring.model import Dataset
from scoring.numbers import share
from scoring.order import natural
from scoring.normalization import NORMALIZATIONS
from ui import charts, show, state
from ui.data import clear_uploads, store_upload, upload_key, uploads_kept
from ui.text import escape, method_in_words, plural, weight_help, weight_label
from ui.elicitation import MODES, ahp_mode, points_mode, ranking_mode, set_exact_weights
from ui.views import VIEWS

MAX_WEIGHT = 10.0


def init_state(dataset: Dataset) -> None:
    """First run of a session: weights from the URL, else the criteria's defaults. When the table changes (an
    upload, back to the shipped data), the weights of the table left are kept, and a table used before in this
    session gets its own weights back."""
    crit = dataset.criteria
    signature = (crit.sha256, tuple(crit.ids))
    if st.session_state.get("criteria_signature") == signature:
        return
    url = state.decode(st.query_params.to_dict(), crit.ids)
    first = "criteria_signature" not in st.session_state
    kept = st.session_state.setdefault("weights_per_table", {})  # signature -> (weights, profile name)
    if not first:  # another table's weights are in use until now: keep them for when that table comes back
        old = st.session_state["criteria_signature"]
        kept[old] = (_weights_of(list(old[1])), st.session_state.get("profile", "(custom)"))
    profile = url.get("profile") if first else None
    profile = profile if profile in crit.profiles else None
    notes = list(url["ignored"]) if first else []
    start = _profile_weights(dataset, profile) if profile else crit.default_weights
    if first and url["other_criteria"]:  # weights made for another table's criteria (an own
        # upload's address opened on the shipped data): none of them is used, as the CLI refuses such --weights
        notes.append("its weights are for other criteria (" + ", ".join(map(state.said, url["other_criteria"]))
                     + " are not criteria of the data in use), so none of them is used")
        chosen = start
    elif first and url["weights"]:  # the address's weights, exactly (any non-negative numbers), over the defaults
        # or the address's profile, as the CLI applies --weights over them: a criterion it leaves out keeps its own
        chosen = np.array([url["weights"].get(cid, w) for cid, w in zip(crit.ids, start)], dtype=float)
        if chosen.sum() <= 0:
            notes.append("the weights are all 0, so the criteria's default weights are used")
            chosen = crit.default_weights
    else:  # ?profile=... alone ranks with that profile
        chosen = start
    if first and url["weights"]:  # a reloaded page: the address's weights name their profile, or the defaults
        if profile and np.array_equal(chosen, _profile_weights(dataset, profile)):
            name = profile
        else:
            name = "(defaults)" if np.array_equal(chosen, crit.default_weights) else "(custom)"
    else:
        name = profile or "(defaults)"
    if not first and signature in kept:  # this table was in use before in this session (an upload replaced by a
        chosen, name = kept[signature]  # broken file, then by the good one again: try9 14): its weights come back
    st.session_state["profile"] = name
    _show_weights(crit.ids, chosen)
    if first:
        for key, known, state_key, what in (("method", METHODS, "method", "method"),
                                            ("norm", NORMALIZATIONS, "normalization", "normalization"),
                                            ("view", VIEWS, "view", "view"), ("profile", crit.profiles, None, "profile")):
            if key not in url:
                continue
            if url[key] in known:
                if state_key:
                    st.session_state[state_key] = url[key]
            else:
                notes.append(f"{what} {state.said(url[key])} is not one of {', '.join(map(str, known))}")
        for name, chosen in url["filters"].items():
            values = set(dataset.options[name].astype(str)) if name in dataset.options.columns else set()
            unknown = [v for v in chosen if v not in values]
            if unknown:
                notes.append(f"{name} {state.said('|'.join(unknown))} is not a {name} of any option")
            st.session_state[f"filter_{name}"] = [v for v in chosen if v in values]
        from ui.views.uncertainty import samples_cap

        limits = state.Limits(ranges=state.widget_ranges(len(dataset.ids), crit.ids, samples_cap(len(dataset.ids))),
                              scales={c.id: (float(c.scale_min), float(c.scale_max)) for c in crit.criteria},
                              option_ids=frozenset(dataset.ids), choices=text_choices(dataset))
        for key, value in state.decode_widgets(st.query_params.to_dict(), crit.ids, limits, notes).items():
            st.session_state[key] = value  # every other choice the address holds (views, modes, adjustments)
    if notes:  # a shared link never breaks the page, and never changes silently either (try6, fifth session)
        st.info("Parts of this address could not be used and the defaults stand for them: "
                + "; ".join(escape(n) for n in notes) + ".")
    st.session_state["criteria_signature"] = signature


def text_choices(dataset: Dataset) -> dict[str, Callable[[], tuple[str, Collection[str]]]]:
    """What each text widget the address keeps (`state.WIDGETS`' "str" and "list") offers for `dataset`, for
    `state.decode_widgets`: a function giving (what a value must be, in words; the values). A value outside them (an
    id of nothing, a criterion where an option is expected, '', 10,000 characters, Markdown) is said in the info line
    and the widget keeps its default. Called only for a key the address holds: the first page imports nothing more
    and parses no scenarios file for them."""
    crit = dataset.criteria

    def a_criterion() -> tuple[str, Collection[str]]:
        return "a criterion of the data in use", crit.ids

    def an_option() -> tuple[str, Collection[str]]:
        return "an option of the data in use", dataset.ids

    def one_of(values: Sequence[str]) -> tuple[str, Collection[str]]:
        return "one of " + ", ".join(values), values

    def smaa_mode(scores: bool) -> tuple[str, Collection[str]]:
        from scoring.smaa import SCORE_MODES, WEIGHT_MODES

        return one_of(SCORE_MODES if scores else WEIGHT_MODES)

    def chart(formats: bool) -> tuple[str, Collection[str]]:
        from ui.views.export import CHART_FORMATS, CHARTS

        return one_of(CHART_FORMATS if formats else CHARTS)

    def scenarios() -> tuple[str, Collection[str]]:
        from scoring.scenarios import DEFAULT_SCENARIOS
        from ui.views.analysis_common import fingerprint, scenario_set

        what = f"a scenario of {DEFAULT_SCENARIOS.name}"
        if not DEFAULT_SCENARIOS.exists():
            return what, ()
        sset = scenario_set(fingerprint(dataset), dataset, str(DEFAULT_SCENARIOS), DEFAULT_SCENARIOS.stat().st_mtime)
        return what, [sc.id for sc in sset.scenarios]

    return {"mode": lambda: one_of(MODES), "tx": a_criterion, "ty": a_criterion,
            "tc": lambda: ("(none) or a criterion of the data in use", ("(none)", *crit.ids)),
            "h2h_a": an_option, "h2h_b": an_option, "ev_option": an_option, "adj_criterion": a_criterion,
            "chart_pick": lambda: chart(False), "chart_fmt": lambda: chart(True),
            "analysis_sweep_criterion": a_criterion, "analysis_pair_a": an_option, "analysis_pair_b": an_option,
            "analysis_weights_mode": lambda: smaa_mode(False), "analysis_score_mode": lambda: smaa_mode(True),
            "analysis_scenarios": scenarios}


def _profile_weights(dataset: Dataset, name: str) -> np.ndarray:
    crit = dataset.criteria
    return np.array([crit.profiles[name].weights.get(cid, 0.0) for cid in crit.ids], dtype=float)


def _show_weights(ids: list[str], raw: np.ndarray) -> None:
    """Put `raw` on the sliders: as they are when they fit the 0-10 sliders, else scaled and kept exactly."""
    raw = np.asarray(raw, dtype=float)
    if raw.max() > MAX_WEIGHT:
        set_exact_weights(ids, raw, st.session_state.get("profile", "(custom)"))
    else:
        for cid, v in zip(ids, raw):
            st.session_state[f"w_{cid}"] = float(v)
        st.session_state.pop("exact_weights", None)


PROFILE_BOX = "profile_box_"  # + the profile in use: the profile box's key (`profile_box_key`)


def profile_box_key(name: str) -> str:
    """The profile box's key while `name` is the profile in use (`weight_controls`, `apply_profile`)."""
    return PROFILE_BOX + name


def apply_profile(dataset: Dataset, key: str) -> None:
    """Profile box callback: the profile picked in the box (`key`) is the profile in use, its weights on the sliders.

    A rerun request the browser sent before it heard of the last change still holds an old box's value, which
    Streamlit takes for a change of that box; it is no pick when it names the profile that box was drawn for (its
    key says which) or the profile already in use, and then changes nothing."""
    name = st.session_state.get(key)
    if name in (key.removeprefix(PROFILE_BOX), st.session_state.get("profile")):
        return
    crit = dataset.criteria
    if name == "(defaults)":
        raw = crit.default_weights
    elif name in crit.profiles:
        raw = _profile_weights(dataset, name)
    else:  # "(custom)" picked: the weights stay, no profile is named
        st.session_state["profile"] = "(custom)"
        return
    st.session_state["profile"] = name
    _show_weights(crit.ids, raw)


def _slider_moved() -> None:
    """A slider moved by hand: its values are the weights now, and no profile or elicited set is in use."""
    st.session_state.pop("exact_weights", None)
    st.session_state["profile"] = "(custom)"


def weights_in_state(dataset: Dataset) -> np.ndarray:
    """The weights in use: the exact elicited/profile/URL weights if kept, else the sliders' values."""
    return _weights_of(dataset.criteria.ids)


def _weights_of(ids: list[str]) -> np.ndarray:
    """`weights_in_state` for the criteria `ids` (those of the table in use until this run, too)."""
    exact = st.session_state.get("exact_weights")
    if exact and set(exact) == set(ids):
        return np.array([exact[cid] for cid in ids], dtype=float)
    return np.array([float(st.session_state.get(f"w_{cid}", 0.0)) for cid in ids], dtype=float)


def profile_in_use(dataset: Dataset, raw: np.ndarray) -> str | None:
    """The profile whose weights the sliders still hold exactly (so exports match `--profile`)."""
    name = st.session_state.get("profile")
    if name in dataset.criteria.profiles:
        prof = dataset.criteria.profiles[name].weights
        if np.array_equal(raw, [prof.get(cid, 0.0) for cid in dataset.criteria.ids]):
            return name
    return None


def weight_controls(dataset: Dataset) -> None:
    """The profile box, the weighing mode and the sliders, with a word when the weights in use are exact or all 0.
    Draws only: the page reads the weights from session state before the sidebar is drawn (`choices`)."""
    crit = dataset.criteria
    names = ["(defaults)", *crit.profiles, "(custom)"]
    current = st.session_state.get("profile")
    current = current if current in names else "(custom)"
    # The box's key names the profile in use, so the box is a new widget whenever that changes (a slider moved: it
    # reads "(custom)"), and its callback can tell a pick from a stale request (`apply_profile`). One fixed key,
    # written by the sliders' callback, made a quick burst of slider keys undo itself: a rerun request sent before
    # the browser heard of "(custom)" still held the old profile, which Streamlit took for a new pick and put that
    # profile's weights back on the sliders (issue 12, try7 1).
    key = profile_box_key(current)
    st.selectbox("Start from a profile", names, index=names.index(current), key=key, on_change=apply_profile,
                 args=(dataset, key), format_func=lambda n: n.replace("_", " "),
                 help="\n\n".join(f"**{p.name.replace('_', ' ')}**: {p.description}" for p in crit.profiles.values()) or None)
    mode = st.radio("How to weigh", MODES, horizontal=True, key="mode")
    if mode == "100 points":
        points_mode(crit, weights_in_state(dataset))
    elif mode == "Ranking":
        ranking_mode(crit, weights_in_state(dataset))
    elif mode == "Pairwise (AHP)":
        with st.expander("Pairwise comparisons", expanded=True):
            ahp_mode(crit, weights_in_state(dataset))
    for c in crit.criteria:
        rubric = "\n\n".join(c.rubric_lines())
        help_text = weight_help(c.description, c.is_cost) + (f"\n\n{rubric}" if rubric else "")
        st.slider(weight_label(c.label, c.is_cost), 0.0, MAX_WEIGHT, step=0.5, key=f"w_{c.id}", help=help_text,
                  disabled=mode != "Sliders", on_change=_slider_moved, format="%.2f")
    values = weights_in_state(dataset)
    if st.session_state.get("exact_weights"):
        st.caption("Weights in use, exactly as applied (the sliders show them scaled): "
                   + " · ".join(f"{c.label} {w:.4g}" for c, w in zip(crit.criteria, values)))
    if values.sum() <= 0:  # `choices` ranks with equal weights meanwhile
        st.error("All weights are zero: give at least one criterion a positive weight. Using equal weights meanwhile.")


def _method_changed() -> None:
    """A new method starts from its own default normalization (scale for sums, vector for TOPSIS)."""
    st.session_state["normalization"] = METHODS[st.session_state["method"]].default_normalization


def method_in_use() -> tuple[str, str | None]:
    """The method and normalization in session state (made valid: an unknown method -> the first, a missing or
    unknown normalization -> the method's default; None for methods without one)."""
    if st.session_state.get("method") not in METHODS:
        st.session_state["method"] = next(iter(METHODS))
    method = st.session_state["method"]
    default = METHODS[method].default_normalization
    if method == "topsis-scale" or default is None:
        return method, None
    if st.session_state.get("normalization") not in NORMALIZATIONS:
        st.session_state["normalization"] = default
    return method, st.session_state["normalization"]


def method_controls() -> None:
    """The method's section; its widgets are drawn only while it is open (they keep their values closed:
    `state.retain`), so a weight change does not redraw them. Closed, a caption names the method in use."""
    method, norm = method_in_use()
    box = show.lazy_expander("Advanced: method and normalization", key="side_method")
    if box:
        with box:
            _method_widgets(method)
    else:  # closed: still say what ranks the options (try6, fifth session)
        st.caption(f"In use: {method_in_words(method, norm, **method_options(method))}.")


def _method_widgets(method: str) -> None:
    st.selectbox("Method", list(METHODS), key="method", format_func=lambda m: METHODS[m].label, on_change=_method_changed)
    default = METHODS[method].default_normalization
    if method == "vikor":
        st.session_state.setdefault("vikor_v", 0.5)
        st.slider("VIKOR v (group utility S against individual regret R)", 0.0, 1.0, step=0.05, key="vikor_v",
                  help="v = 1 ranks by the sum of weighted gaps (S) alone, v = 0 by the largest gap (R) alone; "
                       "Opricovic & Tzeng (2004) use 0.5. Applies to the Rank and Methods views; Sensitivity, Uncertainty and Scenarios use 0.5.")
    if method == "topsis-scale":
        st.caption("TOPSIS with the ideal and anti-ideal at the ends of each declared scale: adding an option "
                   "never changes another's closeness. No normalization choice.")
        return
    if default is None:
        st.caption(f"{METHODS[method].label} works on raw score differences; no normalization.")
        return
    if st.session_state.get("normalization") not in NORMALIZATIONS:
        st.session_state["normalization"] = default
    st.selectbox("Normalization", NORMALIZATIONS, key="normalization",
                 help="scale: the criterion's declared 1-5 scale (with the weighted sum or product, adding "
                      "an option never changes another's score; TOPSIS still takes its ideal from the data); "
                      "minmax: the observed range; vector, sum, max: classic alternatives.")


def method_options(method: str) -> dict:
    """Method settings chosen in the sidebar (VIKOR's v), passed to `rank` as keyword options."""
    return {"v": float(st.session_state.get("vikor_v", 0.5))} if method == "vikor" else {}


def filter_values(dataset: Dataset) -> dict[str, list[str]]:
    """The values each filter column offers (`state.FILTERS` present in the options), in natural order
    (`scoring.order`: 'Chapter 2' before 'Chapter 10'), blanks left out."""
    return {name: dataset.memo(("filter-values", name),
                               lambda name=name: natural(v for v in dataset.options[name].unique() if str(v).strip()))
            for name in state.FILTERS if name in dataset.options.columns}


def filters_in_use(dataset: Dataset) -> dict[str, list[str]]:
    """The values chosen per filter column (an empty list: no filter), from session state; a value the data in
    use does not have (another upload) is dropped."""
    chosen: dict[str, list[str]] = {}
    for name, values in filter_values(dataset).items():
        key = f"filter_{name}"
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in values]
        chosen[name] = list(st.session_state.get(key, []))
    return chosen


def shown_words(dataset: Dataset) -> str:
    """'7 of 62 options shown' under the filters in session state (what `filters_in_use` gave this run's view; read
    here without writing: the filters' widgets may already be drawn)."""
    chosen = {name: [v for v in st.session_state.get(f"filter_{name}", []) if v in values]
              for name, values in filter_values(dataset).items()}
    return f"{int(filter_mask(dataset, chosen).sum())} of {plural(len(dataset.ids), 'option')} shown"


def filter_controls(dataset: Dataset) -> None:
    """The filters' section: multiselects drawn only while it is open; closed, the choices stand (`state.retain`)
    and a caption under it names them. The count of options shown comes after the controls (`shown_words`), so it
    is read after the filter just changed, and with it."""
    values = filter_values(dataset)
    box = show.lazy_expander("Filter the view", key="side_filters")
    if box:
        with box:
            for name in values:
                st.multiselect(name.capitalize(), values[name], key=f"filter_{name}")
            st.caption(f"{shown_words(dataset)}. Filters change what is shown, not the ranks: every option is still "
                       "ranked against all others.")
        return
    on = [f"{name} ({len(v)})" for name, v in filters_in_use(dataset).items() if v]
    if on:
        st.caption("Filters on: " + ", ".join(on) + f". {shown_words(dataset)}. Open 'Filter the view' to change them.")


def choices(dataset: Dataset) -> tuple[np.ndarray, str, str | None, dict[str, list[str]]]:
    """What the sidebar holds, read from session state before its widgets are drawn: (raw weights, one per
    criterion, equal when all are 0; method; normalization or None; chosen values per filter column).

    The page draws the view first and the sidebar after it (`draw`): the view's table, whose code is the largest
    the first page loads, is asked for sooner (first page in Chromium, same-window A/B: 2436 -> 2200 ms p50).
    A widget's value is in session state before the rerun that follows its change, so nothing lags."""
    raw = weights_in_state(dataset)
    if raw.sum() <= 0:
        raw = np.ones(len(dataset.criteria))
    method, norm = method_in_use()
    return raw, method, norm, filters_in_use(dataset)


def draw(dataset: Dataset, weights: np.ndarray) -> None:
    """The sidebar's widgets below the title and uploads: profile and weights, method, filters, weights in use."""
    weight_controls(dataset)
    method_controls()
    filter_controls(dataset)
    weights_in_use(dataset, weights)


SIDEBAR_PROBLEMS = 3  # problems an upload's section lists itself (all of them are on the page)


def upload_controls(in_use: bool = False, problems: Sequence[object] = (), waiting: str | None = None) -> None:
    """'Use your own data': three uploaders, drawn only while the section is open (`show.lazy_expander`).

    Closed, they were still drawn on every run: on the first page they cost the browser ~150 ms of a 2.4 s load
    (three file-uploader widgets and their code, issue 12). The files themselves live in session state
    (`ui.data.store_upload`), so closing the section keeps them; open, it says what became of them, by the page's
    verdict: `in_use` (the page ranks them), `problems` (they could not be used: the first SIDEBAR_PROBLEMS listed
    here too, since on a phone the open sidebar covers the page's list: try9 1), or `waiting` (one file of two),
    and offers the shipped data back (`ui.data.clear_uploads`), since its uploaders start empty after a close."""
    box = show.lazy_expander("Use your own data", key="side_upload")
    if box is None:
        return
    with box:
        st.caption("Same formats as the shipped files (see the README). Problems are listed with file, line and column.")
        kept = uploads_kept()
        files = escape(" · ".join(kept)) if kept else "your files"
        if problems:
            st.error(f"Not in use: {files} could not be used ({len(problems)} problem"
                     f"{'s' if len(problems) != 1 else ''}); the shipped data is used meanwhile.")
            show.message_lines([str(p) for p in problems[:SIDEBAR_PROBLEMS]]
                               + ([f"… and {len(problems) - SIDEBAR_PROBLEMS} more, listed on the page"]
                                  if len(problems) > SIDEBAR_PROBLEMS else []))
        elif waiting:
            st.info(waiting)
        elif kept:
            st.caption(("Your files in use: " if in_use else "Your files kept: ") + files
                       + ". A new file replaces the one of its kind.")
        if kept or problems:
            st.button("Use the shipped data again", key="upload_clear", on_click=clear_uploads)
        for kind, label, types in (("options", "options.csv", ["csv"]), ("criteria", "criteria.yaml", ["yaml", "yml"]),
                                   ("evidence", "evidence.csv (optional)", ["csv"])):
            key = upload_key(kind)
            st.file_uploader(label, type=types, key=key, on_change=store_upload, args=(kind, key))


def weights_in_use(dataset: Dataset, weights: np.ndarray) -> None:
    """The normalized weights the engine gets: one labelled bar per criterion, largest first, as plain HTML.

    Not a Vega chart: it changes on every weight move, and a chart's redraw cost ~40 ms of the browser's time per
    move (issue 12); an HTML list costs next to nothing, wraps long labels at any width and is read by screen
    readers. The Export view still offers the same numbers as a chart file (`charts.weights_chart`)."""
    st.html(weights_html([c.label for c in dataset.criteria.criteria], weights))


def weights_html(labels: list[str], weights: np.ndarray) -> str:
    """HTML for `weights_in_use`: a heading and, per criterion (largest weight first, ties in criteria order), its
    label (escaped: labels come from uploaded files), its share in words (`scoring.numbers.share`) and a bar whose
    width is the share of the largest weight. `weights` sums to 1."""
    w = np.asarray(weights, dtype=float)
    top = float(w.max()) if w.size and w.max() > 0 else 1.0
    rows = []
    for i in np.argsort(-w, kind="stable"):
        rows.append(
            '<li style="margin:0 0 0.35rem 0;list-style:none">'
            '<div style="display:flex;justify-content:space-between;gap:0.5rem;line-height:1.3">'
            f'<span style="overflow-wrap:anywhere">{html.escape(labels[i])}</span>'
            f'<span style="font-variant-numeric:tabular-nums;white-space:nowrap">{html.escape(share(w[i]))}</span></div>'
            '<div style="height:0.45rem;background:rgba(128,128,128,0.2);border-radius:2px">'
            f'<div style="width:{100 * w[i] / top:.1f}%;height:100%;background:{charts.BLUE};border-radius:2px"></div>'
            '</div></li>')
    return ('<div data-testid="weights-in-use" style="font-size:0.875rem">'
            '<div style="font-weight:600;margin-bottom:0.35rem">Weights in use (share of the total)</div>'
            f'<ul aria-label="Weights in use" style="padding:0;margin:0">{"".join(rows)}</ul></div>')


def filter_mask(dataset: Dataset, filters: dict[str, list[str]]) -> np.ndarray:
    """Bool per option: True where the option passes every filter (an empty filter passes all)."""
    mask = np.ones(len(dataset.options), dtype=bool)
    for name, chosen in filters.items():
        if chosen:
            mask &= dataset.options[name].isin(chosen).to_numpy()
    return mask
