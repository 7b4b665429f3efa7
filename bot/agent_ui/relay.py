"""The agents' window's events between instances, through Redis pub/sub: when several instances
share one store (`store.backend: redis` or `postgres`), a window on any of them sees every message
live, whichever instance handled it, on whichever host.

Each instance publishes its own hub events on one Redis channel, tagged with an id of its own, and
one subscriber task a instance hands the others' events to its open windows; its own come back from
Redis too and are dropped, since its windows had them at once. Publishing never blocks the request
that announced: events wait in a bounded outbox that one task drains in order. What cannot cross
(Redis down, the outbox full) is made good by `changed` (reload): published once Redis takes events
again, and given to this instance's windows once the subscriber is back, since the others' events
of the outage are gone (pub/sub keeps nothing)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import orjson
import redis.asyncio as redis
from redis.exceptions import RedisError

from bot.jsontext import dumpb

log = logging.getLogger(__name__)

CHANNEL = "shopbot:agent-events"
LOCAL_ONLY = frozenset({"reload"})  # how this instance's own hot reload went: its own windows' banner
OUTBOX_SIZE = 1024  # events that may wait for Redis before the rest are replaced by one `changed`
RETRY_S = 1.0  # pause before subscribing again after Redis dropped the connection
LISTEN_S = 1.0  # the subscriber's longest wait for a message, so a health check can go out
HEALTH_S = 15.0  # a quiet subscription is pinged this often, so a dead connection is noticed
CLOSE_S = LISTEN_S + 1.0  # how long closing waits for the publisher and the subscriber to finish

Deliver = Callable[[dict[str, Any]], None]


def changed() -> dict[str, Any]:
    """Reload everything: which conversations moved is not known."""
    return {"type": "changed", "at": time.time()}


class Relay:
    """One per instance: `send` what this instance published; `start`, then `close`."""

    def __init__(self, url: str, deliver: Deliver, *, channel: str = CHANNEL, retry_s: float = RETRY_S):
        self._redis = redis.Redis.from_url(url, health_check_interval=HEALTH_S, socket_keepalive=True)
        self._where = urlsplit(url).hostname or "127.0.0.1"  # never the password
        self._deliver = deliver
        # one channel per Redis database, as the keys are: deployments sharing a server by database
        # number do not hear each other (pub/sub channels are server-wide)
        self._channel = f"{channel}:{self._redis.connection_pool.connection_kwargs.get('db', 0)}"
        self._retry_s = retry_s
        self.origin = uuid.uuid4().hex  # this instance, so its own events are not delivered twice
        self._outbox: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(OUTBOX_SIZE)
        self._missed = False  # events that never reached Redis: the others must reload
        self.subscribed = asyncio.Event()  # set while the subscription is live
        self._tasks: list[asyncio.Task[None]] = []
        self._closing = False

    def send(self, event: dict[str, Any]) -> None:
        """Queues a local event for the others; never blocks, never raises."""
        if event.get("type") in LOCAL_ONLY:
            return
        try:
            self._outbox.put_nowait(event)
        except asyncio.QueueFull:
            self._missed = True

    def start(self) -> None:
        """Starts publishing and subscribing; `close` stops both."""
        self._tasks = [asyncio.create_task(self._publish(), name="agent-events-publish"),
                       asyncio.create_task(self._listen(), name="agent-events-listen")]

    async def close(self) -> None:
        """Publishes what is queued, unsubscribes and closes the connections. Asked to stop rather
        than cancelled: redis-py's pub/sub teardown shields itself and may swallow a cancellation,
        which left a cancelled publisher waiting on its empty outbox for ever."""
        self._closing = True
        with contextlib.suppress(asyncio.QueueFull):
            self._outbox.put_nowait(None)  # wakes the publisher
        _, stuck = await asyncio.wait(self._tasks, timeout=CLOSE_S)
        for task in stuck:  # Redis does not answer: what was queued is lost anyway
            task.cancel()
        await self._redis.aclose()

    async def _publish(self) -> None:
        """What waits in the outbox goes in one pipeline (one round trip), so a busy instance's
        events do not queue up behind one round trip each (a kill -9 loses what is still queued)."""
        while not self._closing:
            events = [await self._outbox.get()]
            while not self._outbox.empty() and len(events) < OUTBOX_SIZE:
                events.append(self._outbox.get_nowait())
            events = [e for e in events if e is not None]  # None: close() woke it
            if not events:
                continue
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    if self._missed and events[0].get("type") != "changed":  # the others missed some of ours
                        pipe.publish(self._channel, self._wrap(changed()))
                    for event in events:
                        pipe.publish(self._channel, self._wrap(event))
                    await pipe.execute()
                self._missed = False
            except (RedisError, OSError) as exc:
                if not self._missed:
                    log.warning("cannot publish the agents' window events on Redis at %s (%s): windows on"
                                " other instances reload once it answers again", self._where, exc)
                self._missed = True

    def _wrap(self, event: dict[str, Any]) -> bytes:
        return dumpb({"origin": self.origin, "event": event})

    async def _listen(self) -> None:
        down = False
        while not self._closing:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    self.subscribed.set()
                    if down:
                        log.warning("Redis at %s answers again: the agents' windows reload", self._where)
                        self._deliver(changed())  # what the others published meanwhile is gone
                        if self._missed:  # and what this one published: they reload too
                            self.send(changed())
                        down = False
                    while not self._closing:
                        message = await pubsub.get_message(timeout=LISTEN_S)
                        if message is not None:
                            self._receive(message["data"])
            except (RedisError, OSError) as exc:
                self.subscribed.clear()
                if not down:
                    log.warning("lost the agents' window events from Redis at %s (%s): trying again every"
                                " %g s; windows on this instance miss other instances' messages meanwhile",
                                self._where, exc, self._retry_s)
                    down = True
                await asyncio.sleep(self._retry_s)

    def _receive(self, data: bytes) -> None:
        try:
            wrapped = orjson.loads(data)
            origin, event = wrapped["origin"], wrapped["event"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            log.warning("ignored a message on %s that is not an agents' window event", self._channel)
            return
        if origin != self.origin and isinstance(event, dict) and event.get("type") not in LOCAL_ONLY:
            self._deliver(event)
