"""Analysts: from new policy texts to a scored, evidence-linked table (issue 16)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `ui` when this page is run on its own

import streamlit as st  # noqa: E402

from ui.build_table import build_page  # noqa: E402

st.set_page_config(page_title="Build a table", layout="wide")
build_page()
