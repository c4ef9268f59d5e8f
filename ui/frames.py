"""Pure pandas shaping between engine results and charts/tables (no Streamlit), so it is testable."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from scoring.compare import pareto_mask
from scoring.model import Dataset
from scoring.provenance import expand_line_refs, source_names


BASIS_LABELS = {"text": "the text says so", "inference": "our inference from the text",
                "silent": "judgement: the text is silent", "unknown": ""}


def reason_text(rationale: str, locator: str, basis: str = "unknown", quote: str = "") -> str:
    """One tooltip line: 'reason (locator) [basis] "quote"'; basis and quote only when known."""
    label = BASIS_LABELS.get(basis, basis)
    out = f"{rationale} ({locator})"
    if label:
        out += f" [{label}]"
    if quote:
        out += f' "{quote}"'
    return out


def rationale_reader(dataset: Dataset) -> Callable[[str, str], str]:
    """(option id, rationale) -> the rationale as a reader sees it: its line references ('S l.79-83') written out
    with the source's name ('Stimson Center 2022, lines 79-83'), from the data's own sources (options.csv
    `source`, `publication`; scoring.provenance.expand_line_refs)."""
    names = source_names(dataset.options)
    if not names:
        return lambda oid, text: str(text)
    own = dict(zip(dataset.options["id"], dataset.options["source"].astype(str)))
    return lambda oid, text: expand_line_refs(str(text), names, own.get(oid, ""))


def reasons(dataset: Dataset) -> dict[tuple[str, str], str]:
    """(option id, criterion id) -> 'reason (locator) [basis] "quote"' for tooltips; empty without evidence."""
    ev = dataset.evidence
    basis = ev["basis"] if "basis" in ev.columns else ["unknown"] * len(ev)
    quote = ev["quote"] if "quote" in ev.columns else [""] * len(ev)
    read = rationale_reader(dataset)
    return {(o, c): reason_text(read(o, r), loc, b, q) for o, c, r, loc, b, q in
            zip(ev["option_id"], ev["criterion_id"], ev["rationale"], ev["locator"], basis, quote)}


def relation_sentence(dataset: Dataset, a: str, b: str, names: Mapping[str, str]) -> str:
    """How two options relate, in words, for head to head (options.csv excludes / combines_with / overlaps)."""
    rel = dataset.relation(a, b)
    na, nb = names.get(a, a), names.get(b, b)
    if rel == "excludes":
        return f"These are alternatives: adopting {na} rules out {nb}, so this is a choice between them."
    if rel == "combines_with":
        return (f"These can be combined: the text treats {na} and {nb} as complements, so the comparison shows "
                f"which matters more, not which to pick.")
    if rel == "overlaps":
        return (f"These overlap: {na} and {nb} share a step, so adopting both counts that step twice; compare "
                f"them as a choice or combine them without the shared part.")
    recorded = any(r in dataset.options.columns for r in ("excludes", "combines_with", "overlaps"))
    if recorded:
        return f"No relation is recorded between {na} and {nb}: they are independent and can be adopted together."
    return ""


def contributions_long(table: pd.DataFrame, dataset: Dataset, with_reasons: bool = True) -> pd.DataFrame:
    """One row per criterion x option (criterion-major, options in `table` order) with its contribution,
    the option's total score, its raw score and (with_reasons) its reason. Built from arrays at once:
    this runs on every weight change of the Rank view."""
    crit = dataset.criteria
    n, m = len(table), len(crit)
    ids = table["id"].to_numpy(dtype=object)
    rows = pd.Index(dataset.ids).get_indexer(ids)  # each table row's row in the data
    out = pd.DataFrame({
        "id": np.tile(ids, m), "title": np.tile(table["title"].to_numpy(dtype=object), m),
        "label": np.repeat(np.array([c.label for c in crit.criteria], dtype=object), n),
        "criterion_index": np.repeat(np.arange(m), n),
        "contribution": table[crit.ids].to_numpy(dtype=float).T.ravel(),
        "score": np.tile(table["score"].to_numpy(dtype=float), m),
        "raw": dataset.matrix[rows].T.ravel()})
    if with_reasons:
        why = reasons(dataset)
        out["reason"] = [why.get((oid, cid), "") for cid in crit.ids for oid in ids]
    return out


def scatter_frame(dataset: Dataset, x: str, y: str, colour: str | None = None) -> pd.DataFrame:
    """Raw scores on two criteria with the non-dominated options marked (directions respected)."""
    crit = dataset.criteria
    opts = dataset.options
    frame = pd.DataFrame({"id": opts["id"], "title": opts["title"],
                          "theme": opts["theme"] if "theme" in opts.columns else "",
                          x: opts[x].to_numpy(dtype=float), y: opts[y].to_numpy(dtype=float)})
    if colour and colour not in (x, y):
        frame[colour] = opts[colour].to_numpy(dtype=float)
    frame["pareto"] = pareto_mask(frame[[x, y]].to_numpy(), [not crit[x].is_cost, not crit[y].is_cost])
    frame["n_here"] = frame.groupby([x, y])["id"].transform("count")
    return frame


def scatter_points(frame: pd.DataFrame, x: str, y: str, colour: str | None = None) -> pd.DataFrame:
    """One row per distinct (x, y) position of `scatter_frame`: how many options share it and all their titles.

    Columns: x, y, n, names (titles joined by ' · ', in the frame's order), pareto (bool: the position is
    not beaten on both criteria), front (the same in words), and `colour` (mean over the options there).
    """
    agg = {"n": ("id", "size"), "names": ("title", lambda t: " · ".join(map(str, t))), "pareto": ("pareto", "any")}
    if colour and colour in frame.columns and colour not in (x, y):
        agg[colour] = (colour, "mean")
    pts = frame.groupby([x, y], sort=False).agg(**agg).reset_index()
    pts["front"] = np.where(pts["pareto"], "not beaten on both", "beaten on both")
    return pts


def head_to_head_long(h2h_table: pd.DataFrame, dataset: Dataset, a: str, b: str, names: Mapping[str, str]) -> pd.DataFrame:
    why = reasons(dataset)
    raw = dataset.options.set_index("id")
    rows = []
    for oid, col in ((a, "contribution_a"), (b, "contribution_b")):
        rows.append(pd.DataFrame({
            "option": names[oid], "label": h2h_table["label"], "contribution": h2h_table[col],
            "raw": raw.loc[oid, list(h2h_table["criterion"])].to_numpy(dtype=float),
            "reason": [why.get((oid, c), "") for c in h2h_table["criterion"]]}))
    return pd.concat(rows, ignore_index=True)


def methods_long(ranks: pd.DataFrame, methods: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
    long = ranks.melt(id_vars=["id", "title"], value_vars=list(methods), var_name="method", value_name="rank")
    long["method"] = long["method"].map(labels)
    return long


def taus_long(taus: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    long = taus.rename(index=labels, columns=labels).stack().reset_index()
    long.columns = ["a", "b", "tau"]
    return long


def evidence_table(dataset: Dataset, option_id: str) -> pd.DataFrame:
    """Each criterion's score, range, basis, quote, reason and locator for one option, adjusted scores marked."""
    crit = dataset.criteria
    row = dataset.options.set_index("id").loc[option_id]
    ev = dataset.evidence.set_index(["option_id", "criterion_id"]) if len(dataset.evidence) else None
    adjusted = {(o, c) for o, c, _ in dataset.adjustments}
    read = rationale_reader(dataset)
    out = []
    for c in crit.criteria:
        low = row.get(f"{c.id}_low", np.nan)
        high = row.get(f"{c.id}_high", np.nan)
        has_range = pd.notna(low) and pd.notna(high) and float(high) > float(low)
        reason, locator, basis, quote = ("", "", "", "")
        if ev is not None and (option_id, c.id) in ev.index:
            hit = ev.loc[(option_id, c.id)]
            reason, locator = read(option_id, hit["rationale"]), hit["locator"]
            basis = BASIS_LABELS.get(str(hit.get("basis", "unknown")), str(hit.get("basis", "")))
            quote = str(hit.get("quote", "") or "")
        out.append({"criterion": c.label, "direction": c.direction, "score": float(row[c.id]),
                    "range": f"{float(low):g}-{float(high):g}" if has_range else "",
                    "adjusted": "adjusted this session" if (option_id, c.id) in adjusted else "",
                    "basis": basis, "quote": quote, "reason": reason, "locator": locator})
    return pd.DataFrame(out)


MOVEMENT_FORMAT = "%+d"  # printf (the grid's sprintf) of places moved: 3 -> '+3', -2 -> '-2', 0 -> '+0'
