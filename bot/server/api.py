"""The agent-assist API for the chat window: suggestions, feedback, a conversation, the queue.
It reads and writes buyers' conversations, so every call carries the integrations' machine token
(`Authorization: Bearer <AGENT_TOKEN>`) or a logged-in agent's session cookie."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from aiohttp import web

from bot.agent_ui import announce_turn, keep_card, turn_card
from bot.agent_ui.auth import caller, refuse_cross_origin
from bot.engine import Turn
from bot.jsontext import dumpb

from .keys import ASSISTANT, LIVE, STORAGE
from .payloads import parse_feedback, parse_suggest


def json_response(data: Any, status: int = 200) -> web.Response:
    """UTF-8 JSON with Chinese kept readable; policy facts may hold times, sent as text."""
    return web.Response(
        body=dumpb(data), status=status, content_type="application/json", charset="utf-8",
    )


Handler = Callable[[web.Request], Awaitable[web.Response]]


def signed_in(handler: Handler) -> Handler:
    """401 unless the caller is the shop's integration or an agent (see the module's note)."""

    async def checked(request: web.Request) -> web.Response:
        if await caller(request) is None:
            raise web.HTTPUnauthorized(reason="send Authorization: Bearer <AGENT_TOKEN>")
        if not request.headers.get("Authorization"):  # by the cookie, which a browser sends whatever page asks
            refuse_cross_origin(request)
        return await handler(request)

    return checked


@signed_in
async def suggest(request: web.Request) -> web.Response:
    incoming = parse_suggest(await request.read())
    app = request.app

    async def card(turn: Turn) -> Callable[[], None]:  # written in the commit that logs the message
        built = await turn_card(app, incoming, turn, "assist")
        return lambda: keep_card(app, built)

    turn = await app[ASSISTANT].answer(incoming, also=card)
    announce_turn(app, incoming, turn, "assist")  # the agents' chat window updates live
    return json_response({
        "intents": [m.to_dict() for m in turn.matches],
        "chosen": list(turn.intents),
        "suggestions": [s.to_dict() for s in turn.suggestions],
        "handoff": turn.handoff,
        "auto": turn.auto,
        "held": turn.held.to_dict() if turn.held else None,  # the agents' marks kept it from going out alone
        "slots": turn.slots.to_dict(),
        "facts": turn.facts,
    })


@signed_in
async def feedback(request: web.Request) -> web.Response:
    fb = parse_feedback(await request.read(), request.app[LIVE].engine.intents)
    log = request.app[STORAGE].log
    if not await request.app[STORAGE].commit(lambda _db: log.add_feedback(fb)):
        raise web.HTTPNotFound(reason=f"no conversation {fb.conversation_id!r}: feedback is on a conversation the bot answered")
    request.app[ASSISTANT].marked()
    return json_response({"status": "recorded"})


@signed_in
async def conversation(request: web.Request) -> web.Response:
    """The conversation's messages, each agent's with the agent's name and each sent one with its
    `delivery` (queued, retrying, delivered or failed, with the reason), and who holds it."""
    storage, conversation_id = request.app[STORAGE], request.match_info["conversation_id"]
    found, holding = await storage.read(
        lambda: (storage.log.conversation(conversation_id), storage.owners.get(conversation_id)))
    if found is None:
        raise web.HTTPNotFound(reason="no such conversation")
    return json_response({**asdict(found), "owner": holding.owner, "closed": holding.closed})


@signed_in
async def queue(request: web.Request) -> web.Response:
    """Oldest first, with the suggestions to start from; answered (feedback given) ones leave it."""
    try:
        limit = min(500, max(1, int(request.query.get("limit", "100"))))
    except ValueError:
        raise web.HTTPBadRequest(reason="limit must be a number") from None
    storage = request.app[STORAGE]
    waiting, pending = await storage.read(lambda: (storage.log.waiting(limit), storage.deliveries.pending()))
    return json_response({"waiting": [asdict(w) for w in waiting], "deliveries_pending": pending})
