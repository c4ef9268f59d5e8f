"""Dashboard view modules (Streamlit). Settings shared by every view live here."""
from altair.utils.schemapi import disable_debug_mode

# Altair checks every object against the Vega-Lite schema as it is built (its "debug mode"): a third of a
# dashboard rerun's server time went to re-checking the same axis, scale and title objects on every weight
# change (py-spy, Rank view). The app's charts are checked whole instead: the chart tests render every
# builder's output after `to_dict()` with full validation (tests/chart_svg.py), so a spec Altair would
# reject still fails there. Affects this process only; Altair's default is unchanged elsewhere.
disable_debug_mode()

# How long an analysis cache entry (st.cache_data / st.cache_resource keyed on a data set) lives. The
# entries are also bounded by count (max_entries); the age bound frees what a closed session's upload
# left behind (issue 13: three 40 MB uploads in closed sessions kept 840 MB). Streamlit drops an expired
# entry at the next write to the same cache, so it is gone once anyone runs that analysis again.
CACHE_TTL_SECONDS = 20 * 60
