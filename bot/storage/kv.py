"""The key-value contract behind sessions, message-id dedupe and rate limits, and its SQLite form.

A few methods, as a Protocol, so SQLite (one instance) and Redis (several instances) are swapped
by config without the server knowing which it has. `admit` and `get_many` do in one step what the
webhook would otherwise ask in two, since each step is a round trip (Redis) or a commit (SQLite).
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .sqlite import GroupCommit


class KV(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl: float | None = None) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        """Sets the key only if it is absent (or expired); True when this call set it."""

    async def incr(self, key: str, ttl: float) -> int:
        """Adds one and returns the count; the first increment starts a `ttl`-second window."""

    async def get_many(self, keys: Sequence[str]) -> list[str | None]: ...

    async def admit(self, rate_key: str, window_s: float, limit: int, seen_key: str,
                    seen_ttl: float, *, claim: str = "1", read: Sequence[str] = ()) -> Admission:
        """A message in: `incr(rate_key, window_s)` and, if that count is within `limit`,
        `add(seen_key, claim, seen_ttl)`, atomically; when the message is admitted, also the values
        of the `read` keys (what the conversation remembers), in the same step; when its id was
        claimed already, that claim."""

    async def replace(self, key: str, expected: str, value: str, ttl: float | None = None) -> bool:
        """Sets the key only if it holds `expected` now (compare and set); True when it did."""

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Admission:
    count: int  # messages from this sender in the window, this one included
    fresh: bool  # the message id was claimed now: not a duplicate, not over the limit
    values: tuple[str | None, ...] = ()  # of the `read` keys, in order, when fresh
    held: str | None = None  # the claim already on the message id, when that is why it is not fresh


class SQLiteKV:
    """Keys with an expiry in the shared SQLite file; expired rows read as absent and are swept a
    bounded batch at a time, found through an index on the expiry, so the table does not grow
    without bound and no sweep stalls the requests behind it. Writes go through the
    connection's group commit: each returns once committed, sharing the commit with the other
    requests of the same turn of the event loop. Several processes on the same file see one
    another's keys (dedupe and rate limits hold across `serve --workers`)."""

    SWEEP_EVERY = 1000  # writes
    SWEEP_AT_MOST = 2000  # expired rows deleted by one sweep: more writes than come in between

    def __init__(self, db: sqlite3.Connection, group: GroupCommit | None = None):
        self._db = db
        self._group = group or GroupCommit(db)
        self._writes = 0

    def _expiry(self, ttl: float | None) -> float | None:
        self._writes += 1
        if self._writes % self.SWEEP_EVERY == 0:
            self._db.execute(
                "DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at < ? LIMIT ?)",
                (time.time(), self.SWEEP_AT_MOST),
            )
        return None if ttl is None else time.time() + ttl

    async def get(self, key: str) -> str | None:
        row = self._db.execute(
            "SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at >= ?)",
            (key, time.time()),
        ).fetchone()
        return row[0] if row else None

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return self._read(self._db, keys)

    @staticmethod
    def _read(db: sqlite3.Connection, keys: Sequence[str]) -> list[str | None]:
        found = dict(db.execute(
            f"SELECT key, value FROM kv WHERE key IN ({', '.join('?' * len(keys))})"
            " AND (expires_at IS NULL OR expires_at >= ?)",
            (*keys, time.time()),
        ).fetchall())
        return [found.get(key) for key in keys]

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        await self._group.submit(lambda db: self.put(db, key, value, ttl))

    def put(self, db: sqlite3.Connection, key: str, value: str, ttl: float | None = None) -> None:
        """`set` inside a write already running in the group commit (`Storage.commit`)."""
        db.execute("INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
                   " SET value = excluded.value, expires_at = excluded.expires_at",
                   (key, value, self._expiry(ttl)))

    async def delete(self, key: str) -> None:
        await self._group.submit(lambda db: db.execute("DELETE FROM kv WHERE key = ?", (key,)))

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        return await self._group.submit(lambda db: self._add(db, key, value, ttl))

    async def incr(self, key: str, ttl: float) -> int:
        return await self._group.submit(lambda db: self._incr(db, key, ttl))

    async def admit(self, rate_key: str, window_s: float, limit: int, seen_key: str,
                    seen_ttl: float, *, claim: str = "1", read: Sequence[str] = ()) -> Admission:
        def write(db: sqlite3.Connection) -> Admission:
            count = self._incr(db, rate_key, window_s)
            if count > limit:
                return Admission(count, False)
            if not self._add(db, seen_key, claim, seen_ttl):
                return Admission(count, False, held=self._read(db, [seen_key])[0])
            return Admission(count, True, tuple(self._read(db, read)) if read else ())

        return await self._group.submit(write)

    async def replace(self, key: str, expected: str, value: str, ttl: float | None = None) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE kv SET value = ?, expires_at = ? WHERE key = ? AND value = ?"
                " AND (expires_at IS NULL OR expires_at >= ?)",
                (value, self._expiry(ttl), key, expected, time.time()),
            )
            return cursor.rowcount == 1

        return await self._group.submit(write)

    def _add(self, db: sqlite3.Connection, key: str, value: str, ttl: float | None) -> bool:
        cursor = db.execute(
            "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value, expires_at = excluded.expires_at"
            " WHERE kv.expires_at < ?",
            (key, value, self._expiry(ttl), time.time()),
        )
        return cursor.rowcount == 1

    def _incr(self, db: sqlite3.Connection, key: str, ttl: float) -> int:
        row = db.execute(
            "INSERT INTO kv (key, value, expires_at) VALUES (:key, '1', :expires) ON CONFLICT (key)"
            " DO UPDATE SET value = CASE WHEN kv.expires_at < :now THEN '1'"
            "                       ELSE CAST(CAST(kv.value AS INTEGER) + 1 AS TEXT) END,"
            "     expires_at = CASE WHEN kv.expires_at < :now THEN excluded.expires_at"
            "                  ELSE kv.expires_at END"
            " RETURNING value",
            {"key": key, "expires": self._expiry(ttl), "now": time.time()},
        ).fetchone()
        return int(row[0])

    async def close(self) -> None:
        """The connection belongs to whoever opened the database; nothing of the KV's own to free."""
