"""The key-value contract behind sessions, message-id dedupe and rate limits, and its SQLite form.

Six methods, as a Protocol, so SQLite (one instance) and Redis (several instances) are swapped by
config without the server knowing which it has.
"""
from __future__ import annotations

import sqlite3
import time
from typing import Protocol


class KV(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl: float | None = None) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        """Sets the key only if it is absent (or expired); True when this call set it."""

    async def incr(self, key: str, ttl: float) -> int:
        """Adds one and returns the count; the first increment starts a `ttl`-second window."""

    async def close(self) -> None: ...


class SQLiteKV:
    """Keys with an expiry in the shared SQLite file; expired rows read as absent and are swept
    every few thousand writes so the table does not grow without bound."""

    SWEEP_EVERY = 5000

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._writes = 0
        db.execute(
            "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " expires_at REAL) WITHOUT ROWID"
        )

    def _expiry(self, ttl: float | None) -> float | None:
        self._writes += 1
        if self._writes % self.SWEEP_EVERY == 0:
            self._db.execute("DELETE FROM kv WHERE expires_at < ?", (time.time(),))
        return None if ttl is None else time.time() + ttl

    async def get(self, key: str) -> str | None:
        row = self._db.execute(
            "SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at >= ?)",
            (key, time.time()),
        ).fetchone()
        return row[0] if row else None

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO kv (key, value, expires_at) VALUES (?, ?, ?)",
            (key, value, self._expiry(ttl)),
        )

    async def delete(self, key: str) -> None:
        self._db.execute("DELETE FROM kv WHERE key = ?", (key,))

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        cursor = self._db.execute(
            "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value, expires_at = excluded.expires_at"
            " WHERE kv.expires_at < ?",
            (key, value, self._expiry(ttl), time.time()),
        )
        return cursor.rowcount == 1

    async def incr(self, key: str, ttl: float) -> int:
        row = self._db.execute(
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
