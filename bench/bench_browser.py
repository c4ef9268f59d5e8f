"""How fast does the dashboard feel in a browser? Keypress on a weight slider to the view updated on screen.

Drives Debian's Chromium (Playwright, never a downloaded browser) against `streamlit run dashboard.py`:

- first page: navigation start to the ranking visible (the "Top option" line and the table drawn);
- per view: a keypress on the Cost slider to the rerun finished and painted (the app's script state back
  to not-running, then two animation frames), with the server's own rerun time (dashboard.py appends it
  to $SCORING_RENDER_LOG) beside it.

The machine is shared, so beside milliseconds it prints ratios: browser time over server time, and over a
reference measured the same way in the same run: a one-slider Streamlit page (the framework's floor); "x ref"
is a slider row against the reference's keypress, a first-page row against the reference's own first page.
Targets (issue 12, 2-core machine, one user): slider -> Rank p95 <= 300 ms, other views p95 <= 500 ms,
first page <= 2 s.

First page, cold and warm: "cold" is the first page opened right after the server answers its health check
(one per server start, --cold starts), "warm" a fresh browser context on a server that has shown pages
already; "returning visitor" a new page in a browser context that opened the dashboard once before, so
its HTTP cache holds Streamlit's JavaScript (a first visit fetches about 140 files, 5.4 MB, most of them
chunks the page asks for only when its first elements arrive, queued on the browser's six connections).
All are measured on the shipped table (61 options) and, with --sizes 61,200, on a bigger table
made of copies of the shipped rows (ids and titles numbered, their evidence rows copied). Beside the time:
the bytes the server sent over the websocket for that page, and the server's own time for the first rerun.
The server starts as users start it, `python -m scoring dashboard` (--launcher streamlit: a bare
`streamlit run dashboard.py`, for an A/B of the server-start warm-up and of ui/frontend_files.py).

On the loopback every byte is free; a phone in a full room is not. `--network 5000,2000,50` emulates a network
(Chromium's DevTools throttling: kbit/s down, kbit/s up, ms round trip) for every page, the reference's too.

At a phone's width (`--width 390 --height 844`) the sidebar starts closed, as Streamlit closes it below 768 px:
a slider move opens it first (a phone user taps the arrow, then moves the slider over the page), and is then timed
the same way; the view under the open sidebar is redrawn as on a laptop.

    python bench/bench_browser.py [--repeats 20] [--views Rank,Methods] [--sizes 61,200] [--cold 3]
                                  [--width 1400 --height 1000] [--network DOWN,UP,RTT]
"""
from __future__ import annotations

import argparse
import csv
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ("Rank", "Rank?rank_contrib=1", "Trade-offs", "Methods", "Sensitivity", "Uncertainty", "Scenarios", "Evidence",
         "Export")
# A view may carry more of the address after '?': "Rank?rank_contrib=1" is the Rank view with its contributions
# chart open (closed sections are not drawn: ui.show.lazy_expander), printed as "Rank, rank_contrib=1".
TARGETS = {"Rank": 300.0}
OTHER_TARGET, FIRST_TARGET = 500.0, 2000.0
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
REFERENCE = """import streamlit as st
v = st.slider("Cost (less is better)", 0.0, 10.0, 1.0, step=0.5, key="w_cost")
st.markdown(f"**Top option:** value {v}")
"""

# Done = the app is not running any more AND this keypress's rerun has happened: the state was seen
# 'running', or the address (which holds the weights) or the "Top option" line changed. A rerun can be
# so quick that React never shows 'running', hence the other two signals.
WATCH = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const top = () => { const m = [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
      .find(e => e.innerText.includes('Top option')); return m ? m.innerText : ''; };
  window.__bench = {saw: false, search: location.search, top: top()};
  if (window.__benchObs) window.__benchObs.disconnect();
  window.__benchObs = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__bench.saw = true;
  });
  window.__benchObs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__benchDone = () => app.getAttribute('data-test-script-state') === 'notRunning' &&
      (window.__bench.saw || location.search !== window.__bench.search || top() !== window.__bench.top);
}"""
SETTLED = """() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"""
VIEWPORT = {"width": 1400, "height": 1000}  # the browser window (--width, --height): a laptop by default


NETWORK: dict[str, float] = {}  # --network: Chromium's emulated network for every page; empty: the loopback as it is


def new_context(browser):
    """A fresh browser context (empty HTTP cache) with the bench's window size."""
    return browser.new_context(viewport=dict(VIEWPORT))


def new_page(ctx):
    """A new page of `ctx`, on the --network the bench emulates (Chromium's DevTools throttling: every byte paced
    at the given rates, every request delayed by the round trip)."""
    page = ctx.new_page()
    if NETWORK:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORK})
    return page


def network(text: str) -> dict[str, float]:
    """'DOWN,UP,RTT' (kbit/s, kbit/s, ms) -> the DevTools emulation's fields (bytes per second, ms)."""
    try:
        down, up, rtt = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected DOWN,UP,RTT as kbit/s,kbit/s,ms (e.g. 5000,2000,50), got {text!r}")
    if min(down, up) <= 0 or rtt < 0:
        raise argparse.ArgumentTypeError(f"rates must be above 0 and the round trip 0 or more, got {text!r}")
    return {"downloadThroughput": down * 1000 / 8, "uploadThroughput": up * 1000 / 8, "latency": rtt}


PHONE_BELOW = 768  # px: Streamlit starts the sidebar closed in a narrower window


def open_sidebar(page) -> None:
    """In a phone's window, open the sidebar (closed at first, below PHONE_BELOW) as a phone user does before moving
    a slider: a tap on its arrow."""
    if VIEWPORT["width"] >= PHONE_BELOW:
        return
    expand = page.locator('[data-testid="stExpandSidebarButton"]').first
    expand.wait_for(timeout=120_000)
    expand.click()
    page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bigger_table(n: int, folder: Path) -> Path:
    """options.csv (+ evidence.csv) with `n` options: the shipped rows, then numbered copies of them.

    A copy's id gets a suffix (`-2`, `-3`, ...), as do the ids it names in excludes/combines_with/overlaps
    (those not in the table are dropped), so every copy is a consistent twin of its original; its title gets
    " (copy 2)". Returns the options path.
    """
    with open(ROOT / "options.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or []), list(reader)
    with open(ROOT / "evidence.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        ev_fields, evidence = list(reader.fieldnames or []), list(reader)
    out, ev_out = [], []
    for k in range(n):
        copy, row = k // len(rows) + 1, dict(rows[k % len(rows)])
        if copy > 1:
            tag = f"-{copy}"
            original = row["id"]
            row["id"] += tag
            row["title"] += f" (copy {copy})"
            for col in ("excludes", "combines_with", "overlaps"):
                if row.get(col):
                    row[col] = ";".join(i + tag for i in row[col].split(";"))
            ev_out += [{**e, "option_id": row["id"]} for e in evidence if e["option_id"] == original]
        else:
            ev_out += [e for e in evidence if e["option_id"] == row["id"]]
        out.append(row)
    kept = {r["id"] for r in out}  # the last, partial copy names only the twins it holds
    for r in out:
        for col in ("excludes", "combines_with", "overlaps"):
            if r.get(col):
                r[col] = ";".join(i for i in r[col].split(";") if i in kept)
    folder.mkdir(parents=True, exist_ok=True)
    for name, cols, data in (("options.csv", fields, out), ("evidence.csv", ev_fields, ev_out)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            w.writerows(data)
    return folder / "options.csv"


@contextmanager
def server(script: Path, port: int, log: Path, launcher: str = "streamlit", env_extra: dict[str, str] | None = None):
    """The app on `port`, yielded once its health check answers (the moment a user could open it)."""
    env = {**os.environ, "SCORING_RENDER_LOG": str(log), **(env_extra or {})}
    flags = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    if launcher == "scoring" and script.resolve() == (ROOT / "dashboard.py").resolve():
        cmd = [sys.executable, "-m", "scoring", "dashboard", "--port", str(port), "--address", "127.0.0.1"]
    else:
        cmd = [sys.executable, "-m", "streamlit", "run", str(script), *flags, "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:  # `scoring dashboard` runs streamlit as its child: end the whole process group
        try:
            os.killpg(proc.pid, 15)
        except ProcessLookupError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


def last_server_ms(log: Path) -> float | None:
    try:
        lines = log.read_text().split()
    except OSError:
        return None
    return float(lines[-1]) if lines else None


def wait_ready(page, timeout: float = 120_000) -> None:
    page.locator('[data-testid="stSlider"]', has_text="Cost").first.wait_for(timeout=timeout)
    page.wait_for_function("document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
                           timeout=timeout)
    page.evaluate(SETTLED)


def first_page(browser, url: str, reference: bool = False, ctx=None) -> tuple[float, int]:
    """(ms from navigation to the ranking painted, bytes the server sent on the websocket by then).

    A fresh browser context (empty HTTP cache: a first visit) unless `ctx` is given: then a new page of
    that context, whose cache holds the framework's JavaScript from an earlier visit (a returning visitor)."""
    own = ctx is None
    ctx = new_context(browser) if own else ctx
    page = new_page(ctx)
    received = [0]

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    t0 = time.perf_counter()
    page.goto(url + ("" if reference else "/?view=Rank"), timeout=120_000, wait_until="commit")
    page.locator('[data-testid="stMarkdownContainer"]', has_text="Top option:").first.wait_for(timeout=120_000)
    if not reference:
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=120_000)
    page.evaluate(SETTLED)
    ms = (time.perf_counter() - t0) * 1000
    if own:
        ctx.close()
    else:
        page.close()
    return ms, received[0]


def slider_moves(browser, url: str, view: str, repeats: int, log: Path, reference: bool = False) -> tuple[list[float], list[float]]:
    ctx = new_context(browser)
    page = new_page(ctx)
    name, _, extra = view.partition("?")
    page.goto(url + ("" if reference else f"/?view={name}" + (f"&{extra}" if extra else "")), timeout=120_000)
    if not reference:
        open_sidebar(page)
    wait_ready(page)
    thumb = page.locator('[data-testid="stSlider"]', has_text="Cost").locator('input[type="range"]').first
    thumb.focus()
    browser_ms, server_ms = [], []
    for k in range(repeats + 2):  # the first two warm the view's caches and are not counted
        page.evaluate(WATCH)
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        page.wait_for_function("window.__benchDone()", polling="raf", timeout=30_000)
        page.evaluate(SETTLED)
        ms = (time.perf_counter() - t0) * 1000
        if k >= 2:
            browser_ms.append(ms)
            s = last_server_ms(log)
            if s is not None:
                server_ms.append(s)
    ctx.close()
    return browser_ms, server_ms


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))] if v else float("nan")


def shipped_count() -> int:
    with open(ROOT / "options.csv", newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def row(what: str, values: list[float], ref50: float, target: float, extra: str = "") -> str:
    p50, p95 = statistics.median(values), pct(values, .95)
    return (f"{what:<26} {p50:>7.0f} {p95:>7.0f} {max(values):>7.0f} {extra:>21} {'':>8} {p50 / ref50:>6.1f}  "
            f"p95 <= {target:.0f} {'ok' if p95 <= target else 'SLOW'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="slider moves per view")
    parser.add_argument("--views", default=",".join(VIEWS), help="views to time slider moves on (first size only); '' for none")
    parser.add_argument("--first", type=int, default=5, help="warm first-page loads per size (fresh browser context each)")
    parser.add_argument("--cold", type=int, default=3, help="server starts per size, one cold first page each")
    parser.add_argument("--sizes", default="61,200", help="table sizes (options); 61 is the shipped table")
    parser.add_argument("--launcher", choices=("scoring", "streamlit"), default="scoring",
                        help="start the server as `python -m scoring dashboard` (default) or a bare `streamlit run`")
    parser.add_argument("--script", default=str(ROOT / "dashboard.py"))
    parser.add_argument("--width", type=int, default=1400, help="browser window width in px (390: a phone)")
    parser.add_argument("--height", type=int, default=1000, help="browser window height in px (844: a phone)")
    parser.add_argument("--network", type=network, default={}, metavar="DOWN,UP,RTT",
                        help="emulate a network in kbit/s down, up and ms round trip, e.g. 5000,2000,50 (a phone on a "
                             "busy room's Wi-Fi); default: the loopback as it is")
    args = parser.parse_args()
    VIEWPORT.update(width=args.width, height=args.height)
    NETWORK.update(args.network)
    from playwright.sync_api import sync_playwright

    views = [v for v in args.views.split(",") if v]
    sizes = [int(n) for n in args.sizes.split(",") if n]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores); "
          f"launcher: {args.launcher}; window {args.width}x{args.height} px"
          + (" (a phone: the sidebar opened before the slider moves)" if args.width < PHONE_BELOW else "")
          + (f"; network {args.network['downloadThroughput'] * 8 / 1000:.0f}/{args.network['uploadThroughput'] * 8 / 1000:.0f}"
             f" kbit/s, {args.network['latency']:.0f} ms round trip" if args.network else ""))
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        ref_script = Path(tmp) / "reference.py"
        ref_script.write_text(REFERENCE)
        ref_log = Path(tmp) / "ref.log"
        with server(ref_script, free_port(), ref_log, "streamlit") as url:
            ref, _ = slider_moves(browser, url, "", args.repeats, ref_log, reference=True)
            ref_first = [first_page(browser, url, reference=True)[0] for _ in range(max(1, args.first))]
        ref50 = statistics.median(ref)
        ref_first50 = statistics.median(ref_first)  # first-page rows compare with the reference's first page
        print(f"reference: one-slider Streamlit page, keypress to painted: p50 {ref50:.0f} ms, p95 {pct(ref, .95):.0f} ms; "
              f"first page p50 {statistics.median(ref_first):.0f} ms (the framework's own load in a fresh browser context)\n")
        print(f"{'what':<26} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'server p50':>10} {'server p95':>10} "
              f"{'x server':>8} {'x ref':>6}  target")
        for k, n in enumerate(sizes):
            env = {}
            if n != shipped_count():
                env["SCORING_OPTIONS"] = str(bigger_table(n, Path(tmp) / f"table{n}"))
            cold, cold_server, cold_bytes = [], [], []
            for start in range(max(1, args.cold)):
                log = Path(tmp) / f"render{n}-{start}.log"
                with server(Path(args.script), free_port(), log, args.launcher, env) as url:
                    ms, nbytes = first_page(browser, url)
                    cold.append(ms)
                    cold_bytes.append(nbytes)
                    s = last_server_ms(log)
                    cold_server.append(s if s is not None else float("nan"))
                    if start < max(1, args.cold) - 1:
                        continue
                    warm = [first_page(browser, url) for _ in range(max(1, args.first))]
                    warm_ms = [w[0] for w in warm]
                    warm_server = last_server_ms(log)
                    print(row(f"first page cold, {n} opt", cold, ref_first50, FIRST_TARGET,
                              f"srv {statistics.median(cold_server):>5.0f} {statistics.median(cold_bytes) / 1024:>6.0f} KiB"))
                    print(row(f"first page warm, {n} opt", warm_ms, ref_first50, FIRST_TARGET,
                              f"srv {warm_server or float('nan'):>5.0f} {statistics.median(w[1] for w in warm) / 1024:>6.0f} KiB"))
                    returning = new_context(browser)
                    first_page(browser, url, ctx=returning)  # the visit that fills the browser's cache
                    again = [first_page(browser, url, ctx=returning)[0] for _ in range(max(1, args.first))]
                    returning.close()
                    print(row(f"returning visitor, {n} opt", again, ref_first50, FIRST_TARGET, "browser cache warm"))
                    if k:
                        continue
                    for view in views:
                        b, sv = slider_moves(browser, url, view, args.repeats, log)
                        target = TARGETS.get(view.partition("?")[0], OTHER_TARGET)
                        p50, p95 = statistics.median(b), pct(b, .95)
                        s50 = statistics.median(sv) if sv else float("nan")
                        print(f"{'slider -> ' + view.replace('?', ', '):<26} {p50:>7.0f} {p95:>7.0f} {max(b):>7.0f} {s50:>10.0f} {pct(sv, .95):>10.0f} "
                              f"{p50 / s50:>8.1f} {p50 / ref50:>6.1f}  p95 <= {target:.0f} {'ok' if p95 <= target else 'SLOW'}")
        browser.close()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
