"""The trainers' commands: `inbox`, `teach`, and what `eval` (--report, --compare) and `validate`
(the leave-one-out overlap) call into."""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bot.config import Limits
from bot.engine import Engine, EnginePaths, build_engine
from bot.evaluate import format_report, read_cases, score

from .compare import compare, format_comparison, other_version
from .compare import outcomes as outcomes_of
from . import marks
from .inbox import SIMILARITY, format_groups, group_inbox, read_inbox
from .overlap import Crossing, crossings
from .report import write_report
from .teach import describe, teach


def _paths(args: argparse.Namespace) -> EnginePaths:
    from bot.cli import paths_from  # bot.cli imports this module

    return paths_from(args)


def _run_inbox(args: argparse.Namespace) -> int:
    entries = read_inbox(args.data_dir, args.limit)
    if not entries:
        print(f"inbox: nothing yet in {args.data_dir} (the service fills it with messages it could not place)")
        return 0
    engine = None if args.no_check else build_engine(_paths(args))
    groups = group_inbox(entries, engine=engine, similarity=args.similarity, min_score=args.min_score)
    if args.json:
        for g in groups:
            if args.all or not g.resolved:
                print(json.dumps(g.to_dict(), ensure_ascii=False))
    else:
        print(format_groups(groups, show_all=args.all))
    return 0


def _run_teach(args: argparse.Namespace) -> int:
    taught = teach(_paths(args), args.text, args.intent)
    print(describe(taught))
    return 0


def run_eval(args: argparse.Namespace, engine: Engine) -> int:
    """`eval FILE` with --report DIR and/or --compare REV|DIR."""
    cases = list(read_cases(args.file))
    report = score(outcomes_of(engine, cases))
    if args.compare:
        with tempfile.TemporaryDirectory(prefix="shopbot-compare-") as tmp:
            other_paths, label, about = other_version(args.compare, _paths(args), Path(tmp))
            other = build_engine(other_paths)  # its own tokenizer: its dictionary may differ
            comparison = compare(engine, other, cases, label)
        print(f"{args.file}: the current files against {about}")
        print(format_comparison(comparison))
    else:
        print(format_report(report))
    if args.report:
        page = write_report(report, args.report, source=str(args.file))
        print(f"\nreport: {page}")
    return 0


def overlap(paths: EnginePaths) -> list[Crossing]:
    """`validate`'s leave-one-out crossings; none when the files do not build (errors come first)."""
    from bot.intents import ConfigError

    try:
        engine = build_engine(paths)
    except ConfigError:
        return []
    return crossings(engine)


def register(sub: argparse._SubParsersAction) -> None:
    from bot.cli import add_engine_options  # bot.cli imports this module

    p = sub.add_parser("inbox", help="messages the bot could not place, grouped by similarity, most frequent first")
    add_engine_options(p)
    p.add_argument("--data-dir", type=Path, default=Path("data"), help="the service's data folder (its SQLite log)")
    p.add_argument("--all", action="store_true", help="also the groups the current files already answer")
    p.add_argument("--similarity", type=int, default=SIMILARITY, help="0-100: how alike two wordings must be to group")
    p.add_argument("--min-score", type=float, default=Limits().low_confidence,
                   help="a group counts as answered when every wording now scores this much")
    p.add_argument("--limit", type=int, default=10_000, help="read at most this many of the newest messages")
    p.add_argument("--no-check", action="store_true", help="do not read the groups again with the current files")
    p.add_argument("--json", action="store_true", help="one JSON object per group")
    p.set_defaults(run=_run_inbox)
    p = sub.add_parser("teach", help="add a sentence to an intent's examples (comments kept), then re-validate")
    add_engine_options(p)
    p.add_argument("text", help="the buyer's sentence, as the inbox shows it")
    p.add_argument("intent", help="the intent it should get (its file is intents/INTENT.yaml)")
    p.set_defaults(run=_run_teach)
    marks.register(sub)
