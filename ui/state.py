"""The view in the URL: weights, method, normalization, profile, view and filters as query parameters.

Plain functions over mappings so they are testable; the dashboard passes st.query_params in and out.
"""
from __future__ import annotations

import math
import re
from typing import Mapping, MutableMapping, Sequence

from scoring.numbers import parse_number

FILTERS = ("theme", "chapter", "horizon", "group")


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


def decode(params: Mapping[str, str], criteria_ids: Sequence[str], max_weight: float = math.inf) -> dict:
    """Read what is valid and ignore the rest: a shared link must never break the page.

    Weights: any finite non-negative number up to `max_weight` (the CLI takes any, so the default is no limit).
    """
    out: dict = {"weights": {}, "filters": {}, "ignored": []}  # ignored: what was left out, in words for the page
    for item in [i for i in str(params.get("w", "")).split(",") if i.strip()] if "w" in params else []:
        key, _, value = item.partition(":")
        num = parse_number(value)  # the one number parser: no '３', '1_0', 'nan', or 1e-400 read as 0
        if key not in criteria_ids:
            out["ignored"].append(f"weight '{item}': '{key}' is not a criterion of the data in use")
        elif num is None or not math.isfinite(num):
            out["ignored"].append(f"weight '{item}': '{value}' is not a number")
        elif not 0 <= num <= max_weight:
            out["ignored"].append(f"weight '{item}': a weight is a number from 0"
                                  + (f" to {max_weight:g}" if math.isfinite(max_weight) else ""))
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
    "rank_basis_share": "bool", "rank_contrib": "bool", "rank_reference": "bool",  # Rank
    "side_method": "bool", "side_filters": "bool",  # sidebar sections open
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
    if kind == "int":
        if not re.fullmatch(r"[+-]?[0-9]+", text.strip()):  # int() would take '３' and '1_0'
            raise ValueError(text)
        return int(text)
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


def decode_widgets(params: Mapping[str, str], criteria_ids: Sequence[str]) -> dict[str, object]:
    """Widget values (and `adjustments`) read back from the address; anything malformed is ignored."""
    kinds = {**WIDGETS, **dynamic_widgets(criteria_ids)}
    out: dict[str, object] = {}
    for key, text in params.items():
        kind = kinds.get(key) or _prefixed(key)
        if kind is None:
            continue
        try:
            out[key] = _value(str(text), kind)
        except ValueError:
            continue
    adjustments = {}
    for item in str(params.get("adj", "")).split("|"):
        parts = item.split(":")
        if len(parts) == 3 and parts[1] in criteria_ids:
            try:
                adjustments[(parts[0], parts[1])] = float(parts[2])
            except ValueError:
                continue
    if adjustments:
        out["adjustments"] = adjustments
    return out
