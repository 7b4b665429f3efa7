"""Agents' marks on the bot's readings, and the readings they hold back from going out alone.

Word features alone cannot tell the last few wrong sends from the right ones (README, the autosend6 round),
but the agents who read the replies can: a kind of reading whose suggestions they recently rejected or marked
`wrong_intent` more often than the shop's `marks.rate` waits for an agent (`Engine.sends_alone`) until their
later marks bring it back under. A kind is an intent and the trainers' keyword that made the reading (`cue`;
empty for a reading the examples alone made): on the tuning pools, whole intents mix too many right sends with
the few wrong ones to stand out, while a keyword or the examples of one intent do. Pure: the counts come in from
the message log (`MessageLog.mark_counts`), the policy from the service's config.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

WRONG_ACTIONS = frozenset({"rejected", "wrong_intent"})  # of bot/storage/log.py's FEEDBACK_ACTIONS


class ReadingKind(NamedTuple):
    intent: str
    cue: str  # the trainers' keyword the reading came from; "" when the examples alone made it

    @property
    def label(self) -> str:
        return f"{self.intent} (keyword {self.cue})" if self.cue else f"{self.intent} (examples)"


def kinds_of(intents: Iterable[str], cues: Mapping[str, str]) -> tuple[ReadingKind, ...]:
    """The kinds of a turn's reading: each intent answered, with the keyword its match carried (`cues`: intent ->
    keyword, from the turn's matches or from the matches logged with the buyer's message)."""
    return tuple(ReadingKind(intent, cues.get(intent, "")) for intent in intents)


@dataclass(frozen=True)
class MarkCount:
    """The agents' marks on one kind of reading within the window: how many, and how many said it was wrong."""

    kind: ReadingKind
    marks: int
    wrong: int

    @property
    def rate(self) -> float:
        return self.wrong / self.marks if self.marks else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"intent": self.kind.intent, "cue": self.kind.cue, "marks": self.marks, "wrong": self.wrong,
                "rate": round(self.rate, 3)}


@dataclass(frozen=True)
class Holds:
    """The kinds of reading the agents' marks hold back now, with the counts that hold each."""

    held: Mapping[ReadingKind, MarkCount] = field(default_factory=dict)

    def holding(self, kinds: Iterable[ReadingKind]) -> MarkCount | None:
        """The marks that hold one of a reading's kinds, or None: the reading may go out alone."""
        return next((self.held[k] for k in kinds if k in self.held), None)


NO_HOLDS = Holds()


@dataclass(frozen=True)
class MarksPolicy:
    """The shop's `marks:` section of config.yaml (checked in bot/config.py): a kind needs `min_marks` marks within
    `window_s` before its rate counts, and is held while more than `rate` of them say it was wrong. The defaults did
    best of 0.1-0.2 and 5-10 on both halves of the tuning pools (scripts/marks_replay.py, README). `refresh_s`: how stale a serving process's view may be
    (the one that records a mark refreshes at its next message)."""

    rate: float = 0.1
    min_marks: int = 8
    window_s: float = 14 * 86400.0
    refresh_s: float = 60.0

    def holds(self, counts: Iterable[MarkCount]) -> Holds:
        return Holds({c.kind: c for c in counts if c.marks >= self.min_marks and c.rate > self.rate})
