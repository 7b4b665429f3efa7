"""In-process pub/sub for the chat window: the webhook and the assist API publish each buyer turn
(and the window its own replies); every open event stream gets its own queue. The turn's order
card (order, policy facts, suggestions, handoff and anger) is kept in SQLite so a window opened
later sees it too.

Events are published in the process that handled the message. With `serve --workers N` the
others learn of it from the shared SQLite file: each process watches the file's data version (it
moves only when another connection commits) and tells its open windows to reload (`changed`). Instances on several hosts, a file each, would need a shared database."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from bot.storage.sql import is_postgres

from .cards import Card, CardStore

log = logging.getLogger(__name__)

QUEUE_SIZE = 256  # events a slow browser may fall behind by before its stream is restarted
WATCH_S = 0.5  # how often each process looks for other workers' writes


class Hub:
    def __init__(self, cards: CardStore):
        self.cards = cards
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.closed = False

    def subscribe(self) -> asyncio.Queue[dict[str, Any] | None]:
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(QUEUE_SIZE)
        if self.closed:
            queue.put_nowait(None)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self._queues.discard(queue)

    @property
    def listeners(self) -> int:
        return len(self._queues)

    def publish(self, event: dict[str, Any]) -> None:
        """Never blocks the publisher: a stream that fell behind is ended (None) and the browser
        reconnects and reloads, instead of the webhook waiting for it."""
        for queue in list(self._queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                self._queues.discard(queue)
                queue.get_nowait()
                queue.put_nowait(None)

    def close(self) -> None:
        self.closed = True
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(None)
        self._queues.clear()


HUB = web.AppKey("agent_hub", Hub)


async def hub_context(app: web.Application) -> AsyncIterator[None]:
    from bot.server.keys import LIVE, STORAGE

    db = app[STORAGE].db
    hub = app[HUB] = Hub(CardStore(db))
    app[LIVE].on_reload.append(lambda result: hub.publish({"type": "reload", **result.to_dict()}))  # the banner
    # the SQLite file's other writers (`serve --workers`); PostgreSQL has no file to watch
    watcher = None if is_postgres(db) else asyncio.create_task(watch_other_writers(hub, db), name="agent-window-watcher")
    yield
    if watcher is not None:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    hub.close()


async def watch_other_writers(hub: Hub, db: sqlite3.Connection, every_s: float = WATCH_S) -> None:
    """Publishes `changed` when another process committed to the file since the last look, so a
    window sees the messages the other workers handled. Looks all the time (a pragma, microseconds),
    so a window that has just opened hears of a commit made between its list and the next look."""
    seen: int | None = None
    while True:
        await asyncio.sleep(every_s)
        try:
            version = db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            log.exception("could not read the file's data version: windows may miss other workers' messages")
            continue
        if seen is not None and version != seen and hub.listeners:
            hub.publish({"type": "changed", "at": time.time()})
        seen = version


async def close_streams(app: web.Application) -> None:
    hub = app.get(HUB)
    if hub is not None:
        hub.close()


def turn_card(app: web.Application, incoming: Any, turn: Any, action: str) -> Card | None:
    """What the agents' window shows beside the conversation after this turn (webhook: action auto
    or agent; assist API: assist): the order, the policy facts, the suggestions and the flags.
    Built before the commit that logs the message, so nothing is rendered while the file is locked.
    None when the window is off or the card cannot be built (logged: the window is a view)."""
    if app.get(HUB) is None:
        return None
    try:
        from bot.server.keys import STORAGE

        order = incoming.order
        waits = bool(turn.handoff or turn.state.handed_off)  # flagged until an agent answers
        order_id = incoming.order_id or turn.state.slots.order_id
        if order is None and order_id:
            order = app[STORAGE].orders.get(order_id)
        return Card(
            conversation_id=incoming.conversation_id,
            message_id=incoming.message_id,
            order=order.to_dict() if order is not None else None,
            facts=dict(turn.facts),
            intents=tuple(turn.intents),
            matches=tuple(m.to_dict() for m in turn.matches),
            # an answered message shows what the bot sent; one waiting for an agent (a handoff the bot
            # acknowledged too), three to pick from
            suggestions=tuple(s.to_dict() for s in ((turn.answer,) if action == "auto" and not waits else turn.suggestions)),
            handoff=waits,
            angry=bool(turn.angry),
            action=action,
            at=time.time(),
        )
    except Exception:  # noqa: BLE001 - the window is a view; the message itself is handled
        log.exception("could not build the card of conversation %s for the agents' window", incoming.conversation_id)
        return None


def keep_card(app: web.Application, card: Card | None) -> None:
    """Stores the card; called inside the commit that logs the buyer's message. A failure is
    logged, never raised: the message is handled and must not be answered twice."""
    hub = app.get(HUB)
    if hub is None or card is None:
        return
    try:
        hub.cards.put(card)
    except Exception:  # noqa: BLE001 - the window is a view; the message itself is handled
        log.exception("could not keep the card of conversation %s for the agents' window", card.conversation_id)


def announce_turn(app: web.Application, incoming: Any, turn: Any, action: str) -> None:
    """Tells the open windows about the buyer's message; called once it is committed, so a window
    never shows a message the log does not have."""
    reply = {"reply": turn.reply} if action == "auto" else {}
    announce(app, "message", incoming.conversation_id, incoming.channel, role="buyer", text=incoming.text,
             message_id=incoming.message_id, intents=list(turn.intents), handoff=bool(turn.handoff),
             angry=bool(turn.angry), action=action, **reply)


def announce(app: web.Application, kind: str, conversation_id: str, channel: str, **fields: Any) -> None:
    """Tells the open windows about a committed change (`message`: a buyer's turn, an agent's reply,
    a posted review; `repair`: a review repair moved on)."""
    hub = app.get(HUB)
    if hub is None:
        return
    hub.publish({"type": kind, "conversation_id": conversation_id, "channel": channel, **fields,
                 "at": time.time()})


def announce_deliveries(app: web.Application, batch: list[Any]) -> None:
    """The sender settled these replies (delivered, retrying or failed): their conversations' windows
    show the new status."""
    for conversation_id, channel in {(d.conversation_id, d.channel) for d in batch}:
        announce(app, "delivery", conversation_id, channel)
