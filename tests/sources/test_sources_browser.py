"""A new analyst in a real browser (Debian's chromium via Playwright): two uploaded files become a
validated two-option table with evidence on the Build-a-table page."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from scoring.cli import main as cli
from support import ROOT, browser, streamlit_server

from sources_support import write_docx, write_pdf

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"

CRITERIA = """\
criteria:
  - id: impact
    label: Strategic impact
    direction: benefit
    scale: {min: 1, max: 5}
    weight: 2
    rubric: {1: "marginal", 3: "clear but limited", 5: "changes the balance"}
  - id: feasibility
    label: Political feasibility
    direction: benefit
    scale: {min: 1, max: 5}
    weight: 1
"""


def _settle(page) -> None:
    """Wait for Streamlit's rerun to finish: no element marked stale, no 'Running' status."""
    page.wait_for_timeout(250)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')"
                           " && !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def _choose(page, label: str, option: str) -> None:
    """Pick the option containing `option` in the Streamlit selectbox labelled `label` (type to filter, Enter)."""
    box = page.locator('[data-testid="stSelectbox"]', has_text=label).first
    field = box.locator("input")
    field.click()
    field.fill(option)
    page.get_by_role("option").filter(has_text=option).first.wait_for(timeout=30_000)
    field.press("Enter")
    _settle(page)




def test_two_uploaded_files_become_a_validated_two_option_table(tmp_path):
    folder = tmp_path / "table"
    folder.mkdir()
    (folder / "criteria.yaml").write_text(CRITERIA)
    pdf = write_pdf(tmp_path / "supply-brief.pdf")
    docx = write_docx(tmp_path / "ministry-memo.docx")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server("pages/3_Build_a_table.py", env={"SCORING_BUILD_DIR": str(folder)}) as url, browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_text("0 of 0 scores with a reason").wait_for(timeout=60_000)

        # 1. sources: a broken file is refused by name and the good one beside it is imported; then both real files
        uploader = page.locator('[data-testid="stFileUploader"]', has_text="Add sources").locator('input[type="file"]')
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
        uploader.set_input_files([str(broken), str(pdf)])
        page.get_by_text("broken.pdf").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Import").click()
        page.get_by_text("broken.pdf: cannot read this PDF (corrupt or truncated)").wait_for(timeout=30_000)
        page.get_by_text("1 of 2 files not imported (below); imported: supply-brief.pdf.").wait_for(timeout=30_000)
        assert sorted(p.name for p in (folder / "sources").iterdir()) == ["supply-brief.pdf"]
        page.reload()
        page.get_by_text("0 of 0 scores with a reason").wait_for(timeout=60_000)
        uploader = page.locator('[data-testid="stFileUploader"]', has_text="Add sources").locator('input[type="file"]')
        uploader.set_input_files([str(pdf), str(docx)])
        page.get_by_text("ministry-memo.docx").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Import").click()
        page.get_by_text("unchanged: supply-brief, 6 passages").wait_for(timeout=30_000)
        page.get_by_text("new: ministry-memo, 6 passages").wait_for(timeout=30_000)

        # 2. candidates: pick one recommendation from each file and accept them
        page.get_by_role("tab", name="2 · Candidates").click()
        picker = page.locator('[data-testid="stMultiSelect"]', has_text="Pick candidates")
        picker.wait_for(timeout=30_000)
        for words, source in (("sterile injectable", "supply-brief"), ("joint register", "ministry-memo")):
            picker.locator("input").fill(words)
            page.get_by_role("option").filter(has_text=source).first.click()
            page.keyboard.press("Escape")
        page.get_by_role("button", name="Accept 2 as options").click()
        page.get_by_text("The table has 2 options.").wait_for(timeout=30_000)
        page.get_by_text("0 of 4 scores with a reason").wait_for(timeout=30_000)

        # 3. score option by option: rubric and passage beside the form, quote cut from the passage
        page.get_by_role("tab", name="3 · Score").click()
        done = 0
        for oid in ("Japan must fund a reserve", "create a joint register"):
            for crit, score in (("Strategic impact", "4"), ("Political feasibility", "3")):
                _choose(page, "Option", oid)
                _choose(page, "Criterion", crit)
                page.get_by_text(f"{crit} (more is better").wait_for()
                page.get_by_role("radiogroup", name="Score").get_by_text(score, exact=True).click()
                _settle(page)
                page.get_by_role("radiogroup", name="Basis").get_by_text("text", exact=True).click()
                _settle(page)
                reason = page.get_by_label("Reason (one sentence)")
                reason.fill(f"The passage states it plainly ({crit.lower()}).")
                reason.press("Control+Enter")
                _settle(page)
                _choose(page, "Quote from", " · ")
                page.get_by_text(re.compile(r"^Quote \(\d+ words\)")).wait_for(timeout=30_000)
                page.get_by_role("button", name="Save this score").click()
                done += 1
                page.get_by_text(f"{done} of 4 scores with a reason").wait_for(timeout=30_000)
                _settle(page)
        page.screenshot(path=str(ARTIFACTS / "build-a-table.png"), full_page=True)

        # 4. save: both files written, valid for a workshop
        page.get_by_role("tab", name="4 · Save").click()
        page.get_by_role("button", name="Save options.csv and evidence.csv").click()
        page.get_by_text("Saved 2 options").wait_for(timeout=30_000)
        page.get_by_text("Valid: every option scored with a reason, every quote found in its source.").wait_for(timeout=30_000)

        # 5. a second analyst scored one cell differently: agreement per criterion and the cell to reconcile
        other = pd.read_csv(folder / "options.csv", dtype=str, keep_default_na=False)
        other.loc[0, "feasibility"] = "5"
        other.to_csv(tmp_path / "analyst-b.csv", index=False)
        page.get_by_role("tab", name="5 · Agreement").click()
        for label, path in (("Analyst A's options.csv", folder / "options.csv"), ("Analyst B's options.csv", tmp_path / "analyst-b.csv")):
            page.locator('[data-testid="stFileUploader"]', has_text=label).locator('input[type="file"]').set_input_files(str(path))
            _settle(page)
        page.get_by_text("1 cell to reconcile").wait_for(timeout=30_000)
        page.get_by_text(re.compile(r"Overall \(all cells\): kappa -?\d\.\d{3} .*Krippendorff's alpha -?\d\.\d{3}")).wait_for(timeout=30_000)

    options = pd.read_csv(folder / "options.csv", dtype=str, keep_default_na=False)
    evidence = pd.read_csv(folder / "evidence.csv", dtype=str, keep_default_na=False)
    assert len(options) == 2 and options["id"].is_unique
    assert set(options["source"]) == {"supply-brief", "ministry-memo"}
    assert (options["impact"] == "4").all() and (options["feasibility"] == "3").all()
    assert len(evidence) == 4 and (evidence["basis"] == "text").all() and (evidence["quote"] != "").all()
    assert cli(["validate", "--options", str(folder / "options.csv"), "--criteria", str(folder / "criteria.yaml"),
                "--sources", str(folder / "sources")]) == 0
    assert sorted(p.name for p in (folder / "sources").iterdir()) == ["ministry-memo.docx", "supply-brief.pdf"]
