"""Datasets for the analysis tests: a synthetic one of the shipped shape, and the shipped one if present."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from scoring import load_dataset
from scoring.loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS
from scoring.model import Dataset

ROOT = Path(__file__).resolve().parents[2]
THEMES = ["regional strategy", "partnerships", "defence technology", "research security", "industrial base",
          "supply chains", "export controls", "economic coercion", "quad structure", "quad agenda", "health", "trade"]


# Two futures on the mini data set (tests/conftest.py): one where only impact counts, one where only cost does.
TWO_FUTURES = """\
scenarios:
  - id: impact-only
    label: Only impact counts
    narrative: A test future.
    weights: {cost: 0, speed: 0}
  - id: cost-only
    label: Only cost counts
    narrative: Another.
    weights: {impact: 0, speed: 0}
"""


def write_synthetic(folder: Path, n: int = 24, seed: int = 3, ranges: bool = True) -> tuple[Path, Path]:
    """options.csv with n options scored on the shipped criteria.yaml; scores in half points, so ties are rare.

    The first three ids are the guaranteed Quad alternatives; every theme occurs.
    """
    import yaml

    crit = yaml.safe_load(DEFAULT_CRITERIA.read_text())["criteria"]
    cids = [c["id"] for c in crit]
    rng = np.random.default_rng(seed)
    ids = ["quad-institutionalization", "quad-networking", "quad-partial-institutionalization"]
    ids += [f"{('reg', 'tech', 'med', 'econ', 'quad')[i % 5]}-opt-{i}" for i in range(n - 3)]
    header = ["id", "title", "theme", "group", *cids]
    if ranges:
        header += [f"{cids[0]}_low", f"{cids[0]}_high", f"{cids[1]}_low", f"{cids[1]}_high"]
    lines = [",".join(header)]
    for k, oid in enumerate(ids):
        scores = rng.integers(2, 11, len(cids)) / 2.0  # 1.0, 1.5, ..., 5.0
        row = [oid, oid.replace("-", " ").title(), "quad structure" if k < 3 else THEMES[k % len(THEMES)],
               "quad-future" if k < 3 else "", *[f"{s:g}" for s in scores]]
        if ranges:
            for s in scores[:2]:
                row += [f"{max(1.0, s - 1):g}", f"{min(5.0, s + 0.5):g}"] if k % 3 else ["", ""]
        lines.append(",".join(row))
    o, c = folder / "options.csv", folder / "criteria.yaml"
    o.write_text("\n".join(lines) + "\n")
    c.write_text(DEFAULT_CRITERIA.read_text())
    return o, c


def synthetic_dataset(folder: Path, **kwargs) -> Dataset:
    return load_dataset(*write_synthetic(folder, **kwargs))


def shipped_available() -> bool:
    return DEFAULT_OPTIONS.exists()
