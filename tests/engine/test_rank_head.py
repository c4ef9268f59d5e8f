"""rank_head: the first rows of a ranking without building the whole table, identical to rank()'s."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scoring import load_dataset, rank
from scoring.methods import METHODS
from scoring.ranking import rank_head
from scoring.room import ranking_table


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("method", list(METHODS))
def test_rank_head_is_the_head_of_rank_for_every_method_and_weights(dataset, method):
    rng = np.random.default_rng(7)
    options = {"v": 0.3} if method == "vikor" else {}
    for weights in [np.ones(len(dataset.criteria)), *rng.dirichlet(np.ones(len(dataset.criteria)), 6),
                    np.eye(len(dataset.criteria))[2]]:  # one criterion only: many ties at the top
        full = rank(dataset, weights, method, **options).table[["rank", "id", "title", "score"]]
        for n in (1, 6, len(dataset.ids), len(dataset.ids) + 3):
            head = rank_head(dataset, weights, method, n=n, **options)
            expected = full.head(n).reset_index(drop=True)
            assert head["id"].tolist() == expected["id"].tolist()
            assert head["title"].tolist() == expected["title"].tolist()
            assert head["rank"].tolist() == expected["rank"].tolist()
            assert np.array_equal(head["score"].to_numpy(float), expected["score"].to_numpy(float))


def test_one_row_more_marks_a_tie_that_crosses_the_cut_as_the_full_ranking_does(dataset):
    weights = np.eye(len(dataset.criteria))[2]  # ranks by one criterion: ties of many options
    full = rank(dataset, weights).table
    ranks = full["rank"].to_numpy()
    cut = next(k for k in range(1, len(ranks)) if ranks[k - 1] == ranks[k])  # a tie spanning rows cut-1 and cut
    shown = ranking_table(rank_head(dataset, weights, n=cut + 1), cut, score=False)
    assert shown.equals(ranking_table(full, cut, score=False))
    assert shown["Tied"].iloc[-1] == "yes" and shown["Rank"].iloc[-1] == ranks[cut]


def test_rank_head_refuses_what_rank_refuses(dataset):
    from scoring.errors import ScoringError

    with pytest.raises(ScoringError, match="expected 9 weights"):
        rank_head(dataset, np.ones(3))
    assert isinstance(rank_head(dataset, n=0), pd.DataFrame) and len(rank_head(dataset, n=0)) == 0
