"""Print a seeded random sample of evidence rows for an independent reader.

    python tools/sample_rows.py --seed 20261130 --n 25            # markdown table
    python tools/sample_rows.py --seed 20261130 --n 25 --csv out.csv

Each row shows the option, criterion, score (and range), basis, quote, locator and reason, so the reader
can open the brief at the locator, find the quote and judge the reason against the text and the rubric in
criteria.yaml. The sample is drawn with numpy's default_rng(seed) over all rows of evidence.csv, without
replacement, so the same seed on the same file gives the same rows.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def sample(seed: int, n: int) -> pd.DataFrame:
    ev = pd.read_csv(ROOT / "evidence.csv", dtype=str, keep_default_na=False)
    opts = pd.read_csv(ROOT / "options.csv", dtype=str, keep_default_na=False).set_index("id")
    idx = np.sort(np.random.default_rng(seed).choice(len(ev), size=min(n, len(ev)), replace=False))
    rows = ev.iloc[idx].copy()
    score = [opts.at[o, c] for o, c in zip(rows.option_id, rows.criterion_id)]
    rng = [f"{opts.at[o, c + '_low']}-{opts.at[o, c + '_high']}" if opts.at[o, c + "_low"] else ""
           for o, c in zip(rows.option_id, rows.criterion_id)]
    rows.insert(2, "score", score)
    rows.insert(3, "range", rng)
    rows.insert(0, "csv_line", idx + 2)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--csv")
    a = ap.parse_args()
    rows = sample(a.seed, a.n)
    if a.csv:
        rows.to_csv(a.csv, index=False)
        return
    print(f"seed {a.seed}, {len(rows)} rows of evidence.csv\n")
    print("| line | option | criterion | score | range | basis | quote | locator | reason |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows.itertuples():
        cells = [str(r.csv_line), r.option_id, r.criterion_id, r.score, r.range, r.basis, r.quote, r.locator, r.rationale]
        print("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")


if __name__ == "__main__":
    main()
