"""Dataset.memo: results that depend on the data and settings only are computed once per dataset."""
from __future__ import annotations

import numpy as np

from scoring import load_dataset, rank


def test_memo_computes_once_per_key_and_a_changed_dataset_starts_empty():
    data = load_dataset()
    calls: list[str] = []

    def equal_weights():
        calls.append("rank")
        return rank(data, np.ones(len(data.criteria)))

    first = data.memo(("equal-weights", "weighted-sum"), equal_weights)
    again = data.memo(("equal-weights", "weighted-sum"), equal_weights)
    assert again is first and calls == ["rank"]
    data.memo(("equal-weights", "topsis"), lambda: calls.append("other") or 0)
    assert calls == ["rank", "other"]

    oid, cid = data.ids[0], data.criteria.ids[0]
    changed = data.with_score(oid, cid, 5.0 if data.matrix[0, 0] != 5.0 else 1.0)
    fresh = changed.memo(("equal-weights", "weighted-sum"), lambda: rank(changed, np.ones(len(changed.criteria))))
    assert fresh is not first
    row = lambda r: r.table.set_index("id").loc[oid, "score"]  # noqa: E731
    assert row(fresh) != row(first)  # the changed score, not the cached ranking of the old data
