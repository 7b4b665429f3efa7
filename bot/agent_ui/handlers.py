"""The chat window's page, static files and the endpoints it calls. Everything but the login page
and the static files needs a logged-in agent (session cookie) or the machine token (Bearer), which
acts for the agent its requests name.

Every page carries a strict Content-Security-Policy (scripts and styles from this origin only, no
inline code), and the page builds all it shows with textContent, so a buyer's message is never HTML.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from functools import cache
from importlib.resources import files
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.domain import ConversationState, InputError
from bot.jsontext import dumps
from bot.server.api import json_response
from bot.server.assist import state_key
from bot.server.follow_up import load_repair
from bot.server.keys import ASSISTANT, CONFIG, LIVE, SENDER, STORAGE
from bot.server.payloads import json_object, parse_feedback
from bot.storage import Delivery, Feedback, HeldByOther, LoggedMessage

from . import auth
from .hub import HUB, announce

MAX_REPLY_CHARS = 2000
KEEPALIVE_S = 15.0

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
       " font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC_TYPES = {"app.js": "text/javascript", "style.css": "text/css", "icon.svg": "image/svg+xml"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@cache
def _static(name: str) -> bytes:
    return (files(__package__) / "static" / name).read_bytes()


def secured(response: web.StreamResponse) -> web.StreamResponse:
    """The window's security headers on any answer: the demo page serves under the same ones."""
    response.headers.update(SECURITY_HEADERS)
    return response


def _json(data: Any, status: int = 200) -> web.Response:
    return secured(json_response(data, status))  # type: ignore[return-value]


def _page(name: str, status: int = 200, replace: dict[str, str] | None = None) -> web.Response:
    html = _static(name).decode()
    for placeholder, text in (replace or {}).items():
        html = html.replace(placeholder, text)  # fixed texts only, never a request's data
    return secured(web.Response(text=html, status=status, content_type="text/html", charset="utf-8"))  # type: ignore[return-value]


def _redirect(location: str) -> web.Response:
    return secured(web.Response(status=303, headers={"Location": location}))  # type: ignore[return-value]


def agent_only(handler: Handler) -> Handler:
    """401 unless logged in; a POST must also be JSON and, when the browser says where it comes
    from, from this origin (with the SameSite=Strict cookie, no other site can post here)."""

    async def checked(request: web.Request) -> web.StreamResponse:
        if await auth.caller(request) is None:
            raise web.HTTPUnauthorized(reason="log in at /agent/login first")
        if request.method == "POST" and request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(reason="send JSON (Content-Type: application/json)")
        auth.refuse_cross_origin(request)
        return await handler(request)

    return checked


# --- pages -----------------------------------------------------------------------------------

async def page(request: web.Request) -> web.StreamResponse:
    if await auth.person(request) is None:
        return _redirect("/agent/login")
    return _page("index.html")


LOGIN_ERRORS = {
    "wrong": "账号或密码不对，请重试。",
    "throttled": "尝试次数过多，请稍后再试。",
    "off": "还没有客服账号：请先运行 .venv/bin/python run_bot.py agents add 名字 --supervisor 建一个主管账号。",
}


def _login_page(error: str | None = None, status: int = 200) -> web.Response:
    message = LOGIN_ERRORS[error] if error else ""
    return _page("login.html", status, {"<!--error-->": message})


async def login_page(request: web.Request) -> web.StreamResponse:
    storage = request.app[STORAGE]
    if await storage.read(storage.accounts.count) == 0:
        return _login_page("off", 503)
    return _login_page()


async def _given(request: web.Request) -> tuple[str, str]:
    """The login form's name and password; a body that is no form (bad UTF-8, a broken multipart)
    gives none and is answered as a wrong password, never a 500."""
    try:
        form = await request.post()
    except (ValueError, HttpProcessingError):  # UnicodeDecodeError is a ValueError; 413 stays 413
        return "", ""
    name, password = form.get("name"), form.get("password")
    return (name if isinstance(name, str) else "", password if isinstance(password, str) else "")


async def login(request: web.Request) -> web.StreamResponse:
    auth.refuse_cross_origin(request)  # another site must not log a browser in (or out) behind its back
    outcome = await auth.check_login(request, *await _given(request))
    if isinstance(outcome, str):
        return _login_page(outcome, {"off": 503, "throttled": 429}.get(outcome, 401))
    response = _redirect("/agent")
    await auth.start_session(request, response, outcome)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    auth.refuse_cross_origin(request)
    response = _redirect("/agent/login")
    await auth.end_session(request, response)
    return response


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC_TYPES:
        raise web.HTTPNotFound(reason="no such file")
    response = web.Response(body=_static(name), content_type=STATIC_TYPES[name], charset="utf-8")
    secured(response).headers["Cache-Control"] = "no-cache"
    return response


# --- the window's data -----------------------------------------------------------------------

@agent_only
async def settings(request: web.Request) -> web.StreamResponse:
    """What the page needs once: quick phrases, the wait alert and the intents to correct to."""
    agent = request.app[CONFIG].agent
    live = request.app[LIVE]
    intents = live.engine.intents
    who = await auth.caller(request)
    return _json({
        "me": {"name": who.name, "role": who.role} if who and not who.machine else None,
        # the last hot reload: a rejected one shows as a banner until the files are fixed
        "reload": live.last_reload.to_dict() if live.last_reload else None,
        "quick_phrases": list(agent.quick_phrases),
        "wait_alert_s": agent.wait_alert_s,
        "intents": [{"name": i.name, "description": i.description} for i in intents.values()],
        "now": time.time(),
    })


@agent_only
async def conversations(request: web.Request) -> web.StreamResponse:
    who = await auth.caller(request)
    cards = request.app[HUB].cards
    listed = await request.app[STORAGE].read(lambda: cards.open_conversations(me=who.name if who else None))
    return _json({"now": time.time(), "conversations": listed})


@agent_only
async def conversation(request: web.Request) -> web.StreamResponse:
    app, conversation_id = request.app, request.match_info["conversation_id"]
    storage, cards = app[STORAGE], app[HUB].cards
    found, card, holding = await storage.read(lambda: (
        storage.log.conversation(conversation_id), cards.get(conversation_id), storage.owners.get(conversation_id)))
    if found is None:
        raise web.HTTPNotFound(reason="no such conversation")
    channel = app[CONFIG].channels.get(found.channel)
    handed_off = bool(card and card.handoff)  # then only an agent's reply ends the wait, not the bot's acknowledgement
    last_reply = max((i for i, m in enumerate(found.messages)
                      if m.role == "agent" or (m.role != "buyer" and not handed_off)), default=-1)
    waiting = not holding.closed and any(m.role == "buyer" for m in found.messages[last_reply + 1:])
    repair = await load_repair(app[STORAGE].kv, found.channel, found.buyer_id)
    who = await auth.caller(request)
    return _json({
        "now": time.time(),
        "conversation_id": conversation_id,
        "channel": found.channel,
        "buyer_id": found.buyer_id,
        "owner": holding.owner,
        "closed": holding.closed,
        "channel_sends": channel is not None and channel.can_send,
        # this agent may answer here: the channel takes replies and nobody else holds it
        "can_send": channel is not None and channel.can_send and holding.owner in (None, who.name if who else None),
        "waiting": waiting,
        "messages": [asdict(m) for m in found.messages],
        "card": card.to_dict() if card else None,
        # the buyer's bad-review repair, if any: the window offers "fixed, send the follow-up" while it awaits its fix
        "repair": repair.to_dict() if repair else None,
    })


def _text_field(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and required:
        raise InputError(f"missing field {key!r}")
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        return None
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string")
    if not value.strip():
        raise InputError(f"field {key!r} is empty")
    if len(value) > MAX_REPLY_CHARS:
        raise InputError(f"field {key!r} is longer than {MAX_REPLY_CHARS} characters")
    return value


@agent_only
async def send(request: web.Request) -> web.StreamResponse:
    """Queues the agent's reply for the buyer's channel on the durable delivery queue (kept until
    the channel takes it), logged with the agent's name, and records for trainers whether a
    suggestion went out as is or edited. Answering takes the conversation; one another agent holds
    is refused (409, with the owner's name) and nothing is sent."""
    app = request.app
    data = json_object(await request.read())
    who = await auth.acting(request, data)
    conversation_id = data.get("conversation_id")
    if conversation_id is None or conversation_id == "":
        raise InputError("missing field 'conversation_id'")
    if not isinstance(conversation_id, str):
        raise InputError(f"field 'conversation_id' must be a string, not {conversation_id!r}")
    text = _text_field(data, "text", required=True)
    suggestion = _text_field(data, "suggestion", required=False)
    storage = app[STORAGE]
    found = await storage.read(lambda: storage.log.conversation(conversation_id))
    if found is None:
        raise web.HTTPNotFound(reason="no such conversation")
    channel = app[CONFIG].channels.get(found.channel)
    if channel is None or not channel.can_send:
        raise web.HTTPConflict(reason=f"channel {found.channel!r} takes no replies from here: reply on its own platform")
    reply_to = next((m.message_id for m in reversed(found.messages) if m.role == "buyer"), None)
    if suggestion is None:
        action = "rejected"  # the agent wrote their own: the suggestions were not used
    else:
        action = "sent" if text.strip() == suggestion.strip() else "edited"
    now = time.time()

    def write(_db: object) -> int:
        """Taking the conversation, the reply's delivery, the feedback and the logged reply: all of
        them or none (HeldByOther undoes it all)."""
        storage.owners.take(conversation_id, who.name)  # type: ignore[arg-type]
        delivery_id = storage.deliveries.put(Delivery(channel.name, conversation_id, found.buyer_id, reply_to, text))
        storage.log.record_reply(conversation_id, LoggedMessage("agent", text, now, agent=who.name,
                                                                delivery_id=delivery_id))
        storage.log.add_feedback(Feedback(conversation_id, action, reply_to, suggestion, text), reply_logged=True)
        return delivery_id

    try:
        delivery_id = await storage.commit(write)
    except HeldByOther as exc:
        return held_by_other(exc)
    app[ASSISTANT].marked()
    app[SENDER].wake()
    await _answered_by_agent(app, conversation_id, text)
    announce(app, "message", conversation_id, channel.name, role="agent", text=text, agent=who.name)
    return _json({"status": "queued", "delivery_id": delivery_id, "action": action, "owner": who.name})


def held_by_other(exc: HeldByOther) -> web.Response:
    """409 naming who holds the conversation, so the window (or integration) can say whom to ask."""
    return _json({"error": str(exc), **exc.holding.to_dict()}, status=409)


async def _answered_by_agent(app: web.Application, conversation_id: str, text: str) -> None:
    """A handed-off conversation goes back to the bot's automatic answers once an agent replied, and
    remembers what the agent asked, so the buyer's 是的 that follows is read as its answer."""
    kv, key = app[STORAGE].kv, state_key(conversation_id)
    saved = await kv.get(key)
    if saved:
        state = ConversationState.from_json(saved)
        after = state.answered_by_agent(asked=app[LIVE].engine.asked_about(text))
        if after != state:
            await kv.set(key, after.to_json(), ttl=app[CONFIG].limits.session_ttl_s)


@agent_only
async def wrong_intent(request: web.Request) -> web.StreamResponse:
    """"Wrong intent, it was X": the buyer's message goes to the trainers' inbox with X."""
    app = request.app
    data = json_object(await request.read())
    data["action"] = "wrong_intent"
    fb = parse_feedback(json.dumps(data).encode(), app[LIVE].engine.intents)
    log = app[STORAGE].log
    if not await app[STORAGE].commit(lambda _db: log.add_feedback(fb)):
        raise web.HTTPNotFound(reason="no such conversation")
    app[ASSISTANT].marked()
    app[HUB].publish({"type": "feedback", "conversation_id": fb.conversation_id, "intent": fb.intent,
                      "at": time.time()})
    return _json({"status": "recorded"})


@agent_only
async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `ready` once subscribed, then one `message` per buyer, bot or agent
    message, `feedback` per correction and `repair` when a review repair moves on; a comment every
    few seconds keeps proxies from closing it, and the stream ends when the session does or the
    server stops."""
    hub = request.app[HUB]
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no"})
    secured(response)
    queue = hub.subscribe()
    try:
        await _seen(request)
        await response.prepare(request)
        await response.write(b"retry: 2000\n\n" + _event({"type": "ready", "at": time.time()}))
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except asyncio.TimeoutError:
                if not await auth.still_valid(request):
                    break
                await _seen(request)
                await response.write(b": keep-alive\n\n")
                continue
            if event is None:
                break
            await response.write(_event(event))
    except (ConnectionResetError, ConnectionError):
        pass  # the browser went away
    finally:
        hub.unsubscribe(queue)
    with contextlib.suppress(ConnectionError):
        await response.write_eof()
    return response


async def _seen(request: web.Request) -> None:
    """An agent with the window open is online (the team view)."""
    who = await auth.caller(request)
    if who is not None and not who.machine:
        storage = request.app[STORAGE]
        await storage.commit(lambda _db: storage.accounts.seen(who.name, time.time()))  # type: ignore[arg-type]


def _event(event: dict[str, Any]) -> bytes:
    """JSON has no raw line breaks, so one `data:` line carries the whole event."""
    return f"event: {event['type']}\ndata: {dumps(event)}\n\n".encode()


ROUTES = (
    web.get("/agent", page),
    web.get("/agent/login", login_page),
    web.post("/agent/login", login),
    web.post("/agent/logout", logout),
    web.get("/agent/static/{name}", static),
    web.get("/api/agent/settings", settings),
    web.get("/api/agent/conversations", conversations),
    web.get("/api/agent/conversations/{conversation_id}", conversation),
    web.get("/api/agent/events", events),
    web.post("/api/agent/wrong-intent", wrong_intent),
    web.post("/api/send", send),
)
