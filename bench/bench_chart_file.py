"""How long does the Export view's chart download take to draw? vl-convert, per chart, format and scale.

Times `ui.views.export.chart_file`'s drawing (vl-convert) on the shipped table and on a bigger one (copies of
the shipped rows, as bench/bench_browser.py makes them), after vl-convert's engine has started (its start
is timed on its own: the Export view starts it in the background when opened). Beside each time, the same
chart drawn the way it was drawn before (labels cut at a width, tooltips kept: `--before`), in the same
process, so the ratio holds on a busy machine.

    python bench/bench_chart_file.py [--sizes 61,200] [--repeats 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="61,200")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import numpy as np
    import vl_convert as vlc

    from bench_browser import bigger_table, shipped_count
    from scoring import load_dataset
    from scoring.ranking import rank
    from ui.views import export

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    t0 = time.perf_counter()
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}})
    print(f"vl-convert engine start (first drawing in a process): {time.perf_counter() - t0:.2f} s\n")
    print(f"{'chart':<28} {'format':<6} {'now s':>6} {'before s':>8} {'x faster':>8} {'KiB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            if n == shipped_count():
                dataset = load_dataset()
            else:
                options = bigger_table(n, Path(tmp) / f"t{n}")
                dataset = load_dataset(options, ROOT / "criteria.yaml", options.parent / "evidence.csv")
            weights = dataset.criteria.default_weights
            ranking = rank(dataset, weights)
            mask = np.ones(len(dataset.ids), dtype=bool)
            for which in ("Contributions", "Value for money", "Weights"):
                chart = export.chart_for_export(which, ranking, dataset, weights, mask)
                now = json.dumps(export.file_spec(chart))
                before = chart.to_json()
                if which == "Contributions":  # before: the reasons travelled too, for the tooltip
                    from ui import charts, frames
                    table = rank(dataset, weights, "weighted-sum").table
                    before = charts.contributions_chart(frames.contributions_long(table, dataset),
                                                        [c.label for c in dataset.criteria.criteria],
                                                        list(table["title"])).properties(width=900).to_json()
                for fmt, fn in (("svg", lambda s: vlc.vegalite_to_svg(s)),
                                ("png", lambda s: vlc.vegalite_to_png(s, scale=export.PNG_SCALE))):
                    t_now, t_before, size = [], [], 0
                    for _ in range(args.repeats):
                        t = time.perf_counter()
                        size = len(fn(now))
                        t_now.append(time.perf_counter() - t)
                        t = time.perf_counter()
                        fn(before)
                        t_before.append(time.perf_counter() - t)
                    a, b = statistics.median(t_now), statistics.median(t_before)
                    print(f"{which + f' ({n} options)':<28} {fmt:<6} {a:>6.2f} {b:>8.2f} {b / a:>8.1f} {size / 1024:>7.0f}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
