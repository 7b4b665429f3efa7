"""The demo page, its script and the two calls it makes: say something as the demo buyer, and read
what the demo channel was sent. Everything sits behind the agents' login (`agent_only`)."""
from __future__ import annotations

import time
import uuid
from datetime import datetime
from functools import cache
from importlib.resources import files

from aiohttp import web

from bot.agent_ui.handlers import SECURITY_HEADERS, agent_only, secured
from bot.channels.demo import read_inbox
from bot.domain import InputError, id_text
from bot.jsontext import parse
from bot.server.api import json_response
from bot.server.keys import CHANNELS, CONFIG, STORAGE
from bot.server.payloads import Incoming, json_object
from bot.server.webhook import answer
from bot.storage.orders import CHINA, demo_orders

MAX_TEXT = 500
STATIC = {"demo.js": "text/javascript", "demo.css": "text/css"}


@cache
def _file(name: str) -> bytes:
    return (files(__package__) / "static" / name).read_bytes()


def demo_channel(app: web.Application) -> str:
    """The config's demo channel; 404 naming the fix when there is none."""
    for name, channel in app[CONFIG].channels.items():
        if channel.kind == "demo":
            return name
    raise web.HTTPNotFound(reason="no channel of kind demo in config.yaml: add `demo: {kind: demo}` under channels")


@agent_only
async def _page(request: web.Request) -> web.StreamResponse:
    return web.Response(body=_file("demo.html"), content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS)


async def page(request: web.Request) -> web.StreamResponse:
    """The page for a logged-in agent (the window's own check, whatever login it uses); anyone else
    is sent to the login."""
    try:
        return await _page(request)
    except web.HTTPUnauthorized:
        return web.Response(status=303, headers={**SECURITY_HEADERS, "Location": "/agent/login"})


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound(reason="no such file")
    return web.Response(body=_file(name), content_type=STATIC[name], charset="utf-8", headers=SECURITY_HEADERS)


@agent_only
async def orders(request: web.Request) -> web.StreamResponse:
    """The demo orders the buyer may be, as stored now."""
    store = request.app[STORAGE].orders
    found = [store.get(o.order_id) for o in demo_orders(datetime.now(CHINA))]
    return secured(json_response({
        "channel": demo_channel(request.app),
        "orders": [{"order_id": o.order_id, "status": o.status, "amount": o.amount,
                    "items": [i.title for i in o.items]} for o in found if o is not None],
    }))


@agent_only
async def say(request: web.Request) -> web.StreamResponse:
    """One message of the demo buyer, answered exactly as a webhook message of the demo channel:
    `{"order_id", "conversation_id", "text"}` in, the webhook's answer out."""
    app = request.app
    name = demo_channel(app)
    data = json_object(await request.read())
    text = data.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise InputError(f"field 'text' must be a message of 1 to {MAX_TEXT} characters")
    order_id = id_text(data.get("order_id"), "field 'order_id'")
    storage = app[STORAGE]
    if order_id is None or await storage.read(lambda: storage.orders.get(order_id)) is None:
        raise InputError(f"field 'order_id' must name a stored order, not {order_id!r}")
    conversation = id_text(data.get("conversation_id"), "field 'conversation_id'", max_chars=64)
    if not conversation:
        raise InputError("missing field 'conversation_id'")
    incoming = Incoming(conversation_id=f"demo:{conversation}", text=text, channel=name,
                        buyer_id=f"demo-buyer-{order_id}", message_id=uuid.uuid4().hex, order_id=order_id)
    response = await answer(request, app[CHANNELS][name], incoming)
    if response.status != 200:
        return secured(response)
    # the page tells the bot's own replies from an agent's by the message they answer
    return secured(json_response({**parse(response.body), "message_id": incoming.message_id}))


@agent_only
async def inbox(request: web.Request) -> web.StreamResponse:
    """What the demo channel was delivered in this conversation, oldest first."""
    conversation = request.query.get("conversation_id", "")
    if not conversation or len(conversation) > 64:
        raise InputError("query conversation_id is required (at most 64 characters)")
    entries = await read_inbox(request.app[STORAGE].kv, demo_channel(request.app), f"demo:{conversation}")
    return secured(json_response({"now": time.time(), "delivered": entries}))


ROUTES = (
    web.get("/demo", page),
    web.get("/demo/static/{name}", static),
    web.get("/api/demo/orders", orders),
    web.post("/api/demo/say", say),
    web.get("/api/demo/inbox", inbox),
)
