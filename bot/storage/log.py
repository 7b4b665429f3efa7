"""What happened in each conversation, kept in SQLite for agents and trainers: the messages with
the intents recognised, the agents' queue, the trainers' inbox and the agents' feedback."""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.jsontext import dumps
from bot.marks import WRONG_ACTIONS, MarkCount, ReadingKind, kinds_of
from bot.slots import mask_phones

from .deliveries import DeliveryStatus, status_of
from .sql import Connection, transaction

INBOX_REASONS = ("unmatched", "low_confidence", "marked_wrong", "missing_faq")
FEEDBACK_ACTIONS = ("sent", "edited", "rejected", "wrong_intent")


@dataclass(frozen=True)
class LoggedMessage:
    role: str  # buyer, bot or agent
    text: str
    at: float
    message_id: str | None = None
    intents: tuple[str, ...] = ()
    matches: tuple[dict[str, Any], ...] = ()  # Match.to_dict() of each candidate intent
    agent: str | None = None  # the account that sent an agent's message
    delivery_id: int | None = None  # its row on the delivery queue, when it goes out on the channel
    delivery: DeliveryStatus | None = None  # read back: where that delivery is now


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    channel: str
    buyer_id: str | None
    messages: tuple[LoggedMessage, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Waiting:
    """A buyer's message an agent has to answer, with the bot's suggestions to start from."""

    id: int
    conversation_id: str
    channel: str
    buyer_id: str | None
    message_id: str | None
    text: str
    reason: str  # handoff, not_auto, low_confidence, unmatched or cannot_send (the channel takes no replies)
    suggestions: tuple[dict[str, str], ...]
    at: float


@dataclass(frozen=True)
class InboxEntry:
    """A message trainers should look at: why it is there and what the matcher thought."""

    conversation_id: str
    message_id: str | None
    text: str
    reason: str  # one of INBOX_REASONS
    matches: tuple[dict[str, Any], ...]
    at: float


@dataclass(frozen=True)
class Feedback:
    """What an agent did with a suggestion; `intent` is the right intent when it was wrong."""

    conversation_id: str
    action: str
    message_id: str | None = None
    suggestion: str | None = None
    text: str | None = None
    intent: str | None = None


class MessageLog:
    def __init__(self, db: Connection):
        self._db = db

    def record_buyer(
        self,
        *,
        conversation_id: str,
        channel: str,
        buyer_id: str | None,
        message: LoggedMessage,
        inbox_reason: str | None,
    ) -> None:
        """Logs a buyer's message with what was recognised; `inbox_reason` also puts it before
        the trainers (unmatched or low confidence)."""
        with transaction(self._db):
            self.open_conversation(conversation_id, channel, buyer_id, message.at)
            self._insert_message(conversation_id, message)
            if inbox_reason:
                self._to_inbox(conversation_id, message.message_id, message.text, inbox_reason,
                               message.matches, message.at)

    def open_conversation(self, conversation_id: str, channel: str, buyer_id: str | None, at: float) -> None:
        """The conversation's row, created on its first message (the buyer's, or the shop's first word)."""
        self._db.execute(
            "INSERT INTO conversations (id, channel, buyer_id, started_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at,"
            " buyer_id = coalesce(excluded.buyer_id, conversations.buyer_id)",
            (conversation_id, channel, buyer_id, at, at),
        )

    def record_reply(self, conversation_id: str, message: LoggedMessage) -> None:
        self._insert_message(conversation_id, message)

    def _insert_message(self, conversation_id: str, m: LoggedMessage) -> None:
        self._db.execute(
            "INSERT INTO messages (conversation_id, role, text, message_id, intents, matches, at, agent,"
            " delivery_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (conversation_id, m.role, m.text, m.message_id, dumps(m.intents),
             dumps(m.matches), m.at, m.agent, m.delivery_id),
        )

    def _to_inbox(self, conversation_id: str, message_id: str | None, text: str, reason: str,
                  matches: tuple[dict[str, Any], ...], at: float) -> None:
        """Trainers need the wording, never the buyer's phone number."""
        text = mask_phones(text)
        self._db.execute(
            "INSERT INTO inbox (conversation_id, message_id, text, reason, matches, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (conversation_id, message_id, text, reason, dumps(matches), at),
        )

    def has_buyer_message(self, conversation_id: str, message_id: str) -> bool:
        """Whether this message of the buyer's is logged, i.e. was answered and committed."""
        return self._db.execute(
            "SELECT 1 FROM messages WHERE conversation_id = ? AND message_id = ? AND role = 'buyer' LIMIT 1",
            (conversation_id, message_id),
        ).fetchone() is not None

    def conversation(self, conversation_id: str) -> Conversation | None:
        head = self._db.execute(
            "SELECT channel, buyer_id FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if head is None:
            return None
        rows = self._db.execute(
            "SELECT m.role, m.text, m.at, m.message_id, m.intents, m.matches, m.agent, m.delivery_id,"
            " d.id, d.attempts, d.last_error, d.next_at, d.delivered_at, d.failed_at"
            " FROM messages m LEFT JOIN deliveries d ON d.id = m.delivery_id"
            " WHERE m.conversation_id = ? ORDER BY m.id",
            (conversation_id,),
        )
        messages = tuple(
            LoggedMessage(r["role"], r["text"], r["at"], r["message_id"],
                          tuple(json.loads(r["intents"])), tuple(json.loads(r["matches"])), r["agent"],
                          r["delivery_id"], status_of(r) if r["id"] is not None else None)
            for r in rows
        )
        return Conversation(conversation_id, head["channel"], head["buyer_id"], messages)

    def queue_for_agent(self, item: Waiting) -> None:
        self._db.execute(
            "INSERT INTO agent_queue (conversation_id, channel, buyer_id, message_id, text, reason,"
            " suggestions, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (item.conversation_id, item.channel, item.buyer_id, item.message_id, item.text,
             item.reason, dumps(item.suggestions), item.at),
        )

    def waiting(self, limit: int = 100) -> list[Waiting]:
        """Oldest first: the order agents should answer in."""
        rows = self._db.execute(
            "SELECT * FROM agent_queue WHERE done_at IS NULL ORDER BY id LIMIT ?", (limit,)
        )
        return [
            Waiting(r["id"], r["conversation_id"], r["channel"], r["buyer_id"], r["message_id"],
                    r["text"], r["reason"], tuple(json.loads(r["suggestions"])), r["at"])
            for r in rows
        ]

    def inbox(self, limit: int = 100) -> list[InboxEntry]:
        """Newest first: what trainers should look at to add examples or intents."""
        rows = self._db.execute("SELECT * FROM inbox ORDER BY id DESC LIMIT ?", (limit,))
        return [
            InboxEntry(r["conversation_id"], r["message_id"], r["text"], r["reason"],
                       tuple(json.loads(r["matches"])), r["at"])
            for r in rows
        ]

    def add_feedback(self, fb: Feedback, *, reply_logged: bool = False) -> bool:
        """Keeps the feedback, with the kinds of reading it marks (those of the buyer's message it is about:
        `mark_counts`); a sent or edited reply joins the conversation (unless the caller logged it already,
        with its delivery and the agent's name), a wrong intent goes to the inbox, and the conversation leaves
        the agents' queue. False, and nothing kept, for a conversation the log does not have: feedback on
        nothing is a caller's mistake."""
        now = time.time()
        with transaction(self._db) as db:
            if db.execute("SELECT 1 FROM conversations WHERE id = ?", (fb.conversation_id,)).fetchone() is None:
                return False
            asked = db.execute(
                "SELECT text, intents, matches FROM messages WHERE conversation_id = ? AND role = 'buyer'"
                " AND (message_id = ? OR ? IS NULL) ORDER BY id DESC LIMIT 1",
                (fb.conversation_id, fb.message_id, fb.message_id),
            ).fetchone()
            kinds = _kinds(asked["intents"], asked["matches"]) if asked else ()
            db.execute(
                "INSERT INTO feedback (conversation_id, message_id, action, suggestion, text, intent, at, reading)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (fb.conversation_id, fb.message_id, fb.action, fb.suggestion, fb.text, fb.intent, now,
                 dumps([list(k) for k in kinds]) if kinds else None),
            )
            sent = fb.text or fb.suggestion
            if fb.action in ("sent", "edited") and sent and not reply_logged:
                self._insert_message(fb.conversation_id, LoggedMessage("agent", sent, now))
            if fb.action == "wrong_intent" and asked:
                self._to_inbox(fb.conversation_id, fb.message_id, asked["text"], "marked_wrong",
                               ({"name": fb.intent, "score": 1.0, "reason": "agent"},), now)
            self.leave_queue(fb.conversation_id, now)
        return True

    def mark_counts(self, since: float) -> list[MarkCount]:
        """The agents' marks since `since`, per kind of reading (bot/marks.py): one grouped read of the
        feedback, made every few seconds by each serving process, never once a message. A buyer's message is one
        mark however many replies the agent wrote to it: an explicit `wrong_intent` if any, else the first action
        (a suggestion sent, then a line of the agent's own, is a suggestion taken, not one rejected)."""
        marks: Counter[ReadingKind] = Counter()
        wrong: Counter[ReadingKind] = Counter()
        rows = self._db.execute(
            "SELECT reading, action, count(*) FROM (SELECT reading, action, ROW_NUMBER() OVER (PARTITION BY"
            " conversation_id, message_id ORDER BY CASE WHEN action = 'wrong_intent' THEN 0 ELSE 1 END, id) AS nth"
            " FROM feedback WHERE at >= ? AND reading IS NOT NULL) AS marked WHERE nth = 1 GROUP BY reading, action",
            (since,))
        for reading, action, n in rows:
            for intent, cue in json.loads(reading):
                marks[ReadingKind(intent, cue)] += n
                if action in WRONG_ACTIONS:
                    wrong[ReadingKind(intent, cue)] += n
        return [MarkCount(kind, n, wrong[kind]) for kind, n in marks.items()]

    def leave_queue(self, conversation_id: str, now: float | None = None) -> None:
        """Answered or closed: the conversation's messages are no longer waiting for an agent."""
        self._db.execute(
            "UPDATE agent_queue SET done_at = ? WHERE conversation_id = ? AND done_at IS NULL",
            (time.time() if now is None else now, conversation_id),
        )

    def contacted(self, channel: str, buyer_id: str, conversation_id: str) -> bool:
        """Whether an agent wrote to this buyer, in any of their conversations on the channel, since
        `conversation_id` began (a review's conversation: since the review was posted)."""
        return self._db.execute(
            "SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE c.channel = ? AND c.buyer_id = ? AND m.role = 'agent'"
            " AND m.at >= (SELECT started_at FROM conversations WHERE id = ?) LIMIT 1",
            (channel, buyer_id, conversation_id)).fetchone() is not None

    def messages_since(self, since: float) -> list[tuple[str, str, float, str | None]]:
        """(conversation_id, role, at, agent) of every message since `since`, each conversation's in
        order: what the team view's response times are computed from."""
        rows = self._db.execute(
            # the bot's acknowledgement of a 转人工 ends no wait: the buyer still waits for a person
            "SELECT conversation_id, CASE WHEN role = 'bot' AND intents LIKE '%\"human\"%' THEN 'ack' ELSE role END,"
            " at, agent FROM messages WHERE conversation_id IN"
            " (SELECT DISTINCT conversation_id FROM messages WHERE at >= ?) AND at >= ? - 86400"
            " ORDER BY conversation_id, id", (since, since))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def feedback_actions_since(self, since: float) -> dict[str, int]:
        rows = self._db.execute("SELECT action, count(*) FROM feedback WHERE at >= ? GROUP BY action", (since,))
        return {action: n for action, n in rows}

    def feedback(self, conversation_id: str) -> list[Feedback]:
        rows = self._db.execute(
            "SELECT * FROM feedback WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        return [
            Feedback(r["conversation_id"], r["action"], r["message_id"], r["suggestion"],
                     r["text"], r["intent"])
            for r in rows
        ]


def _kinds(intents: str, matches: str) -> tuple[ReadingKind, ...]:
    """The kinds of reading of a logged buyer's message, from its intents and the keyword each match carried."""
    return kinds_of(json.loads(intents), {m["name"]: m.get("cue", "") for m in json.loads(matches)})
