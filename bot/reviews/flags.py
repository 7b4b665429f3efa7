"""Flags for the shop: a review that threatens or demands (possible extortion), or names a danger (safety).

Extortion is flagged with the buyer's words quoted, because platforms let shops appeal such reviews
with the evidence; a safety problem is urgent and goes to a human before anything is sent.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.reviews.cues import Cue, first_hit

EXTORTION = "possible_extortion"
SAFETY = "urgent_safety"
EVIDENCE_CONTEXT = 12  # characters kept on each side of the words that raised a flag


@dataclass(frozen=True)
class FlagCues:
    kind: str  # EXTORTION or SAFETY
    cues: tuple[Cue, ...]
    exceptions: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class Flag:
    kind: str
    evidence: str  # the review's own words around the cue, for the shop's appeal or the agent

    def to_dict(self) -> dict[str, str]:
        return {"flag": self.kind, "evidence": self.evidence}


def _quote(text: str, words: str) -> str:
    at = text.find(words)
    start, end = max(at - EVIDENCE_CONTEXT, 0), min(at + len(words) + EVIDENCE_CONTEXT, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def find_flags(text: str, kinds: tuple[FlagCues, ...]) -> tuple[Flag, ...]:
    """Flags of a normalised review; the whole text is searched, as a threat often spans a comma."""
    flags = []
    for kind in kinds:
        found = first_hit(kind.cues, text, kind.exceptions)
        if found:
            flags.append(Flag(kind.kind, _quote(text, found[1])))
    return tuple(flags)
