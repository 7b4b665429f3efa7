"""Sends auto replies to the channels' send URLs from the durable queue, with timeouts and
back-off; a reply the channel does not take stays queued and is tried again, forever if need be,
at most `backoff_max_s` apart."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping

import aiohttp

from bot.config import ChannelConfig, DeliveryConfig
from bot.jsontext import dumpb
from bot.storage import Delivery, DeliveryQueue

from .signing import signed_headers

log = logging.getLogger(__name__)


def backoff(attempts: int, config: DeliveryConfig) -> float:
    """Seconds before the next try after `attempts` failures: doubling from the first, capped."""
    return min(config.backoff_max_s, config.backoff_first_s * 2 ** max(0, attempts - 1))


class Sender:
    """One background task per app: wakes when a reply is queued or a retry falls due."""

    def __init__(
        self,
        queue: DeliveryQueue,
        channels: Mapping[str, ChannelConfig],
        session: aiohttp.ClientSession,
        config: DeliveryConfig,
        on_result: Callable[[str, bool], None] = lambda channel, ok: None,
    ):
        self._queue, self._channels, self._session, self._config = queue, channels, session, config
        self._on_result = on_result
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="delivery-sender")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Lets the batch in flight finish (each POST is bounded by the timeout); what is still
        pending stays in the queue for the next start."""
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, self._config.timeout_s + 1)
            except asyncio.TimeoutError:
                log.warning("delivery sender did not stop in time; pending replies stay queued")

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            # claimed, so another worker on the same database does not send them too
            batch = self._queue.claim(self._config.concurrency, lease_s=self._config.timeout_s + 5)
            if batch:
                results = await asyncio.gather(*(self._send(d) for d in batch))
                self._queue.delivered([d.id for d, ok in zip(batch, results) if ok])
                continue
            next_at = self._queue.next_at()
            timeout = None if next_at is None else max(0.0, next_at - time.time())
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _send(self, d: Delivery) -> bool:
        channel = self._channels.get(d.channel)
        try:
            if channel is None or channel.send_url is None:
                raise LookupError(f"channel {d.channel!r} has no send_url in the config now")
            body = dumpb({"conversation_id": d.conversation_id, "buyer_id": d.buyer_id,
                          "reply_to": d.reply_to, "text": d.text})
            headers = {"Content-Type": "application/json", **signed_headers(channel.secret, body)}
            timeout = aiohttp.ClientTimeout(total=self._config.timeout_s)
            async with self._session.post(channel.send_url, data=body, headers=headers,
                                          timeout=timeout) as response:
                if response.status >= 300:
                    raise aiohttp.ClientResponseError(
                        response.request_info, (), status=response.status, message=response.reason or ""
                    )
        except (aiohttp.ClientError, asyncio.TimeoutError, LookupError) as exc:
            retry_in = backoff(d.attempts + 1, self._config)
            error = f"{type(exc).__name__}: {exc}"
            self._queue.failed(d.id, error, retry_in)
            log.warning("delivery %s to %s failed (%s); retry in %.1f s", d.id, d.channel, error, retry_in)
            self._on_result(d.channel, False)
            return False
        self._on_result(d.channel, True)
        return True
