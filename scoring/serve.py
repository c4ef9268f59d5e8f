"""`scoring serve --workers N`: several Streamlit processes behind nginx, one shared store, one command.

    python -m scoring serve --workers 4 --port 8501 --address 0.0.0.0

Starts N `streamlit run dashboard.py` processes on free loopback ports, writes an nginx configuration
from deploy/nginx.conf.template into a fresh temporary directory (pid file, error log and nginx's
temporary files go there too, so no root is needed) and runs nginx in front of them on --port with
sticky websocket sessions. Every process uses the same store: SCORING_DATABASE_URL if set (PostgreSQL
across machines), else the single process's default SQLite file (WAL mode; one machine).
Workers and nginx end with serve, even on a `kill -9` (Linux: ends_with_parent).
A worker that dies is started again on its port: at once after a long run or a first crash, with a
growing pause (1, 2, 4 ... s, at most 30 s) after each further crash within FAST_CRASH_SECONDS of its
start (on a new free port, nginx reloaded, when its port was taken meanwhile), and serve stops with a
message and exit status 2 after MAX_FAST_CRASHES such crashes in a row (a start that cannot
work: database unreachable, broken environment). Ctrl-C or SIGTERM stops nginx and every worker together and
removes the directory.

The single process (`streamlit run dashboard.py`) needs none of this.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable

from .errors import ScoringError
from .numbers import FlagNumber

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
APP = ROOT / "dashboard.py"
LAUNCHER = ROOT / "ui" / "launch.py"  # warms the first page, then runs `streamlit run` with the same arguments
ENV_URL = "SCORING_DATABASE_URL"
HEALTH_TIMEOUT = 90.0
MAX_WORKERS = 64
PORT = FlagNumber("--port", low=1, high=65535, example="8501", why="TCP ports are numbered 1 to 65535")
TRUSTED_PROXY_ENV = "SCORING_TRUSTED_PROXY"  # set by `serve` for its workers: nginx's X-Scoring-Client is real
PUBLIC_PORT_ENV = "SCORING_PUBLIC_PORT"  # set by `serve` for its workers: the proxy's port, the one phones reach
PUBLIC_URL_ENV = "SCORING_PUBLIC_URL"  # the address in the join link and QR code (serve --public-url)
FAST_CRASH_SECONDS = 30.0  # a worker that exits sooner after its start crashed while starting (or soon after)
BACKOFF_FIRST = 1.0  # pause before restarting after the first fast crash; doubles per fast crash in a row
BACKOFF_CAP = 30.0
MAX_FAST_CRASHES = 6  # fast crashes in a row after which serve gives up (a start that cannot work)
PORT_TAKEN = re.compile(r"Port \d+ is not available|Address already in use")  # Streamlit's / Python's words

# The Streamlit settings the app needs wherever it is started from (Streamlit reads .streamlit/config.toml
# from the *current folder* only, so they are passed as flags by `scoring serve` and `scoring dashboard`;
# .streamlit/config.toml repeats them for a bare `streamlit run dashboard.py` from the repository root).
# runner.postScriptGC: a full GC after every rerun costs ~70 ms of server CPU (5-8x a weight move);
# server.fileWatcherType: a watcher per session costs ~65 ms per page opened (bench/bench_room.py).
STREAMLIT_SETTINGS: dict[str, str] = {
    "runner.postScriptGC": "false",
    "server.fileWatcherType": "none",
    "server.maxUploadSize": "50",
    "server.headless": "true",
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "type",
    "browser.gatherUsageStats": "false",
}


def streamlit_command(app: Path, port: int, address: str, extra: list[str] | None = None) -> list[str]:
    """`streamlit run APP` with STREAMLIT_SETTINGS as flags (later `extra` flags win), started through
    ui/launch.py, which runs the first page once before the server listens, so the first person to open it
    does not wait for imports and cache fills (SCORING_WARM_UP=0: no warm-up)."""
    flags = [x for name, value in STREAMLIT_SETTINGS.items() for x in (f"--{name}", value)]
    return [sys.executable, str(LAUNCHER), str(app), "--server.port", str(port),
            "--server.address", address, *flags, *(extra or [])]


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def ends_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` for a child process that must not outlive this one (None off Linux).

    Linux prctl(2) PR_SET_PDEATHSIG: the kernel sends the child SIGTERM when the thread that started it
    ends, however it ends (`kill -9` included, which cannot be passed on), so Streamlit stops and frees its
    port instead of serving on as an orphan. The setting survives the exec of Python or nginx. A parent that
    died between fork and prctl is caught by comparing the parent's pid. Call it in the thread that keeps
    the child (the main thread for `scoring dashboard` and `scoring serve`).
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # loaded before the fork: the child only calls it
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def _preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent is already gone: no signal will come
            os.kill(os.getpid(), signal.SIGTERM)

    return _preexec


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                           if os.access(p, os.X_OK)), None)
    if found is None:
        raise ScoringError.at("serve", "nginx is not installed (Debian/Ubuntu: apt-get install nginx)")
    return found


def nginx_config(directory: Path, listen: str, ports: list[int], template: Path = TEMPLATE) -> str:
    """The template with its fields filled: pid/log/temp paths in `directory`, one upstream per port."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in ports)
    user = "user root;" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""  # root's workers would be nobody
    text = template.read_text(encoding="utf-8")
    for name, value in {"@@DIR@@": str(directory), "@@LISTEN@@": listen, "@@SERVERS@@": servers,
                        "@@USER_LINE@@": user}.items():
        text = text.replace(name, value)
    return text


def database_url() -> str:
    """The store every worker shares (SCORING_DATABASE_URL, else the single process's default file); a
    relative SQLite path is made absolute so every worker, started from the repository root, finds it."""
    from .store import default_url

    url = os.environ.get(ENV_URL) or default_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and ":memory:" not in url:
        url = "sqlite:///" + str(Path(url[len("sqlite:///"):]).resolve())
    elif ":memory:" in url or url.rstrip("/") == "sqlite:":
        raise ScoringError.at(ENV_URL, "an in-memory database cannot be shared by several processes")
    return url


def backoff(fast_crashes: int) -> float:
    """Seconds to wait before restarting a worker after its k-th fast crash in a row: 0 for the first (a
    single kill is restarted at once), then BACKOFF_FIRST, doubling, at most BACKOFF_CAP (0, 1, 2, 4 ... 30)."""
    if fast_crashes <= 1:
        return 0.0
    return float(min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** (fast_crashes - 2)))


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass
class Cluster:
    """N Streamlit workers and nginx; `stop()` ends them all."""

    workers: int
    port: int
    address: str = "127.0.0.1"
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="scoring-serve-")))
    app: Path = APP
    extra_args: list[str] = field(default_factory=list)
    quiet: bool = False
    public_url: str | None = None
    clock: Any = time.monotonic

    def __post_init__(self) -> None:
        self.ports: list[int] = []
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[Any]] = []
        self.nginx: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.started: list[float] = []  # when each worker was (re)started, by self.clock
        self.fast_crashes: list[int] = []  # fast crashes in a row, per worker
        self.restart_at: list[float | None] = []  # a pending restart's time, per worker
        self.cookie_secret = secrets.token_urlsafe(32)  # the same in every worker (XSRF, auth cookies)
        self.url = ""
        self.nginx_path = "nginx"

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def _worker(self, i: int) -> subprocess.Popen[bytes]:
        cmd = streamlit_command(self.app, self.ports[i], "127.0.0.1", self.extra_args)
        log = open(self.directory / f"worker-{i + 1}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.logs.append(log)
        public = {PUBLIC_URL_ENV: self.public_url} if self.public_url else {}
        # The settings travel as flags (streamlit_command); the repository root is only the data's folder.
        return subprocess.Popen(cmd, cwd=self.app.parent, env={**os.environ, **self.env, ENV_URL: self.db_url,
                                                         TRUSTED_PROXY_ENV: "1", PUBLIC_PORT_ENV: str(self.port),
                                                         "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret,
                                                         **public},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=ends_with_parent())  # a `kill -9` on serve ends the workers too

    def _log_tail(self, i: int) -> str:
        """The last non-empty line of a worker's log (why it stopped, usually), at most 200 characters."""
        try:
            with open(self.directory / f"worker-{i + 1}.log", "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 4000))
                lines = [x.strip() for x in f.read().decode("utf-8", "replace").splitlines() if x.strip()]
        except OSError:
            return ""
        return lines[-1][:200] if lines else ""

    def start(self) -> "Cluster":
        if self.workers < 1:
            raise ScoringError.at("serve", f"--workers must be at least 1, got {self.workers}")
        binary = self.nginx_path = nginx_binary()
        self.db_url = database_url()
        # Data files named relative to where `serve` was started, absolute for workers run from the root.
        self.env = {name: str(Path(os.environ[name]).resolve()) for name in ("SCORING_OPTIONS", "SCORING_CRITERIA")
                    if os.environ.get(name)}
        from .store import Store  # create the tables once, before the workers race to

        Store(self.db_url).close()
        try:
            self.ports = [free_port() for _ in range(self.workers)]
            self.procs = [self._worker(i) for i in range(self.workers)]
            self.started = [self.clock()] * self.workers
            self.fast_crashes = [0] * self.workers
            self.restart_at = [None] * self.workers
            (self.directory / "workers.pid").write_text("\n".join(str(p.pid) for p in self.procs) + "\n")
            deadline = time.monotonic() + HEALTH_TIMEOUT
            for i, port in enumerate(self.ports):
                while not _healthy(port):
                    if self.procs[i].poll() is not None or time.monotonic() > deadline:
                        raise ScoringError.at("serve", f"worker {i + 1} (port {port}) did not start; see "
                                              f"{self.directory / f'worker-{i + 1}.log'}")
                    time.sleep(0.3)
            conf = self.directory / "nginx.conf"
            conf.write_text(nginx_config(self.directory, f"{self.address}:{self.port}", self.ports))
            out = open(self.directory / "nginx.out", "ab")  # noqa: SIM115 - closed in stop()
            self.logs.append(out)
            self.nginx = subprocess.Popen([binary, "-p", str(self.directory), "-c", str(conf), "-e",
                                           str(self.directory / "error.log")],
                                          stdout=subprocess.DEVNULL, stderr=out, start_new_session=True,
                                          preexec_fn=ends_with_parent())
            host = "127.0.0.1" if self.address in ("0.0.0.0", "::") else self.address
            self.url = f"http://{host}:{self.port}"
            while not self._proxy_ok():
                if self.nginx.poll() is not None or time.monotonic() > deadline:
                    raise ScoringError.at("serve", "nginx did not start: "
                                          + (self.directory / "nginx.out").read_text(errors="replace")[-500:])
                time.sleep(0.2)
        except BaseException:
            self.stop(keep=True)  # the logs named in the message stay
            raise
        self._say(f"Serving {self.url} (nginx, sticky sessions) with {self.workers} Streamlit process(es) on "
                  f"ports {', '.join(map(str, self.ports))}; store {self._safe_url()}; files in {self.directory}. "
                  "Ctrl-C stops them all.")
        return self

    def _safe_url(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.db_url).render_as_string(hide_password=True)

    def _proxy_ok(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def watch_once(self) -> None:
        """Start again any worker that died (its browsers have already moved to the others).

        After a long run it starts again at once; after the k-th crash in a row within FAST_CRASH_SECONDS
        of its start it waits `backoff(k)` seconds (0 for the first, then 1, 2, 4 ... at most BACKOFF_CAP),
        and after MAX_FAST_CRASHES in a row raises a ScoringError (serve stops, exit status 2): a worker
        that cannot start should not cost the room's machine a full Python start every half second."""
        now = self.clock()
        for i, proc in enumerate(self.procs):
            if self.restart_at[i] is not None:  # waiting out a back-off
                if now >= self.restart_at[i]:
                    self.restart_at[i] = None
                    self.restarts += 1
                    self.procs[i] = self._worker(i)
                    self.started[i] = now
                continue
            if proc.poll() is None:
                continue
            ran = now - self.started[i]
            why = self._log_tail(i)
            because = f"; its log ends: {why}" if why else ""
            where = f"worker {i + 1} (port {self.ports[i]})"
            if ran >= FAST_CRASH_SECONDS:
                self.fast_crashes[i] = 0
                self.restarts += 1
                self._say(f"{where} exited with {proc.returncode} after {ran:.0f} s; starting it again")
                self.procs[i] = self._worker(i)
                self.started[i] = now
                continue
            self.fast_crashes[i] += 1
            k = self.fast_crashes[i]
            if k >= MAX_FAST_CRASHES:
                raise ScoringError.at("serve", f"{where} crashed {k} times in a row, each within "
                                      f"{FAST_CRASH_SECONDS:.0f} s of starting{because}; stopping. See "
                                      f"{self.directory / f'worker-{i + 1}.log'} (run with --keep to keep it)")
            pause = backoff(k)
            self._say(f"{where} exited with {proc.returncode} {ran:.1f} s after starting (fast crash {k} in a row; "
                      f"serve stops at {MAX_FAST_CRASHES}){because}; starting it again "
                      + (f"in {pause:.0f} s" if pause else "now"))
            if self.nginx is not None and PORT_TAKEN.search(why):
                self._move(i)  # its port was taken while it was down: a new one, nginx told
            if pause:
                self.restart_at[i] = now + pause
            else:
                self.restarts += 1
                self.procs[i] = self._worker(i)
                self.started[i] = now
        if self.nginx is not None and self.nginx.poll() is not None:
            raise ScoringError.at("serve", f"nginx exited with {self.nginx.returncode}; see {self.directory / 'error.log'}")

    def _move(self, i: int) -> None:
        """Give worker i a new free port, rewrite nginx.conf and reload nginx (`nginx -s reload`: it
        re-reads the upstreams without dropping open connections)."""
        old, self.ports[i] = self.ports[i], free_port()
        conf = self.directory / "nginx.conf"
        conf.write_text(nginx_config(self.directory, f"{self.address}:{self.port}", self.ports))
        done = subprocess.run([self.nginx_path, "-p", str(self.directory), "-c", str(conf), "-e",
                               str(self.directory / "error.log"), "-s", "reload"], capture_output=True, timeout=30)
        self._say(f"worker {i + 1}: port {old} is taken by another program; moved to port {self.ports[i]}"
                  + ("" if done.returncode == 0 else f" (nginx reload failed: {done.stderr.decode(errors='replace')[-200:]})"))

    def stop(self, keep: bool = False) -> None:
        procs = ([self.nginx] if self.nginx is not None else []) + self.procs
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        for log in self.logs:
            log.close()
        if not keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def cmd_serve(args: argparse.Namespace) -> int:
    cluster = Cluster(args.workers, args.port, args.address, extra_args=list(args.streamlit_args or []),
                      public_url=args.public_url)
    stopping = False

    def _stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        cluster.start()
        while not stopping:
            time.sleep(0.5)
            cluster.watch_once()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        cluster.stop(keep=args.keep)
        if not cluster.quiet:
            print("Stopped nginx and every worker.", flush=True)
    return 0


def add_serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=FlagNumber("--workers", low=1, high=MAX_WORKERS, example="4", unit=" processes",
                                                 why="about one per core; more only share the same cores"), default=2, help="Streamlit processes (default 2; about one per core)")
    p.add_argument("--port", type=PORT, default=8501, help="the port people open (nginx listens there)")
    p.add_argument("--address", default="127.0.0.1", help="where nginx listens: 0.0.0.0 for the room's network")
    p.add_argument("--public-url", metavar="URL", default=None,
                   help="the address phones open, for the join link and QR code (e.g. http://192.168.1.20:8501; "
                        "default SCORING_PUBLIC_URL, else the address the facilitator's page was opened at)")
    p.add_argument("--keep", action="store_true", help="keep the generated nginx.conf and logs after stopping")
    p.add_argument("streamlit_args", nargs="*", help="after --: more options for every `streamlit run`")


def cmd_dashboard(args: argparse.Namespace) -> int:
    """One Streamlit process with the app's settings, from any folder (no proxy: the join limit counts the
    address Streamlit sees, None on localhost)."""
    cmd = streamlit_command(APP, args.port, args.address, list(args.streamlit_args or []))
    env = {k: v for k, v in os.environ.items() if k != TRUSTED_PROXY_ENV}  # no proxy in front: trust no header
    # SIGKILL cannot be passed on: the kernel ends the child then (ends_with_parent), so no orphan keeps the port
    proc = subprocess.Popen(cmd, cwd=APP.parent, env=env, preexec_fn=ends_with_parent())
    # A service manager, `timeout` or a script stops the launcher with SIGTERM (Ctrl-C reaches the whole
    # process group): pass it on, or Streamlit keeps the port and the next start fails.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: proc.terminate())
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # Streamlit got it too and is stopping: wait for it, then say nothing
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def add_dashboard_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=PORT, default=8501, help="the port people open")
    p.add_argument("--address", default="127.0.0.1", help="0.0.0.0 for the room's network")
    p.add_argument("streamlit_args", nargs="*", help="after --: more options for `streamlit run`")


def _register() -> None:
    from .cli import COMMANDS

    COMMANDS["serve"] = ("run several Streamlit processes behind nginx (workshops of 100+)", add_serve_args, cmd_serve)
    COMMANDS["dashboard"] = ("run the dashboard (one Streamlit process) with its settings, from any folder",
                             add_dashboard_args, cmd_dashboard)


_register()
