"""The view in the URL: weights, method, normalization, profile, view and filters as query parameters.

Plain functions over mappings so they are testable; the dashboard passes st.query_params in and out.
"""
from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from typing import Callable, Collection, Mapping, MutableMapping, Sequence

from scoring.numbers import FlagNumber, number_words, parse_number

WHOLE = FlagNumber("address")  # a whole number of any size, as the CLI reads one (bounds: `Limits`)
FILTERS = ("theme", "chapter", "horizon", "group")


SAID_CHARS = 80  # an address part's value quoted in the info line: this many characters at most (an option:criterion:score)


def said(text: object) -> str:
    """`text` from the address quoted for the page's info line: whole when short, else its first SAID_CHARS
    characters and how long it was (a 10,000-character value must not fill the page). The caller escapes it."""
    s = str(text)
    return f"'{s}'" if len(s) <= SAID_CHARS else f"'{s[:SAID_CHARS]}...' ({len(s):,} characters)"


def encode(weights: Mapping[str, float], method: str, normalization: str | None, profile: str | None,
           view: str, filters: Mapping[str, Sequence[str]]) -> dict[str, str]:
    params = {"w": ",".join(f"{k}:{format_weight(v)}" for k, v in weights.items()), "method": method, "view": view}
    if normalization:
        params["norm"] = normalization
    if profile:
        params["profile"] = profile
    for name in FILTERS:
        chosen = filters.get(name) or []
        if chosen:
            params[name] = "|".join(chosen)
    return params


def format_weight(value: float) -> str:
    """A weight as the shortest text that reads back to the same float (6.5 -> '6.5', 2/3 -> '0.6666666666666666')."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


# The largest weight an address may carry. Weights are relative, so only their ratios count; the page itself writes
# slider values (0-10), points (0-100), AHP and rank-order weights (below 1) or the data's own weights. A larger number
# (1e308: nine of them overflow a float's sum, and beside it every other weight showed 0 on its slider) is a typo or
# a crafted link, and is said to be left out like any other unusable part of the address.
MAX_ADDRESS_WEIGHT = 1e12


def decode(params: Mapping[str, str], criteria_ids: Sequence[str], max_weight: float = MAX_ADDRESS_WEIGHT) -> dict:
    """Read what is valid and ignore the rest: a shared link must never break the page, and never changes silently.

    Weights: any finite non-negative number up to `max_weight` (MAX_ADDRESS_WEIGHT). What is left out is said in
    words in `out["ignored"]` (one entry per part), for the page's one info line (`ui.sidebar.init_state`); the
    names of weights that are not criteria of the data go to `out["other_criteria"]` (the page then uses none of
    the address's weights: they were made for another table).
    """
    # ignored: what was left out, in words for the page; other_criteria: weights' names the data does not have
    out: dict = {"weights": {}, "filters": {}, "ignored": [], "other_criteria": []}
    for item in [i for i in str(params.get("w", "")).split(",") if i.strip()] if "w" in params else []:
        key, _, value = item.partition(":")
        num = parse_number(value)  # the one number parser: no '３', '1_0', 'nan', or 1e-400 read as 0
        if key not in criteria_ids:
            out["other_criteria"].append(key)
        elif num is None or not math.isfinite(num):
            out["ignored"].append(f"weight {said(item)}: {said(value)} is not a number")
        elif not 0 <= num <= max_weight:
            out["ignored"].append(f"weight {said(item)}: a weight is a number from 0"
                                  + (f" to {number_words(max_weight)}" if math.isfinite(max_weight) else ""))
        else:
            out["weights"][key] = num
    for key in ("method", "norm", "profile", "view"):
        if key in params:
            out[key] = str(params[key])
    for name in FILTERS:
        if params.get(name):
            out["filters"][name] = [v for v in str(params[name]).split("|") if v]
    return out


# ------------------------------------------------------------ every other widget

# Widget key -> kind, for every widget whose choice the address keeps (the key is the query parameter's name).
WIDGETS: dict[str, str] = {
    "mode": "str", "vikor_v": "float", "ahp_partial": "bool",
    "tx": "str", "ty": "str", "tc": "str", "h2h_a": "str", "h2h_b": "str",  # Trade-offs
    "ev_option": "str", "adj_criterion": "str",  # Evidence
    "chart_pick": "str", "chart_fmt": "str",  # Export
    "rank_basis_share": "bool", "rank_contrib": "bool", "rank_reference": "bool", "rank_why": "bool",  # Rank
    "side_method": "bool", "side_filters": "bool", "side_upload": "bool",  # sidebar sections open
    "analysis_sweep_criterion": "str", "analysis_sweep_count": "int", "analysis_pair_a": "str", "analysis_pair_b": "str",
    "analysis_bounds_silent": "bool",  # Sensitivity
    "analysis_samples": "int", "analysis_seed": "int", "analysis_weights_mode": "str", "analysis_concentration": "float",
    "analysis_score_mode": "str", "analysis_heat_count": "int", "analysis_uncertain_silent": "bool",  # Uncertainty
    "analysis_central": "bool",  # Uncertainty
    "analysis_scenarios": "list", "analysis_scen_count": "int", "analysis_scen_regret": "bool",  # Scenarios
}
# Widgets whose keys end in a name from the data: key prefix -> kind.
PREFIXED: dict[str, str] = {"adj_value_": "float", "analysis_scen_open_": "bool"}
# Widgets the address holds another way, or cannot hold: weights (w), filters (their column names), the profile,
# method, normalization and view (their own parameters); uploaded files; buttons; the Rank table's row selection.
ELSEWHERE = ("w_", "filter_", "profile", "method", "normalization", "view", "upload_", "rank_table")


# Streamlit forgets a widget's value on a rerun that does not draw it: a closed section's widgets
# (`ui.show.lazy_expander`), another view's, another weighing mode's. Every widget the address keeps is written
# back each rerun (`retain`), so a view comes back as it was left, as its address says.
RETAINED = ("method", "normalization", "vikor_v")
RETAINED_PREFIXES = ("filter_",)


def retain(session: MutableMapping[str, object], criteria_ids: Sequence[str]) -> None:
    """Write every kept widget's value (`RETAINED`, `WIDGETS`, `PREFIXED`, the criteria's `dynamic_widgets`, the
    filters) back into `session` (st.session_state), Streamlit's documented way to keep a widget's value across
    reruns that do not draw it. Call before any of those widgets is drawn."""
    keys = {*RETAINED, *WIDGETS, *dynamic_widgets(criteria_ids)}
    prefixes = (*RETAINED_PREFIXES, *PREFIXED)
    for key in [k for k in session if isinstance(k, str) and (k in keys or k.startswith(prefixes))]:
        session[key] = session[key]


def dynamic_widgets(criteria_ids: Sequence[str]) -> dict[str, str]:
    """Widgets whose keys depend on the criteria: 100 points, ranking and pairwise judgements."""
    out = {f"pts_{c}": "int" for c in criteria_ids}
    out.update({f"rank_{c}": "int" for c in criteria_ids})
    n = len(criteria_ids)
    out.update({f"ahp_{i}_{j}": "int" for i in range(n) for j in range(i + 1, n)})
    out.update({f"ahp_{i}_{j}_partial": "int" for i in range(n) for j in range(i + 1, n)})  # answering only some pairs
    return out


def _text(value: object, kind: str) -> str:
    if kind == "list":
        return "|".join(str(v) for v in value)  # type: ignore[union-attr]
    if kind == "bool":
        return "1" if value else "0"
    if kind == "float":
        return format_weight(float(value))  # type: ignore[arg-type]
    return str(value)


def _value(text: str, kind: str) -> object:
    if kind == "list":
        return [v for v in text.split("|") if v]
    if kind == "bool":
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"
    if kind == "int":  # read as the CLI reads a whole number (FlagNumber): '1e3' and '2.0' are whole; not '３', '1_0', '2.5'
        try:
            return WHOLE(text)
        except argparse.ArgumentTypeError:
            raise ValueError(text) from None
    if kind == "float":
        f = parse_number(text)
        if f is None or not math.isfinite(f):
            raise ValueError(text)
        return f
    return text


def _prefixed(key: str) -> str | None:
    """The kind of a widget named by `PREFIXED`, else None."""
    return next((kind for prefix, kind in PREFIXED.items() if key.startswith(prefix)), None)


def encode_widgets(session: Mapping[str, object], criteria_ids: Sequence[str]) -> dict[str, str]:
    """Query parameters for every kept widget present in `session` (st.session_state), plus session score adjustments."""
    kinds = {**WIDGETS, **dynamic_widgets(criteria_ids)}
    params = {k: _text(session[k], kind) for k, kind in kinds.items() if k in session and session[k] is not None}
    for key in [k for k in session if isinstance(k, str) and k.startswith(tuple(PREFIXED))]:
        if session[key] is not None:
            params[key] = _text(session[key], _prefixed(key))
    adjustments = session.get("adjustments") or {}
    if adjustments:
        params["adj"] = "|".join(f"{o}:{c}:{format_weight(v)}" for (o, c), v in adjustments.items())  # type: ignore[union-attr]
    return params


@dataclass(frozen=True)
class Limits:
    """What the data allows a widget kept in the address to hold, so a value the widget would refuse (or clip) is
    left out with a word instead (`decode_widgets`). `ranges`: widget key -> (lowest, highest), both included (the
    widgets' own bounds: `widget_ranges`); `scales`: criterion id -> (scale min, scale max) for score adjustments
    (`adj_value_<option>_<criterion>` and `adj`); `option_ids`: the options an adjustment may name; `choices`: every
    text widget's key ("str" and "list" in `WIDGETS`) -> a function giving (what a value must be, in words: 'a
    criterion of the data in use', 'one of png, svg'; the values the widget offers), called only for a key the
    address holds (`ui.sidebar.text_choices`)."""

    ranges: Mapping[str, tuple[float, float]]
    scales: Mapping[str, tuple[float, float]]
    option_ids: frozenset[str]
    choices: Mapping[str, Callable[[], tuple[str, Collection[str]]]] = field(default_factory=dict)


def widget_ranges(n_options: int, criteria_ids: Sequence[str], samples_max: int) -> dict[str, tuple[float, float]]:
    """Every numeric widget's (lowest, highest) as the widget draws it, for `n_options` options and these criteria;
    `samples_max`: the Uncertainty view's Samples bound for these options (`ui.views.uncertainty.samples_cap`).
    Keep in step with the widgets: sidebar (VIKOR v), elicitation (points, ranking, pairwise), Sensitivity, Uncertainty
    and Scenarios (tests/dashboard/test_address_numbers.py opens the page with each bound and one step past it)."""
    options, n = max(n_options, 2), max(len(criteria_ids), 1)
    out: dict[str, tuple[float, float]] = {
        "vikor_v": (0.0, 1.0), "analysis_concentration": (1.0, 200.0),
        "analysis_samples": (100, max(samples_max, 100)), "analysis_seed": (0, 2**31 - 1),
        "analysis_sweep_count": (2, min(10, options)), "analysis_heat_count": (2, options),
        "analysis_scen_count": (2, options)}
    for key in dynamic_widgets(criteria_ids):  # points 0-100, positions 1-n, a pairwise answer's index (9: skip)
        out[key] = ((0, 100) if key.startswith("pts_") else (1, n) if key.startswith("rank_")
                    else (0, 9) if key.endswith("_partial") else (0, 8))
    return out


def _range_words(lo: float, hi: float, kind: str) -> str:
    whole = "a whole number" if kind == "int" else "a number"
    return f"{whole} from {number_words(lo)} to {number_words(hi)}"


def _adjusted_criterion(key: str, scales: Mapping[str, tuple[float, float]]) -> str | None:
    """The criterion of an `adj_value_<option>_<criterion>` key (the longest criterion id it ends with), else None."""
    ends = [c for c in scales if key.endswith("_" + c)]
    return max(ends, key=len) if ends else None


def decode_widgets(params: Mapping[str, str], criteria_ids: Sequence[str], limits: Limits | None = None,
                   ignored: list[str] | None = None) -> dict[str, object]:
    """Widget values (and `adjustments`) read back from the address; what is malformed, or outside what the widget
    takes (`limits`, when given: ranges, score scales, option ids), is left out and said in words in `ignored`
    (one entry per part, as `decode` says its weights)."""
    kinds = {**WIDGETS, **dynamic_widgets(criteria_ids)}
    notes = ignored if ignored is not None else []
    ranges = limits.ranges if limits else {}
    out: dict[str, object] = {}
    for key, text in params.items():
        kind = kinds.get(key) or _prefixed(key)
        if kind is None:
            continue
        try:
            value = _value(str(text), kind)
        except ValueError:
            notes.append(f"{key} {said(text)}: " + ("'1' or '0'" if kind == "bool" else
                                                "a whole number" if kind == "int" else "a number") + " is expected")
            continue
        bounds = ranges.get(key)
        if limits and key.startswith("adj_value_"):
            cid = _adjusted_criterion(key, limits.scales)
            bounds = limits.scales.get(cid) if cid else None
        if bounds is not None and not bounds[0] <= value <= bounds[1]:  # type: ignore[operator]
            notes.append(f"{key} {said(text)}: {_range_words(bounds[0], bounds[1], kind)}")
            continue
        if limits and kind in ("str", "list") and key in limits.choices:
            what, offered = limits.choices[key]()
            allowed = set(offered)
            unknown = [v for v in (value if kind == "list" else [value]) if v not in allowed]  # type: ignore[union-attr]
            if unknown:  # a list keeps none of it: its default stands, as for any other part left out
                notes.append(f"{key} {said(text)}: " + (f"{said(unknown[0])} is not {what}" if kind == "list" else what))
                continue
        out[key] = value
    adjustments = {}
    for item in [i for i in str(params.get("adj", "")).split("|") if i.strip()]:
        parts = item.split(":")
        if len(parts) != 3 or parts[1] not in criteria_ids:
            notes.append(f"score adjustment {said(item)}: expected option:criterion:score with a criterion of the data in use")
            continue
        num = parse_number(parts[2])
        scale = limits.scales.get(parts[1]) if limits else None
        if num is None or not math.isfinite(num):
            notes.append(f"score adjustment {said(item)}: {said(parts[2])} is not a number")
        elif limits and parts[0] not in limits.option_ids:
            notes.append(f"score adjustment {said(item)}: {said(parts[0])} is not an option of the data in use")
        elif scale is not None and not scale[0] <= num <= scale[1]:
            notes.append(f"score adjustment {said(item)}: a score from {number_words(scale[0])} to {number_words(scale[1])}")
        else:
            adjustments[(parts[0], parts[1])] = num
    if adjustments:
        out["adjustments"] = adjustments
    return out
