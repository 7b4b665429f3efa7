"""A posted review as the platforms send it, checked once where it enters.

`{"review_id","order_id"?,"buyer_id","rating" (1-5 or 好/中/差),"text","created_at"}`; anything else
raises InputError saying which field is wrong and what it should hold.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import InputError, id_text, message_text, parse_time

# Platforms send stars or the 好/中/差 grade; both are read as stars.
GRADES = {"好": 5, "好评": 5, "中": 3, "中评": 3, "差": 1, "差评": 1}


@dataclass(frozen=True)
class ReviewEvent:
    review_id: str
    buyer_id: str
    rating: int  # stars, 1..5
    text: str
    created_at: datetime
    order_id: str | None = None


def _identifier(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value in (None, "") and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise InputError(f"review field {key!r} must be a non-empty string, not {value!r}")
    return id_text(str(value).strip(), f"review field {key!r}")


def _rating(value: Any) -> int:
    if isinstance(value, str) and value.strip() in GRADES:
        return GRADES[value.strip()]
    if isinstance(value, str) and value.strip().isdecimal():  # ３ is 3; ² is a digit int() refuses
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise InputError(f"review field 'rating' must be 1-5 or 好/中/差, not {value!r}")


def _created_at(value: Any) -> datetime:
    """An ISO 8601 time within the years the shop's rules can count days from (not year 1 or 9999)."""
    moment = parse_time(value, "review field 'created_at'")
    if moment is None:
        raise InputError("review field 'created_at' must be an ISO 8601 time, not empty")
    return moment


def parse_event(data: Any) -> ReviewEvent:
    """A ReviewEvent from decoded JSON; raises InputError naming the field to fix."""
    if not isinstance(data, dict):
        raise InputError("a review event must be a JSON object")
    missing = [k for k in ("review_id", "buyer_id", "rating", "text", "created_at") if k not in data]
    if missing:
        raise InputError(f"review event is missing {', '.join(map(repr, missing))}")
    return ReviewEvent(
        review_id=_identifier(data, "review_id", required=True) or "",
        buyer_id=_identifier(data, "buyer_id", required=True) or "",
        rating=_rating(data["rating"]),
        text=message_text(data["text"], "review field 'text'"),
        created_at=_created_at(data["created_at"]),
        order_id=_identifier(data, "order_id", required=False),
    )
