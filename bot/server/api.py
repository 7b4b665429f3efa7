"""The agent-assist API for the chat window: suggestions, feedback, a conversation, the queue."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from aiohttp import web

from bot.agent_ui import announce_turn, keep_card
from bot.engine import Turn
from bot.jsontext import dumpb

from .keys import ASSISTANT, STORAGE
from .payloads import parse_feedback, parse_suggest


def json_response(data: Any, status: int = 200) -> web.Response:
    """UTF-8 JSON with Chinese kept readable; policy facts may hold times, sent as text."""
    return web.Response(
        body=dumpb(data), status=status, content_type="application/json", charset="utf-8",
    )


async def suggest(request: web.Request) -> web.Response:
    incoming = parse_suggest(await request.read())
    app = request.app

    def card(turn: Turn) -> Callable[[], None]:  # written in the commit that logs the message
        return lambda: keep_card(app, incoming, turn, "assist")

    turn = await app[ASSISTANT].answer(incoming, also=card)
    announce_turn(app, incoming, turn, "assist")  # the agents' chat window updates live
    return json_response({
        "intents": [m.to_dict() for m in turn.matches],
        "chosen": list(turn.intents),
        "suggestions": [s.to_dict() for s in turn.suggestions],
        "handoff": turn.handoff,
        "auto": turn.auto,
        "slots": turn.slots.to_dict(),
        "facts": turn.facts,
    })


async def feedback(request: web.Request) -> web.Response:
    fb = parse_feedback(await request.read(), request.app[ASSISTANT].engine.intents)
    request.app[STORAGE].log.add_feedback(fb)
    return json_response({"status": "recorded"})


async def conversation(request: web.Request) -> web.Response:
    found = request.app[STORAGE].log.conversation(request.match_info["conversation_id"])
    if found is None:
        raise web.HTTPNotFound(reason="no such conversation")
    return json_response(asdict(found))


async def queue(request: web.Request) -> web.Response:
    """Oldest first, with the suggestions to start from; answered (feedback given) ones leave it."""
    try:
        limit = min(500, max(1, int(request.query.get("limit", "100"))))
    except ValueError:
        raise web.HTTPBadRequest(reason="limit must be a number") from None
    storage = request.app[STORAGE]
    return json_response({
        "waiting": [asdict(w) for w in storage.log.waiting(limit)],
        "deliveries_pending": storage.deliveries.pending(),
    })
