"""Trade-offs view: any two criteria with the Pareto front, two options head to head, value for money."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scoring.compare import head_to_head, value_for_money
from scoring.methods import METHODS
from ui import CACHE_TTL_SECONDS, charts, frames, show, tables
from scoring.numbers import share, share_percent
from ui.text import pair_names, escape, flip_weights, pair_key
from ui.views import ViewContext
from ui.views.analysis_common import fingerprint

QUAD_PAIR = ("quad-institutionalization", "quad-networking")


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_SECONDS)
def scatter(key: str, _dataset, x: str, y: str, colour: str | None, mask: bytes) -> tuple[pd.DataFrame | None, dict]:
    """The trade-off scatter's data and spec: raw scores only, so a weight change never rebuilds it."""
    crit = _dataset.criteria
    labels = {c.id: c.label for c in crit.criteria}
    sub = _dataset.subset(np.frombuffer(mask, dtype=bool))
    points = frames.scatter_points(frames.scatter_frame(sub, x, y, colour), x, y, colour)
    return show.split(charts.tradeoff_scatter(points, x, y, labels[x], labels[y], colour, labels.get(colour or ""),
                                              x_domain=(crit[x].scale_min, crit[x].scale_max),
                                              y_domain=(crit[y].scale_min, crit[y].scale_max)))


def render(ctx: ViewContext) -> None:
    dataset, weights, method, norm, mask = ctx.dataset, ctx.weights, ctx.method, ctx.norm, ctx.mask
    higher_is_better = ctx.ranking.higher_is_better
    crit = dataset.criteria
    labels = {c.id: c.label for c in crit.criteria}
    st.subheader("Two criteria at a time")
    if len(crit) < 2:
        st.info(f"Trade-offs weigh criteria against each other; this data has one criterion "
                f"({escape(crit.criteria[0].label)}), so there is nothing to trade off. The Rank view orders the "
                f"options by it.")
        return
    cols = st.columns(3)
    x = cols[0].selectbox("Across", crit.ids, index=crit.ids.index("impact") if "impact" in crit.ids else 0,
                          format_func=labels.get, key="tx")
    y = cols[1].selectbox("Up", crit.ids, index=crit.ids.index("feasibility") if "feasibility" in crit.ids else min(1, len(crit) - 1),
                          format_func=labels.get, key="ty")
    colour = cols[2].selectbox("Colour", ["(none)", *crit.ids], format_func=lambda c: labels.get(c, c), key="tc")
    colour = None if colour == "(none)" else colour
    if x == y:
        st.info("Pick two different criteria to see a trade-off.")
    else:
        show.parts(*scatter(fingerprint(dataset), dataset, x, y, colour, mask.tobytes()))

    st.subheader("Head to head")
    if len(dataset.ids) < 2:
        st.info("Head to head compares two options; this data has one.")
    else:
        _head_to_head(dataset, weights, method, norm, higher_is_better)

    st.subheader("Value for money")
    vf = value_for_money(dataset, weights)
    show.chart(charts.value_for_money_chart(vf[mask]))


def _head_to_head(dataset, weights, method: str, norm: str | None, higher_is_better: bool) -> None:
    """Two options side by side: who leads, by how much, where each earns its score, and where the order flips."""
    ids, names = dataset.ids, dict(zip(dataset.ids, dataset.titles))
    a0, b0 = QUAD_PAIR if all(q in ids for q in QUAD_PAIR) else (ids[0], ids[min(1, len(ids) - 1)])
    c1, c2 = st.columns(2)
    a = c1.selectbox("Option A", ids, index=ids.index(a0), format_func=names.get, key="h2h_a")
    b = c2.selectbox("Option B", ids, index=ids.index(b0), format_func=names.get, key="h2h_b")
    if a == b:
        st.info("Pick two different options.")
    else:
        h2h = head_to_head(dataset, weights, a, b, method, norm, names=pair_names(a, b))
        short = {a: names[a], b: names[b]}
        scores = {a: h2h.score_a, b: h2h.score_b}
        relation = frames.relation_sentence(dataset, a, b, {a: escape(names[a]), b: escape(names[b])})
        if relation:
            st.info(relation)
        if h2h.score_a == h2h.score_b:
            st.markdown(f"Under {METHODS[method].label}, **{escape(names[a])}** and **{escape(names[b])}** tie "
                        f"({h2h.score_a:.3f} each).")
        else:  # the leader and its number first
            ahead = a if (h2h.score_a > h2h.score_b) == higher_is_better else b
            behind = b if ahead == a else a
            choice = dataset.relation(a, b) in ("excludes", "overlaps")  # otherwise both can be adopted: no winner
            st.markdown(f"Under {METHODS[method].label}, **{escape(names[ahead])}** "
                        f"{'is ahead of' if choice else 'scores higher than'} "
                        f"**{escape(names[behind])}**: {scores[ahead]:.3f} against {scores[behind]:.3f} "
                        f"({'higher' if higher_is_better else 'lower'} is better).")
        show.chart(charts.head_to_head_chart(frames.head_to_head_long(h2h.table, dataset, a, b, short),
                                                  list(h2h.table["label"]), "Where each option earns its score"))
        # numbers, so the columns sort as numbers (as text "10%" came before "9%"), written as the sentences write them;
        # a criterion that flips more than once (not under the weighted sum) lists its later flips beside
        points = [tuple(p) if isinstance(p, (tuple, list)) else () for p in h2h.table["flip_points"]]
        table = pd.DataFrame({"Criterion": h2h.table["label"], "Weight now": share_percent(h2h.table["weight"]),
                              "Flips at weight": share_percent([p[0] if p else np.nan for p in points])})
        if any(len(p) > 1 for p in points):
            table["Later flips"] = [flip_weights(p[1:]) if len(p) > 1 else "" for p in points]
        config = {"Weight now": tables.share_column("Weight", width=min(tables.label_px("Weight", *map(share, h2h.table["weight"])), 100),
                                                    help="The criterion's share of the total weight now"),
                  "Flips at weight": tables.share_column("Flips at", width=tables.label_px("Flips at", "100.0%"),
                                                         help="The weight at which the other option takes the lead (empty: never)")}
        if "Later flips" in table.columns:
            config["Later flips"] = st.column_config.TextColumn("Later flips", help="Further weights at which the lead changes again")
        tables.wrapped(table, {"Criterion": "Criterion"}, key_columns=["Criterion", "Weight now", "Flips at weight"],
                       column_config=config)
        st.caption("Weights are shares of the total weight; a flip is the weight at which the other option takes "
                   "the lead, the other weights rescaled in proportion.")
        st.markdown(pair_key(names[a], names[b]) + "\n\n"
                    + "\n".join(f"- {escape(text)}" for text in h2h.table["sentence"]))
