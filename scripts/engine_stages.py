"""Where one answer's time goes: CPU time per message of each stage of `Engine.reply` over a labelled JSONL file,
each stage timed by a wrapper inside the real pipeline (so a stage pays its own cold caches, as it does when
serving), the fastest of `--rounds` rounds per stage. Stages nest: `match` holds `score clauses`, which holds
`examples`, which holds `candidates`; the wrappers add about a microsecond a call to each figure.

    python scripts/engine_stages.py [--messages FILE.jsonl] [--rounds 7]

Prints figures; asserts nothing. scripts/bench_engine.py gives the whole answer beside the SVM's prediction.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's engine, not the one the virtualenv was installed from

import bot.engine as engine_module  # noqa: E402
from bot.domain import ConversationState  # noqa: E402
from bot.engine import EnginePaths, build_engine  # noqa: E402


def timed(owner: Any, name: str, label: str, spent: dict[str, int]) -> None:
    """Replace `owner.name` by a wrapper that adds its CPU time to `spent[label]`."""
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time_ns()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] += time.process_time_ns() - start

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    engine = build_engine(EnginePaths.under(ROOT))
    texts = [json.loads(line)["text"] for line in args.messages.open(encoding="utf-8") if line.strip()]
    spent: dict[str, int] = defaultdict(int)
    matcher = engine.matcher
    for owner, name, label in [
        (engine, "normalise", "normalise"), (engine_module, "extract", "slots"), (engine, "read", "read (all of matching)"),
        (matcher, "match", "  match"), (matcher, "_score_clause", "    score clauses"),
        (matcher, "_keyword_scores", "      cues"), (matcher, "_example_scores", "      examples"),
        (matcher, "_candidates", "        choosing candidates"), (matcher, "_vetoed", "    negative examples"),
        (engine, "_product", "catalogue"), (engine_module, "offer_for", "policy"), (engine, "_answer", "rendering the answer"),
        (engine, "sends_alone", "deciding to send alone"),
    ]:
        timed(owner, name, label, spent)
    if matcher._vectors is not None:
        timed(matcher._vectors, "scores", "      learned vectors", spent)
    if matcher._slips is not None:
        timed(matcher._slips, "read", "    typing slips", spent)
    for n, text in enumerate(texts):  # warm: templates compile, caches fill
        engine.reply(text, state=ConversationState(f"warm{n}"))
    fastest: dict[str, int] = {}
    for r in range(args.rounds):
        spent.clear()
        start = time.process_time_ns()
        for n, text in enumerate(texts):
            engine.reply(text, state=ConversationState(f"r{r}-{n}"))
        spent["the whole answer"] = time.process_time_ns() - start
        fastest = {k: min(v, fastest.get(k, v)) for k, v in spent.items()}
    print(f"CPU µs a message over {len(texts)} messages of {args.messages.name}, fastest of {args.rounds} rounds per stage:")
    order = ["the whole answer", "read (all of matching)", "normalise", "slots", "  match", "    typing slips",
             "    score clauses", "      cues", "      learned vectors", "      examples", "        choosing candidates",
             "    negative examples", "catalogue", "policy", "rendering the answer", "deciding to send alone"]
    for label in order:
        if label in fastest:
            print(f"{label:<30} {fastest[label] / len(texts) / 1000:7.1f}")


if __name__ == "__main__":
    main()
