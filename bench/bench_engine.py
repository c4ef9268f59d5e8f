"""Benchmark the scoring engine against pymcdm on the same random matrices (a script, not a test).

    python bench/bench_engine.py [--quick]

For TOPSIS (vector normalization) and PROMETHEE II (usual and linear preference functions) it
prints, in one run: our time and pymcdm's time (best of a few runs), the speed-up ratio, the
largest difference between the two results (they must agree), and our peak memory traced by
tracemalloc (numpy reports its buffers to it). pymcdm's PROMETHEE II builds an N x N preference
matrix per criterion, so it runs at 2,000 x 10 instead of 10,000 x 20; ours runs at both.

Targets (issue 2): >= 10x faster than pymcdm on TOPSIS and PROMETHEE II; PROMETHEE II at 2,000
options in under 1 s without an N x N x M array (our peak memory is compared with the size such an
array would have). Timings are ratios measured in one process on one machine, not assertions.

Issue 14 variants, each at 1,000 x 10 and 10,000 x 20 (pymcdm's PROMETHEE at 2,000 x 10 instead of
10,000 x 20): PROMETHEE u-shape, v-shape, level (against pymcdm's ushape, vshape, level) and
PROMETHEE I flows (pymcdm PROMETHEE_I); the Gaussian (no pymcdm function: against the dense pairwise
definition, n x n per criterion); VIKOR with its compromise set (pymcdm VIKOR, Q only); TOPSIS with
the ideal from the scale (against our data-ideal TOPSIS: the price of absolute reference points);
entropy and CRITIC weights (pymcdm). The table's reference column names what each ratio is against.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.methods import promethee_flows, promethee_ii, topsis, topsis_scale, vikor  # noqa: E402
from scoring.model import Preference  # noqa: E402
from scoring.weights import critic_weights, entropy_weights  # noqa: E402

try:
    import pymcdm
    from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR
    from pymcdm.methods.partial import PROMETHEE_I
    from pymcdm.normalizations import vector_normalization
except ImportError:  # pragma: no cover - the bench extra is missing
    sys.exit("pymcdm is not installed: pip install -e '.[bench]'")

MB = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    x: np.ndarray
    w: np.ndarray
    cost: np.ndarray

    @property
    def types(self) -> np.ndarray:  # pymcdm's encoding: 1 benefit, -1 cost
        return np.where(self.cost, -1, 1)

    @property
    def shape(self) -> str:
        n, m = self.x.shape
        return f"{n:,} x {m}"


def problem(n: int, m: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 1.0, m)
    return Problem(rng.uniform(1, 5, (n, m)).round(2), w / w.sum(), rng.random(m) < 0.3)


def best_of(fn: Callable[[], np.ndarray], repeats: int) -> tuple[float, np.ndarray]:
    best, out = np.inf, None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / MB


def linear_prefs(m: int) -> list[Preference]:
    return [Preference("linear", 0.25, 1.5)] * m


ROW = "{:<22} {:>12} {:>11} {:>12} {:>9} {:>10} {:>11} {:>10}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    reps_ours, reps_ref = (3, 1) if args.quick else (7, 3)

    print(ROW.format("method", "size", "ours (ms)", "pymcdm (ms)", "speed-up", "max |diff|", "ours peak", "NxNxM f64"))
    print("-" * 104)
    checks: list[tuple[str, bool]] = []

    def report(label: str, p: Problem, ours: Callable[[], np.ndarray], ref: Callable[[], np.ndarray] | None) -> float:
        t_ours, s_ours = best_of(ours, reps_ours)
        mem = peak_mb(ours)
        n, m = p.x.shape
        dense = f"{n * n * m * 8 / MB:,.0f} MB" if label.startswith("PROMETHEE") else "-"
        if ref is None:
            cells = ("-", "-", "-")
            ratio = float("nan")
        else:
            t_ref, s_ref = best_of(ref, reps_ref)
            ratio = t_ref / t_ours
            cells = (f"{t_ref * 1e3:,.1f}", f"{ratio:,.0f}x", f"{np.abs(s_ours - s_ref).max():.1e}")
        print(ROW.format(label, p.shape, f"{t_ours * 1e3:,.2f}", *cells, f"{mem:,.2f} MB", dense))
        return ratio

    for n, m in ((1_000, 10), (10_000, 20)):
        p = problem(n, m, seed=n + m)
        ratio = report("TOPSIS (vector)", p, lambda p=p: topsis(p.x, p.cost, p.w).scores,
                       lambda p=p: TOPSIS(vector_normalization)(p.x, p.w, p.types))
        checks.append((f"TOPSIS {p.shape}: >= 10x faster than pymcdm ({ratio:.0f}x)", ratio >= 10))

    for kind in ("usual", "linear"):
        for n, m in ((1_000, 10), (2_000, 10)):
            p = problem(n, m, seed=7 * n + m)
            prefs = linear_prefs(m) if kind == "linear" else None

            def ours(p=p, prefs=prefs) -> np.ndarray:
                return promethee_ii(p.x, p.cost, p.w, preferences=prefs).scores

            def ref(p=p, kind=kind) -> np.ndarray:  # a new object per call: pymcdm consumes its p/q lists
                if kind == "usual":
                    return PROMETHEE_II("usual")(p.x, p.w, p.types)
                m_ = p.x.shape[1]
                return PROMETHEE_II("vshape_2", p=[1.5] * m_, q=[0.25] * m_)(p.x, p.w, p.types)

            ratio = report(f"PROMETHEE II ({kind})", p, ours, ref)
            checks.append((f"PROMETHEE II {kind} {p.shape}: >= 10x faster than pymcdm ({ratio:.0f}x)", ratio >= 10))
            if n == 2_000:
                t, _ = best_of(ours, reps_ours)
                mem = peak_mb(ours)
                dense = n * n * m * 8 / MB
                checks.append((f"PROMETHEE II {kind} {p.shape}: under 1 s ({t * 1e3:.1f} ms)", t < 1.0))
                checks.append((f"PROMETHEE II {kind} {p.shape}: peak {mem:.2f} MB, far below one N x N x M array "
                               f"({dense:,.0f} MB)", mem < dense / 100))
        p = problem(10_000, 20, seed=99)
        prefs = linear_prefs(20) if kind == "linear" else None
        report(f"PROMETHEE II ({kind})", p, lambda p=p, prefs=prefs: promethee_ii(p.x, p.cost, p.w, preferences=prefs).scores, None)

    variants(reps_ours, reps_ref, checks)

    print()
    for text, ok in checks:
        print(f"[{'ok' if ok else 'MISSED'}] {text}")
    print("\npymcdm does not run PROMETHEE II at 10,000 x 20: its N x N tables per criterion would need ~0.8 GB each.")


VROW = "{:<26} {:>12} {:>11} {:>13} {:>11} {:>9} {:>10} {:>10}"


def dense_gaussian(x: np.ndarray, cost: np.ndarray, w: np.ndarray, s: float) -> np.ndarray:
    """The definition: an n x n preference table per criterion (the reference for the Gaussian)."""
    n = x.shape[0]
    net = np.zeros(n)
    for j in range(x.shape[1]):
        g = -x[:, j] if cost[j] else x[:, j]
        d = g[:, None] - g[None, :]
        p = np.where(d > 0, 1.0 - np.exp(-d * d / (2 * s * s)), 0.0)
        net += w[j] * (p.sum(axis=1) - p.sum(axis=0))
    return net / (n - 1)


def variants(reps_ours: int, reps_ref: int, checks: list[tuple[str, bool]]) -> None:
    """Issue 14's variants: our time, the reference's, the ratio and the largest difference."""
    print()
    print(VROW.format("variant (issue 14)", "size", "ours (ms)", "reference", "ref (ms)", "ratio", "max |diff|", "ours peak"))
    print("-" * 110)

    def row(label: str, p: Problem, ours: Callable[[], np.ndarray], ref_name: str, ref: Callable[[], np.ndarray] | None,
            target: float | None = None, same: bool = True) -> None:
        t_ours, s_ours = best_of(ours, reps_ours)
        mem = peak_mb(ours)
        cells = ("-", "-", "-")
        if ref is not None:
            t_ref, s_ref = best_of(ref, reps_ref)
            ratio = t_ref / t_ours
            diff = f"{np.abs(np.asarray(s_ours) - np.asarray(s_ref)).max():.1e}" if same else "(other)"
            cells = (f"{t_ref * 1e3:,.1f}", f"{ratio:,.1f}x", diff)
            if target is not None:
                checks.append((f"{label} {p.shape}: >= {target:g}x {ref_name} ({ratio:.1f}x)", ratio >= target))
        print(VROW.format(label, p.shape, f"{t_ours * 1e3:,.2f}", ref_name if ref else "-", *cells, f"{mem:,.2f} MB"))

    q, pp = 0.255, 1.505  # thresholds off the data's 0.01 grid: at a difference exactly q, pymcdm compares binary floats
    kinds = {"u-shape": ("ushape", Preference("u-shape", q=q)), "v-shape": ("vshape", Preference("v-shape", p=pp)),
             "level": ("level", Preference("level", q=q, p=pp))}
    for kind, (ref_kind, pref) in kinds.items():
        for n, m in ((1_000, 10), (2_000, 10), (10_000, 20)):
            p = problem(n, m, seed=11 * n + m)
            prefs = [pref] * m

            def ours(p=p, prefs=prefs) -> np.ndarray:
                return promethee_ii(p.x, p.cost, p.w, preferences=prefs).scores

            def ref(p=p, ref_kind=ref_kind) -> np.ndarray:
                m_ = p.x.shape[1]
                return PROMETHEE_II(ref_kind, p=[pp] * m_, q=[q] * m_)(p.x, p.w, p.types)

            row(f"PROMETHEE II {kind}", p, ours, "pymcdm", ref if n <= 2_000 else None, 10 if n <= 2_000 else None)
    for n, m in ((1_000, 10), (2_000, 10), (10_000, 20)):
        p = problem(n, m, seed=13 * n + m)
        row("PROMETHEE I flows (usual)", p, lambda p=p: np.concatenate(promethee_flows(p.x, p.cost, p.w)), "pymcdm",
            (lambda p=p: np.concatenate(PROMETHEE_I("usual")(p.x, p.w, p.types))) if n <= 2_000 else None,
            10 if n <= 2_000 else None)
    for n, m in ((1_000, 10), (2_000, 10), (10_000, 20)):
        p = problem(n, m, seed=17 * n + m)
        prefs = [Preference("gaussian", s=0.8)] * m
        row("PROMETHEE II gaussian", p, lambda p=p, prefs=prefs: promethee_ii(p.x, p.cost, p.w, preferences=prefs).scores,
            "dense n x n", (lambda p=p: dense_gaussian(p.x, p.cost, p.w, 0.8)) if n <= 2_000 else None,
            1 if n <= 2_000 else None)
    for n, m in ((1_000, 10), (10_000, 20)):
        p = problem(n, m, seed=19 * n + m)
        row("VIKOR + compromise set", p, lambda p=p: vikor(p.x, p.cost, p.w).scores, "pymcdm",
            lambda p=p: VIKOR()(p.x, p.w, p.types), 1)
        lo, hi = np.ones(m), np.full(m, 5.0)
        row("TOPSIS (scale ideal)", p, lambda p=p, lo=lo, hi=hi: topsis_scale(p.x, p.cost, p.w, scale_min=lo, scale_max=hi).scores,
            "our topsis", lambda p=p, lo=lo, hi=hi: topsis(p.x, p.cost, p.w, normalization="scale", scale_min=lo, scale_max=hi).scores,
            same=False)
        row("entropy weights", p, lambda p=p: entropy_weights(p.x), "pymcdm", lambda p=p: pymcdm.weights.entropy_weights(p.x), 1)
        row("CRITIC weights", p, lambda p=p: critic_weights(p.x, p.cost), "pymcdm",
            lambda p=p: pymcdm.weights.critic_weights(np.where(p.cost, -p.x, p.x)), 1)


if __name__ == "__main__":
    main()
