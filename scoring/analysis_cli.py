"""`scoring sensitivity`, `scoring smaa` and `scoring scenarios`: registered into scoring.cli.COMMANDS.

Each takes the same data, weight and output options as `scoring rank` and writes a Report whose
`about` records everything needed to reproduce it (method, weights, seed, sample count, files).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .cli import (COMMANDS, EXIT_OK, add_data_args, add_output_args, add_weight_args, check_output_args, emit, load_from_args,
                  method_options, weights_from_args)
from .errors import ScoringError
from .export import Report, about
from .ranking import check_normalization
from .scenarios import DEFAULT_SCENARIOS, analyse_scenarios, load_scenarios
from .sensitivity import default_pair, flip_points, stability_intervals, weight_sweep
from .numbers import FlagNumber
from .smaa import (DEFAULT_CONCENTRATION, DEFAULT_SAMPLES, MAX_SAMPLES, MAX_SEED, SAMPLES_WHY, SCORE_MODES, WEIGHT_MODES,
                   check_settings, smaa)
from .uncertain import parse_uncertain, rank_bounds, uncertain_mask, widen
from .weights import weights_dict


def _extra(args: argparse.Namespace) -> dict:
    return {"profile": args.profile} if args.profile else {}


def add_uncertain_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--uncertain", metavar="BASES", default=None,
                   help="scores to treat as uncertain by their evidence basis: silent (default), silent,inference, or none; "
                        "they vary over their _low/_high range, or the whole scale when they have none")


# ---------------------------------------------------------------- sensitivity

def add_sensitivity_args(p: argparse.ArgumentParser) -> None:
    add_data_args(p)
    add_weight_args(p)
    p.add_argument("--pair", metavar="A,B", help="two option ids for flip points "
                   "(default: quad-institutionalization,quad-networking when present, else the top two)")
    p.add_argument("--sweep", action="store_true", help="also output every option's score along each weight sweep")
    p.add_argument("--points", type=FlagNumber("--points", low=2, high=10_001, example="101", unit=" grid points",
                                                why="a finer grid draws the same curve"), default=101, metavar="N", help="grid points per sweep (default: 101)")
    add_uncertain_arg(p)
    add_output_args(p)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    check_output_args(args)
    if not 2 <= args.points <= 10_001:
        raise ScoringError.at("--points", f"expected between 2 and 10001 grid points, got {args.points}")
    options = method_options(args)
    dataset = load_from_args(args)
    w = weights_from_args(args, dataset)
    pair: list[str] = []
    if args.pair:
        pair = [s.strip() for s in args.pair.split(",") if s.strip()]
        if len(pair) != 2:
            raise ScoringError.at("--pair", f"expected two option ids separated by a comma, got '{args.pair}'")
    elif len(dataset.ids) >= 2:
        pair = list(default_pair(dataset, w, args.method, args.normalization))
    stability = stability_intervals(dataset, w, args.method, args.normalization, **options)
    bases = parse_uncertain(args.uncertain)
    tables = {"stability": stability}
    if pair:
        tables["flips"] = flip_points(dataset, pair[0], pair[1], w, args.method, args.normalization, **options).table
    else:  # one option: nothing to flip against; say so instead of asking for a --pair nobody gave
        print(f"note: flip points need two options; {dataset.source} has one, so only stability intervals are shown",
              file=sys.stderr)
    tables["rank_bounds"] = rank_bounds(dataset, w, args.method, args.normalization, bases, **options)
    if args.sweep:
        tables["sweep"] = pd.concat([weight_sweep(dataset, w, cid, args.method, args.normalization, args.points,
                                                  crossings_among=[], **options).frame()
                                     for cid in dataset.criteria.ids], ignore_index=True)
    norm = check_normalization(args.method, args.normalization)
    meta = {"method": args.method, "normalization": norm, "weights": weights_dict(dataset.criteria, w), "pair": pair or None,
            "uncertain": list(bases), **options}
    emit(Report("sensitivity", tables, meta, about(dataset, args.method, norm, weights=meta["weights"], pair=pair or None,
                                                   uncertain=list(bases), **options, **_extra(args)), json_key="stability"), args)
    return EXIT_OK


# ---------------------------------------------------------------- smaa

def add_smaa_args(p: argparse.ArgumentParser) -> None:
    add_data_args(p)
    add_weight_args(p)
    p.add_argument("--samples", type=FlagNumber("--samples", low=1, high=MAX_SAMPLES, example="10000", unit=" samples",
                                                 why=SAMPLES_WHY), default=DEFAULT_SAMPLES, metavar="N", help=f"number of draws (default: {DEFAULT_SAMPLES:,})")
    p.add_argument("--seed", type=FlagNumber("--seed", low=0, high=MAX_SEED, example="7",
                                              why="a seed is a whole number from 0 to 2^64 - 1"), default=0, metavar="S", help="random seed; the same seed gives the same result (default: 0)")
    p.add_argument("--weights-mode", default="uniform", metavar="MODE",
                   help=f"one of: {', '.join(WEIGHT_MODES)} (uniform on the simplex, or Dirichlet around the current weights)")
    p.add_argument("--concentration", type=FlagNumber("--concentration", whole=False, low=0, low_open=True, example="20"),
                   default=DEFAULT_CONCENTRATION, metavar="C",
                   help=f"Dirichlet concentration (> 0; larger stays closer to the current weights; default: {DEFAULT_CONCENTRATION:g})")
    p.add_argument("--score-mode", default=None, metavar="MODE",
                   help=f"one of: {', '.join(SCORE_MODES)} (draw scores from their _low/_high ranges; default: uniform "
                        "when --uncertain selects a score of the data, else none)")
    p.add_argument("--ranks", type=FlagNumber("--ranks", low=1, example="10"), default=None, metavar="K",
                   help="only the acceptability of the first K ranks (the chance to be in the top K); "
                        "for many options, where the full options x ranks table would not fit (default: all ranks)")
    add_uncertain_arg(p)
    add_output_args(p)


def cmd_smaa(args: argparse.Namespace) -> int:
    check_output_args(args)
    check_settings(args.samples, args.weights_mode, args.concentration, args.score_mode or "none", args.seed)
    bases = parse_uncertain(args.uncertain)
    options = method_options(args)
    dataset = load_from_args(args)
    if args.score_mode is None:
        args.score_mode = "uniform" if uncertain_mask(dataset, bases).any() else "none"
    dataset = widen(dataset, bases)
    w = weights_from_args(args, dataset)
    result = smaa(dataset, w, args.method, args.normalization, samples=args.samples, seed=args.seed,
                  weights_mode=args.weights_mode, concentration=args.concentration, score_mode=args.score_mode,
                  ranks=args.ranks, **options)
    s = result.settings
    meta = {"method": s["method"], "normalization": s["normalization"], "weights": s["weights"], "samples": s["samples"],
            "seed": s["seed"], "weights_mode": s["weights_mode"], "concentration": s["concentration"],
            "score_mode": s["score_mode"], "tie_rule": s["tie_rule"], "ranks": s["ranks"], "uncertain": list(bases)}
    info = about(dataset, s["method"], s["normalization"], **{k: v for k, v in meta.items() if k not in ("method", "normalization")},
                 **_extra(args))
    emit(Report("smaa", {"acceptability": result.table(), "central_weights": result.central_table()}, meta, info,
                json_key="options"), args)
    return EXIT_OK


# ---------------------------------------------------------------- scenarios

def add_scenario_args(p: argparse.ArgumentParser) -> None:
    add_data_args(p)
    add_weight_args(p)
    p.add_argument("--scenarios", metavar="P", help="scenarios YAML (default: the shipped scenarios.yaml, "
                   "which fits the shipped options only; with your own --options give your own file)")
    p.add_argument("--scenario", action="append", metavar="ID", help="only this scenario (repeat for several)")
    add_output_args(p)


def cmd_scenarios(args: argparse.Namespace) -> int:
    check_output_args(args)
    options = method_options(args)
    dataset = load_from_args(args)
    if args.scenarios is None and args.options is not None and not _is_shipped(args.options):
        raise ScoringError.at("--scenarios", "the shipped scenarios.yaml describes the shipped options only; for "
                              f"{args.options} write your own scenarios file and pass it with --scenarios FILE "
                              "(format: docs/analysis.md, section 'Scenarios')")
    w = weights_from_args(args, dataset)
    sset = load_scenarios(dataset, args.scenarios).select(args.scenario)
    result = analyse_scenarios(dataset, sset, w, args.method, args.normalization, **options)
    weights = weights_dict(dataset.criteria, np.asarray(w))
    meta = {"method": args.method, "normalization": result.normalization, "weights": weights,
            "scenario_ids": sset.ids, "minimax_regret": list(result.minimax)}
    src = Path(args.scenarios) if args.scenarios else DEFAULT_SCENARIOS
    info = about(dataset, args.method, result.normalization, weights=weights, scenarios_file={"file": src.name, "sha256": sset.sha256},
                 minimax_regret=list(result.minimax), **_extra(args))
    tables = {"ranks": result.ranks, "scores": result.scores, "regret": result.regret,
              "scenario_weights": result.weights, "scenarios": result.scenarios_table(),
              "adjustments": result.adjustments_table()}
    emit(Report("scenarios", tables, meta, info, json_key="ranks"), args)
    return EXIT_OK


# ---------------------------------------------------------------- weights

def add_weights_args(p: argparse.ArgumentParser) -> None:
    add_data_args(p)
    p.add_argument("--weights", metavar="ID=V,...", help="override weights, e.g. impact=3,cost=1")
    p.add_argument("--profile", metavar="NAME", help="start from a named weight profile in criteria.yaml")
    p.add_argument("--reference", action="store_true",
                   help="add what the scores alone would say: entropy (Hwang & Yoon 1981) and CRITIC "
                        "(Diakoulaki et al. 1995) weights; for comparison, never used as defaults")
    add_output_args(p)


def cmd_weights(args: argparse.Namespace) -> int:
    from .weights import REFERENCE_WEIGHTS, reference_weights

    check_output_args(args)
    dataset = load_from_args(args)
    w = weights_from_args(args, dataset)
    crit = dataset.criteria
    table = pd.DataFrame({"criterion": crit.ids, "label": [c.label for c in crit.criteria], "yours": w})
    meta: dict = {"weights": weights_dict(crit, w)}
    if args.reference:
        for name, values in reference_weights(dataset.matrix, crit.is_cost).items():
            table[name] = values
        meta["reference"] = REFERENCE_WEIGHTS
    emit(Report("weights", {"weights": table}, meta, about(dataset, None, None, **meta, **_extra(args)),
                json_key="weights"), args)
    return EXIT_OK


# ---------------------------------------------------------------- compare methods

def add_compare_args(p: argparse.ArgumentParser) -> None:
    add_data_args(p)
    p.add_argument("--normalization", metavar="NAME", help="for the methods that take one (default: each method's own)")
    p.add_argument("--weights", metavar="ID=V,...", help="override weights, e.g. impact=3,cost=1")
    p.add_argument("--profile", metavar="NAME", help="start from a named weight profile in criteria.yaml")
    add_output_args(p)


def cmd_compare(args: argparse.Namespace) -> int:
    """Kendall's tau-b between every pair of methods (main table) and each method's ranks; an undefined tau
    (a method that ties every option) is written as such, with the reason, never as 0."""
    from .compare import TAU_UNDEFINED, compare_methods

    check_output_args(args)
    dataset = load_from_args(args)
    w = weights_from_args(args, dataset)
    mc = compare_methods(dataset, w, args.normalization)
    names = list(mc.taus.index)
    a, b = np.meshgrid(names, names, indexing="ij")
    tau = mc.taus.to_numpy(dtype=float)
    agreement = pd.DataFrame({"method_a": a.ravel(), "method_b": b.ravel(), "kendall_tau": tau.ravel(),
                              "note": np.where(np.isnan(tau.ravel()), TAU_UNDEFINED, "")})
    text = mc.lowest_agreement_text()
    meta = {"weights": weights_dict(dataset.criteria, w), "normalization": args.normalization, "agreement": text}
    emit(Report("compare", {"agreement": agreement, "ranks": mc.ranks}, meta,
                about(dataset, None, args.normalization, weights=meta["weights"], **_extra(args)), json_key="agreement"), args)
    print(text, file=sys.stderr)
    return EXIT_OK


def _is_shipped(options: str) -> bool:
    """True when --options names the shipped options.csv (the file the shipped scenarios were written for)."""
    from .loading import DEFAULT_OPTIONS

    try:
        return Path(options).resolve() == DEFAULT_OPTIONS.resolve()
    except OSError:
        return False


COMMANDS["compare"] = ("rank under every method and give Kendall's tau between each pair (undefined when one ties all)",
                       add_compare_args, cmd_compare)
COMMANDS["weights"] = ("the weights in use, and with --reference what the scores alone would say (entropy, CRITIC)",
                       add_weights_args, cmd_weights)
COMMANDS["sensitivity"] = ("stability intervals, weight sweeps and flip points for one weight at a time",
                           add_sensitivity_args, cmd_sensitivity)
COMMANDS["smaa"] = ("rank acceptabilities under uncertain weights and scores (SMAA-2)", add_smaa_args, cmd_smaa)
COMMANDS["scenarios"] = ("rank under each future in scenarios.yaml; regret and the minimax-regret choice",
                         add_scenario_args, cmd_scenarios)
