"""The leave-one-out check: for each example, where would the bot send it if that example were not
in the files? An example that then goes to another intent sits in the other intent's territory:
the two intents overlap, and buyers who word it slightly differently will get the wrong answer.

One index serves every example: the example under test is masked (scored as nothing) in a shallow
copy of the matcher, instead of rebuilding the index per example, so ~1,000 examples take well
under a second. The masked example still counts in the word weights, which a rebuild would drop;
for one example among hundreds the difference does not change a decision in practice.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bot.engine import Engine
from bot.intents import Problem


@dataclass(frozen=True)
class Crossing:
    """An example of `intent` that the bot, without it, sends to `went_to` (None: falls back)."""

    intent: str
    example: str
    path: Path
    line: int
    went_to: str | None
    score: float
    evidence: str  # the matcher's reason: "keyword X" or "example Y"

    def problem(self) -> Problem:
        if self.went_to is None:
            text = (f"example '{self.example}' of '{self.intent}' is not matched without itself "
                    f"(best {self.score:.2f}): no other example or keyword covers it")
        else:
            text = (f"example '{self.example}' of '{self.intent}' would go to '{self.went_to}' without itself "
                    f"({self.score:.2f}, {self.evidence}): the two intents overlap; reword it or move it")
        return Problem(self.path, self.line, text, "warning")


def _masked(engine: Engine, positions: list[int]) -> Engine:
    """A shallow copy of `engine` whose matcher scores the examples at `positions` as nothing."""
    matcher = copy.copy(engine.matcher)
    examples = list(matcher._examples)
    for n in positions:
        # no characters in common, infinite weight: every view of similarity is 0
        examples[n] = replace(examples[n], words=(), chars="\x00", weight=math.inf)
    matcher._examples = examples
    masked = copy.copy(engine)
    masked.matcher = matcher
    return masked


def leave_one_out(engine: Engine) -> Iterator[Crossing]:
    """Every example whose intent changes when it is left out (to another intent or to none)."""
    positions: dict[tuple[int, str], list[int]] = {}
    for n, ex in enumerate(engine.matcher._examples):
        positions.setdefault((ex.intent, ex.text), []).append(n)
    index = {intent.name: i for i, intent in enumerate(engine.matcher.intents)}
    for intent in engine.matcher.intents:
        for example in dict.fromkeys(intent.examples):
            found = positions.get((index[intent.name], example))
            if not found:
                continue  # no content words: the matcher never indexed it
            reading = _masked(engine, found).read(example)
            chosen = reading.chosen[0] if reading.chosen else None
            if chosen is not None and chosen.intent == intent.name:
                continue
            best = chosen or (reading.matches[0] if reading.matches else None)
            yield Crossing(intent.name, example, intent.path, intent.lines.get(example, 0),
                           chosen.intent if chosen else None, best.score if best else 0.0,
                           best.reason if best else "")


def overlap_problems(engine: Engine, *, fallbacks: bool = False) -> list[Problem]:
    """Warnings for `validate`: examples that go to another intent (and, if asked, to none)."""
    return [c.problem() for c in leave_one_out(engine) if fallbacks or c.went_to is not None]
