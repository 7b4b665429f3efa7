"""Scores the bot on product questions against the shipped catalogue: how many best suggestions carry
the right fact, and whether any reply that does not is sent by itself.

    .venv/bin/python scripts/eval_catalog.py /work/heldout/catalog_test.jsonl [--misses]
    .venv/bin/python scripts/eval_catalog.py FILE --catalog OTHER/catalog --orders OTHER/orders.json

Each line: {"text", "order"?: an order id (the demo orders, or those of --orders), "history"?: earlier
messages of the conversation, "facts": [what the answer must say; "a|b" means either], "alone"?: false
when even a reply that says the facts must wait (half of a two-part question)}; an empty "facts" is a
question the catalogue cannot answer, which must wait for an agent. --orders names a JSON list of orders
in the webhooks' shape, for a catalogue other than the demo shop's. Times are replayed at --now (default
before the demo catalogue's restock dates).

With --timing it also prints what a product answer costs: each question replayed --rounds times through
the engine with the catalogue and through one without it (the plain answer the bot gave before), the
median of each, interleaved so that a busy machine weighs on both alike."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import add_engine_options, engine_from  # noqa: E402
from bot.domain import ConversationState, Order  # noqa: E402
from bot.storage.orders import demo_orders  # noqa: E402


def carries(reply: str, facts: list[str]) -> bool:
    return bool(facts) and all(any(alt in reply for alt in fact.split("|")) for fact in facts)


def replay(engine, case: dict, n: int, order, now: datetime):
    state = ConversationState(f"eval-{n}")
    for earlier in case.get("history", []):
        state = engine.reply(earlier, state=state, order=order, now=now).state
    return state


def timing(args: argparse.Namespace, cases: list[dict], orders: dict) -> None:
    """Median seconds of the last turn of each case, with the catalogue and without it."""
    engines = {"with the catalogue": engine_from(args), "without it": engine_from(replace_catalog(args))}
    spent: dict[str, list[list[float]]] = {name: [[] for _ in cases] for name in engines}
    for _ in range(args.rounds):
        for n, case in enumerate(cases):
            order = orders.get(case.get("order") or "")
            for name, engine in engines.items():
                state = replay(engine, case, n, order, args.now)
                start = time.perf_counter()
                engine.reply(case["text"], state=state, order=order, now=args.now)
                spent[name][n].append(time.perf_counter() - start)
    means = {name: statistics.fmean(statistics.median(t) for t in times) * 1e6 for name, times in spent.items()}
    with_, without = means.values()
    print(f"one answer, mean of each question's median over {args.rounds} rounds: {with_:.0f} µs with the catalogue, "
          f"{without:.0f} µs without it ({with_ / without:.2f}x)")


def replace_catalog(args: argparse.Namespace) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "catalog": None})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_engine_options(parser)
    parser.add_argument("file", type=Path)
    parser.add_argument("--now", type=datetime.fromisoformat, default=datetime(2026, 12, 5, 10))
    parser.add_argument("--orders", type=Path, help="a JSON list of orders the lines name (default: the demo orders)")
    parser.add_argument("--misses", action="store_true", help="print the lines scored wrong")
    parser.add_argument("--timing", action="store_true", help="also time each answer with and without the catalogue")
    parser.add_argument("--rounds", type=int, default=7, help="replays of each question for --timing")
    args = parser.parse_args()
    engine = engine_from(args)
    orders = {o.order_id: o for o in (
        [Order.from_dict(o) for o in json.loads(args.orders.read_text(encoding="utf-8"))] if args.orders
        else demo_orders(args.now))}
    answerable = right = unanswerable = held = sent_wrong = sent = 0
    misses = []
    cases = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    for n, case in enumerate(cases, 1):
        order = orders.get(case.get("order") or "")
        state = replay(engine, case, n, order, args.now)
        turn = engine.reply(case["text"], state=state, order=order, now=args.now)
        ok = carries(turn.reply, case["facts"])
        wrong_alone = turn.auto and (not ok or case.get("alone", True) is False)
        if case["facts"]:
            answerable += 1
            right += ok
        else:
            unanswerable += 1
            held += not turn.auto
        sent += turn.auto
        sent_wrong += wrong_alone
        if (not ok and case["facts"]) or wrong_alone:
            misses.append(f"{case.get('id', n)}: {case['text']} -> auto={turn.auto} {turn.reply!r}")
    print(f"{args.file}: {answerable} answerable product questions, {right} best suggestions carry the right fact "
          f"({right / max(answerable, 1):.3f})")
    print(f"{unanswerable} the catalogue cannot answer: {held} left to an agent")
    print(f"replies sent by themselves: {sent} of {len(cases)} ({sent / max(len(cases), 1):.3f}); "
          f"without the right fact (or answering half the message): {sent_wrong}")
    if args.misses:
        print("\n".join(misses))
    if args.timing:
        timing(args, cases, orders)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
