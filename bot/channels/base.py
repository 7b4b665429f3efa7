"""The one contract between the core and an IM platform. The core (the webhook, the review webhook,
the delivery sender, the agents' window) holds a `Channel` and never asks which platform it is;
each platform is one module beside this one (`generic`, `wecom_kf`, `demo`) that reads its own
settings from the config and builds its `Channel`.

A platform module offers `read_settings(name, raw, env) -> settings` (raises ValueError saying what
to fix) and `open_channel(name, settings, tools) -> Channel`; `registry.py` lists them.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import aiohttp

    from bot.reviews.event import ReviewEvent
    from bot.server.payloads import Incoming
    from bot.storage import KV, Delivery


class SignatureError(ValueError):
    """The request is not from the platform, or is a replay; the text says which check failed."""


class Unsupported(LookupError):
    """The platform has no such feed (a review webhook on a chat-only platform): answered 404."""


class Unavailable(Exception):
    """The platform could not be asked what a request means (its API down or refusing): answered
    502, so the platform sends the request again later."""


class DeliveryFailed(Exception):
    """The platform did not take a reply; the text says why. The delivery stays queued."""


class DeliveryRefused(DeliveryFailed):
    """The platform said no to this reply and would say it again (a 4xx other than 408, 425, 429):
    it is not retried; it waits, failed, for an agent to resend it."""


RETRYABLE_4XX = frozenset({408, 425, 429})  # statuses that say "later", not "no"


def refusal(status: int) -> bool:
    """Whether an HTTP status from a platform refuses the reply for good (see DeliveryRefused)."""
    return 400 <= status < 500 and status not in RETRYABLE_4XX


@dataclass(frozen=True)
class Inbound:
    """An HTTP request as a platform sees it: no aiohttp object crosses the seam."""

    method: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Received:
    """What a platform's request carries: buyer messages for the core to answer, the plain-text
    answer the platform expects (`None`: the core answers its own JSON for the one message), and
    what to do once every message was answered (a platform's cursor moves on only then)."""

    messages: tuple["Incoming", ...] = ()
    answer: str | None = None
    done: Callable[[], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Tools:
    """What an opened channel may use: the service's HTTP client and its key-value store (a
    platform's durable cursor), the signature's allowed clock skew and the delivery timeout."""

    session: "aiohttp.ClientSession"
    kv: "KV"
    skew_s: float
    timeout_s: float


class Channel(Protocol):
    name: str
    can_send: bool  # the bot may answer on this channel by itself; False: everything waits for an agent

    def verify(self, request: Inbound) -> None:
        """Raises SignatureError unless the platform sent this request."""

    async def receive(self, request: Inbound) -> Received:
        """The buyer messages a verified request carries (InputError when it is malformed)."""

    def review(self, request: Inbound) -> "ReviewEvent":
        """The bad review a verified request carries; Unsupported on a platform without reviews."""

    async def deliver(self, delivery: "Delivery") -> None:
        """Sends one reply to the buyer; raises DeliveryFailed when the platform did not take it."""

    async def problem(self) -> str | None:
        """Why replies cannot go out now (checked once at start, to be reported), or None."""


class Platform(Protocol):
    """A platform module, as `registry.py` lists it."""

    def read_settings(self, name: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> Any: ...

    def open_channel(self, name: str, settings: Any, tools: Tools) -> Channel: ...
