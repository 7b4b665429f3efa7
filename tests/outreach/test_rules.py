"""The outreach rules as tables of cases: what an event starts and when, what it cancels, whether a
due message goes out now, and the rules file's mistakes named with their line."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from bot.intents import ConfigError
from policy.outreach import (
    DEFER, SEND, SKIP, Counts, MessageRule, OutreachRules, QuietHours, cancelled, decide, opts_out, plan,
)
from policy.outreach_loading import load_outreach

ROOT = Path(__file__).resolve().parents[2]
RULES = load_outreach(ROOT / "policy" / "outreach.yaml")
DAY = datetime(2026, 12, 5)


def at(hh: int, mm: int = 0, days: int = 0) -> datetime:
    return DAY + timedelta(days=days, hours=hh, minutes=mm)


@pytest.mark.parametrize("event, moment, expected", [
    ("created", at(14), {"remind_to_pay": at(14, 30), "trade_reminder": at(14, days=2)}),
    # created at 23:30: the reminder would fall at midnight; it waits for the end of the quiet hours
    ("created", at(23, 30), {"remind_to_pay": at(9, days=1), "trade_reminder": at(9, days=3)}),
    ("created", at(21, 10), {"remind_to_pay": at(9, days=1), "trade_reminder": at(21, 10, days=2)}),
    ("paid", at(10), {"address_check": at(10, 5)}),
    ("shipped", at(17), {"shipping_notice": at(17), "delivery_tips": at(17, days=1)}),
    ("shipped", at(3), {"shipping_notice": at(9), "delivery_tips": at(9, days=1)}),
    ("refunded", at(12), {"refund_follow_up": at(12, days=1)}),
    ("completed", at(12), {}),
])
def test_what_an_event_starts_and_when(event, moment, expected):
    assert {p.rule: p.due for p in plan(event, moment, RULES)} == expected


@pytest.mark.parametrize("event, expected", [
    ("paid", {"remind_to_pay", "trade_reminder"}),
    ("closed", {"remind_to_pay", "trade_reminder", "address_check", "shipping_notice", "delivery_tips"}),
    ("shipped", {"address_check"}),
    ("delivered", {"delivery_tips"}),
    ("refund_requested", {"address_check", "shipping_notice", "delivery_tips"}),
    ("created", set()),
])
def test_what_a_later_event_cancels(event, expected):
    assert set(cancelled(event, RULES)) == expected


PAY = RULES.rule("remind_to_pay")


@pytest.mark.parametrize("now, status, counts, opted_out, expected", [
    (at(14, 30), "unpaid", Counts(), False, (SEND, "", None)),
    (at(14, 30), "paid", Counts(), False, (SKIP, "status", None)),  # paid meanwhile: no 催付
    (at(14, 30), "unpaid", Counts(), True, (SKIP, "opt_out", None)),
    (at(23), "unpaid", Counts(), False, (DEFER, "quiet_hours", at(9, days=1))),
    (at(2), "unpaid", Counts(), False, (DEFER, "quiet_hours", at(9))),
    (at(9), "unpaid", Counts(), False, (SEND, "", None)),
    (at(14, 30), "unpaid", Counts(order=RULES.per_order), False, (SKIP, "cap_order", None)),
    (at(14, 30), "unpaid", Counts(buyer_today=RULES.per_buyer_per_day), False, (DEFER, "cap_buyer_day", at(9, days=1))),
    (at(14, 30), None, Counts(), False, (SKIP, "status", None)),  # the order is unknown
])
def test_whether_a_due_message_goes_out_now(now, status, counts, opted_out, expected):
    d = decide(PAY, now=now, status=status, counts=counts, opted_out=opted_out, rules=RULES)
    assert (d.action, d.reason, d.until) == expected


def test_quiet_hours_within_one_day():
    lunch = OutreachRules(QuietHours(time(12), time(13, 30)), 5, 5, (), (MessageRule("x", "paid", timedelta(0), "x"),))
    assert [p.due for p in plan("paid", at(12, 15), lunch)] == [at(13, 30)]
    assert [p.due for p in plan("paid", at(13, 30), lunch)] == [at(13, 30)]


@pytest.mark.parametrize("text, expected", [
    ("别发了", True), ("不要再发 了谢谢", True), ("好的 别催了 我等下付", True), ("发了吗", False),
    ("什么时候发货", False), ("不要发顺丰", False),
])
def test_a_buyer_who_says_stop(text, expected):
    assert opts_out(text, RULES) is expected


@pytest.mark.parametrize("text, line, says", [
    ("quiet_hours: {from: '25:00', to: '09:00'}\ncaps: {per_order: 1, per_buyer_per_day: 1}\nopt_out_phrases: []\nmessages: {}\n",
     1, "quiet_hours.from"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\ncaps:\n  per_order: -1\n  per_buyer_per_day: 1\nopt_out_phrases: []\nmessages: {}\n",
     3, "caps.per_order"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\ncaps: {per_order: 1, per_buyer_per_day: 1}\nopt_out_phrases: []\n"
     "messages:\n  a:\n    on: payed\n    after: 1h\n    template: a\n", 6, "messages.a.on"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\ncaps: {per_order: 1, per_buyer_per_day: 1}\nopt_out_phrases: []\n"
     "messages:\n  a:\n    on: paid\n    after: soon\n    template: a\n", 7, "messages.a.after"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\ncaps: {per_order: 1, per_buyer_per_day: 1}\nopt_out_phrases: []\n"
     "messages:\n  a:\n    on: paid\n    after: 1h\n    template: a\n    cancelled_by: [payed]\n", 9, "cancelled_by"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\ncaps: {per_order: 1, per_buyer_per_day: 1}\nopt_out_phrases: []\n"
     "messages:\n  a:\n    on: paid\n    after: 1h\n    template: a\n    when: later\n", 9, "unknown key"),
    ("quiet_hours: {from: '22:00', to: '09:00'}\nopt_out_phrases: []\nmessages: {}\n", 1, "missing 'caps'"),
])
def test_a_bad_rules_file_is_named_with_its_line(tmp_path, text, line, says):
    path = tmp_path / "outreach.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_outreach(path)
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (path, line) and says in problem.message


def test_no_file_no_outreach(tmp_path):
    assert load_outreach(tmp_path / "outreach.yaml").messages == ()


def _shop_copy(tmp_path: Path):
    import shutil

    from bot.engine import EnginePaths
    for part in ("intents", "replies", "policy", "aspects"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return EnginePaths.under(tmp_path)


def test_validate_holds_the_outreach_templates_to_the_rules(tmp_path):
    from bot.validate import validate
    paths = _shop_copy(tmp_path)
    assert [p for p in validate(paths) if p.severity == "error"] == []
    pay = paths.replies / "outreach" / "remind_to_pay.j2"
    pay.write_text(pay.read_text(encoding="utf-8") + "付款后给个好评返现5元哦\n", encoding="utf-8")
    (paths.replies / "outreach" / "delivery_tips.j2").unlink()
    tips = paths.replies / "outreach" / "shipping_notice.j2"
    tips.write_text("{{ buyer_name }}，发货啦", encoding="utf-8")
    errors = [(p.path.name, p.message) for p in validate(paths) if p.severity == "error"]
    assert any(name == "remind_to_pay.j2" and "review" in message for name, message in errors)
    assert any(name == "outreach.yaml" and "delivery_tips" in message for name, message in errors)
    assert any(name == "shipping_notice.j2" and "buyer_name" in message for name, message in errors)
