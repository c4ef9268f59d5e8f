"""Dashboard view modules (Streamlit). Settings shared by every view live here."""

# How long an analysis cache entry (st.cache_data / st.cache_resource keyed on a data set) lives. The
# entries are also bounded by count (max_entries); the age bound frees what a closed session's upload
# left behind (issue 13: three 40 MB uploads in closed sessions kept 840 MB). Streamlit drops an expired
# entry at the next write to the same cache, so it is gone once anyone runs that analysis again.
CACHE_TTL_SECONDS = 20 * 60
