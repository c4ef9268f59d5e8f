"""One bad file among good ones no longer blocks the batch on the Build-a-table page (try9 4): the good files
are imported, the bad one is named with what is wrong, and the page says which were imported. The command
line's `scoring import` stays all or nothing (tests/sources/test_sources_import.py)."""
from __future__ import annotations

from pathlib import Path

from scoring.sources.store import documents, import_good_sources

from sources_support import write_docx, write_html, write_pdf

ROOT = Path(__file__).resolve().parents[2]
FAKE = ("fake.pdf", b"just some text....")  # 16+ bytes of text named .pdf, as try9 made it


def test_import_good_sources_stores_the_good_files_and_returns_one_error_per_bad_file(tmp_path):
    db = tmp_path / "sources.db"
    html = write_html(tmp_path / "drought.html")
    heads = tmp_path / "heads.md"
    heads.write_text("# Only a heading\n")
    results, bad = import_good_sources(db, [html, heads], uploads=[FAKE, ("drought.txt", b"We should act now.\n")])
    assert [r.source for r in results] == ["drought"]
    assert [str(e) for e in bad] == [
        "fake.pdf: not a PDF: the file does not start with %PDF- (corrupt or renamed)",
        f"{heads}: no passage to import: the file holds only heading(s) ('Only a heading') and no paragraph or "
        "list item",
        f"drought.txt: same source name 'drought' as {html}; rename one of them"]
    assert [d.source for d in documents(db)] == ["drought"]


def test_page_imports_the_good_files_and_names_the_bad_one(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui.text import escape

    monkeypatch.setenv("SCORING_BUILD_DIR", str(tmp_path))
    files = [FAKE] + [(p.name, p.read_bytes()) for p in (write_html(tmp_path / "drought.html"),
                                                         write_pdf(tmp_path / "storage.pdf"),
                                                         write_docx(tmp_path / "city-water.docx"))]
    at = AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=120).run()
    assert not at.exception
    at.file_uploader[0].set_value([(n, data, "application/octet-stream") for n, data in files]).run()
    at.button(key="bt_import").click().run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert errors == ["1 of 4 files not imported (below); imported: drought.html, storage.pdf, city-water.docx. "
                      "Fix or remove the file(s) named below and add them again.",
                      escape("fake.pdf: not a PDF: the file does not start with %PDF- (corrupt or renamed)")], errors
    assert sorted(d.source for d in documents(tmp_path / "sources.db")) == ["city-water", "drought", "storage"]
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["city-water.docx", "drought.html",
                                                                         "storage.pdf"]
    assert [str(s.value).split(",")[0] for s in at.success] == ["new: drought", "new: storage", "new: city-water"]
    # the good files again (fake.pdf removed): 'unchanged', and their kept copies are not copied to .prev- files
    again = AppTest.from_file(str(ROOT / "pages" / "3_Build_a_table.py"), default_timeout=120).run()
    again.file_uploader[0].set_value([(n, data, "application/octet-stream") for n, data in files[1:]]).run()
    again.button(key="bt_import").click().run()
    assert [str(s.value).split(",")[0] for s in again.success] == ["unchanged: drought", "unchanged: storage",
                                                                "unchanged: city-water"]
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["city-water.docx", "drought.html",
                                                                         "storage.pdf"]
