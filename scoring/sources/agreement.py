"""Inter-rater agreement between two analysts who scored the same options independently.

Weighted Cohen's kappa (Cohen 1968, "Weighted kappa: Nominal scale agreement with provision for
scaled disagreement or partial credit", Psychological Bulletin 70(4), 213-220):

    kappa_w = 1 - sum_ij w_ij O_ij / sum_ij w_ij E_ij

with O the k x k table of observed proportions (rater A's category by rater B's), E = outer(row
marginals, column marginals) the table expected by chance, and disagreement weights
w_ij = ((i - j) / (k - 1))**2 (quadratic, the default; Fleiss & Cohen 1973 show it equals the
intraclass correlation for large n) or |i - j| / (k - 1) (linear). k = the criterion's integer scale
points. kappa_w is 1 for perfect agreement, 0 for agreement at chance level, negative below chance;
it is undefined (NaN) when both raters used a single category throughout (no variation to agree on).
Conventional reading (Landis & Koch 1977): < 0 poor, 0-0.2 slight, 0.2-0.4 fair, 0.4-0.6 moderate,
0.6-0.8 substantial, 0.8-1 almost perfect.

Krippendorff's alpha, ordinal level (Krippendorff 2004, "Content Analysis: An Introduction to Its
Methodology", 2nd ed., ch. 11; Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
University of Pennsylvania, sections C-D):

    alpha = 1 - D_o / D_e

with D_o the observed disagreement within units (here: options) and D_e the disagreement expected
from all pairable values pooled, both under the ordinal metric (the squared count of values between
two ranks). It is computed by the kept `krippendorff` package (Castro, PyPI `krippendorff`) with the
criterion's scale points as the value domain. Unlike kappa it uses the two raters' pooled
distribution, so one analyst who gives every option the same score does not force it to 0. Reading
(Krippendorff 2004, p. 241): >= 0.800 reliable, 0.667-0.800 tentative, < 0.667 not reliable.

Cells blank in either file are skipped and counted per criterion (`CriterionAgreement.skipped`,
`skipped_why`); where a coefficient cannot be computed (fewer than two options scored by both,
no variation at all) it is NaN and `note` says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import Problem, ScoringError
from ..model import CriteriaSet

Weighting = Literal["quadratic", "linear"]
MAX_SCALE_POINTS = 1001  # kappa and alpha build (points x points) tables: a 0-10,000,000 "scale" asked for 728 TiB


def _point(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() and abs(v) < 1e15 else f"{v:g}"


def weighted_kappa(a: np.ndarray, b: np.ndarray, k: int, weighting: Weighting = "quadratic") -> float:
    """Cohen's weighted kappa of two integer rating vectors with categories 0..k-1 (shape (n,), n >= 1).

    Returns NaN when chance disagreement is zero (both raters constant on the same category).
    """
    a = np.asarray(a, dtype=int)
    b = np.asarray(b, dtype=int)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError("two rating vectors of the same non-zero length are needed")
    observed = np.zeros((k, k))
    np.add.at(observed, (a, b), 1.0)
    observed /= a.size
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    i, j = np.indices((k, k))
    d = np.abs(i - j) / max(k - 1, 1)
    w = d ** 2 if weighting == "quadratic" else d
    chance = float((w * expected).sum())
    if chance == 0.0:
        return float("nan")
    return 1.0 - float((w * observed).sum()) / chance


def krippendorff_alpha(a: np.ndarray, b: np.ndarray, domain: np.ndarray) -> float:
    """Krippendorff's alpha, ordinal level, of two raters' scores (shape (n,) each, NaN = not scored).

    `domain`: the scale points in order (e.g. 1..5). Krippendorff (2004, ch. 11; 2011, section D),
    through the `krippendorff` package. Returns NaN when fewer than two options are scored by both or
    every pairable value is the same (D_e = 0: nothing to agree on).
    """
    import krippendorff

    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    both = ~np.isnan(a) & ~np.isnan(b)
    if both.sum() < 2 or np.unique(np.concatenate([a[both], b[both]])).size < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=np.vstack([a[both], b[both]]),
                                    value_domain=np.asarray(domain, dtype=float), level_of_measurement="ordinal"))


def krippendorff_reading(alpha: float) -> str:
    """Krippendorff (2004, p. 241): >= .800 reliable; .667-.800 tentative conclusions only; below: not reliable."""
    if np.isnan(alpha):
        return "n/a"
    return "reliable" if alpha >= 0.8 else "tentative" if alpha >= 0.667 else "not reliable"


def landis_koch(kappa: float) -> str:
    if np.isnan(kappa):
        return "n/a"
    for bound, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa < bound:
            return word
    return "almost perfect"


@dataclass(frozen=True)
class CriterionAgreement:
    criterion: str
    n: int
    exact: float      # share of options scored identically
    kappa: float      # weighted kappa (NaN if undefined)
    reading: str
    alpha: float = float("nan")  # Krippendorff's alpha, ordinal (NaN if undefined)
    skipped: int = 0             # options in both files left out because a cell is blank
    skipped_why: str = ""        # e.g. "blank in B: a, c"
    note: str = ""               # why kappa/alpha cannot be computed, or what to read them with


@dataclass(frozen=True)
class Disagreement:
    option_id: str
    criterion: str
    a: float
    b: float
    rationale_a: str = ""
    rationale_b: str = ""


@dataclass(frozen=True)
class Agreement:
    weighting: Weighting
    per_criterion: tuple[CriterionAgreement, ...]
    overall_kappa: float
    overall_alpha: float
    to_reconcile: tuple[Disagreement, ...]
    only_in_a: tuple[str, ...]
    only_in_b: tuple[str, ...]


def _scores(frame: pd.DataFrame, name: str, criteria: CriteriaSet) -> pd.DataFrame:
    if "id" not in frame.columns:
        raise ScoringError.at(name, "no 'id' column; expected an options file with one row per option", line=1, column="id")
    missing = [c for c in criteria.ids if c not in frame.columns]
    if missing:
        raise ScoringError.at(name, f"no column for criteria: {', '.join(missing)}", line=1)
    ids = frame["id"].astype(str).str.strip()
    dup = ids[ids.duplicated()]
    if len(dup):
        raise ScoringError.at(name, f"option id '{dup.iloc[0]}' appears twice", line=int(dup.index[0]) + 2, column="id")
    out = frame[criteria.ids].apply(pd.to_numeric, errors="coerce")
    out.index = ids
    return out


def _names(ids: pd.Index, limit: int = 8) -> str:
    shown = ", ".join(str(x) for x in ids[:limit])
    return shown + (f", ... ({len(ids)} in all)" if len(ids) > limit else "") if len(ids) else "none"


def _why_not(n: int, ia: np.ndarray, ib: np.ndarray, scale_min: float) -> str:
    """Why kappa/alpha are NaN or degenerate for one criterion ('' when both read normally)."""
    if n == 0:
        return "no option scored by both: kappa and alpha not computed"
    if n == 1:
        return "only 1 option scored by both: kappa and alpha need at least 2"
    pooled = np.unique(np.concatenate([ia, ib]))
    if pooled.size == 1:
        return (f"both gave every option {pooled[0] + scale_min:g}: no variation to agree on, "
                "kappa and alpha undefined (exact agreement is 100%)")
    for who, v in (("A", ia), ("B", ib)):
        if np.unique(v).size == 1:
            return (f"{who} gave every option {v[0] + scale_min:g}: kappa is 0 by construction "
                    "(no variation on one side); read alpha and the exact share")
    return ""


def agreement(a: pd.DataFrame, b: pd.DataFrame, criteria: CriteriaSet, name_a: str = "A", name_b: str = "B",
              weighting: Weighting = "quadratic", evidence_a: pd.DataFrame | None = None,
              evidence_b: pd.DataFrame | None = None) -> Agreement:
    """Agreement per criterion over the options both files score, and every cell where the two differ.

    Cells empty in either file are left out of kappa and alpha, counted per criterion (`skipped`,
    `skipped_why`) and listed to reconcile when only one is empty. Scores off the criterion's scale are
    a ScoringError naming file, line and column; two files with no option id in common are a
    ScoringError naming both.
    """
    sa, sb = _scores(a, name_a, criteria), _scores(b, name_b, criteria)
    common = sa.index.intersection(sb.index, sort=False)
    if len(common) == 0:
        raise ScoringError.at(f"{name_a} and {name_b}",
                              f"the two files share no option id, so there is nothing to compare "
                              f"({name_a}: {_names(sa.index)}; {name_b}: {_names(sb.index)}); "
                              "both analysts must score the same options under the same ids"
                              + (" (their ids differ only in upper and lower case)"  # review rev1 R1-10
                                 if {str(x).casefold() for x in sa.index} & {str(x).casefold() for x in sb.index} else ""))
    problems: list[Problem] = []
    per: list[CriterionAgreement] = []
    all_a: list[np.ndarray] = []
    all_b: list[np.ndarray] = []
    cells: list[Disagreement] = []
    reasons = {}
    for key, ev in (("a", evidence_a), ("b", evidence_b)):
        if ev is not None and {"option_id", "criterion_id", "rationale"} <= set(ev.columns):
            reasons[key] = {(str(r.option_id), str(r.criterion_id)): str(r.rationale) for r in ev.itertuples()}
    for c in criteria.criteria:  # a (k, k) table per criterion: refuse a scale that is no rating scale (untr2)
        if c.scale_max - c.scale_min + 1 > MAX_SCALE_POINTS:
            problems.append(Problem(criteria.source, f"criterion '{c.id}' has the scale {_point(c.scale_min)}-{_point(c.scale_max)}; "
                                    "agreement (Cohen's kappa, Krippendorff's alpha) compares whole points of a rating "
                                    f"scale, at most {MAX_SCALE_POINTS:,} of them", column=c.id))
    if problems:
        raise ScoringError(problems)
    for c in criteria.criteria:  # scale check first: one error lists every bad cell
        for frame, nm in ((sa, name_a), (sb, name_b)):
            vals = frame[c.id].to_numpy(dtype=float)
            off = ~np.isnan(vals) & ((vals < c.scale_min) | (vals > c.scale_max))
            bad = off | (~np.isnan(vals) & (vals != np.rint(vals)))
            problems.extend(Problem(nm, f"score {vals[i]:g} for '{frame.index[i]}' is "
                                        + ("outside" if off[i] else "not a whole point on")  # review rev1 R1-10
                                        + f" the {c.scale_min:g}-{c.scale_max:g} scale", int(i) + 2, c.id)
                            for i in np.flatnonzero(bad))
    if problems:
        raise ScoringError(problems)
    for c in criteria.criteria:
        va = sa.loc[common, c.id].to_numpy(dtype=float)
        vb = sb.loc[common, c.id].to_numpy(dtype=float)
        both = ~np.isnan(va) & ~np.isnan(vb)
        k = int(c.scale_max - c.scale_min) + 1
        ia = (va[both] - c.scale_min).astype(int)
        ib = (vb[both] - c.scale_min).astype(int)
        n = int(both.sum())
        kappa = weighted_kappa(ia, ib, k, weighting) if n >= 2 else float("nan")
        alpha = krippendorff_alpha(ia, ib, np.arange(k)) if n >= 2 else float("nan")
        exact = float((ia == ib).mean()) if n else float("nan")
        why = []
        for label, mask in ((f"blank in {name_a} and {name_b}", np.isnan(va) & np.isnan(vb)),
                            (f"blank in {name_a}", np.isnan(va) & ~np.isnan(vb)),
                            (f"blank in {name_b}", ~np.isnan(va) & np.isnan(vb))):
            if mask.any():
                why.append(f"{label}: {_names(common[mask], 5)}")
        per.append(CriterionAgreement(c.id, n, exact, kappa, landis_koch(kappa), alpha, int((~both).sum()),
                                      "; ".join(why), _why_not(n, ia, ib, c.scale_min)))
        all_a.append(ia / max(k - 1, 1))
        all_b.append(ib / max(k - 1, 1))
        differ = (va != vb) & ~(np.isnan(va) & np.isnan(vb))
        cells.extend(Disagreement(str(oid), c.id, float(x), float(y),
                                  reasons.get("a", {}).get((str(oid), c.id), ""),
                                  reasons.get("b", {}).get((str(oid), c.id), ""))
                     for oid, x, y in zip(common[differ], va[differ], vb[differ]))
    # overall: every cell on a common 0..4 grid (criteria may differ in scale length)
    ca = np.rint(np.concatenate(all_a) * 4).astype(int) if all_a else np.zeros(0, int)
    cb = np.rint(np.concatenate(all_b) * 4).astype(int) if all_b else np.zeros(0, int)
    overall = weighted_kappa(ca, cb, 5, weighting) if ca.size >= 2 else float("nan")
    overall_alpha = krippendorff_alpha(ca, cb, np.arange(5)) if ca.size >= 2 else float("nan")
    cells.sort(key=lambda d: (-abs(d.a - d.b) if not (np.isnan(d.a) or np.isnan(d.b)) else -99, d.option_id, d.criterion))
    return Agreement(weighting, tuple(per), overall, overall_alpha, tuple(cells),
                     tuple(str(x) for x in sa.index.difference(sb.index)),
                     tuple(str(x) for x in sb.index.difference(sa.index)))


def agreement_table(result: Agreement) -> pd.DataFrame:
    """One row per criterion: n, exact share, kappa and its reading (for CSV/Markdown output)."""
    return pd.DataFrame([{"criterion": r.criterion, "n": r.n, "skipped": r.skipped, "exact": round(r.exact, 3),
                          f"kappa_{result.weighting}": round(r.kappa, 3), "reading": r.reading,
                          "alpha_ordinal": round(r.alpha, 3), "alpha_reading": krippendorff_reading(r.alpha)}
                         for r in result.per_criterion])


def agreement_notes(result: Agreement) -> list[str]:
    """One line per criterion with skipped cells or a coefficient that cannot be read normally."""
    out: list[str] = []
    for r in result.per_criterion:
        if r.skipped:
            out.append(f"{r.criterion}: {r.skipped} cell{'s' if r.skipped != 1 else ''} skipped ({r.skipped_why})")
        if r.note:
            out.append(f"{r.criterion}: {r.note}")
    return out


def overall_text(result: Agreement, alpha_name: str = "alpha") -> str:
    """'kappa 0.667 (substantial), alpha 0.652 (not reliable)', or why neither can be computed over all cells."""
    n = sum(r.n for r in result.per_criterion)
    if np.isnan(result.overall_kappa) and np.isnan(result.overall_alpha):
        why = "no cell is scored in both files" if n == 0 else \
            "only 1 cell is scored in both files" if n == 1 else "every cell scored in both files has the same score"
        return f"not computed: {why}"
    return (f"kappa {result.overall_kappa:.3f} ({landis_koch(result.overall_kappa)}), "
            f"{alpha_name} {result.overall_alpha:.3f} ({krippendorff_reading(result.overall_alpha)})")


def score_text(x: float) -> str:
    """A score for the reconcile list: '4', or '(blank)' for an empty cell."""
    return "(blank)" if np.isnan(x) else f"{x:g}"


def reconcile_table(result: Agreement) -> pd.DataFrame:
    return pd.DataFrame([{"option_id": d.option_id, "criterion": d.criterion, "a": d.a, "b": d.b,
                          "rationale_a": d.rationale_a, "rationale_b": d.rationale_b}
                         for d in result.to_reconcile],
                        columns=["option_id", "criterion", "a", "b", "rationale_a", "rationale_b"])


def read_table(path: str, what: str = "options") -> pd.DataFrame:
    """Read an options or evidence CSV as text (ids keep their spelling); problems name the file."""
    from pathlib import Path

    p = Path(path)
    if not p.exists():
        raise ScoringError.at(str(p), f"{what} file not found")
    try:
        return pd.read_csv(p, dtype=str, keep_default_na=False).replace({"": np.nan})
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ScoringError.at(str(p), f"cannot read this CSV: {exc}") from None

