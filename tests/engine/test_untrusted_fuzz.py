"""Issue 13, proof: random and adversarial CSV and YAML through every data subcommand of the CLI.

For each generated (options.csv, criteria.yaml, scenarios.yaml, --weights) the commands rank, validate,
sensitivity, smaa, scenarios and agreement run in-process and must: exit 0 or 2 (never an exception,
so never a traceback), stay under a memory bound (tracemalloc peak) and a per-example deadline, and
leave every input byte for byte as it was (each run also writes --out beside the inputs).
Bounded to 30 examples so the whole test takes well under 30 s.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import CRITERIA_MINI, OPTIONS_MINI
from scoring.cli import main

MEMORY_BOUND = 64 * 2**20  # bytes per command; the alias bomb alone used 3-13 GB before

SCENARIOS_MINI = """\
scenarios:
  - id: crisis
    label: Crisis
    narrative: Speed matters.
    weights: {speed: 2}
    adjustments:
      - {option: a, criterion: impact, delta: -1, reason: r, locator: l}
"""

# Pieces an attacker or a hurried analyst puts into files: quotes, separators, encodings, YAML features.
SNIPPETS = [
    '"', '""', ",", ";", "\t", "\n", "\r\n", "\r", "\x00", "\x0b", "\x0c", "\ufeff", "\u200b", "\xa0", "é",
    "&a ", "*a", "&a [1, 2]", "<<: *a", "!!python/object:os.system", "!!binary", "{", "}", "[", "]", "? ",
    "---\n", "...\n", "- ", ": ", "#", "|\n", ">\n", "010", "1:30", "1e308", "-1e308", "1e999", "nan", "-inf",
    "1_0", "0x1F", "yes", "true", "~", "null", "9" * 5000, "[" * 300, "=cmd|' /C calc'!A0", "@SUM(1)",
    "criteria:", "id: impact", "weight: -1", "scale: {min: 5, max: 1}", "direction: sideways", "rank", "score",
]


@st.composite
def mutated(draw, base: str) -> str:
    """`base` with a few snippets or random characters inserted, deleted or replacing a slice."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "random"]))
        piece = draw(st.sampled_from(SNIPPETS)) if kind != "random" else draw(st.text(max_size=20))
        if kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 30)):]
        elif kind == "replace":
            text = text[:pos] + piece + text[pos + len(piece):]
        else:
            text = text[:pos] + piece + text[pos:]
    return text


def file_bytes(text_strategy):
    """Text as UTF-8, or now and then in an encoding a spreadsheet might have used, or raw bytes."""
    encoded = st.tuples(text_strategy, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])).map(
        lambda te: te[0].encode(te[1], errors="replace"))
    return st.one_of(encoded, encoded, encoded, st.binary(max_size=200))


WEIGHTS = st.one_of(st.none(), st.sampled_from(["", ",,,", "impact=3,impact=0", "impact=1_0", "impact=1e308,cost=1e308",
                                                "impact=-1", "colour=1", "impact=nan", "cost=0,impact=0,speed=0"]),
                    st.text(max_size=15))


def run_cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse usage errors exit 2
                code = exc.code
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{argv[0]} used {peak / 2**20:.0f} MiB"
    return code, err.getvalue()


@pytest.fixture(scope="module", autouse=True)
def warm_imports(tmp_path_factory):
    """Run every command once on good files, so imports and first-use caches are not counted as the input's memory."""
    folder = tmp_path_factory.mktemp("warm")
    (folder / "options.csv").write_text(OPTIONS_MINI)
    (folder / "criteria.yaml").write_text(CRITERIA_MINI)
    (folder / "scenarios.yaml").write_text(SCENARIOS_MINI)
    for argv in commands_for(folder, None, "xlsx"):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(argv) == 0, argv


def commands_for(folder: Path, weights: str | None, fmt: str) -> list[list[str]]:
    o, c, s = folder / "options.csv", folder / "criteria.yaml", folder / "scenarios.yaml"
    data = ["--options", str(o), "--criteria", str(c)]
    weight = ["--weights", weights] if weights is not None else []
    out = ["--format", fmt, "--out", str(folder / f"out.{fmt}")]
    return [
        ["validate", *data],
        ["rank", *data, *weight, *out],
        ["rank", *data, "--method", "weighted-product", "--format", "json"],
        ["sensitivity", *data, *weight, "--pair", "a,b", *out],
        ["smaa", *data, *weight, "--samples", "200", "--score-mode", "uniform", *out],
        ["smaa", *data, "--samples", "200", "--ranks", "2", "--format", "json"],
        ["scenarios", *data, "--scenarios", str(s), *weight, *out],
        ["agreement", str(o), str(o), "--criteria", str(c)],
    ]


@settings(max_examples=30, deadline=timedelta(seconds=10), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(options=file_bytes(mutated(OPTIONS_MINI)), criteria=file_bytes(mutated(CRITERIA_MINI)),
       scenarios=file_bytes(mutated(SCENARIOS_MINI)), weights=WEIGHTS,
       fmt=st.sampled_from(["csv", "json", "md", "xlsx"]))
def test_untrusted_fuzz_every_subcommand_exits_0_or_2_within_bounds_and_changes_no_input(options, criteria, scenarios,
                                                                                     weights, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        o, c, s, ref = folder / "options.csv", folder / "criteria.yaml", folder / "scenarios.yaml", folder / "ref.csv"
        o.write_bytes(options)
        c.write_bytes(criteria)
        s.write_bytes(scenarios)
        ref.write_text(OPTIONS_MINI)
        inputs = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (o, c, s, ref)}
        commands = commands_for(folder, weights, fmt)
        commands[-1][2] = str(ref)  # agreement: the fuzzed file against a good one
        for argv in commands:
            code, err = run_cli(argv)
            assert code in (0, 2), (argv[0], code, err)
            assert "Traceback" not in err
            if code == 2:
                assert err.strip(), f"{argv[0]} exited 2 without saying why"
        assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs} == inputs
        assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # no temporary file left behind
