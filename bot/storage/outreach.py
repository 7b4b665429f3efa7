"""The proactive messages' durable timers, the order events already seen and the buyers' opt-outs,
in the SQLite file beside the delivery queue: a timer is written in the commit that takes its
event, and leaves `pending` in the commit that queues its message, so a kill -9 loses no timer and
sends none twice. Several processes on the file claim due timers with a lease, like deliveries."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from .sql import Connection, skip_locked
PENDING, SENT, CANCELLED, SKIPPED = "pending", "sent", "cancelled", "skipped"


@dataclass(frozen=True)
class Timer:
    id: int
    channel: str
    order_id: str
    rule: str
    buyer_id: str
    conversation_id: str
    due_at: float
    lease: str | None = None


def _timer(r: Any) -> Timer:
    return Timer(r["id"], r["channel"], r["order_id"], r["rule"], r["buyer_id"], r["conversation_id"],
                 r["due_at"], r["lease"])


class OutreachTimers:
    def __init__(self, db: Connection):
        self._db = db

    def first_sight(self, channel: str, event_id: str) -> bool:
        """True the first time an event id is seen on a channel (inside the commit that takes it)."""
        cursor = self._db.execute("INSERT INTO order_events (channel, event_id, at) VALUES (?, ?, ?)"
                                  " ON CONFLICT DO NOTHING",
                                  (channel, event_id, time.time()))
        return cursor.rowcount == 1

    def schedule(self, channel: str, order_id: str, rule: str, buyer_id: str, conversation_id: str,
                 due_at: float) -> bool:
        """A timer, once per order and rule: a second event that would start it again starts nothing."""
        cursor = self._db.execute(
            "INSERT INTO outreach_timers (channel, order_id, rule, buyer_id, conversation_id, due_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (channel, order_id, rule, buyer_id, conversation_id, due_at, time.time()))
        return cursor.rowcount == 1

    def cancel(self, channel: str, order_id: str, rules: tuple[str, ...], reason: str) -> list[str]:
        """The rules among `rules` whose pending timers for the order were cancelled."""
        if not rules:
            return []
        marks = ",".join("?" * len(rules))
        rows = self._db.execute(
            f"UPDATE outreach_timers SET state = '{CANCELLED}', reason = ?, done_at = ? WHERE channel = ?"
            f" AND order_id = ? AND state = '{PENDING}' AND rule IN ({marks}) RETURNING rule",
            (reason, time.time(), channel, order_id, *rules)).fetchall()
        return sorted(r[0] for r in rows)

    def opt_out(self, channel: str, buyer_id: str) -> list[tuple[str, str]]:
        """The buyer wants no more: every order of theirs that has timers stops; (order, rule) cancelled."""
        orders = [r[0] for r in self._db.execute(
            "SELECT DISTINCT order_id FROM outreach_timers WHERE channel = ? AND buyer_id = ?", (channel, buyer_id))]
        now = time.time()
        self._db.executemany("INSERT INTO outreach_opt_outs (channel, order_id, at) VALUES (?, ?, ?)"
                             " ON CONFLICT DO NOTHING",
                             [(channel, o, now) for o in orders])
        rows = self._db.execute(
            f"UPDATE outreach_timers SET state = '{SKIPPED}', reason = 'opt_out', done_at = ? WHERE channel = ?"
            f" AND buyer_id = ? AND state = '{PENDING}' RETURNING order_id, rule", (now, channel, buyer_id)).fetchall()
        return sorted((r[0], r[1]) for r in rows)

    def opted_out(self, channel: str, order_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM outreach_opt_outs WHERE channel = ? AND order_id = ?",
                                (channel, order_id)).fetchone() is not None

    def claim(self, due_by: float, limit: int, lease_s: float) -> list[Timer]:
        """Timers due by `due_by` (a replayed moment may lie ahead of the clock), taken for `lease_s`
        real seconds under a fresh lease token: `settle` only counts with the token it was given."""
        now, token = time.time(), uuid.uuid4().hex
        rows = self._db.execute(
            "UPDATE outreach_timers SET lease_until = ?, lease = ? WHERE id IN (SELECT id FROM outreach_timers"
            f" WHERE state = '{PENDING}' AND due_at <= ? AND lease_until <= ? ORDER BY due_at, id LIMIT ?"
            f"{skip_locked(self._db)})"
            " RETURNING *", (now + lease_s, token, due_by, now, limit)).fetchall()
        return sorted((_timer(r) for r in rows), key=lambda t: (t.due_at, t.id))

    def settle(self, timer: Timer, state: str, reason: str = "", *, at: float | None = None) -> bool:
        """Moves a claimed timer on, if its lease is still ours: False when another process took it.
        `at`: the moment it was sent (replayed or real), which the buyer's daily cap counts by."""
        cursor = self._db.execute(
            f"UPDATE outreach_timers SET state = ?, reason = ?, done_at = ?, lease_until = 0,"
            f" due_at = coalesce(?, due_at) WHERE id = ? AND state = '{PENDING}' AND lease = ?",
            (state, reason or None, time.time(), at, timer.id, timer.lease))
        return cursor.rowcount == 1

    def defer(self, timer: Timer, due_at: float) -> None:
        self._db.execute(f"UPDATE outreach_timers SET due_at = ?, lease_until = 0 WHERE id = ? AND state = '{PENDING}'"
                         " AND lease = ?", (due_at, timer.id, timer.lease))

    def sent_for_order(self, channel: str, order_id: str) -> int:
        return self._db.execute(f"SELECT count(*) FROM outreach_timers WHERE channel = ? AND order_id = ? AND state = '{SENT}'",
                                (channel, order_id)).fetchone()[0]

    def sent_to_buyer(self, channel: str, buyer_id: str, since: float) -> int:
        """Sent to the buyer since `since` (by the moment the message went, replayed or real)."""
        return self._db.execute(
            f"SELECT count(*) FROM outreach_timers WHERE channel = ? AND buyer_id = ? AND state = '{SENT}'"
            " AND due_at >= ?", (channel, buyer_id, since)).fetchone()[0]

    def next_due(self) -> float | None:
        return self._db.execute(f"SELECT min(due_at) FROM outreach_timers WHERE state = '{PENDING}'").fetchone()[0]

    def states(self, channel: str, order_id: str) -> dict[str, str]:
        """Each rule's timer state for an order: what the replay endpoint and the tests read."""
        return {r[0]: r[1] for r in self._db.execute(
            "SELECT rule, state FROM outreach_timers WHERE channel = ? AND order_id = ?", (channel, order_id))}
