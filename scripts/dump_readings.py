"""Every reading the engine gives on the labelled sets, one JSON line each, to diff before and after a change
that must not change any (speed work): the matches (intent, score, reason, clause, cue), the intents answered,
the auto-send decision, the reply and the three suggestions, the catalogue's answer and the facts.

    python scripts/dump_readings.py > before.jsonl   # ... change ...
    python scripts/dump_readings.py > after.jsonl && diff before.jsonl after.jsonl

Single-message files (dev.jsonl, /work/heldout/messages_*.jsonl) are read one message a conversation;
context files (context_dev.jsonl) as conversations: each earlier message answered first, every turn dumped.
Scores are printed with `--digits` decimals (default 12), so that a floating-point difference in the last
digits does not show. Prints lines; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's engine, not the one the virtualenv was installed from

from bot.domain import ConversationState  # noqa: E402
from bot.engine import Engine, EnginePaths, Turn, build_engine  # noqa: E402

NOW = datetime(2026, 12, 2, 15, 30)  # a fixed shop clock: replies that speak of time stay the same between runs
DEFAULT_FILES = [ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT.parent / "shared" / "eval" / "context_dev.jsonl",
                 *sorted(p for p in Path("/work/heldout").glob("messages_*.jsonl") if "_test" not in p.name)]  # never the blind halves


def turn_record(where: str, text: str, turn: Turn, digits: int) -> dict[str, Any]:
    return {
        "at": where,
        "text": text,
        "matches": [[m.intent, round(m.score, digits), m.reason, m.clause, m.cue, m.from_context] for m in turn.matches],
        "intents": list(turn.intents),
        "auto": turn.auto,
        "handoff": turn.handoff,
        "suggestions": [[s.intent, s.text] for s in turn.suggestions],
        "product": [turn.product.kind, turn.product.sku, turn.product.factual] if turn.product else None,
        "facts": {k: str(v) for k, v in sorted(turn.facts.items())},
    }


def dump(engine: Engine, path: Path, digits: int, out: Any) -> None:
    for n, line in enumerate(path.open(encoding="utf-8")):
        if not line.strip():
            continue
        case = json.loads(line)
        key = f"{path.name}:{case.get('id', n)}"
        state = ConversationState(key)
        for k, earlier in enumerate(case.get("context", [])):
            turn = engine.reply(earlier, state=state, now=NOW)
            out.write(json.dumps(turn_record(f"{key}:context{k}", earlier, turn, digits), ensure_ascii=False) + "\n")
            state = turn.state
        turn = engine.reply(case["text"], state=state, now=NOW)
        out.write(json.dumps(turn_record(key, case["text"], turn, digits), ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="*", help="labelled JSONL files (default: dev, context_dev, the held-out tune messages)")
    parser.add_argument("--digits", type=int, default=12)
    args = parser.parse_args()
    engine = build_engine(EnginePaths.under(ROOT))
    for path in args.files or [p for p in DEFAULT_FILES if p.exists()]:
        dump(engine, path, args.digits, sys.stdout)


if __name__ == "__main__":
    main()
