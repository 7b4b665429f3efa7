"""What the auto-send bar buys: for each best-score bar, the share of messages the webhook would answer
by itself and how many of those go to a right intent, on labelled files.

    python scripts/auto_precision.py FILE.jsonl [FILE.jsonl ...]

Each message is answered as the first of its conversation, and `Turn.auto` decides, as in the webhook;
only the bar changes. Choose the bar on held-out samples, then set `Engine.auto_min_score`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot.engine import EnginePaths, build_engine
from bot.evaluate import outcome_of, read_cases, score

ROOT = Path(__file__).resolve().parent.parent
BARS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def main(files: list[str]) -> int:
    if not files:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    engine = build_engine(EnginePaths.under(ROOT))
    cases = [case for name in files for case in read_cases(Path(name))]
    print(f"{len(cases)} labelled messages from {', '.join(files)}; the bar in use is {engine.auto_min_score}")
    print(f"{'bar':>6}{'answered alone':>16}{'right':>8}{'wrong':>7}")
    for bar in sorted({*BARS, engine.auto_min_score}):
        report = score(outcome_of(engine.with_auto_bar(bar), case) for case in cases)
        sent = sum(o.auto for o in report.outcomes)
        wrong = sum(o.auto and not o.correct for o in report.outcomes)
        mark = " <- in use" if bar == engine.auto_min_score else ""
        print(f"{bar:>6.2f}{report.auto_share:>16.3f}{report.auto_precision:>8.3f}{wrong:>7}  ({sent} sent){mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
