"""Command line for analysts: `scoring rank`, `scoring validate` and the analysis commands.

Every user error ends as a message naming file, line and column on stderr and exit code 2;
outputs are written atomically so a failed run leaves no half-written file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .errors import ScoringError
from .export import FORMATS, Report, check_output_path, ranking_report, render, write_files
from .loading import DEFAULT_CRITERIA, DEFAULT_OPTIONS, PACKAGE_ROOT, default_evidence_path, load_dataset, validate_files
from .methods import METHODS
from .model import Dataset
from .normalization import NORMALIZATIONS
from .numbers import FlagNumber
from .ranking import rank
from .weights import parse_weight_spec, resolve_weights

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 2, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in our one-line style (still exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        flagged = re.fullmatch(r"argument [^:]+: (--?[\w-]+: .*)", message, re.DOTALL)
        if flagged:  # a FlagNumber refusal already names the flag and what was expected: no usage dump
            sys.stderr.write(f"error: {flagged.group(1)}\n")
            raise SystemExit(EXIT_USAGE)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def numbers_through_one_parser(parser: argparse.ArgumentParser) -> None:
    """Give every `type=int` / `type=float` argument of `parser` and its subcommands (at any depth) a FlagNumber.

    Subcommands declare their numeric flags with a bounded FlagNumber; this catches any that still say
    int or float (a new flag), so `1_000`, `1e3` and `nan` are read the same way everywhere.
    """
    for action in parser._actions:
        if action.type in (int, float):
            flag = max(action.option_strings, key=len) if action.option_strings else action.dest
            action.type = FlagNumber(flag, whole=action.type is int, example="1000" if action.type is int else "0.5")
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                numbers_through_one_parser(sub)


def add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--options", metavar="P", help="options CSV (default: the shipped options.csv)")
    p.add_argument("--criteria", metavar="P", help="criteria YAML (default: the shipped criteria.yaml)")
    p.add_argument("--evidence", metavar="P", help="evidence CSV (default: evidence.csv next to the options file, if any)")


def add_weight_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--method", default="weighted-sum", metavar="NAME",
                   help=f"one of: {', '.join(METHODS)} (default: weighted-sum)")
    p.add_argument("--normalization", metavar="NAME",
                   help=f"one of: {', '.join(NORMALIZATIONS)} (default: scale; vector for topsis)")
    p.add_argument("--weights", metavar="ID=V,...", help="override weights, e.g. impact=3,cost=1")
    p.add_argument("--profile", metavar="NAME", help="start from a named weight profile in criteria.yaml")
    p.add_argument("--v", metavar="V", help="VIKOR only: weight of group utility S against regret R, 0..1 (default: 0.5)")


def method_options(args: argparse.Namespace) -> dict:
    """Method settings from the command line: VIKOR's v (validated 0..1; refused for other methods)."""
    from .methods import check_vikor_v

    if getattr(args, "v", None) is None:
        return {}
    if args.method != "vikor":
        raise ScoringError.at("--v", f"--v is VIKOR's setting; add --method vikor (got --method {args.method})")
    return {"v": check_vikor_v(args.v)}


def print_warnings(warnings: Sequence[str]) -> None:
    for text in warnings:
        print(f"warning: {text}", file=sys.stderr)


def add_output_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", default="csv", metavar="FMT", help=f"one of: {', '.join(FORMATS)} (default: csv)")
    p.add_argument("--out", metavar="P", help="write here (xlsx needs it; csv/json/md go to stdout without it)")


def load_from_args(args: argparse.Namespace) -> Dataset:
    return load_dataset(args.options, args.criteria, args.evidence)


def weights_from_args(args: argparse.Namespace, dataset: Dataset):
    overrides = parse_weight_spec(args.weights, dataset.criteria) if args.weights is not None else None
    return resolve_weights(dataset.criteria, args.profile, overrides, source="--weights")


def input_paths(args: argparse.Namespace) -> list[Path]:
    """Every file a command reads (given or default), which its output must never replace."""
    options = Path(args.options) if getattr(args, "options", None) else DEFAULT_OPTIONS
    paths = [options, Path(args.criteria) if getattr(args, "criteria", None) else DEFAULT_CRITERIA]
    evidence = Path(args.evidence) if getattr(args, "evidence", None) else default_evidence_path(options)
    if evidence is not None:
        paths.append(evidence)
    if hasattr(args, "scenarios"):
        paths.append(Path(args.scenarios) if args.scenarios else PACKAGE_ROOT / "scenarios.yaml")
    return paths


def output_paths(args: argparse.Namespace) -> list[Path]:
    out = Path(args.out)
    return [out, Path(str(out) + ".about.json")] if args.format == "csv" else [out]


def check_output_args(args: argparse.Namespace) -> None:
    """Refuse bad --format/--out before any work is done: unknown format, binary to stdout, an input as output."""
    if args.format not in FORMATS:
        raise ScoringError.at("--format", f"unknown format '{args.format}' (expected one of: {', '.join(FORMATS)})")
    if args.format == "xlsx" and not args.out:
        raise ScoringError.at("--format", "xlsx is binary: give --out FILE.xlsx")
    if args.out:
        for path in output_paths(args):
            check_output_path(path, input_paths(args))


def emit(report: Report, args: argparse.Namespace) -> None:
    data = render(report, args.format)
    if args.out:
        files: list[tuple[Path, str | bytes]] = [(Path(args.out), data)]
        if args.format == "csv":  # CSV holds only the table; its provenance goes beside it, written together
            files.append((output_paths(args)[1], json.dumps(dict(report.about), indent=2, default=str) + "\n"))
        write_files(files, input_paths(args))
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(data if isinstance(data, str) else data.decode())


def cmd_rank(args: argparse.Namespace) -> int:
    check_output_args(args)
    options = method_options(args)
    dataset = load_from_args(args)
    weights = weights_from_args(args, dataset)
    ranking = rank(dataset, weights, args.method, args.normalization, **options)
    extra = {"profile": args.profile} if args.profile else {}
    emit(ranking_report(ranking, dataset, **extra), args)
    print_warnings(ranking.warnings)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    dataset, problems = validate_files(args.options, args.criteria, args.evidence)
    checked: list[str] = []
    if dataset is not None:
        problems = _validate_scenarios_and_sources(dataset, args, checked)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEMS
    assert dataset is not None
    ev = f", {len(dataset.evidence)} reasons" if dataset.evidence_sha256 else ""
    print(f"ok: {len(dataset.options)} options, {len(dataset.criteria)} criteria, "
          f"{len(dataset.criteria.profiles)} profiles{ev}{''.join(', ' + c for c in checked)}")
    return EXIT_OK


def _validate_scenarios_and_sources(dataset: Dataset, args: argparse.Namespace, checked: list[str]) -> list:
    """Scenarios (given, or scenarios.yaml beside the options file) and, with --sources, every quote."""
    from .audit import check_scenarios, check_sources
    from .loading import DEFAULT_OPTIONS, read_bytes
    from .scenarios import parse_scenarios

    path = Path(args.scenarios) if args.scenarios else Path(args.options or DEFAULT_OPTIONS).parent / "scenarios.yaml"
    scenarios = None
    problems: list = []
    if args.scenarios or path.exists():
        scenarios, problems = parse_scenarios(read_bytes(path, "scenarios"), dataset, str(path))
        if scenarios is None:
            return problems
        problems = check_scenarios(dataset, scenarios)
        checked.append(f"{len(scenarios)} scenarios")
    if args.sources:
        folder = Path(args.sources)
        if not folder.is_dir():
            return [*problems, *ScoringError.at(str(folder), "--sources: expected a folder holding the source texts").problems]
        problems += check_sources(dataset, folder, scenarios)
        n = int((dataset.evidence["quote"] != "").sum()) if "quote" in dataset.evidence.columns else 0
        n += sum(1 for s in (scenarios.scenarios if scenarios else ()) for a in s.adjustments if a.quote)
        checked.append(f"{n} quotes checked against {folder}")
    return problems


# Analysis modules register further subcommands here: name -> (help, add_arguments, run).
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scoring", description="Score and rank policy options on weighted criteria.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("rank", help="rank the options under chosen weights and method")
    add_data_args(p)
    add_weight_args(p)
    add_output_args(p)
    p.set_defaults(run=cmd_rank)
    p = sub.add_parser("validate", help="check the data files and list every problem")
    add_data_args(p)
    p.add_argument("--scenarios", metavar="P", help="scenarios YAML to check (default: scenarios.yaml next to the options file, if any)")
    p.add_argument("--sources", metavar="DIR", help="folder of source texts: check every quote is found there near its locator")
    p.set_defaults(run=cmd_validate)
    for name, (help_text, add_args, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        add_args(p)
        p.set_defaults(run=run)
    numbers_through_one_parser(parser)
    return parser


def _register_analysis_commands() -> None:
    """Import modules that add subcommands (kept out of the core import path)."""
    import importlib

    for module in ("scoring.analysis_cli", "scoring.sources.cli", "scoring.serve", "scoring.workshop_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _register_analysis_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except ScoringError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. `scoring rank | head`
        return EXIT_OK
    except OSError as exc:
        print(f"error: {getattr(exc, 'filename', None) or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
