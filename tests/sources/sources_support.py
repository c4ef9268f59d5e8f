"""Build PDF, DOCX, HTML and Markdown files from one known text, so a reader's output can be checked against it."""
from __future__ import annotations

from pathlib import Path

# (kind, text): the known document. Headings are title-cased and short; paragraphs are long enough to wrap.
CHAPTER = "Rebuilding Supply Chains Together"
DOC: list[tuple[str, str]] = [
    ("h1", CHAPTER),
    ("h2", "Background"),
    ("p", "Supply chains for medicines were stretched during the pandemic, and both governments learned how "
          "little they knew about where active ingredients are made. Stockpiles ran low within weeks."),
    ("p", "Industry groups in both countries have asked for clearer rules on export controls, because sudden "
          "bans disrupted contracts that had run smoothly for a decade."),
    ("h2", "Policy Recommendations"),
    ("li", "The two governments should create a joint register of critical medicine suppliers."),
    ("p", "A register would let ministries see concentration risks early and plan alternative sources before "
          "a crisis, rather than during one."),
    ("li", "Japan must fund a reserve of sterile injectable capacity with private partners."),
    ("p", "We recommend that the reserve be reviewed every two years by an independent panel."),
]
PAGE_BREAK_BEFORE = 4  # index in DOC where the PDF starts page 2 ("Policy Recommendations")


def write_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    number = 0
    for i, (kind, text) in enumerate(DOC):
        if i == PAGE_BREAK_BEFORE:
            pdf.add_page()
        if kind in ("h1", "h2"):
            pdf.set_font("helvetica", "B", 16 if kind == "h1" else 13)
            pdf.multi_cell(0, 8, text)
            pdf.ln(2)
        else:
            pdf.set_font("helvetica", size=11)
            if kind == "li":
                number += 1
                text = f"{number}. {text}"
            pdf.multi_cell(0, 6, text)
            pdf.ln(3)
    pdf.set_title("Supply chain brief")
    pdf.set_author("Test Author")
    path.write_bytes(bytes(pdf.output()))
    return path


def write_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.author = "Test Author"
    for kind, text in DOC:
        if kind == "h1":
            d.add_heading(text, level=1)
        elif kind == "h2":
            d.add_heading(text, level=2)
        elif kind == "li":
            d.add_paragraph(text, style="List Number")
        else:
            d.add_paragraph(text)
    d.save(str(path))
    return path


def write_html(path: Path) -> Path:
    body = []
    items: list[str] = []
    for kind, text in DOC:
        if kind == "li":
            body.append(f"<ol start='{len(items) + 1}'><li>{text}</li></ol>")
            items.append(text)
        elif kind == "p":
            body.append(f"<p>{text}</p>")
        else:
            body.append(f"<{kind}>{text}</{kind}>")
    html = ("<!doctype html><html><head><title>Supply chain brief</title><meta name='author' content='Test Author'>"
            "<script>var x = 'should not be read';</script></head><body><nav>Home | About</nav>"
            + "".join(body) + "</body></html>")
    path.write_text(html, encoding="utf-8")
    return path


def write_markdown(path: Path) -> Path:
    lines = []
    n = 0
    for kind, text in DOC:
        if kind == "h1":
            lines.append(f"# {text}\n")
        elif kind == "h2":
            lines.append(f"## {text}\n")
        elif kind == "li":
            n += 1
            lines.append(f"{n}. {text}\n")
        else:
            lines.append(f"{text}\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


WRITERS = {"pdf": write_pdf, "docx": write_docx, "html": write_html, "md": write_markdown}
