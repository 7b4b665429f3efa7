"""Scores the bot on situations of the shops' practice: for each line of a JSONL file (a buyer message, the
order, the time, the conversation so far, and the phrases the best reply must and must not carry), whether the
best suggestion does what the seeds say, and whether the three suggestions are distinct (three different texts
with three different first lines: not variants of one template).

    .venv/bin/python scripts/score_situations.py /work/heldout/situations_test.jsonl [--misses]

A line: {"id", "text", "order": {...} | null, "now": ISO 8601, "state": {"bargain_round", "recent"},
"must": ["a|b", ...], "must_not": [...]}; "a|b" is met by either phrase. Keep such files outside the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain import ConversationState, Heard, Match, Order, Slots  # noqa: E402
from bot.engine import Engine, EnginePaths, Turn, build_engine  # noqa: E402


@dataclass(frozen=True)
class Verdict:
    id: str
    follows: bool  # the best suggestion carries every must and no must-not
    distinct: bool  # three suggestions, three texts, three first lines
    why: str


def judge(case: dict, turn: Turn) -> Verdict:
    best = turn.suggestions[0].text
    missing = [m for m in case.get("must", []) if not any(alt in best for alt in m.split("|"))]
    present = [w for w in case.get("must_not", []) if w in best]
    texts = [s.text for s in turn.suggestions]
    distinct = len(texts) == 3 and len(set(texts)) == 3 and len({t.splitlines()[0] for t in texts}) == 3
    why = "; ".join([f"missing {missing}"] * bool(missing) + [f"says {present}"] * bool(present) + ["not distinct"] * (not distinct))
    return Verdict(case["id"], not missing and not present, distinct, why)


# how surely an earlier message was read: the file gives only its intent, and the writer meant it as plainly said
HEARD_SCORE = 0.9


def conversation(engine: Engine, case: dict) -> ConversationState:
    """The conversation the message arrives in, as the webhook and /api/suggest keep it: each earlier message
    (`recent`, known by its intent) read and heard in turn (`ConversationState.after_turn`, `Heard.of`), so that the
    context reader weighs the message against their readings as it does live; the haggle's round is the file's."""
    state = case.get("state") or {}
    built = ConversationState(f"score:{case['id']}")
    for intent in state.get("recent", ()):
        heard = Heard.of([Match(intent, HEARD_SCORE, "an earlier message")], floor=engine.context.floor)
        built = built.after_turn([intent], Slots(), heard=heard)
    return replace(built, bargain_round=int(state.get("bargain_round", 0)))


def answer(engine: Engine, case: dict) -> Turn:
    order = Order.from_dict(case["order"]) if case.get("order") else None
    return engine.reply(case["text"], state=conversation(engine, case), order=order, now=datetime.fromisoformat(case["now"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--misses", action="store_true", help="print what each missed line lacked")
    args = parser.parse_args()
    engine = build_engine(EnginePaths.under(ROOT))
    cases = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = []
    for case in cases:
        turn = answer(engine, case)
        verdicts.append(judge(case, turn))
        if args.misses and (not verdicts[-1].follows or not verdicts[-1].distinct):
            print(f"{case['id']}: {verdicts[-1].why}\n  {turn.suggestions[0].text!r}")
    n = len(verdicts)
    print(f"situations: {n}")
    print(f"best suggestion follows the practice: {sum(v.follows for v in verdicts) / n:.3f}")
    print(f"three distinct suggestions: {sum(v.distinct for v in verdicts) / n:.3f}")


if __name__ == "__main__":
    main()
