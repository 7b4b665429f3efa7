"""The `generic` platform: the shop's own bridge (any IM: 千牛, 京麦, 抖店 飞鸽...) posts signed JSON
buyer messages and reviews to the bot, and takes the bot's replies as signed JSON POSTs at its
`send_url`. Both ways: X-Timestamp (Unix seconds) and X-Signature = hex HMAC-SHA256 of
timestamp + "\\n" + body with WEBHOOK_SECRET_<CHANNEL> (`signing.py`); the replies also carry
`Idempotency-Key`, the same on every retry of one reply, so a bridge that got one twice sends it once."""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.jsontext import dumpb
from bot.reviews.event import ReviewEvent, parse_event
from bot.server.payloads import json_object, parse_webhook
from bot.storage import Delivery

from .base import DeliveryFailed, DeliveryRefused, Inbound, Received, Tools, refusal
from .signing import signed_headers, verify

IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class GenericSettings:
    secret: str = field(repr=False)  # WEBHOOK_SECRET_<NAME>
    send_url: str | None = None  # None: the channel takes no replies, all go to agents

    @property
    def can_send(self) -> bool:
        return self.send_url is not None


def read_settings(name: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> GenericSettings:
    unknown = sorted(set(raw) - {"kind", "send_url"})
    if unknown:
        raise ValueError(f"unknown key channels.{name}.{unknown[0]}; a generic channel knows kind, send_url")
    send_url = raw.get("send_url")
    if send_url is not None and (not isinstance(send_url, str) or not send_url.startswith(("http://", "https://"))):
        raise ValueError(f"channels.{name}.send_url must be an http(s) URL, not {send_url!r}")
    var = f"WEBHOOK_SECRET_{name.upper()}"
    if not env.get(var):
        raise ValueError(f"channel {name!r} (its webhook signature secret) needs the environment variable {var}")
    return GenericSettings(secret=env[var], send_url=send_url)


def delivery_body(d: Delivery) -> bytes:
    """The reply as the bridge receives it at send_url."""
    return dumpb({"conversation_id": d.conversation_id, "buyer_id": d.buyer_id, "reply_to": d.reply_to,
                  "text": d.text})


def idempotency_key(d: Delivery) -> str:
    return f"{d.channel}-{d.id}"


class GenericChannel:
    def __init__(self, name: str, settings: GenericSettings, tools: Tools):
        self.name, self._settings, self._tools = name, settings, tools
        self.can_send = settings.can_send
        self._timeout = aiohttp.ClientTimeout(total=tools.timeout_s)

    def verify(self, request: Inbound) -> None:
        verify(self._settings.secret, request.headers, request.body, skew_s=self._tools.skew_s)

    async def receive(self, request: Inbound) -> Received:
        return Received(messages=(parse_webhook(request.body, self.name),))

    def review(self, request: Inbound) -> ReviewEvent:
        return parse_event(json_object(request.body))

    async def deliver(self, delivery: Delivery) -> None:
        if self._settings.send_url is None:
            raise DeliveryFailed(f"channel {self.name!r} has no send_url in the config now")
        body = delivery_body(delivery)
        headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: idempotency_key(delivery),
                   **signed_headers(self._settings.secret, body)}
        try:
            async with self._tools.session.post(self._settings.send_url, data=body, headers=headers,
                                                timeout=self._timeout) as response:
                if response.status >= 300:
                    failed = DeliveryRefused if refusal(response.status) else DeliveryFailed
                    raise failed(f"{self._settings.send_url} answered {response.status} {response.reason or ''}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None

    async def problem(self) -> str | None:
        url = self._settings.send_url
        if url is None:
            return "no send_url: the bot answers nothing by itself here, every message waits for an agent"
        why = await reachable(url, self._tools.timeout_s)
        return None if why is None else (f"send_url {url} is not reachable ({why}): its replies wait in the"
                                         " delivery queue until it is")


async def reachable(url: str, timeout_s: float) -> str | None:
    """None when something takes TCP connections at the URL's host and port, else why not."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, port), timeout_s)
    except (OSError, asyncio.TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}".rstrip(": ")
    writer.close()
    return None


def open_channel(name: str, settings: GenericSettings, tools: Tools) -> GenericChannel:
    return GenericChannel(name, settings, tools)
