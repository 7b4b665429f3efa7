"""What the chat window shows beside each conversation, kept in the service's SQLite file: the
latest turn's order card, policy facts, suggestions and flags (one row per conversation), and the
list of open conversations computed from the message log."""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from bot.jsontext import dumps
from bot.storage.sql import Connection

OPEN_FOR_S = 24 * 3600  # a conversation quiet for a day leaves the list
LIST_LIMIT = 200


@dataclass(frozen=True)
class Card:
    conversation_id: str
    message_id: str | None
    order: dict[str, Any] | None
    facts: dict[str, Any]
    intents: tuple[str, ...]
    matches: tuple[dict[str, Any], ...]
    suggestions: tuple[dict[str, Any], ...]
    handoff: bool
    angry: bool
    action: str  # auto, agent or assist
    at: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dumps(value: Any) -> str:
    return dumps(value)


class CardStore:
    def __init__(self, db: Connection):
        self._db = db

    def put(self, card: Card) -> None:
        """A turn without an order keeps the order the conversation had."""
        self._db.execute(
            "INSERT INTO agent_cards (conversation_id, message_id, order_json, facts, intents, matches,"
            " suggestions, handoff, angry, action, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (conversation_id) DO UPDATE SET message_id = excluded.message_id,"
            " order_json = coalesce(excluded.order_json, agent_cards.order_json),"
            " facts = excluded.facts, intents = excluded.intents, matches = excluded.matches,"
            " suggestions = excluded.suggestions, handoff = excluded.handoff, angry = excluded.angry,"
            " action = excluded.action, at = excluded.at",
            (card.conversation_id, card.message_id,
             _dumps(card.order) if card.order is not None else None, _dumps(card.facts),
             _dumps(card.intents), _dumps(card.matches), _dumps(card.suggestions), int(card.handoff),
             int(card.angry), card.action, card.at),
        )

    def get(self, conversation_id: str) -> Card | None:
        r = self._db.execute(
            "SELECT * FROM agent_cards WHERE conversation_id = ?", (conversation_id,)
        ).fetchone()
        if r is None:
            return None
        return Card(
            r["conversation_id"], r["message_id"],
            json.loads(r["order_json"]) if r["order_json"] else None, json.loads(r["facts"]),
            tuple(json.loads(r["intents"])), tuple(json.loads(r["matches"])),
            tuple(json.loads(r["suggestions"])), bool(r["handoff"]), bool(r["angry"]), r["action"],
            r["at"],
        )

    def open_conversations(self, now: float | None = None, limit: int = LIST_LIMIT,
                           me: str | None = None) -> list[dict[str, Any]]:
        """Conversations active in the last day, with who holds each. A conversation is waiting
        from its first buyer message after the last reply (bot or agent; in a handoff, an agent's),
        unless it was closed.
        Order (`rank`): waiting handoffs and angry buyers that are `me`'s or nobody's, then `me`'s
        waiting buyers, nobody's, other agents' (longest wait first in each); then `me`'s other
        conversations, the rest (most recent first); closed ones last."""
        now = time.time() if now is None else now
        rows = self._db.execute(
            """
            WITH recent AS (
                SELECT id, channel, buyer_id, updated_at FROM conversations
                WHERE updated_at >= ? ORDER BY updated_at DESC LIMIT ?),
            replied AS (  -- in a handoff only an agent's reply ends the wait, not the bot's acknowledgement
                SELECT r.id, (SELECT max(at) FROM messages m
                              WHERE m.conversation_id = r.id AND m.role != 'buyer'
                                AND (m.role = 'agent' OR coalesce(
                                    (SELECT handoff FROM agent_cards h WHERE h.conversation_id = r.id), 0) = 0)) AS replied_at
                FROM recent r)
            SELECT r.id, r.channel, r.buyer_id, r.updated_at, p.replied_at,
                (SELECT min(at) FROM messages m WHERE m.conversation_id = r.id AND m.role = 'buyer'
                   AND m.at > coalesce(p.replied_at, 0)) AS waiting_since,
                (SELECT count(*) FROM messages m WHERE m.conversation_id = r.id AND m.role = 'buyer'
                   AND m.at > coalesce(p.replied_at, 0)) AS unanswered,
                l.role AS last_role, l.text AS last_text, l.at AS last_at,
                c.handoff, c.angry, c.intents, o.owner, o.closed_at
            FROM recent r JOIN replied p ON p.id = r.id
            LEFT JOIN agent_cards c ON c.conversation_id = r.id
            LEFT JOIN owners o ON o.conversation_id = r.id
            LEFT JOIN messages l ON l.id = (SELECT max(id) FROM messages m WHERE m.conversation_id = r.id)
            """,
            (now - OPEN_FOR_S, limit),
        ).fetchall()
        items = []
        for r in rows:
            role, text, at = (r["last_role"], r["last_text"], r["last_at"]) if r["last_role"] else (None, "", r["updated_at"])
            closed = r["closed_at"] is not None
            waiting = r["waiting_since"] is not None and not closed
            items.append({
                "conversation_id": r["id"], "channel": r["channel"], "buyer_id": r["buyer_id"],
                "waiting": waiting, "unanswered": r["unanswered"],
                "handoff": bool(r["handoff"]) and waiting, "angry": bool(r["angry"]) and waiting,
                "intents": json.loads(r["intents"]) if r["intents"] else [],
                "waiting_since": r["waiting_since"] if waiting else None,
                "owner": r["owner"], "closed": closed,
                "last": {"role": role, "text": text, "at": at},
            })

        return sorted(items, key=lambda item: rank(item, me))


def rank(item: dict[str, Any], me: str | None) -> tuple[int, float]:
    """Where a conversation goes in `me`'s list (see `open_conversations`)."""
    owner = item["owner"]
    mine, free = owner is not None and owner == me, owner is None
    if item["closed"]:
        return 6, -item["last"]["at"]
    if item["waiting"]:
        since = item["waiting_since"]
        if (item["handoff"] or item["angry"]) and (mine or free):
            return 0, since
        return (1 if mine else 2 if free else 3), since
    return (4 if mine else 5), -item["last"]["at"]

