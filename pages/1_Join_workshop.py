"""Participants: join a workshop with its code, pick a name (or none), weigh and submit."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `ui` when this page is run on its own

import streamlit as st  # noqa: E402

from ui.participant_view import join_page  # noqa: E402

st.set_page_config(page_title="Join workshop", layout="centered")
join_page()
