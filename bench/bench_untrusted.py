"""Benchmark the untrusted-input guards (issue 13): what a hostile file costs now, against references.

    python bench/bench_untrusted.py

Prints, as medians and ratios within this process (no assertions):
  - the alias bomb (9 levels, 0.5 KB) refused by read_yaml: time and tracemalloc peak, against PyYAML
    safe_load + repr of smaller bombs (5-7 levels; what the old reader did on the way to an error
    message), whose cost grows 9x per level (the 9-level one took minutes and gigabytes);
  - the shipped criteria.yaml and scenarios.yaml through read_yaml (ruamel.yaml events, YAML 1.2)
    against PyYAML's C-less SafeLoader, the reader it replaced;
  - SMAA on 2,000 synthetic options x 9 criteria, 2,000 draws: the full options x ranks table against
    --ranks 10, time and tracemalloc peak;
  - PROMETHEE I incomparability counts (methods.incomparable_counts, merge-sort tree, O(n log^2 n)) against
    the pairwise count in 1M-pair blocks it replaced (O(n^2) time), 2,000 to 100,000 options;
  - (untr3) the options.csv reader per row at 20k-200k rows, compare_methods up to its 200,000-option bound, SMAA
    with the Gaussian preference and drawn scores at its 1e9-pair bound, and each dashboard view at the
    20,000-option upload bound (server CPU of one rerun).
"""
from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.loading import DEFAULT_CRITERIA, load_criteria, read_yaml  # noqa: E402
from scoring.methods import incomparable_counts  # noqa: E402
from scoring.smaa import smaa_arrays  # noqa: E402


def bomb(levels: int) -> str:
    names = "abcdefghijklmnop"
    lines = [f'{names[0]}: &{names[0]} [{", ".join(["lol"] * 9)}]']
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [{', '.join(['*' + names[i - 1]] * 9)}]")
    return "\n".join(lines) + f"\ncriteria: *{names[levels - 1]}\n"


def measure(fn, repeat: int = 5) -> tuple[float, float]:
    """(median seconds, tracemalloc peak MiB of one run)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def main() -> None:
    import yaml

    print("alias bomb")
    data = bomb(9).encode()
    t_new, m_new = measure(lambda: read_yaml(data, "bomb.yaml"))
    print(f"  read_yaml, 9 levels ({len(data)} bytes): refused in {t_new * 1e3:.2f} ms, peak {m_new:.2f} MiB")
    for levels in (5, 6, 7):
        text = bomb(levels)
        t_old, m_old = measure(lambda: repr(yaml.load(text, Loader=yaml.SafeLoader)), repeat=1 if levels == 7 else 3)
        print(f"  PyYAML safe_load + repr, {levels} levels: {t_old * 1e3:.0f} ms, peak {m_old:.0f} MiB "
              f"(x{t_old / t_new:.0f} the refusal's time)")

    print("shipped config files (YAML 1.2 events vs PyYAML SafeLoader)")
    for path in (DEFAULT_CRITERIA, ROOT / "scenarios.yaml"):
        if not path.exists():
            continue
        raw = path.read_bytes()
        t_new, m_new = measure(lambda: read_yaml(raw, path.name), repeat=7)
        t_old, m_old = measure(lambda: yaml.load(raw.decode(), Loader=yaml.SafeLoader), repeat=7)
        print(f"  {path.name} ({len(raw):,} bytes): read_yaml {t_new * 1e3:.1f} ms, PyYAML {t_old * 1e3:.1f} ms, "
              f"ratio {t_new / t_old:.2f}")

    print("SMAA, 2,000 options x 9 criteria, 2,000 draws")
    crit = load_criteria(DEFAULT_CRITERIA)
    rng = np.random.default_rng(0)
    x = rng.integers(2, 11, size=(2000, len(crit))).astype(float) / 2
    runs = {}
    for label, ranks in (("full table", None), ("--ranks 10", 10)):
        runs[label] = measure(lambda: smaa_arrays(x, x, x, crit, samples=2000, seed=1, ranks=ranks), repeat=3)
        print(f"  {label}: {runs[label][0]:.2f} s, peak {runs[label][1]:.0f} MiB")
    (tf, mf), (tk, mk) = runs["full table"], runs["--ranks 10"]
    print(f"  ratio full / top 10: time x{tf / tk:.1f}, memory x{mf / mk:.1f}")

    print("PROMETHEE I incomparability counts (phi+, phi- of n options)")
    for n in (2_000, 20_000, 100_000):
        fp, fm = rng.random(n), rng.random(n)
        t_new, m_new = measure(lambda: incomparable_counts(fp, fm), repeat=3)
        line = f"  n = {n:,}: merge-sort tree {t_new:.3f} s, peak {m_new:.1f} MiB"
        if n <= 20_000:
            t_old, m_old = measure(lambda: pairwise_incomparable(fp, fm), repeat=1)
            line += f"; pairwise blocks {t_old:.2f} s, peak {m_old:.0f} MiB (ratio x{t_old / t_new:.0f})"
        print(line)

    bench_pairwise_bounds(rng)
    bench_dashboard_views()


def options_text(n: int, rng: np.random.Generator) -> str:
    a, c = rng.integers(1, 6, n), rng.integers(1, 6, n)
    return "id,title,impact,cost\n" + "".join(f"o{i},Option {i},{a[i]},{c[i]}\n" for i in range(n))


def bench_pairwise_bounds(rng: np.random.Generator) -> None:
    """untr3: the options CSV reader (was O(rows x size)), compare_methods up to its bound (MAX_COMPARE_OPTIONS),
    SMAA with drawn scores and the Gaussian preference at its bound (MAX_SMAA_GAUSSIAN_PAIRS). CPU seconds
    (time.process_time: other processes on the machine do not count), and ratios to the smallest size."""
    import sys as _sys

    _sys.path.insert(0, str(ROOT / "tests" / "engine"))
    from engine_support import make_dataset
    from scoring.compare import MAX_COMPARE_OPTIONS, compare_methods
    from scoring.loading import parse_criteria, parse_options
    from scoring.model import Preference
    from scoring.smaa import MAX_SMAA_GAUSSIAN_PAIRS, smaa

    def cpu(fn) -> float:
        t = time.process_time()
        fn()
        return time.process_time() - t

    crit, _ = parse_criteria(b"criteria:\n  - {id: impact, label: I, direction: benefit, scale: {min: 1, max: 5}, weight: 3}\n"
                             b"  - {id: cost, label: C, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n", "c.yaml")
    print("options.csv reader (parse_options; before cedea88: 100,000 rows 110 s, 200,000 rows 281 s)")
    base = None
    for n in (20_000, 100_000, 200_000):
        data = options_text(n, rng).encode()
        t = cpu(lambda: parse_options(data, crit, "o.csv"))
        base = base or t / n
        print(f"  {n:>9,} rows ({len(data) / 2**20:.1f} MB): {t:.2f} s CPU, per row x{t / n / base:.2f} of 20,000's")
    print(f"compare_methods (6 methods, Kendall's tau per pair), bound {MAX_COMPARE_OPTIONS:,} options")
    base = None
    for n in (20_000, 50_000, MAX_COMPARE_OPTIONS):
        ds = make_dataset(rng.random((n, 4)) * 4 + 1, [False, True, False, True], 1, 5)
        t = cpu(lambda: compare_methods(ds))
        base = base or t / n
        print(f"  {n:>9,} options: {t:.2f} s CPU, per option x{t / n / base:.2f} of 20,000's")
    n = 400
    samples = MAX_SMAA_GAUSSIAN_PAIRS // (n * n) - 1000
    x = rng.integers(2, 5, (n, 2)).astype(float)
    ds = make_dataset(x, [False, True], 1, 5, preferences=[Preference(type="gaussian", s=0.8), Preference()])
    frame = ds.options.copy()
    frame["c0_low"], frame["c0_high"] = x[:, 0] - 1, x[:, 0] + 1
    ds = type(ds)(options=frame, criteria=ds.criteria)
    tracemalloc.start()
    t = cpu(lambda: smaa(ds, None, "promethee", samples=samples, score_mode="uniform", ranks=3))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"SMAA, Gaussian preference with drawn scores at the bound ({MAX_SMAA_GAUSSIAN_PAIRS:,} pairs: {n} options, "
          f"{samples:,} samples + 1,000 confidence draws): {t:.1f} s CPU, peak {peak:.0f} MiB")


def bench_dashboard_views(n: int = 20_000) -> None:
    """untr3: server CPU of one rerun of each view on an upload of `n` options (ui.data.MAX_UPLOAD_OPTIONS, the
    bound), under Streamlit's AppTest (no browser): what one participant's upload costs a shared server."""
    from streamlit.testing.v1 import AppTest

    rng = np.random.default_rng(5)
    a, c = rng.integers(2, 5, n), rng.integers(1, 6, n)
    options = ("id,title,impact,impact_low,impact_high,cost\n" + "".join(
        f"o{i},A fairly long option title number {i} for the charts,{a[i]},{a[i] - 1},{a[i] + 1},{c[i]}\n"
        for i in range(n))).encode()
    criteria = (b"criteria:\n  - {id: impact, label: Impact, direction: benefit, scale: {min: 1, max: 5}, weight: 3}\n"
                b"  - {id: cost, label: Cost, direction: cost, scale: {min: 1, max: 5}, weight: 1}\n")
    print(f"dashboard views, one rerun on an upload of {n:,} options (CPU s; parsing the upload included)")
    for view in ("Rank", "Trade-offs", "Methods", "Sensitivity", "Uncertainty", "Evidence", "Export"):
        for method in ("weighted-sum", "promethee"):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
            at.query_params["view"] = view
            at.query_params["method"] = method
            at.session_state["uploads"] = {"options": options, "options_name": "mine.csv", "criteria": criteria,
                                           "criteria_name": "mine.yaml"}
            t = time.process_time()
            at.run()
            said = "; ".join(x.value[:60] for x in [*at.error, *at.info])
            print(f"  {view:12s} {method:13s} {time.process_time() - t:5.1f} s" + (f"  ({said})" if said else ""))


def pairwise_incomparable(fp: np.ndarray, fm: np.ndarray, tol: float = 1e-12, pairs: int = 1 << 20) -> np.ndarray:
    """The O(n^2) count incomparable_counts replaced (rows of pairs in blocks of 2^20), for reference."""
    n = fp.size
    out = np.zeros(n, dtype=np.int64)
    step = max(1, pairs // max(n, 1))
    for a0 in range(0, n, step):
        dp, dm = fp[a0:a0 + step, None] - fp[None, :], fm[a0:a0 + step, None] - fm[None, :]
        out[a0:a0 + step] = (((dp > tol) & (dm > tol)) | ((dp < -tol) & (dm < -tol))).sum(axis=1)
    return out


if __name__ == "__main__":
    main()
