"""`python run_bot.py marks`: the kinds of reading the agents' marks hold back from going out alone (bot/marks.py),
read where `serve` keeps its tables, with the counts that hold each; `classify --config` reads the same holds."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.config import DEFAULT_CONFIG, Tables, load_tables
from bot.intents import ConfigError, Problem
from bot.marks import Holds, MarkCount
from bot.storage import MessageLog, open_tables


def tables_of(args: argparse.Namespace) -> Tables:
    return Tables(args.data_dir) if getattr(args, "data_dir", None) else load_tables(args.config)


def mark_counts(tables: Tables) -> list[MarkCount]:
    """The marks within the policy's window, per kind of reading; a store that cannot be reached is a config to fix."""
    try:
        with open_tables(tables.data_dir, tables.backend, tables.database_url) as db:
            return MessageLog(db).mark_counts(time.time() - tables.marks.window_s)
    except ConnectionError as exc:
        raise ConfigError([Problem(Path("config"), 0, str(exc))]) from None


def holds_of(tables: Tables) -> Holds:
    return tables.marks.holds(mark_counts(tables))


def format_marks(counts: list[MarkCount], tables: Tables, *, show_all: bool) -> str:
    policy = tables.marks
    held = policy.holds(counts).held
    lines = [f"held back while more than {policy.rate:.0%} of at least {policy.min_marks} marks in the last"
             f" {policy.window_s / 86400:g} days say wrong (rejected or wrong_intent): {len(held)}"]
    shown = sorted((c for c in counts if show_all or c.kind in held), key=lambda c: (c.kind not in held, -c.rate, -c.marks))
    for c in shown:
        lines.append(f"  {'held' if c.kind in held else '    '}  {c.kind.label:<32} {c.wrong:>4} wrong of {c.marks:>4}"
                     f" marks ({c.rate:.2f})")
    if not show_all and len(counts) > len(held):
        lines.append(f"({len(counts) - len(held)} other kind(s) marked, under the rate or the count: --all lists them)")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    tables = tables_of(args)
    print(format_marks(mark_counts(tables), tables, show_all=args.all))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("marks", help="kinds of reading the agents' marks hold back from going out alone, with counts")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="the YAML config file (its store and marks policy)")
    p.add_argument("--data-dir", type=Path, help="folder of the SQLite file, with the default marks policy")
    p.add_argument("--all", action="store_true", help="also the kinds marked but not held")
    p.set_defaults(run=_run)
