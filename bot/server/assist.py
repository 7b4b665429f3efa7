"""One buyer message through the engine with the conversation's memory: load the state and the
order, reply, store the state, log the message (and put it before trainers when the bot was unsure).
The webhook and the agent-assist API both answer through here."""
from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from bot.config import Limits
from bot.domain import ConversationState, InputError, Order
from bot.engine import Engine, Turn
from bot.marks import NO_HOLDS, Holds, MarksPolicy
from bot.storage import KeyWrite, LoggedMessage, Storage
from bot.training.reload import Live

from .metrics import Metrics
from .payloads import Incoming


def missing_faq_mark(sku: str | None) -> dict[str, object]:
    """How a logged message names the item whose FAQ lacks an answer (the inbox reads it back)."""
    return {"name": "product_info", "score": 0.0, "reason": "missing_faq", "sku": sku}


def state_key(conversation_id: str) -> str:
    return f"state:{conversation_id}"


def repair_key(channel: str, buyer_id: str) -> str:
    """Where a bad-review repair waits for the buyer's next message, whatever the conversation."""
    return f"repair:{channel}:{buyer_id}"


class Assistant:
    def __init__(self, live: Live, storage: Storage, limits: Limits, metrics: Metrics,
                 marks: MarksPolicy = MarksPolicy()):
        self._live, self._storage, self._limits, self._metrics = live, storage, limits, metrics
        self._marks, self._holds, self._holds_at = marks, NO_HOLDS, float("-inf")

    async def holds(self) -> Holds:
        """The kinds of reading the agents' marks hold back now: read from the log at most every
        `marks.refresh_s` (one grouped query), not once a message."""
        now = time.monotonic()
        if now - self._holds_at >= self._marks.refresh_s:
            self._holds_at = now  # before the read, so messages meanwhile use the last view, not a query each
            policy, log = self._marks, self._storage.log
            self._holds = policy.holds(await self._storage.read(lambda: log.mark_counts(time.time() - policy.window_s)))
        return self._holds

    def marked(self) -> None:
        """An agent's mark was just stored: this process reads the marks again at its next message."""
        self._holds_at = float("-inf")

    @property
    def engine(self) -> Engine:
        """The engine serving now (hot reload swaps it): read once per message."""
        return self._live.engine

    async def _order(self, incoming: Incoming, named: str | None) -> Order | None:
        """The inline order, else the one asked for by id (InputError if there is none), else the
        one the buyer `named`, in this message or an earlier one: read off the event loop."""
        if incoming.order is not None:
            return incoming.order
        order_id, storage = incoming.order_id or named, self._storage
        order = await storage.read(lambda: storage.orders.get(order_id)) if order_id else None
        if order is None and incoming.order_id is not None:
            raise InputError(f"no order {incoming.order_id!r}")
        return order

    @staticmethod
    def memory_keys(incoming: Incoming) -> list[str]:
        """What the conversation remembers: its state, and a bad-review repair waiting for this buyer."""
        key = state_key(incoming.conversation_id)
        return [key, repair_key(incoming.channel, incoming.buyer_id)] if incoming.buyer_id else [key]

    async def answer(self, incoming: Incoming, *, memory: Sequence[str | None] | None = None,
                     also: Callable[[Turn], Awaitable[Callable[[], None]]] | None = None,
                     keys: Sequence[KeyWrite] = ()) -> Turn:
        """Returns once the new state and the logged message are stored (committed), so the
        caller may acknowledge the message. `memory` is the values of `memory_keys` when the
        caller has read them already (the webhook, as it admits the message). `await also(turn)`
        prepares what the caller does with the turn (the webhook queues the reply or the agent's
        task) and returns the write; it and `keys` (the webhook's claim, now answered) are stored
        with the turn (`Storage.commit`): one commit a message, and no rendering while the file is
        locked."""
        storage, key = self._storage, state_key(incoming.conversation_id)
        if memory is None:
            memory = await storage.kv.get_many(self.memory_keys(incoming))  # one round trip for both
        saved, *repair = memory
        state = ConversationState.from_json(saved) if saved else ConversationState(incoming.conversation_id)
        if repair and repair[0]:  # the buyer's current repair, at its current stage (fixed, follow-up sent...)
            state = replace(state, repair=json.loads(repair[0]))
        engine = self.engine  # one engine for the whole message, whatever a reload does meanwhile
        reading = engine.read(incoming.text, state=state)
        order = await self._order(incoming, engine.order_named(reading, state))
        turn = engine.reply(incoming.text, state=state, order=order, reading=reading, now=incoming.now,
                            holds=await self.holds())
        matches = tuple(m.to_dict() for m in turn.matches)
        if turn.product is not None and turn.product.missing_faq:  # a question the catalogue should answer
            inbox_reason = "missing_faq"
            matches += (missing_faq_mark(turn.product.sku),)
        elif turn.fallback:
            inbox_reason = "unmatched"
        elif turn.score < self._limits.low_confidence and not (turn.product and turn.product.factual):
            inbox_reason = "low_confidence"
        else:
            inbox_reason = None
        message = LoggedMessage("buyer", incoming.text, time.time(), incoming.message_id, turn.intents, matches)
        then = await also(turn) if also is not None else None

        def write(_db: object) -> None:
            storage.log.record_buyer(conversation_id=incoming.conversation_id, channel=incoming.channel,
                                     buyer_id=incoming.buyer_id, message=message, inbox_reason=inbox_reason)
            storage.owners.reopen(incoming.conversation_id)  # a closed conversation opens on the buyer's word
            if then is not None:
                then()

        await storage.commit(write, keys=[(key, turn.state.to_json(), self._limits.session_ttl_s), *keys])
        m = self._metrics
        m.messages.labels(incoming.channel, turn.intents[0] if turn.intents else "fallback").inc()
        if turn.fallback:
            m.fallbacks.labels(incoming.channel).inc()
        if turn.handoff:
            m.handoffs.labels(incoming.channel).inc()
        return turn
