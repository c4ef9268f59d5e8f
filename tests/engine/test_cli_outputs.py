"""Files the CLI writes: a CSV and its provenance land together or not at all."""
from __future__ import annotations


def test_csv_and_its_about_file_are_written_together_or_not_at_all(mini_files, tmp_path, capsys):
    import json

    from scoring.cli import main

    o, c = mini_files
    out = tmp_path / "ranking.csv"
    assert main(["rank", "--options", str(o), "--criteria", str(c), "--out", str(out)]) == 0
    about = json.loads((tmp_path / "ranking.csv.about.json").read_text())
    assert about["method"] == "weighted-sum" and out.read_text().startswith("rank,id,title,score")
    blocked = tmp_path / "blocked.csv"
    blocked.mkdir()  # a folder where the CSV should go: the write fails
    assert main(["rank", "--options", str(o), "--criteria", str(c), "--out", str(blocked)]) == 2
    assert not (tmp_path / "blocked.csv.about.json").exists()
    assert "Traceback" not in capsys.readouterr().err
