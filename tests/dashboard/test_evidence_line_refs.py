"""Reasons say which source their line references point into (try4: 'S l.79-83' and 'T l.38' read as an
unexplained shorthand; S = the Stimson volume, T = the Tong essay was said only in docs/data.md). The key is
built from the data's own sources (options.csv `source` and `publication`), not from two file names."""
from __future__ import annotations

import re

import pandas as pd

from dashboard_support import app
from scoring import load_dataset
from scoring.provenance import expand_line_refs, source_letters, source_names
from ui import frames
from ui.text import shown

OPTION = "intro-alliance-implementation-review"  # its flexibility reason cites 'S l.79-83'


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", shown(markdown))


def test_evidence_view_names_the_source_of_a_line_reference():
    dataset = load_dataset()
    raw = dataset.evidence.set_index(["option_id", "criterion_id"]).loc[(OPTION, "flexibility"), "rationale"]
    assert "S l.79-83" in raw  # the shipped row this test is about
    at = app(view="Evidence")
    at.selectbox(key="ev_option").set_value(OPTION).run()
    text = "\n".join(_plain(m.value) for m in at.markdown)
    flexibility = next(line for line in text.splitlines() if line.startswith("- **Flexibility**"))
    assert "Stimson Center 2022, lines 79-83" in flexibility, flexibility
    assert not re.search(r"\b[ST] l\.\d", text), text


def test_rank_detail_and_tooltips_name_the_source_too():
    dataset = load_dataset()
    why = frames.reasons(dataset)[(OPTION, "flexibility")]
    assert "Stimson Center 2022, lines 79-83" in why and "S l." not in why
    table = frames.evidence_table(dataset, OPTION)
    assert not table["reason"].str.contains(r"\b[ST] l\.\d", regex=True).any()
    tong = [oid for oid, src in zip(dataset.options["id"], dataset.options["source"]) if src.startswith("tong")]
    tong_reasons = " ".join(frames.evidence_table(dataset, tong[0])["reason"]) if tong else ""
    assert "T l." not in tong_reasons


def test_line_references_follow_the_data_not_two_file_names():
    options = pd.DataFrame({"id": ["x", "y", "z"], "source": ["alpha-2021-brief", "beta-2019-paper", "beta-2019-paper"],
                            "publication": ["Alpha Institute 2021, A brief", "", "ignored"]})
    names = source_names(options)
    assert names == {"alpha-2021-brief": "Alpha Institute 2021", "beta-2019-paper": "beta-2019-paper"}
    assert expand_line_refs("as A l.5 and B l.10-12 say (S l.3)", names) == \
        "as Alpha Institute 2021, line 5 and beta-2019-paper, lines 10-12 say (S l.3)"
    # two sources starting with the same letter: the option's own source decides
    two = {"sato-2020": "Sato 2020", "smith-2021": "Smith 2021"}
    assert source_letters(two) == {}
    assert expand_line_refs("S l.4", two, own="smith-2021") == "Smith 2021, line 4"
    assert expand_line_refs("S l.4", two) == "S l.4"
