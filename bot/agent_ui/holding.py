"""Who answers a buyer: `POST /api/conversations/{id}/take`, `/release` and `/close`, and resending
a failed reply. The window calls them with an agent's session; an integration with the machine
token names the agent in the body (`{"agent": "小王"}`). A supervisor's take is a reassignment
(`{"to": NAME}` hands it to another agent); anyone else's take of a conversation another agent
holds is 409 with the owner's name. The rules themselves live in `bot.storage.owners`."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.server.keys import SENDER, STORAGE
from bot.server.payloads import json_object
from bot.storage import HeldByOther, Holding

from . import auth
from .handlers import _json, agent_only, held_by_other
from .hub import announce


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    return json_object(raw) if raw.strip() else {}


async def _new_owner(request: web.Request, who: auth.Caller, data: dict[str, Any]) -> str:
    """Whom a take gives the conversation to: the caller, or for a supervisor the agent `to` names."""
    to = data.get("to")
    if to is None or to == who.name:
        return who.name  # type: ignore[return-value]
    if not who.supervisor:
        raise web.HTTPForbidden(reason="only a supervisor hands a conversation to another agent")
    account = await auth.named_account(request, to) if isinstance(to, str) else None
    if account is None or not account.active:
        raise web.HTTPForbidden(reason=f"no active agent account {to!r} to hand it to")
    return account.name


async def _change(request: web.Request, verb: str) -> web.StreamResponse:
    app, conversation_id = request.app, request.match_info["conversation_id"]
    data = await _body(request)
    who = await auth.acting(request, data)
    storage = app[STORAGE]
    found = await storage.read(lambda: storage.log.conversation(conversation_id))
    if found is None:
        raise web.HTTPNotFound(reason="no such conversation")
    owner = await _new_owner(request, who, data) if verb == "take" else who.name

    def write(_db: object) -> Holding:
        owners = storage.owners
        if verb == "take":
            return owners.take(conversation_id, owner, reassign=who.supervisor)  # type: ignore[arg-type]
        if verb == "release":
            return owners.release(conversation_id, owner, supervisor=who.supervisor)  # type: ignore[arg-type]
        storage.log.leave_queue(conversation_id)
        return owners.close(conversation_id, owner, supervisor=who.supervisor)  # type: ignore[arg-type]

    try:
        holding = await storage.commit(write)
    except HeldByOther as exc:
        return held_by_other(exc)
    announce(app, "owner", conversation_id, found.channel, owner=holding.owner, closed=holding.closed, by=who.name)
    return _json(holding.to_dict())


@agent_only
async def take(request: web.Request) -> web.StreamResponse:
    return await _change(request, "take")


@agent_only
async def release(request: web.Request) -> web.StreamResponse:
    return await _change(request, "release")


@agent_only
async def close(request: web.Request) -> web.StreamResponse:
    return await _change(request, "close")


@agent_only
async def resend(request: web.Request) -> web.StreamResponse:
    """A failed reply goes back on the queue, by an agent who may answer the conversation; one that
    has not failed is left as it is (`resent: false`, with its status)."""
    app = request.app
    try:
        delivery_id = int(request.match_info["delivery_id"])
    except ValueError:
        raise web.HTTPNotFound(reason="no such delivery") from None
    who = await auth.acting(request, await _body(request))
    storage = app[STORAGE]
    conversation_id = await storage.read(lambda: storage.deliveries.conversation_of(delivery_id))
    if conversation_id is None:
        raise web.HTTPNotFound(reason="no such delivery")

    def write(_db: object) -> bool:
        storage.owners.take(conversation_id, who.name)  # type: ignore[arg-type]
        return storage.deliveries.resend(delivery_id)

    try:
        resent = await storage.commit(write)
    except HeldByOther as exc:
        return held_by_other(exc)
    if resent:
        app[SENDER].wake()
        announce(app, "delivery", conversation_id, "", delivery_id=delivery_id)
    status = await storage.read(lambda: storage.deliveries.status(delivery_id))
    return _json({"delivery_id": delivery_id, "resent": resent, "status": status.status if status else None})


ROUTES = (
    web.post("/api/conversations/{conversation_id}/take", take),
    web.post("/api/conversations/{conversation_id}/release", release),
    web.post("/api/conversations/{conversation_id}/close", close),
    web.post("/api/agent/deliveries/{delivery_id}/resend", resend),
)
