"""scenarios.yaml: loading with located errors, applying shifts, regret and the minimax-regret choice."""
from __future__ import annotations

import re
import textwrap

import numpy as np
import pytest
from analysis_support import TWO_FUTURES, shipped_available, synthetic_dataset
from conftest import CRITERIA_MINI
from support import briefs_dir, require

from scoring import ScoringError, load_dataset
from scoring.scenarios import DEFAULT_SCENARIOS, analyse_scenarios, load_scenarios, parse_scenarios, regret_table


def _write(tmp_path, text: str):
    p = tmp_path / "scen.yaml"
    p.write_text(textwrap.dedent(text))
    return p


GOOD = TWO_FUTURES


# ---------------------------------------------------------------- regret by hand

def test_regret_table_by_hand():
    # best per scenario: .6 and .7 -> regrets [[0, .5], [.1, .2], [.5, 0]]; worst: .5, .2, .5 -> option 1
    scores = np.array([[0.6, 0.2], [0.5, 0.5], [0.1, 0.7]])
    regret, choice = regret_table(scores, True)
    np.testing.assert_allclose(regret, [[0, 0.5], [0.1, 0.2], [0.5, 0]])
    assert list(choice) == [1]
    # lower is better (VIKOR): best is the minimum; regret = score - min, still >= 0
    regret, choice = regret_table(scores, False)
    np.testing.assert_allclose(regret, [[0.5, 0], [0.4, 0.3], [0, 0.5]])
    assert list(choice) == [1]


def test_minimax_regret_on_the_fixture_by_hand(mini_dataset, tmp_path):
    # impact-only: normalized impact a 1, b .5, c .75, d .25 -> regrets 0, .5, .25, .75
    # cost-only (reversed): a .25, b 1, c .5, d .75 -> regrets .75, 0, .5, .25
    # worst regrets: a .75, b .5, c .5, d .75 -> b and c tie for the minimax-regret choice
    sset = load_scenarios(mini_dataset, _write(tmp_path, GOOD))
    res = analyse_scenarios(mini_dataset, sset, None, "weighted-sum")
    reg = res.regret.set_index("id")
    np.testing.assert_allclose(reg.loc[["a", "b", "c", "d"], "impact-only"], [0, 0.5, 0.25, 0.75])
    np.testing.assert_allclose(reg.loc[["a", "b", "c", "d"], "cost-only"], [0.75, 0, 0.5, 0.25])
    np.testing.assert_allclose(reg.loc[["a", "b", "c", "d"], "max_regret"], [0.75, 0.5, 0.5, 0.75])
    assert res.minimax == ("b", "c")
    assert list(reg.index[reg["minimax"]]) == ["b", "c"]
    ranks = res.ranks.set_index("id")
    assert ranks.loc["a", "impact-only"] == 1 and ranks.loc["b", "cost-only"] == 1
    assert ranks.loc["b", "baseline"] == 1  # .6875 beats a and c (.625) under the default weights
    w = res.weights.set_index("criterion")
    np.testing.assert_allclose(w["impact-only"], [1, 0, 0])


def test_vikor_regret_is_oriented_so_it_is_never_negative(mini_dataset, tmp_path):
    res = analyse_scenarios(mini_dataset, load_scenarios(mini_dataset, _write(tmp_path, GOOD)), None, "vikor")
    assert not res.higher_is_better
    vals = res.regret[["impact-only", "cost-only"]].to_numpy()
    assert (vals >= 0).all() and (vals.min(axis=0) == 0).all()


# ---------------------------------------------------------------- applying a scenario

def test_adjustments_add_up_and_clip_to_the_scale(mini_dataset, tmp_path):
    path = _write(tmp_path, """\
        scenarios:
          - id: s
            label: S
            narrative: N
            adjustments:
              - {theme: trade, criterion: cost, delta: -1, reason: r, locator: l}
              - {option: a, criterion: impact, delta: 2, reason: r, locator: l}
              - {option: c, criterion: impact, delta: -1, reason: r, locator: l}
              - {option: c, criterion: impact, delta: -1, reason: r, locator: l}
              - {criterion: speed, delta: 1, reason: everyone, locator: l}
        """)
    sc = load_scenarios(mini_dataset, path)["s"]
    adj = sc.apply_scores(mini_dataset)
    m = adj.options.set_index("id")
    # trade options b (cost 1) and d (cost 2) -> 1 and 1 (clipped at the scale minimum)
    assert m.loc["b", "cost"] == 1 and m.loc["d", "cost"] == 1 and m.loc["a", "cost"] == 4
    assert m.loc["a", "impact"] == 5  # 5 + 2 clipped at 5
    assert m.loc["c", "impact"] == 2  # 4 - 1 - 1: shifts on one cell add up
    assert list(m["speed"]) == [3, 5, 4, 3]  # every option +1, b clipped at 5
    # the range moves with the score: c's impact range [3, 5] -> [1, 3]
    assert m.loc["c", "impact_low"] == 1 and m.loc["c", "impact_high"] == 3
    assert mini_dataset.options.set_index("id").loc["c", "impact"] == 4  # the original is untouched


def test_scenario_leaving_no_weight_is_refused(mini_dataset, tmp_path):
    path = _write(tmp_path, """\
        scenarios:
          - {id: z, label: Z, narrative: N, weights: {impact: 0, cost: 0, speed: 0}}
        """)
    with pytest.raises(ScoringError, match="scenario 'z' leaves every criterion with zero weight"):
        analyse_scenarios(mini_dataset, load_scenarios(mini_dataset, path))


def test_selecting_an_unknown_scenario(mini_dataset, tmp_path):
    sset = load_scenarios(mini_dataset, _write(tmp_path, GOOD))
    assert sset.select(["cost-only"]).ids == ["cost-only"]
    with pytest.raises(ScoringError, match="unknown scenario 'nope' \\(known: impact-only, cost-only\\)"):
        sset.select(["cost-only", "nope"])


# ---------------------------------------------------------------- located errors

BAD = [
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustments:
      - {option: zz, criterion: impact, delta: 1, reason: r, locator: l}
""", 6, "unknown option 'zz'", "scenarios[0].adjustments[0].option"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustments:
      - criterion: impact
        theme: space
        delta: 1
        reason: r
        locator: l
""", 7, "unknown theme 'space'", "scenarios[0].adjustments[0].theme"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    weights:
      impact: 2
      speeed: 1
""", 7, "unknown criterion 'speeed'", "scenarios[0].weights.speeed"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    weights: {impact: -1}
""", 5, "multiplier of 'impact' must be a non-negative number", "scenarios[0].weights.impact"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
  - id: s
    label: T
    narrative: N
""", 5, "duplicate scenario id 's' (first at line 2)", "scenarios[1].id"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustments:
      - criterion: impact
        delta: 1
        locator: here
""", 6, "every adjustment needs a non-empty reason", "scenarios[0].adjustments[0].reason"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustment: []
""", 5, "unknown key 'adjustment'", "scenarios[0].adjustment"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustments:
      - {option: a, theme: trade, criterion: cost, delta: 1, reason: r, locator: l}
""", 6, "either an option or a theme, not both", "scenarios[0].adjustments[0]"),
    ("""\
scenarios:
  - id: s
    label: S
    narrative: N
    adjustments:
      - {criterion: colour, delta: 1, reason: r, locator: l}
      - {criterion: cost, delta: zero, reason: r, locator: l}
""", 6, "unknown criterion 'colour'", "scenarios[0].adjustments[0].criterion"),
    ("""\
scenarios:
  - id: s
    label: [oops
""", 4, "malformed YAML at column", None),
]


@pytest.mark.parametrize("text,line,message,key", BAD)
def test_loader_errors_name_file_line_and_key(mini_dataset, tmp_path, text, line, message, key):
    path = tmp_path / "scen.yaml"
    path.write_text(text)
    with pytest.raises(ScoringError) as info:
        load_scenarios(mini_dataset, path)
    problem = next(p for p in info.value.problems if message in p.message)
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.column == key
    text_out = str(info.value)
    assert str(path) in text_out and f"line {line}" in text_out


def test_every_problem_is_reported_at_once(mini_dataset):
    text = BAD[8][0].encode()
    _, problems = parse_scenarios(text, mini_dataset, "x.yaml")
    assert {p.line for p in problems} == {6, 7}
    assert any("non-zero number as delta" in p.message for p in problems)


def test_missing_file_and_no_theme_column(tmp_path, mini_dataset):
    with pytest.raises(ScoringError, match="scenarios file not found"):
        load_scenarios(mini_dataset, tmp_path / "nope.yaml")
    (tmp_path / "o.csv").write_text("id,title,impact,cost,speed\na,A,1,1,1\n")
    (tmp_path / "c.yaml").write_text(CRITERIA_MINI)
    ds = load_dataset(tmp_path / "o.csv", tmp_path / "c.yaml")
    path = _write(tmp_path, """\
        scenarios:
          - id: s
            label: S
            narrative: N
            adjustments: [{theme: trade, criterion: cost, delta: 1, reason: r, locator: l}]
        """)
    with pytest.raises(ScoringError, match="no theme column"):
        load_scenarios(ds, path)


# ---------------------------------------------------------------- the shipped scenarios.yaml

def _shipped_or_synthetic(tmp_path):
    if shipped_available():
        return load_dataset()
    return synthetic_dataset(tmp_path, n=36)


def test_shipped_scenarios_are_complete_and_grounded(tmp_path):
    ds = _shipped_or_synthetic(tmp_path)
    sset = load_scenarios(ds)
    assert 4 <= len(sset) <= 6
    for sc in sset.scenarios:
        assert sc.label and len(sc.narrative) > 40
        assert sc.adjustments, sc.id
        for a in sc.adjustments:
            assert a.reason and a.locator and a.quote, (sc.id, a)
            assert a.locator.startswith(("Stimson 2022, ", "Tong 2020, "))
    res = analyse_scenarios(ds, sset)
    assert set(res.ranks.columns) >= {"baseline", *sset.ids}
    assert len(res.minimax) >= 1


def _normal(text: str, join: str) -> str:
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return " ".join(re.sub(r"-\s*\n\s*", join, text).split())


def test_shipped_quotes_are_in_the_texts(tmp_path):
    texts = {f.name: (_normal(f.read_text(), ""), _normal(f.read_text(), "-")) for f in briefs_dir().glob("*.txt")}
    sset = load_scenarios(_shipped_or_synthetic(tmp_path))
    for sc in sset.scenarios:
        for a in sc.adjustments:
            prefix = "tong-2020" if a.locator.startswith("Tong") else "stimson-2022"
            quote = _normal(a.quote, "")
            assert any(name.startswith(prefix) and (quote in flat or quote in hyph) for name, (flat, hyph) in texts.items()), \
                (sc.id, a.quote)


def test_shipped_scenarios_against_the_shipped_data():
    require(shipped_available(), "options.csv is not in the repository yet")
    ds = load_dataset()
    sset = load_scenarios(ds, DEFAULT_SCENARIOS)
    for method in ("weighted-sum", "topsis", "vikor"):
        res = analyse_scenarios(ds, sset, None, method)
        reg = res.regret.set_index("id")
        for sid in sset.ids:  # the best option in each scenario has zero regret
            assert reg[sid].min() == 0.0
        worst = reg["max_regret"]
        assert set(res.minimax) == set(worst.index[worst == worst.min()])


def test_lenient_loading_ignores_options_missing_from_a_subset(mini_dataset, tmp_path):
    path = _write(tmp_path, """\
        scenarios:
          - id: s
            label: S
            narrative: N
            adjustments:
              - {option: a, criterion: impact, delta: -1, reason: r, locator: l}
              - {option: gone, criterion: impact, delta: 1, reason: r, locator: l}
              - {theme: health, criterion: speed, delta: 1, reason: a vocabulary theme, locator: l}
        """)
    with pytest.raises(ScoringError, match="unknown option 'gone'"):
        load_scenarios(mini_dataset, path)
    sset = load_scenarios(mini_dataset, path, strict=False)
    assert [p.line for p in sset.ignored] == [7]
    shifted = sset["s"].apply_scores(mini_dataset).options.set_index("id")
    assert shifted.loc["a", "impact"] == 4 and shifted.loc["c", "speed"] == 4  # c is the health option
    subset = mini_dataset.subset(np.array(mini_dataset.ids) != "c")  # no health option left: still valid
    assert load_scenarios(subset, path, strict=False)["s"].apply_scores(subset).options["speed"].tolist() == [2, 4, 2]
