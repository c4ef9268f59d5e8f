"""How fast does the dashboard answer a slider move? (issue 4 target: < 150 ms of server time)

Runs dashboard.py under Streamlit's AppTest, moves a weight slider many times per view and reads the
script's own render time (dashboard.py records it in st.session_state["render_ms"]). The reference is
the engine alone (load nothing, one `rank()` on the shipped data) in the same process, so the ratio
says how much the page adds on top of the arithmetic.

    python bench/bench_dashboard.py [--repeats 15]
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from scoring import load_dataset, rank  # noqa: E402

VIEWS = ("Rank", "Trade-offs", "Methods", "Sensitivity", "Uncertainty", "Scenarios", "Evidence", "Export")
TARGET_MS = 150.0


def engine_ms(repeats: int) -> float:
    dataset = load_dataset()
    w = dataset.criteria.default_weights
    times = []
    for _ in range(repeats * 5):
        t = time.perf_counter()
        rank(dataset, w)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def view_ms(view: str, repeats: int) -> list[float]:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["view"] = view
    at.run()
    at.slider(key="w_cost").set_value(4.0).run()  # warm the caches a view fills on first use
    times = []
    for k in range(repeats):
        at.slider(key="w_cost").set_value(float(k % 9 + 1)).run()
        if at.exception:
            raise SystemExit(f"{view}: {at.exception[0].value}")
        times.append(float(at.session_state["render_ms"]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    ref = engine_ms(args.repeats)
    print(f"reference: engine rank() alone, median {ref:.2f} ms\n")
    print(f"{'view':<12} {'median ms':>10} {'p90 ms':>8} {'x engine':>9}  target < {TARGET_MS:.0f} ms")
    worst = 0.0
    for view in VIEWS:
        t = sorted(view_ms(view, args.repeats))
        med, p90 = statistics.median(t), t[int(0.9 * (len(t) - 1))]
        worst = max(worst, med)
        print(f"{view:<12} {med:>10.1f} {p90:>8.1f} {med / ref:>9.0f}  {'ok' if med < TARGET_MS else 'SLOW'}")
    print(f"\nslowest view median: {worst:.1f} ms ({'within' if worst < TARGET_MS else 'over'} the {TARGET_MS:.0f} ms target)")


if __name__ == "__main__":
    main()
