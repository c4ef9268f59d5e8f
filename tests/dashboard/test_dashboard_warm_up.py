"""The server-start warm-up (ui/launch.py): `scoring dashboard` and `scoring serve` run the first page once
before the server listens, so the first person to open it does not pay for imports and cache fills."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from scoring.serve import APP, LAUNCHER, streamlit_command
from support import ROOT


def _run(code: str, env: dict[str, str] | None = None) -> dict:
    """Run `code` in a fresh interpreter from the repository root; it prints one JSON line last."""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_scoring_dashboard_and_serve_start_streamlit_through_the_warm_up_launcher():
    cmd = streamlit_command(APP, 8501, "127.0.0.1", ["--server.fileWatcherType", "auto"])
    assert cmd[:3] == [sys.executable, str(LAUNCHER), str(APP)]
    assert LAUNCHER.is_file() and LAUNCHER.parent.name == "ui"
    assert cmd[cmd.index("--server.port") + 1] == "8501" and cmd[-2:] == ["--server.fileWatcherType", "auto"]


def test_warm_up_imports_what_the_views_need_and_fills_the_data_cache_without_logging_a_rerun(tmp_path):
    log = tmp_path / "render.log"
    result = _run("""
        import json, sys
        from ui.launch import warm_up
        seconds, problems = warm_up("dashboard.py")
        import ui.data
        calls = []
        def counting(*args, **kwargs):
            calls.append(1)
            raise AssertionError("parsed again")
        ui.data.check_dataset = counting  # a cache miss would call it
        dataset, _ = ui.data.shipped_dataset()
        wanted = ["pandas", "pyarrow", "altair", "ruamel.yaml", "scipy.stats", "ui.views.rank", "ui.views.methods",
                  "ui.views.export", "ui.views.sensitivity"]
        from ui.frontend_files import default_frontend
        frontend = default_frontend()
        kept = len(frontend.cache)  # what the warm-up read
        gzipped = sum(a.gzipped is not None for a in frontend.cache.values())
        named = frontend.prepare()  # every file the page names
        print(json.dumps({"problems": problems, "missing": [m for m in wanted if m not in sys.modules],
                          "options": len(dataset.options), "parsed_again": len(calls), "named": named,
                          "kept": kept, "gzipped": gzipped}))
    """, {"SCORING_RENDER_LOG": str(log)})
    assert result["problems"] == []
    assert result["missing"] == []
    assert result["options"] > 50 and result["parsed_again"] == 0  # served from the cache the warm-up filled
    assert not log.exists()  # the warm-up is not a user's rerun: bench_browser's server times stay clean
    # Streamlit's files its page names are read and compressed before the server listens (ui/frontend_files.py)
    assert result["named"] == result["kept"] > 30 and result["gzipped"] > 20


def test_a_page_that_fails_during_warm_up_is_reported_and_does_not_stop_the_start(tmp_path):
    app = tmp_path / "broken.py"
    app.write_text("import streamlit as st\nst.title('x')\nraise RuntimeError('the data server is down')\n")
    result = _run(f"""
        import json
        from ui.launch import warm_up
        seconds, problems = warm_up({str(app)!r})
        print(json.dumps({{"problems": problems}}))
    """)
    # Streamlit redacts the message outside a configured server; the warm-up says the page raised and returns
    assert len(result["problems"]) == 1 and result["problems"][0].startswith("the page raised"), result
