"""Issue 13 in the dashboard: a table with more options than the dashboard draws is refused before it is parsed,
and the Methods view states its bound on options instead of ranking under every method."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from support import ROOT

TWO_CRITERIA = (b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 1}\n"
                b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")


def _rows(n: int) -> bytes:
    return b"id,title,impact,cost\n" + b"".join(b"o%d,Option %d,%d,%d\n" % (i, i, i % 5 + 1, i % 3 + 1) for i in range(n))


def _upload(options: bytes, view: str = "Rank") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["view"] = view
    at.session_state["uploads"] = {"options": options, "options_name": "mine.csv", "criteria": TWO_CRITERIA,
                                   "criteria_name": "mine.yaml"}
    return at.run()


def test_untrusted_upload_with_more_options_than_the_dashboard_draws_is_refused_before_parsing(monkeypatch):
    import ui.data

    assert ui.data.MAX_UPLOAD_OPTIONS == 20_000
    real = ui.data.check_dataset

    def parse(*args, **kwargs):
        assert kwargs.get("options_name") != "mine.csv", "the upload was parsed before its rows were counted"
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.data, "check_dataset", parse)
    at = _upload(_rows(20_001))
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("Your files could not be used (1 problem)")
    assert at.code[0].value == (
        "mine.csv, line 1: the file has 20,001 lines below its header; the dashboard takes at most 20,000 options "
        "(each view draws every option, on a server others share); rank larger tables on the command line "
        "(`scoring rank --options ...`, which takes any number of options), or upload a smaller file")
    assert len(at.dataframe[0].value) > 0  # the shipped ranking is shown meanwhile


def test_untrusted_upload_at_the_options_bound_is_used():
    from ui.data import too_many_rows

    assert too_many_rows(_rows(20_000), "mine.csv") is None
    assert too_many_rows(_rows(20_000).rstrip(b"\n"), "mine.csv") is None  # no line end after the last row
    assert too_many_rows(_rows(20_001).rstrip(b"\n"), "mine.csv") is not None
    at = _upload(_rows(3_000))
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Using your data: 3000 options, 2 criteria."


def test_untrusted_methods_view_says_its_bound_on_options_instead_of_comparing(monkeypatch):
    import scoring.compare

    monkeypatch.setattr(scoring.compare, "MAX_COMPARE_OPTIONS", 5)
    at = _upload(_rows(6), "Methods")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [i.value for i in at.info] == [
        "mine.csv\\: comparing the methods ranks every option under each of them and pairs the rankings\\: at most 5 "
        "options (a few seconds), this file has 6; rank with one method (weighted sum and TOPSIS take any number "
        "of options), or compare a smaller file (filter the options first)"]
    assert not at.caption or "methods, the same weights" not in at.caption[0].value


def test_untrusted_uncertainty_view_offers_at_most_five_million_option_draws():
    """500,000 draws of 2,800 options were 40 minutes of one server core; the Samples field stops at
    5,000,000 // options (the shipped 62 options: 80,645), and a larger kept value is brought within it."""
    from ui.views.uncertainty import MAX_OPTION_DRAWS, samples_cap

    assert MAX_OPTION_DRAWS == 5_000_000 and samples_cap(62) == 80_645 and samples_cap(20_000) == 250
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["view"] = "Uncertainty"
    at.session_state["uploads"] = {"options": _rows(600), "options_name": "mine.csv", "criteria": TWO_CRITERIA,
                                   "criteria_name": "mine.yaml"}
    at.session_state["analysis_samples"] = 400_000
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    field = at.number_input(key="analysis_samples")
    assert (field.max, field.value) == (8_333, 8_333)
    assert "At most 8,333 for 600 options here" in field.help


def test_untrusted_uncertainty_view_on_more_options_than_its_table_holds_says_so_in_the_dashboards_words():
    """Above ~2,700 options the full rank table passes 256 MiB; the view pointed at a 'ranks setting' it does not have."""
    from ui.views.uncertainty import max_full_options

    limit = max_full_options(2)
    at = _upload(_rows(limit + 1), "Uncertainty")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [i.value for i in at.info] == [
        f"The Uncertainty view counts how often each option lands at every rank, a table of {limit + 1:,} x "
        f"{limit + 1:,} options that needs more memory than one analysis may take on this server (at most about "
        f"{limit:,} options). For larger tables, `scoring smaa --ranks K` on the command line gives each option's "
        "chance to be in the top K."]
    assert limit == 2_708


def test_untrusted_sensitivity_view_sweeps_an_upload_at_the_options_bound_with_fewer_points():
    """A sweep of 101 points x 20,000 options passes 256 MiB; the view draws it with 82 points instead of
    refusing with a 'points setting' it does not have."""
    from ui.views.analysis_common import sweep_points

    assert (sweep_points(62), sweep_points(20_000), sweep_points(10**7)) == (101, 82, 2)
    at = _upload(_rows(20_000), "Sensitivity")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(at.dataframe[0].value) == 2  # stability intervals, one row per criterion
