"""The KV contract on Redis, for several instances behind a load balancer sharing sessions,
message-id dedupe and rate limits.

Commands issued in one turn of the event loop, by however many requests, go to Redis together in
one pipeline (one write and one read on one connection), each caller getting its own reply: on a
busy server that is one round trip for many requests instead of one per command. The pipeline is
not a transaction; what must be atomic (a rate count with its expiry, the count and the dedupe
claim together) is one Lua script."""
from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import redis.asyncio as redis
from redis.exceptions import RedisError

from .kv import Admission

log = logging.getLogger(__name__)

# INCR, and start the window on the first increment (or on a key that somehow has no expiry).
_INCR = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""
# The same, then claim the message id only when the sender is within its limit, and once it is
# claimed read the keys after the first two (MGET's missing keys come back as false: nil replies);
# when the id is claimed already, that claim instead.
_ADMIT = _INCR.replace("return count", """
if count > tonumber(ARGV[2]) then return {count, 0, {}} end
if not redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3], 'NX') then
  return {count, 0, {}, redis.call('GET', KEYS[2])}
end
if #KEYS > 2 then return {count, 1, redis.call('MGET', unpack(KEYS, 3))} end
return {count, 1, {}}
""")
# Compare and set: the new value only over the expected one.
_REPLACE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
"""


class StoreUnavailable(ConnectionError):
    """The shared store (Redis) does not answer: the request cannot be taken now; send it again
    (the service answers 503 with Retry-After)."""


class RedisKV:
    def __init__(self, url: str, prefix: str = "shopbot:"):
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._prefix = prefix
        self._where = urlsplit(url).hostname or "127.0.0.1"  # never the password
        self._down_since: float | None = None  # while Redis fails: logged once, not once a command
        self._failed = 0
        self._queue: list[tuple[tuple[Any, ...], dict[str, Any], asyncio.Future[Any]]] = []
        self._flushing: set[asyncio.Task[None]] = set()

    @staticmethod
    def _ms(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, math.ceil(ttl * 1000))

    def _command(self, *args: Any, **options: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if not self._queue:
            loop.call_soon(self._flush)
        self._queue.append((args, options, future))
        return future

    def _flush(self) -> None:
        batch, self._queue = self._queue, []
        task = asyncio.get_running_loop().create_task(self._send(batch))
        self._flushing.add(task)  # a reference until done, and something for close() to wait on
        task.add_done_callback(self._flushing.discard)

    async def _send(self, batch: list[tuple[tuple[Any, ...], dict[str, Any], asyncio.Future[Any]]]) -> None:
        try:
            if len(batch) == 1:
                args, options, _ = batch[0]
                replies = [await self._redis.execute_command(*args, **options)]
            else:
                pipe = self._redis.pipeline(transaction=False)
                for args, options, _ in batch:
                    pipe.execute_command(*args, **options)
                replies = await pipe.execute(raise_on_error=False)
        except (RedisError, OSError) as exc:
            replies = [self._down(exc)] * len(batch)
        except asyncio.CancelledError as exc:
            replies = [StoreUnavailable(f"Redis command cancelled: {exc}")] * len(batch)
        else:
            self._up()
        for (_, _, future), reply in zip(batch, replies):
            if future.cancelled():
                continue
            if isinstance(reply, Exception):
                future.set_exception(reply)
            else:
                future.set_result(reply)

    def _down(self, exc: Exception) -> StoreUnavailable:
        self._failed += 1
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.error("Redis at %s does not answer (%s): requests get 503 with Retry-After until it does",
                      self._where, exc)
        return StoreUnavailable(f"Redis at {self._where} does not answer: {exc}")

    def _up(self) -> None:
        if self._down_since is not None:
            log.warning("Redis at %s answers again after %.1f s; %d commands failed meanwhile", self._where,
                        time.monotonic() - self._down_since, self._failed)
            self._down_since, self._failed = None, 0

    async def persistence(self) -> str | None:
        """Why this Redis forgets everything when it restarts (no RDB snapshots, no AOF), or None
        when it keeps something or will not say (CONFIG disabled, as on some managed services)."""
        try:
            save = (await self._redis.config_get("save")).get("save", "")
            aof = (await self._redis.config_get("appendonly")).get("appendonly", "no")
        except (RedisError, OSError):
            return None
        if not save.strip() and aof == "no":
            return "save is empty and appendonly is no"
        return None

    async def ping(self) -> None:
        """Fails at start, with the URL's error, rather than on the first buyer's message."""
        await self._redis.ping()

    async def get(self, key: str) -> str | None:
        return await self._command("GET", self._prefix + key)

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return list(await self._command("MGET", *(self._prefix + k for k in keys)))

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        px = self._ms(ttl)
        await self._command("SET", self._prefix + key, value, *(("PX", px) if px else ()))

    async def delete(self, key: str) -> None:
        await self._command("DEL", self._prefix + key)

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        px = self._ms(ttl)
        return bool(await self._command("SET", self._prefix + key, value, *(("PX", px) if px else ()), "NX"))

    async def incr(self, key: str, ttl: float) -> int:
        return int(await self._command("EVAL", _INCR, 1, self._prefix + key, self._ms(ttl)))

    async def admit(self, rate_key: str, window_s: float, limit: int, seen_key: str,
                    seen_ttl: float, *, claim: str = "1", read: Sequence[str] = ()) -> Admission:
        keys = [self._prefix + k for k in (rate_key, seen_key, *read)]
        count, added, values, *held = await self._command(
            "EVAL", _ADMIT, len(keys), *keys, self._ms(window_s), limit, self._ms(seen_ttl), claim)
        if added:
            return Admission(int(count), True, tuple(values))
        return Admission(int(count), False, held=held[0] if held else None)

    async def replace(self, key: str, expected: str, value: str, ttl: float | None = None) -> bool:
        px = self._ms(ttl)
        return bool(await self._command("EVAL", _REPLACE, 1, self._prefix + key, expected, value,
                                        "" if px is None else px))

    async def close(self) -> None:
        if self._queue:
            self._flush()
        if self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)
        await self._redis.aclose()
