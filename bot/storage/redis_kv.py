"""The KV contract on Redis, for several instances behind a load balancer sharing sessions,
message-id dedupe and rate limits."""
from __future__ import annotations

import math

import redis.asyncio as redis


class RedisKV:
    def __init__(self, url: str, prefix: str = "shopbot:"):
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    @staticmethod
    def _ms(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, math.ceil(ttl * 1000))

    async def ping(self) -> None:
        """Fails at start, with the URL's error, rather than on the first buyer's message."""
        await self._redis.ping()

    async def get(self, key: str) -> str | None:
        return await self._redis.get(self._prefix + key)

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        await self._redis.set(self._prefix + key, value, px=self._ms(ttl))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        return bool(await self._redis.set(self._prefix + key, value, px=self._ms(ttl), nx=True))

    async def incr(self, key: str, ttl: float) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(self._prefix + key)
            pipe.pexpire(self._prefix + key, self._ms(ttl), nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def close(self) -> None:
        await self._redis.aclose()
