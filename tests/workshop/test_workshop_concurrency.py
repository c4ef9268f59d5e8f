"""50 participants submitting 20 times each, all at once, against one store (SQLite and PostgreSQL)."""
from __future__ import annotations

import sys
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workshop_support import BACKENDS, CRITERIA, backend_url  # noqa: E402

from scoring.group import aggregate_weights  # noqa: E402
from scoring.store import Store  # noqa: E402

PARTICIPANTS = 50
TIMES = 20


def payload(i: int, r: int) -> dict[str, float]:
    """A distinct weight vector for participant i's r-th submission (identifiable after the fact)."""
    return {"impact": float(i + 1), "cost": float(r + 1), "speed": 1.0}


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_submission_is_stored_once_and_the_latest_counts(backend, tmp_path):
    store = Store(backend_url(backend, tmp_path), max_submissions_per_minute=10_000)
    ws = store.create_workshop("Crowd", CRITERIA)
    code, key = ws.workshop.code, ws.key
    tokens = [store.join(code, f"p{i:02d}").token for i in range(PARTICIPANTS)]
    barrier = threading.Barrier(PARTICIPANTS)
    errors: list[BaseException] = []

    def participant(i: int) -> None:
        barrier.wait()  # everyone starts together
        try:
            for r in range(TIMES):
                store.submit(tokens[i], payload(i, r), raw={"i": i, "r": r})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors[:3]

    subs = store.submissions(code, key)
    assert len(subs) == PARTICIPANTS * TIMES
    assert subs["submission_id"].is_unique
    # each (participant, r) payload exactly once, in order: sequence r + 1 holds the r-th submission
    seen = Counter(subs["raw"])
    assert len(seen) == PARTICIPANTS * TIMES and set(seen.values()) == {1}
    for name, group in subs.groupby("participant"):
        i = int(str(name)[1:])
        assert sorted(group["sequence"]) == list(range(1, TIMES + 1))
        by_seq = group.set_index("sequence")
        for r in (0, TIMES // 2, TIMES - 1):
            expected = np.array(list(payload(i, r).values()))
            assert by_seq.loc[r + 1, CRITERIA].to_numpy(dtype=float) == pytest.approx(expected / expected.sum())
    assert subs["latest"].sum() == PARTICIPANTS

    latest = store.latest(code, key)
    assert len(latest) == PARTICIPANTS and (latest["sequence"] == TIMES).all()
    last = np.array([list(payload(i, TIMES - 1).values()) for i in range(PARTICIPANTS)])
    expected_group = (last / last.sum(axis=1, keepdims=True)).mean(axis=0)
    group = aggregate_weights(latest[CRITERIA].to_numpy(), "arithmetic", latest["vote_weight"].to_numpy())
    assert group == pytest.approx(expected_group)
    store.close()
