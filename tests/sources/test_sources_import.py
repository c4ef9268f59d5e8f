"""`scoring import` and `scoring search`: files built from a known text come back as the same passages,
with pages, headings and spans; bad files are refused with one line naming them; imports are idempotent."""
from __future__ import annotations

import io
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from scoring.cli import main
from scoring.errors import ScoringError
from scoring.sources.passages import build_passages
from scoring.loading import CONTROL_CHARS
from scoring.sources.readers import MAX_BLOCKS, MAX_HTML_TAGS, MAX_TEXT_BYTES, read_source
from scoring.sources.store import documents, import_sources, passages, search

from sources_support import CHAPTER, DOC, WRITERS, write_docx, write_html, write_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_sources import raw_docx  # noqa: E402  (the one minimal DOCX writer, shared with the bench)

KNOWN_PARAGRAPHS = [t for k, t in DOC if k in ("p", "li")]


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_known_text_round_trips_as_passages_with_headings(tmp_path, ext):
    src = read_source(WRITERS[ext](tmp_path / f"brief.{ext}"))
    ps = build_passages(src)
    texts = [p.text for p in ps]
    # every known paragraph and list item is one passage, in order (PDF/text keep the printed "1. ")
    assert len(ps) == len(KNOWN_PARAGRAPHS)
    for got, want in zip(texts, KNOWN_PARAGRAPHS):
        assert _norm(got).endswith(_norm(want)), (ext, got, want)
    # heading path: chapter first, then the section; numbered points carried by the paragraphs after them
    assert {p.chapter for p in ps} == {CHAPTER}
    recs = [p for p in ps if "Policy Recommendations" in p.headings]
    assert [p.point for p in recs] == ["1", "1", "2", "2"]
    assert ps[0].headings[-1] == "Background" and ps[0].para == 1
    assert recs[-1].locator.endswith("Policy Recommendations, 2, para 4")
    # the span points at the passage in the text as read
    for p in ps:
        assert _norm(src.text[p.start:p.end]).endswith(_norm(p.text)[-40:])


def test_pdf_passages_carry_their_page(tmp_path):
    src = read_source(write_pdf(tmp_path / "brief.pdf"))
    ps = build_passages(src)
    assert src.pages == 2 and src.author == "Test Author"
    assert [p.page for p in ps] == [1, 1, 2, 2, 2, 2]
    assert ps[2].locator.startswith("p. 2, Policy Recommendations, 1")


def test_html_skips_scripts_and_navigation(tmp_path):
    src = read_source(write_html(tmp_path / "brief.html"))
    assert "should not be read" not in src.text and "Home | About" not in src.text
    assert src.title == "Supply chain brief" and src.author == "Test Author"


def test_shipped_briefs_keep_their_structure(briefs):
    src = read_source(briefs / "stimson-2022-alliance-post-pandemic.txt")
    ps = build_passages(src)
    chapters = [b.text for b in src.blocks if b.kind == "heading" and b.level == 1]
    assert "Shaping Post-Pandemic U.S.-Japan Technological Cooperation" in chapters
    assert "The Japan-U.S. Alliance and Economic Security Challenges in the Indo-Pacific" in chapters  # note mark dropped
    miura = [p for p in ps if p.chapter == "Shaping Post-Pandemic U.S.-Japan Technological Cooperation"]
    assert {p.author for p in miura} == {"Naritada Miura"}
    legal = [p for p in miura if p.locator.startswith("Policy Recommendations, 3: Legal Measures to Implement")]
    assert [p.para for p in legal] == [1, 2, 3]
    assert legal[2].text.startswith("For the centralized due diligence entity, Japan should take a feasible step")
    # the running header repeated on every other page is not a heading
    assert not any(b.text == "U.S.-Japan Alliance Cooperation in the Post-Pandemic World"
                   for b in src.blocks if b.kind == "heading")
    tong = build_passages(read_source(briefs / "tong-2020-medicines-and-trade.txt"))
    p6 = [p for p in tong if p.locator == "Providing the Medicines Our People Need, para 6"]
    assert len(p6) == 1 and "vaccine production bottlenecks" in p6[0].text


@pytest.fixture
def briefs():
    from support import briefs_dir

    return briefs_dir()


def test_import_is_idempotent_and_a_changed_file_replaces_its_passages(tmp_path, capsys):
    db = tmp_path / "sources.db"
    brief = write_html(tmp_path / "brief.html")
    code, out, _ = run(capsys, ["import", str(brief), "--db", str(db)])
    assert code == 0 and out.startswith("new ")
    first = passages(db)
    code, out, _ = run(capsys, ["import", str(brief), "--db", str(db)])
    assert code == 0 and out.startswith("unchanged")
    assert passages(db) == first
    brief.write_text(brief.read_text().replace("joint register", "shared ledger"), encoding="utf-8")
    code, out, _ = run(capsys, ["import", str(brief), "--db", str(db)])
    assert code == 0 and out.startswith("changed")
    after = passages(db)
    assert len(after) == len(first) and len(documents(db)) == 1
    assert any("shared ledger" in p.text for p in after) and not any("joint register" in p.text for p in after)
    assert not any("joint" in h.passage.text for h in search(db, "joint register"))  # the index forgot the old text
    assert search(db, "shared ledger")[0].passage.text.startswith("The two governments")


def test_search_ranks_the_passage_that_says_it_first(tmp_path, capsys):
    db = tmp_path / "sources.db"
    import_sources(db, [write_pdf(tmp_path / "a.pdf"), write_docx(tmp_path / "b.docx")])
    hits = search(db, "sterile injectable reserve")
    assert {h.passage.source for h in hits[:2]} == {"a", "b"}
    assert all("sterile injectable" in h.passage.text for h in hits[:2])
    assert hits[0].score <= hits[-1].score  # BM25 from FTS5: lower is better
    code, out, _ = run(capsys, ["search", "independent panel", "--db", str(db), "--source", "a"])
    assert code == 0
    first = out.splitlines()[1]
    assert first.split()[:2] == ["1", "1.00"] and "a | p. 2, Policy Recommendations, 2, para 4" in first
    # operators in a query are words, not FTS syntax
    code, out, err = run(capsys, ["search", 'panel" OR NEAR(', "--db", str(db)])
    assert code == 0 and "panel" in out


def _password_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, "A secret recommendation that nobody may read.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path.write_bytes(bytes(pdf.output()))
    return path


def _image_only_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(Image.new("L", (60, 80), 200), x=20, y=20, w=120)  # a "scanned" page: a picture, no text layer
    path.write_bytes(bytes(pdf.output()))
    return path


def _zip_not_docx(path: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photos/cat.jpg", b"\xff\xd8\xff not really")
        z.writestr("readme.txt", "holiday pictures")
    path.write_bytes(buf.getvalue())
    return path


def _huge_html(path: Path) -> Path:
    with path.open("wb") as f:
        f.write(b"<html><body>")
        chunk = b"<p>" + b"word " * 200 + b"</p>\n"
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    return path


def _raw_pdf(path: Path, objs: list[bytes]) -> Path:
    """A PDF written object by object (with a correct xref), for files no PDF library would write."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


_PAGE_TREE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" >>\nstream\n" + data + b"\nendstream"


def _declared_length_over_limit_pdf(path: Path) -> Path:
    """review rev1 R1-4: a one-page PDF whose content stream declares /Length 999999999 (pypdf raised
    LimitReachedError, not a PdfReadError, from extract_text: a traceback)."""
    text = b"BT /F1 12 Tf 72 720 Td (We recommend that the allies should act now.) Tj ET"
    return _raw_pdf(path, _PAGE_TREE + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 999999999 >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def _self_drawing_form_pdf(path: Path) -> Path:
    """review rev1 R1-5: a page that draws a form XObject which draws a line and itself; no image anywhere
    (it was called 'a scan ... 1 with images', and pypdf printed its cycle warning above the message)."""
    form = b"0 0 m 100 100 l S /X1 Do"
    return _raw_pdf(path, _PAGE_TREE + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"/Length 6", b"/X1 Do"),
        _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >> "
                b"/Length %d" % len(form), form)])


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


BAD_FILES = {
    "DOCX without a body": ("nobody.docx", lambda p: raw_docx(p, ""),  # review rev1 R1-6: AttributeError traceback
                            "the Word document holds no text"),
    "DOCX with more paragraphs than a file may hold": (  # review rev1 R1-7: 300,000 paragraphs ran for minutes
        "manyparas.docx", lambda p: raw_docx(p, "<w:body>" + _para("We should act.") * (MAX_BLOCKS + 1) + "</w:body>"),
        f"{MAX_BLOCKS + 1:,} paragraphs; at most {MAX_BLOCKS:,} per file"),
    "HTML with more paragraphs than a file may hold": (  # review rev1 R1-7: 800,000 paragraphs, killed at 120 s
        "manyp.html", lambda p: _write(p, "<html><body><h1>T</h1>" + "<p>We should act.</p>" * (MAX_BLOCKS + 1)
                                       + "</body></html>"),
        f"{MAX_BLOCKS + 2:,} paragraphs, headings and list items; at most {MAX_BLOCKS:,} per file"),
    "HTML with more tags than a page may hold": (  # review rev1 R1-7: 200,000 unclosed <b>, 28 s
        "deep_unclosed.html", lambda p: _write(p, "<html><body>" + "<b>" * MAX_HTML_TAGS + "We should act.</body></html>"),
        f"{MAX_HTML_TAGS + 2:,} tags; at most {MAX_HTML_TAGS:,} per HTML page"),
    "PDF stream longer than the reader allows": ("biglen.pdf", _declared_length_over_limit_pdf,
                                                 "cannot read this PDF (corrupt or truncated): page 1: Declared stream "
                                                 "length of 999999999 exceeds maximum allowed length"),
    "PDF whose only form draws itself": ("xobj_loop.pdf", _self_drawing_form_pdf,
                                         "the PDF has no text and no images (1 page(s): 1 with drawings only)"),
    "password-protected PDF": ("locked.pdf", _password_pdf, "password-protected"),
    "corrupt PDF": ("broken.pdf", lambda p: (p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog"), p)[1],
                    "cannot read this PDF"),
    "renamed non-PDF": ("fake.pdf", lambda p: (p.write_bytes(b"GIF89a......"), p)[1], "not a PDF"),
    "image-only PDF": ("scan.pdf", _image_only_pdf, "no text layer, it is a scan or pictures (2 page(s): 2 with images); "
                                                  "run OCR on it first"),
    "ZIP that is not a DOCX": ("holiday.docx", _zip_not_docx, "not a Word document: a ZIP archive holding photos/cat.jpg"),
    "50 MB HTML page": ("huge.html", _huge_html, f"at most {MAX_TEXT_BYTES // 2**20} MB"),
    "unknown format": ("brief.xyz", lambda p: (p.write_text("text"), p)[1], "unknown format '.xyz'"),
    "empty file": ("empty.txt", lambda p: (p.write_text("  \n"), p)[1], "source file is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_source_is_refused_naming_the_file_and_nothing_is_written(tmp_path, capsys, case):
    name, make, message = BAD_FILES[case]
    good = write_html(tmp_path / "good.html")
    bad = make(tmp_path / name)
    db = tmp_path / "sources.db"
    import_sources(db, [write_pdf(tmp_path / "before.pdf")])
    before = passages(db)
    code, out, err = run(capsys, ["import", str(good), str(bad), "--db", str(db)])
    assert code == 2
    assert err.startswith(f"error: {bad}: ") and message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert passages(db) == before  # the good file of the same batch was not stored either
    with pytest.raises(ScoringError):
        read_source(bad)


def test_a_file_that_is_not_a_library_is_refused(tmp_path, capsys):
    db = tmp_path / "sources.db"
    db.write_text("not sqlite at all " * 100)
    code, _, err = run(capsys, ["search", "anything", "--db", str(db)])
    assert code == 2 and err.startswith(f"error: {db}: not a source library")


def test_library_without_imports_says_how_to_start(tmp_path, capsys):
    code, _, err = run(capsys, ["search", "anything", "--db", str(tmp_path / "none.db")])
    assert code == 2 and "run `scoring import FILE...` first" in err
    assert not (tmp_path / "none.db").exists()


def test_fts_index_and_passages_stay_in_step(tmp_path):
    db = tmp_path / "sources.db"
    import_sources(db, [write_docx(tmp_path / "b.docx"), write_html(tmp_path / "c.html")])
    import_sources(db, [write_docx(tmp_path / "b.docx")])
    with sqlite3.connect(db) as con:
        n_passages = con.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        n_fts = con.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0]
    assert n_passages == n_fts == 2 * len(KNOWN_PARAGRAPHS)


def test_a_folder_imports_its_supported_files(tmp_path, capsys):
    folder = tmp_path / "briefs"
    folder.mkdir()
    write_pdf(folder / "one.pdf")
    write_html(folder / "two.html")
    (folder / "notes.xyz").write_text("not a source")
    db = tmp_path / "sources.db"
    code, out, _ = run(capsys, ["import", str(folder), "--db", str(db)])
    assert code == 0 and [line.split()[1] for line in out.splitlines()] == ["one:", "two:"]
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, ["import", str(empty), "--db", str(db)])
    assert code == 2 and err.startswith(f"error: {empty}: no PDF, DOCX")


def test_search_with_an_unknown_source_or_no_words_exits_2_and_says_why(tmp_path, capsys):
    db = tmp_path / "sources.db"
    import_sources(db, [write_pdf(tmp_path / "a.pdf"), write_docx(tmp_path / "b.docx")])
    code, out, err = run(capsys, ["search", "panel", "--db", str(db), "--source", "nope"])
    assert (code, out) == (2, "")
    assert err.strip() == f"error: {db}: unknown source 'nope' (--source takes a file stem; known: a, b)"
    code, _, err = run(capsys, ["candidates", "--db", str(db), "--source", "nope"])
    assert code == 2 and "unknown source 'nope'" in err and "known: a, b" in err
    for query in ("", "  ", "?!"):
        code, out, err = run(capsys, ["search", query, "--db", str(db)])
        assert (code, out) == (2, "")
        assert err.strip() == f"error: query: give words to look for (got {query!r}, which has no letters or digits)"


def test_search_in_a_one_source_library_prints_relative_relevance_not_zeros(tmp_path, capsys):
    """FTS5's bm25() floors the idf of a word found in half the passages or more at 1e-6 (SQLite FTS5
    docs, 5.1.1), so in a one-source library every raw score is -0.000...: relevance is shown relative to
    the best hit, and a note says why the raw weights are near zero."""
    src = tmp_path / "one.md"
    src.write_text("# Brief\n\nThe allies should act on supply chains now.\n\nWe recommend that the allies "
                   "fund a reserve.\n\nThe allies met in Tokyo.\n\nNothing else here about trade.\n")
    db = tmp_path / "sources.db"
    import_sources(db, [src])
    hits = search(db, "allies")
    assert len(hits) == 3 and all(-0.01 < h.score < 0 for h in hits)  # the raw weights that printed as 0.00
    code, out, err = run(capsys, ["search", "allies", "--db", str(db)])
    assert code == 0
    rows = [ln.split() for ln in out.splitlines()[1:] if ln[:4].strip().isdigit()]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    rel = [float(r[1]) for r in rows]
    assert rel[0] == 1.0 and all(0 < x <= 1.0 for x in rel) and rel == sorted(rel, reverse=True)
    assert "0.00" not in out
    assert "the words occur in half or more of the passages searched, so BM25 gives them almost no weight" in err
    code, out, err = run(capsys, ["search", "Tokyo", "--db", str(db)])  # a rare word: full weight, no note
    assert code == 0 and "almost no weight" not in err and out.splitlines()[1].split()[:2] == ["1", "1.00"]


def _one_line_pdf(path: Path, line: str, blank_pages: int = 0) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, line)
    for _ in range(blank_pages):
        pdf.add_page()
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_one_sentence_text_or_pdf_imports_its_passage(tmp_path, capsys):
    """review2 A1: the first block was taken as the title, so a one-sentence file gave 0 passages (exit 0)."""
    sentence = "We recommend that the allies should act."
    (tmp_path / "one.txt").write_text(sentence + "\n")
    (tmp_path / "short.txt").write_text("Short.\n\n" + sentence + "\n")
    _one_line_pdf(tmp_path / "line.pdf", sentence)
    db = tmp_path / "sources.db"
    code, out, _ = run(capsys, ["import", str(tmp_path / "one.txt"), str(tmp_path / "short.txt"),
                                str(tmp_path / "line.pdf"), "--db", str(db)])
    assert code == 0
    assert "new       one: 1 passages" in out and "new       short: 2 passages" in out and "new       line: 1 passages" in out
    texts = {(p.source, p.text) for p in passages(db)}
    assert texts == {("one", sentence), ("short", "Short."), ("short", sentence), ("line", sentence)}
    # a title over a paragraph is still a title
    src = read_source(_write(tmp_path / "titled.txt", "Supply Chains Together\n\n" + sentence + "\n"))
    assert [b.kind for b in src.blocks] == ["heading", "paragraph"] and src.title == "Supply Chains Together"


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_a_file_with_headings_only_is_refused_naming_it(tmp_path, capsys):
    bad = _write(tmp_path / "heads.md", "# Only A Title\n\n## And Another\n")
    db = tmp_path / "sources.db"
    code, out, err = run(capsys, ["import", str(bad), "--db", str(db)])
    assert (code, out) == (2, "")
    assert err.strip() == (f"error: {bad}: no passage to import: the file holds only heading(s) ('Only A Title'; "
                           "'And Another') and no paragraph or list item")
    assert not db.exists() or documents(db) == []


def _docx_with_prolog(path: Path, prolog: str, body: str) -> Path:
    """A real python-docx file whose document.xml gets `prolog` before its root and `body` as a run's text."""
    import docx

    tmp = path.with_suffix(".orig.docx")
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    d.save(str(tmp))
    out = io.BytesIO()
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode()
                head, rest = xml.split("?>", 1)
                data = (head + "?>" + prolog + rest.replace("PLACEHOLDER", body)).encode()
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())
    tmp.unlink()
    return path


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_docx_declaring_a_doctype_or_entities_is_refused_not_read_with_text_missing(tmp_path, capsys, prolog):
    """review2 A2: "We should read &xxe; here." imported as "We should read" (the rest dropped silently)."""
    bad = _docx_with_prolog(tmp_path / "xxe.docx", prolog, "We should read &xxe; here.")
    db = tmp_path / "sources.db"
    code, out, err = run(capsys, ["import", str(bad), "--db", str(db)])
    assert (code, out) == (2, "")
    assert err.strip() == (f"error: {bad}: refused: word/document.xml declares a DOCTYPE or XML entities, which Word "
                           "never writes (the text around an entity would be lost, and entities can read other "
                           "files); open the document in Word or LibreOffice and save it again as .docx")
    good = _docx_with_prolog(tmp_path / "plain.docx", "", "We should read this here.")
    assert [b.text for b in read_source(good).blocks] == ["We should read this here."]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_text_with_a_byte_order_mark_is_read(tmp_path, capsys, codec):
    """review2 A3: a UTF-16 .txt (Notepad's "Unicode") was called binary data. With a BOM it is read."""
    import codecs

    text = "# Supply Chains\n\nWe should fund a reserve of sterile capacity – now.\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    for name in ("u.txt", "u.md"):
        (tmp_path / name).write_bytes(bom + text.encode(codec))
        src = read_source(tmp_path / name)
        assert [b.text for b in src.blocks][-1] == "We should fund a reserve of sterile capacity – now."
    # validate --sources finds a quote in it: provenance reads .txt/.md the way import does
    from scoring import provenance

    assert "sterile capacity – now" in provenance.read_source(tmp_path / "u.txt")
    code, out, _ = run(capsys, ["import", str(tmp_path / "u.txt"), "--db", str(tmp_path / "s.db")])
    assert code == 0 and "new       u: 1 passages" in out


@pytest.mark.parametrize("codec,name", [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")])
def test_wide_text_without_a_byte_order_mark_is_named_and_refused(tmp_path, capsys, codec, name):
    bad = tmp_path / "nobom.txt"
    bad.write_bytes("# H\n\nWe should do X.\n".encode(codec))
    code, out, err = run(capsys, ["import", str(bad), "--db", str(tmp_path / "s.db")])
    assert (code, out) == (2, "")
    assert err.strip() == (f"error: {bad}: this file looks like {name} text without a byte-order mark, which cannot "
                           "be read reliably; save it as UTF-8 (or as Unicode with a byte-order mark)")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(b"\xef\xbb\xbf" + bytes(range(256)) * 4)  # a UTF-8 byte-order mark does not make binary data text
    code, _, err = run(capsys, ["import", str(noise), "--db", str(tmp_path / "s.db")])
    assert code == 2 and err.strip() == f"error: {noise}: binary data in a file named .txt; expected text"


def test_blank_pdf_pages_are_called_blank_not_a_scan(tmp_path, capsys):
    """review2 A7: 3000 blank pages were reported as "3000 page(s) of images, e.g. a scan"."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(40):
        pdf.add_page()
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(bytes(pdf.output()))
    code, out, err = run(capsys, ["import", str(blank), "--db", str(tmp_path / "s.db")])
    assert (code, out) == (2, "")
    assert err.strip() == f"error: {blank}: the PDF's 40 page(s) are blank: no text and no images; nothing to import"
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 160, style="F")
    drawn = tmp_path / "drawn.pdf"
    drawn.write_bytes(bytes(pdf.output()))
    code, _, err = run(capsys, ["import", str(drawn), "--db", str(tmp_path / "s.db")])
    assert code == 2 and err.strip() == (f"error: {drawn}: the PDF has no text and no images (1 page(s): 1 with "
                                         "drawings only); export it again with its text, or import the text as .txt")
    # text on page 1, a blank page 2 and a picture on page 3: imported, each textless page named for what it is
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "We recommend that the allies should act.")
    pdf.add_page()
    pdf.add_page()
    pdf.image(Image.new("L", (30, 40), 200), x=20, y=20, w=100)
    mixed = tmp_path / "mixed.pdf"
    mixed.write_bytes(bytes(pdf.output()))
    code, out, err = run(capsys, ["import", str(mixed), "--db", str(tmp_path / "s.db")])
    assert code == 0 and "new       mixed: 1 passages" in out
    assert (f"warning   {mixed}: pages without text; images only, e.g. scanned (run OCR to read them): page 3; "
            "blank: page 2") in err


def _sentence_case_pdf(path: Path, outline: bool) -> Path:
    """Headings in sentence case (the layout rules take only title-cased lines for headings), optionally bookmarked."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)

    def para(text: str, size: int = 11, style: str = "") -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    for page, (chapter, section, body) in enumerate((
            ("Rebuilding supply chains together", "Where the ingredients come from",
             "Supply chains for medicines were stretched during the pandemic, and both governments learned how "
             "little they knew about where active ingredients are made."),
            (None, "What the two governments should do",
             "1. The two governments should create a joint register of critical medicine suppliers."))):
        pdf.add_page()
        if chapter:
            if outline:
                pdf.start_section(chapter, level=0)
            para(chapter, 16, "B")
        if outline:
            pdf.start_section(section, level=1)
        para(section, 13, "B")
        para(body)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_pdf_headings_come_from_its_outline_when_it_has_one(tmp_path):
    with_outline = read_source(_sentence_case_pdf(tmp_path / "bookmarked.pdf", outline=True))
    heads = [(b.text, b.level, b.page) for b in with_outline.blocks if b.kind == "heading"]
    assert heads == [("Rebuilding supply chains together", 1, 1), ("Where the ingredients come from", 2, 1),
                     ("What the two governments should do", 2, 2)]
    ps = build_passages(with_outline)
    assert [(p.locator, p.text[:24]) for p in ps] == [
        ("p. 1, Where the ingredients come from, para 1", "Supply chains for medici"),
        ("p. 2, What the two governments should do, 1, para 1", "1. The two governments s")]
    assert all(p.chapter == "Rebuilding supply chains together" for p in ps)
    # the same pages without bookmarks: the layout rules see no heading in sentence case
    plain = read_source(_sentence_case_pdf(tmp_path / "plain.pdf", outline=False))
    assert [b.text for b in plain.blocks if b.kind == "heading" and b.level > 1] == []


def test_docx_text_box_paragraphs_are_read_once(tmp_path, capsys):
    """review rev1 R1-8: text only in a text box was 'the Word document holds no text'. Word writes a box
    twice (DrawingML and a VML fallback in mc:AlternateContent); its text is one passage, not two."""
    box = ('<w:txbxContent>' + _para("The government should fund the stockpile now.") + '</w:txbxContent>')
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    doc = raw_docx(tmp_path / "textbox.docx",
                    f'<w:body>{_para("Stockpiles")}<w:p><w:r><mc:AlternateContent {mc}><mc:Choice Requires="wps">'
                    f'<w:drawing>{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>'
                    '</mc:AlternateContent></w:r></w:p></w:body>')
    only_box = raw_docx(tmp_path / "only_box.docx", f"<w:body><w:p><w:r><w:pict>{box}</w:pict></w:r></w:p></w:body>")
    assert [p.text for p in build_passages(read_source(doc))] == ["Stockpiles", "The government should fund the stockpile now."]
    assert [p.text for p in build_passages(read_source(only_box))] == ["The government should fund the stockpile now."]
    code, out, err = run(capsys, ["import", str(only_box), "--db", str(tmp_path / "s.db")])
    assert code == 0 and "Traceback" not in err
    assert [p.text for p in passages(tmp_path / "s.db")] == ["The government should fund the stockpile now."]


@pytest.mark.parametrize("ext", [".docx", ".html", ".txt"])
def test_bidi_overrides_and_zero_width_characters_are_removed_at_import_and_named(tmp_path, capsys, ext):
    """review rev1 R1-8: 'We should \u202eact now and \u200bhere.' imported verbatim, so a quote picked from the
    passage was refused by validate's bidirectional-control rule. Removed at import (spans still point at
    the text), and the import says which characters went."""
    raw = "We should \u202eact now and \u200bhere."
    path = tmp_path / f"ctrl{ext}"
    if ext == ".docx":
        raw_docx(path, f"<w:body>{_para('Intro paragraph first.')}{_para(raw)}</w:body>")
    elif ext == ".html":
        _write(path, f'<html><head><meta charset="utf-8"></head><body><p>Intro paragraph first.</p><p>{raw}</p></body></html>')
    else:
        _write(path, f"Intro paragraph first.\n\n{raw}\n")
    src = read_source(path)
    last = build_passages(src)[-1]
    assert last.text == "We should act now and here."
    assert src.text[last.start:last.end] == "We should act now and here."
    assert CONTROL_CHARS.search(src.text) is None and "\u200b" not in src.text
    assert any("U+202E right-to-left override" in w and "U+200B zero width space" in w for w in src.warnings), src.warnings
    code, out, err = run(capsys, ["import", str(path), "--db", str(tmp_path / "s.db")])
    assert code == 0 and "U+202E" in out + err
    assert [p.text for p in passages(tmp_path / "s.db")][-1] == "We should act now and here."


def test_another_file_under_a_stored_source_name_is_refused_not_taken_as_a_change(tmp_path, capsys):
    """review rev1 R1-9: brief.pdf imported, then brief.md in a later run was 'changed brief' and the PDF's
    passages were gone. A different file name under the same stem is refused naming both; the same file
    name with new content is still a change."""
    db = tmp_path / "s.db"
    pdf = _one_line_pdf(tmp_path / "brief.pdf", "We recommend that the allies should act now.")
    assert run(capsys, ["import", str(pdf), "--db", str(db)])[0] == 0
    before = passages(db)
    md = _write(tmp_path / "brief.md", "# Title\n\nThe allies must build a joint register now.\n")
    code, out, err = run(capsys, ["import", str(md), "--db", str(db)])
    assert code == 2 and err.startswith(f"error: {md}: same source name 'brief' as {pdf}, already in the library")
    assert "Traceback" not in err and passages(db) == before
    other = tmp_path / "new"
    other.mkdir()
    again = _one_line_pdf(other / "brief.pdf", "We recommend that the allies should act later.")
    code, out, err = run(capsys, ["import", str(again), "--db", str(db)])
    assert code == 0 and "changed" in out, out + err
    assert [p.text for p in passages(db)] == ["We recommend that the allies should act later."]
