"""The view in the URL: weights, method, normalization, profile, view and filters as query parameters.

Plain functions over mappings so they are testable; the dashboard passes st.query_params in and out.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

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
    out: dict = {"weights": {}, "filters": {}}
    for item in str(params.get("w", "")).split(","):
        key, _, value = item.partition(":")
        try:
            num = float(value)
        except ValueError:
            continue
        if key in criteria_ids and math.isfinite(num) and 0 <= num <= max_weight:
            out["weights"][key] = num
    for key in ("method", "norm", "profile", "view"):
        if key in params:
            out[key] = str(params[key])
    for name in FILTERS:
        if params.get(name):
            out["filters"][name] = [v for v in str(params[name]).split("|") if v]
    return out
