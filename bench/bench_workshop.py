"""Workshop benchmark: 50 participants submitting at once, and the facilitator view's refresh time.

    python bench/bench_workshop.py [--participants 50] [--rounds 5] [--refreshes 20]

Runs against a temporary SQLite file, and also against PostgreSQL when SCORING_TEST_POSTGRES_URL
(or SCORING_BENCH_POSTGRES_URL) is set. Absolute times depend on the machine, so each figure is
printed with a ratio against a reference measured in the same process:

- submissions at once vs. the same submissions one after another from a single thread;
- one refresh (load the latest answers + aggregate + rank + every diagnostic) vs. one plain
  `rank()` of the options under one weight vector (what the single-user dashboard does per change).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import load_dataset, rank  # noqa: E402
from scoring.group import analyse_room  # noqa: E402
from scoring.store import Store  # noqa: E402


def dataset():
    if (ROOT / "options.csv").exists():
        return load_dataset()
    sys.path.insert(0, str(ROOT / "tests" / "workshop"))
    from test_workshop_browser import OPTIONS_FALLBACK  # a stand-in until the shipped data exists

    path = Path(tempfile.mkdtemp()) / "options.csv"
    path.write_text(OPTIONS_FALLBACK)
    return load_dataset(path, ROOT / "criteria.yaml")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def submit_all(store: Store, tokens: list[str], payloads: list[dict[str, float]], concurrent: bool) -> tuple[float, list[float]]:
    """Every participant submits once; returns wall time and per-submission latencies (seconds)."""
    latencies = [0.0] * len(tokens)

    def one(i: int, barrier: threading.Barrier | None) -> None:
        if barrier is not None:
            barrier.wait()
        t0 = time.perf_counter()
        store.submit(tokens[i], payloads[i])
        latencies[i] = time.perf_counter() - t0

    start = time.perf_counter()
    if concurrent:
        barrier = threading.Barrier(len(tokens))
        threads = [threading.Thread(target=one, args=(i, barrier)) for i in range(len(tokens))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for i in range(len(tokens)):
            one(i, None)
    return time.perf_counter() - start, latencies


def run(label: str, url: str, participants: int, rounds: int, refreshes: int) -> None:
    data = dataset()
    ids = data.criteria.ids
    store = Store(url, max_submissions_per_minute=10_000, max_participants=max(participants, 200))
    ws = store.create_workshop(f"bench {label}", ids)
    code, key = ws.workshop.code, ws.key
    tokens = [store.join(code, f"p{i}").token for i in range(participants)]
    rng = np.random.default_rng(0)

    def payloads() -> list[dict[str, float]]:
        return [dict(zip(ids, map(float, w))) for w in rng.dirichlet(np.ones(len(ids)), size=participants)]

    submit_all(store, tokens, payloads(), concurrent=False)  # warm the pool and the caches
    seq_t, seq_l, con_t, con_l = [], [], [], []
    for _ in range(rounds):
        t, lat = submit_all(store, tokens, payloads(), concurrent=False)
        seq_t.append(t)
        seq_l += lat
        t, lat = submit_all(store, tokens, payloads(), concurrent=True)
        con_t.append(t)
        con_l += lat

    def refresh() -> None:
        latest = store.latest(code, key)
        analyse_room(data, latest[ids].to_numpy(float), latest["participant"].tolist(),
                     latest["vote_weight"].to_numpy(float), "weighted-sum", None, "arithmetic")

    refresh()
    times = []
    for _ in range(refreshes):
        t0 = time.perf_counter()
        refresh()
        times.append(time.perf_counter() - t0)
    w = data.criteria.default_weights
    ref = []
    for _ in range(refreshes):
        t0 = time.perf_counter()
        rank(data, w)
        ref.append(time.perf_counter() - t0)
    loads = []
    for _ in range(refreshes):
        t0 = time.perf_counter()
        store.latest(code, key)
        loads.append(time.perf_counter() - t0)
    store.delete_workshop(code, key)
    store.close()

    con, seq = statistics.median(con_t), statistics.median(seq_t)
    print(f"\n== {label}: {participants} participants, {len(data.ids)} options, {len(ids)} criteria, {rounds} rounds")
    print(f"all {participants} submitting at once : {1000 * con:8.1f} ms total (median of {rounds}); "
          f"latency median {1000 * statistics.median(con_l):.1f} ms, p95 {1000 * pct(con_l, 95):.1f} ms, "
          f"max {1000 * max(con_l):.1f} ms")
    print(f"reference, one after another    : {1000 * seq:8.1f} ms total; "
          f"latency median {1000 * statistics.median(seq_l):.1f} ms")
    print(f"ratio at once / one after another: {con / seq:6.2f}")
    r, base, load = statistics.median(times), statistics.median(ref), statistics.median(loads)
    print(f"facilitator refresh (load + aggregate + rank + diagnostics): {1000 * r:.1f} ms "
          f"(of which load {1000 * load:.1f} ms)")
    print(f"reference, one rank() call       : {1000 * base:.2f} ms")
    print(f"ratio refresh / rank()           : {r / base:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--refreshes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite (WAL)", f"sqlite:///{Path(tmp) / 'bench.db'}", args.participants, args.rounds, args.refreshes)
    pg = os.environ.get("SCORING_BENCH_POSTGRES_URL") or os.environ.get("SCORING_TEST_POSTGRES_URL")
    if pg:
        run("PostgreSQL", pg, args.participants, args.rounds, args.refreshes)
    else:
        print("\n(PostgreSQL skipped: set SCORING_TEST_POSTGRES_URL to include it)")


if __name__ == "__main__":
    main()
