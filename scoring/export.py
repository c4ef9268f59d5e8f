"""Write results as CSV, JSON, Excel or Markdown, each carrying `about` metadata for reproduction.

A Report is one or more tables plus metadata; every command (rank, sensitivity, smaa, scenarios,
workshop) builds a Report and the same writers serve all of them, CLI and dashboard alike.
"""
from __future__ import annotations

import io
import os
import stat
import tempfile
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .model import Dataset

FORMATS: tuple[str, ...] = ("csv", "json", "xlsx", "md")
# OWASP CSV injection: a cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Report:
    kind: str  # "ranking", "sensitivity", ...
    tables: Mapping[str, pd.DataFrame]  # first table is the main one (CSV holds only it)
    meta: Mapping[str, Any] = field(default_factory=dict)  # top-level JSON keys, e.g. method, weights
    about: Mapping[str, Any] = field(default_factory=dict)
    json_key: str = "rows"  # JSON key of the main table ("options" for a ranking)

    @property
    def main(self) -> pd.DataFrame:
        return next(iter(self.tables.values()))


def about(dataset: Dataset, method: str | None = None, normalization: str | None = None,
          now: datetime | None = None, **extra: Any) -> dict[str, Any]:
    """What produced a table: method, settings, version, time and the SHA-256 of every input file."""
    from . import __version__

    inputs = {
        "options": {"file": Path(dataset.source).name, "sha256": dataset.sha256},
        "criteria": {"file": Path(dataset.criteria.source).name, "sha256": dataset.criteria.sha256},
    }
    if dataset.evidence_sha256:
        inputs["evidence"] = {"file": Path(dataset.evidence_source).name, "sha256": dataset.evidence_sha256}
    info: dict[str, Any] = {
        "tool": "policy-scoring",
        "version": __version__,
        "generated": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "method": method,
        "normalization": normalization,
        "inputs": inputs,
    }
    if dataset.adjustments:
        info["adjusted_scores"] = [
            {"option": o, "criterion": c, "score": s} for o, c, s in dataset.adjustments
        ]
    info.update(extra)
    return info


def ranking_report(ranking: Any, dataset: Dataset, now: datetime | None = None, **extra_about: Any) -> Report:
    meta = {"method": ranking.method, "normalization": ranking.normalization, "weights": ranking.weights}
    return Report(
        kind="ranking",
        tables={"ranking": ranking.table},
        meta=meta,
        about=about(dataset, ranking.method, ranking.normalization, now, weights=ranking.weights, **ranking.settings, **extra_about),
        json_key="options",
    )


# A plain decimal number written as text ("-3", "+1.5e3") cannot run anything; leave it a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralize(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with a quote; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralize).astype(object)
    out.columns = [neutralize(str(c)) for c in out.columns]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f + 0.0  # exact, but never -0.0
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if value is pd.NA or value is None:
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    return [{str(c): _plain(v) for c, v in zip(cols, row)} for row in frame.itertuples(index=False, name=None)]


CSV_DIGITS = 12  # significant digits of a float in CSV: removes float noise (0.7333333333333331), keeps every real digit


def display_number(value: float) -> float:
    """How CSV prints a float (the rule shared by the CLI and the dashboard): rounded to CSV_DIGITS
    significant digits and never -0.0. JSON keeps the exact value (only -0.0 becomes 0.0); Markdown shows 4 decimals.

    0.7333333333333331 -> 0.733333333333; -0.0 -> 0.0; 1e-17 -> 1e-17; nan stays nan.
    """
    f = float(value)
    if not math.isfinite(f):
        return f
    return float(f"{f:.{CSV_DIGITS}g}") + 0.0  # + 0.0 turns -0.0 into 0.0


def to_csv(report: Report) -> str:
    """CSV with "\n" line ends; CRLF (RFC 4180) when a text cell holds a carriage return.

    Floats are written by `display_number` (12 significant digits, no -0.0): the same bytes from the CLI
    and the dashboard; JSON carries the exact numbers.

    Python's csv writer quotes a field only for characters of the line terminator, so with "\n"
    a bare "\r" inside a cell would be written unquoted and split the row when read back.
    """
    frame = _safe_frame(report.main)
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            frame[col] = frame[col].map(display_number)
    texts = [str(c) for c in frame.columns]
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            texts.extend(v for v in frame[col] if isinstance(v, str))
    terminator = "\r\n" if any("\r" in t for t in texts) else "\n"
    return frame.to_csv(index=False, lineterminator=terminator)


def to_json(report: Report) -> str:
    doc: dict[str, Any] = {k: _plain(v) for k, v in report.meta.items()}
    names = list(report.tables)
    doc[report.json_key] = _records(report.tables[names[0]])
    for name in names[1:]:
        doc[name] = _records(report.tables[name])
    doc["about"] = _plain(dict(report.about))
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _md_cell(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else f"{float(value) + 0.0:.4f}".replace("-0.0000", "0.0000")
    text = "" if value is None or value is pd.NA else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\r", " ").replace("\n", " ")


def _md_table(frame: pd.DataFrame) -> str:
    head = "| " + " | ".join(_md_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns) + "|"
    body = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False, name=None)]
    return "\n".join([head, rule, *body])


def to_markdown(report: Report) -> str:
    lines = [f"# {report.kind.capitalize()}", ""]
    for name, frame in report.tables.items():
        if len(report.tables) > 1:
            lines += [f"## {name}", ""]
        lines += [_md_table(frame), ""]
    weights = report.meta.get("weights")
    if isinstance(weights, Mapping):
        lines += ["## Weights", "", _md_table(pd.DataFrame({"criterion": list(weights), "weight": [float(w) for w in weights.values()]})), ""]
    lines += ["## About", ""]
    for key, value in report.about.items():
        if key == "weights":
            continue
        rendered = json.dumps(_plain(value), ensure_ascii=False) if isinstance(value, (Mapping, list, tuple)) else _md_cell(value)
        lines.append(f"- **{key}**: {rendered}")
    return "\n".join(lines) + "\n"


# Characters Excel's XML cannot hold (openpyxl raises IllegalCharacterError on them). Loading refuses them
# in text cells; this keeps an export of data built another way (workshop, adjustments) from crashing.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: _XML_ILLEGAL.sub(" ", v) if isinstance(v, str) else v)
    frame.columns = [_XML_ILLEGAL.sub(" ", str(c)) for c in frame.columns]
    return frame


def to_xlsx(report: Report) -> bytes:
    """Sheets: each table, then weights (when present), then about."""
    sheets: dict[str, pd.DataFrame] = {name[:31]: _xml_safe(_safe_frame(frame)) for name, frame in report.tables.items()}
    weights = report.meta.get("weights")
    if isinstance(weights, Mapping):
        # criterion ids come from criteria.yaml and may start with "=": neutralize them like any text cell
        sheets["weights"] = _safe_frame(pd.DataFrame({"criterion": list(weights), "weight": [float(w) for w in weights.values()]}))
    flat = [(k, json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (Mapping, list, tuple)) else _plain(v))
            for k, v in report.about.items()]
    sheets["about"] = _xml_safe(_safe_frame(pd.DataFrame(flat, columns=["key", "value"]).astype({"value": object})))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buf.getvalue()


def render(report: Report, fmt: str) -> str | bytes:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    raise ScoringError.at("--format", f"unknown format '{fmt}' (expected one of: {', '.join(FORMATS)})")


MIME_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "md": "text/markdown",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output_path(path: str | Path, inputs: Sequence[str | Path] = ()) -> None:
    """Refuse an output path that would replace an input or is not a regular file.

    The same file is recognized by device and inode (os.stat follows links), so a symlink or a hard
    link to options.csv is refused as well as the path itself. Errors: ScoringError naming the path.
    """
    target = Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ScoringError.at(str(target), f"cannot write here: {exc.strerror or exc}") from None
    if st is None:
        if target.is_symlink():
            raise ScoringError.at(str(target), "is a link to nothing; give a plain file path to write to")
        if not target.parent.is_dir():
            raise ScoringError.at(str(target), "the folder to write into does not exist")
        return
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
        raise ScoringError.at(str(target), f"is {kind}, not a file; give a file path to write to")
    for inp in inputs:
        try:
            if _same_file(st, os.stat(inp)):
                raise ScoringError.at(str(target), f"is the input file {inp}; writing there would replace your data "
                                                   "- choose another output name")
        except FileNotFoundError:
            continue


def write_temp_beside(target: str | Path, data: str | bytes) -> Path:
    """Write `data` to a fresh temporary file in `target`'s folder (tempfile.mkstemp: unique name, O_EXCL,
    so a link planted at a guessable name is never followed) and return its path; the caller renames it."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; an output is an ordinary file
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_files(items: Sequence[tuple[str | Path, str | bytes]], inputs: Sequence[str | Path] = ()) -> None:
    """Write several files so that a failure leaves the old ones (or a consistent set) in place.

    Each file goes to a fresh temporary file beside its target, created by tempfile.mkstemp (unique
    name, O_EXCL: a planted link at a predictable name is never followed), then renamed over the
    target. Every temporary file is written before any rename, so a full disk changes nothing. The
    first item is the main file, the others describe it (`<out>.about.json`): if the main file's rename
    fails nothing changes; if a sidecar's fails, the old sidecar is removed, never left beside a new output.
    """
    for path, _ in items:
        check_output_path(path, inputs)
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in items:
            temps.append((write_temp_beside(path, data), Path(path)))
        for k, (tmp, target) in enumerate(temps):
            try:
                os.replace(tmp, target)
            except OSError:
                if k > 0:  # the main file is new: its old sidecars would describe another run
                    for _, stale in temps[k:]:
                        stale.unlink(missing_ok=True)
                raise
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        where = str(temps[-1][1]) if temps else str(items[0][0])
        raise ScoringError.at(where, f"could not write: {exc.strerror or exc}") from None


def write_atomic(path: str | Path, data: str | bytes, inputs: Sequence[str | Path] = ()) -> None:
    """Write one file atomically and safely (see write_files)."""
    write_files([(path, data)], inputs)
