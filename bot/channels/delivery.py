"""Sends replies from the durable queue through their channels (each platform's `deliver`), with
back-off; a reply the channel could not take (down, slow, busy) stays queued and is tried again,
forever if need be, at most `backoff_max_s` apart. One the platform refused (`DeliveryRefused`: it
would refuse it again) fails, with the reason, until an agent resends it."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.config import DeliveryConfig
from bot.storage import Delivery, DeliveryQueue
from bot.storage.sql import DB_ERRORS, Connection

from .base import Channel, DeliveryFailed, DeliveryRefused

log = logging.getLogger(__name__)


def backoff(attempts: int, config: DeliveryConfig) -> float:
    """Seconds before the next try after `attempts` failures: doubling from the first, capped."""
    return min(config.backoff_max_s, config.backoff_first_s * 2 ** max(0, attempts - 1))


SETTLE_MARGIN_S = 10.0  # past the attempts, for the batch's settling commit (a busy file may take seconds)


class Sender:
    """One background task per app: wakes when a reply is queued or a retry falls due. Its writes
    (claiming a batch, marking it delivered) go through `commit`, the requests' group commit, so
    they share the requests' commits instead of taking the file's lock on their own; its read (when
    the next retry falls due) goes through `read`, off the event loop on PostgreSQL."""

    def __init__(
        self,
        queue: DeliveryQueue,
        channels: Mapping[str, Channel],
        config: DeliveryConfig,
        *,
        commit: Callable[[Callable[[Connection], Any]], Awaitable[Any]],  # Storage.commit
        read: Callable[[Callable[[], Any]], Awaitable[Any]],  # Storage.read
        on_result: Callable[[str, bool], None] = lambda channel, ok: None,
        on_settled: Callable[[list[Delivery]], None] = lambda batch: None,
    ):
        self._queue, self._channels, self._config = queue, channels, config
        self._commit, self._read, self._on_result, self._on_settled = commit, read, on_result, on_settled
        # One attempt is bounded by twice the POST's timeout (a platform's token fetch, then the
        # POST); a claimed batch is held until every attempt in it has ended and been settled, so
        # another worker never sends a reply whose first attempt may still succeed.
        self.attempt_s = config.timeout_s * 2
        self.lease_s = self.attempt_s + SETTLE_MARGIN_S
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="delivery-sender")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Lets the batch in flight finish and be settled, for as long as its lease holds it (an
        attempt may take `attempt_s`; cut short, a reply the platform took would stay queued and go
        out again after the restart); what is still pending stays in the queue for the next start."""
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, self.lease_s)
            except asyncio.TimeoutError:
                log.warning("delivery sender did not stop in time; pending replies stay queued")

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                if await self._send_batch():
                    continue
                next_at = await self._read(self._queue.next_at)
            except DB_ERRORS as exc:  # the file is locked or full, or the server away: the replies stay queued
                log.error("delivery queue unavailable (%s); trying again in %.1f s", exc, self._config.backoff_first_s)
                next_at = time.time() + self._config.backoff_first_s
            timeout = None if next_at is None else max(0.0, next_at - time.time())
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def _send_batch(self) -> bool:
        """Sends what is due; False when nothing was. Claimed first, so another worker on the same
        database does not send them too."""
        queue, config = self._queue, self._config
        batch = await self._commit(lambda _db: queue.claim(config.concurrency, lease_s=self.lease_s))
        if not batch:
            return False
        outcomes = list(zip(batch, await asyncio.gather(*(self._send(d) for d in batch))))

        def settle(_db: Connection) -> None:  # one commit for the batch, not one a reply
            queue.delivered([d.id for d, error in outcomes if error is None])
            for d, error in outcomes:
                if isinstance(error, DeliveryRefused):
                    queue.refused(d.id, str(error))
                elif error is not None:
                    queue.failed(d.id, f"{type(error).__name__}: {error}", backoff(d.attempts + 1, config))

        await self._commit(settle)
        self._on_settled(batch)  # the agents' windows show each reply's new status
        return True

    async def _send(self, d: Delivery) -> Exception | None:
        """None once the channel took the reply, else what went wrong. Each platform bounds its
        own calls by the delivery timeout; this bounds the whole, token fetch included."""
        channel = self._channels.get(d.channel)
        try:
            if channel is None or not channel.can_send:
                raise DeliveryFailed(f"channel {d.channel!r} cannot send replies in the config now")
            await asyncio.wait_for(channel.deliver(d), self.attempt_s)
        except DeliveryRefused as exc:
            log.warning("delivery %s to %s refused (%s); it waits for an agent to resend it", d.id, d.channel, exc)
            self._on_result(d.channel, False)
            return exc
        except (DeliveryFailed, asyncio.TimeoutError) as exc:
            log.warning("delivery %s to %s failed (%s: %s); retry in %.1f s", d.id, d.channel, type(exc).__name__,
                        exc, backoff(d.attempts + 1, self._config))
            self._on_result(d.channel, False)
            return exc
        self._on_result(d.channel, True)
        return None
