"""Load and validate options.csv, criteria.yaml and evidence.csv into domain objects.

Every check collects problems instead of stopping at the first, so `scoring validate` can list them
all; the `load_*` functions raise one ScoringError carrying every problem.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .errors import Problem, ScoringError
from .model import CriteriaSet, Criterion, Dataset, Preference, Profile

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OPTIONS = PACKAGE_ROOT / "options.csv"
DEFAULT_CRITERIA = PACKAGE_ROOT / "criteria.yaml"
EVIDENCE_NAME = "evidence.csv"
EVIDENCE_COLUMNS = ("option_id", "criterion_id", "rationale", "locator")


# What an empty file should have held, for the "file is empty" message.
EXPECTED_CONTENT = {
    "options": "a header row with id, title and one column per criterion, then one row per option",
    "criteria": "a YAML mapping with a 'criteria' list",
    "evidence": "a header row with option_id, criterion_id, rationale, locator",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: str | Path, what: str) -> bytes:
    """Read a file, turning 'missing', 'a folder' and 'empty' into clear problems."""
    p = Path(path)
    if not p.exists():
        raise ScoringError.at(str(p), f"{what} file not found")
    if p.is_dir():
        raise ScoringError.at(str(p), f"expected the {what} file, found a folder")
    data = p.read_bytes()
    if not data.strip():
        expected = EXPECTED_CONTENT.get(what)
        raise ScoringError.at(str(p), f"{what} file is empty" + (f"; expected {expected}" if expected else ""), line=1)
    return data


OUTPUT_COLUMNS = ("rank", "score")  # every ranking writes these next to id and title


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScoringError.at(name, f"expected UTF-8 text, found an undecodable byte at offset {exc.start}") from None


# ---------------------------------------------------------------- criteria.yaml

def node_line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping_nodes(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def read_yaml(data: bytes, name: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Safe-load YAML keeping the node tree too (its marks give line numbers); a syntax error names line and column."""
    try:
        text = _decode(data, name)
    except ScoringError as exc:
        return None, None, list(exc.problems)
    loader = yaml.SafeLoader(text)
    try:  # one parse: the data is constructed from the same nodes
        root_node = loader.get_single_node()
        doc = loader.construct_document(root_node) if root_node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f" at column {mark.column + 1}" if mark is not None else ""
        return None, None, [Problem(name, f"malformed YAML{where}: {what}", line=line)]
    finally:
        loader.dispose()
    return doc, root_node, []


def finite_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def parse_criteria(data: bytes, name: str = "criteria.yaml") -> tuple[CriteriaSet | None, list[Problem]]:
    """Parse criteria YAML text; return the set (None if unusable) and every problem found."""
    if not data.strip():
        return None, [Problem(name, f"criteria file is empty; expected {EXPECTED_CONTENT['criteria']}", 1)]
    doc, root_node, problems = read_yaml(data, name)
    if problems:
        return None, problems
    if not isinstance(doc, dict) or "criteria" not in doc:
        return None, [Problem(name, "expected a mapping with a 'criteria' list at the top", line=1)]
    top = _mapping_nodes(root_node)
    raw = doc["criteria"]
    if not isinstance(raw, list) or not raw:
        return None, [Problem(name, "expected 'criteria' to be a non-empty list", line=node_line(top.get("criteria")), column="criteria")]
    item_nodes = top["criteria"].value if isinstance(top.get("criteria"), yaml.SequenceNode) else []
    criteria: list[Criterion] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        node = item_nodes[i] if i < len(item_nodes) else None
        fields = _mapping_nodes(node)
        line = node_line(node)

        def at(key: str) -> int | None:
            return node_line(fields.get(key)) or line

        where = f"criteria[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(name, "expected a mapping with id, label, direction, scale and weight", line, where))
            continue
        cid = item.get("id")
        if cid is None or str(cid).strip() == "":
            problems.append(Problem(name, "criterion has no id", line, f"{where}.id"))
            continue
        cid = str(cid).strip()
        if cid in seen:
            problems.append(Problem(name, f"duplicate criterion id '{cid}' (first at line {seen[cid]})", at("id"), f"{where}.id"))
            continue
        seen[cid] = line or 0
        if cid in ("id", "title", *OUTPUT_COLUMNS) or cid.endswith(("_low", "_high")):
            problems.append(Problem(name, f"criterion id '{cid}' clashes with a reserved column name", at("id"), f"{where}.id"))
        direction = item.get("direction")
        if direction not in ("benefit", "cost"):
            problems.append(Problem(name, f"criterion '{cid}': expected direction 'benefit' or 'cost', got {direction!r}", at("direction"), f"{where}.direction"))
        scale = item.get("scale", {"min": 1, "max": 5})
        smin = finite_number(scale.get("min")) if isinstance(scale, dict) else None
        smax = finite_number(scale.get("max")) if isinstance(scale, dict) else None
        if smin is None or smax is None:
            problems.append(Problem(name, f"criterion '{cid}': expected scale {{min: <number>, max: <number>}}, got {scale!r}", at("scale"), f"{where}.scale"))
        elif smin >= smax:
            problems.append(Problem(name, f"criterion '{cid}': scale min must be below max, got min {smin:g} >= max {smax:g}", at("scale"), f"{where}.scale"))
        weight = finite_number(item.get("weight", 1))
        if weight is None:
            problems.append(Problem(name, f"criterion '{cid}': expected a non-negative number as weight, got {item.get('weight')!r}", at("weight"), f"{where}.weight"))
        elif weight < 0:
            problems.append(Problem(name, f"criterion '{cid}': weight must not be negative, got {weight:g}", at("weight"), f"{where}.weight"))
        pref_raw = item.get("preference") or {"type": "usual"}
        pref = Preference()
        if not isinstance(pref_raw, dict) or pref_raw.get("type", "usual") not in ("usual", "linear"):
            problems.append(Problem(name, f"criterion '{cid}': expected preference type 'usual' or 'linear', got {pref_raw!r}", at("preference"), f"{where}.preference"))
        elif pref_raw.get("type", "usual") == "linear":
            q, p = finite_number(pref_raw.get("q", 0)), finite_number(pref_raw.get("p"))
            if q is None or p is None or q < 0 or p <= q:
                problems.append(Problem(name, f"criterion '{cid}': a linear preference needs numbers 0 <= q < p, got q={pref_raw.get('q', 0)!r}, p={pref_raw.get('p')!r}", at("preference"), f"{where}.preference"))
            else:
                pref = Preference("linear", q, p)
        rubric = item.get("rubric") or {}
        if not isinstance(rubric, dict):
            problems.append(Problem(name, f"criterion '{cid}': expected rubric to map scale points to text", at("rubric"), f"{where}.rubric"))
            rubric = {}
        if direction in ("benefit", "cost") and smin is not None and smax is not None and smin < smax and weight is not None and weight >= 0:
            criteria.append(Criterion(
                id=cid, label=str(item.get("label") or cid), direction=direction, scale_min=smin, scale_max=smax,
                weight=weight, description=str(item.get("description") or "").strip(),
                rubric={int(k) if str(k).lstrip("-").isdigit() else k: str(v) for k, v in rubric.items()}, preference=pref,
            ))
    profiles = _parse_profiles(doc.get("profiles") or {}, top.get("profiles"), seen, name, problems)
    if problems:
        return None, problems
    cs = CriteriaSet(tuple(criteria), profiles, source=name, sha256=sha256(data))
    if float(cs.default_weights.sum()) <= 0:
        return None, [Problem(name, "all default weights are zero; at least one criterion needs a positive weight", node_line(top.get("criteria")), "weight")]
    return cs, problems


def _parse_profiles(raw: Any, node: yaml.Node | None, known: dict[str, int], name: str, problems: list[Problem]) -> dict[str, Profile]:
    if not isinstance(raw, dict):
        problems.append(Problem(name, "expected 'profiles' to map names to weight sets", node_line(node), "profiles"))
        return {}
    nodes = _mapping_nodes(node)
    profiles: dict[str, Profile] = {}
    for pname, body in raw.items():
        line = node_line(nodes.get(str(pname)))
        where = f"profiles.{pname}"
        description = ""
        weights = body
        if isinstance(body, dict) and "weights" in body:
            description = str(body.get("description") or "")
            weights = body["weights"]
        if not isinstance(weights, dict) or not weights:
            problems.append(Problem(name, f"profile '{pname}': expected a mapping of criterion id to weight", line, where))
            continue
        ok = True
        for cid, w in weights.items():
            if str(cid) not in known:
                problems.append(Problem(name, f"profile '{pname}': unknown criterion '{cid}' (known: {', '.join(known)})", line, where))
                ok = False
            elif finite_number(w) is None or float(w) < 0:
                problems.append(Problem(name, f"profile '{pname}': weight of '{cid}' must be a non-negative number, got {w!r}", line, where))
                ok = False
        if ok and sum(float(w) for w in weights.values()) <= 0:
            problems.append(Problem(name, f"profile '{pname}': all weights are zero", line, where))
            ok = False
        if ok:
            profiles[str(pname)] = Profile(str(pname), {str(k): float(v) for k, v in weights.items()}, description)
    return profiles


def load_criteria(path: str | Path | None = None) -> CriteriaSet:
    p = Path(path) if path is not None else DEFAULT_CRITERIA
    cs, problems = parse_criteria(read_bytes(p, "criteria"), str(p))
    if problems or cs is None:
        raise ScoringError(problems)
    return cs


# ---------------------------------------------------------------- options.csv

def _read_csv_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) for each record; line numbers survive quoted newlines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if not header:
            header = [c.strip() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        rows.append((start, cells))
    return header, rows


def parse_options(data: bytes, criteria: CriteriaSet, name: str = "options.csv") -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse options CSV text; return a frame with float score columns and every problem found."""
    if not data.strip():
        return None, [Problem(name, f"options file is empty; expected {EXPECTED_CONTENT['options']}", 1)]
    try:
        text = _decode(data, name)
        header, rows = _read_csv_rows(text)
    except ScoringError as exc:
        return None, list(exc.problems)
    except csv.Error as exc:
        return None, [Problem(name, f"malformed CSV: {exc}")]
    problems: list[Problem] = []
    required = ["id", "title", *criteria.ids]
    missing = [c for c in required if c not in header]
    for col in missing:
        what = "a score column for criterion" if col in criteria.ids else "the required column"
        problems.append(Problem(name, f"missing {what} '{col}'", 1, col))
    for col in (c for c in header if c in OUTPUT_COLUMNS):  # would be shadowed by the ranking's own column
        problems.append(Problem(name, f"column '{col}' is reserved for the ranking's output; rename it "
                                      f"(e.g. '{col}_note') to keep it as descriptive text", 1, col))
    dupes = {c for c in header if header.count(c) > 1}
    for col in sorted(dupes):
        problems.append(Problem(name, f"column '{col}' appears more than once in the header", 1, col))
    if not rows:
        problems.append(Problem(name, "expected at least one option row below the header", 2))
    if dupes or not rows:  # rows cannot be read reliably; a missing column still lets the others be checked
        return None, problems
    width = len(header)
    records: list[list[str]] = []
    lines: list[int] = []
    for line, cells in rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(Problem(name, f"expected {width} cells as in the header, found {len(cells)}", line))
        cells = (cells + [""] * width)[:width]
        records.append([c.strip() for c in cells])
        lines.append(line)
    frame = pd.DataFrame(records, columns=header)
    line_of = np.array(lines)

    first_seen: dict[str, int] = {}
    for line, oid in zip(lines, frame["id"] if "id" in frame.columns else []):
        if oid == "":
            problems.append(Problem(name, "expected a non-empty id", line, "id"))
        elif oid in first_seen:
            problems.append(Problem(name, f"duplicate id '{oid}' (first at line {first_seen[oid]})", line, "id"))
        else:
            first_seen[oid] = line
    for line, title in zip(lines, frame["title"] if "title" in frame.columns else []):
        if title == "":
            problems.append(Problem(name, "expected a non-empty title", line, "title"))

    for crit in criteria.criteria:
        if crit.id not in frame.columns:  # already reported as a missing column
            continue
        scale = f"{crit.scale_min:g}-{crit.scale_max:g}"
        score = _numeric_column(frame, crit.id, line_of, name, f"a number on the scale {scale}", problems, required=True)
        bad_scale = ~np.isnan(score) & ((score < crit.scale_min) | (score > crit.scale_max))
        for i in np.flatnonzero(bad_scale):
            problems.append(Problem(name, f"score {score[i]:g} is outside the declared scale {scale} of '{crit.id}'", int(line_of[i]), crit.id))
        frame[crit.id] = score
        for suffix in ("low", "high"):
            col = f"{crit.id}_{suffix}"
            if col not in frame.columns:
                continue
            bound = _numeric_column(frame, col, line_of, name, f"a number on the scale {scale} or an empty cell", problems, required=False)
            outside = ~np.isnan(bound) & ((bound < crit.scale_min) | (bound > crit.scale_max))
            for i in np.flatnonzero(outside):
                problems.append(Problem(name, f"{suffix} bound {bound[i]:g} is outside the declared scale {scale} of '{crit.id}'", int(line_of[i]), col))
            wrong = ~np.isnan(bound) & ~np.isnan(score) & ((bound > score) if suffix == "low" else (bound < score))
            for i in np.flatnonzero(wrong):
                rel = "low must be <= score" if suffix == "low" else "score must be <= high"
                problems.append(Problem(name, f"{rel}, got {suffix} {bound[i]:g} and score {score[i]:g}", int(line_of[i]), col))
            frame[col] = bound
    if problems:
        return None, problems
    frame.attrs["lines"] = lines
    return frame, problems


def _numeric_column(frame: pd.DataFrame, col: str, line_of: np.ndarray, name: str, expected: str,
                    problems: list[Problem], required: bool) -> np.ndarray:
    raw = frame[col]
    values = pd.to_numeric(raw.where(raw != ""), errors="coerce").to_numpy(dtype=float, copy=True)
    empty = (raw == "").to_numpy()
    not_number = np.isnan(values) & ~empty
    infinite = np.isinf(values)
    for i in np.flatnonzero(not_number | infinite | (empty if required else np.zeros_like(empty))):
        got = "an empty cell" if empty[i] else repr(raw.iloc[i])
        problems.append(Problem(name, f"expected {expected}, got {got}", int(line_of[i]), col))
    values[infinite] = np.nan
    return values


# ---------------------------------------------------------------- evidence.csv

def parse_evidence(data: bytes, options: pd.DataFrame, criteria: CriteriaSet, name: str = EVIDENCE_NAME) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every (option, criterion) score needs exactly one reason with a locator; none may be orphaned."""
    if not data.strip():
        return None, [Problem(name, "evidence file is empty")]
    try:
        header, rows = _read_csv_rows(_decode(data, name))
    except ScoringError as exc:
        return None, list(exc.problems)
    except csv.Error as exc:
        return None, [Problem(name, f"malformed CSV: {exc}")]
    missing = [c for c in EVIDENCE_COLUMNS if c not in header]
    if missing:
        return None, [Problem(name, f"missing the required column '{c}'", 1, c) for c in missing]
    idx = {c: header.index(c) for c in EVIDENCE_COLUMNS}
    problems: list[Problem] = []
    option_ids = set(options["id"])
    crit_ids = set(criteria.ids)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for line, cells in rows:
        cells = (cells + [""] * len(header))[: len(header)]
        rec = {c: cells[i].strip() for c, i in idx.items()}
        oid, cid = rec["option_id"], rec["criterion_id"]
        if oid not in option_ids:
            problems.append(Problem(name, f"orphan reason: option '{oid}' is not in the options file", line, "option_id"))
            continue
        if cid not in crit_ids:
            problems.append(Problem(name, f"orphan reason: criterion '{cid}' is not in the criteria file", line, "criterion_id"))
            continue
        if (oid, cid) in seen:
            problems.append(Problem(name, f"second reason for '{oid}' x '{cid}' (first at line {seen[(oid, cid)]})", line, "option_id"))
            continue
        seen[(oid, cid)] = line
        for col in ("rationale", "locator"):
            if not rec[col]:
                problems.append(Problem(name, f"expected a non-empty {col} for '{oid}' x '{cid}'", line, col))
        records.append(rec)
    lines = options.attrs.get("lines", [None] * len(options))
    for line, oid in zip(lines, options["id"]):
        for cid in criteria.ids:
            if (oid, cid) not in seen:
                problems.append(Problem(name, f"missing reason for the score of '{oid}' on '{cid}' (options file line {line})", None, "option_id"))
    if problems:
        return None, problems
    return pd.DataFrame(records, columns=list(EVIDENCE_COLUMNS)), problems


# ---------------------------------------------------------------- the whole dataset

def check_dataset(options_data: bytes, criteria_data: bytes, evidence_data: bytes | None = None, *,
                  options_name: str = "options.csv", criteria_name: str = "criteria.yaml",
                  evidence_name: str = EVIDENCE_NAME) -> tuple[Dataset | None, list[Problem]]:
    """Validate in-memory files (as uploaded or read) and build a Dataset when there is no problem."""
    criteria, problems = parse_criteria(criteria_data, criteria_name)
    if criteria is None:
        return None, problems
    options, problems = parse_options(options_data, criteria, options_name)
    if options is None:
        return None, problems
    evidence = pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    if evidence_data is not None:
        ev, problems = parse_evidence(evidence_data, options, criteria, evidence_name)
        if ev is None:
            return None, problems
        evidence = ev
    options.attrs.pop("lines", None)  # pandas deep-copies attrs on every operation: keep the Dataset's frame lean
    return Dataset(
        options=options, criteria=criteria, evidence=evidence, source=options_name, sha256=sha256(options_data),
        evidence_source=evidence_name if evidence_data is not None else "",
        evidence_sha256=sha256(evidence_data) if evidence_data is not None else "",
    ), []


def default_evidence_path(options_path: Path) -> Path | None:
    candidate = options_path.parent / EVIDENCE_NAME
    return candidate if candidate.exists() else None


def validate_files(options: str | Path | None = None, criteria: str | Path | None = None,
                   evidence: str | Path | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Check files on disk; the evidence file next to the options file is checked when present."""
    opath = Path(options) if options is not None else DEFAULT_OPTIONS
    cpath = Path(criteria) if criteria is not None else DEFAULT_CRITERIA
    epath = Path(evidence) if evidence is not None else default_evidence_path(opath)
    problems: list[Problem] = []
    blobs: dict[str, bytes] = {}
    for key, path, what in (("o", opath, "options"), ("c", cpath, "criteria"), ("e", epath, "evidence")):
        if path is None:
            continue
        try:
            blobs[key] = read_bytes(path, what)
        except ScoringError as exc:
            problems.extend(exc.problems)
    if problems:
        return None, problems
    return check_dataset(blobs["o"], blobs["c"], blobs.get("e"), options_name=str(opath),
                         criteria_name=str(cpath), evidence_name=str(epath) if epath else EVIDENCE_NAME)


def load_dataset(options: str | Path | None = None, criteria: str | Path | None = None,
                 evidence: str | Path | None = None) -> Dataset:
    """Load the shipped files (or the given ones); raise ScoringError listing every problem."""
    dataset, problems = validate_files(options, criteria, evidence)
    if dataset is None:
        raise ScoringError(problems)
    return dataset
