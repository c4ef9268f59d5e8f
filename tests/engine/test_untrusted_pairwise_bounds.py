"""Issue 13, pairwise work: every analysis that pairs options has a stated bound, refused before any work with
the number of options, the bound and what to do instead (CLI exit 2).

- compare: ranks every option under each method and pairs the rankings (Kendall's tau); each step is O(n log n)
  now, so the bound (compare.MAX_COMPARE_OPTIONS, 200,000 options, 4-6 s) is on time.
- SMAA with drawn scores and PROMETHEE's Gaussian preference pairs options within every draw (n^2 per draw and
  criterion): bounded in total pairs (smaa.MAX_SMAA_GAUSSIAN_PAIRS), and its memory per batch is bounded like
  the other preference functions'.
- The options CSV reader was O(rows x file size) (the first line split off the whole text per row); it is
  linear again (bench/bench_untrusted.py, "options.csv reader"); here its result on a file of 30,000 rows.
"""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import scoring.compare as compare
from engine_support import cli, make_dataset
from scoring.errors import ScoringError
from scoring.loading import parse_options
from scoring.model import Preference
from scoring.smaa import MAX_SMAA_GAUSSIAN_PAIRS, check_gaussian_draws, smaa
from support import ROOT

CRITERIA = """criteria:
  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3, preference: {type: gaussian, s: 0.8}}
  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}
"""


def _options(n: int, ranged: bool = True) -> str:
    rng = np.random.default_rng(n)
    head = "id,title,impact,impact_low,impact_high,cost\n" if ranged else "id,title,impact,cost\n"
    rows = []
    for i, (a, c) in enumerate(zip(rng.integers(2, 5, n), rng.integers(1, 6, n))):
        rows.append(f"o{i},Option {i},{a},{a - 1},{a + 1},{c}\n" if ranged else f"o{i},Option {i},{a},{c}\n")
    return head + "".join(rows)


def test_untrusted_compare_above_its_bound_is_refused_naming_the_options_the_bound_and_what_to_do(capsys, monkeypatch):
    monkeypatch.setattr(compare, "MAX_COMPARE_OPTIONS", 40)
    monkeypatch.setattr(compare, "rank", lambda *a, **k: pytest.fail("ranked before refusing"))
    code, out = cli(capsys, ["compare"])
    assert code == 2
    shipped = sum(1 for line in (ROOT / "options.csv").read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    assert out.strip() == (
        f"error: {ROOT / 'options.csv'}: comparing the methods ranks every option under each of them and pairs the "
        f"rankings: at most 40 options (a few seconds), this file has {shipped}; rank with one method (weighted sum "
        "and TOPSIS take any number of options), or compare a smaller file (filter the options first)")


def test_untrusted_compare_bound_lets_the_shipped_data_and_a_table_of_thousands_through(capsys, tmp_path):
    assert compare.MAX_COMPARE_OPTIONS == 200_000
    (tmp_path / "c.yaml").write_text(CRITERIA.replace(", preference: {type: gaussian, s: 0.8}", ""))
    (tmp_path / "o.csv").write_text(_options(5_000, ranged=False))
    code, out = cli(capsys, ["compare", "--options", tmp_path / "o.csv", "--criteria", tmp_path / "c.yaml"])
    assert code == 0 and out.count("\n") > 30 and "Lowest agreement between two methods" in out
    assert cli(capsys, ["compare"])[0] == 0


def test_untrusted_smaa_gaussian_with_drawn_scores_is_refused_above_its_pair_bound_before_any_draw(capsys, tmp_path,
                                                                                                   monkeypatch):
    import scoring.smaa as smaa_module

    (tmp_path / "c.yaml").write_text(CRITERIA)
    (tmp_path / "o.csv").write_text(_options(400))
    monkeypatch.setattr(smaa_module, "sample_scores", lambda *a, **k: pytest.fail("drew scores before refusing"))
    code, out = cli(capsys, ["smaa", "--options", tmp_path / "o.csv", "--criteria", tmp_path / "c.yaml",
                             "--method", "promethee", "--score-mode", "uniform", "--ranks", "3"])
    assert code == 2
    assert out.strip() == (
        "error: --samples: with drawn scores the Gaussian preference (Impact) compares every pair of options in every "
        "draw: 400 x 400 options x 11,000 draws x 1 criterion = 1,760,000,000 pairs, above the 1,000,000,000 "
        "(about 10 s) one analysis may take; use at most 5,250 samples, the linear or v-shape preference (any number "
        "of options), or keep the scores as scored (--score-mode none)")


def test_untrusted_smaa_gaussian_pair_bound_is_exact_at_the_edge_and_ignores_fixed_scores():
    crit = load_criteria_text(CRITERIA)
    ranged, fixed = np.array([True, False]), np.array([False, False])
    n = 400  # 160,000 pairs per draw; 5,250 samples + 1,000 confidence draws = 1,000,000,000 pairs
    check_gaussian_draws(n, crit, ranged, 5_250, 1_000)
    with pytest.raises(ScoringError, match="use at most 5,250 samples"):
        check_gaussian_draws(n, crit, ranged, 5_251, 1_000)
    check_gaussian_draws(n, crit, fixed, 500_000, 1_000)  # no Gaussian criterion has a range: nothing is drawn there
    check_gaussian_draws(n, crit, np.array([False, True]), 500_000, 1_000)  # cost is 'usual': O(n log n) per draw
    with pytest.raises(ScoringError) as info:  # no sample count fits: no 'at most' offered
        check_gaussian_draws(40_000, crit, ranged, 100, 1_000)
    assert "at most" not in str(info.value) and "the linear or v-shape preference" in str(info.value)
    assert MAX_SMAA_GAUSSIAN_PAIRS == 1_000_000_000


def load_criteria_text(text: str):
    from scoring.loading import parse_criteria

    cs, problems = parse_criteria(text.encode(), "c.yaml")
    assert not problems
    return cs


def test_untrusted_smaa_gaussian_with_drawn_scores_keeps_memory_per_batch_bounded():
    """500 draws x 400 options: unblocked, one (draws, n, n) difference array is 640 MB; the batches keep the
    whole run under 96 MiB, as for the usual preference (O(n log n) per draw)."""
    rng = np.random.default_rng(3)
    n = 400
    x = rng.integers(2, 5, (n, 2)).astype(float)
    peaks = {}
    for kind in ("usual", "gaussian"):
        ds = make_dataset(x, [False, True], 1, 5, preferences=[Preference(type=kind, s=0.8), Preference()])
        ds = _with_ranges(ds, x)
        tracemalloc.start()
        result = smaa(ds, None, "promethee", samples=500, score_mode="uniform", ranks=3, confidence_samples=100)
        peaks[kind] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert result.acceptability.shape == (n, 3) and np.allclose(result.acceptability.sum(axis=0), 1.0)
    assert peaks["gaussian"] < 96, peaks


def _with_ranges(ds, x):
    frame = ds.options.copy()
    frame["c0_low"], frame["c0_high"] = x[:, 0] - 1, x[:, 0] + 1
    return type(ds)(options=frame, criteria=ds.criteria)


def test_untrusted_options_reader_reads_30000_rows_with_the_sep_hint_still_refused():
    crit = load_criteria_text(CRITERIA)
    text = _options(30_000)
    frame, problems = parse_options(text.encode(), crit, "o.csv")
    assert problems == [] and len(frame) == 30_000 and frame.attrs["lines"][-1] == 30_001
    frame, problems = parse_options(("sep=,\n" + text).encode(), crit, "o.csv")
    assert frame is None and [str(p) for p in problems] == [
        "o.csv, line 1: remove the first line 'sep=,' (Excel's separator hint); the header with the column names "
        "must be the first line"]


def test_untrusted_smaa_chart_rows_for_the_options_shown_only_equal_the_full_rows():
    """The Uncertainty view built all n x n (option, rank) rows and kept 15 options' (2,000 options with long titles:
    gigabytes); long(only) builds the shown ones, the same rows in the same order."""
    rng = np.random.default_rng(2)
    ds = make_dataset(rng.integers(1, 11, (40, 3)), [False, True, False], 1, 10)
    result = smaa(ds, None, "weighted-sum", samples=300)
    keep = ["o3", "o17", "o39"]
    full = result.long()
    assert len(full) == 40 * 40
    part = result.long(keep)
    assert part.reset_index(drop=True).equals(full[full["id"].isin(keep)].reset_index(drop=True))
    table = result.table()
    assert list(table.columns[:9]) == ["id", "title", "base_rank", "first", "expected_rank", "rank_low", "rank_high",
                                       "confidence", "fragile"]
    assert list(table.columns[9:]) == [f"rank_{r}" for r in range(1, 41)]
    assert np.allclose(table[[f"rank_{r}" for r in range(1, 41)]].sum(axis=1), 1.0)


def _count_ids(monkeypatch) -> list[int]:
    """Count reads of Dataset.ids (a property that builds the whole list: read once per option, it made loops O(n^2))."""
    from scoring.model import Dataset

    calls = [0]
    real = Dataset.ids.fget

    def counted(self):
        calls[0] += 1
        return real(self)

    monkeypatch.setattr(Dataset, "ids", property(counted))
    return calls


def test_untrusted_scenarios_with_many_tied_minimax_options_read_the_ids_once_not_per_option(capsys, tmp_path,
                                                                                           monkeypatch):
    """200 options tied for the minimax choice: the chosen ids were read by building the id list once per option
    (100,000 options of 1-5 scores: 4,034 lists, 2.4 s of 3.8 s)."""
    (tmp_path / "c.yaml").write_text(CRITERIA.replace(", preference: {type: gaussian, s: 0.8}", ""))
    (tmp_path / "o.csv").write_text("id,title,impact,cost\n" + "".join(f"o{i},Option {i},5,1\n" for i in range(200)))
    (tmp_path / "s.yaml").write_text("scenarios:\n  - {id: crisis, label: Crisis, narrative: Speed., weights: {impact: 2}}\n")
    calls = _count_ids(monkeypatch)
    code, out = cli(capsys, ["scenarios", "--options", tmp_path / "o.csv", "--criteria", tmp_path / "c.yaml",
                             "--scenarios", tmp_path / "s.yaml", "--format", "json"])
    assert code == 0 and out.count('"o199"') >= 1
    assert calls[0] < 40, calls[0]


def test_untrusted_weighted_product_zero_notes_read_the_ids_once_not_per_note(capsys, tmp_path, monkeypatch):
    (tmp_path / "c.yaml").write_text(CRITERIA.replace(", preference: {type: gaussian, s: 0.8}", ""))
    (tmp_path / "o.csv").write_text(_options(300, ranged=False))
    calls = _count_ids(monkeypatch)
    code, out = cli(capsys, ["rank", "--options", tmp_path / "o.csv", "--criteria", tmp_path / "c.yaml",
                             "--method", "weighted-product", "--normalization", "minmax"])
    assert code == 0 and out.count("warning: weighted product: option") > 40
    assert calls[0] < 40, calls[0]
