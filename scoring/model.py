"""Plain domain objects: criteria, profiles and a validated dataset of options."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Hashable, Literal, Mapping, TypeVar

import numpy as np
import pandas as pd

Direction = Literal["benefit", "cost"]
FloatArray = np.ndarray
T = TypeVar("T")
# What a score rests on (evidence.csv `basis`): the text states it, we infer it from the text, or the
# text is silent. 'unknown' for evidence files written before the column existed.
BASES = ("text", "inference", "silent")
UNKNOWN_BASIS = "unknown"
# Who must act together (options.csv `kind`); rubric anchors may differ by kind.
KINDS = ("national", "bilateral", "minilateral", "multilateral")
# Relations between options (options.csv columns of ;-separated ids, each symmetric).
RELATIONS = ("excludes", "combines_with", "overlaps")


PREFERENCE_TYPES: tuple[str, ...] = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")


@dataclass(frozen=True)
class Preference:
    """PROMETHEE preference function (Brans & Vincke 1985, fig. 2), one of PREFERENCE_TYPES.

    q: indifference threshold (u-shape, level, linear), p: preference threshold (v-shape, level,
    linear; q < p), s: the Gaussian's inflection point (s > 0). Same units as the criterion's scale.
    """

    type: Literal["usual", "u-shape", "v-shape", "level", "linear", "gaussian"] = "usual"
    q: float = 0.0
    p: float = 0.0
    s: float = 0.0


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    direction: Direction
    scale_min: float
    scale_max: float
    weight: float
    description: str = ""
    rubric: Mapping[int, str | Mapping[str, str]] = field(default_factory=dict)  # point -> anchor, or kind -> anchor
    preference: Preference = field(default_factory=Preference)

    @property
    def is_cost(self) -> bool:
        return self.direction == "cost"

    def anchor(self, point: int, kind: str | None = None) -> str:
        """The rubric's anchor for a scale point ('' when none); per-kind anchors need `kind` (else all are joined)."""
        value = self.rubric.get(point, "")
        if isinstance(value, str):
            return value
        if kind is not None:
            return value.get(kind, "")
        return "; ".join(f"{k}: {v}" for k, v in value.items())

    def rubric_lines(self, kind: str | None = None) -> list[str]:
        """'**point**: anchor' lines in scale order, for help texts."""
        keys = sorted(self.rubric, key=lambda k: (not isinstance(k, int), str(k) if not isinstance(k, int) else f"{k:09d}"))
        return [f"**{k}**: {self.anchor(k, kind)}" for k in keys if self.anchor(k, kind)]


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
    `evidence` has columns option_id, criterion_id, rationale, locator, basis ('text', 'inference',
    'silent' or 'unknown' for files without the column), quote ('' when none) and line (its line in
    the evidence file; 0 when built in memory). Empty frame when no evidence file was given.
    """

    options: pd.DataFrame
    criteria: CriteriaSet
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["option_id", "criterion_id", "rationale", "locator", "basis", "quote", "line"]))
    source: str = "options.csv"
    sha256: str = ""
    evidence_source: str = ""
    evidence_sha256: str = ""
    adjustments: tuple[tuple[str, str, float], ...] = ()

    # A dataset is read on every rerun of every session (a participant's move ranks it): its ids, titles and
    # score matrix are taken from the frame once. The frame is never changed in place (with_score copies).
    @cached_property
    def _ids(self) -> tuple[str, ...]:
        return tuple(self.options["id"].tolist())

    @cached_property
    def _titles(self) -> tuple[str, ...]:
        return tuple(self.options["title"].tolist())

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    @property
    def titles(self) -> list[str]:
        return list(self._titles)

    @cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once per `key` for this dataset, then the same object (shared: do not change it).

        For results that depend on the data and settings only, not on anyone's weights (the equal-weights
        ranking a view compares against, the entropy/CRITIC weights): every rerun of every session reads
        them. Safe because a Dataset never changes (with_score makes a new one, with an empty memo).
        Keys must be hashable, e.g. ("equal-weights", method, normalization, settings as sorted items)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    @cached_property
    def text_frame(self) -> pd.DataFrame:
        """id, title and the descriptive columns (`descriptive_columns`), in file order: what a ranking
        table carries beside its numbers. Shared: do not change it in place."""
        return self.options[["id", "title", *self.descriptive_columns]]

    @cached_property
    def matrix(self) -> FloatArray:
        """Scores, shape (options, criteria), in criteria order; read-only (copy it to change it)."""
        m = self.options[self.criteria.ids].to_numpy(dtype=float, copy=True)
        m.flags.writeable = False
        return m

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

    def basis_matrix(self) -> np.ndarray:
        """(n options, m criteria) array of basis strings; 'unknown' where no evidence row says."""
        out = np.full((len(self.options), len(self.criteria)), UNKNOWN_BASIS, dtype=object)
        ev = self.evidence
        if len(ev) and "basis" in ev.columns:
            rows = pd.Index(self.ids).get_indexer(ev["option_id"])
            cols = pd.Index(self.criteria.ids).get_indexer(ev["criterion_id"])
            ok = (rows >= 0) & (cols >= 0)
            out[rows[ok], cols[ok]] = ev["basis"].to_numpy(dtype=object)[ok]
        return out

    def related(self, option_id: str, relation: str) -> list[str]:
        """Ids listed in `relation` ('excludes', 'combines_with' or 'overlaps') of an option; [] without the column."""
        if relation not in self.options.columns:
            return []
        cell = self.options.loc[self.options["id"] == option_id, relation]
        return split_ids(cell.iloc[0]) if len(cell) else []

    def relation(self, a: str, b: str) -> str:
        """How two options relate: 'excludes', 'combines_with', 'overlaps' or 'independent' (nothing recorded)."""
        for rel in RELATIONS:
            if b in self.related(a, rel):
                return rel
        return "independent"

    def subset(self, mask: np.ndarray | pd.Series) -> "Dataset":
        return replace(self, options=self.options[np.asarray(mask, dtype=bool)].reset_index(drop=True))


def split_ids(cell: object) -> list[str]:
    """';'-separated ids of a relation cell, stripped, empties dropped (NaN/None -> [])."""
    if not isinstance(cell, str):
        return []
    return [p.strip() for p in cell.split(";") if p.strip()]
