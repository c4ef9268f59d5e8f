"""The room's criterion charts list the criteria in one order (try9 9): "How far apart the weights are" (Agreement
tab) sorted them alphabetically while "Group weights" sorted them by weight; both now put the largest group weight
first, and without a group the spread chart sorts by the participants' median weight."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ui import workshop_charts as charts

LABELS = ["Budget cost", "Strategic impact", "Acceptance", "Zeal"]  # alphabetical order differs from weight order
GROUP = np.array([0.30, 0.40, 0.05, 0.25])


def _long() -> pd.DataFrame:
    rows = [(p, lbl, w) for p, ws in (("Ann", [0.3, 0.5, 0.0, 0.2]), ("Bo", [0.3, 0.3, 0.1, 0.3]))
            for lbl, w in zip(LABELS, ws)]
    return pd.DataFrame(rows, columns=["participant", "label", "weight"])


def test_weight_spread_lists_criteria_in_the_group_weights_order():
    by_weight = charts.group_weights_chart(["c1", "c2", "c3", "c4"], LABELS, GROUP).to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert by_weight == ["Strategic impact", "Budget cost", "Zeal", "Acceptance"]
    spread = charts.weight_spread_chart(_long(), pd.DataFrame({"label": LABELS, "weight": GROUP})).to_dict()
    assert [layer["encoding"]["y"]["sort"] for layer in spread["layer"]] == [by_weight] * 3  # box, dots, group tick


def test_weight_spread_without_a_group_sorts_by_the_median_weight():
    spread = charts.weight_spread_chart(_long()).to_dict()
    # medians: Budget cost 0.3, Strategic impact 0.4, Acceptance 0.05, Zeal 0.25
    assert [layer["encoding"]["y"]["sort"] for layer in spread["layer"]] == [
        ["Strategic impact", "Budget cost", "Zeal", "Acceptance"]] * 2
