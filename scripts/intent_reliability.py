"""How far each intent's sure readings can be trusted, file by file: to choose sending.yaml's `trusted` and `statements`
intents on labelled samples rather than on one file's misses.

    python scripts/intent_reliability.py FILE.jsonl [FILE.jsonl ...]

For every message (each read alone, as the first of its conversation) whose reading clears the engine's bars
(`Engine.reads_surely`: the keyword and examples bars and margins of `AutoBar`, before the remarks, the second reader
and the courtesy rules), the intent it is read as and whether a label says so. Each row is an intent: right of read in
each file, then all files together and the worst file, and right of sent alone (`Turn.auto`) over all files. An intent
right on every file (invoice) may be `trusted`; one whose worst file is far under the others needs more than its
keywords (shipping's `statements`). Follow-up files (`with_context`) are not read: a reading there is the
conversation's too.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import ConversationState, InputError
from bot.engine import Engine, EnginePaths, build_engine
from bot.evaluate import is_context_file, read_cases

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    """One intent's sure readings: right and read per file, and right and sent alone over every file."""

    read: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    sent: int = 0
    sent_right: int = 0

    def worst(self, files: list[str]) -> float:
        return min((self.right[f] / self.read[f] for f in files if self.read[f]), default=1.0)


def tally(engine: Engine, files: list[Path]) -> dict[str, Tally]:
    """Each intent's tally over the files' messages."""
    tallies: dict[str, Tally] = {}
    for path in files:
        for case in read_cases(path):
            state = ConversationState(f"reliability:{case.id}")
            reading = engine.read(case.text, state=state)
            if not reading.chosen or not engine.reads_surely(reading.chosen, reading.matches):
                continue
            intent = reading.chosen[0].intent
            right = intent in case.labels
            counts = tallies.setdefault(intent, Tally())
            counts.read[path.name] += 1
            counts.right[path.name] += right
            if engine.reply(case.text, state=state, reading=reading).auto:
                counts.sent += 1
                counts.sent_right += right
    return tallies


def table(tallies: dict[str, Tally], files: list[str]) -> str:
    short = [Path(f).stem.removeprefix("messages_")[:8] for f in files]
    lines = [f"{'intent':<15}" + "".join(f"{s:>10}" for s in short) + f"{'all':>12}{'worst':>7}{'sent alone':>14}"]
    for intent, t in sorted(tallies.items(), key=lambda kv: -sum(kv[1].read.values())):
        read, right = sum(t.read.values()), sum(t.right.values())
        cells = "".join(f"{f'{t.right[f]}/{t.read[f]}' if t.read[f] else '-':>10}" for f in files)
        lines.append(f"{intent:<15}{cells}{f'{right}/{read}':>8} {right / read:.2f}{t.worst(files):>7.2f}"
                     f"{f'{t.sent_right}/{t.sent}':>14}")
    return "\n".join(lines)


def main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSON-lines files of single messages")
    options = parser.parse_args(args)
    try:
        if follow_ups := [str(f) for f in options.files if is_context_file(f)]:
            raise InputError(f"{', '.join(follow_ups)}: follow-ups in their conversation; give files of single messages")
        engine = build_engine(EnginePaths.under(ROOT))
        tallies = tally(engine, options.files)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"sure readings (Engine.reads_surely) of {', '.join(map(str, options.files))}: right/read")
    print(table(tallies, [f.name for f in options.files]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
