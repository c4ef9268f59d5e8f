"""The room's analysis for workshop mode: store rows in, engine arrays, tables and reports out.

Everything the facilitator and participant pages show that is not drawing lives here, so it is typed,
tested without a server and the same on every process: turning `Store.latest()` rows into the
engine's (k participants x m criteria) arrays, one call into `scoring.group.analyse_room`, the tables
a room reads (rank column with ties visible, option titles, labelled headers) and the export reports.
No Streamlit import. The group statistics themselves (aggregation, Kendall's W, drivers, distance to
flip, rank acceptability) and their sources are in `scoring.group`.

Tables returned for display ("..._table") have human headers and string cells where the format
matters (percentages, "did not answer"); they are meant to be shown with `st.dataframe` (never as
Markdown). Report tables ("group_report", "submissions_report") keep machine column names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .export import Report, about
from .group import RoomResult, analyse_room, kendall_w, round_movement, score_rows, split_top, tie_sizes, top_ids
from .loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, check_dataset, default_evidence_path, read_bytes
from .model import Dataset
from .order import natural_order
from .ranking import rank_rows
from .weights import points_from_weights

if TYPE_CHECKING:  # the store is only needed for rounds_summary's type; keep the import light
    from .store import DataVersion, Store, Workshop

TOP_K = 5
TIES_NAMED = 3  # a tie for the top names this many titles, then 'and n more'
DID_NOT_ANSWER = "did not answer"


# ---------------------------------------------------------------- inputs

def check_dataset_fits(dataset: Dataset, workshop: "Workshop") -> None:
    """A workshop fixes its criteria when created; refuse data whose criteria changed since.

    Raises ScoringError (source "workshop") naming both lists of criterion ids.
    """
    if tuple(dataset.criteria.ids) != tuple(workshop.criteria):
        raise ScoringError.at("workshop", "the data's criteria changed since this workshop was created "
                              f"(workshop: {', '.join(workshop.criteria)}; data: {', '.join(dataset.criteria.ids)})")


@dataclass(frozen=True)
class Room:
    """The latest answers of one round as arrays the engine takes.

    frame: `Store.latest()` rows (participant_id, participant, display_name, vote_weight, round, ...,
    one column per criterion); weights: (k, m) normalized weights; counts: (k,) how much each
    participant counts (0 = heard, not counted); labels: k display labels, in the frame's order.
    """

    frame: pd.DataFrame
    weights: np.ndarray
    counts: np.ndarray
    labels: list[str]


def anonymous_labels(k: int) -> list[str]:
    """'Participant 1' .. 'Participant k' (projector mode and the participants' revealed view)."""
    return [f"Participant {i + 1}" for i in range(k)]


def room_from_latest(latest: pd.DataFrame, criteria: Sequence[str], projector: bool = False) -> Room:
    """Weights (k, m), counts (k,) and labels from `Store.latest()` rows.

    Named, the participants come in the natural order of their names (`scoring.order`: 'Participant 2' before
    'Participant 10', whoever joined first), so every per-participant table and chart lists them in one order a
    reader can search. The store returns rows in joining order, and projector mode's 'Participant 1..k' follows it.
    """
    if not projector and len(latest) > 1:
        latest = latest.iloc[natural_order(latest["participant"])].reset_index(drop=True)
    labels = anonymous_labels(len(latest)) if projector else latest["participant"].astype(str).tolist()
    return Room(frame=latest, weights=latest[list(criteria)].to_numpy(dtype=float),
                counts=latest["vote_weight"].to_numpy(dtype=float), labels=labels)


def room_from_revealed(frame: pd.DataFrame, criteria: Sequence[str]) -> Room:
    """The anonymous room a participant sees (`Store.revealed_room()`: vote_weight + criteria columns)."""
    return Room(frame=frame, weights=frame[list(criteria)].to_numpy(float),
                counts=frame["vote_weight"].to_numpy(float), labels=anonymous_labels(len(frame)))


def analyse(room: Room, dataset: Dataset, workshop: "Workshop", aggregation: str,
            top_k: int = TOP_K) -> RoomResult | None:
    """One refresh: None while nobody has answered (or nobody counts), else the full room analysis."""
    if len(room.frame) == 0 or not (room.counts > 0).any():
        return None
    return analyse_room(dataset, room.weights, room.labels, room.counts, workshop.method, workshop.normalization,
                        aggregation, top_k=top_k)


def equal_points(m: int, total: int = 100) -> list[int]:
    """`total` points shared as equally as whole numbers allow over m criteria (the first get the rest)."""
    base = [total // m] * m
    for i in range(total - sum(base)):
        base[i] += 1
    return base


# ---------------------------------------------------------------- the workshop's own data

def read_data_files(options: str | Path | None = None, criteria: str | Path | None = None,
                    evidence: str | Path | None = None) -> dict[str, tuple[str, bytes]]:
    """The input files as the store keeps them: kind -> (file name, bytes).

    Defaults to the shipped options.csv and criteria.yaml; the evidence file is the given one or the
    evidence.csv next to the options file when there is one. Validated first (ScoringError listing
    every problem), so a workshop never stores data it cannot analyse.
    """
    opath = Path(options) if options is not None else DEFAULT_OPTIONS
    cpath = Path(criteria) if criteria is not None else DEFAULT_CRITERIA
    epath = Path(evidence) if evidence is not None else default_evidence_path(opath)
    files = {"options": (opath.name, read_bytes(opath, "options")), "criteria": (cpath.name, read_bytes(cpath, "criteria"))}
    if epath is not None:
        files["evidence"] = (epath.name, read_bytes(epath, "evidence"))
    dataset_from_files(files)
    return files


def dataset_from_files(files: Mapping[str, tuple[str, bytes]]) -> Dataset:
    """A Dataset from in-memory files (kind -> (name, bytes)); ScoringError listing every problem."""
    evidence = files.get("evidence")
    dataset, problems = check_dataset(files["options"][1], files["criteria"][1], evidence[1] if evidence else None,
                                      options_name=files["options"][0], criteria_name=files["criteria"][0],
                                      evidence_name=evidence[0] if evidence else "evidence.csv")
    if dataset is None:
        raise ScoringError(problems)
    return dataset


def dataset_from_version(version: "DataVersion") -> Dataset:
    """The Dataset a workshop's stored data version describes (the same on every server process)."""
    return dataset_from_files({k: (f.name, f.content) for k, f in version.files.items()})


def workshop_archive(tables: Mapping[str, pd.DataFrame], history: Sequence["DataVersion"],
                     info: Mapping[str, object]) -> bytes:
    """One ZIP with everything a workshop holds: tables/<name>.csv for every table, the data files
    of every version as data/v<n>/<file name>, and about.json (`info`, with each file's SHA-256).

    CSV cells that a spreadsheet would run as a formula are neutralized as in every other export.
    """
    import io
    import json
    import zipfile

    from .export import render

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, frame in tables.items():
            report = Report(kind=f"workshop-{name}", tables={name: frame}, meta={}, about={}, json_key=name)
            zf.writestr(f"tables/{name}.csv", render(report, "csv"))
        files = []
        for version in history:
            for kind, f in sorted(version.files.items()):
                path = f"data/v{version.version}/{f.name}"
                zf.writestr(path, f.content)
                files.append({"path": path, "kind": kind, "version": version.version,
                              "from_round": version.from_round, "sha256": f.sha256})
        zf.writestr("about.json", json.dumps({**info, "files": files}, indent=2, ensure_ascii=False, default=str))
    return buf.getvalue()


# ---------------------------------------------------------------- tables for display

# The display tables hold numbers, not text, so a table sorts them as numbers (as text, '10.0%' came before
# '9.0%'); how each is written is a printf format per column in `frame.attrs[FORMATS]` (ui.tables applies it):
# weights and shares in percent ('%.1f%%' of 33.3 -> '33.3%'), scores '%.3f'. An empty cell is a missing value.
FORMATS = "formats"


def _formats(frame: pd.DataFrame, formats: dict[str, str]) -> pd.DataFrame:
    """`frame` with `formats` (column -> printf format) in its attrs (kept through column selection and head)."""
    frame.attrs[FORMATS] = {c: f for c, f in formats.items() if c in frame.columns}
    return frame


def percents(shares, decimals: int = 1) -> np.ndarray:
    """Shares (0..1) as percentages rounded to `decimals`: (n,) -> (n,), 0.3333 -> 33.3 (written '%.1f%%')."""
    return np.round(100 * np.asarray(shares, dtype=float), decimals) + 0.0


def percents_100(weights) -> np.ndarray:
    """Weights as percentages to one decimal that add up to exactly 100.0 (`weights.points_from_weights` with 1000
    points, largest remainders): (n,) -> (n,), or (rows, n) -> (rows, n) row by row. What a participant's page and
    the projector's table both show: try4 read '11%' x 7, '22%', '0%' (99%) on one; try9 8, 11% and 10% for equal
    weights on the participant's page beside 10.4% on the projector, and rows adding up to 99.9%."""
    return points_from_weights(weights, 1000) / 10


TIED = "Tied"  # the display ranking's column saying a rank is shared: 'yes' beside each tied rank


def tied_ranks(ranks: Sequence[int] | np.ndarray) -> np.ndarray:
    """(n,) bool: True where a competition rank is shared: (1, 2, 2, 4) -> [False, True, True, False]
    (`group.tie_sizes` on one row)."""
    return tie_sizes(np.asarray(ranks, dtype=int)[None, :])[0] > 1


def ranking_table(table: pd.DataFrame, limit: int | None = None, score: bool = True) -> pd.DataFrame:
    """A ranking (`Ranking.table`: rank, id, title, score, ...) as Rank / Tied / Option / Score, best first.

    Rank is a number (written '%d'), so a click on its header sorts 1, 2, ..., 10 (as text '2=' came after '10');
    a shared rank says so in the Tied column ('yes'), which is there only when a row shown is tied. Ties are
    found on the full ranking before cutting to `limit`, so a tie across the cut shows. Built from the cut arrays in
    one DataFrame call: a participant's preview makes one on every weight move (issue 12, room9: the frame built
    whole, then cut, compared and dropped from cost twice the old text ranks).
    """
    ranks = table["rank"].to_numpy(dtype=int)
    tied = tied_ranks(ranks)
    shown = slice(None) if limit is None else slice(0, max(limit, 0))
    columns: dict[str, object] = {"Rank": ranks[shown]}
    if tied[shown].any():
        columns[TIED] = np.where(tied[shown], "yes", "").tolist()
    titles = [str(t) for t in table["title"].tolist()[shown]]
    columns["Option"] = titles if titles else pd.Series([], dtype=str)  # an empty list would make a float column
    if score:
        columns["Score"] = np.round(table["score"].to_numpy(dtype=float)[shown], 3) + 0.0
    frame = pd.DataFrame(columns)
    return _formats(frame, {"Rank": "%d", "Score": "%.3f"})


def group_table(result: RoomResult, limit: int | None = None) -> pd.DataFrame:
    """The group ranking (rank, id, title, score), at most `limit` rows (machine columns, for exports)."""
    table = result.group.table[["rank", "id", "title", "score"]].copy()
    return table if limit is None else table.head(limit)


def group_ranking_table(result: RoomResult, limit: int | None = None) -> pd.DataFrame:
    """The group ranking for display: Rank (a number), Tied ('yes' at a shared rank, when one is shown), Option
    (title), Score (`ranking_table`)."""
    return ranking_table(result.group.table, limit)


def top_titles(titles: Sequence[str], named: int = TIES_NAMED) -> str:
    """The option(s) at rank 1 as a room reads them, the tie said as the dashboard's Rank view says it:
    'A'; 'A · B (tied)'; more than `named`: 'A · B · C and 4 more (tied)'. Titles in file order."""
    t = [str(x) for x in titles]
    if len(t) <= 1:
        return t[0] if t else ""
    shown = " · ".join(t[:named])
    return f"{shown} and {len(t) - named} more (tied)" if len(t) > named else f"{shown} (tied)"


def top_cells(tops: np.ndarray, titles: Sequence[str]) -> list[str]:
    """`top_titles` of every row of a (rows, n) bool array (True = at rank 1, ties within 1e-12)."""
    names = np.asarray(list(titles), dtype=object)
    return [top_titles(names[row]) for row in np.asarray(tops, dtype=bool)]


def participants_table(result: RoomResult, dataset: Dataset) -> pd.DataFrame:
    """One row per participant: Participant, Counts as, Their top option (every tied title: `top_titles`),
    then each criterion's weight in % (numbers: 33.3, written '33.3%')."""
    frame = pd.DataFrame({"Participant": result.labels, "Counts as": np.asarray(result.counts, dtype=float),
                          "Their top option": top_cells(result.ranks == 1, dataset.titles)})
    shares = percents_100(result.weights)  # each row adds up to exactly 100.0, as the page says
    for j, c in enumerate(dataset.criteria.criteria):
        frame[c.label] = shares[:, j]
    return _formats(frame, {"Counts as": "%g", **{c.label: "%.1f%%" for c in dataset.criteria.criteria}})


def consensus_table(result: RoomResult, top_k: int = TOP_K) -> pd.DataFrame:
    """Options in most participants' top k: Option, 'Share with it in their top k' (whole %, a number)."""
    cons = result.consensus
    column = f"Share with it in their top {top_k}"
    return _formats(pd.DataFrame({"Option": cons["title"].astype(str).tolist(), column: percents(cons["share_top"], 0)}),
                    {column: "%.0f%%"})


def consensus_heading(listed: int, top_k: int = TOP_K) -> str:
    """Heading over `consensus_table`: says so when ties put more than `top_k` options in the list.

    A rank of 4= counts as in the top 5 however many options share it, so with tied answers (e.g. everyone
    left equal weights) the list can hold far more than `top_k` options (review3 W4).
    """
    head = f"In the top {top_k} for most participants"
    if listed > top_k:
        head += f" (ties included: {listed} options share the top {top_k} places)"
    return head


DRIVER_HEADERS = {
    "label": "Criterion",
    "group_weight": "Group weight",
    "p_low": "Weight at 10th percentile",
    "p_high": "Weight at 90th percentile",
    "rank_changes": "Options that change rank",
    "max_shift": "Largest rank shift",
    "top_at_low": "Top option at 10th percentile",
    "top_at_high": "Top option at 90th percentile",
    "top_changes": "Top option changes",
}


def drivers_table(result: RoomResult, dataset: Dataset) -> pd.DataFrame:
    """`RoomResult.drivers` for display: criterion labels, weights in %, option titles, labelled headers.

    'Options that change rank' counts options whose rank differs at the low or at the high percentile
    (at most the number of options; see scoring.group.disagreement_drivers).
    """
    labels = {c.id: c.label for c in dataset.criteria.criteria}
    titles = dict(zip(dataset.ids, dataset.titles))
    d = result.drivers
    frame = pd.DataFrame({
        "label": [labels[c] for c in d["criterion"]],
        "group_weight": percents(d["group_weight"]),
        "p_low": percents(d["p_low"]),
        "p_high": percents(d["p_high"]),
        "rank_changes": d["rank_changes"].astype(int).to_numpy(),
        "max_shift": d["max_shift"].astype(int).to_numpy(),
        "top_at_low": [top_titles([titles[i] for i in split_top(t, dataset.ids)]) for t in d["top_tie_at_low"]],
        "top_at_high": [top_titles([titles[i] for i in split_top(t, dataset.ids)]) for t in d["top_tie_at_high"]],
        "top_changes": np.where(d["top_changes"].to_numpy(dtype=bool), "yes", "no"),
    })
    return _formats(frame.rename(columns=DRIVER_HEADERS),
                    {DRIVER_HEADERS[c]: "%.1f%%" for c in ("group_weight", "p_low", "p_high")})


def acceptability_long(result: RoomResult, dataset: Dataset) -> pd.DataFrame:
    """Long form of the (n, n) acceptability: id, title, rank (1..n), share (0..1); n*n rows."""
    n = len(dataset.ids)
    acc = result.acceptability
    return pd.DataFrame({"id": np.repeat(dataset.ids, n), "title": np.repeat(dataset.titles, n),
                         "rank": np.tile(np.arange(1, n + 1), n), "share": acc.ravel()})


def acceptability_table(result: RoomResult, dataset: Dataset, ranks: int = TOP_K) -> pd.DataFrame:
    """id, title, rank_1..rank_r shares, top_r (their sum); most often in the top r first (export)."""
    acc = result.acceptability
    frame = pd.DataFrame({"id": dataset.ids, "title": dataset.titles})
    for r in range(min(ranks, acc.shape[1])):
        frame[f"rank_{r + 1}"] = acc[:, r]
    frame[f"top_{ranks}"] = acc[:, :ranks].sum(axis=1)
    return frame.sort_values(f"top_{ranks}", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- rounds

def rounds_summary(store: "Store", code: str, key: str, dataset: Dataset | Callable[[int], Dataset],
                   workshop: "Workshop") -> pd.DataFrame:
    """Kendall's W and the number of answers for every round.

    `dataset`: one Dataset, or a function round number -> the Dataset that round ran on (after an
    "update the data"). Columns: round, open, revealed, submitted, kendall_w (NaN with fewer than two
    counted answers).
    """
    rows = []
    for rnd in store.rounds(code):
        data = dataset(rnd.number) if callable(dataset) else dataset
        latest = store.latest(code, key, rnd.number)
        room = room_from_latest(latest, workshop.criteria)
        mask = room.counts > 0
        w = float("nan")
        if mask.sum() >= 2:
            scores, better = score_rows(data.matrix, data.criteria, room.weights[mask], workshop.method,
                                        workshop.normalization)
            w = kendall_w(rank_rows(scores, better))
        rows.append({"round": rnd.number, "open": rnd.is_open, "revealed": rnd.revealed,
                     "submitted": len(latest), "kendall_w": w})
    return pd.DataFrame(rows, columns=["round", "open", "revealed", "submitted", "kendall_w"])


def rounds_table(summary: pd.DataFrame) -> pd.DataFrame:
    """`rounds_summary` for display: Round, Status, Answers, Agreement (W) (a number; empty when undefined)."""
    status = [("open" if o else "closed") + (", shown to participants" if r else "")
              for o, r in zip(summary["open"], summary["revealed"])]
    frame = pd.DataFrame({"Round": summary["round"].astype(int).to_numpy(), "Status": status,
                          "Answers": summary["submitted"].astype(int).to_numpy(),
                          "Agreement (Kendall's W)": np.round(summary["kendall_w"].to_numpy(dtype=float), 2) + 0.0})
    return _formats(frame, {"Agreement (Kendall's W)": "%.2f"})


def movement_table(before: pd.DataFrame, after: pd.DataFrame, criteria: Sequence[str],
                   first: int, second: int, projector: bool = False) -> pd.DataFrame:
    """Who moved between two rounds (`Store.latest()` rows of each): named, in the natural order of the names
    (as `room_from_latest`); in projector mode in joining order.

    Columns: Participant, 'Moved (share of weight)' as a percentage (half the L1 distance: a number, written
    '%.1f%%'; empty for a participant missing from a round), 'Note' ('did not answer in round N', else empty).
    Projector mode numbers the participants 1..k in joining order instead of naming them.
    """
    moved = round_movement(before, after, criteria, on="participant_id").sort_values("participant_id", kind="stable")
    names = dict(zip(pd.concat([before["participant_id"], after["participant_id"]]),
                     pd.concat([before["participant"], after["participant"]])))
    if not projector:
        moved = moved.iloc[natural_order(names[p] for p in moved["participant_id"])]
    ids = moved["participant_id"].tolist()
    labels = anonymous_labels(len(ids)) if projector else [str(names[p]) for p in ids]
    in_before, in_after = set(before["participant_id"]), set(after["participant_id"])
    missing_before = np.array([p not in in_before for p in ids], dtype=bool)
    missing_after = np.array([p not in in_after for p in ids], dtype=bool)
    answered = ~(missing_before | missing_after)
    moved_pct = np.where(answered, percents(moved["moved_l1"].to_numpy(dtype=float) / 2), np.nan)
    note = np.where(missing_before, f"{DID_NOT_ANSWER} in round {first}",
                    np.where(missing_after, f"{DID_NOT_ANSWER} in round {second}", ""))
    return _formats(pd.DataFrame({"Participant": labels, "Moved (share of weight)": moved_pct, "Note": note}),
                    {"Moved (share of weight)": "%.1f%%"})


# ---------------------------------------------------------------- reports (exports)

def group_report(result: RoomResult, dataset: Dataset, workshop: "Workshop", round_number: int,
                 **extra_about: object) -> Report:
    """The group result with the diagnostics, for CSV (group ranking only) / Excel / JSON."""
    labels = {c.id: c.label for c in dataset.criteria.criteria}
    participants = pd.DataFrame({"participant": result.labels, "vote_weight": result.counts})
    for j, cid in enumerate(dataset.criteria.ids):
        participants[cid] = result.weights[:, j]
    ids = dataset.ids  # once, not once per participant
    participants["top_option"] = [ids[i] for i in np.argmax(result.ranks == 1, axis=1)]  # the first at rank 1
    participants["top_tie"] = top_ids(result.ranks == 1, ids)  # every id at rank 1, joined by ' = '

    ranks = result.participant_ranks(dataset.ids).reset_index()
    spread = result.spread.assign(label=[labels[c] for c in result.spread["criterion"]])
    weights = {cid: float(w) for cid, w in zip(dataset.criteria.ids, result.group_weights)}
    tables = {
        "group": result.group.table,
        "participants": participants,
        "participant_ranks": ranks,
        "weight_spread": spread,
        "rank_range": result.rank_range,
        "consensus_top": result.consensus,
        "drivers": result.drivers,
        "distance_to_flip": result.flip,
        "rank_acceptability": acceptability_table(result, dataset),
    }
    counted = int((result.counts > 0).sum())
    meta = {"workshop": workshop.name, "round": round_number, "aggregation": result.aggregation,
            "method": result.group.method, "normalization": result.group.normalization, "weights": weights,
            "kendall_w": result.kendall_w, "participants": len(result.labels), "counted": counted}
    info = about(dataset, result.group.method, result.group.normalization, workshop=workshop.name,
                 round=round_number, aggregation=result.aggregation, participants=len(result.labels),
                 counted=counted, kendall_w=result.kendall_w, weights=weights, **extra_about)
    return Report(kind="workshop", tables=tables, meta=meta, about=info, json_key="options")


def submissions_report(subs: pd.DataFrame, dataset: Dataset, workshop: "Workshop", **extra_about: object) -> Report:
    """Every submission ever made (earlier ones too, flagged by `latest`)."""
    frame = subs.copy()
    frame["created_at"] = frame["created_at"].astype(str)
    info = about(dataset, workshop.method, workshop.normalization, workshop=workshop.name,
                 submissions=len(frame), criteria=list(workshop.criteria), **extra_about)
    return Report(kind="workshop-submissions", tables={"submissions": frame},
                  meta={"workshop": workshop.name, "method": workshop.method}, about=info, json_key="submissions")
