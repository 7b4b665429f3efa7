"""What the auto-send bar buys: for each best-score bar and margin over the runner-up, the share of
messages the webhook would answer by itself and how many of those go to a right intent, on labelled files.

    python scripts/auto_precision.py [--courtesy-words N] FILE.jsonl [FILE.jsonl ...]

Each message is answered as the first of its conversation, and `Turn.auto` decides, as in the webhook;
only the bar and the margin change (and, with --courtesy-words, how many other words a hello or a thanks
may have beside it). Choose them on held-out samples, then set `Engine.auto_min_score`, `Engine.auto_margin`
and `Engine.auto_courtesy_words`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.engine import EnginePaths, build_engine
from bot.evaluate import outcome_of, read_cases, score

ROOT = Path(__file__).resolve().parent.parent
BARS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
MARGINS = (0.0, 0.1, 0.2, 0.25, 0.3)


def main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="labelled JSON-lines files")
    parser.add_argument("--courtesy-words", type=int, help="words allowed beside a hello or a thanks sent alone")
    options = parser.parse_args(args)
    files = options.files
    engine = build_engine(EnginePaths.under(ROOT))
    if options.courtesy_words is not None:
        engine = engine.with_auto_bar(engine.auto_min_score, engine.auto_margin, options.courtesy_words)
    cases = [case for name in files for case in read_cases(Path(name))]
    in_use = (engine.auto_min_score, engine.auto_margin)
    print(f"{len(cases)} labelled messages from {', '.join(files)}; in use: bar {in_use[0]}, margin {in_use[1]}"
          f" (words beside a hello or thanks: {engine.auto_courtesy_words})")
    print(f"{'bar':>6}{'margin':>8}{'answered alone':>16}{'right':>8}{'wrong':>7}")
    for bar, margin in sorted({*((b, m) for b in BARS for m in MARGINS), in_use}):
        report = score(outcome_of(engine.with_auto_bar(bar, margin), case) for case in cases)
        sent = sum(o.auto for o in report.outcomes)
        wrong = sum(o.auto and not o.correct for o in report.outcomes)
        mark = " <- in use" if (bar, margin) == in_use else ""
        print(f"{bar:>6.2f}{margin:>8.2f}{report.auto_share:>16.3f}{report.auto_precision:>8.3f}{wrong:>7}  ({sent} sent){mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
