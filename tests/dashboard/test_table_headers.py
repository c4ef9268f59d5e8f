"""Tables show what users read, not the data's ids: headers are labels, option ids are not a column, and each number
column is written in one format (issue 12, try6 10: the Scenarios regret table was headed 'strait-crisis', the
Uncertainty central-weights table 'time_to_effect', both had an id column, and 0.125 stood next to 0.1266)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from scoring import load_dataset
from scoring.scenarios import load_scenarios
from dashboard_support import app

VIEWS = ["Rank", "Trade-offs", "Sensitivity", "Uncertainty", "Scenarios", "Evidence"]
SCENARIOS = load_scenarios(load_dataset()).scenarios
# every closed section that holds a table, opened by the address (closed, it draws nothing: ui.show.lazy_expander)
OPENED = {key: "1" for key in ["rank_reference", "analysis_central", "analysis_scen_regret",
                               *(f"analysis_scen_open_{sc.id}" for sc in SCENARIOS)]}


def headers(frame) -> dict[str, str]:
    """Column -> the header the grid draws (its column_config label, else its name), visible columns only."""
    config = json.loads(frame.proto.columns)
    return {col: config.get(col, {}).get("label") or col for col in frame.value.columns
            if not config.get(col, {}).get("hidden")}


def raw_ids(frame, ids: set[str]) -> list[str]:
    """Headers of `frame` that are a data id (a criterion's, a scenario's), 'id', or a snake_case name."""
    return [h for h in headers(frame).values() if h in ids or h == "id" or ("_" in h and h == h.lower())]


def unformatted(frame) -> list[str]:
    """Columns of fractional numbers with no printf format: the grid writes each value with its own decimals."""
    config = json.loads(frame.proto.columns)
    out = []
    for col in headers(frame):
        values = frame.value[col]
        if pd.api.types.is_float_dtype(values) and not (values.dropna() % 1 == 0).all():
            if not (config.get(col, {}).get("type_config") or {}).get("format"):
                out.append(col)
    return out


@pytest.mark.parametrize("view", VIEWS)
def test_every_table_is_headed_by_labels_and_writes_each_number_column_in_one_format(view):
    data = load_dataset()
    ids = {c.id for c in data.criteria.criteria} | {sc.id for sc in SCENARIOS}
    at = app(view=view, **OPENED)
    assert not at.exception, at.exception
    problems = [(i, raw_ids(frame, ids), unformatted(frame)) for i, frame in enumerate(at.dataframe)]
    problems = [p for p in problems if p[1] or p[2]]
    assert not problems, f"{view}: (table, raw-id headers, numbers without a format): {problems}"


def test_regret_and_central_weight_tables_are_headed_by_scenario_and_criterion_labels():
    data = load_dataset()
    at = app(view="Scenarios", **OPENED)
    regret = [h for f in at.dataframe if "Max regret" in (h := headers(f)).values()][0]
    assert [regret[sc.id] for sc in SCENARIOS] == [sc.label for sc in SCENARIOS]
    frame = [f for f in at.dataframe if "Max regret" in headers(f).values()][0]
    assert set(frame.value["worst_scenario"]) <= {sc.label for sc in SCENARIOS}
    at = app(view="Uncertainty", **OPENED)
    frame = [f for f in at.dataframe if "Confidence" in headers(f).values()][0]
    central = headers(frame)
    assert [central[c.id] for c in data.criteria.criteria] == [c.label for c in data.criteria.criteria]
    config = json.loads(frame.proto.columns)
    assert {config[c.id]["type_config"]["format"] for c in data.criteria.criteria} == {"%.3f"}
    assert "id" not in frame.value.columns


def test_two_wrapped_key_columns_split_a_phones_width_so_rows_need_fewest_lines():
    """Issue 12 (try6 2): the Taiwan scenario's changes table gave the option titles and the criterion labels 126 px
    each on a phone, 6-line rows for the titles while the labels needed 2. ui.tables.split_px gives the titles more:
    5 lines, and neither column is narrower than its widest word (the grid would break it mid-word)."""
    from scoring.scenarios import analyse_scenarios
    from ui import tables
    from ui.views.scenarios import named_adjustments

    data = load_dataset()
    adj = analyse_scenarios(data, load_scenarios(data)).adjustments_table()
    mine = named_adjustments(data, adj[adj["scenario"] == "strait-crisis"])
    even = tables.fit_px(tables.label_px("Change", "+2"), room_px=tables.EXPANDER_PX, share=2)
    widths = tables.split_px(mine["target"], mine["criterion"], 2 * even)
    assert sum(widths.values()) == 2 * even
    lines = max(tables.lines_needed(mine["target"], widths["target"]), tables.lines_needed(mine["criterion"], widths["criterion"]))
    assert (max(tables.lines_needed(mine[c], even) for c in ("target", "criterion")), lines) == (6, 5)
    for col, width in widths.items():
        assert all(tables.text_px(w) <= width for t in mine[col] for w in str(t).split()), (col, width)


def test_the_session_adjustments_table_names_options_and_criteria_not_their_ids():
    """try6 10, the kind: the Evidence view's table of this session's score adjustments listed the option's and the
    criterion's ids ('intro-alliance-implementation-review', 'time_to_effect')."""
    data = load_dataset()
    oid, crit = data.ids[0], data.criteria.criteria[3]
    at = app(view="Evidence")
    at.session_state["adjustments"] = {(oid, crit.id): 1.0}
    at.run()
    assert not at.exception, at.exception
    frames = [f for f in at.dataframe if "score" in f.value.columns and "option" in f.value.columns]
    assert len(frames) == 1, [list(f.value.columns) for f in at.dataframe]
    frame = frames[0]
    assert headers(frame) == {"option": "Option", "criterion": "Criterion", "score": "Score"}
    assert list(frame.value["criterion"]) == [crit.label] and oid not in set(frame.value["option"])
    assert str(frame.value["option"].iloc[0]).startswith(data.titles[0][:20])
