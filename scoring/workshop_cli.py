"""`scoring workshop backup PATH` and `scoring workshop where`: registered into scoring.cli.COMMANDS."""
from __future__ import annotations

import argparse

from .cli import COMMANDS, EXIT_OK
from .errors import ScoringError


DATABASE_HELP = "the workshop store (default: SCORING_DATABASE_URL, else workshop.db in your user data folder)"


def add_workshop_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database", metavar="URL", default=None, help=DATABASE_HELP)
    sub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    b = sub.add_parser("backup", help="copy the whole store to a new SQLite file, safely while the server runs")
    b.add_argument("path", help="the new file (must not exist)")
    w = sub.add_parser("where", help="print where the store keeps its data")
    # --database also after the action, in any order with its arguments (`backup results.db --database URL`,
    # as the docs write it); SUPPRESS keeps a value given before the action when none is given after it
    for action in (b, w):
        action.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=DATABASE_HELP)


def cmd_workshop(args: argparse.Namespace) -> int:
    from .store import Store

    if args.action not in ("backup", "where"):
        raise ScoringError.at("workshop", "expected an action: backup PATH or where")
    store = Store(args.database)
    try:
        if args.action == "where":
            print(store.location())
        else:
            print(f"backed up {store.location()} to {store.backup(args.path)}")
    finally:
        store.close()
    return EXIT_OK


COMMANDS["workshop"] = ("workshop store: back it up (SQLite online backup) or show where it is",
                        add_workshop_args, cmd_workshop)
