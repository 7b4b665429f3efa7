"""The messages of a repair, rendered from `replies/review/*.j2` and checked before they may leave.

Three messages, never mixed: the outreach (apology, what is needed, the remedies), the safety notice
(stop using it, a person will call), and the follow-up asking about the review, sent only after the fix.
"""
from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from bot.compliance import ensure_compliant
from bot.render import render

OUTREACH = "review/outreach"
SAFETY = "review/safety"
FOLLOW_UP = "review/follow_up"


def _checked(env: Environment, template: str, context: dict[str, object]) -> str:
    return ensure_compliant(render(env, template, context), template)


def compose_outreach(
    env: Environment, *, review_id: str, aspects: Sequence[str], remedies: Sequence[str], photos: bool, order_id: str | None
) -> str:
    """The first message to the buyer; `aspects` lead with the main complaint."""
    context = {"seed": review_id, "aspects": list(aspects), "remedies": list(remedies), "photos": photos, "order_id": order_id}
    return _checked(env, OUTREACH, context)


def compose_safety(env: Environment, *, review_id: str, order_id: str | None) -> str:
    return _checked(env, SAFETY, {"seed": review_id, "order_id": order_id})


def compose_follow_up(env: Environment, *, review_id: str) -> str:
    """The later message asking whether the buyer would update the review: only once the fix is done."""
    return _checked(env, FOLLOW_UP, {"seed": review_id})
