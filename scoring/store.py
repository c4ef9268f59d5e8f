"""Workshop storage: workshops, Delphi rounds, participants and append-only submissions.

One SQLAlchemy 2 store for a laptop (an SQLite file in WAL mode, the default) or a hosted server
(any SQLAlchemy URL in SCORING_DATABASE_URL, e.g. `postgresql+psycopg://user:pw@host/db`). The schema
is created on first use. Submissions are only ever inserted: a resubmission adds a row with the next
sequence number and the latest one counts, so nothing a participant said is lost, and a restart of
the dashboard loses nothing because every answer is committed before the participant is told "saved".

Secrets: the facilitator key and each participant token come from `secrets.token_urlsafe`; only a
salted (and optionally peppered, SCORING_SECRET_PEPPER) SHA-256 is stored, compared in constant time.
SHA-256 is enough because the secrets are random and long, not passwords a person chose.

Limits (participants per workshop, submissions per minute per participant) are checked inside the
write transaction that inserts, with the rows that count locked first (`BEGIN IMMEDIATE` on SQLite,
`SELECT ... FOR UPDATE` on PostgreSQL), so concurrent requests cannot slip past them.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
import unicodedata
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, UniqueConstraint, create_engine, event, func, insert, inspect, select, update,
                        delete)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from .errors import Problem, ScoringError
from .weights import normalize_weights

ENV_URL = "SCORING_DATABASE_URL"
ENV_PEPPER = "SCORING_SECRET_PEPPER"
ENV_MAX_PARTICIPANTS = "SCORING_MAX_PARTICIPANTS"
ENV_MAX_PER_MINUTE = "SCORING_MAX_SUBMISSIONS_PER_MINUTE"
ENV_MAX_JOINS_PER_CLIENT = "SCORING_MAX_JOINS_PER_CLIENT"
JOIN_WINDOW = timedelta(hours=1)  # the per-client join limit counts joins in this window
SESSION_LIFETIME = timedelta(hours=12)  # a facilitator sign-in (page address token) lasts a workshop day
SESSION_PREFIX = "fs1."  # a facilitator session token: fs1.<id>.<secret>; accepted wherever the key is
APP_NAME = "policy-scoring"
DATA_KINDS = ("options", "criteria", "evidence")
NAME_MAX = 40
WORKSHOP_NAME_MAX = 80
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed on phones
CODE_LENGTH = 6
MODES = ("sliders", "points", "ranking", "swing", "ahp", "direct")
RAW_MAX_CHARS = 4000
SOURCE = "workshop"

metadata = MetaData()

workshops = Table(
    "workshops", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(WORKSHOP_NAME_MAX), nullable=False),
    Column("key_salt", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("dataset", String(200), nullable=False),
    Column("method", String(40), nullable=False),
    Column("normalization", String(40), nullable=True),
    Column("criteria", JSON, nullable=False),  # criterion ids, in order, fixed at creation
    Column("settings", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("revealed", Boolean, nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("closed_at", DateTime, nullable=True),
    UniqueConstraint("workshop_id", "number", name="uq_round_number"),
)

participants = Table(
    "participants", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("display_name", String(NAME_MAX), nullable=False),
    Column("token_salt", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("vote_weight", Float, nullable=False),  # 0 = heard but not counted
    Column("joined_at", DateTime, nullable=False),
    Column("removed_at", DateTime, nullable=True),  # removed by the facilitator: seat freed, answers kept
    Column("client", String(64), nullable=True),  # salted hash of the joining client (per-client join limit)
)

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("sequence", Integer, nullable=False),  # 1, 2, ... per participant and round
    Column("weights", JSON, nullable=False),  # {criterion id: normalized weight}
    Column("mode", String(20), nullable=False),
    Column("raw", JSON, nullable=True),  # what the participant entered (slider values, points, ranks)
    Column("created_at", DateTime, nullable=False),
    # The page's key for one answer: a retried submit (dropped connection, second click) finds it and is
    # stored once. Added for scale-out by room; older databases get it from _upgrade_schema.
    Column("answer_key", String(64), nullable=True),
    UniqueConstraint("participant_id", "round_id", "sequence", name="uq_submission_sequence"),
    UniqueConstraint("participant_id", "answer_key", name="uq_submission_answer_key"),
    Index("ix_submissions_workshop_round", "workshop_id", "round_id"),
    Index("ix_submissions_participant_time", "participant_id", "created_at"),
)

workshop_data = Table(  # the workshop's own copy of its input files, one version per "update the data"
    "workshop_data", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),  # 1, 2, ...
    Column("from_round", Integer, nullable=False),  # the first round that uses this version
    Column("kind", String(20), nullable=False),  # options | criteria | evidence
    Column("name", String(200), nullable=False),  # the file's name when it was stored
    Column("content", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workshop_id", "version", "kind", name="uq_workshop_data_version_kind"),
)

workshop_log = Table(  # facilitator actions, in order (created, data updated, participant removed, ...)
    "workshop_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", JSON, nullable=False),
)

create_requests = Table(  # one row per "Create workshop" form: a repeated submit (double click) finds it
    "create_requests", metadata,
    Column("request_hash", String(64), primary_key=True),  # SHA-256 of the form's secret request key
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
)

facilitator_sessions = Table(  # a signed-in facilitator page: survives a reload or a new server process
    "facilitator_sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_salt", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

deleted_workshops = Table(  # join codes of deleted workshops, so people see "deleted", not "wrong code"
    "deleted_workshops", metadata,
    Column("code", String(16), primary_key=True),
    Column("deleted_at", DateTime, nullable=False),
)

# Columns added after the first release: created on existing databases by Store._upgrade_schema.
ADDED_COLUMNS: tuple[tuple[Table, str], ...] = ((participants, "removed_at"), (participants, "client"),
                                                 (submissions, "answer_key"))


# ---------------------------------------------------------------- domain objects

@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    name: str
    dataset: str
    method: str
    normalization: str | None
    criteria: tuple[str, ...]
    settings: Mapping[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Round:
    number: int
    is_open: bool
    revealed: bool
    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_code: str
    display_name: str
    vote_weight: float
    number: int = 0  # 1, 2, 3 ... in joining order within the workshop
    removed: bool = False

    @property
    def label(self) -> str:
        return participant_label(self.number, self.display_name)


@dataclass(frozen=True)
class Created:
    """A new workshop plus its facilitator key, which exists in clear text only here (show it once)."""

    workshop: Workshop
    key: str


@dataclass(frozen=True)
class Joined:
    """A new participant plus their token, the only proof that later submissions are theirs."""

    participant: Participant
    token: str


@dataclass(frozen=True)
class DataFile:
    """One stored input file of a workshop."""

    kind: str  # options | criteria | evidence
    name: str
    content: bytes
    sha256: str


@dataclass(frozen=True)
class DataVersion:
    """The workshop's data from round `from_round` on: its files by kind (options, criteria, evidence?)."""

    version: int
    from_round: int
    files: Mapping[str, DataFile]
    created_at: datetime


@dataclass(frozen=True)
class Submission:
    id: int
    participant_id: int
    round: int
    sequence: int
    weights: Mapping[str, float]
    mode: str
    created_at: datetime
    repeated: bool = False  # True when this answer key was already stored: nothing new was written


@dataclass(frozen=True)
class LastAnswer:
    """A participant's latest answer in any round, to preload their page and say when it was saved."""

    round: int
    sequence: int
    mode: str
    raw: Any
    weights: Mapping[str, float]
    created_at: datetime


def participant_label(number: int, display_name: str) -> str:
    """What the facilitator sees: the chosen name, or 'Anonymous n' with n the joining order in the
    workshop (1, 2, 3 ...). Always plain text."""
    return display_name if display_name else f"Anonymous {number}"


def _numbers(conn: Connection, workshop_id: int) -> dict[int, int]:
    """participant id -> 1, 2, 3 ... in joining order within one workshop."""
    ids = conn.execute(select(participants.c.id).where(participants.c.workshop_id == workshop_id)
                       .order_by(participants.c.id)).scalars().all()
    return {int(pid): i + 1 for i, pid in enumerate(ids)}


def _labels(numbers: Mapping[int, int], ids: Sequence[Any], names: Sequence[Any]) -> list[str]:
    return [participant_label(numbers.get(int(i), 0), n) for i, n in zip(ids, names)]


# ---------------------------------------------------------------- input hygiene

_SPACES = re.compile(r"\s+")


def clean_display_name(name: str | None, limit: int = NAME_MAX) -> str:
    """Plain text, one line, no control or format characters, at most `limit` characters.

    Markup is not removed but never interpreted: pages show names as text and exports neutralize
    formula prefixes, so '<b>x</b>' stays visible as typed and harmless.
    """
    if name is None:
        return ""
    if not isinstance(name, str):
        raise ScoringError.at(SOURCE, "display name must be text", column="display_name")
    text = "".join(" " if ch.isspace() else ch for ch in name
                   if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text[:limit].rstrip()


def default_url() -> str:
    """The default store: workshop.db in this user's data folder (platformdirs), created when missing.

    One stable place whatever folder the server is started from; SCORING_DATABASE_URL overrides it.
    """
    from platformdirs import user_data_dir

    folder = user_data_dir(APP_NAME, appauthor=False)
    os.makedirs(folder, exist_ok=True)
    return f"sqlite:///{os.path.join(folder, 'workshop.db')}"


def describe_url(url: str) -> str:
    """Where a store lives, for people: the SQLite file's path, or the server URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database or ":memory:"
        return db if db == ":memory:" else os.path.abspath(db)
    return parsed.render_as_string(hide_password=True)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC: SQLite keeps no zone


def _hash(secret: str, salt: str, pepper: str) -> str:
    return hashlib.sha256(f"{salt}:{pepper}:{secret}".encode("utf-8")).hexdigest()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ScoringError.at(name, f"expected a whole number, got '{raw}'") from None
    if value < 1:
        raise ScoringError.at(name, f"expected a number of at least 1, got {value}")
    return value


# ---------------------------------------------------------------- engine

def make_engine(url: str) -> Engine:
    """An engine tuned for many short writes: SQLite in WAL mode with a busy timeout, or a pooled server."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ScoringError.at(ENV_URL, f"not a database URL: '{url}' (e.g. sqlite:///workshop.db or "
                              "postgresql+psycopg://user:password@host/dbname)") from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_size=10, max_overflow=40, pool_timeout=60, pool_pre_ping=True)
        except (ImportError, SQLAlchemyError) as exc:
            raise ScoringError.at(ENV_URL, f"cannot use database '{parsed.render_as_string(hide_password=True)}': {exc}") from None
    memory = parsed.database in (None, "", ":memory:")
    if memory:
        engine = create_engine(parsed, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        folder = os.path.dirname(os.path.abspath(parsed.database))
        if not os.path.isdir(folder):
            raise ScoringError.at(ENV_URL, f"the folder for the SQLite file does not exist: {folder}")
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 60},
                               pool_size=20, max_overflow=80, pool_timeout=120)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN itself
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA busy_timeout = 60000")  # wait for the write lock instead of failing
        cur.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
            cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the database's write lock at once, so "count, then insert"
        # cannot interleave with another writer; reads start a plain deferred transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


# ---------------------------------------------------------------- the store

class Store:
    """Every workshop operation, each one short transaction; safe to share between threads."""

    def __init__(self, url: str | None = None, *, max_participants: int | None = None,
                 max_submissions_per_minute: int | None = None, max_joins_per_client: int | None = None,
                 pepper: str | None = None,
                 clock: Callable[[], datetime] = _now, engine: Engine | None = None) -> None:
        self.url = url or os.environ.get(ENV_URL) or default_url()
        self.engine = engine or make_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.max_participants = max_participants or _env_int(ENV_MAX_PARTICIPANTS, 200)
        self.max_per_minute = max_submissions_per_minute or _env_int(ENV_MAX_PER_MINUTE, 30)
        self.max_joins_per_client = max_joins_per_client or _env_int(ENV_MAX_JOINS_PER_CLIENT, 30)
        self.pepper = os.environ.get(ENV_PEPPER, "") if pepper is None else pepper
        self.clock = clock
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self._create_schema()

    def close(self) -> None:
        self.engine.dispose()

    def _create_schema(self) -> None:
        for attempt in range(3):  # two processes creating at once: the loser sees the tables next time
            try:
                metadata.create_all(self.engine, checkfirst=True)
                self._upgrade_schema()
                return
            except OperationalError as exc:
                if "unable to open" in str(exc).lower():
                    raise ScoringError.at(ENV_URL, f"cannot open the database: {exc.orig}") from None
                if attempt == 2:
                    raise ScoringError.at(ENV_URL, f"cannot create the workshop tables: {exc.orig}") from None
            except (IntegrityError, DBAPIError) as exc:
                if attempt == 2:
                    raise ScoringError.at(ENV_URL, f"cannot create the workshop tables: {getattr(exc, 'orig', exc)}") from None
            time.sleep(0.2)

    def _upgrade_schema(self) -> None:
        """Add the columns of ADDED_COLUMNS that an older database lacks (nullable: old rows stay valid),
        and the unique index on submissions' answer_key (room's retry-safe submit)."""
        added = set()
        for table, name in ADDED_COLUMNS:
            present = {c["name"] for c in inspect(self.engine).get_columns(table.name)}
            if name in present:
                continue
            added.add(name)
            col = table.c[name]
            ddl = f"ALTER TABLE {table.name} ADD COLUMN {name} {col.type.compile(dialect=self.engine.dialect)}"
            try:
                with self._write() as conn, conn.begin():
                    conn.exec_driver_sql(ddl)
            except (OperationalError, DBAPIError):  # another process added it first
                present = {c["name"] for c in inspect(self.engine).get_columns(table.name)}
                if name not in present:
                    raise
        if "answer_key" not in added:
            return
        try:
            with self._write() as conn, conn.begin():
                conn.exec_driver_sql("CREATE UNIQUE INDEX IF NOT EXISTS uq_submission_answer_key "
                                     "ON submissions (participant_id, answer_key)")
        except (OperationalError, DBAPIError):  # another process created it first
            pass

    def location(self) -> str:
        """Where this store keeps its data (a file path or a server URL without password)."""
        return describe_url(self.url)

    def backup(self, path: str) -> str:
        """Copy the whole SQLite store to `path` with SQLite's online backup API (safe while in use).

        The copy is one consistent file including what is still in the write-ahead log (a plain file
        copy of workshop.db alone misses it). PostgreSQL: use pg_dump. Refuses to overwrite a file.
        """
        if not self.is_sqlite:
            server = make_url(self.url).set(drivername=self.engine.dialect.name).render_as_string(hide_password=True)
            raise ScoringError.at("backup", "this store is a database server: back it up with pg_dump "
                                  f"(e.g. pg_dump -Fc -f workshop.dump '{server}')")
        target = os.path.abspath(path)
        if os.path.exists(target):
            raise ScoringError.at("backup", f"{target} exists; choose a new file name")
        if not os.path.isdir(os.path.dirname(target)):
            raise ScoringError.at("backup", f"the folder {os.path.dirname(target)} does not exist")
        import sqlite3

        raw = self.engine.raw_connection()
        try:
            dest = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(dest)
            finally:
                dest.close()
        finally:
            raw.close()
        return target

    # -------------------------------------------------------- transactions

    def _read(self) -> Any:
        return self.engine.connect()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection whose transaction is a write transaction.

        SQLite has one writer at a time; threads of this process queue on a lock instead of polling
        the file lock with SQLite's growing sleeps (busy_timeout still covers other processes).
        """
        with self._write_lock or nullcontext():
            with self.engine.connect().execution_options(write=True) as conn:
                yield conn

    def _lock(self, conn: Connection, table: Table, row_id: int) -> Any:
        """Lock one row for the rest of the transaction (SQLite's BEGIN IMMEDIATE already did)."""
        stmt = select(table).where(table.c.id == row_id)
        if not self.is_sqlite:
            stmt = stmt.with_for_update()
        return conn.execute(stmt).mappings().first()

    # -------------------------------------------------------- workshops and keys

    def create_workshop(self, name: str, criteria: Sequence[str], method: str = "weighted-sum",
                        normalization: str | None = None, dataset: str = "shipped",
                        settings: Mapping[str, Any] | None = None,
                        data: Mapping[str, tuple[str, bytes]] | None = None,
                        request_key: str | None = None) -> Created:
        """A workshop with round 1 open; returns the facilitator key in clear text, once.

        `data`: the input files the workshop runs on, kind -> (file name, bytes) for kinds in
        DATA_KINDS (options and criteria required when given). They are stored as version 1 and
        every analysis and export uses that copy (see `data_version`).

        `request_key`: the form's own secret (at least 32 characters, never shown). The same request
        key creates one workshop however often it is sent (a double click on "Create workshop"): a
        repeat returns that workshop and the same facilitator key, which is derived from the request
        key (HMAC-SHA256) instead of drawn; only the request key's SHA-256 is stored.
        """
        from .methods import get_method

        clean = clean_display_name(name, WORKSHOP_NAME_MAX)
        if not clean:
            raise ScoringError.at(SOURCE, "give the workshop a name", column="name")
        get_method(method)
        crit = [str(c) for c in criteria]
        if not crit or len(set(crit)) != len(crit):
            raise ScoringError.at(SOURCE, "expected a list of distinct criterion ids", column="criteria")
        request_hash = None
        if request_key is not None:
            if not isinstance(request_key, str) or len(request_key) < 32:
                raise ScoringError.at(SOURCE, "a create request key is at least 32 characters", column="request_key")
            request_hash = hashlib.sha256(request_key.encode("utf-8")).hexdigest()
            key = base64.urlsafe_b64encode(hmac.new(request_key.encode("utf-8"), b"facilitator key",
                                                    hashlib.sha256).digest()[:24]).decode("ascii")
        else:
            key = secrets.token_urlsafe(24)
        salt = secrets.token_hex(16)
        now = self.clock()
        for _ in range(20):  # a code collision is rare (32**6 codes): draw again
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self._write() as conn, conn.begin():
                    if request_hash is not None:
                        done = conn.execute(select(workshops.c.code).join(
                            create_requests, create_requests.c.workshop_id == workshops.c.id)
                            .where(create_requests.c.request_hash == request_hash)).scalar()
                        if done is not None:  # the same form sent again: the workshop it made, once
                            return Created(workshop=self.workshop(done), key=key)
                    wid = conn.execute(insert(workshops).values(
                        code=code, name=clean, key_salt=salt, key_hash=_hash(key, salt, self.pepper),
                        dataset=dataset, method=method, normalization=normalization, criteria=crit,
                        settings=dict(settings or {}), created_at=now)).inserted_primary_key[0]
                    conn.execute(insert(rounds).values(workshop_id=wid, number=1, is_open=True, revealed=False,
                                                       opened_at=now))
                    if request_hash is not None:
                        conn.execute(insert(create_requests).values(request_hash=request_hash, workshop_id=wid))
                    stored = self._insert_data(conn, wid, 1, 1, data, now) if data else {}
                    self._log(conn, wid, "created", {"name": clean, "method": method, "criteria": crit,
                                                     "data": stored}, now)
                return Created(workshop=self.workshop(code), key=key)
            except IntegrityError:
                continue
        raise ScoringError.at(SOURCE, "could not draw a free join code; try again")  # pragma: no cover

    def workshop(self, code: str) -> Workshop:
        """Public facts about a workshop (no secrets).

        A wrong code raises a ScoringError whose text is one plain sentence for the room ("No workshop
        has the code X. Check the code with the facilitator."); a deleted one says it was deleted.
        """
        norm = normalize_code(code)
        with self._read() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == norm)).mappings().first()
            if row is None:
                self._raise_if_deleted(conn, norm)
        if row is None and not norm:
            raise ScoringError.at("", "Type the join code shown on the screen.")
        if row is None:
            raise ScoringError.at("", f"No workshop has the code {norm}. Check the code with the facilitator.")
        return _workshop(row)

    def _raise_if_deleted(self, conn: Connection, code: str) -> None:
        gone = conn.execute(select(deleted_workshops.c.deleted_at).where(deleted_workshops.c.code == code)).scalar()
        if gone is not None:
            raise ScoringError.at("", f"This workshop was deleted (code {code}, "
                                  f"{gone.strftime('%Y-%m-%d %H:%M')} UTC). Its data no longer exists here.")

    def check_key(self, code: str, key: str) -> Workshop:
        """The workshop if `key` is its facilitator key, or a live facilitator session token of it (see
        `start_session`); otherwise a ScoringError (same message either way)."""
        if isinstance(key, str) and key.startswith(SESSION_PREFIX):
            return self._check_session(code, key)
        norm = normalize_code(code)
        with self._read() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == norm)).mappings().first()
            if row is None:
                self._raise_if_deleted(conn, norm)
        # Compare even when the code is unknown, so timing does not tell which codes exist.
        salt, stored = (row["key_salt"], row["key_hash"]) if row is not None else ("x", "0" * 64)
        ok = hmac.compare_digest(_hash(key or "", salt, self.pepper), stored)
        if row is None or not ok:
            raise ScoringError.at(SOURCE, "wrong join code or facilitator key", column="key")
        return _workshop(row)

    def start_session(self, code: str, key: str) -> str:
        """A facilitator session token for a signed-in page (after the key was checked): random, only its
        salted hash stored, valid for SESSION_LIFETIME or until `end_session`. It stands for the key in
        every call, so the page keeps it (in its address) instead of the key, and a reload or a new
        server process (a worker that died) brings the facilitator back without typing the key."""
        ws = self.check_key(code, key)
        secret = secrets.token_urlsafe(24)
        salt = secrets.token_hex(16)
        now = self.clock()
        with self._write() as conn, conn.begin():
            sid = conn.execute(insert(facilitator_sessions).values(
                workshop_id=ws.id, token_salt=salt, token_hash=_hash(secret, salt, self.pepper), created_at=now,
                expires_at=now + SESSION_LIFETIME)).inserted_primary_key[0]
            conn.execute(delete(facilitator_sessions).where(facilitator_sessions.c.workshop_id == ws.id,
                                                            facilitator_sessions.c.expires_at < now))
        return f"{SESSION_PREFIX}{sid}.{secret}"

    def replace_key(self, code: str, key: str) -> str:
        """A new facilitator key (returned in clear text, once); the old key stops working and every
        facilitator sign-in except the one that asked (when `key` is a session token) ends. For a key
        that was lost (e.g. the page died while it was on screen) or seen by someone. Logged."""
        ws = self.check_key(code, key)
        new = secrets.token_urlsafe(24)
        salt = secrets.token_hex(16)
        keep = -1
        if key.startswith(SESSION_PREFIX):
            sid = key[len(SESSION_PREFIX):].partition(".")[0]
            keep = int(sid) if sid.isdigit() and len(sid) < 12 else -1
        with self._write() as conn, conn.begin():
            self._lock(conn, workshops, ws.id)
            conn.execute(update(workshops).where(workshops.c.id == ws.id)
                         .values(key_salt=salt, key_hash=_hash(new, salt, self.pepper)))
            conn.execute(delete(facilitator_sessions).where(facilitator_sessions.c.workshop_id == ws.id,
                                                            facilitator_sessions.c.id != keep))
            self._log(conn, ws.id, "facilitator key replaced", {})
        return new

    def end_session(self, token: str) -> None:
        """Sign out: the session token stops working (a key or an unknown token: nothing happens)."""
        sid, _, _ = (token or "")[len(SESSION_PREFIX):].partition(".")
        if not (token or "").startswith(SESSION_PREFIX) or not sid.isdigit() or len(sid) > 12:
            return
        with self._write() as conn, conn.begin():
            conn.execute(delete(facilitator_sessions).where(facilitator_sessions.c.id == int(sid)))

    def _check_session(self, code: str, token: str) -> Workshop:
        sid_text, _, secret = token[len(SESSION_PREFIX):].partition(".")
        sid = int(sid_text) if sid_text.isdigit() and len(sid_text) < 12 else -1
        norm = normalize_code(code)
        with self._read() as conn:
            row = conn.execute(select(workshops, facilitator_sessions.c.token_salt, facilitator_sessions.c.token_hash,
                                      facilitator_sessions.c.expires_at)
                               .join(facilitator_sessions, facilitator_sessions.c.workshop_id == workshops.c.id)
                               .where(facilitator_sessions.c.id == sid, workshops.c.code == norm)).mappings().first()
            if row is None:
                self._raise_if_deleted(conn, norm)
        salt, stored = (row["token_salt"], row["token_hash"]) if row is not None else ("x", "0" * 64)
        ok = hmac.compare_digest(_hash(secret, salt, self.pepper), stored)
        if row is None or not ok or not secret or row["expires_at"] < self.clock():
            raise ScoringError.at("", "This sign-in has ended (signed out or older than "
                                  f"{int(SESSION_LIFETIME.total_seconds() // 3600)} hours): open the workshop "
                                  "again with its join code and facilitator key.")
        return _workshop(row)

    def update_settings(self, code: str, key: str, **changes: Any) -> Workshop:
        ws = self.check_key(code, key)
        merged = {**ws.settings, **changes}
        json.dumps(merged)  # must stay JSON
        with self._write() as conn, conn.begin():
            conn.execute(update(workshops).where(workshops.c.id == ws.id).values(settings=merged))
        return self.workshop(code)

    def delete_workshop(self, code: str, key: str) -> None:
        """Remove a workshop and everything in it (the one facilitator action that erases).

        Its join code is remembered, so anyone still using it is told the workshop was deleted.
        """
        ws = self.check_key(code, key)
        with self._write() as conn, conn.begin():
            conn.execute(delete(deleted_workshops).where(deleted_workshops.c.code == ws.code))
            conn.execute(insert(deleted_workshops).values(code=ws.code, deleted_at=self.clock()))
            conn.execute(delete(workshop_log).where(workshop_log.c.workshop_id == ws.id))
            conn.execute(delete(facilitator_sessions).where(facilitator_sessions.c.workshop_id == ws.id))
            conn.execute(delete(create_requests).where(create_requests.c.workshop_id == ws.id))
            conn.execute(delete(workshop_data).where(workshop_data.c.workshop_id == ws.id))
            conn.execute(delete(submissions).where(submissions.c.workshop_id == ws.id))
            conn.execute(delete(participants).where(participants.c.workshop_id == ws.id))
            conn.execute(delete(rounds).where(rounds.c.workshop_id == ws.id))
            conn.execute(delete(workshops).where(workshops.c.id == ws.id))

    # -------------------------------------------------------- rounds

    def rounds(self, code: str) -> list[Round]:
        ws = self.workshop(code)
        with self._read() as conn:
            rows = conn.execute(select(rounds).where(rounds.c.workshop_id == ws.id).order_by(rounds.c.number)).mappings().all()
        return [_round(r) for r in rows]

    def current_round(self, code: str) -> Round:
        return self.rounds(code)[-1]

    @staticmethod
    def _open_next_round(conn: Connection, workshop_id: int, now: datetime) -> int:
        """Inside a write transaction holding the workshop's lock: close the current round (if open) and
        insert the next one, open and not revealed. Returns its number."""
        last = conn.execute(select(rounds).where(rounds.c.workshop_id == workshop_id)
                            .order_by(rounds.c.number.desc()).limit(1)).mappings().first()
        number = (last["number"] if last else 0) + 1
        if last is not None and last["is_open"]:
            conn.execute(update(rounds).where(rounds.c.id == last["id"]).values(is_open=False, closed_at=now))
        conn.execute(insert(rounds).values(workshop_id=workshop_id, number=number, is_open=True, revealed=False,
                                           opened_at=now))
        return number

    def open_round(self, code: str, key: str) -> Round:
        """Close the current round (if open) and open the next one (Delphi: answer again after feedback)."""
        ws = self.check_key(code, key)
        now = self.clock()
        with self._write() as conn, conn.begin():
            self._lock(conn, workshops, ws.id)
            self._open_next_round(conn, ws.id, now)
        return self.current_round(code)

    def close_round(self, code: str, key: str) -> Round:
        """Stop the current round taking answers; it cannot be reopened, only followed by a new one."""
        ws = self.check_key(code, key)
        with self._write() as conn, conn.begin():
            conn.execute(update(rounds).where(rounds.c.workshop_id == ws.id, rounds.c.is_open.is_(True))
                         .values(is_open=False, closed_at=self.clock()))
        return self.current_round(code)

    def reveal(self, code: str, key: str, number: int | None = None, revealed: bool = True) -> Round:
        """Show (or hide again) a round's anonymous group result to the participants."""
        ws = self.check_key(code, key)
        target = number if number is not None else self.current_round(code).number
        with self._write() as conn, conn.begin():
            done = conn.execute(update(rounds).where(rounds.c.workshop_id == ws.id, rounds.c.number == target)
                                .values(revealed=bool(revealed))).rowcount
        if not done:
            raise ScoringError.at(SOURCE, f"no round {target} in this workshop", column="round")
        return next(r for r in self.rounds(code) if r.number == target)

    # -------------------------------------------------------- the workshop's own data

    def _insert_data(self, conn: Connection, workshop_id: int, version: int, from_round: int,
                     data: Mapping[str, tuple[str, bytes]], now: datetime) -> dict[str, str]:
        unknown = set(data) - set(DATA_KINDS)
        if unknown or not {"options", "criteria"} <= set(data):
            raise ScoringError.at(SOURCE, "workshop data needs options and criteria files "
                                  f"(and optionally evidence); got {', '.join(sorted(data))}", column="data")
        hashes = {}
        for kind in DATA_KINDS:
            if kind not in data:
                continue
            name, content = data[kind]
            digest = hashlib.sha256(bytes(content)).hexdigest()
            conn.execute(insert(workshop_data).values(
                workshop_id=workshop_id, version=version, from_round=from_round, kind=kind,
                name=os.path.basename(str(name))[:200], content=bytes(content), sha256=digest, created_at=now))
            hashes[kind] = digest
        return hashes

    def data_version(self, code: str, round_number: int | None = None) -> DataVersion | None:
        """The stored data a round runs on (default: the current round); None for a workshop created
        before workshops stored their data."""
        ws = self.workshop(code)
        with self._read() as conn:
            number = int(self._round_row(conn, ws.id, round_number)["number"])
            version = conn.execute(select(func.max(workshop_data.c.version)).where(
                workshop_data.c.workshop_id == ws.id, workshop_data.c.from_round <= number)).scalar()
            if version is None:
                return None
            rows = conn.execute(select(workshop_data).where(workshop_data.c.workshop_id == ws.id,
                                                            workshop_data.c.version == version)).mappings().all()
        files = {r["kind"]: DataFile(r["kind"], r["name"], bytes(r["content"]), r["sha256"]) for r in rows}
        return DataVersion(int(version), int(rows[0]["from_round"]), files, rows[0]["created_at"])

    def data_history(self, code: str, key: str) -> list[DataVersion]:
        """Every stored data version with its files' contents, oldest first (for the archive)."""
        ws = self.check_key(code, key)
        with self._read() as conn:
            rows = conn.execute(select(workshop_data).where(workshop_data.c.workshop_id == ws.id)
                                .order_by(workshop_data.c.version, workshop_data.c.kind)).mappings().all()
        out: list[DataVersion] = []
        for version in sorted({int(r["version"]) for r in rows}):
            mine = [r for r in rows if int(r["version"]) == version]
            files = {r["kind"]: DataFile(r["kind"], r["name"], bytes(r["content"]), r["sha256"]) for r in mine}
            out.append(DataVersion(version, int(mine[0]["from_round"]), files, mine[0]["created_at"]))
        return out

    def data_versions(self, code: str, key: str) -> pd.DataFrame:
        """Every stored data version: version, from_round, kind, name, sha256, bytes, created_at."""
        ws = self.check_key(code, key)
        with self._read() as conn:
            rows = conn.execute(select(workshop_data.c.version, workshop_data.c.from_round, workshop_data.c.kind,
                                       workshop_data.c.name, workshop_data.c.sha256,
                                       func.length(workshop_data.c.content), workshop_data.c.created_at)
                                .where(workshop_data.c.workshop_id == ws.id)
                                .order_by(workshop_data.c.version, workshop_data.c.kind)).all()
        return pd.DataFrame(rows, columns=["version", "from_round", "kind", "name", "sha256", "bytes", "created_at"])

    def update_data(self, code: str, key: str, data: Mapping[str, tuple[str, bytes]], note: str = "") -> Round:
        """The facilitator's explicit "update the data": store a new version and open a new round that
        uses it (earlier rounds keep the data they were answered on). Logged with the files' hashes.

        The criteria must stay the same ids in the same order (answers are weights over them).
        """
        ws = self.check_key(code, key)
        now = self.clock()
        with self._write() as conn, conn.begin():
            self._lock(conn, workshops, ws.id)
            number = self._open_next_round(conn, ws.id, now)
            version = (conn.execute(select(func.max(workshop_data.c.version))
                                    .where(workshop_data.c.workshop_id == ws.id)).scalar() or 0) + 1
            hashes = self._insert_data(conn, ws.id, version, number, data, now)
            self._log(conn, ws.id, "data updated", {"version": version, "from_round": number, "data": hashes,
                                                    "note": clean_display_name(note, 200)}, now)
        return self.current_round(code)

    # -------------------------------------------------------- the log

    def _log(self, conn: Connection, workshop_id: int, action: str, detail: Mapping[str, Any],
             now: datetime | None = None) -> None:
        conn.execute(insert(workshop_log).values(workshop_id=workshop_id, at=now or self.clock(), action=action,
                                                 detail=_plain_json(dict(detail))))

    def log(self, code: str, key: str) -> pd.DataFrame:
        """The facilitator actions of a workshop, oldest first: at, action, detail (JSON text)."""
        ws = self.check_key(code, key)
        with self._read() as conn:
            rows = conn.execute(select(workshop_log.c.at, workshop_log.c.action, workshop_log.c.detail)
                                .where(workshop_log.c.workshop_id == ws.id).order_by(workshop_log.c.id)).all()
        return pd.DataFrame([(a, b, json.dumps(d, ensure_ascii=False, sort_keys=True)) for a, b, d in rows],
                            columns=["at", "action", "detail"])

    def tables(self, code: str, key: str) -> dict[str, pd.DataFrame]:
        """Every table of one workshop for the archive (no key or token hashes, no file contents)."""
        ws = self.check_key(code, key)
        with self._read() as conn:
            rnd = pd.DataFrame(conn.execute(select(rounds.c.number, rounds.c.is_open, rounds.c.revealed,
                                                   rounds.c.opened_at, rounds.c.closed_at)
                                            .where(rounds.c.workshop_id == ws.id).order_by(rounds.c.number)).all(),
                               columns=["round", "is_open", "revealed", "opened_at", "closed_at"])
        info = pd.DataFrame([{"code": ws.code, "name": ws.name, "method": ws.method, "normalization": ws.normalization,
                              "criteria": json.dumps(list(ws.criteria)), "dataset": ws.dataset,
                              "settings": json.dumps(dict(ws.settings), sort_keys=True), "created_at": ws.created_at}])
        return {"workshop": info, "rounds": rnd, "participants": self.participants(code, key),
                "submissions": self.submissions(code, key), "data_versions": self.data_versions(code, key),
                "log": self.log(code, key)}

    # -------------------------------------------------------- participants

    def join(self, code: str, display_name: str | None = None, client: str | None = None) -> Joined:
        """A new participant with a fresh token.

        Refused when the facilitator locked joining, beyond the participant cap (removed participants
        free their seat), and beyond `max_joins_per_client` joins in JOIN_WINDOW from one `client`
        (e.g. the browser's IP address; only a salted hash is stored). All checks run inside the write
        transaction with the workshop row locked, so they hold across threads and server processes.
        """
        ws = self.workshop(code)
        name = clean_display_name(display_name)
        token_secret = secrets.token_urlsafe(24)
        salt = secrets.token_hex(16)
        now = self.clock()
        client_hash = _hash(str(client), ws.code, self.pepper) if client else None
        with self._write() as conn, conn.begin():
            locked = self._lock(conn, workshops, ws.id)  # serialize joins of one workshop: the counts stay true
            if (locked["settings"] or {}).get("joining_locked"):
                raise ScoringError.at("", "The facilitator has closed this workshop to new participants.")
            seated = conn.execute(select(func.count()).select_from(participants).where(
                participants.c.workshop_id == ws.id, participants.c.removed_at.is_(None))).scalar_one()
            if seated >= self.max_participants:
                raise ScoringError.at(SOURCE, f"this workshop is full ({self.max_participants} participants)")
            if client_hash is not None:
                recent = conn.execute(select(func.count()).select_from(participants).where(
                    participants.c.workshop_id == ws.id, participants.c.client == client_hash,
                    participants.c.joined_at > now - JOIN_WINDOW)).scalar_one()
                if recent >= self.max_joins_per_client:
                    raise ScoringError.at("", f"Too many joins from this device ({self.max_joins_per_client} an hour). "
                                          "Ask the facilitator.")
            number = conn.execute(select(func.count()).select_from(participants)
                                  .where(participants.c.workshop_id == ws.id)).scalar_one() + 1
            pid = conn.execute(insert(participants).values(
                workshop_id=ws.id, display_name=name, token_salt=salt, token_hash=_hash(token_secret, salt, self.pepper),
                vote_weight=1.0, joined_at=now, client=client_hash)).inserted_primary_key[0]
        return Joined(Participant(int(pid), ws.code, name, 1.0, int(number)), f"{pid}.{token_secret}")

    def set_joining_locked(self, code: str, key: str, locked: bool = True) -> Workshop:
        """Lock (or unlock) joining: people already in keep answering; nobody new can join. Logged."""
        ws = self.check_key(code, key)
        with self._write() as conn, conn.begin():
            row = self._lock(conn, workshops, ws.id)
            settings = {**(row["settings"] or {}), "joining_locked": bool(locked)}
            conn.execute(update(workshops).where(workshops.c.id == ws.id).values(settings=settings))
            self._log(conn, ws.id, "joining locked" if locked else "joining unlocked", {})
        return self.workshop(code)

    def remove_participant(self, code: str, key: str, participant_id: int) -> None:
        """Remove a participant: their token stops working and their seat is freed; their answers stay
        in the export (marked removed) but no longer count in the room. Logged."""
        ws = self.check_key(code, key)
        now = self.clock()
        with self._write() as conn, conn.begin():
            done = conn.execute(update(participants).where(participants.c.id == int(participant_id),
                                                           participants.c.workshop_id == ws.id,
                                                           participants.c.removed_at.is_(None))
                                .values(removed_at=now)).rowcount
            if not done:
                raise ScoringError.at(SOURCE, f"no participant #{participant_id} in this workshop", column="participant")
            self._log(conn, ws.id, "participant removed", {"participant_id": int(participant_id)}, now)

    def participant(self, token: str) -> Participant:
        """Who a token belongs to; any malformed or wrong token is refused with one message."""
        with self._read() as conn:
            row, ws = self._participant_row(conn, token)
            number = conn.execute(select(func.count()).select_from(participants).where(
                participants.c.workshop_id == ws["id"], participants.c.id <= row["id"])).scalar_one()
        return Participant(int(row["id"]), ws["code"], row["display_name"], float(row["vote_weight"]), int(number))

    def _participant_row(self, conn: Connection, token: str) -> tuple[Any, Any]:
        pid_text, _, secret = (token or "").partition(".")
        pid = int(pid_text) if pid_text.isdigit() and len(pid_text) < 12 else -1
        row = conn.execute(select(participants).where(participants.c.id == pid)).mappings().first()
        salt, stored = (row["token_salt"], row["token_hash"]) if row is not None else ("x", "0" * 64)
        ok = hmac.compare_digest(_hash(secret, salt, self.pepper), stored)
        if row is None or not ok or not secret:
            raise ScoringError.at(SOURCE, "unknown participant token: join the workshop again", column="token")
        if row["removed_at"] is not None:
            raise ScoringError.at("", "The facilitator removed you from this workshop.")
        ws = conn.execute(select(workshops.c.id, workshops.c.code, workshops.c.criteria)
                          .where(workshops.c.id == row["workshop_id"])).mappings().first()
        return row, ws

    def rename(self, token: str, display_name: str | None) -> Participant:
        """A participant may change their own display name (never anyone else's)."""
        name = clean_display_name(display_name)
        with self._write() as conn, conn.begin():
            row, _ = self._participant_row(conn, token)
            conn.execute(update(participants).where(participants.c.id == row["id"]).values(display_name=name))
        return self.participant(token)

    def set_participant_weight(self, code: str, key: str, participant_id: int, weight: float) -> None:
        """How much a participant counts in the group result: 0 (heard, not counted) to 10."""
        ws = self.check_key(code, key)
        w = float(weight)
        if not math.isfinite(w) or w < 0 or w > 10:
            raise ScoringError.at(SOURCE, f"participant weight must be between 0 and 10, got {weight}", column="vote_weight")
        with self._write() as conn, conn.begin():
            done = conn.execute(update(participants).where(participants.c.id == int(participant_id),
                                                           participants.c.workshop_id == ws.id)
                                .values(vote_weight=w)).rowcount
        if not done:
            raise ScoringError.at(SOURCE, f"no participant #{participant_id} in this workshop", column="participant")

    def participants(self, code: str, key: str) -> pd.DataFrame:
        ws = self.check_key(code, key)
        with self._read() as conn:
            rows = conn.execute(select(participants.c.id, participants.c.display_name, participants.c.vote_weight,
                                       participants.c.joined_at, participants.c.removed_at)
                                .where(participants.c.workshop_id == ws.id).order_by(participants.c.id)).all()
        frame = pd.DataFrame(rows, columns=["participant_id", "display_name", "vote_weight", "joined_at", "removed_at"])
        frame["removed"] = frame["removed_at"].notna().to_numpy(dtype=bool)
        numbers = {int(pid): i + 1 for i, pid in enumerate(frame["participant_id"])}
        frame.insert(1, "participant", _labels(numbers, frame["participant_id"], frame["display_name"]))
        return frame

    # -------------------------------------------------------- submissions

    def submit(self, token: str, weights: Mapping[str, float], mode: str = "sliders",
               raw: Mapping[str, Any] | None = None, answer_key: str | None = None) -> Submission:
        """Append the participant's weights to the current round (never overwrites an earlier answer).

        `answer_key` (at most 64 characters, unique per participant) makes a retry safe: a submit whose
        key is already stored writes nothing and returns the stored answer with `repeated=True`, even
        when the retry reaches another server process.
        """
        if answer_key is not None and (not isinstance(answer_key, str) or not 0 < len(answer_key) <= 64):
            raise ScoringError.at(SOURCE, "an answer key is 1 to 64 characters", column="answer_key")
        if mode not in MODES:
            raise ScoringError.at(SOURCE, f"unknown elicitation mode '{mode}' (expected one of: {', '.join(MODES)})", column="mode")
        raw_doc = _plain_json(raw) if raw is not None else None
        if raw_doc is not None and len(json.dumps(raw_doc)) > RAW_MAX_CHARS:
            raise ScoringError.at(SOURCE, "the entered values are too long to store", column="raw")
        for attempt in range(5):
            try:
                return self._submit_once(token, weights, mode, raw_doc, answer_key)
            except IntegrityError:  # a concurrent resubmission took this sequence number (or key): look again
                if attempt == 4:
                    raise ScoringError.at(SOURCE, "too many simultaneous submissions; try again") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _submit_once(self, token: str, weights: Mapping[str, float], mode: str, raw: Any,
                     answer_key: str | None = None) -> Submission:
        now = self.clock()
        with self._write() as conn, conn.begin():
            row, ws = self._participant_row(conn, token)
            normalized = _check_weights(weights, list(ws["criteria"]))
            self._lock(conn, participants, row["id"])  # one participant's submissions in single file
            if answer_key is not None:
                done = conn.execute(select(submissions, rounds.c.number).join(rounds, rounds.c.id == submissions.c.round_id)
                                    .where(submissions.c.participant_id == row["id"],
                                           submissions.c.answer_key == answer_key)).mappings().first()
                if done is not None:
                    return Submission(int(done["id"]), int(row["id"]), int(done["number"]), int(done["sequence"]),
                                      dict(done["weights"]), done["mode"], done["created_at"], repeated=True)
            rnd = conn.execute(select(rounds).where(rounds.c.workshop_id == ws["id"])
                               .order_by(rounds.c.number.desc()).limit(1)).mappings().first()
            if rnd is None or not rnd["is_open"]:
                raise ScoringError.at(SOURCE, f"round {rnd['number'] if rnd else 1} is closed; wait for the facilitator "
                                      "to open the next round", column="round")
            recent = conn.execute(select(func.count()).select_from(submissions).where(
                submissions.c.participant_id == row["id"],
                submissions.c.created_at > now - timedelta(minutes=1))).scalar_one()
            if recent >= self.max_per_minute:
                raise ScoringError.at(SOURCE, f"too many submissions: at most {self.max_per_minute} a minute; "
                                      "wait a moment and submit again")
            seq = conn.execute(select(func.coalesce(func.max(submissions.c.sequence), 0)).where(
                submissions.c.participant_id == row["id"], submissions.c.round_id == rnd["id"])).scalar_one() + 1
            sid = conn.execute(insert(submissions).values(
                workshop_id=ws["id"], participant_id=row["id"], round_id=rnd["id"], sequence=seq,
                weights=normalized, mode=mode, raw=raw, created_at=now, answer_key=answer_key)).inserted_primary_key[0]
        return Submission(int(sid), int(row["id"]), int(rnd["number"]), int(seq), normalized, mode, now)

    def my_submissions(self, token: str) -> pd.DataFrame:
        """A participant's own history (all rounds, oldest first)."""
        with self._read() as conn:
            row, ws = self._participant_row(conn, token)
            rows = conn.execute(select(rounds.c.number, submissions.c.sequence, submissions.c.created_at,
                                       submissions.c.mode, submissions.c.weights)
                                .join(rounds, rounds.c.id == submissions.c.round_id)
                                .where(submissions.c.participant_id == row["id"])
                                .order_by(rounds.c.number, submissions.c.sequence)).all()
        return _weights_frame(rows, ["round", "sequence", "created_at", "mode"], list(ws["criteria"]))

    def last_answer(self, token: str) -> LastAnswer | None:
        """The participant's most recent answer (latest round, highest sequence), or None."""
        with self._read() as conn:
            row, _ = self._participant_row(conn, token)
            last = conn.execute(select(rounds.c.number, submissions.c.sequence, submissions.c.mode, submissions.c.raw,
                                       submissions.c.weights, submissions.c.created_at)
                                .join(rounds, rounds.c.id == submissions.c.round_id)
                                .where(submissions.c.participant_id == row["id"])
                                .order_by(rounds.c.number.desc(), submissions.c.sequence.desc()).limit(1)).mappings().first()
        if last is None:
            return None
        return LastAnswer(int(last["number"]), int(last["sequence"]), last["mode"], last["raw"], dict(last["weights"]),
                          last["created_at"])

    def room_version(self, code: str) -> tuple[Any, ...]:
        """A cheap fingerprint of everything a room analysis depends on (answers, rounds, participant weights).

        Equal fingerprints mean equal analyses, so a process can compute the room once per change and
        share it among its sessions; it is read from the database, so it also sees other processes' writes.
        """
        ws = self.workshop(code)
        with self._read() as conn:
            subs = conn.execute(select(func.count(), func.max(submissions.c.id))
                                .where(submissions.c.workshop_id == ws.id)).one()
            # every participant's own weight and removal, not an aggregate of them: a sum such as
            # sum(weight * id) is unchanged by 1, 1, 1 -> 1.5, 0, 1.5 and left every screen on a stale result
            people = conn.execute(select(participants.c.id, participants.c.vote_weight,
                                         participants.c.removed_at.is_(None))
                                  .where(participants.c.workshop_id == ws.id).order_by(participants.c.id)).all()
            rnds = conn.execute(select(rounds.c.number, rounds.c.is_open, rounds.c.revealed)
                                .where(rounds.c.workshop_id == ws.id).order_by(rounds.c.number)).all()
        return (ws.id, tuple(subs), tuple(tuple(r) for r in people), tuple(tuple(r) for r in rnds),
                tuple(sorted(ws.settings.items())) if all(isinstance(v, (str, int, float, bool, type(None)))
                                                          for v in ws.settings.values()) else repr(ws.settings))

    def latest(self, code: str, key: str, round_number: int | None = None) -> pd.DataFrame:
        """The latest submission of every participant in a round (default: the current one).

        Columns: participant_id, participant (label), display_name, vote_weight, round, sequence,
        created_at, mode, then one column per criterion (normalized weights).
        """
        ws = self.check_key(code, key)
        return self._latest(ws, round_number)

    def _latest(self, ws: Workshop, round_number: int | None) -> pd.DataFrame:
        with self._read() as conn:
            rnd = self._round_row(conn, ws.id, round_number)
            last = (select(submissions.c.participant_id, func.max(submissions.c.sequence).label("seq"))
                    .where(submissions.c.round_id == rnd["id"]).group_by(submissions.c.participant_id).subquery())
            rows = conn.execute(
                select(participants.c.id, participants.c.display_name, participants.c.vote_weight,
                       submissions.c.sequence, submissions.c.created_at, submissions.c.mode, submissions.c.weights)
                .join(last, (last.c.participant_id == submissions.c.participant_id) & (last.c.seq == submissions.c.sequence))
                .join(participants, participants.c.id == submissions.c.participant_id)
                .where(submissions.c.round_id == rnd["id"], participants.c.removed_at.is_(None))
                .order_by(participants.c.id)).all()
            numbers = _numbers(conn, ws.id)
        frame = _weights_frame(rows, ["participant_id", "display_name", "vote_weight", "sequence", "created_at", "mode"],
                               list(ws.criteria))
        frame.insert(1, "participant", _labels(numbers, frame["participant_id"], frame["display_name"]))
        frame.insert(4, "round", int(rnd["number"]))
        return frame

    def _round_row(self, conn: Connection, workshop_id: int, number: int | None) -> Any:
        stmt = select(rounds).where(rounds.c.workshop_id == workshop_id)
        stmt = stmt.where(rounds.c.number == int(number)) if number is not None else stmt.order_by(rounds.c.number.desc()).limit(1)
        rnd = conn.execute(stmt).mappings().first()
        if rnd is None:
            raise ScoringError.at(SOURCE, f"no round {number} in this workshop", column="round")
        return rnd

    def submissions(self, code: str, key: str) -> pd.DataFrame:
        """Every submission ever made in the workshop (for export), with flags on the ones that count.

        `latest`: the participant's latest answer in that round, for participants still in the workshop
        (a removed participant's answers are all False, as the room leaves them out); `counts`: latest
        and the participant counts (vote_weight > 0), i.e. exactly the answers in the room's result."""
        ws = self.check_key(code, key)
        with self._read() as conn:
            rows = conn.execute(
                select(submissions.c.id, rounds.c.number, participants.c.id, participants.c.display_name,
                       participants.c.vote_weight, participants.c.removed_at.is_not(None), submissions.c.sequence, submissions.c.created_at, submissions.c.mode,
                       submissions.c.raw, submissions.c.weights)
                .join(rounds, rounds.c.id == submissions.c.round_id)
                .join(participants, participants.c.id == submissions.c.participant_id)
                .where(submissions.c.workshop_id == ws.id)
                .order_by(submissions.c.id)).all()
            numbers = _numbers(conn, ws.id)
        frame = _weights_frame(rows, ["submission_id", "round", "participant_id", "display_name", "vote_weight",
                                      "removed", "sequence", "created_at", "mode", "raw"], list(ws.criteria))
        frame.insert(3, "participant", _labels(numbers, frame["participant_id"], frame["display_name"]))
        frame["removed"] = frame["removed"].astype(bool)
        frame["raw"] = [json.dumps(r, ensure_ascii=False) if r is not None else "" for r in frame["raw"]]
        last = frame.groupby(["round", "participant_id"])["sequence"].transform("max") if len(frame) else frame["sequence"]
        latest = (frame["sequence"] == last).to_numpy(dtype=bool) & ~frame["removed"].to_numpy(dtype=bool)
        at = frame.columns.get_loc("sequence") + 1
        frame.insert(at, "latest", latest)
        frame.insert(at + 1, "counts", latest & (frame["vote_weight"].to_numpy(dtype=float) > 0))
        return frame

    def revealed_room(self, token: str) -> tuple[int, pd.DataFrame] | None:
        """For a participant: the latest revealed round and its anonymous answers (no names), else None."""
        with self._read() as conn:
            _, ws_row = self._participant_row(conn, token)
            rnd = conn.execute(select(rounds).where(rounds.c.workshop_id == ws_row["id"], rounds.c.revealed.is_(True))
                               .order_by(rounds.c.number.desc()).limit(1)).mappings().first()
        if rnd is None:
            return None
        ws = self.workshop(ws_row["code"])
        frame = self._latest(ws, int(rnd["number"]))
        return int(rnd["number"]), frame[["vote_weight", *ws.criteria]].reset_index(drop=True)

    def counts(self, code: str) -> dict[str, int]:
        """How many have joined and how many have answered the current round (no key: shown to all)."""
        ws = self.workshop(code)
        with self._read() as conn:
            rnd = self._round_row(conn, ws.id, None)
            joined = conn.execute(select(func.count()).select_from(participants)
                                  .where(participants.c.workshop_id == ws.id, participants.c.removed_at.is_(None))
                                  ).scalar_one()
            answered = conn.execute(select(func.count(func.distinct(submissions.c.participant_id)))
                                    .join(participants, participants.c.id == submissions.c.participant_id)
                                    .where(submissions.c.round_id == rnd["id"], participants.c.removed_at.is_(None))
                                    ).scalar_one()
        return {"joined": int(joined), "submitted": int(answered), "round": int(rnd["number"])}


# ---------------------------------------------------------------- helpers

def normalize_code(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", code or "").upper()[:16]


def _check_weights(weights: Mapping[str, float], criteria: list[str]) -> dict[str, float]:
    """Validate like everywhere else: known criteria, finite, non-negative, not all zero; normalize."""
    if not isinstance(weights, Mapping):
        raise ScoringError.at("weights", "expected one weight per criterion, as a mapping id -> weight")
    from .loading import shown_id, unknown_id  # names an invisible or look-alike character, as the data files do

    problems = [Problem("weights", unknown_id("criterion", k, criteria), column=shown_id(str(k)))
                for k in weights if k not in criteria]
    problems += [Problem("weights", f"missing a weight for '{c}'", column=c) for c in criteria if c not in weights]
    if problems:
        raise ScoringError(problems)
    values = []
    for c in criteria:
        v = weights[c]
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ScoringError.at("weights", f"weight of '{c}' must be a number, got {v!r}", column=c)
        values.append(float(v))
    w = normalize_weights(values, "weights", criteria)
    return {c: float(x) for c, x in zip(criteria, w)}


def _plain_json(value: Any) -> Any:
    try:
        return json.loads(json.dumps(value, allow_nan=False, default=lambda o: o.item() if hasattr(o, "item") else str(o)))
    except (TypeError, ValueError):
        raise ScoringError.at(SOURCE, "the entered values cannot be stored", column="raw") from None


def _weights_frame(rows: Sequence[Any], columns: list[str], criteria: list[str]) -> pd.DataFrame:
    """Rows whose last field is a weights mapping -> one column per criterion."""
    base = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=columns)
    if rows:
        w = np.array([[float(tuple(r)[-1].get(c, 0.0)) for c in criteria] for r in rows], dtype=float)
    else:
        w = np.zeros((0, len(criteria)))
    for j, c in enumerate(criteria):
        base[c] = w[:, j]
    return base


def _workshop(row: Any) -> Workshop:
    return Workshop(id=int(row["id"]), code=row["code"], name=row["name"], dataset=row["dataset"], method=row["method"],
                    normalization=row["normalization"], criteria=tuple(row["criteria"]), settings=dict(row["settings"] or {}),
                    created_at=row["created_at"])


def _round(row: Any) -> Round:
    return Round(number=int(row["number"]), is_open=bool(row["is_open"]), revealed=bool(row["revealed"]),
                 opened_at=row["opened_at"], closed_at=row["closed_at"])


_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def shared_store(url: str | None = None) -> Store:
    """One Store (one connection pool) per URL for the whole server process."""
    key = url or os.environ.get(ENV_URL) or default_url()
    with _STORES_LOCK:
        if key not in _STORES:
            _STORES[key] = Store(key)
        return _STORES[key]
