"""The dashboard's server: Streamlit's own, with its frontend files served by ui/frontend_files.py.

`scoring dashboard` and `scoring serve` start it through ui/launch.py, which runs
`streamlit run ui/server_app.py [flags]` with SCORING_DASHBOARD_SCRIPT naming the page script (dashboard.py by
default): the same app as `streamlit run dashboard.py`, the same flags and settings, with `FrontendFiles` in
front of Streamlit's routes (st.App's middleware runs before Streamlit's own), and every connection sending
small writes at once (`ui.nodelay`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a file by `streamlit run`: the repository root is where `ui` is found
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from ui import nodelay  # noqa: E402
from ui.frontend_files import FrontendFiles  # noqa: E402
from ui.launch import SCRIPT_ENV  # noqa: E402

nodelay.install()  # before the first connection: Streamlit's own socket left Nagle on for each (ui/nodelay.py)

app = st.App(os.environ.get(SCRIPT_ENV) or str(ROOT / "dashboard.py"), middleware=[Middleware(FrontendFiles)])
