"""Cues: a trainer's word or phrase that signals something in a review, found with care for negation.

A cue is plain text; `*` stands for a short gap inside one clause (`不给*退` finds 不给我退). A cue right
after a negator does not count (物流不慢 is no logistics complaint), and neither does a cue overlapping one
of the phrases a trainer listed as exceptions (质量还可以 is no quality complaint).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

GAP_CHARS = 6  # how far apart the parts of a `*` cue may be
# Longest first, so 没有 is seen before 有 could be; a cue that itself starts with one is checked before it.
NEGATORS = ("并没有", "没有", "不是", "并非", "并不", "从不", "不", "没", "未", "别")


@dataclass(frozen=True)
class Cue:
    text: str  # as the trainer wrote it, normalised
    pattern: re.Pattern[str]

    @classmethod
    def parse(cls, text: str) -> "Cue":
        parts = [re.escape(p) for p in text.split("*") if p]
        if not parts:
            raise ValueError(f"cue {text!r} has no words; write the word or phrase that signals the aspect")
        return cls(text, re.compile(f".{{0,{GAP_CHARS}}}?".join(parts)))

    def spans(self, clause: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.pattern.finditer(clause)]


def parse_cues(words: Iterable[object], normalise: Callable[[str], str]) -> tuple[Cue, ...]:
    """Cues as a trainer listed them, normalised like the reviews they are looked for in; blanks skipped."""
    return tuple(Cue.parse(normalise(str(w))) for w in words if normalise(str(w)).strip("* "))


def negated(clause: str, start: int) -> bool:
    """Whether the words just before `start` deny what follows (不慢, 没有漏发, 不是质量问题)."""
    return clause[:start].endswith(NEGATORS)


def first_hit(cues: Iterable[Cue], clause: str, exceptions: Iterable[Cue] = ()) -> tuple[Cue, str] | None:
    """The first cue that counts in a clause, with the text it covered; None when none does."""
    covered = [span for exc in exceptions for span in exc.spans(clause)]
    for cue in cues:
        for start, end in cue.spans(clause):
            if negated(clause, start) or any(start < e and s < end for s, e in covered):
                continue
            return cue, clause[start:end]
    return None
