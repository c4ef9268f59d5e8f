"""Per-process caches shared by every session of a workshop (facilitator screens, participants).

A room of 100 and a facilitator page on two screens must not redo the same work once per session:

- `shared_room` analyses a round once per change of the room (new answer, round opened or closed,
  revealed, participant weight changed; `Store.room_version`) and per view (round, aggregation,
  projector), however many facilitator screens refresh it;
- `round_state` reads a workshop's current round at most once every `ROUND_TTL` seconds per process
  for all its participants' pages.

The versions are read from the database, so answers written by another process behind the same proxy
show up at the next refresh. Callers check the facilitator key before asking (the cache has no
access control of its own).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Hashable

import pandas as pd
import streamlit as st

from scoring.group import RoomResult
from scoring.model import Dataset
from scoring.room import analyse, room_from_latest
from scoring.store import Store, Workshop

ROUND_TTL = 1.5  # seconds a process reuses one read of a workshop's rounds


class KeyedCache:
    """One value per key, recomputed when the key's version changes, computed once even when many
    sessions ask at the same moment (the others wait for that computation). Keeps at most `size` keys,
    dropping the oldest."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: dict[Hashable, tuple[Hashable, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self.computed = 0  # how many times a value was computed (tests and benches read it)

    def get(self, key: Hashable, version: Hashable, compute: Callable[[], Any]) -> Any:
        hit = self._values.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
            value = compute()
            with self._guard:
                self.computed += 1
                self._values.pop(key, None)
                self._values[key] = (version, value)
                while len(self._values) > self.size:
                    oldest = next(iter(self._values))
                    self._values.pop(oldest, None)
                    self._locks.pop(oldest, None)
            return value


@st.cache_resource(show_spinner=False)
def caches() -> dict[str, KeyedCache]:
    """The process's caches (one set per server process, shared by all sessions)."""
    return {"room": KeyedCache(64), "rounds": KeyedCache(), "revealed": KeyedCache()}


@dataclass(frozen=True)
class RoomView:
    """What one facilitator refresh shows: counts, the round's latest answers and their analysis."""

    joined: int
    latest: pd.DataFrame
    result: RoomResult | None
    drawn: Any = None  # what `draw(result)` made of the result once (the room's charts), None without answers


def shared_room(store: Store, workshop: Workshop, dataset: Dataset, round_number: int, aggregation: str,
                projector: bool, draw: Callable[[RoomResult], Any] | None = None) -> RoomView:
    """The room analysis of one round, computed once per change of the room for every screen, with
    `draw(result)` (the charts, converted once: `ui.chart_spec`) made at the same time.

    The caller has checked the facilitator key (store.check_key) for `workshop`.
    """
    code = workshop.code

    def compute() -> RoomView:
        latest = store._latest(workshop, round_number)  # noqa: SLF001 - the key was checked by the caller
        room = room_from_latest(latest, workshop.criteria, projector)
        result = analyse(room, dataset, workshop, aggregation)
        drawn = None if result is None or draw is None else draw(result)
        return RoomView(store.counts(code)["joined"], latest, result, drawn)

    key = (code, round_number, aggregation, projector, dataset.sha256)
    return caches()["room"].get(key, store.room_version(code), compute)


@dataclass(frozen=True)
class RoundState:
    number: int
    is_open: bool
    revealed_number: int | None  # the latest round whose result the facilitator shows to participants


def round_state(store: Store, code: str) -> RoundState:
    """A workshop's current round, read at most once per ROUND_TTL seconds per process."""
    def read() -> RoundState:
        rounds = store.rounds(code)
        shown = [r.number for r in rounds if r.revealed]
        return RoundState(rounds[-1].number, rounds[-1].is_open, shown[-1] if shown else None)

    return caches()["rounds"].get(code, int(time.monotonic() / ROUND_TTL), read)
