"""The durable queue of auto replies on their way to a channel: a reply is written here before any
attempt and only marked delivered after the channel said yes, so nothing is dropped by a channel
that is down, a restart or a kill -9 (a reply may be sent twice, never lost)."""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from .sqlite import transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, channel TEXT NOT NULL, conversation_id TEXT NOT NULL, buyer_id TEXT,
    reply_to TEXT, text TEXT NOT NULL, created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL, last_error TEXT, delivered_at REAL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_at) WHERE delivered_at IS NULL;
"""


@dataclass(frozen=True)
class Delivery:
    channel: str
    conversation_id: str
    buyer_id: str | None
    reply_to: str | None  # the buyer's message_id this answers
    text: str
    id: int | None = None
    attempts: int = 0


class DeliveryQueue:
    def __init__(self, db: sqlite3.Connection):
        self._db = db
        db.executescript(SCHEMA)

    def put(self, d: Delivery) -> int:
        now = time.time()
        cursor = self._db.execute(
            "INSERT INTO deliveries (channel, conversation_id, buyer_id, reply_to, text, created_at,"
            " next_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (d.channel, d.conversation_id, d.buyer_id, d.reply_to, d.text, now, now),
        )
        return int(cursor.lastrowid)

    def due(self, limit: int, now: float | None = None) -> list[Delivery]:
        rows = self._db.execute(
            "SELECT * FROM deliveries WHERE delivered_at IS NULL AND next_at <= ?"
            " ORDER BY next_at, id LIMIT ?",
            (time.time() if now is None else now, limit),
        )
        return [
            Delivery(r["channel"], r["conversation_id"], r["buyer_id"], r["reply_to"], r["text"],
                     r["id"], r["attempts"])
            for r in rows
        ]

    def claim(self, limit: int, lease_s: float) -> list[Delivery]:
        """The due deliveries, taken for `lease_s` seconds: another process serving the same file
        (`serve --workers`) does not send them meanwhile. `delivered` or `failed` settle each; a
        claim whose process died runs out and the delivery is due again (sent twice, never lost)."""
        now = time.time()
        rows = self._db.execute(
            "UPDATE deliveries SET next_at = ? WHERE id IN (SELECT id FROM deliveries"
            " WHERE delivered_at IS NULL AND next_at <= ? ORDER BY next_at, id LIMIT ?) RETURNING *",
            (now + lease_s, now, limit),
        ).fetchall()
        return [
            Delivery(r["channel"], r["conversation_id"], r["buyer_id"], r["reply_to"], r["text"],
                     r["id"], r["attempts"])
            for r in sorted(rows, key=lambda r: r["id"])
        ]

    def next_at(self) -> float | None:
        """When the earliest pending delivery is due, so the sender can sleep until then."""
        row = self._db.execute(
            "SELECT min(next_at) FROM deliveries WHERE delivered_at IS NULL"
        ).fetchone()
        return row[0]

    def delivered(self, ids: list[int]) -> None:
        """One transaction for the batch: one commit, not one a reply."""
        with transaction(self._db):
            self._db.executemany(
                "UPDATE deliveries SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?",
                [(time.time(), i) for i in ids],
            )

    def failed(self, delivery_id: int, error: str, retry_in: float) -> None:
        self._db.execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?",
            (error[:500], time.time() + retry_in, delivery_id),
        )

    def pending(self) -> int:
        row = self._db.execute("SELECT count(*) FROM deliveries WHERE delivered_at IS NULL").fetchone()
        return int(row[0])
