"""The body of `POST /webhook/{channel}/order`, checked where it enters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.domain import InputError, Order, id_text, number, parse_time
from policy.outreach import ORDER_EVENTS


@dataclass(frozen=True)
class OrderEvent:
    event_id: str
    event: str
    order: Order
    buyer_id: str
    conversation_id: str
    at: datetime  # aware: when it happened


def order_conversation(order_id: str) -> str:
    """Where the shop's first word about an order is logged when the event names no conversation."""
    return f"order:{order_id}"


def _moment(value: Any, tz: tzinfo) -> datetime:
    """ISO 8601 (a time without an offset is on the shop's clock) or Unix seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(number(value, "'timestamp'", most=4e10), tz)
    moment = parse_time(value, "'timestamp'")
    if moment is None:
        raise InputError("'timestamp' is missing: when the event happened, ISO 8601 or Unix seconds")
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def parse_order_event(data: dict[str, Any], tz: tzinfo) -> OrderEvent:
    """Raises InputError naming the field to fix."""
    event = data.get("event")
    if event not in ORDER_EVENTS:
        raise InputError(f"'event' is {event!r}; one of {', '.join(ORDER_EVENTS)}")
    order = Order.from_dict(data.get("order"))
    return OrderEvent(
        event_id=id_text(data.get("event_id"), "'event_id'", required=True) or "",
        event=event, order=order,
        buyer_id=id_text(data.get("buyer_id"), "'buyer_id'", required=True) or "",
        conversation_id=id_text(data.get("conversation_id"), "'conversation_id'") or order_conversation(order.order_id),
        at=_moment(data.get("timestamp"), tz),
    )
