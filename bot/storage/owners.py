"""Who holds each conversation and whether it is closed, in the service's SQLite file (so every
worker agrees). Taking is one statement, so two agents clicking at once cannot both get it; the
rules of who may take, release or close are here and nowhere else."""
from __future__ import annotations

import time
from dataclasses import dataclass

from .sql import Connection


@dataclass(frozen=True)
class Holding:
    """A conversation's owner (None: anyone may take it) and whether it is closed."""

    conversation_id: str
    owner: str | None = None
    closed: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"conversation_id": self.conversation_id, "owner": self.owner, "closed": self.closed}


class HeldByOther(Exception):
    """Another agent holds the conversation: ask them to release it, or a supervisor to reassign it."""

    def __init__(self, holding: Holding) -> None:
        super().__init__(f"{holding.owner} is handling this conversation: ask them to release it,"
                         " or a supervisor to reassign it")
        self.holding = holding


class Ownership:
    def __init__(self, db: Connection):
        self._db = db

    def get(self, conversation_id: str) -> Holding:
        row = self._db.execute("SELECT owner, closed_at FROM owners WHERE conversation_id = ?",
                               (conversation_id,)).fetchone()
        return Holding(conversation_id, row[0], row[1] is not None) if row else Holding(conversation_id)

    def take(self, conversation_id: str, agent: str, *, reassign: bool = False) -> Holding:
        """`agent` holds it now (and it is open), unless another does and this is no supervisor's
        reassignment: then HeldByOther, and nothing changes."""
        self._db.execute(
            "INSERT INTO owners (conversation_id, owner, taken_at) VALUES (:c, :a, :now)"
            " ON CONFLICT (conversation_id) DO UPDATE SET owner = :a, closed_at = NULL, closed_by = NULL,"
            "   taken_at = CASE WHEN owners.owner = :a THEN owners.taken_at ELSE :now END"
            " WHERE owners.owner IS NULL OR owners.owner = :a OR :reassign",
            {"c": conversation_id, "a": agent, "now": time.time(), "reassign": reassign})
        holding = self.get(conversation_id)
        if holding.owner != agent:
            raise HeldByOther(holding)
        return holding

    def release(self, conversation_id: str, agent: str, *, supervisor: bool = False) -> Holding:
        holding = self.get(conversation_id)
        if holding.owner is not None and holding.owner != agent and not supervisor:
            raise HeldByOther(holding)
        self._db.execute("UPDATE owners SET owner = NULL, taken_at = NULL WHERE conversation_id = ?",
                         (conversation_id,))
        return self.get(conversation_id)

    def close(self, conversation_id: str, agent: str, *, supervisor: bool = False) -> Holding:
        """Closed by its owner (or anyone while nobody holds it, or a supervisor); it keeps its owner,
        so the buyer's next message, which reopens it, goes back to the same agent."""
        holding = self.get(conversation_id)
        if holding.owner is not None and holding.owner != agent and not supervisor:
            raise HeldByOther(holding)
        self._db.execute(
            "INSERT INTO owners (conversation_id, closed_at, closed_by) VALUES (?, ?, ?)"
            " ON CONFLICT (conversation_id) DO UPDATE SET closed_at = excluded.closed_at,"
            " closed_by = excluded.closed_by", (conversation_id, time.time(), agent))
        return self.get(conversation_id)

    def reopen(self, conversation_id: str) -> None:
        """A buyer wrote again: a closed conversation is open again (its owner kept)."""
        self._db.execute("UPDATE owners SET closed_at = NULL, closed_by = NULL"
                         " WHERE conversation_id = ? AND closed_at IS NOT NULL", (conversation_id,))

    def open_per_agent(self) -> dict[str, int]:
        rows = self._db.execute("SELECT owner, count(*) FROM owners WHERE owner IS NOT NULL AND closed_at IS NULL"
                                " GROUP BY owner")
        return {owner: n for owner, n in rows}
