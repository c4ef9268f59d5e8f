"""Build small in-memory datasets for the engine tests (no files needed)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from scoring.methods import METHODS
from scoring.model import CriteriaSet, Criterion, Dataset, Preference
from scoring.normalization import NORMALIZATIONS


def make_dataset(matrix: np.ndarray, is_cost: Sequence[bool], scale_min: Sequence[float] | float = 1.0,
                 scale_max: Sequence[float] | float = 10.0, preferences: Sequence[Preference] | None = None,
                 ids: Sequence[str] | None = None) -> Dataset:
    """A validated-looking Dataset over `matrix` with criteria c0..c{m-1} and options o0..o{n-1}."""
    x = np.asarray(matrix, dtype=float)
    n, m = x.shape
    lo = np.broadcast_to(np.asarray(scale_min, float), (m,))
    hi = np.broadcast_to(np.asarray(scale_max, float), (m,))
    prefs = list(preferences) if preferences is not None else [Preference()] * m
    criteria = tuple(
        Criterion(id=f"c{j}", label=f"C{j}", direction="cost" if is_cost[j] else "benefit",
                  scale_min=float(lo[j]), scale_max=float(hi[j]), weight=1.0, preference=prefs[j])
        for j in range(m)
    )
    names = list(ids) if ids is not None else [f"o{i}" for i in range(n)]
    frame = pd.DataFrame({"id": names, "title": [f"Option {s}" for s in names]})
    for j in range(m):
        frame[f"c{j}"] = x[:, j]
    return Dataset(options=frame, criteria=CriteriaSet(criteria))


def method_settings(methods: Sequence[str] | None = None) -> list[tuple[str, str | None]]:
    """Every (method, normalization) pair the engine accepts; None for methods that ignore it."""
    out: list[tuple[str, str | None]] = []
    for name in methods or METHODS:
        if METHODS[name].default_normalization is None:
            out.append((name, None))
        else:
            out.extend((name, norm) for norm in NORMALIZATIONS)
    return out


def cli(capsys, argv: list[str]) -> tuple[int, str]:
    """Run `scoring ARGV` in-process: (exit code, stdout + stderr), and never a traceback."""
    from scoring.cli import main

    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err
