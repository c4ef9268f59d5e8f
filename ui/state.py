"""The view in the URL: weights, method, normalization, profile, view and filters as query parameters.

Plain functions over mappings so they are testable; the dashboard passes st.query_params in and out.
"""
from __future__ import annotations

from typing import Mapping, Sequence

FILTERS = ("theme", "chapter", "horizon", "group")


def encode(weights: Mapping[str, float], method: str, normalization: str | None, profile: str | None,
           view: str, filters: Mapping[str, Sequence[str]]) -> dict[str, str]:
    params = {"w": ",".join(f"{k}:{v:g}" for k, v in weights.items()), "method": method, "view": view}
    if normalization:
        params["norm"] = normalization
    if profile:
        params["profile"] = profile
    for name in FILTERS:
        chosen = filters.get(name) or []
        if chosen:
            params[name] = "|".join(chosen)
    return params


def decode(params: Mapping[str, str], criteria_ids: Sequence[str], max_weight: float) -> dict:
    """Read what is valid and ignore the rest: a shared link must never break the page."""
    out: dict = {"weights": {}, "filters": {}}
    for item in str(params.get("w", "")).split(","):
        key, _, value = item.partition(":")
        try:
            num = float(value)
        except ValueError:
            continue
        if key in criteria_ids and 0 <= num <= max_weight:
            out["weights"][key] = num
    for key in ("method", "norm", "profile", "view"):
        if key in params:
            out[key] = str(params[key])
    for name in FILTERS:
        if params.get(name):
            out["filters"][name] = [v for v in str(params[name]).split("|") if v]
    return out
