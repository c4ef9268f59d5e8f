"""The sidebar's filter says how many options it leaves, after its controls (issue 12, small9 4): read below the
filter just changed, and counted with that change (the view of the same run ranks with the same filters)."""
from __future__ import annotations

from dashboard_support import app
from scoring import load_dataset

DATA = load_dataset()
N = len(DATA.ids)


def _count(theme: list[str], horizon: list[str] | None = None) -> int:
    mask = DATA.options["theme"].isin(theme) if theme else DATA.options["theme"].notna() | True
    if horizon:
        mask &= DATA.options["horizon"].isin(horizon)
    return int(mask.sum())


def _sidebar_texts(at) -> list[tuple[str, str]]:
    """(kind, label or text) of the sidebar's elements, in the order drawn."""
    return [(type(el).__name__, str(getattr(el, "label", None) or getattr(el, "value", ""))) for el in at.sidebar]


def test_the_options_shown_count_follows_the_filter_controls_and_the_change():
    at = app(side_filters="1")
    drawn = _sidebar_texts(at)
    last_control = max(i for i, (kind, _) in enumerate(drawn) if kind == "Multiselect")
    count_at = next(i for i, (kind, text) in enumerate(drawn) if kind == "Caption" and "options shown" in text)
    assert count_at > last_control, drawn  # under the controls, not above them
    assert drawn[count_at][1].startswith(f"{N} of {N} options shown"), drawn[count_at]

    theme = sorted(DATA.options["theme"].unique())[0]
    at.multiselect(key="filter_theme").set_value([theme]).run()
    caption = next(t for k, t in _sidebar_texts(at) if k == "Caption" and "options shown" in t)
    assert caption.startswith(f"{_count([theme])} of {N} options shown"), caption  # counted with this change
    horizon = sorted(DATA.options["horizon"].unique())[0]
    at.multiselect(key="filter_horizon").set_value([horizon]).run()  # the last control, edited last
    caption = next(t for k, t in _sidebar_texts(at) if k == "Caption" and "options shown" in t)
    assert caption.startswith(f"{_count([theme], [horizon])} of {N} options shown"), caption


def test_closed_filters_say_what_is_on_and_how_many_options_are_shown():
    theme = sorted(DATA.options["theme"].unique())[0]
    at = app(theme=theme)
    caption = next(t for k, t in _sidebar_texts(at) if k == "Caption" and "Filters on" in t)
    assert caption.startswith(f"Filters on: theme (1). {_count([theme])} of {N} options shown."), caption
