"""Review rev1 R1-11: rubric points off the scale, 'got None', Excel's `sep=,` first line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ("criteria:\n  - id: impact\n    label: Impact\n    direction: benefit\n    scale: {min: 1, max: 5}\n"
            "    weight: 3\n  - id: cost\n    label: Cost\n    direction: cost\n    scale: {min: 1, max: 5}\n    weight: 1\n")
OPTIONS = "id,title,impact,cost\na,A,5,2\nb,B,3,1\n"


def _validate(tmp_path: Path, options: str = OPTIONS, criteria: str = CRITERIA) -> subprocess.CompletedProcess:
    (tmp_path / "o.csv").write_text(options, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(criteria, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "scoring", "validate", "--options", str(tmp_path / "o.csv"),
                           "--criteria", str(tmp_path / "c.yaml")], cwd=ROOT, capture_output=True, text=True)


def test_untrusted_rubric_point_outside_the_scale_or_not_a_number_refused(tmp_path: Path) -> None:
    r = _validate(tmp_path, criteria=CRITERIA.replace("    weight: 3", "    weight: 3\n    rubric: {1: low, 1.5: a, 7: b, x: c}"))
    assert r.returncode == 2
    assert ("c.yaml, line 7, column 'criteria[0].rubric.7': criterion 'impact': rubric point 7 is outside the scale "
            "1 to 5; rubric points are scores on the criterion's scale") in r.stderr
    assert "rubric point x is not a number on the scale 1 to 5" in r.stderr
    assert "rubric point 1 " not in r.stderr and "rubric point 1.5" not in r.stderr
    assert "2 problems found" in r.stderr


def test_untrusted_empty_weight_says_got_nothing_not_none(tmp_path: Path) -> None:
    r = _validate(tmp_path, criteria=CRITERIA.replace("weight: 3", "weight: ~"))
    assert r.returncode == 2
    assert "criterion 'impact': expected a non-negative number as weight, got nothing" in r.stderr
    assert "None" not in r.stderr


def test_untrusted_excel_sep_first_line_named(tmp_path: Path) -> None:
    r = _validate(tmp_path, options="sep=,\n" + OPTIONS)
    assert r.returncode == 2
    assert ("o.csv, line 1: remove the first line 'sep=,' (Excel's separator hint); the header with the column "
            "names must be the first line") in r.stderr
    assert "1 problem found" in r.stderr


def test_untrusted_messages_show_yaml_as_written_not_python_values(tmp_path: Path) -> None:
    r = _validate(tmp_path, criteria=CRITERIA.replace("scale: {min: 1, max: 5}", "scale: {min: -.inf, max: 5}", 1)
                  .replace("direction: cost", "direction: ~"))
    assert r.returncode == 2
    assert "criterion 'impact': expected scale {min: <number>, max: <number>}, got {min: -.inf, max: 5}" in r.stderr
    assert "criterion 'cost': expected direction 'benefit' or 'cost', got nothing" in r.stderr
    assert "None" not in r.stderr and "'min'" not in r.stderr
