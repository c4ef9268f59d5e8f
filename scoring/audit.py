"""Checks across files for `scoring validate`: quotes against their sources, and scenario adjustments.

* `check_sources`: every evidence quote (and scenario quote) is found in its cited source near its
  locator (rules in scoring/provenance.py and docs/data.md, "Checking quotes against the sources").
* `check_scenarios`: an adjustment that changes no score (a no-op, e.g. +1 on a score already at the
  maximum) and an adjustment whose quote is evidence for another criterion than the one it adjusts.

Both return lists of `Problem` (file, line, column, message) and never raise for bad data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np

from .errors import Problem
from .model import Dataset
from .provenance import SourceLibrary, quote_key, quote_parts
from .scenarios import Adjustment, Scenario, ScenarioSet


def _chapters_by_source(dataset: Dataset) -> dict[str, list[str]]:
    opts = dataset.options
    if "source" not in opts.columns or "chapter" not in opts.columns:
        return {}
    out: dict[str, list[str]] = {}
    for src, chapter in zip(opts["source"].astype(str), opts["chapter"].astype(str)):
        if src and chapter and chapter not in out.setdefault(src, []):
            out[src].append(chapter)
    return out


def _adjustments(scenarios: ScenarioSet) -> Iterator[tuple[int, int, Scenario, Adjustment]]:
    for i, sc in enumerate(scenarios.scenarios):
        for k, a in enumerate(sc.adjustments):
            yield i, k, sc, a


def check_sources(dataset: Dataset, folder: str | Path, scenarios: ScenarioSet | None = None,
                  library: SourceLibrary | None = None) -> list[Problem]:
    """Every quote found in its option's `source` file under `folder`, near its locator, in its chapter."""
    lib = library or SourceLibrary(folder)
    problems: list[Problem] = []
    ev = dataset.evidence
    ev_name = dataset.evidence_source or "evidence.csv"
    chapters = _chapters_by_source(dataset)
    opts = dataset.options
    has_source = "source" in opts.columns
    source_of = dict(zip(opts["id"], opts["source"].astype(str).str.strip())) if has_source else {}
    chapter_of = dict(zip(opts["id"], opts["chapter"].astype(str).str.strip())) if "chapter" in opts.columns else {}
    quoted = ev[ev["quote"].astype(str) != ""] if len(ev) and "quote" in ev.columns else ev.iloc[0:0]
    if len(quoted) and not has_source:
        return [Problem(dataset.source, "the options file has no 'source' column naming each option's source file "
                                        f"(a file stem in {folder}), so quotes cannot be checked", 1, "source")]
    reported: set[str] = set()
    for oid, locator, quote, line in zip(quoted["option_id"], quoted["locator"], quoted["quote"], quoted["line"]):
        stem = source_of[oid]
        if not stem:
            if oid not in reported:
                problems.append(Problem(dataset.source, f"option '{oid}' has quoted evidence but no source file named", None, "source"))
                reported.add(oid)
            continue
        text = lib.get(stem)
        if text is None:
            if stem not in reported:
                problems.append(Problem(dataset.source, f"source '{stem}' of option '{oid}' not found in {folder} "
                                                        f"(looked for {stem}.txt, {stem}.md, ...)", None, "source"))
                reported.add(stem)
            continue
        chapter = chapter_of.get(oid, "")
        result = text.check(quote, locator, chapter, chapters.get(stem, ()))
        if not result.ok:
            problems.append(Problem(ev_name, f"'{oid}': {result.message}", int(line) or None, "quote"))
    if scenarios is not None:
        for i, k, sc, a in _adjustments(scenarios):
            if not a.quote:
                continue
            where = f"scenarios[{i}].adjustments[{k}]"
            if not a.source:
                problems.append(Problem(scenarios.source, f"scenario '{sc.id}': an adjustment with a quote needs a source "
                                                          f"(file stem in {folder})", a.line, f"{where}.source"))
                continue
            text = lib.get(a.source)
            if text is None:
                problems.append(Problem(scenarios.source, f"scenario '{sc.id}': source '{a.source}' not found in {folder}",
                                        a.line, f"{where}.source"))
                continue
            result = text.check(a.quote, a.locator, a.chapter, chapters.get(a.source, ()))
            if not result.ok:
                problems.append(Problem(scenarios.source, f"scenario '{sc.id}': {result.message}", a.line, f"{where}.quote"))
    return problems


def _shifted(base: np.ndarray, deltas: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.clip(base + deltas, lo, hi)


def noop_adjustments(dataset: Dataset, scenario: Scenario) -> list[int]:
    """Indices of the adjustments whose removal leaves the scenario's adjusted scores unchanged.

    Shifts on a cell add up and are clipped to the scale (scenarios.py), so an adjustment is a no-op
    when it targets no option, or every cell it touches stays clipped at the same bound.
    """
    crit = dataset.criteria
    base = dataset.matrix
    lo, hi = crit.scale_min, crit.scale_max
    one = [Scenario(scenario.id, scenario.label, scenario.narrative, adjustments=(a,)).deltas(dataset)
           for a in scenario.adjustments]
    total = np.sum(one, axis=0) if one else np.zeros_like(base)
    full = _shifted(base, total, lo, hi)
    return [k for k, d in enumerate(one) if np.array_equal(_shifted(base, total - d, lo, hi), full)]


def check_scenarios(dataset: Dataset, scenarios: ScenarioSet) -> list[Problem]:
    """No-op adjustments and adjustments quoting evidence of another criterion (docs/data.md, Scenarios)."""
    problems: list[Problem] = []
    for i, sc in enumerate(scenarios.scenarios):
        for k in noop_adjustments(dataset, sc):
            a = sc.adjustments[k]
            problems.append(Problem(scenarios.source, f"scenario '{sc.id}': adjustment of {a.criterion} by {a.delta:+g} on "
                                                      f"{a.target} changes no score (already at the scale's bound, or no "
                                                      f"option targeted)", a.line, f"scenarios[{i}].adjustments[{k}]"))
    ev = dataset.evidence
    if not len(ev) or "quote" not in ev.columns:
        return problems
    quoted = ev[ev["quote"].astype(str) != ""]
    keys = [[quote_key(p) for p in quote_parts(q)] for q in quoted["quote"]]
    crits = quoted["criterion_id"].tolist()
    for i, k, sc, a in _adjustments(scenarios):
        if not a.quote:
            continue
        mine = [quote_key(p) for p in quote_parts(a.quote)]
        cited = {c for c, parts in zip(crits, keys)
                 if any(m and e and (m in e or e in m) for m in mine for e in parts)}
        if cited and a.criterion not in cited:
            problems.append(Problem(scenarios.source, f"scenario '{sc.id}': the quote of this {a.criterion} adjustment is "
                                                      f"evidence for {', '.join(sorted(cited))} in the evidence file, not "
                                                      f"for {a.criterion}", a.line, f"scenarios[{i}].adjustments[{k}].quote"))
    return problems
