"""Benchmark `scoring validate --sources` on the shipped data (a script, not a test).

    python bench/bench_provenance.py [--runs N] [--sources DIR]

Prints, as percentiles over N runs in one process: opening the two briefs (building the match
key, the heading index) and checking every quote of the shipped evidence and scenarios against
them, and, as the reference, loading the three data files (`load_dataset`). Target (issue 15):
checking ~500 rows takes under 1 s, i.e. of the same order as loading the data, not a multiple of
it. Timings are measured on one machine in one process, not assertions.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import load_dataset  # noqa: E402
from scoring.audit import check_sources  # noqa: E402
from scoring.provenance import SourceLibrary  # noqa: E402
from scoring.scenarios import load_scenarios  # noqa: E402


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sources", default=os.environ.get("SCORING_BRIEFS") or str(ROOT.parent / "shared" / "briefs"))
    args = ap.parse_args()
    if not Path(args.sources).is_dir():
        sys.exit(f"the source texts are not at {args.sources}: give --sources DIR or set SCORING_BRIEFS")
    ds = load_dataset()
    sc = load_scenarios(ds)
    quotes = int((ds.evidence["quote"] != "").sum()) + sum(1 for s in sc.scenarios for a in s.adjustments if a.quote)
    rows = {"load_dataset (reference)": [], "open sources": [], "check quotes": [], "open + check (cold)": []}
    for _ in range(args.runs):
        rows["load_dataset (reference)"].append(timed(load_dataset))
        lib = SourceLibrary(args.sources)
        rows["open sources"].append(timed(lambda: [lib.get(s).prepare() for s in set(ds.options["source"])]))
        rows["check quotes"].append(timed(lambda: check_sources(ds, args.sources, sc, lib)))
        rows["open + check (cold)"].append(timed(lambda: check_sources(ds, args.sources, sc, SourceLibrary(args.sources))))
    problems = check_sources(ds, args.sources, sc)
    print(f"{len(ds.evidence)} evidence rows, {quotes} quotes, {len(problems)} problems; {args.runs} runs")
    ref = float(np.median(rows["load_dataset (reference)"]))
    print(f"{'step':28} {'p50 ms':>8} {'p90 ms':>8} {'x load':>7}")
    for name, ts in rows.items():
        p50, p90 = np.percentile(ts, [50, 90]) * 1000
        print(f"{name:28} {p50:8.1f} {p90:8.1f} {p50 / 1000 / ref:7.2f}")


if __name__ == "__main__":
    main()
