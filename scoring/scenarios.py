"""Futures the texts point to: reweight, adjust scores, rank under each, and choose by minimax regret.

A scenario (in scenarios.yaml) multiplies criterion weights and shifts scores. Adjustments target
one option, every option of a theme, or every option (criterion only); deltas that hit the same
cell add up, and the result is clipped to the criterion's scale. The `_low`/`_high` range moves
with the score (also clipped), so uncertainty analysis under a scenario stays consistent.

Regret of option i in scenario s is how far its score falls short of the best score in s, in the
method's own score units and oriented so that regret >= 0 (for VIKOR, where lower Q is better, it
is Q_i - min Q). The minimax-regret choice has the smallest worst-case regret; ties are all reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import Problem, ScoringError
from .loading import (PACKAGE_ROOT, unknown_key_problems, MappingNode, Node, ScalarNode, SequenceNode, finite_number, invisible_problem, is_blank,
                      node_line, read_bytes, read_yaml, sha256, shown_id, unknown_id)
from .model import Dataset
from .ranking import check_normalization, evaluate, rank_scores
from .weights import normalize_weights

DEFAULT_SCENARIOS = PACKAGE_ROOT / "scenarios.yaml"
SCENARIO_KEYS = ("id", "label", "narrative", "weights", "adjustments")
ADJUSTMENT_KEYS = ("option", "theme", "criterion", "delta", "reason", "locator", "quote", "source", "chapter")
BASELINE = "baseline"
# The theme vocabulary of options.csv (docs/data.md); an adjustment may name any of these, or any
# other theme found in the data. A vocabulary theme with no option in the data shifts nothing.
THEMES = ("regional strategy", "partnerships", "defence technology", "research security", "industrial base",
          "supply chains", "export controls", "economic coercion", "quad structure", "quad agenda", "health", "trade")


@dataclass(frozen=True)
class Adjustment:
    criterion: str
    delta: float
    reason: str
    locator: str
    option: str | None = None  # one option ...
    theme: str | None = None  # ... or every option of a theme; neither: every option
    quote: str = ""  # a short verbatim phrase from the text, for checking the locator
    line: int | None = None
    source: str = ""  # file stem of the quoted brief (as options.csv `source`), for `validate --sources`
    chapter: str = ""  # optional chapter title scoping the quote (docs/data.md, "Checking quotes against the sources")

    @property
    def target(self) -> str:
        return f"option {self.option}" if self.option else f"theme {self.theme}" if self.theme else "all options"


@dataclass(frozen=True)
class Scenario:
    id: str
    label: str
    narrative: str
    weights: Mapping[str, float] = field(default_factory=dict)  # multipliers; missing criteria keep 1
    adjustments: tuple[Adjustment, ...] = ()
    line: int | None = None

    def weight_multipliers(self, criteria_ids: Sequence[str]) -> np.ndarray:
        return np.array([float(self.weights.get(c, 1.0)) for c in criteria_ids])

    def apply_weights(self, weights: np.ndarray, criteria_ids: Sequence[str], source: str = "scenarios.yaml") -> np.ndarray:
        w = np.asarray(weights, dtype=float) * self.weight_multipliers(criteria_ids)
        if w.sum() <= 0:
            raise ScoringError.at(source, f"scenario '{self.id}' leaves every criterion with zero weight", self.line, "weights")
        return normalize_weights(w, source, criteria_ids)

    def deltas(self, dataset: Dataset) -> np.ndarray:
        """(n, m) score shifts before clipping."""
        ids = dataset.criteria.ids
        n = len(dataset.options)
        out = np.zeros((n, len(ids)))
        themes = dataset.options["theme"].astype(str).to_numpy() if "theme" in dataset.options.columns else None
        opt_ids = np.asarray(dataset.ids, dtype=object)
        for a in self.adjustments:
            if a.option is not None:
                rows = opt_ids == a.option
            elif a.theme is not None:
                rows = themes == a.theme if themes is not None else np.zeros(n, dtype=bool)
            else:
                rows = np.ones(n, dtype=bool)
            out[rows, ids.index(a.criterion)] += a.delta
        return out

    def apply_scores(self, dataset: Dataset) -> Dataset:
        """A copy of the dataset with this scenario's score shifts, clipped to each scale."""
        crit = dataset.criteria
        d = self.deltas(dataset)
        if not d.any():
            return dataset
        lo, hi = crit.scale_min, crit.scale_max
        opts = dataset.options.copy()
        for j, cid in enumerate(crit.ids):
            if not d[:, j].any():
                continue
            opts[cid] = np.clip(opts[cid].to_numpy(dtype=float) + d[:, j], lo[j], hi[j])
            for suffix in ("low", "high"):
                col = f"{cid}_{suffix}"
                if col in opts.columns:
                    opts[col] = np.clip(opts[col].to_numpy(dtype=float) + d[:, j], lo[j], hi[j])
        return replace(dataset, options=opts)


@dataclass(frozen=True)
class ScenarioSet:
    scenarios: tuple[Scenario, ...]
    source: str = "scenarios.yaml"
    sha256: str = ""
    ignored: tuple[Problem, ...] = ()  # lenient loading: references to options not in this dataset

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.scenarios]

    def __len__(self) -> int:
        return len(self.scenarios)

    def __getitem__(self, scenario_id: str) -> Scenario:
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise ScoringError.at("--scenario", unknown_id("scenario", scenario_id, self.ids))

    def select(self, ids: Sequence[str] | None) -> "ScenarioSet":
        """Only the named scenarios, in the order given; every unknown name is reported."""
        if not ids:
            return self
        unknown = [i for i in ids if i not in self.ids]
        if unknown:
            raise ScoringError([Problem("--scenario", unknown_id("scenario", i, self.ids)) for i in unknown])
        return replace(self, scenarios=tuple(self[i] for i in ids))


# ---------------------------------------------------------------- loading

def _fields(node: Node | None) -> dict[str, tuple[Node, Node]]:
    """key -> (key node, value node) of a YAML mapping node."""
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def parse_scenarios(data: bytes, dataset: Dataset, name: str = "scenarios.yaml",
                    strict: bool = True) -> tuple[ScenarioSet | None, list[Problem]]:
    """Parse scenarios YAML against a dataset; return the set (None if unusable) and every problem found.

    strict=False accepts adjustments naming options or themes that this dataset lacks (e.g. a filtered
    subset in the dashboard): they shift nothing and are listed in `ScenarioSet.ignored`.
    """
    if is_blank(data):
        return None, [Problem(name, "scenarios file is empty", 1)]
    doc, root, problems = read_yaml(data, name)
    if problems:
        return None, problems
    top = _fields(root)
    if not isinstance(doc, dict) or "scenarios" not in doc:
        return None, [Problem(name, "expected a mapping with a 'scenarios' list at the top", 1)]
    problems.extend(unknown_key_problems(doc, root, ("scenarios",), name, "", 1, "the file"))
    raw = doc["scenarios"]
    list_node = top["scenarios"][1]
    if not isinstance(raw, list) or not raw:
        return None, [Problem(name, "expected 'scenarios' to be a non-empty list", node_line(list_node), "scenarios")]
    nodes = list_node.value if isinstance(list_node, SequenceNode) else []
    known = _Known.of(dataset, strict)
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        node = nodes[i] if i < len(nodes) else None
        sc = _parse_scenario(item, node, i, name, known, seen, problems)
        if sc is not None:
            scenarios.append(sc)
    if problems:
        return None, problems
    return ScenarioSet(tuple(scenarios), source=name, sha256=sha256(data), ignored=tuple(known.ignored)), []


@dataclass(frozen=True)
class _Known:
    """What adjustments may refer to, taken from the dataset."""

    criteria: tuple[str, ...]
    options: frozenset[str]
    themes: tuple[str, ...] | None  # None: the options file has no theme column
    strict: bool = True
    ignored: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, dataset: Dataset, strict: bool = True) -> "_Known":
        themes = None
        if "theme" in dataset.options.columns:
            found = {str(t).strip() for t in dataset.options["theme"] if str(t).strip()}
            themes = tuple(sorted(found | set(THEMES)))
        return cls(tuple(dataset.criteria.ids), frozenset(dataset.ids), themes, strict)


def _parse_scenario(item: Any, node: Node | None, i: int, name: str, known: _Known,
                    seen: dict[str, int], problems: list[Problem]) -> Scenario | None:
    where = f"scenarios[{i}]"
    line = node_line(node)
    if not isinstance(item, dict):
        problems.append(Problem(name, "expected a mapping with id, label, narrative, weights and adjustments", line, where))
        return None
    f = _fields(node)

    def at(key: str) -> int | None:
        return node_line(f[key][1]) if key in f else line

    count = len(problems)
    sid = _text(item.get("id"))
    problems.extend(unknown_key_problems(item, node, SCENARIO_KEYS, name, where, line,
                                         f"scenario '{shown_id(sid) if sid else i}'"))
    if not sid:
        problems.append(Problem(name, "scenario has no id", at("id"), f"{where}.id"))
    elif (bad := invisible_problem(sid)) is not None:
        problems.append(Problem(name, f"scenario id '{shown_id(sid)}' {bad}", at("id"), f"{where}.id"))
        sid = shown_id(sid)  # later messages name the scenario as it can be read
    elif sid in seen:
        problems.append(Problem(name, f"duplicate scenario id '{sid}' (first at line {seen[sid]})", at("id"), f"{where}.id"))
    elif sid == BASELINE:
        problems.append(Problem(name, f"'{BASELINE}' is reserved for the current weights and scores", at("id"), f"{where}.id"))
    else:
        seen[sid] = line or 0
    for key in ("label", "narrative"):
        if not _text(item.get(key)):
            problems.append(Problem(name, f"scenario '{sid or i}' needs a non-empty {key}", at(key), f"{where}.{key}"))
    multipliers = _parse_weights(item.get("weights") or {}, f.get("weights", (None, None))[1], where, sid, name, known, problems)
    adjustments = _parse_adjustments(item.get("adjustments") or [], f.get("adjustments", (None, None))[1], where, sid,
                                     name, known, problems, line)
    if len(problems) > count:
        return None
    return Scenario(sid, _text(item["label"]), " ".join(_text(item["narrative"]).split()), multipliers,
                    tuple(adjustments), line)


def _parse_weights(raw: Any, node: Node | None, where: str, sid: str, name: str, known: _Known,
                   problems: list[Problem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(Problem(name, f"scenario '{sid}': expected weights to map criterion ids to multipliers",
                                node_line(node), f"{where}.weights"))
        return {}
    f = _fields(node)
    out: dict[str, float] = {}
    for cid, value in raw.items():
        key_line = node_line(f[str(cid)][0]) if str(cid) in f else node_line(node)
        col = f"{where}.weights.{shown_id(str(cid))}"
        if str(cid) not in known.criteria:
            problems.append(Problem(name, f"scenario '{sid}': {unknown_id('criterion', cid, known.criteria)}", key_line, col))
            continue
        num = finite_number(value)
        if num is None or num < 0:
            problems.append(Problem(name, f"scenario '{sid}': the multiplier of '{cid}' must be a non-negative number, got {value!r}", key_line, col))
            continue
        out[str(cid)] = num
    return out


def _parse_adjustments(raw: Any, node: Node | None, where: str, sid: str, name: str, known: _Known,
                       problems: list[Problem], scenario_line: int | None) -> list[Adjustment]:
    if not isinstance(raw, list):
        problems.append(Problem(name, f"scenario '{sid}': expected adjustments to be a list", node_line(node) or scenario_line,
                                f"{where}.adjustments"))
        return []
    nodes = node.value if isinstance(node, SequenceNode) else []
    out: list[Adjustment] = []
    for k, item in enumerate(raw):
        anode = nodes[k] if k < len(nodes) else None
        line = node_line(anode)
        col = f"{where}.adjustments[{k}]"
        if not isinstance(item, dict):
            problems.append(Problem(name, f"scenario '{sid}': expected an adjustment mapping (criterion, delta, reason, locator)", line, col))
            continue
        f = _fields(anode)

        def at(key: str) -> int | None:
            return node_line(f[key][1]) if key in f else line

        count = len(problems)
        problems.extend(unknown_key_problems(item, anode, ADJUSTMENT_KEYS, name, col, line,
                                             f"scenario '{sid}', an adjustment"))
        option, theme = item.get("option"), item.get("theme")
        if option is not None and theme is not None:
            problems.append(Problem(name, f"scenario '{sid}': an adjustment targets either an option or a theme, not both", line, col))
        unknown: list[Problem] = []
        if option is not None and _text(option) not in known.options:
            said = unknown_id("option", option, known.options) if invisible_problem(str(option)) else f"unknown option '{option}'"
            unknown.append(Problem(name, f"scenario '{sid}': {said}", at("option"), f"{col}.option"))
        if theme is not None:
            if known.themes is None:
                unknown.append(Problem(name, f"scenario '{sid}': the options file has no theme column to match '{theme}'", at("theme"), f"{col}.theme"))
            elif _text(theme) not in known.themes:
                unknown.append(Problem(name, f"scenario '{sid}': unknown theme '{theme}' (known: {', '.join(known.themes)})",
                                       at("theme"), f"{col}.theme"))
        (problems if known.strict else known.ignored).extend(unknown)
        cid = _text(item.get("criterion"))
        if not cid:
            problems.append(Problem(name, f"scenario '{sid}': an adjustment needs a criterion", line, f"{col}.criterion"))
        elif cid not in known.criteria:
            problems.append(Problem(name, f"scenario '{sid}': {unknown_id('criterion', cid, known.criteria)}", at("criterion"), f"{col}.criterion"))
        delta = finite_number(item.get("delta"))
        if delta is None or delta == 0:
            problems.append(Problem(name, f"scenario '{sid}': expected a non-zero number as delta, got {item.get('delta')!r}", at("delta"), f"{col}.delta"))
        for key in ("reason", "locator"):
            if not _text(item.get(key)):
                problems.append(Problem(name, f"scenario '{sid}': every adjustment needs a non-empty {key}", at(key), f"{col}.{key}"))
        if len(problems) > count:
            continue
        out.append(Adjustment(cid, float(delta), " ".join(_text(item["reason"]).split()), _text(item["locator"]),
                              _text(option) if option is not None else None, _text(theme) if theme is not None else None,
                              " ".join(_text(item.get("quote")).split()), line, _text(item.get("source")),
                              " ".join(_text(item.get("chapter")).split())))
    return out


def load_scenarios(dataset: Dataset, path: str | Path | None = None, strict: bool = True) -> ScenarioSet:
    """Load and validate scenarios.yaml (default: the shipped one) against the dataset."""
    p = Path(path) if path is not None else DEFAULT_SCENARIOS
    result, problems = parse_scenarios(read_bytes(p, "scenarios"), dataset, str(p), strict)
    if result is None:
        raise ScoringError(problems)
    return result


# ---------------------------------------------------------------- analysis

@dataclass(frozen=True)
class ScenarioAnalysis:
    scenarios: ScenarioSet
    scores: pd.DataFrame  # id, title, baseline, <scenario ids>
    ranks: pd.DataFrame  # id, title, baseline, <scenario ids>, best_rank, worst_rank
    regret: pd.DataFrame  # id, title, <scenario ids>, max_regret, worst_scenario, minimax
    minimax: tuple[str, ...]  # ids with the smallest worst-case regret (ties: all)
    weights: pd.DataFrame  # criterion, baseline, <scenario ids>: the normalized weights used
    higher_is_better: bool
    method: str
    normalization: str | None

    def long_ranks(self) -> pd.DataFrame:
        """Tidy rows (id, title, scenario, label, rank, score) for charts."""
        labels = {BASELINE: "Baseline (current)", **{s.id: s.label for s in self.scenarios.scenarios}}
        cols = [BASELINE, *self.scenarios.ids]
        rank_long = self.ranks.melt(id_vars=["id", "title"], value_vars=cols, var_name="scenario", value_name="rank")
        score_long = self.scores.melt(id_vars=["id"], value_vars=cols, var_name="scenario", value_name="score")
        out = rank_long.merge(score_long, on=["id", "scenario"])
        out["label"] = out["scenario"].map(labels)
        return out

    def adjustments_table(self) -> pd.DataFrame:
        rows = [{"scenario": s.id, "target": a.target, "criterion": a.criterion, "delta": a.delta,
                 "reason": a.reason, "locator": a.locator} for s in self.scenarios.scenarios for a in s.adjustments]
        return pd.DataFrame(rows, columns=["scenario", "target", "criterion", "delta", "reason", "locator"])

    def scenarios_table(self) -> pd.DataFrame:
        return pd.DataFrame([{"id": s.id, "label": s.label, "narrative": s.narrative, "adjustments": len(s.adjustments),
                              "weight_multipliers": ", ".join(f"{k} x{v:g}" for k, v in s.weights.items())}
                             for s in self.scenarios.scenarios])


def regret_table(scores: np.ndarray, higher_is_better: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Regret (n, s) >= 0 of each option in each scenario, and the indices of the minimax-regret choice(s)."""
    s = np.asarray(scores, dtype=float)
    regret = (s.max(axis=0, keepdims=True) - s) if higher_is_better else (s - s.min(axis=0, keepdims=True))
    regret = np.maximum(np.round(regret, 12), 0.0)
    worst = regret.max(axis=1) if regret.shape[1] else np.zeros(len(s))
    return regret, np.flatnonzero(worst == worst.min()) if len(s) else np.zeros(0, dtype=int)


def analyse_scenarios(dataset: Dataset, scenarios: ScenarioSet, weights: np.ndarray | None = None,
                      method: str = "weighted-sum", normalization: str | None = None, **options: Any) -> ScenarioAnalysis:
    """Rank every option under the baseline and every scenario; regret and the minimax-regret choice."""
    crit = dataset.criteria
    norm = check_normalization(method, normalization)
    w0 = normalize_weights(crit.default_weights if weights is None else weights, "weights", crit.ids)
    cols = [BASELINE, *scenarios.ids]
    score_cols, rank_cols, weight_cols = {}, {}, {BASELINE: w0}
    better = True
    base = evaluate(dataset.matrix, crit, w0, method, norm, **options)
    score_cols[BASELINE], better = base.scores, base.higher_is_better
    rank_cols[BASELINE] = rank_scores(base.scores, better)
    for sc in scenarios.scenarios:
        w = sc.apply_weights(w0, crit.ids, scenarios.source)
        res = evaluate(sc.apply_scores(dataset).matrix, crit, w, method, norm, **options)
        score_cols[sc.id], rank_cols[sc.id], weight_cols[sc.id] = res.scores, rank_scores(res.scores, better), w
    head = {"id": dataset.ids, "title": dataset.titles}
    scores = pd.DataFrame({**head, **score_cols})
    ranks = pd.DataFrame({**head, **rank_cols})
    only = ranks[scenarios.ids] if scenarios.ids else ranks[[BASELINE]]
    ranks["best_rank"], ranks["worst_rank"] = only.min(axis=1), only.max(axis=1)
    matrix = np.column_stack([score_cols[c] for c in scenarios.ids]) if scenarios.ids else np.zeros((len(dataset.ids), 0))
    regret, choice = regret_table(matrix, better)
    reg = pd.DataFrame({**head, **{c: regret[:, k] for k, c in enumerate(scenarios.ids)}})
    worst = regret.max(axis=1) if regret.shape[1] else np.zeros(len(reg))
    reg["max_regret"] = worst
    reg["worst_scenario"] = [scenarios.ids[int(k)] for k in regret.argmax(axis=1)] if regret.shape[1] else ""
    reg["minimax"] = np.isin(np.arange(len(reg)), choice)
    order = np.lexsort((np.arange(len(reg)), worst))
    reg = reg.iloc[order].reset_index(drop=True)
    ranks = ranks.iloc[np.lexsort((np.arange(len(ranks)), rank_cols[BASELINE]))].reset_index(drop=True)
    weights_frame = pd.DataFrame({"criterion": crit.ids, **{c: weight_cols[c] for c in cols}})
    ids = dataset.ids  # a property building the list: once, not once per chosen option (tied minimax: O(n^2))
    return ScenarioAnalysis(scenarios, scores, ranks, reg, tuple(ids[i] for i in choice), weights_frame,
                            better, method, norm)
