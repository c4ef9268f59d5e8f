"""The room at scale: N simulated participants weighing live over Streamlit's own websocket protocol.

    python bench/bench_room.py --participants 1,20,50,100 --duration 120
    python bench/bench_room.py --participants 1,20,50 --duration 30            # quick
    python bench/bench_room.py --participants 1,50,100 --workers 2             # scale-out through nginx
    python bench/bench_room.py --url http://127.0.0.1:8501 --db sqlite:///workshop.db   # a running server

No browser: each participant is one websocket to `/_stcore/stream` speaking protobuf BackMsg /
ForwardMsg exactly as the Streamlit frontend does (bench/stream_client.py). Per level N the bench
creates a fresh workshop through the store (same database URL as the server), then every participant

1. opens the Join page with `?code=...` at a random moment within --join-spread seconds (first page:
   connect until the first run finished), types a name and joins;
2. for --duration seconds moves one weight every ~--move-every seconds (think time uniform in 0.5x to
   1.5x), timing each move until the server finished the rerun that redraws the preview;
3. submits every --submit-every moves and once at the end; answers the page's self-refreshing
   fragments the way a browser does (auto reruns);

while --facilitators K tabs (default 2) keep the facilitator page open (it refreshes itself) and --analysts M
sessions move sliders on the main page. Printed per level: first-page, join, move and submit latency
percentiles, submissions sent / confirmed / stored, server CPU (cores busy on average) and the
ratios p95(N) / p50(1) against the N=1 reference measured in the same run (always run first), so runs on
machines of different speed and load compare. Absolute numbers are noisy on a shared machine.

It starts the server itself as users do (`python -m scoring dashboard`, or `python -m scoring serve --workers N`
with --workers) on loopback and stops what it started. Every loop is bounded by --duration and every
wait by a timeout.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stream_client import Session  # noqa: E402

from scoring.loading import load_dataset  # noqa: E402
from scoring.store import Store  # noqa: E402

NAME_LABEL = "Display name (optional: leave empty to stay anonymous)"
SUBMIT_LABEL = "Submit my weights"
SAVED = "Saved"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the server under test

def _healthy(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy within {timeout:.0f} s")
        time.sleep(0.3)


class Server:
    """`scoring dashboard` (or `scoring serve --workers N`) on loopback, stopped on exit."""

    def __init__(self, port: int, db_url: str, workers: int = 0, extra_env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "SCORING_DATABASE_URL": db_url, **(extra_env or {})}
        if workers:
            cmd = [sys.executable, "-m", "scoring", "serve", "--workers", str(workers), "--port", str(port),
                   "--address", "127.0.0.1"]
        else:  # as users start one process: the launcher's warm-up, settings and server (ui/server_app.py)
            cmd = [sys.executable, "-m", "scoring", "dashboard", "--port", str(port), "--address", "127.0.0.1"]
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-room-server-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        try:
            _healthy(self.url, 90)
        except BaseException:
            self.stop()
            raise

    def pids(self) -> list[int]:
        """The server and every process below it (workers, nginx)."""
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                children = []
            todo += [int(c) for c in children]
        return found

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


# ---------------------------------------------------------------- simulated people

@dataclass
class Stats:
    first: list[float] = field(default_factory=list)
    join: list[float] = field(default_factory=list)
    move: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    auto: list[float] = field(default_factory=list)
    facilitator: list[float] = field(default_factory=list)
    analyst: list[float] = field(default_factory=list)
    sent: int = 0
    saved: int = 0  # "Saved": a new answer stored
    repeated: int = 0  # "Already saved": the same input as the stored latest answer, nothing new stored
    errors: list[str] = field(default_factory=list)
    dropped: int = 0  # sessions whose connection broke (e.g. their worker was killed): counted, not raised
    upstreams: dict[str, int] = field(default_factory=dict)


# A worker killed mid-run closes its websockets without a close frame (websockets' ConnectionClosedError,
# not an OSError); any other failure of one simulated person is counted too and the run goes on.
LOST = Exception


def _lost(stats: Stats, who: str, exc: BaseException) -> None:
    stats.errors.append(f"{who}: {type(exc).__name__}: {exc}")
    if not isinstance(exc, (TimeoutError, KeyError)):
        stats.dropped += 1


def exit_status(rows: list[dict[str, object]]) -> int:
    """1 when an answer the page confirmed ("Saved") is not in the store (lost), else 0. Dropped
    connections alone (a killed worker) are reported, not failed: the question is whether answers were lost."""
    for row in rows:
        s: Stats = row["stats"]  # type: ignore[assignment]
        if int(row["stored"]) < s.saved:  # type: ignore[call-overload]
            return 1
    return 0


async def _auto_refresh(session: Session, until: float, out: list[float], stats: Stats) -> None:
    """What the browser does for fragments with run_every: rerun each on its interval."""
    due: dict[str, float] = {}
    while time.monotonic() < until and not session.closed:
        now = time.monotonic()
        for fid, interval in list(session.auto_reruns.items()):
            due.setdefault(fid, now + interval)
            if now >= due[fid]:
                due[fid] = now + interval
                try:
                    out.append((await session.rerun(fragment_id=fid, auto=True)).seconds)
                except LOST as exc:  # noqa: BLE001 - counted; the person's own task notices too
                    stats.errors.append(f"auto rerun: {type(exc).__name__}: {exc}")
                    return
        await asyncio.sleep(0.25)


async def participant(i: int, url: str, code: str, args: argparse.Namespace, stats: Stats, t_start: float) -> None:
    rng = random.Random(i)
    await asyncio.sleep(rng.uniform(0, args.join_spread))
    s = Session(url, page="Join_workshop", query=f"code={code}", timeout=args.timeout)
    try:
        first = await s.connect()
        stats.first.append(first.seconds)
        stats.upstreams[s.upstream or "?"] = stats.upstreams.get(s.upstream or "?", 0) + 1
        s.set_text(NAME_LABEL, f"p{i:03d}")
        joined = await s.click("Join")
        stats.join.append(joined.seconds)
        if joined.exception or SUBMIT_LABEL not in s.widgets:
            stats.errors.append(f"join {i}: {joined.exception or 'no submit button'}")
            return
        sliders = [w.label for w in s.widgets.values() if w.kind == "slider"]
        until = time.monotonic() + args.duration
        refresher = asyncio.create_task(_auto_refresh(s, until, stats.auto, stats))
        moves = 0
        while True:
            think = args.move_every * rng.uniform(0.5, 1.5)
            if time.monotonic() + think > until:
                break
            await asyncio.sleep(think)
            label = rng.choice(sliders)
            w = s.set_slider(label, rng.randint(0, 10))
            r = await s.change(w)
            if r.exception:
                stats.errors.append(f"move {i}: {r.exception}")
            stats.move.append(r.seconds)
            moves += 1
            if moves % args.submit_every == 0:
                await _submit(s, stats)
        await _submit(s, stats)
        refresher.cancel()
    except LOST as exc:  # noqa: BLE001
        _lost(stats, f"participant {i}", exc)
    finally:
        try:
            await s.close()
        except LOST:  # noqa: BLE001 - already broken
            pass


async def _submit(s: Session, stats: Stats) -> None:
    stats.sent += 1
    r = await s.click(SUBMIT_LABEL)
    stats.submit.append(r.seconds)
    if any(t.startswith(SAVED) for t in r.texts):
        stats.saved += 1
    elif any(t.startswith("Already saved") for t in r.texts):
        stats.repeated += 1
    elif r.exception:
        stats.errors.append(f"submit: {r.exception}")


async def facilitator(url: str, code: str, key: str, until: float, args: argparse.Namespace, stats: Stats) -> None:
    s = Session(url, page="Facilitator", timeout=args.timeout)
    try:
        await s.connect()
        s.set_text("Join code", code)
        s.set_text("Facilitator key", key)
        r = await s.click("Open")
        if r.exception:
            stats.errors.append(f"facilitator: {r.exception}")
        await _auto_refresh(s, until, stats.facilitator, stats)
    except LOST as exc:  # noqa: BLE001
        _lost(stats, "facilitator", exc)
    finally:
        try:
            await s.close()
        except LOST:  # noqa: BLE001
            pass


async def analyst(i: int, url: str, until: float, args: argparse.Namespace, stats: Stats) -> None:
    rng = random.Random(10_000 + i)
    await asyncio.sleep(rng.uniform(0, args.join_spread))
    s = Session(url, timeout=args.timeout)
    try:
        await s.connect()
        sliders = [w.label for w in s.widgets.values() if w.kind == "slider"]
        while True:
            think = args.move_every * rng.uniform(0.5, 1.5)
            if time.monotonic() + think > until:
                break
            await asyncio.sleep(think)
            w = s.set_slider(rng.choice(sliders), rng.randint(0, 10))
            stats.analyst.append((await s.change(w)).seconds)
    except LOST as exc:  # noqa: BLE001
        _lost(stats, f"analyst {i}", exc)
    finally:
        try:
            await s.close()
        except LOST:  # noqa: BLE001
            pass


# ---------------------------------------------------------------- cost per operation

async def calibrate(url: str, store: Store, criteria: list[str], pids: list[int] | None, args: argparse.Namespace,
                    repeats: int = 20) -> dict[str, float]:
    """Server CPU per operation of one participant, measured back to back with nothing else running on
    the server: first page + join, a weight move, a self-refresh, a submit. CPU time is what the server
    process spent, so it is far less sensitive to other load on the machine than latencies are."""
    if not pids:
        return {}
    created = store.create_workshop("bench calibrate", criteria)
    cost: dict[str, float] = {}
    s = Session(url, page="Join_workshop", query=f"code={created.workshop.code}", timeout=args.timeout)
    try:
        c0 = cpu_seconds(pids)
        await s.connect()
        s.set_text(NAME_LABEL, "calibrate")
        await s.click("Join")
        cost["first page + join (first session, imports)"] = cpu_seconds(pids) - c0
        warm = Session(url, page="Join_workshop", query=f"code={created.workshop.code}", timeout=args.timeout)
        try:
            c0 = cpu_seconds(pids)
            await warm.connect()
            cost["first page"] = cpu_seconds(pids) - c0
            warm.set_text(NAME_LABEL, "calibrate 2")
            c0 = cpu_seconds(pids)
            await warm.click("Join")
            cost["join"] = cpu_seconds(pids) - c0
        finally:
            await warm.close()
        sliders = [w.label for w in s.widgets.values() if w.kind == "slider"]
        rng = random.Random(0)
        c0 = cpu_seconds(pids)
        for i in range(repeats):
            await s.change(s.set_slider(sliders[i % len(sliders)], rng.randint(0, 10)))
        cost["move"] = (cpu_seconds(pids) - c0) / repeats
        fids = list(s.auto_reruns)
        if fids:
            c0 = cpu_seconds(pids)
            for i in range(repeats):
                await s.rerun(fragment_id=fids[i % len(fids)], auto=True)
            cost["self-refresh"] = (cpu_seconds(pids) - c0) / repeats
            args.refreshing_fragments = len(fids)
        c0 = cpu_seconds(pids)
        for i in range(5):
            await s.change(s.set_slider(sliders[0], i + 1))
            await s.click(SUBMIT_LABEL)
        cost["submit (with its move)"] = (cpu_seconds(pids) - c0) / 5
        # The facilitator's self-refresh: with the room unchanged (shared analysis reused) and right
        # after a new answer (analysis recomputed once for every screen).
        f = Session(url, page="Facilitator", timeout=args.timeout)
        try:
            await f.connect()
            f.set_text("Join code", created.workshop.code)
            f.set_text("Facilitator key", created.key)
            await f.click("Open")
            fid = next(iter(f.auto_reruns), None)
            if fid is not None:
                c0 = cpu_seconds(pids)
                for _ in range(5):
                    await f.rerun(fragment_id=fid, auto=True)
                cost["facilitator refresh, room unchanged"] = (cpu_seconds(pids) - c0) / 5
                spent = 0.0
                for i in range(5):
                    await s.change(s.set_slider(sliders[1], i + 3))
                    await s.click(SUBMIT_LABEL)
                    c0 = cpu_seconds(pids)
                    await f.rerun(fragment_id=fid, auto=True)
                    spent += cpu_seconds(pids) - c0
                cost["facilitator refresh after a new answer"] = spent / 5
        finally:
            await f.close()
    finally:
        await s.close()
    return cost


def capacity(cost: dict[str, float], args: argparse.Namespace, per_second: dict[str, float]) -> float:
    """Participants one fully used core serves: 1 / (server CPU seconds per participant per second)."""
    demand = cost.get("move", 0.0) / args.move_every
    for name, interval in per_second.items():
        demand += cost.get(name, 0.0) * getattr(args, "refreshing_fragments", 1) / interval
    demand += cost.get("submit (with its move)", 0.0) / (args.move_every * args.submit_every)
    return 1.0 / demand if demand > 0 else float("nan")


# ---------------------------------------------------------------- one level

def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


async def level(n: int, url: str, store: Store, criteria: list[str], args: argparse.Namespace,
                pids: list[int] | None) -> dict[str, object]:
    created = store.create_workshop(f"bench {n}", criteria)
    code, key = created.workshop.code, created.key
    stats = Stats()
    t0 = time.monotonic()
    cpu0 = cpu_seconds(pids) if pids else 0.0
    own0 = time.process_time()
    end = t0 + args.join_spread + args.duration + 5
    tasks = [participant(i, url, code, args, stats, t0) for i in range(n)]
    tasks += [facilitator(url, code, key, end, args, stats) for _ in range(args.facilitators)]
    tasks += [analyst(i, url, end, args, stats) for i in range(args.analysts)]
    await asyncio.gather(*tasks)
    wall = time.monotonic() - t0
    cpu = (cpu_seconds(pids) - cpu0) / wall if pids else float("nan")
    own = (time.process_time() - own0) / wall
    stored = len(store.submissions(code, key))
    cpu_total = (cpu_seconds(pids) - cpu0) if pids else float("nan")
    return {"n": n, "stats": stats, "stored": stored, "cpu": cpu, "own_cpu": own, "wall": wall,
            "cpu_per_op": cpu_total / max(1, len(stats.move) + len(stats.auto) + len(stats.submit) + len(stats.facilitator))}


def ms(x: float) -> str:
    return "   -  " if x != x else f"{1000 * x:6.0f}"


def report(rows: list[dict[str, object]], ref: dict[str, object], args: argparse.Namespace) -> None:
    rs: Stats = ref["stats"]  # type: ignore[assignment]
    move1, first1 = pct(rs.move, 50), pct(rs.first, 50)
    print(f"\nReference N=1: first page p50 {ms(first1).strip()} ms, move p50 {ms(move1).strip()} ms "
          f"(same run; ratios below are p95(N) / these)")
    head = ("   N | first p50  p95  p99 | join p50 | move p50   p95   p99 | submit p95 | auto p95 | "
            "fac p95 | ana p95 | sent saved again stored | srv CPU | CPU/op ms | move p95/p50(1) | first p95/p50(1) | errors")
    print(head)
    print("-" * len(head))
    for row in rows:
        s: Stats = row["stats"]  # type: ignore[assignment]
        print(f"{row['n']:4d} | {ms(pct(s.first, 50))}{ms(pct(s.first, 95))}{ms(pct(s.first, 99))} | "
              f"{ms(pct(s.join, 50))}   | {ms(pct(s.move, 50))}{ms(pct(s.move, 95))}{ms(pct(s.move, 99))} | "
              f"{ms(pct(s.submit, 95))}     | {ms(pct(s.auto, 95))}   | {ms(pct(s.facilitator, 95))}  | "
              f"{ms(pct(s.analyst, 95))}  | {s.sent:4d} {s.saved:5d} {s.repeated:5d} {row['stored']:6d} | "
              f"{row['cpu']:5.2f}   | {1000 * row['cpu_per_op']:9.1f} | {pct(s.move, 95) / move1:15.1f} | "
              f"{pct(s.first, 95) / first1:16.1f} | "
              f"{len(s.errors)}")
    print("sent = Submit clicks; saved = 'Saved' (new answer); again = 'Already saved' (same input as the stored "
          "latest answer: nothing stored); exactly once when stored = saved")
    print("CPU/op = server CPU per request (moves, self-refreshes, submits, facilitator refreshes) at that level")
    print(f"\nlatencies in ms; {len(rows[-1]['stats'].move)} moves at the last level; srv CPU = server cores busy "  # type: ignore[union-attr]
          f"on average; bench client CPU at the last level {rows[-1]['own_cpu']:.2f} cores; "
          f"{args.facilitators} facilitator tab(s), {args.analysts} analyst(s); load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for row in rows:
        s = row["stats"]  # type: ignore[assignment]
        lost = s.saved - int(row["stored"])  # type: ignore[call-overload]
        if s.dropped or lost > 0:
            print(f"N={row['n']}: {s.dropped} connection(s) dropped; {max(0, lost)} answer(s) confirmed 'Saved' "
                  f"but not stored (sent {s.sent}, saved {s.saved}, stored {row['stored']})")
        if s.errors:
            print(f"N={row['n']}: {len(s.errors)} errors, first: {s.errors[:3]}")
        if len(s.upstreams) > 1:
            print(f"N={row['n']}: participants per upstream: {dict(sorted(s.upstreams.items()))}")


async def run(args: argparse.Namespace) -> int:
    levels = [int(x) for x in args.participants.split(",") if x.strip()]
    if 1 not in levels:
        levels = [1, *levels]
    levels = sorted(set(levels))
    dataset = load_dataset()
    tmp = tempfile.TemporaryDirectory(prefix="bench-room-")
    db = args.db or f"sqlite:///{Path(tmp.name) / 'workshop.db'}"
    server = None
    try:
        if args.url:
            url, pids = args.url.rstrip("/"), [int(p) for p in args.server_pid.split(",")] if args.server_pid else None
        else:
            # every simulated participant comes from 127.0.0.1: behind `scoring serve` nginx passes that address
            # on, so the per-device join limit would refuse all but the first 30 joins of a run
            joins = str(sum(levels) + 10)
            server = Server(args.port, db, workers=args.workers, extra_env={"SCORING_MAX_JOINS_PER_CLIENT": joins})
            url, pids = server.url, server.pids()
        store = Store(db, max_participants=max(levels) + 10)
        print(f"server {url} ({'workers: ' + str(args.workers) if args.workers else 'single process' if server else 'given'}), "
              f"store {store.engine.url.render_as_string(hide_password=True)}, duration {args.duration:.0f} s per level, "
              f"joins spread over {args.join_spread:.0f} s, a move every ~{args.move_every:.0f} s")
        cost = await calibrate(url, store, dataset.criteria.ids, server.pids() if server else pids, args)
        if cost:
            print("server CPU per operation, one participant alone: "
                  + ", ".join(f"{k} {1000 * v:.1f} ms" for k, v in cost.items())
                  + (" (with --workers the second session may reach a process not yet warm)" if args.workers else ""))
            refresh = {"self-refresh": 6.0}
            print(f"=> one fully busy core serves about {capacity(cost, args, refresh):.0f} participants moving every "
                  f"{args.move_every:.0f} s ({getattr(args, 'refreshing_fragments', 0)} fragment(s) refreshing every 6 s, a submit every {args.submit_every} moves); "
                  "a Python process uses at most one core", flush=True)
        rows = []
        for n in levels:
            if server is not None:
                pids = server.pids()
            row = await level(n, url, store, dataset.criteria.ids, args, pids)
            s: Stats = row["stats"]  # type: ignore[assignment]
            print(f"  N={n}: {len(s.move)} moves, move p95 {ms(pct(s.move, 95)).strip()} ms, first p95 "
                  f"{ms(pct(s.first, 95)).strip()} ms, stored {row['stored']} of {s.saved} saved ({s.sent} sent), "
                  f"errors {len(s.errors)}, connections dropped {s.dropped}", flush=True)
            rows.append(row)
        report(rows, rows[0], args)
        store.close()
        status = exit_status(rows)
        if status:
            print("exit status 1: an answer confirmed 'Saved' is missing from the store")
        return status
    finally:
        if server is not None:
            server.stop()
        tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", default="1,20,50", help="comma-separated levels; N=1 always runs first")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds each participant keeps moving")
    parser.add_argument("--join-spread", type=float, default=None, help="joins spread over this many seconds "
                        "(default 30, or duration/2 if shorter)")
    parser.add_argument("--move-every", type=float, default=5.0)
    parser.add_argument("--submit-every", type=int, default=6, help="submit after every k-th move (and at the end)")
    parser.add_argument("--facilitators", type=int, default=2, help="facilitator tabs refreshing on their own "
                        "(default 2, the issue's target condition)")
    parser.add_argument("--analysts", type=int, default=0)
    parser.add_argument("--workers", type=int, default=0, help="start `scoring serve --workers N` (nginx in front)")
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument("--url", help="a running server instead of starting one (then give --db)")
    parser.add_argument("--db", help="its database URL (default: a temporary SQLite file)")
    parser.add_argument("--server-pid", help="with --url: comma-separated pids whose CPU to report")
    parser.add_argument("--timeout", type=float, default=60.0, help="longest wait for one run")
    args = parser.parse_args()
    if args.join_spread is None:
        args.join_spread = min(30.0, args.duration / 2)
    if args.url and not args.db:
        parser.error("--url needs --db (the server's SCORING_DATABASE_URL) to create the workshop")
    raise SystemExit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
