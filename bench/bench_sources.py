"""Benchmark the source library: import, candidates and search on the shipped briefs.

    python bench/bench_sources.py [--briefs DIR]

Prints wall times (best of three) for reading and segmenting the briefs, storing them in a fresh
SQLite library, re-importing them unchanged (the idempotent path), scoring every passage as a
candidate, and the p50/p95 latency of BM25 searches for every shipped option's title, against a
reference in the same process: a plain Python scan counting query words in every passage.
Timings are ratios within one process on one machine; they are not assertions.

Then (skip with --no-hostile) the files review rev1 R1-7 found slow, built in a temporary folder: each
read once in a fresh process (read_source + build_passages, as `import` does), with its wall time, the
process's peak RSS, the outcome (passages or the refusal) and its time as a multiple of reading the
shipped briefs in this process.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import zipfile
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.sources.candidates import score_all  # noqa: E402
from scoring.sources.passages import build_passages  # noqa: E402
from scoring.sources.readers import read_source  # noqa: E402
from scoring.sources.store import import_sources, passages, search  # noqa: E402


def best_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-hostile", action="store_true", help="skip the many-paragraph and deep-nesting files")
    parser.add_argument("--briefs", default=os.environ.get("SCORING_BRIEFS") or str(ROOT.parent / "shared" / "briefs"))
    args = parser.parse_args()
    files = sorted(Path(args.briefs).glob("*.txt"))
    if not files:
        raise SystemExit(f"no briefs in {args.briefs} (set SCORING_BRIEFS)")
    size = sum(f.stat().st_size for f in files)
    print(f"source library benchmark: {len(files)} briefs, {size / 1e3:.0f} kB\n")
    read = best_of(lambda: [build_passages(read_source(f)) for f in files])
    with tempfile.TemporaryDirectory() as tmp:
        def fresh() -> None:
            db = Path(tmp) / f"s{time.perf_counter_ns()}.db"
            import_sources(db, files)

        store = best_of(fresh)
        db = Path(tmp) / "lib.db"
        import_sources(db, files)
        again = best_of(lambda: import_sources(db, files))
        ps = passages(db)
        cands = best_of(lambda: score_all(ps))
        titles = pd.read_csv(ROOT / "options.csv", dtype=str, keep_default_na=False)["title"].tolist()
        fts = []
        for q in titles:
            t = time.perf_counter()
            search(db, q, 10)
            fts.append(time.perf_counter() - t)
        texts = [p.text.lower() for p in ps]

        def scan(q: str) -> list[int]:
            words = re.findall(r"\w+", q.lower())
            counts = np.array([sum(t.count(w) for w in words) for t in texts])
            return list(np.argsort(-counts)[:10])

        naive = []
        for q in titles:
            t = time.perf_counter()
            scan(q)
            naive.append(time.perf_counter() - t)
    print(f"read + segment      {read * 1000:8.1f} ms   ({len(ps)} passages)")
    print(f"import (fresh db)   {store * 1000:8.1f} ms   (read, segment, store, index)")
    print(f"import (unchanged)  {again * 1000:8.1f} ms   (read and hash only; nothing written)")
    print(f"candidates          {cands * 1000:8.1f} ms   (every passage scored)")
    p50, p95 = np.percentile(np.array(fts) * 1000, [50, 95])
    n50, n95 = np.percentile(np.array(naive) * 1000, [50, 95])
    print(f"search BM25 (FTS5)  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms   ({len(titles)} option titles as queries)")
    print(f"plain scan          p50 {n50:6.2f} ms  p95 {n95:6.2f} ms   (count query words in every passage)")
    print(f"ratio scan / FTS5   p50 {n50 / p50:6.1f} x")
    if not args.no_hostile:
        hostile(read)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def raw_docx(path: Path, inside_document: str) -> Path:
    """A minimal DOCX package whose word/document.xml holds `inside_document` in <w:document>: for files
    python-docx would not write (huge, no body, a text box, hidden characters). The source tests use it too."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {_W}>{inside_document}</w:document>')
    return path


def _docx(path: Path, body: str) -> Path:
    return raw_docx(path, f"<w:body>{body}</w:body>")


def hostile(reference: float) -> None:
    """Read rev1's R1-7 files once each; print time, peak traced memory and what came of it."""
    para = "<w:p><w:r><w:t>We should act. </w:t></w:r></w:p>"
    cases = [
        ("docx  20,000 paragraphs", "a.docx", lambda p: _docx(p, para * 20_000)),
        ("docx 300,000 paragraphs", "b.docx", lambda p: _docx(p, para * 300_000)),
        ("docx 1 para, 400,000 runs", "c.docx", lambda p: _docx(p, "<w:p>" + "<w:r><w:t>We should act. </w:t></w:r>" * 400_000 + "</w:p>")),
        ("html  19,990 paragraphs", "d.html", lambda p: p.write_text("<html><body><h1>T</h1>" + "<p>We should act.</p>" * 19_990 + "</body></html>")),
        ("html 800,000 paragraphs", "e.html", lambda p: p.write_text("<html><body><h1>T</h1>" + "<p>We should act.</p>" * 800_000 + "</body></html>")),
        ("html 100,000 nested div", "f.html", lambda p: p.write_text("<html><body>" + "<div>" * 100_000 + "We should act." + "</div>" * 100_000 + "</body></html>")),
        ("html 190,000 unclosed b", "g.html", lambda p: p.write_text("<html><body>" + "<b>" * 190_000 + "We should act.</body></html>")),
    ]
    print(f"\nhostile files (R1-7), each read in a fresh process (stopped after {LIMIT_S} s); "
          f"x = time / reading the shipped briefs ({reference * 1000:.0f} ms)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fname, make in cases:
            path = Path(tmp) / fname
            make(path)
            try:
                run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                                     timeout=LIMIT_S, env={**os.environ, "PYTHONPATH": str(ROOT)})
                took, rss, outcome = run.stdout.strip().split("\t", 2) if run.returncode == 0 else ("nan", "0", run.stderr[-80:])
                took_s = float(took)
                cell = f"{took_s:7.2f} s {took_s / reference:7.0f} x {int(rss) / 1024:6.0f} MB"
            except subprocess.TimeoutExpired:
                cell, outcome = f"> {LIMIT_S:4d} s {'':9s} {'':9s}", "stopped"
            print(f"{name:27s} {path.stat().st_size / 1e6:5.1f} MB {cell}  {outcome}")


LIMIT_S = 300
# the child: read one file as `import` does, print seconds, peak RSS (kB, whole process) and the outcome
_CHILD = """
import resource, sys, time
from scoring.errors import ScoringError
from scoring.sources.passages import build_passages
from scoring.sources.readers import read_source
t = time.perf_counter()
try:
    outcome = f"{len(build_passages(read_source(sys.argv[1])))} passages"
except ScoringError as exc:
    outcome = "refused: " + str(exc).split(": ", 1)[-1][:60]
took = time.perf_counter() - t
print(f"{took}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\t{outcome}")
"""

if __name__ == "__main__":
    main()
