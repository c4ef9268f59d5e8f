"""Issue 13 / review2 E6: every numeric command-line flag is read by the one number parser (scoring.numbers).

Before, count flags used argparse's int: `--samples 1_000` ran 1,000 samples (the CSV and --weights refuse
`1_0`), and `--points 1e3` or `--samples 1e9` ended in argparse's raw usage dump. Now each numeric flag is a
FlagNumber: the message names the flag, says what was expected, repeats what was typed, and above a bound
says the bound and why; exit 2, no usage lines.
"""
from __future__ import annotations

import argparse
import json

import pytest

from scoring import cli
from scoring.numbers import FlagNumber


def numeric_actions(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(subcommand path, action) for every argument of every subcommand, at any depth, whose type is set."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from numeric_actions(sub, (*path, name))
        elif action.type is not None and action.option_strings:
            yield path, action


def parse_error(capsys, argv: list[str]) -> str:
    cli._register_analysis_commands()
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(argv)
    assert info.value.code == 2
    return capsys.readouterr().err


def test_untrusted_every_numeric_flag_of_every_subcommand_is_a_flag_number(capsys):
    cli._register_analysis_commands()
    found = {(path[0], action.option_strings[-1]): action.type for path, action in numeric_actions(cli.build_parser())}
    assert not [k for k, t in found.items() if t in (int, float)]
    numeric = {k for k, t in found.items() if isinstance(t, FlagNumber)}
    assert {("smaa", "--samples"), ("smaa", "--seed"), ("smaa", "--ranks"), ("smaa", "--concentration"),
            ("sensitivity", "--points"), ("search", "--limit"), ("candidates", "--threshold"),
            ("serve", "--workers"), ("serve", "--port"), ("dashboard", "--port")} <= numeric
    for path, action in numeric_actions(cli.build_parser()):
        if not isinstance(action.type, FlagNumber):
            continue
        flag = action.option_strings[-1]
        for bad in ("1_000", "1e999", "nan", "lots", "0x10"):
            err = parse_error(capsys, [*path, flag, bad])
            assert err.startswith(f"error: {flag}: "), (path, flag, bad, err)
            assert f"got '{bad}'" in err and "usage:" not in err and "invalid" not in err


@pytest.mark.parametrize("argv,message", [
    (["smaa", "--samples", "1e9"],
     "error: --samples: at most 5,000,000 samples, got '1e9'; 10,000-100,000 already give acceptabilities to within 1%\n"),
    (["smaa", "--samples", "1_000"], "error: --samples: expected a whole number such as 10000, got '1_000'; "
                                     "digit separators are not part of numbers here: write 1000\n"),
    (["sensitivity", "--points", "2.5"], "error: --points: expected a whole number such as 101, got '2.5' (not a whole number)\n"),
    (["sensitivity", "--points", "1e5"],
     "error: --points: at most 10001 grid points, got '1e5'; a finer grid draws the same curve\n"),
    (["smaa", "--samples", "0"], "error: --samples: expected a whole number of at least 1, got '0'\n"),
    (["smaa", "--seed", "１"], "error: --seed: expected a whole number such as 7, got '１'; '１' is a digit that is not 0-9 "
                               "(U+FF11 FULLWIDTH DIGIT ONE): type the number with the digits 0-9\n"),
    (["serve", "--workers", "1e3"],
     "error: --workers: at most 64 processes, got '1e3'; about one per core; more only share the same cores\n"),
    (["serve", "--port", "70000"], "error: --port: at most 65535, got '70000'; TCP ports are numbered 1 to 65535\n"),
    (["dashboard", "--port", "-1"], "error: --port: expected a whole number of at least 1, got '-1'\n"),
    (["search", "x", "--limit", "5000"], "error: --limit: at most 1000 passages, got '5000'\n"),
    (["candidates", "--threshold", "1.5"], "error: --threshold: at most 1, got '1.5'\n"),
])
def test_untrusted_numeric_flag_refusal_names_the_flag_what_was_expected_and_the_bound(capsys, argv, message):
    assert parse_error(capsys, argv) == message


def test_untrusted_count_flags_read_1e3_as_1000_like_every_other_number(capsys, mini_files):
    o, c = mini_files
    code = cli.main(["smaa", "--options", str(o), "--criteria", str(c), "--samples", "1e3", "--seed", "2.0",
                     "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["about"]["samples"] == 1000 and doc["about"]["seed"] == 2
    assert type(doc["about"]["samples"]) is int


def test_untrusted_a_seed_longer_than_a_float_holds_is_kept_digit_for_digit():
    seed = FlagNumber("--seed", low=0, high=2**64 - 1)
    assert seed("18446744073709551615") == 2**64 - 1  # float() would round it to 2**64
    with pytest.raises(argparse.ArgumentTypeError, match="write all its digits"):
        seed("1.8446744073709551615e19")


def test_untrusted_a_new_int_flag_is_routed_through_the_one_parser_without_being_declared(capsys, monkeypatch):
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rounds", type=int, default=3)
        p.add_argument("--share", type=float, default=0.5)

    cli._register_analysis_commands()
    monkeypatch.setitem(cli.COMMANDS, "probe", ("a command added later", add, lambda args: 0))
    assert parse_error(capsys, ["probe", "--rounds", "1_0"]) == (
        "error: --rounds: expected a whole number such as 1000, got '1_0'; "
        "digit separators are not part of numbers here: write 10\n")
    assert parse_error(capsys, ["probe", "--share", "inf"]) == (
        "error: --share: expected a number such as 0.5, got 'inf'\n")
    assert cli.build_parser().parse_args(["probe", "--rounds", "1e1", "--share", "2e-1"]).rounds == 10
