"""How urgently a bad review needs the shop: the order agents work through, and what may go out alone.

urgent: a safety problem, a human now. high: a threat or demand, or a one-star review naming several
problems. medium: a 差评 (1-2 stars) or a 中评 naming several problems. low: a 中评 or better naming one
problem, the only level the shop may let go out with no agent.
"""
from __future__ import annotations

from collections.abc import Sequence

from bot.reviews.flags import EXTORTION, SAFETY, Flag

LEVELS = ("low", "medium", "high", "urgent")


def severity(rating: int, aspects: Sequence[str], flags: Sequence[Flag]) -> str:
    kinds = {f.kind for f in flags}
    if SAFETY in kinds:
        return "urgent"
    several = len([a for a in aspects if a != "other"]) >= 2
    if EXTORTION in kinds or (rating == 1 and several):
        return "high"
    if rating <= 2 or several:
        return "medium"
    return "low"
