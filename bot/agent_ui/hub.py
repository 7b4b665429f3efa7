"""Pub/sub for the chat window: the webhook and the assist API publish each buyer turn (and the
window its own replies); every open event stream gets its own queue. The turn's order card (order,
policy facts, suggestions, handoff and anger) is kept in the store so a window opened later sees it
too.

Events are published in the process that handled the message. The others hear of it in one of two
ways, chosen by the store. With the SQLite store (`serve --workers N` on one file), each process
watches the file's data version (it moves only when another connection commits) and tells its open
windows to reload (`changed`). With a shared store (`redis`, `postgres`: instances on several hosts),
every event also goes through Redis pub/sub (`relay.py`) and the others hand it to their windows."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from .cards import Card, CardStore
from .relay import Relay, changed

log = logging.getLogger(__name__)

QUEUE_SIZE = 1024  # events a slow browser may fall behind by before its stream is restarted (every
# instance's events reach every window: a burst of group-committed turns on two instances passed 256)
WATCH_S = 0.5  # how often each process looks for other workers' writes
RELAY_START_S = 5.0  # how long start-up waits for the subscription to other instances' events


class Hub:
    def __init__(self, cards: CardStore):
        self.cards = cards
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.closed = False
        self.relay: Relay | None = None  # to and from the other instances, when they share a store

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
        """An event of this instance: to its windows, and to the other instances' when there are any."""
        self.deliver(event)
        if self.relay is not None:
            self.relay.send(event)

    def deliver(self, event: dict[str, Any]) -> None:
        """To this instance's windows only. Never blocks the publisher: a stream that fell behind is
        ended (None) and the browser reconnects and reloads, instead of the webhook waiting for it."""
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
    from bot.server.keys import CONFIG, LIVE, STORAGE

    config, db = app[CONFIG], app[STORAGE].db
    hub = app[HUB] = Hub(CardStore(db))
    app[LIVE].on_reload.append(lambda result: hub.publish({"type": "reload", **result.to_dict()}))  # the banner
    if config.store != "sqlite":  # a store shared by instances on several hosts: their events come through Redis
        relay = hub.relay = Relay(config.redis_url, hub.deliver)
        relay.start()
        try:  # subscribed before the first window opens, so it misses nothing the others publish
            await asyncio.wait_for(relay.subscribed.wait(), RELAY_START_S)
        except asyncio.TimeoutError:
            log.warning("not subscribed to the agents' window events on Redis after %g s: windows on this"
                        " instance see other instances' messages once it is", RELAY_START_S)
        yield
        await relay.close()
    else:
        # the starting version is read now, before the app serves its first window
        watcher = asyncio.create_task(watch_other_writers(hub, db, _data_version(db)), name="agent-window-watcher")
        yield
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    hub.close()


async def watch_other_writers(hub: Hub, db: sqlite3.Connection, seen: int | None, every_s: float = WATCH_S) -> None:
    """Tells this process's windows to reload (`changed`) when another process committed to the
    file since the last look, so a window sees the messages the other workers handled. Looks all the
    time (a pragma, microseconds). `seen` is the version read before the app served anything: a
    window that opens before the first look and lists the conversations is then still told of a
    commit made after its list and before that look (taken at the first look instead, such a commit
    was the starting point and never announced)."""
    while True:
        await asyncio.sleep(every_s)
        version = _data_version(db)
        if version is None:
            continue
        if seen is not None and version != seen and hub.listeners:
            hub.deliver(changed())
        seen = version


def _data_version(db: sqlite3.Connection) -> int | None:
    try:
        return db.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        log.exception("could not read the file's data version: windows may miss other workers' messages")
        return None


async def close_streams(app: web.Application) -> None:
    hub = app.get(HUB)
    if hub is not None:
        hub.close()


async def turn_card(app: web.Application, incoming: Any, turn: Any, action: str) -> Card | None:
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
            storage = app[STORAGE]
            order = await storage.read(lambda: storage.orders.get(order_id))
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
