"""What the auto-send bar buys: for other bars and margins (`AutoBar`), the share of messages the webhook would
answer by itself and how many of those go to a right intent, on labelled files.

    python scripts/auto_precision.py [--courtesy-words N] FILE.jsonl [FILE.jsonl ...]

Each message is answered as the first of its conversation, and `Turn.auto` decides, as in the webhook;
only the bar changes. A file of follow-ups (`context`, `with_context`, as context_dev.jsonl) is answered in its
conversation, its earlier messages first, and counted against its `with_context` labels. The first table moves the two best-score bars (a reading with a trainer's keyword,
one from the examples alone) at the margins in use; the second the two margins (over a request that waits
for an agent, over one the bot answers alone too) at the bars in use; the third the second reader's (bot/second.py) least
chance for a statement of sending.yaml's `statements` intents, and the chance at which it lets a question just under the
examples' bar or a thanks beside other words go; the fourth its chance that a request is none of the intents (sending.yaml's
`unanswered` examples) at which it waits, at two strong agreements. With --courtesy-words, a hello or a
thanks may have that many other words beside it. Choose on held-out samples, then set `AutoBar`'s defaults.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from bot.engine import AutoBar, Engine, EnginePaths, build_engine
from bot.evaluate import (Case, FollowUp, Outcome, follow_up_outcome, is_context_file, outcome_of, read_cases,
                           read_follow_ups, score)

ROOT = Path(__file__).resolve().parent.parent
CUE_SCORES = (0.55, 0.6, 0.65, 0.7, 0.75)
EXAMPLE_SCORES = (0.7, 0.75, 0.8, 0.85, 0.9)
MARGINS = (0.1, 0.2, 0.25, 0.3)
MARGINS_ALONE = (0.0, 0.1, 0.2)
AGREEMENTS = (0.0, 0.2, 0.3, 0.4, 0.5)  # 0: the second reader never holds a statement back
STRONG_AGREEMENTS = (0.65, 0.75, 0.85, 1.0)  # 1.0: it never lets an answer go that the bars alone would hold
UNANSWERED = (0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 1.0)  # 1.0: no request waits for being none of the intents


def labelled(path: Path) -> list[Case | FollowUp]:
    return read_follow_ups(path) if is_context_file(path) else list(read_cases(path))


def answered(engine: Engine, case: Case | FollowUp) -> Outcome:
    """A single message answered as a conversation's first, a follow-up in its conversation."""
    return follow_up_outcome(engine, case).in_conversation() if isinstance(case, FollowUp) else outcome_of(engine, case)


def line(engine: Engine, bar: AutoBar, cases: list[Case | FollowUp], first: float, second: float, in_use: AutoBar) -> str:
    report = score(answered(engine.with_auto(bar), case) for case in cases)
    sent = sum(o.auto for o in report.outcomes)
    wrong = sum(o.auto and not o.correct for o in report.outcomes)
    mark = " <- in use" if bar == in_use else ""
    return f"{first:>8.2f}{second:>10.2f}{report.auto_share:>16.3f}{report.auto_precision:>8.3f}{wrong:>7}  ({sent} sent){mark}"


def main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="labelled JSON-lines files")
    parser.add_argument("--courtesy-words", type=int, help="words allowed beside a hello or a thanks sent alone")
    options = parser.parse_args(args)
    engine = build_engine(EnginePaths.under(ROOT))
    in_use = engine.auto if options.courtesy_words is None else replace(engine.auto, courtesy_words=options.courtesy_words)
    cases = [case for name in options.files for case in labelled(Path(name))]
    print(f"{len(cases)} labelled messages from {', '.join(options.files)}; in use: {in_use}")
    print(f"{'keyword':>8}{'examples':>10}{'answered alone':>16}{'right':>8}{'wrong':>7}   (best-score bars, margins in use)")
    for cue, examples in sorted({*((c, e) for c in CUE_SCORES for e in EXAMPLE_SCORES), (in_use.cue_score, in_use.example_score)}):
        print(line(engine, replace(in_use, cue_score=cue, example_score=examples), cases, cue, examples, in_use))
    print(f"\n{'margin':>8}{'alone':>10}{'answered alone':>16}{'right':>8}{'wrong':>7}   (margins, bars in use)")
    for margin, alone in sorted({*((m, a) for m in MARGINS for a in MARGINS_ALONE), (in_use.margin, in_use.margin_alone)}):
        print(line(engine, replace(in_use, margin=margin, margin_alone=alone), cases, margin, alone, in_use))
    print(f"\n{'agree':>8}{'strongly':>10}{'answered alone':>16}{'right':>8}{'wrong':>7}   (the second reader's bars)")
    for agree, strong in sorted({*((a, s) for a in AGREEMENTS for s in STRONG_AGREEMENTS),
                                 (in_use.agreement, in_use.strong_agreement)}):
        print(line(engine, replace(in_use, agreement=agree, strong_agreement=strong), cases, agree, strong, in_use))
    print(f"\n{'none of':>8}{'strongly':>10}{'answered alone':>16}{'right':>8}{'wrong':>7}   (a request the second reader takes "
          "for none of the intents)")
    for unanswered, strong in sorted({*((u, s) for u in UNANSWERED for s in (in_use.strong_agreement, 0.7)),
                                      (in_use.unanswered, in_use.strong_agreement)}):
        print(line(engine, replace(in_use, unanswered=unanswered, strong_agreement=strong), cases, unanswered, strong, in_use))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
