"""Scores the bot on product questions against the shipped catalogue: how many best suggestions carry
the right fact, and whether any reply that does not is sent by itself.

    .venv/bin/python scripts/eval_catalog.py /work/heldout/catalog_test.jsonl [--misses]

Each line: {"text", "order"?: a demo order id, "history"?: earlier messages of the conversation,
"facts": [what the answer must say; "a|b" means either]}; an empty "facts" is a question the
catalogue cannot answer, which must wait for an agent. Times are replayed at --now (default before
the demo catalogue's restock dates)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import add_engine_options, engine_from  # noqa: E402
from bot.domain import ConversationState  # noqa: E402
from bot.storage.orders import demo_orders  # noqa: E402


def carries(reply: str, facts: list[str]) -> bool:
    return bool(facts) and all(any(alt in reply for alt in fact.split("|")) for fact in facts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_engine_options(parser)
    parser.add_argument("file", type=Path)
    parser.add_argument("--now", type=datetime.fromisoformat, default=datetime(2026, 12, 5, 10))
    parser.add_argument("--misses", action="store_true", help="print the lines scored wrong")
    args = parser.parse_args()
    engine = engine_from(args)
    orders = {o.order_id: o for o in demo_orders(args.now)}
    answerable = right = unanswerable = held = sent_wrong = 0
    misses = []
    for n, line in enumerate(args.file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        order = orders.get(case.get("order") or "")
        state = ConversationState(f"eval-{n}")
        for earlier in case.get("history", []):
            state = engine.reply(earlier, state=state, order=order, now=args.now).state
        turn = engine.reply(case["text"], state=state, order=order, now=args.now)
        ok = carries(turn.reply, case["facts"])
        if case["facts"]:
            answerable += 1
            right += ok
        else:
            unanswerable += 1
            held += not turn.auto
        if turn.auto and not ok:
            sent_wrong += 1
        if not ok and (case["facts"] or turn.auto):
            misses.append(f"{case.get('id', n)}: {case['text']} -> auto={turn.auto} {turn.reply!r}")
    print(f"{args.file}: {answerable} answerable product questions, {right} best suggestions carry the right fact "
          f"({right / max(answerable, 1):.3f})")
    print(f"{unanswerable} the catalogue cannot answer: {held} left to an agent")
    print(f"replies sent by themselves without the right fact: {sent_wrong}")
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
