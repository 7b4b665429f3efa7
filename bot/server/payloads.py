"""The JSON bodies the service accepts, checked where they enter and turned into typed values;
anything wrong raises InputError with the reason the 400 response carries."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import jsontext
from bot.domain import MAX_ID_CHARS, MAX_MESSAGE_CHARS, InputError, Order, id_text, message_text, number, parse_time
from bot.storage.log import FEEDBACK_ACTIONS, Feedback

MAX_REPLY_CHARS = MAX_MESSAGE_CHARS  # a reply an agent sent or edited: a chat message like any other


@dataclass(frozen=True)
class Incoming:
    """One buyer message, from the webhook or the agent-assist API."""

    conversation_id: str
    text: str
    channel: str
    buyer_id: str | None = None
    message_id: str | None = None
    order: Order | None = None
    order_id: str | None = None
    now: datetime | None = None  # replay the rules at this moment (assist API only)


def json_object(body: bytes) -> dict[str, Any]:
    """A request body as a JSON object; anything else is the sender's mistake, named."""
    try:
        data = jsontext.parse(body)
    except jsontext.NotText as exc:  # well-formed, but no store can keep it: the field is named
        raise InputError(str(exc)) from None
    except ValueError as exc:
        raise InputError(f"malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError("the body must be a JSON object")
    return data


def _string(data: dict[str, Any], key: str, *, required: bool, max_chars: int = MAX_ID_CHARS) -> str | None:
    """Ids may come as numbers from some integrations; they are kept as strings."""
    if required and data.get(key) in (None, ""):
        raise InputError(f"missing field {key!r}")
    return id_text(data.get(key), f"field {key!r}", max_chars=max_chars)


def _timestamp(data: dict[str, Any]) -> None:
    """When the buyer sent it, as the integration says: Unix seconds (or milliseconds) or ISO 8601.
    Only checked: the log keeps the time the bot received the message."""
    value = data.get("timestamp")
    if value in (None, ""):
        raise InputError("missing field 'timestamp'")
    if isinstance(value, str) and not value.strip().replace(".", "", 1).isdigit():
        parse_time(value, "field 'timestamp' (Unix seconds or ISO 8601)")
    else:
        number(value, "field 'timestamp' (Unix seconds or ISO 8601)", most=1e14)


def _text(data: dict[str, Any]) -> str:
    if data.get("text") is None:
        raise InputError("missing field 'text'")
    return message_text(data["text"], "field 'text'")


def _order(data: dict[str, Any]) -> Order | None:
    return Order.from_dict(data["order"]) if data.get("order") is not None else None


def parse_webhook(body: bytes, channel: str) -> Incoming:
    data = json_object(body)
    incoming = Incoming(
        message_id=_string(data, "message_id", required=True),
        conversation_id=_string(data, "conversation_id", required=True),
        buyer_id=_string(data, "buyer_id", required=True),
        text=_text(data),
        channel=channel,
        order=_order(data),
        order_id=_string(data, "order_id", required=False),  # a stored order, as the assist API takes
    )
    _timestamp(data)
    return incoming


def parse_suggest(body: bytes) -> Incoming:
    data = json_object(body)
    text = _text(data)
    moment = parse_time(_string(data, "now", required=False), "field 'now'")
    return Incoming(
        conversation_id=_string(data, "conversation_id", required=True),
        text=text,
        channel="assist",
        buyer_id=_string(data, "buyer_id", required=False),
        order=_order(data),
        order_id=_string(data, "order_id", required=False),
        now=moment,
    )


def parse_feedback(body: bytes, intents: Collection[str]) -> Feedback:
    data = json_object(body)
    action = _string(data, "action", required=True)
    if action not in FEEDBACK_ACTIONS:
        raise InputError(f"field 'action' must be one of {', '.join(FEEDBACK_ACTIONS)}, not {action!r}")
    intent = _string(data, "intent", required=action == "wrong_intent")
    if intent is not None and intent not in intents:
        raise InputError(f"field 'intent': {intent!r} is not a known intent")
    return Feedback(
        conversation_id=_string(data, "conversation_id", required=True),
        action=action,
        message_id=_string(data, "message_id", required=False),
        suggestion=_string(data, "suggestion", required=False, max_chars=MAX_REPLY_CHARS),
        text=_string(data, "text", required=False, max_chars=MAX_REPLY_CHARS),
        intent=intent,
    )
