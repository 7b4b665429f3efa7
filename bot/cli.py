"""`python run_bot.py COMMAND`: the engine's commands, plus the ones other packages register.

This is the only place that turns exceptions into exit codes: 0 fine, 1 the check failed, 2 bad input
or bad files (the message says what to fix).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot import jsontext
from bot.agent_ui import cli as agents_cli
from bot.domain import ConversationState, InputError, Order
from bot.engine import Engine, EnginePaths, Turn, build_engine
from bot.evaluate import (
    ContextReport, follow_up_outcome, format_context_report, format_report, is_context_file, outcome_of, read_cases,
    read_follow_ups, score,
)
from bot.intents import ConfigError
from bot.marks import NO_HOLDS, Holds
from bot.catalog import cli as catalog_cli
from bot.reviews import cli as reviews_cli
from bot.server import cli as server_cli
from bot.training import cli as training_cli
from bot.training import marks as training_marks

ROOT = Path(__file__).resolve().parent.parent


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--intents", type=Path, default=ROOT / "intents", help="folder of intent YAML files")
    parser.add_argument("--replies", type=Path, default=ROOT / "replies", help="folder of reply templates")
    parser.add_argument("--policy", type=Path, default=ROOT / "policy" / "shop.yaml", help="the shop's policy file")
    parser.add_argument("--aspects", type=Path, default=ROOT / "aspects", help="folder of review-aspect YAML files")
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog", help="folder of product YAML files (the shop's catalogue)")


def engine_from(args: argparse.Namespace) -> Engine:
    return build_engine(paths_from(args))


def paths_from(args: argparse.Namespace) -> EnginePaths:
    return EnginePaths(intents=args.intents, replies=args.replies, policy=args.policy, aspects=args.aspects,
                       catalog=args.catalog)


def turn_json(line_id: Any, text: str, turn: Turn) -> dict[str, Any]:
    return {
        "id": line_id,
        "text": text,
        "intent": turn.intents[0] if turn.intents else None,
        "score": round(turn.score, 3),
        "intents": [m.to_dict() for m in turn.matches],
        "reply": turn.reply,
        "handoff": turn.handoff,
        "auto": turn.auto,  # the webhook would send this reply with no agent
        "held": turn.held.to_dict() if turn.held else None,  # ...but for the agents' marks (bot/marks.py)
        **({"product": {"kind": turn.product.kind, "sku": turn.product.sku}} if turn.product else {}),
    }


def _parse_line(raw: str, n: int) -> tuple[Any, str, str | None, Order | None]:
    """(id, text, conversation_id, order) of one classify input line: plain text or a JSON object."""
    stripped = raw.strip()
    if not stripped.startswith("{"):
        return n, raw.rstrip("\r\n"), None, None
    try:
        data = jsontext.parse(stripped)
    except ValueError as exc:
        raise InputError(f"line {n}: malformed JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text", ""), str):
        raise InputError(f"line {n}: expected an object with a \"text\" string")
    try:
        order = Order.from_dict(data["order"]) if data.get("order") is not None else None
    except InputError as exc:
        raise InputError(f"line {n}: {exc}") from exc
    conversation = data.get("conversation_id")
    return data.get("id", n), data.get("text", ""), str(conversation) if conversation is not None else None, order


def classify(engine: Engine, lines: TextIO, out: TextIO, *, now: datetime | None = None, holds: Holds = NO_HOLDS) -> int:
    """One JSON line out per line in, flushed at once; bad lines get an error line, never a crash. `holds`: the kinds
    of reading the agents' marks hold back (`--config`: as the service's store has them now)."""
    states: dict[str, ConversationState] = {}
    for n, raw in enumerate(lines, 1):
        try:
            line_id, text, conversation, order = _parse_line(raw, n)
        except InputError as exc:
            out.write(json.dumps({"id": n, "error": str(exc)}, ensure_ascii=False) + "\n")
            out.flush()
            continue
        key = conversation or f"line-{n}"
        turn = engine.reply(text, state=states.get(key, ConversationState(key)), order=order, now=now, holds=holds)
        if conversation:
            states[conversation] = turn.state
        out.write(json.dumps(turn_json(line_id, text, turn), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def evaluate(engine: Engine, path: Path) -> tuple[int, str]:
    """A labelled file's figures: single messages, or follow-ups in their conversation."""
    if is_context_file(path):
        report = ContextReport([follow_up_outcome(engine, case) for case in read_follow_ups(path)])
        return 0, format_context_report(report)
    outcomes = [outcome_of(engine, case) for case in read_cases(path)]
    report = score(outcomes)
    return 0, format_report(report)


def chat(engine: Engine, order: Order | None, stdin: TextIO, out: TextIO) -> int:
    state = ConversationState("terminal")
    out.write(f"{engine.rules.shop_name} 客服 (Ctrl-D 结束)\n")
    for raw in _prompt_lines(stdin, out):
        turn = engine.reply(raw, state=state, order=order)
        state = turn.state
        why = ", ".join(f"{m.intent} {m.score:.2f} ({m.reason})" for m in turn.matches) or "没有匹配, 兜底回复"
        held = " [转人工]" if turn.handoff else "" if turn.auto else " [等客服确认后发送]"
        out.write(f"[{why}]{held}\n{turn.reply}\n")
    return 0


def _prompt_lines(stdin: TextIO, out: TextIO) -> Iterator[str]:
    while True:
        out.write("买家> ")
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return
        yield line.rstrip("\n")


def _run_classify(args: argparse.Namespace) -> int:
    holds = training_marks.holds_of(training_marks.tables_of(args)) if args.config else NO_HOLDS
    return classify(engine_from(args), sys.stdin, sys.stdout, now=args.now, holds=holds)


def _run_eval(args: argparse.Namespace) -> int:
    if args.report or args.compare:  # the trainers' HTML report and before/after comparison
        return training_cli.run_eval(args, engine_from(args))
    code, text = evaluate(engine_from(args), args.file)
    print(text)
    return code


def _run_chat(args: argparse.Namespace) -> int:
    order = None
    if args.order:
        from bot.storage.orders import open_order_store  # only chat --order needs the database

        with open_order_store(args.data_dir) as store:
            order = store.get(args.order)
        if order is None:
            raise InputError(f"no order {args.order!r} in {args.data_dir}; the demo shop has T1001-T1008")
    return chat(engine_from(args), order, sys.stdin, sys.stdout)


def _run_validate(args: argparse.Namespace) -> int:
    from bot.training.overlap import by_pair
    from bot.validate import validate

    problems = validate(paths_from(args))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    crossed = []  # examples another intent would take
    if not args.no_overlap and not errors:
        crossed = training_cli.overlap(paths_from(args))
    if errors:  # first and loud: a trainer's own mistake must not drown in the overlap list
        print(f"!!! {len(errors)} ERROR(S): the bot will not load these files until they are fixed !!!")
        print("\n".join(f"  {p}" for p in errors))
    if warnings:
        print(f"{len(warnings)} warning(s):")
        print("\n".join(f"  {p}" for p in warnings))
    if crossed:
        if args.overlaps:
            print("\n".join(str(c.problem()) for c in crossed))
        else:
            print(f"{len(crossed)} example(s) the bot would send to another intent (--overlaps lists each with"
                  " file and line)")
        print(by_pair(crossed))
    print(f"{len(errors)} error(s), {len(warnings)} warning(s), {len(crossed)} overlap(s)")
    return 1 if errors else 0


def _iso(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time") from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classify", help="classify buyer messages from stdin, one JSON line out each")
    add_engine_options(p)
    p.add_argument("--now", type=_iso, help="replay at this moment (ISO 8601)")
    p.add_argument("--config", type=Path, help="hold back what the agents' marks in this service config's store hold"
                                                " (`held` in the output; `marks` lists them)")
    p.set_defaults(run=_run_classify)
    p = sub.add_parser("eval", help="accuracy, per-intent P/R/F1, confusion and misses on a labelled JSONL file")
    add_engine_options(p)
    p.add_argument("file", type=Path)
    p.add_argument("--report", type=Path, metavar="DIR", help="also write DIR/report.html: P/R/F1 and the confusion matrix")
    p.add_argument("--compare", metavar="REV|DIR", help="which messages change intent against a git revision or a folder")
    p.set_defaults(run=_run_eval)
    p = sub.add_parser("chat", help="talk to the bot in the terminal")
    add_engine_options(p)
    p.add_argument("--order", help="talk as the buyer of this order (from the demo shop's database)")
    p.add_argument("--data-dir", type=Path, default=Path("data"))
    p.set_defaults(run=_run_chat)
    p = sub.add_parser("validate", help="check intents, templates and policy; each problem names file and line")
    add_engine_options(p)
    p.add_argument("--no-overlap", action="store_true", help="skip the leave-one-out check (examples another intent would take)")
    p.add_argument("--overlaps", action="store_true", help="list every overlapping example, not only the pairs that share most")
    p.set_defaults(run=_run_validate)


REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = [
    register, server_cli.register, reviews_cli.register, training_cli.register, catalog_cli.register,
    agents_cli.register,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_bot.py", description="Customer-service reply bot for Chinese online shops")
    sub = parser.add_subparsers(dest="command", required=True)
    for registrar in REGISTRARS:
        registrar(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ConfigError, InputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `... | head`: the reader left, nothing is wrong
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
