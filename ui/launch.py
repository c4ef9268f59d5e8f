"""Start Streamlit on the dashboard with its first page already warm: `python ui/launch.py APP [flags]`.

`scoring dashboard` and `scoring serve` start every Streamlit process through this module
(scoring/serve.py `streamlit_command`); the flags are `streamlit run`'s, passed on unchanged. The server is
`streamlit run ui/server_app.py` serving APP: Streamlit's own, with its frontend files served from memory and
compressed (ui/frontend_files.py).

Before the server listens, `warm_up` runs the app's first page once, headless, with Streamlit's own
script runner (`streamlit.testing.v1.AppTest`: no browser, no websocket, no session left behind). That
imports every module the page needs (Streamlit's elements, pandas, Arrow, Altair, ruamel, the engine),
parses the data files into the process-wide cache (`ui/data.py` `load_files`) and pays the first-use costs
of pandas, Arrow and Altair, and reads and compresses the Streamlit files its page names
(ui/frontend_files.py). Without it the first person to open the page waits for all of that
(bench/bench_browser.py: 61 options, the first page after a start took 2.5-7.6 s against 1.9-4.4 s once
warm; the server's own first rerun about 1 s against 0.1 s). The heavy modules other views import
(scipy for Methods) are imported too, so the first visit of a view costs its own work only.

A warm-up that fails or errs is reported on stderr and the server starts anyway: it only moves work.
Set SCORING_WARM_UP=0 to skip it.
"""
from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # run as a file: the repository root, not ui/, is where `ui` and `scoring` are found
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

ENV = "SCORING_WARM_UP"
RENDER_LOG_ENV = "SCORING_RENDER_LOG"  # dashboard.py's per-rerun timing file: the warm-up is not a user's rerun
# Imported by views other than the first (their modules import them at first use); warmed here too.
LATER_IMPORTS = ("ui.views", "scipy.stats")
SERVER_APP = Path(__file__).resolve().parent / "server_app.py"  # Streamlit's server + ui/frontend_files.py
SCRIPT_ENV = "SCORING_DASHBOARD_SCRIPT"  # the page script SERVER_APP serves (not imported here: uvicorn imports it)


def warm_up(app: str, timeout: float = 180.0) -> tuple[float, list[str]]:
    """Run `app` once headless and import what later views need; (seconds taken, problems seen).

    Problems (an exception in the page, an error shown, an import that failed) are returned as
    sentences, never raised: the server must start either way.
    """
    started = time.perf_counter()
    problems: list[str] = []
    saved_log = os.environ.pop(RENDER_LOG_ENV, None)
    from streamlit import config, logger

    level = logger._global_log_level  # outside a server Streamlit warns "missing ScriptRunContext", "No runtime"
    logger.set_log_level("ERROR")
    try:
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(Path(app).resolve()), default_timeout=timeout).run()
        problems += [f"the page raised {e.message}" for e in at.exception]
        problems += [f"the page showed an error: {e.value}" for e in at.error]
        logger.set_log_level("ERROR")  # the run read the configuration, which set the level back
        from ui.frontend_files import default_frontend

        default_frontend().prepare()  # the files Streamlit's page names, read and compressed before the first visit
        for name in LATER_IMPORTS:
            module = importlib.import_module(name)
            if name == "ui.views":
                for view in module.VIEWS.values():
                    importlib.import_module(view)
    except Exception as exc:  # noqa: BLE001 - a warm-up must never stop the server from starting
        problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        logger.set_log_level(level)
        if saved_log is not None:
            os.environ[RENDER_LOG_ENV] = saved_log
        # AppTest read the configuration without `streamlit run`'s flags; forget it, so the server reads it
        # once with them (else Streamlit warns that the [server] section changed and asks for a restart)
        if hasattr(config, "_config_options"):
            config._config_options = None
    return time.perf_counter() - started, problems


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.exit("usage: python ui/launch.py APP [streamlit run flags]")
    if os.environ.get(ENV, "1") != "0":
        seconds, problems = warm_up(args[0])
        for text in problems:
            print(f"warm-up: {text}", file=sys.stderr, flush=True)
        print(f"First page warmed up in {seconds:.1f} s", file=sys.stderr, flush=True)
    from streamlit.web import cli

    os.environ[SCRIPT_ENV] = str(Path(args[0]).resolve())  # the page script; ui/server_app.py serves it
    sys.argv = ["streamlit", "run", str(SERVER_APP), *args[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
