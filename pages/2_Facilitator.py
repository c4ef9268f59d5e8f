"""Facilitator: create or open a workshop, watch the room live, run rounds, export."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `ui` when this page is run on its own

import streamlit as st  # noqa: E402

from ui.workshop_view import facilitator_page  # noqa: E402

st.set_page_config(page_title="Facilitator", layout="wide")
facilitator_page()
