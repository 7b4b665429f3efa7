"""The `demo` platform: the buyer's test page at /demo. Its buyer messages come only from that page
(behind the agents' login; the page goes through the same answering path as a webhook), and the
replies it is sent, by the bot or by an agent, land in the page's inbox in the key-value store,
where the page reads them. So a first run shows the bot talking with nothing else installed."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.reviews.event import ReviewEvent
from bot.storage import KV, Delivery

from .base import Inbound, Received, SignatureError, Tools, Unsupported

INBOX_TTL_S = 86400
MAX_INBOX = 200  # replies kept a conversation; the page shows the latest


@dataclass(frozen=True)
class DemoSettings:
    can_send: bool = True


def read_settings(name: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> DemoSettings:
    unknown = sorted(set(raw) - {"kind"})
    if unknown:
        raise ValueError(f"unknown key channels.{name}.{unknown[0]}; a demo channel takes only kind")
    return DemoSettings()


def inbox_key(channel: str, conversation_id: str) -> str:
    return f"demo-inbox:{channel}:{conversation_id}"


async def read_inbox(kv: KV, channel: str, conversation_id: str) -> list[dict[str, Any]]:
    saved = await kv.get(inbox_key(channel, conversation_id))
    return json.loads(saved) if saved else []


class DemoChannel:
    def __init__(self, name: str, tools: Tools):
        self.name, self._kv = name, tools.kv
        self.can_send = True

    def verify(self, request: Inbound) -> None:
        raise SignatureError(f"channel {self.name!r} is the demo: its buyer writes on the /demo page, not here")

    async def receive(self, request: Inbound) -> Received:  # never reached: verify refuses every request
        raise Unsupported("the demo channel takes no webhook")

    def review(self, request: Inbound) -> ReviewEvent:
        raise Unsupported("the demo channel takes no reviews")

    async def deliver(self, delivery: Delivery) -> None:
        """Appends the reply to its conversation's inbox; compare-and-set, so two workers' deliveries
        to one conversation both land."""
        key = inbox_key(self.name, delivery.conversation_id)
        entry = {"id": delivery.id, "text": delivery.text, "reply_to": delivery.reply_to}
        while True:
            saved = await self._kv.get(key)
            inbox = json.loads(saved) if saved else []
            if any(e["id"] == delivery.id for e in inbox):
                return  # delivered before, its settlement lost: once is enough
            value = json.dumps((inbox + [entry])[-MAX_INBOX:], ensure_ascii=False)
            if saved is None:
                if await self._kv.add(key, value, ttl=INBOX_TTL_S):
                    return
            elif await self._kv.replace(key, saved, value, ttl=INBOX_TTL_S):
                return

    async def problem(self) -> str | None:
        return None  # its inbox is the service's own store


def open_channel(name: str, settings: DemoSettings, tools: Tools) -> DemoChannel:
    return DemoChannel(name, tools)
