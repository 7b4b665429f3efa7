"""The durable queue of auto replies on their way to a channel: a reply is written here before any
attempt and only marked delivered after the channel said yes, so nothing is dropped by a channel
that is down, a restart or a kill -9 (a reply may be sent twice, never lost). A channel that refuses a
reply outright (a 4xx other than 408/429: it will refuse it again) fails it: it waits, with the
reason, until an agent resends it. Each reply's status (`DeliveryStatus`) shows beside it in the
agents' window and the API."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .sql import Connection, skip_locked, transaction
STATUSES = ("queued", "retrying", "delivered", "failed")


@dataclass(frozen=True)
class DeliveryStatus:
    """Where a reply is: queued (not tried yet), retrying (the last try failed, `error` says why),
    delivered, or failed (the channel refused it; it waits for an agent to resend it)."""

    id: int
    status: str
    attempts: int
    error: str | None = None
    at: float | None = None  # delivered or failed at, or the next try


def status_of(row: Any) -> DeliveryStatus:
    """From a row of `deliveries`; the one place that decides what a row's state is called."""
    if row["delivered_at"] is not None:
        return DeliveryStatus(row["id"], "delivered", row["attempts"], None, row["delivered_at"])
    if row["failed_at"] is not None:
        return DeliveryStatus(row["id"], "failed", row["attempts"], row["last_error"], row["failed_at"])
    if row["attempts"] == 0:
        return DeliveryStatus(row["id"], "queued", 0, None, row["next_at"])
    return DeliveryStatus(row["id"], "retrying", row["attempts"], row["last_error"], row["next_at"])


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
    def __init__(self, db: Connection):
        self._db = db

    def put(self, d: Delivery) -> int:
        now = time.time()
        row = self._db.execute(
            "INSERT INTO deliveries (channel, conversation_id, buyer_id, reply_to, text, created_at,"
            " next_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (d.channel, d.conversation_id, d.buyer_id, d.reply_to, d.text, now, now),
        ).fetchone()
        return int(row[0])

    def due(self, limit: int, now: float | None = None) -> list[Delivery]:
        rows = self._db.execute(
            "SELECT * FROM deliveries WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= ?"
            " ORDER BY next_at, id LIMIT ?",
            (time.time() if now is None else now, limit),
        )
        return [
            Delivery(r["channel"], r["conversation_id"], r["buyer_id"], r["reply_to"], r["text"],
                     r["id"], r["attempts"])
            for r in rows
        ]

    def claim(self, limit: int, lease_s: float) -> list[Delivery]:
        """The due deliveries, taken for `lease_s` seconds: another process serving the same store
        (`serve --workers`, another instance on PostgreSQL) does not send them meanwhile, nor waits
        for the rows this one is taking. `delivered` or `failed` settle each; a
        claim whose process died runs out and the delivery is due again (sent twice, never lost)."""
        now = time.time()
        rows = self._db.execute(
            "UPDATE deliveries SET next_at = ? WHERE id IN (SELECT id FROM deliveries"
            f" WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= ? ORDER BY next_at, id LIMIT ?{skip_locked(self._db)})"
            " RETURNING *",
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
            "SELECT min(next_at) FROM deliveries WHERE delivered_at IS NULL AND failed_at IS NULL"
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

    def refused(self, delivery_id: int, error: str) -> None:
        """The channel will not take it as it is: no more tries until an agent resends it."""
        self._db.execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
            (error[:500], time.time(), delivery_id),
        )

    def resend(self, delivery_id: int) -> bool:
        """A failed reply goes back on the queue, due now; False when it has not failed."""
        cursor = self._db.execute(
            "UPDATE deliveries SET failed_at = NULL, attempts = 0, next_at = ? WHERE id = ?"
            " AND failed_at IS NOT NULL AND delivered_at IS NULL", (time.time(), delivery_id))
        return cursor.rowcount == 1

    def status(self, delivery_id: int) -> DeliveryStatus | None:
        row = self._db.execute("SELECT * FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
        return status_of(row) if row else None

    def conversation_of(self, delivery_id: int) -> str | None:
        row = self._db.execute("SELECT conversation_id FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
        return row[0] if row else None

    def pending(self) -> int:
        row = self._db.execute("SELECT count(*) FROM deliveries WHERE delivered_at IS NULL").fetchone()
        return int(row[0])
