"""Which aspects a review complains about, each with the cue and clause that show it.

Clause by clause, so a cue's gap never spans two complaints and a negation only reaches its own clause; a
topic (快递, 客服) counts only in a clause that complains (see cues.Tone). `other` is given only when no other
aspect is found, as the labelling rules say.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.reviews.aspects import FALLBACK, Aspect
from bot.reviews.cues import first_hit, topic_hit
from bot.text import clauses


@dataclass(frozen=True)
class AspectHit:
    aspect: str
    cue: str  # the cue as the trainer wrote it; "" for the fallback
    evidence: str  # the words of the review it covered

    @property
    def reason(self) -> str:
        return f"cue {self.cue}: {self.evidence}" if self.cue else "no cue of a specific aspect"


def classify(text: str, aspects: Sequence[Aspect]) -> tuple[AspectHit, ...]:
    """Aspects of a normalised review, in the order of `aspects`; never empty."""
    parts = clauses(text)
    specific = [a for a in aspects if a.name != FALLBACK]
    cue_hits = {(a.name, at): first_hit(a.cues, clause, a.exceptions) for a in specific for at, clause in enumerate(parts)}
    # The clause after a topic may judge it (物流，真是慢) unless it names a complaint of its own (客服补偿了，水果还是烂了).
    judges = [at + 1 < len(parts) and not any(cue_hits[a.name, at + 1] for a in specific) for at in range(len(parts))]
    hits = []
    for aspect in specific:
        for at, clause in enumerate(parts):
            found = cue_hits[aspect.name, at] or topic_hit(
                aspect.topics, clause, aspect.tone, aspect.exceptions, parts[at + 1:at + 2] if judges[at] else ())
            if found:
                hits.append(AspectHit(aspect.name, found[0].text, found[1]))
                break
    return tuple(hits) or (AspectHit(FALLBACK, "", text[:40]),)
