"""handle_review end to end: outcome, severity, handoff, auto outreach, repair state, compliant messages."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from bot.compliance import ComplianceError, check_message
from bot.domain import InputError, Order
from bot.render import make_environment
from bot.reviews.compose import compose_follow_up
from bot.reviews.event import parse_event
from bot.reviews.flow import AWAITING_FIX, handle_review

DEV = Path("/work/shared/eval/reviews_dev.jsonl")
ORDER = Order.from_dict({
    "order_id": "T1", "status": "delivered", "amount": 120,
    "paid_at": "2024-05-06T10:00:00", "delivered_at": "2024-05-08T10:00:00",
})


def event(text: str, rating: object = 1, **more: object):
    return parse_event({"review_id": "R1", "buyer_id": "B1", "rating": rating, "text": text,
                        "created_at": "2024-05-10T12:00:00", "order_id": "T1", **more})


CASES = [
    # review, rating, aspects, severity, remedies, flags
    ("衣服洗一次就掉色", "中", ["quality"], "low", ["return_shop_freight", "exchange"], []),
    ("衣服洗一次就掉色，快递还慢", 1, ["quality", "logistics"], "high", ["return_shop_freight", "exchange", "courier_complaint"], []),
    ("尺码偏小，穿不上", 2, ["size_fit"], "medium", ["size_exchange"], []),
    ("刚买就降价", "差", ["price"], "medium", ["price_difference"], []),
    ("不退款就差评", 1, ["other"], "high", [], ["possible_extortion"]),
    ("插上电就冒烟，吓死了", 1, ["quality"], "urgent", [], ["urgent_safety"]),
]


@pytest.mark.parametrize("text,rating,aspects,level,remedies,flags", CASES)
def test_outcomes(text, rating, aspects, level, remedies, flags, review_rules, env):
    out = handle_review(event(text, rating), order=ORDER, rules=review_rules, env=env).to_dict()
    assert (out["aspects"], out["severity"], out["remedies"], out["flags"]) == (aspects, level, remedies, flags)
    assert out["message"].startswith("亲") and len(out["message"].splitlines()) <= 4
    assert check_message(out["message"]) == []
    assert set(out["evidence"]) == set(flags)


def test_safety_hands_off_with_no_offer(review_rules, env):
    out = handle_review(event("热水器漏电了"), order=ORDER, rules=review_rules, env=env)
    assert out.handoff and not out.auto and out.remedies == ()
    assert "停止使用" in out.message and "漏电" in out.flags[0].evidence


def test_the_message_offers_the_remedies_and_asks_for_what_is_missing(review_rules, env):
    with_order = handle_review(event("发错颜色了"), order=ORDER, rules=review_rules, env=env).message
    without = handle_review(event("发错颜色了", order_id=None), order=None, rules=review_rules, env=env).message
    assert "补发" in with_order and "照片" in with_order and "订单号" not in with_order
    assert "订单号" in without


def test_auto_outreach_only_for_low_severity_when_the_shop_allows_it(review_rules, env):
    auto_rules = dataclasses.replace(review_rules, auto_outreach_low_severity=True)
    assert handle_review(event("衣服起球", "中"), order=ORDER, rules=auto_rules, env=env).auto
    assert not handle_review(event("衣服起球", 1), order=ORDER, rules=auto_rules, env=env).auto
    assert not handle_review(event("衣服起球", "中"), order=ORDER, rules=review_rules, env=env).auto


def test_the_repair_state_carries_the_review_and_the_remedies(review_rules, env):
    state = handle_review(event("少发了一件"), order=ORDER, rules=review_rules, env=env).repair_state()
    assert state == {"review_id": "R1", "order_id": "T1", "aspects": ["wrong_or_missing"],
                     "remedies": ["resend", "exchange"], "flags": [], "stage": AWAITING_FIX}


def test_an_order_that_is_not_the_reviewed_one_is_refused(review_rules, env):
    with pytest.raises(InputError, match="not the reviewed order"):
        handle_review(event("太慢", order_id="T9"), order=ORDER, rules=review_rules, env=env)


def test_the_follow_up_asks_about_the_review_and_offers_nothing(env):
    text = compose_follow_up(env, review_id="R1")
    assert "评价" in text and check_message(text) == []


def test_a_template_that_breaks_the_rules_is_held_back(tmp_path, review_rules):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "outreach.j2").write_text("亲，给您补发，好评返现5元", encoding="utf-8")
    with pytest.raises(ComplianceError, match="review/outreach"):
        handle_review(event("少发了一件"), order=ORDER, rules=review_rules, env=make_environment(tmp_path))


@pytest.mark.skipif(not DEV.exists(), reason="the labelled development set is not on this machine")
def test_no_message_for_a_real_review_fails_the_check(review_rules, env):
    for n, line in enumerate(DEV.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        for order in (ORDER, None):
            out = handle_review(event(row["text"], order_id=order and "T1"), order=order, rules=review_rules, env=env)
            assert check_message(out.message) == [], row["id"]
            assert 1 <= len(out.message.splitlines()) <= 4
