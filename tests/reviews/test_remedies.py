"""Each aspect's remedies, by order state and time window (policy/remedies.py is pure: tables of cases)."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain import Order
from policy.remedies import remedies_for

AT = datetime(2024, 5, 10, 12, 0)  # when the review was posted, on the shop's clock


def order(status: str = "delivered", *, paid: str = "2024-05-06T10:00:00", delivered: str | None = "2024-05-08T10:00:00",
          custom: bool = False) -> Order:
    return Order.from_dict({
        "order_id": "T1", "status": status, "amount": 120, "paid_at": paid, "delivered_at": delivered,
        "items": [{"sku": "S1", "title": "T恤", "price": 120, "custom": custom}],
    })


CASES = [
    # aspects, order, expected remedy codes
    (["quality"], order(), ["return_shop_freight", "exchange"]),
    (["not_as_described"], order(), ["return_shop_freight", "exchange"]),
    (["wrong_or_missing"], order(), ["resend", "exchange"]),
    (["size_fit"], order(), ["size_exchange"]),
    (["logistics"], order(), ["courier_complaint"]),
    (["logistics"], order("shipped", delivered=None), ["courier_complaint"]),
    (["logistics"], order("paid", delivered=None), ["urge_dispatch"]),
    (["price"], order(), ["price_difference"]),
    (["service"], order(), ["manager_follow_up"]),
    (["other"], order(), []),
    # windows: price protection 7 days from payment, no-reason exchange 7 days from delivery
    (["price"], order(paid="2024-05-01T10:00:00"), []),
    (["price"], order(paid="2024-05-03T12:00:00"), ["price_difference"]),
    (["price"], order(paid="2024-05-03T04:30:00Z"), ["price_difference"]),  # 12:30 on the shop clock, read on the shop's clock
    (["size_fit"], order(delivered="2024-04-20T10:00:00"), []),
    (["size_fit"], order(custom=True), []),
    (["quality"], order(delivered="2024-01-02T10:00:00"), ["return_shop_freight", "exchange"]),  # a fault has no 7-day limit
    # order states: not received yet, already closed
    (["quality"], order("shipped", delivered=None), []),
    (["wrong_or_missing"], order("paid", delivered=None), []),
    (["quality", "service"], order("closed"), ["manager_follow_up"]),
    # no order: offer what needs no window, check once the buyer sends the order number
    (["quality"], None, ["return_shop_freight", "exchange"]),
    (["price"], None, []),
    (["size_fit"], None, ["size_exchange"]),
    # several aspects: each remedy once, in the order of the aspects
    (["quality", "size_fit"], order(), ["return_shop_freight", "exchange", "size_exchange"]),
    (["wrong_or_missing", "quality"], order(), ["resend", "exchange", "return_shop_freight"]),
    (["quality", "logistics", "price"], order(), ["return_shop_freight", "exchange", "courier_complaint", "price_difference"]),
]


@pytest.mark.parametrize("aspects,the_order,expected", CASES)
def test_remedies(aspects, the_order, expected, review_rules):
    got = remedies_for(aspects, the_order, AT, review_rules.remedies, review_rules.shop)
    assert [r.code for r in got] == expected


def test_each_remedy_names_the_aspect_it_answers(review_rules):
    got = remedies_for(["wrong_or_missing", "quality"], order(), AT, review_rules.remedies, review_rules.shop)
    assert [(r.code, r.aspect) for r in got] == [
        ("resend", "wrong_or_missing"), ("exchange", "wrong_or_missing"), ("return_shop_freight", "quality"),
    ]
