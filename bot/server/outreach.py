"""Messages the shop sends first (bot/outreach): `POST /webhook/{channel}/order` takes a signed order
event; `POST /api/outreach/due` replays a moment (tests, trainers, an integration replaying a day);
a background task sends what falls due on the real clock; a buyer's 别发了 stops the rest."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.agent_ui import announce
from bot.config import Config
from bot.domain import InputError, parse_time
from bot.storage.sql import DB_ERRORS
from bot.intents import ConfigError
from bot.outreach.event import parse_order_event
from bot.outreach.service import Outcome, Outreach
from bot.validate import check_outreach
from bot.training.reload import ReloadResult
from policy.outreach import OutreachRules
from policy.outreach_loading import load_outreach, outreach_path

from .api import json_response, signed_in
from .keys import CHANNELS, CONFIG, LIVE, METRICS, OUTREACH, SENDER, STORAGE
from .payloads import json_object
from .webhook import REFUSALS, turned_away, verified

log = logging.getLogger(__name__)
IDLE_S = 60.0  # the clock's longest sleep: a timer written by another worker is found within it
RETRY_S = 5.0


async def order_webhook(request: web.Request) -> web.Response:
    """An order event: the order stored, pending messages it makes pointless cancelled, the ones it
    starts scheduled; a copy of an event is acknowledged as a duplicate and changes nothing."""
    app, name = request.app, request.match_info["channel"]
    outreach = app[OUTREACH]
    try:
        _, inbound = await verified(request)
        event = parse_order_event(json_object(inbound.body), outreach.tz)
    except REFUSALS as exc:
        return turned_away(request, name, exc)
    taken = await outreach.take(name, event)
    if taken.scheduled:
        app[CLOCK].wake()
    return json_response({**taken.to_dict(), "event_id": event.event_id, "order_id": event.order.order_id})


@signed_in
async def outreach_due(request: web.Request) -> web.Response:
    """Sends what is due as of `now` (ISO 8601), as the clock would have at that moment."""
    body = json_object(await request.read())
    moment = parse_time(body.get("now"), "'now'")
    if moment is None:
        raise InputError("'now' is missing: the moment to replay, ISO 8601 like 2026-12-05T14:30:00+08:00")
    outreach = request.app[OUTREACH]
    now = (moment if moment.tzinfo else moment.replace(tzinfo=outreach.tz)).timestamp()
    outcomes = await run_due(request.app, now)
    return json_response({"now": moment.isoformat(), "outcomes": [o.to_dict() for o in outcomes]})


async def run_due(app: web.Application, now: float) -> list[Outcome]:
    """One pass over the due timers; the sender is woken once the messages are committed."""
    channels = app[CHANNELS]

    def can_send(name: str) -> bool:
        channel = channels.get(name)
        return channel is not None and channel.can_send

    outcomes = await app[OUTREACH].run_due(now, env=app[LIVE].engine.env, can_send=can_send)
    if any(o.action == "sent" for o in outcomes):
        app[SENDER].wake()
    for o in outcomes:
        if o.action in ("sent", "agent"):  # the agents' window shows it as the bot's message
            announce(app, "message", o.conversation_id, o.channel, role="bot", text=o.text,
                     message_id=f"outreach:{o.timer_id}", intents=[f"outreach:{o.rule}"], action=o.action)
    return outcomes


class Clock:
    """The background task that sends due timers on the real clock: it sleeps until the next one
    (at most IDLE_S, so timers another worker wrote are found) or until an event wakes it."""

    def __init__(self, app: web.Application) -> None:
        self._app, self._wake = app, asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outreach-clock")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await run_due(self._app, time.time())
                next_at = await self._app[OUTREACH].next_due()
                pause = IDLE_S if next_at is None else min(IDLE_S, max(0.05, next_at - time.time()))
            except DB_ERRORS as exc:  # the file is busy or full, or the server away: the timers stay pending
                log.error("outreach timers unavailable (%s); trying again in %.0f s", exc, RETRY_S)
                pause = RETRY_S
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause)


CLOCK = web.AppKey("outreach_clock", Clock)


def read_rules(config: Config) -> OutreachRules:
    """The outreach rules with their templates checked; ConfigError with file and line."""
    path = outreach_path(config.engine.policy)
    rules = load_outreach(path)
    problems = list(check_outreach(config.engine.replies, rules, path))
    if problems:
        raise ConfigError(problems)
    return rules


def outreach_context(config: Config) -> Callable[[web.Application], AsyncIterator[None]]:
    """The rules read now (a bad file fails before serving, with its line); the cleanup context,
    opened after storage and the sender, builds the service and the clock that sends on time."""
    path = outreach_path(config.engine.policy)
    rules = read_rules(config)

    async def context(app: web.Application) -> AsyncIterator[None]:
        # a claimed timer whose process died is taken over after the same lease as a message's claim
        app[OUTREACH] = outreach = Outreach(rules, app[LIVE].engine.rules, app[STORAGE], app[METRICS].outreach,
                                            lease_s=app[CONFIG].limits.claim_lease_s)

        def reread(result: ReloadResult) -> None:
            """The shop's files changed (outreach.yaml among them): new rules if they are sound."""
            if not result.ok:
                return
            try:
                outreach.rules = read_rules(config)
            except ConfigError as exc:
                log.error("%s kept its last good rules: %s", path, exc)

        app[LIVE].on_reload.append(reread)
        app[CLOCK] = clock = Clock(app)
        clock.start()
        yield
        await clock.stop()

    return context
