"""Quotes from PDF/DOCX/HTML sources: `validate --sources` reads them through scoring.sources, a quote cut
from an imported passage is found verbatim, and re-importing a changed source re-checks the evidence."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import CRITERIA_MINI
from scoring.cli import main
from scoring.sources.store import import_sources, passages

from sources_support import CHAPTER, write_docx, write_html, write_pdf

QUOTE = "Japan must fund a reserve of sterile injectable capacity with private partners."


def _table(folder: Path, stem: str, quote: str = QUOTE) -> tuple[Path, Path]:
    crit = folder / "criteria.yaml"
    crit.write_text(CRITERIA_MINI)
    pd.DataFrame({"id": ["reserve"], "title": ["Fund a sterile injectables reserve"], "chapter": [CHAPTER],
                  "locator": ["Policy Recommendations, 2"], "source": [stem],
                  "impact": [4], "cost": [3], "speed": [2]}).to_csv(folder / "options.csv", index=False)
    rows = [{"option_id": "reserve", "criterion_id": c, "rationale": f"Reason for {c}.",
             "locator": "Policy Recommendations, 2", "basis": "text" if c == "impact" else "inference",
             "quote": quote if c == "impact" else ""} for c in ("impact", "cost", "speed")]
    for r in rows[1:]:
        r["rationale"] += " No range: the text gives no figure here."
    pd.DataFrame(rows).to_csv(folder / "evidence.csv", index=False)
    return folder / "options.csv", crit


@pytest.mark.parametrize("writer, ext", [(write_pdf, "pdf"), (write_docx, "docx"), (write_html, "html")])
def test_validate_sources_finds_quotes_in_pdf_docx_and_html(tmp_path, capsys, writer, ext):
    sources = tmp_path / "sources"
    sources.mkdir()
    writer(sources / f"brief.{ext}")
    options, crit = _table(tmp_path, "brief")
    assert main(["validate", "--options", str(options), "--criteria", str(crit), "--sources", str(sources)]) == 0, \
        capsys.readouterr().err
    _table(tmp_path, "brief", quote="Japan must fund a reserve of sterile injectable capacity alone.")
    capsys.readouterr()
    assert main(["validate", "--options", str(options), "--criteria", str(crit), "--sources", str(sources)]) == 2
    assert "quote not found" in capsys.readouterr().err


def test_a_quote_cut_from_an_imported_passage_is_found_in_its_source(tmp_path, capsys):
    """What the Build-a-table page does: the quote is a span of a passage's text, so it is verbatim by construction."""
    sources = tmp_path / "sources"
    sources.mkdir()
    pdf = write_pdf(sources / "brief.pdf")
    import_sources(tmp_path / "sources.db", [pdf])
    passage = next(p for p in passages(tmp_path / "sources.db") if "independent panel" in p.text)
    quote = passage.text[passage.text.index("reviewed"):].rstrip(".")
    options, crit = _table(tmp_path, "brief", quote=quote)
    assert main(["validate", "--options", str(options), "--criteria", str(crit), "--sources", str(sources)]) == 0, \
        capsys.readouterr().err


def test_reimporting_a_changed_source_rechecks_the_evidence_quoting_it(tmp_path, capsys):
    html = write_html(tmp_path / "brief.html")
    options, crit = _table(tmp_path, "brief")
    db = tmp_path / "sources.db"
    assert main(["import", str(html), "--options", str(options)]) == 0
    assert db.exists()
    html.write_text(html.read_text().replace("with private partners", "on its own"), encoding="utf-8")
    capsys.readouterr()
    code = main(["import", str(html), "--options", str(options)])
    out, err = capsys.readouterr()
    assert code == 2 and out.startswith("changed")
    assert f"{tmp_path / 'evidence.csv'}, line 2, column 'quote': reserve/impact: quote not found in brief" in err
    assert "re-checked evidence quoting brief: 1 quote no longer found" in err
    # the new text is stored all the same: the library matches the file
    assert any("on its own" in p.text for p in passages(db))
