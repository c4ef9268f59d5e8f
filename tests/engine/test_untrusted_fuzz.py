"""Issue 13, proof: random and adversarial CSV and YAML through every data subcommand of the CLI.

For each generated (options.csv, criteria.yaml, scenarios.yaml, --weights) the commands rank, validate,
sensitivity, smaa, scenarios and agreement run in-process and must: exit 0 or 2 (never an exception,
so never a traceback), stay under a memory bound (tracemalloc peak) and a per-example deadline, and
leave every input byte for byte as it was (each run also writes --out beside the inputs).
Bounded to 30 examples so the whole test takes well under 30 s.

The second fuzz test takes the list of subcommands from the CLI's own parser (a new subcommand is covered
without editing this file): import, search, candidates, agreement, compare, weights, workshop, serve and
dashboard get tailored arguments, any other gets arguments drawn from its argparse actions. serve and
dashboard run their argument and configuration checks; the process start they end in is replaced, so no
server is left running. 10 examples.
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

pytestmark = pytest.mark.slow

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
    "і", "а", "ｉｍｐａｃｔ", "Impact", "impact_low", "Impact_high", "wеight",  # look-alikes and case variants
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


# ---------------------------------------------------------------- every subcommand, enumerated from the parser
#
# The test above drives the data commands with tailored arguments. Below, the list of subcommands comes from
# the CLI's own parser, so a subcommand added later is fuzzed without touching this file: known ones get
# tailored argument lists (import/search/candidates share one fuzzed source library), any other gets
# arguments drawn from its argparse actions (paths to fuzzed files, adversarial numbers, garbage choices).
# `serve` and `dashboard` run through their argument and configuration checks; the process starts they end
# in are replaced (Popen raises, call returns at once), so no server outlives an example.

import argparse  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import types  # noqa: E402

from scoring import cli as cli_module  # noqa: E402
from scoring.numbers import FlagNumber  # noqa: E402

NUMBERS = st.sampled_from(["0", "1", "-1", "2.5", "1e3", "1e9", "1_000", "nan", "inf", "1e999", "0x10", "３", "",
                           "99999999999999999999999", "7"])
SOURCE_TEXT = ("# Report\n\nThe Quad should institutionalize a maritime dialogue. It must fund cables.\n\n"
               "## Annex\n\nMembers recommend a joint fund for resilience.\n")
SUFFIX_TEXT = {".md": SOURCE_TEXT, ".txt": SOURCE_TEXT.replace("#", ""),
               ".html": f"<html><body><h1>Report</h1><p>{SOURCE_TEXT}</p></body></html>", ".pdf": "%PDF-1.4\n",
               ".docx": "PK\x03\x04"}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    cli_module._register_analysis_commands()
    parser = cli_module.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def generic_argv(name: str, parser: argparse.ArgumentParser, folder: Path, draw) -> list[str]:
    """Arguments for any subcommand from its argparse actions: files for paths, adversarial numbers, garbage."""
    files = [str(folder / f) for f in ("options.csv", "criteria.yaml", "scenarios.yaml", "ref.csv")]
    argv = [name]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            argv.append(draw(st.sampled_from([*action.choices, "nope"])))
            continue
        if not action.option_strings:  # positional: a path most of the time
            count = 1 if action.nargs in (None, 1) else draw(st.integers(0 if action.nargs in ("*", "?") else 1, 2))
            argv += [draw(st.sampled_from([*files, str(folder / "new.out"), "-", ""])) for _ in range(count)]
            continue
        if not draw(st.booleans()):
            continue
        flag = action.option_strings[-1]
        if action.nargs == 0:
            argv.append(flag)
        elif isinstance(action.type, FlagNumber):
            argv += [flag, draw(NUMBERS)]
        elif action.choices:
            argv += [flag, draw(st.sampled_from([*map(str, action.choices), "bogus"]))]
        else:
            argv += [flag, draw(st.one_of(st.sampled_from(files), st.text(max_size=12)))]
    return argv


TAILORED = ("import", "search", "candidates", "agreement", "compare", "weights", "workshop", "serve", "dashboard")


def tailored_argv(name: str, folder: Path, draw) -> list[list[str]] | None:
    if name not in TAILORED:
        return None
    o, c, ref = str(folder / "options.csv"), str(folder / "criteria.yaml"), str(folder / "ref.csv")
    db = ["--db", str(folder / "sources.db"), "--options", o]
    number = draw(NUMBERS)
    if name == "import":
        return [["import", *sorted(str(p) for p in folder.glob("source*")), *db]]
    if name == "search":
        return [["search", draw(st.one_of(st.sampled_from(['"', "NEAR(", "fund*", "a OR", "-x", "Quad"]),
                                          st.text(max_size=15))), *db, "--limit", number]]
    if name == "candidates":
        return [["candidates", *db, "--threshold", draw(NUMBERS)],
                ["candidates", *db, "--draft", str(folder / "draft"), "--criteria", c],
                ["candidates", *db, "--measure", o, "--format", "csv"]]
    if name == "agreement":
        return [["agreement", o, ref, "--criteria", c, "--format", draw(st.sampled_from(["text", "csv", "md"]))]]
    if name in ("compare", "weights"):
        return [[name, "--options", o, "--criteria", c, "--weights", draw(WEIGHTS) or "impact=1"]]
    if name == "workshop":
        return [["workshop", "where"], ["workshop", "backup", str(folder / draw(st.sampled_from(["b.db", "options.csv"])))],
                ["workshop", "--database", draw(st.sampled_from(["", "nope://", "sqlite:///" + str(folder / "w.db")]))
                 or "x", "where"]]
    if name == "serve":
        return [["serve", "--workers", number, "--port", draw(NUMBERS), "--address", draw(st.text(max_size=10)) or "x"]]
    if name == "dashboard":
        return [["dashboard", "--port", number, "--address", draw(st.sampled_from(["127.0.0.1", "::", "bad host"]))]]
    return None


def no_process(*args, **kwargs):
    raise OSError(2, "fuzz: no process is started", str(args[0][0]) if args and args[0] else "?")


COVERED_ABOVE = {"validate", "rank", "sensitivity", "smaa", "scenarios"}  # tailored in the test above, every example


@settings(max_examples=10, deadline=timedelta(seconds=30), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(options=file_bytes(mutated(OPTIONS_MINI)), criteria=file_bytes(mutated(CRITERIA_MINI)),
       sources=st.lists(st.tuples(st.sampled_from(sorted(SUFFIX_TEXT)), st.one_of(
           st.sampled_from(sorted(SUFFIX_TEXT)).map(SUFFIX_TEXT.get).flatmap(lambda t: file_bytes(mutated(t))),
           st.binary(max_size=300))), min_size=1, max_size=3),
       data=st.data())
def test_untrusted_fuzz_every_subcommand_of_the_parser_exits_0_or_2_within_bounds(options, criteria, sources, data):
    commands = subcommands()
    assert {"import", "search", "candidates", "agreement", "serve", "dashboard", "workshop"} <= set(commands)
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        folder = Path(tmp)
        (folder / "options.csv").write_bytes(options)
        (folder / "criteria.yaml").write_bytes(criteria)
        (folder / "scenarios.yaml").write_text(SCENARIOS_MINI)
        (folder / "ref.csv").write_text(OPTIONS_MINI)
        for k, (suffix, blob) in enumerate(sources):
            (folder / f"source{k}{suffix}").write_bytes(blob)
        inputs = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
        mp.setenv("SCORING_DATABASE_URL", "sqlite:///" + str(folder / "workshop.db"))
        mp.setattr(tempfile, "tempdir", tmp)  # serve's run folder goes here, not into /tmp
        import scoring.serve as serve

        mp.setattr(serve, "subprocess", types.SimpleNamespace(
            Popen=no_process, call=lambda *a, **k: 0, STDOUT=subprocess.STDOUT, DEVNULL=subprocess.DEVNULL,
            TimeoutExpired=subprocess.TimeoutExpired))
        ran: set[str] = set()
        for name in sorted(set(commands) - COVERED_ABOVE):  # import runs before search and candidates (the library)
            runs = tailored_argv(name, folder, data.draw) or [generic_argv(name, commands[name], folder, data.draw)]
            for argv in runs:
                code, err = run_cli(argv)
                assert code in (0, 2), (argv, code, err)
                assert "Traceback" not in err
                if code == 2:
                    assert err.strip(), f"{argv} exited 2 without saying why"
            ran.add(name)
        assert ran | COVERED_ABOVE == set(commands)
        assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs} == inputs
        assert not [p.name for p in folder.rglob("*.tmp")]
        assert os.environ.get("SCORING_DATABASE_URL", "").endswith("workshop.db")


def test_untrusted_fuzz_covers_a_subcommand_added_later(monkeypatch, tmp_path):
    """A new subcommand with an int flag and a path gets generic fuzz arguments from its parser."""
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("table")
        p.add_argument("--rounds", type=int, default=3)
        p.add_argument("--mode", choices=("a", "b"), default="a")

    seen: list[argparse.Namespace] = []
    monkeypatch.setitem(cli_module.COMMANDS, "probe", ("later", add, lambda args: seen.append(args) or 0))
    commands = subcommands()
    assert "probe" in commands and tailored_argv("probe", tmp_path, None) is None
    values = iter([str(tmp_path / "options.csv"), True, "1_000", True, "bogus"])

    def draw(strategy):
        return next(values)

    argv = generic_argv("probe", commands["probe"], tmp_path, draw)
    assert argv[0] == "probe" and "--rounds" in argv and "--mode" in argv
    code, err = run_cli(argv)
    assert code == 2 and err.startswith("error: ") and not seen
