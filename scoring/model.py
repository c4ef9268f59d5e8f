"""Plain domain objects: criteria, profiles and a validated dataset of options."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, Mapping

import numpy as np
import pandas as pd

Direction = Literal["benefit", "cost"]
FloatArray = np.ndarray


@dataclass(frozen=True)
class Preference:
    """PROMETHEE preference function: 'usual' (any advantage counts fully) or 'linear' with q < p."""

    type: Literal["usual", "linear"] = "usual"
    q: float = 0.0
    p: float = 0.0


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    direction: Direction
    scale_min: float
    scale_max: float
    weight: float
    description: str = ""
    rubric: Mapping[int, str] = field(default_factory=dict)
    preference: Preference = field(default_factory=Preference)

    @property
    def is_cost(self) -> bool:
        return self.direction == "cost"


@dataclass(frozen=True)
class Profile:
    """A named weight set, e.g. one stakeholder's lens. Criteria it leaves out weigh 0."""

    name: str
    weights: Mapping[str, float]
    description: str = ""


@dataclass(frozen=True)
class CriteriaSet:
    criteria: tuple[Criterion, ...]
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    source: str = "criteria.yaml"
    sha256: str = ""

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def __getitem__(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def __len__(self) -> int:
        return len(self.criteria)

    @property
    def is_cost(self) -> np.ndarray:
        return np.array([c.is_cost for c in self.criteria], dtype=bool)

    @property
    def scale_min(self) -> FloatArray:
        return np.array([c.scale_min for c in self.criteria], dtype=float)

    @property
    def scale_max(self) -> FloatArray:
        return np.array([c.scale_max for c in self.criteria], dtype=float)

    @property
    def default_weights(self) -> FloatArray:
        return np.array([c.weight for c in self.criteria], dtype=float)

    @property
    def preferences(self) -> tuple[Preference, ...]:
        return tuple(c.preference for c in self.criteria)


@dataclass(frozen=True)
class Dataset:
    """Options (one row each, scores already validated numeric) with their criteria and evidence.

    `options` keeps every column of options.csv; score columns are floats.
    `evidence` has columns option_id, criterion_id, rationale, locator (empty when not given).
    """

    options: pd.DataFrame
    criteria: CriteriaSet
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["option_id", "criterion_id", "rationale", "locator"]))
    source: str = "options.csv"
    sha256: str = ""
    evidence_source: str = ""
    evidence_sha256: str = ""
    adjustments: tuple[tuple[str, str, float], ...] = ()

    @property
    def ids(self) -> list[str]:
        return self.options["id"].tolist()

    @property
    def titles(self) -> list[str]:
        return self.options["title"].tolist()

    @property
    def matrix(self) -> FloatArray:
        return self.options[self.criteria.ids].to_numpy(dtype=float)

    def _bound(self, suffix: str) -> FloatArray:
        m = np.array(self.matrix, dtype=float)  # a writable copy: under copy-on-write to_numpy may be a read-only view
        for j, cid in enumerate(self.criteria.ids):
            col = f"{cid}_{suffix}"
            if col in self.options.columns:
                vals = self.options[col].to_numpy(dtype=float)
                m[:, j] = np.where(np.isnan(vals), m[:, j], vals)
        return m

    @property
    def low(self) -> FloatArray:
        return self._bound("low")

    @property
    def high(self) -> FloatArray:
        return self._bound("high")

    @property
    def descriptive_columns(self) -> list[str]:
        scored = set(self.criteria.ids)
        scored |= {f"{c}_{s}" for c in self.criteria.ids for s in ("low", "high")}
        return [c for c in self.options.columns if c not in scored and c not in ("id", "title")]

    def with_score(self, option_id: str, criterion_id: str, value: float) -> "Dataset":
        """A copy with one score changed for the session; the change is recorded for exports."""
        crit = self.criteria[criterion_id]
        if not (crit.scale_min <= value <= crit.scale_max):
            from .errors import ScoringError

            raise ScoringError.at(
                "adjustment", f"expected a score between {crit.scale_min:g} and {crit.scale_max:g}, got {value:g}",
                column=criterion_id,
            )
        if option_id not in set(self.ids):
            from .errors import ScoringError

            raise ScoringError.at("adjustment", f"unknown option '{option_id}'", column="id")
        opts = self.options.copy()
        row = opts.index[opts["id"] == option_id][0]
        opts.loc[row, criterion_id] = float(value)
        for suffix in ("low", "high"):  # keep the range consistent with the new score
            col = f"{criterion_id}_{suffix}"
            if col in opts.columns and not np.isnan(opts.loc[row, col]):
                opts.loc[row, col] = min(opts.loc[row, col], value) if suffix == "low" else max(opts.loc[row, col], value)
        kept = tuple(a for a in self.adjustments if a[:2] != (option_id, criterion_id))
        return replace(self, options=opts, adjustments=kept + ((option_id, criterion_id, float(value)),))

    def subset(self, mask: np.ndarray | pd.Series) -> "Dataset":
        return replace(self, options=self.options[np.asarray(mask, dtype=bool)].reset_index(drop=True))
