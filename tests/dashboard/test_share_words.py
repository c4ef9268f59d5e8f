"""Shares said in words read one number everywhere and never round a non-zero share to 0% (try4: the head to
head table said a flip at 5.5%, its sentence 'less than 5%'; Uncertainty said the top option 'comes first in
only 0% of the draws' for 0.43%)."""
from __future__ import annotations

import re

import numpy as np

from dashboard_support import app
from scoring import load_dataset
from scoring.compare import head_to_head
from scoring.smaa import smaa
from scoring.uncertain import DEFAULT_UNCERTAIN, widen
from ui.text import shown

PERCENT = re.compile(r"(?:under |over )?\d+(?:\.\d+)?%")


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", shown(markdown))


def test_share_never_rounds_a_non_zero_share_to_zero_or_a_short_one_to_a_hundred():
    from scoring.numbers import share

    assert [share(p) for p in (0, 1, 0.0043, 0.055, 0.0546, 5 / 9, 0.38, 0.9957, 0.5, -0.0)] == \
        ["0%", "100%", "0.43%", "5.5%", "5.5%", "55.6%", "38%", "99.57%", "50%", "0%"]
    assert share(1e-6) == "under 0.01%" and share(1 - 1e-6) == "over 99.99%"
    for p in np.concatenate([np.geomspace(1e-4, 0.5, 400), 1 - np.geomspace(1e-4, 0.5, 400)]):
        text = share(p)
        assert text not in ("0%", "100%"), (p, text)
        assert abs(float(text.rstrip("%")) - 100 * p) <= 0.05 * 100 * min(p, 1 - p) + 0.05, (p, text)  # close


def test_head_to_head_sentences_say_the_tables_flip_number_and_name_the_pair_once():
    dataset = load_dataset()
    at = app(view="Trade-offs")
    a, b = at.selectbox(key="h2h_a").value, at.selectbox(key="h2h_b").value
    titles = dict(zip(dataset.ids, dataset.titles))
    table = next(d.value for d in at.dataframe if "Flips at weight" in d.value)
    blocks = [_plain(m.value) for m in at.markdown if "stays ahead" in m.value]
    assert blocks, [m.value for m in at.markdown]
    block = blocks[0]
    # the pair is named once, above the sentences; the sentences say A and B
    assert block.count(titles[a]) == 1 and block.count(titles[b]) == 1, block
    lines = [line[2:] for line in block.splitlines() if line.startswith("- ")]
    assert len(lines) == len(dataset.criteria), lines
    checked = 0
    for label, flips in zip(table["Criterion"], table["Flips at weight"]):
        line = next(line for line in lines if label in line)
        assert titles[a] not in line and titles[b] not in line, line
        if flips == flips:  # a number (percent); empty (NaN): never
            said = PERCENT.findall(line)
            assert said and f"{flips:g}%" in said, (label, flips, line)
            checked += 1
    assert checked, "no criterion flips: the test checks nothing"
    # try4's screen: the budget criterion flips at 5.5% in the table and in the sentence
    h2h = head_to_head(dataset, None, a, b)
    row = h2h.table.set_index("label")
    budget = next(lab for lab in row.index if lab.startswith("Budget"))
    (flip,) = [float(x) for x in row.loc[budget, "flips"].split("; ")]
    assert table.set_index("Criterion").loc[budget, "Flips at weight"] == round(100 * flip, 1)
    assert f"{100 * flip:.1f}%" in next(line for line in lines if budget in line)


def test_uncertainty_says_the_top_options_share_of_draws_without_rounding_it_to_zero():
    dataset = load_dataset()
    at = app(view="Uncertainty")
    said = [_plain(x.value) for x in [*at.warning, *at.success] if "of the draws" in x.value]
    assert said, [x.value for x in [*at.warning, *at.success]]
    # what the view ran: the default form (10,000 draws, seed 0, uniform weights, silent scores uniform in range)
    wide = widen(dataset, DEFAULT_UNCERTAIN)
    result = smaa(wide, None, "weighted-sum", None, samples=10_000, seed=0, weights_mode="uniform", score_mode="uniform")
    top = [i for i, r in enumerate(result.base_rank) if r == 1]
    assert top
    for i in top:
        p = float(result.acceptability[i, 0])
        title = dataset.titles[dataset.ids.index(result.ids[i])]
        text = next(s for s in said if title in s)
        number = re.search(r"(\S+) of the draws", text).group(1)
        assert number != "0%" or p == 0, (p, text)
        assert abs(float(number.rstrip("%")) - 100 * p) < 0.01, (p, text)  # 0.0043 -> 0.43%
