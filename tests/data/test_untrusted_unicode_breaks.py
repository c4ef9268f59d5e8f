"""Review rev1 R1-11: NEL (U+0085), other C1 controls and U+2028/U+2029 are refused like the C0 controls."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ("criteria:\n  - id: impact\n    label: Impact\n    direction: benefit\n    scale: {min: 1, max: 5}\n"
            "    weight: 3\n  - id: cost\n    label: Cost\n    direction: cost\n    scale: {min: 1, max: 5}\n    weight: 1\n")
OPTIONS = "id,title,impact,cost\na,A,5,2\nb,B,3,1\n"


def _validate(tmp_path: Path, options: str = OPTIONS, criteria: str = CRITERIA) -> subprocess.CompletedProcess:
    (tmp_path / "o.csv").write_bytes(options.encode("utf-8"))
    (tmp_path / "c.yaml").write_bytes(criteria.encode("utf-8"))
    return subprocess.run([sys.executable, "-m", "scoring", "validate", "--options", str(tmp_path / "o.csv"),
                           "--criteria", str(tmp_path / "c.yaml")], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(("char", "name"), [("\x85", "next line (NEL) (U+0085)"), ("\u2028", "line separator (U+2028)"),
                                            ("\u2029", "paragraph separator (U+2029)"),
                                            ("\x9b", "C1 control character (U+009B)")])
def test_untrusted_csv_cell_with_unicode_line_break_or_c1_refused(tmp_path: Path, char: str, name: str) -> None:
    r = _validate(tmp_path, options=f"id,title,impact,cost\na,A,5,2\nb,B{char}x,3,1\n")
    assert r.returncode == 2
    assert f"o.csv, line 3, column 'title': the cell holds a {name} at character 2" in r.stderr


@pytest.mark.parametrize(("written", "name"), [('"Imp\\Nact"', "next line (NEL) (U+0085)"),
                                               ('"Imp\\Lact"', "line separator (U+2028)")])
def test_untrusted_yaml_escaped_unicode_line_break_refused(tmp_path: Path, written: str, name: str) -> None:
    r = _validate(tmp_path, criteria=CRITERIA.replace("label: Impact", f"label: {written}"))
    assert r.returncode == 2
    assert f"c.yaml, line 3: column 12: the text holds a {name}" in r.stderr


@pytest.mark.parametrize(("char", "name"), [("\x85", "next line (NEL) (U+0085)"), ("\u2029", "paragraph separator (U+2029)")])
def test_untrusted_yaml_raw_unicode_line_break_refused_at_its_column(tmp_path: Path, char: str, name: str) -> None:
    # ruamel.yaml reads a raw NEL/LS/PS as a line end, so it never reaches a scalar: refused on the raw text.
    r = _validate(tmp_path, criteria=CRITERIA.replace("label: Impact", f"label: Imp{char}act"))
    assert r.returncode == 2
    assert f"c.yaml, line 3: column 15: the text holds a {name}" in r.stderr
