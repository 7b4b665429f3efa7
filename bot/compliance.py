"""The review-compliance check: no message may trade anything of value for a review.

The State Administration for Market Regulation's 2024 rules on online unfair competition ban 好评返现, and
platforms punish shops that ask for a changed review in return for money, coupons or gifts. Two rules:
- a message must not tie a value to a review (好评返现, 改好评送券, 删评返五元);
- a message must not hold both an offer (a refund, a resend, a coupon...) and a request about the review:
  asking whether the buyer would update the review comes only later, in its own message, after the fix.
The vocabulary is the law's, not the shop's, so it lives here where no shop file can weaken it.
`validate` runs `check_template_source` on every template; the review flow runs `check_message` on every
message it produces before it leaves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_REVIEW = r"(?:好评|差评|中评|评价|评论|评分|追评|改评|删评|撤评|五星|5星|五分|晒图|打分|星级)"
_CHANGE = r"(?:改|修改|更改|更新|删|删除|撤|撤销|撤回|追加|补|调整|重新|给个|给一个|给我们|求)"
# Anything of value a shop could hand a buyer, including the remedies a repair offers.
_VALUE = (
    r"(?:返现|返钱|返利|返\d|红包|现金|优惠券|代金券|店铺券|[\d一二三四五六七八九十]+元券|礼品|礼物|赠品|小礼|送您|送你|"
    r"补偿|赔偿|赔付|奖励|免单|退款|退钱|差价|补发|换货|换新|换一件|退货|运费|积分|京豆|折扣|打折|\d+\s*(?:元|块))"
)
VALUE_FOR_REVIEW = re.compile(f"{_REVIEW}.{{0,8}}?(?:{_VALUE}|送|返)|(?:{_VALUE}|返).{{0,8}}?{_REVIEW}")
REVIEW_REQUEST = re.compile(
    f"{_REVIEW}.{{0,6}}?{_CHANGE}|{_CHANGE}.{{0,6}}?{_REVIEW}|改评|删评|撤评|追评|好评|五星|5星"
)
OFFER = re.compile(_VALUE)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
# A template that prints the remedies must not also ask about the review, whatever the remedies say.
REMEDY_VARIABLE = re.compile(r"\{\{[^}]*\b(?:remed\w*|offer\w*|coupon|gift|compensation)\b")


@dataclass(frozen=True)
class Violation:
    rule: str  # "value_for_review" or "offer_with_review_request"
    reason: str  # what is wrong and what to do instead
    evidence: str  # the words that break it


def check_message(text: str) -> list[Violation]:
    """Violations in one message as it would be sent; empty when it may leave."""
    bribe = VALUE_FOR_REVIEW.search(text)
    if bribe:
        return [Violation(
            "value_for_review",
            "ties something of value to a review (好评返现 and the like are banned); offer remedies for the "
            "problem only, never for the review",
            bribe.group(0),
        )]
    request, offer = REVIEW_REQUEST.search(text), OFFER.search(text)
    if request and offer:
        return [Violation(
            "offer_with_review_request",
            "holds an offer and a request about the review in one message; send the offer now and ask about "
            "the review only in a later message, after the fix is done",
            f"{offer.group(0)} ... {request.group(0)}",
        )]
    return []


def check_template_source(source: str) -> list[Violation]:
    """Violations in a Jinja template's text (comments aside), counting every variant as one message."""
    text = JINJA_COMMENT.sub("", source)
    found = check_message(text)
    remedies, request = REMEDY_VARIABLE.search(text), REVIEW_REQUEST.search(text)
    if not found and remedies and request:
        found.append(Violation(
            "offer_with_review_request",
            "prints the offers and asks about the review in one template; move the review question to its "
            "own follow-up template, used after the fix",
            f"{remedies.group(0)} ... {request.group(0)}",
        ))
    return found


class ComplianceError(ValueError):
    """A produced message broke the review-compliance rules and must not leave; names the template to fix."""

    def __init__(self, template: str, violations: list[Violation]) -> None:
        self.template = template
        self.violations = violations
        reasons = "; ".join(f"{v.reason} ({v.evidence})" for v in violations)
        super().__init__(f"message from template {template} was held back: {reasons}")


def ensure_compliant(text: str, template: str) -> str:
    """The message, unchanged, when it may leave; raises ComplianceError otherwise."""
    violations = check_message(text)
    if violations:
        raise ComplianceError(template, violations)
    return text
