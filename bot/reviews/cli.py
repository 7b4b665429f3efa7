"""`python run_bot.py review`: review events as JSON lines on stdin, one outcome line out per review, flushed.

A line may carry the order inline (`"order": {...}` as the IM integrations send it); otherwise, with
--data-dir, the order is looked up in the shop's order store. A line that cannot be handled gives a
line with an "error" naming the line and what to fix, never a crash.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from jinja2 import Environment

from bot import jsontext
from bot.compliance import ComplianceError
from bot.domain import InputError, Order
from bot.render import RenderError, make_environment
from bot.reviews.event import parse_event
from bot.reviews.flow import handle_review
from bot.reviews.rules import ReviewRules, load_review_rules

ROOT = Path(__file__).resolve().parent.parent.parent
OrderLookup = Callable[[str], "Order | None"]


def _no_store(order_id: str) -> Order | None:
    return None


def review_line(raw: str, n: int, *, rules: ReviewRules, env: Environment, lookup: OrderLookup) -> dict[str, Any]:
    """The output object for one input line; problems become {"line", "error"} objects."""
    try:
        data = jsontext.parse(raw)
    except ValueError as exc:
        return {"line": n, "error": f"line {n}: malformed JSON ({exc})"}
    try:
        event = parse_event(data)
        inline = data.get("order")
        order = Order.from_dict(inline) if inline is not None else (lookup(event.order_id) if event.order_id else None)
        return handle_review(event, order=order, rules=rules, env=env).to_dict()
    except (InputError, ComplianceError, RenderError) as exc:
        review_id = data.get("review_id") if isinstance(data, dict) else None
        return {"line": n, "review_id": review_id, "error": f"line {n}: {exc}"}


def review_stream(lines: TextIO, out: TextIO, *, rules: ReviewRules, env: Environment, lookup: OrderLookup = _no_store) -> int:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        out.write(json.dumps(review_line(raw, n, rules=rules, env=env, lookup=lookup), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _run(args: argparse.Namespace) -> int:
    rules = load_review_rules(args.aspects, args.policy_dir)
    env = make_environment(args.replies)
    if args.data_dir is None:
        return review_stream(sys.stdin, sys.stdout, rules=rules, env=env)
    from bot.storage.orders import open_order_store  # only a lookup needs the database

    with open_order_store(args.data_dir) as store:
        return review_stream(sys.stdin, sys.stdout, rules=rules, env=env, lookup=store.get)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="bad reviews from stdin (JSON lines): aspects, flags, remedies, drafted message")
    p.add_argument("--aspects", type=Path, default=ROOT / "aspects", help="folder of aspect YAML files")
    p.add_argument("--policy-dir", type=Path, default=ROOT / "policy", help="folder with reviews.yaml and shop.yaml")
    p.add_argument("--replies", type=Path, default=ROOT / "replies", help="folder of reply templates")
    p.add_argument("--data-dir", type=Path, help="look orders up in this shop's order store")
    p.set_defaults(run=_run)
