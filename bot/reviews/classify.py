"""Which aspects a review complains about, each with the cue and clause that show it.

Clause by clause, so a cue's gap never spans two complaints and a negation only reaches its own clause; a
topic (快递, 客服) counts only in a clause that complains, or just before one with no topic of its own (see cues.Tone),
and a claim (说是, 宣传) where the words after it belie it (cues.belied_hit). `other` is given only when no other
aspect is found, as the labelling rules say, or when the review is talk about a brand or the news rather than
about the buyer's own item (`other`'s cues and exceptions). A vague insult (垃圾) names no aspect by itself: as
不好 or 失望, it is `other` unless the review names what is bad (快递真垃圾 is a courier complaint, by the topic).
Cues where the buyer only worries or does not know (会不会起球, 有没有坏的我也不知道) do not count (`Tone.hedged`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.reviews.aspects import FALLBACK, Aspect
from bot.reviews.cues import absent_hit, belied_hit, first_hit, topic_hit
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
    specific = [a for a in aspects if a.name != FALLBACK and _in_context(a, text)]
    commentary = next((_commentary(parts, a) for a in aspects if a.name == FALLBACK), None)
    if commentary:
        return (commentary,)
    tone = specific[0].tone if specific else None
    praised = [tone.praised(clause) if tone else [] for clause in parts]
    hedged = [tone.hedged(clause) if tone else [] for clause in parts]
    cue_hits = {(a.name, at): first_hit(a.cues, clause, a.exceptions, praised[at], hedged[at])
                for a in specific for at, clause in enumerate(parts)}
    # The clause after a topic may judge it (物流，真是慢) unless it names a complaint of its own (客服补偿了，水果还是烂了)
    # or a topic it judges instead (快递员很客气，可是售后太差劲).
    own = [any(cue_hits[a.name, at] or first_hit(a.topics, clause, a.exceptions) for a in specific)
           for at, clause in enumerate(parts)]
    judges = [at + 1 < len(parts) and not own[at + 1] for at in range(len(parts))]
    hits = []
    for aspect in specific:
        for at, clause in enumerate(parts):
            found = cue_hits[aspect.name, at] or topic_hit(
                aspect.topics, clause, aspect.tone, aspect.exceptions, parts[at + 1:at + 2] if judges[at] else ()) \
                or absent_hit(aspect.absent, clause, aspect.tone, aspect.exceptions) \
                or belied_hit(aspect.topics, aspect.belied, clause, aspect.exceptions, parts[at + 1:at + 2])
            if found:
                hits.append(AspectHit(aspect.name, found[0].text, found[1]))
                break
    return tuple(hits) or (AspectHit(FALLBACK, "", text[:40]),)


def _in_context(aspect: Aspect, text: str) -> bool:
    """Whether the review is about things the aspect can be said of (a size said of a phone's keys is no fit)."""
    return not aspect.context or any(cue.pattern.search(text) for cue in aspect.context)


def _commentary(parts: Sequence[str], other: Aspect) -> AspectHit | None:
    """The fallback's hit when the review talks about a brand or the news (抵制, 转发, 公关: the fallback's cues)
    and nowhere about an item the buyer got (收到, 喝了, 这次: its exceptions): 质量问题 in a post about a
    dairy scandal is no complaint about the buyer's goods."""
    talk = next((hit for clause in parts if (hit := first_hit(other.cues, clause))), None)
    # an own-item word inside the talk itself (不敢喝了 holds 喝了) says nothing of an item
    if talk is None or any(first_hit(other.exceptions, clause, other.cues) for clause in parts):
        return None
    return AspectHit(other.name, talk[0].text, talk[1])
