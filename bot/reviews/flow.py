"""From a posted review to what the shop does about it: aspects, flags, severity, remedies, a drafted message.

`handle_review` is what the webhook and the `review` command call. It is pure apart from rendering: the
caller looks up the order, shows the outcome to an agent (or sends it when `auto`), and stores
`repair_state()` in the buyer's conversation so the repair continues on the normal channels.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment

from bot.domain import InputError, Order
from bot.reviews.classify import AspectHit, classify
from bot.reviews.compose import compose_outreach, compose_safety
from bot.reviews.event import ReviewEvent
from bot.reviews.flags import SAFETY, Flag, find_flags
from bot.reviews.rules import ReviewRules
from bot.reviews.severity import severity
from policy.remedies import Remedy, needs_photos, remedies_for

# The stages of a repair. Only one awaiting its fix may move on, once: the follow-up is never sent twice.
AWAITING_FIX = "awaiting_fix"  # the outreach is drafted; the follow-up waits for an agent to say the fix is done
FIXED = "fixed"  # fixed; the follow-up waits in the agents' queue (the channel cannot send)
FOLLOW_UP_SENT = "follow_up_sent"  # fixed; the follow-up is on the delivery queue to the buyer


@dataclass(frozen=True)
class Repair:
    """A bad-review repair as the buyer's conversations remember it (stored as JSON, see repair_key)."""

    review_id: str
    order_id: str | None
    aspects: tuple[str, ...]
    remedies: tuple[str, ...]
    flags: tuple[str, ...]
    stage: str

    def to_dict(self) -> dict[str, Any]:
        return {"review_id": self.review_id, "order_id": self.order_id, "aspects": list(self.aspects),
                "remedies": list(self.remedies), "flags": list(self.flags), "stage": self.stage}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Repair":
        return cls(data["review_id"], data.get("order_id"), tuple(data.get("aspects", ())),
                   tuple(data.get("remedies", ())), tuple(data.get("flags", ())), data["stage"])

    def moved_to(self, stage: str) -> "Repair":
        return replace(self, stage=stage)


@dataclass(frozen=True)
class ReviewOutcome:
    review_id: str
    order_id: str | None
    aspects: tuple[AspectHit, ...]
    severity: str
    message: str
    remedies: tuple[Remedy, ...]
    flags: tuple[Flag, ...]
    handoff: bool  # a human must take over before anything is sent (safety)
    auto: bool  # may be sent with no agent: the shop allows it for this severity and nothing is flagged

    @property
    def aspect_names(self) -> list[str]:
        return [h.aspect for h in self.aspects]

    def to_dict(self) -> dict[str, Any]:
        """The `review` command's output line; evidence and reasons are there for the agent and the appeal."""
        return {
            "review_id": self.review_id,
            "aspects": self.aspect_names,
            "severity": self.severity,
            "message": self.message,
            "remedies": [r.code for r in self.remedies],
            "flags": [f.kind for f in self.flags],
            "evidence": {f.kind: f.evidence for f in self.flags},
            "reasons": {h.aspect: h.reason for h in self.aspects},
            "handoff": self.handoff,
            "auto": self.auto,
        }

    def repair_state(self) -> dict[str, Any]:
        """What the buyer's ConversationState.repair holds, so a reply is read as part of this repair."""
        return Repair(
            review_id=self.review_id,
            order_id=self.order_id,
            aspects=tuple(self.aspect_names),
            remedies=tuple(r.code for r in self.remedies),
            flags=tuple(f.kind for f in self.flags),
            stage=AWAITING_FIX,
        ).to_dict()


def handle_review(event: ReviewEvent, *, order: Order | None, rules: ReviewRules, env: Environment) -> ReviewOutcome:
    """The outcome for one review; raises InputError when the order is not the review's, ComplianceError
    (with the template to fix) when a drafted message would break the review-compliance rules."""
    if order is not None and event.order_id is not None and order.order_id != event.order_id:
        raise InputError(f"order {order.order_id!r} is not the reviewed order {event.order_id!r}")
    order_id = event.order_id or (order.order_id if order else None)
    text = rules.normalise(event.text)
    hits = classify(text, rules.aspects)
    names = [h.aspect for h in hits]
    flags = find_flags(text, rules.flags)
    level = severity(event.rating, names, flags)
    urgent = any(f.kind == SAFETY for f in flags)
    remedies = () if urgent else remedies_for(names, order, event.created_at, rules.remedies, rules.shop)
    if urgent:
        message = compose_safety(env, review_id=event.review_id, order_id=order_id)
    else:
        message = compose_outreach(
            env, review_id=event.review_id, aspects=names, remedies=[r.code for r in remedies],
            photos=needs_photos(names, rules.remedies), order_id=order_id,
        )
    return ReviewOutcome(
        review_id=event.review_id,
        order_id=order_id,
        aspects=hits,
        severity=level,
        message=message,
        remedies=remedies,
        flags=flags,
        handoff=urgent,
        auto=rules.auto_outreach_low_severity and level == "low" and not flags,
    )
