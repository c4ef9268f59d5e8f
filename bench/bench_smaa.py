"""Benchmark SMAA-2: vectorized, chunked engine against a straightforward per-sample Python loop.

    python bench/bench_smaa.py [--quick]

Prints, for 20,000 samples on the shipped data (or a synthetic set of the same size when
options.csv is missing) and 100,000 samples on 500 options x 10 criteria:
  - wall time of scoring.smaa (best of a few runs), against the targets of 100 ms and 5 s;
  - the time of a plain loop (evaluate + rank_scores per sample) measured on a subset and scaled,
    and the ratio loop / vectorized;
  - peak memory traced by tracemalloc during one run (numpy reports its buffers to tracemalloc).
Timings are ratios within one process on one machine; they are not assertions.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import load_dataset  # noqa: E402
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, load_criteria  # noqa: E402
from scoring.model import CriteriaSet, Criterion  # noqa: E402
from scoring.ranking import evaluate, rank_scores  # noqa: E402
from scoring.smaa import smaa_arrays  # noqa: E402


def shipped_or_synthetic() -> tuple[np.ndarray, CriteriaSet, str]:
    if DEFAULT_OPTIONS.exists():
        ds = load_dataset()
        return ds.matrix, ds.criteria, f"shipped data ({len(ds.ids)} options x {len(ds.criteria)} criteria)"
    crit = load_criteria(DEFAULT_CRITERIA)
    rng = np.random.default_rng(0)
    x = rng.integers(1, 6, size=(60, len(crit))).astype(float)
    return x, crit, f"synthetic stand-in (60 options x {len(crit)} criteria; options.csv not found)"


def synthetic(n: int, m: int, seed: int = 1) -> tuple[np.ndarray, CriteriaSet]:
    crit = CriteriaSet(tuple(Criterion(f"c{j}", f"C{j}", "cost" if j % 4 == 3 else "benefit", 1.0, 5.0, 1.0)
                             for j in range(m)))
    return np.random.default_rng(seed).uniform(1, 5, size=(n, m)), crit


def loop_reference(x: np.ndarray, crit: CriteriaSet, samples: int, method: str, seed: int = 0) -> np.ndarray:
    """What one would write first: one Dirichlet draw, one evaluation and one ranking per sample."""
    rng = np.random.default_rng(seed)
    n, m = x.shape
    counts = np.zeros((n, n))
    for _ in range(samples):
        w = rng.dirichlet(np.ones(m))
        res = evaluate(x, crit, w, method)
        counts[np.arange(n), rank_scores(res.scores, res.higher_is_better) - 1] += 1
    return counts / samples


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak_memory(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def case(name: str, x: np.ndarray, crit: CriteriaSet, samples: int, loop_samples: int, target: float | None,
         method: str = "weighted-sum", repeats: int = 3) -> None:
    n, m = x.shape

    def run():
        return smaa_arrays(x, x, x, crit, None, method, samples=samples, seed=0)

    run()  # warm-up
    fast = best_of(run, repeats)
    slow = best_of(lambda: loop_reference(x, crit, loop_samples, method), 1) * samples / loop_samples
    mem = peak_memory(run)
    if target is None:
        note = "no target"
    else:
        note = f"target {target * 1000:,.0f} ms: " + ("ok" if fast <= target else "SLOWER THAN TARGET")
    print(f"{name}: {method}, {samples:,} samples, {n} x {m}")
    print(f"  vectorized   {fast * 1000:9.1f} ms   ({note})")
    print(f"  plain loop   {slow * 1000:9.1f} ms   (measured on {loop_samples:,} samples, scaled)")
    print(f"  speed-up     {slow / fast:9.1f} x")
    print(f"  peak memory  {mem:9.1f} MB   (tracemalloc, one run)")


def agreement(x: np.ndarray, crit: CriteriaSet, samples: int = 4000) -> float:
    """Largest difference between the two implementations' acceptabilities (different draws: sampling noise only)."""
    a = smaa_arrays(x, x, x, crit, None, "weighted-sum", samples=samples, seed=0).acceptability
    b = loop_reference(x, crit, samples, "weighted-sum", seed=0)
    return float(np.abs(a - b).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller loop subsets and fewer repeats")
    args = parser.parse_args()
    reps = 1 if args.quick else 3
    x, crit, label = shipped_or_synthetic()
    print(f"SMAA-2 benchmark; data: {label}\n")
    case("shipped-size", x, crit, 20_000, 1000 if args.quick else 4000, 0.100, repeats=reps)
    big, big_crit = synthetic(500, 10)
    print()
    case("500 x 10", big, big_crit, 100_000, 200 if args.quick else 1000, 5.0, repeats=reps)
    print()
    for method in ("topsis", "promethee", "vikor"):
        case("shipped-size", x, crit, 20_000, 500 if args.quick else 2000, None, method, repeats=1)
        print()
    if DEFAULT_OPTIONS.exists():
        ds = load_dataset()
        t = best_of(lambda: smaa_arrays(ds.matrix, ds.low, ds.high, ds.criteria, None, "weighted-sum", samples=20_000,
                                        seed=0, score_mode="triangular"), reps)
        print(f"shipped data with scores drawn from their ranges (triangular): 20,000 samples in {t * 1000:.0f} ms\n")
    print(f"largest |vectorized - loop| acceptability on the shipped-size data (4,000 draws each, "
          f"independent streams): {agreement(x, crit):.3f}")


if __name__ == "__main__":
    main()
