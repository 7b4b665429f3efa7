"""Review events: what is accepted, and InputError naming the field for what is not."""
from __future__ import annotations

import pytest

from bot.domain import InputError
from bot.reviews.event import parse_event

GOOD = {"review_id": "R1", "buyer_id": "B1", "rating": 1, "text": "太慢了", "created_at": "2024-05-10T12:00:00+08:00"}


@pytest.mark.parametrize("rating,stars", [(1, 1), (5, 5), ("3", 3), ("３", 3), ("差", 1), ("中", 3), ("好", 5), ("差评", 1)])
def test_ratings(rating, stars):
    assert parse_event({**GOOD, "rating": rating}).rating == stars


def test_a_full_event():
    event = parse_event({**GOOD, "order_id": 1001, "review_id": 77})
    assert (event.review_id, event.order_id, event.text) == ("77", "1001", "太慢了")
    assert event.created_at.utcoffset().total_seconds() == 8 * 3600


BAD = [
    ([], "JSON object"),
    ({k: v for k, v in GOOD.items() if k != "text"}, "missing 'text'"),
    ({k: v for k, v in GOOD.items() if k not in ("buyer_id", "created_at")}, "'buyer_id', 'created_at'"),
    ({**GOOD, "rating": 0}, "rating"),
    ({**GOOD, "rating": 6}, "rating"),
    ({**GOOD, "rating": "很差"}, "rating"),
    ({**GOOD, "rating": True}, "rating"),
    ({**GOOD, "text": None}, "'text' must be a string"),
    ({**GOOD, "review_id": ""}, "review_id"),
    ({**GOOD, "buyer_id": {"id": 1}}, "buyer_id"),
    ({**GOOD, "created_at": "昨天"}, "created_at"),
    ({**GOOD, "order_id": ["T1"]}, "order_id"),
    ({**GOOD, "review_id": "r" * 129}, "'review_id' is 129 characters long; at most 128"),
    ({**GOOD, "rating": "²"}, "rating"),  # a digit to str.isdigit, not to int()
    ({**GOOD, "created_at": "9999-12-31T23:59:59-12:00"}, "'created_at'.*between"),  # the shop's clock overflows
    ({**GOOD, "created_at": "0001-01-01T00:00:00+14:00"}, "'created_at'.*between"),
    ({**GOOD, "created_at": 20240510}, "'created_at'"),
    ({**GOOD, "text": "差" * 4001}, "'text' is 4001 characters long"),
]


@pytest.mark.parametrize("data,says", BAD)
def test_bad_events(data, says):
    with pytest.raises(InputError, match=says):
        parse_event(data)
