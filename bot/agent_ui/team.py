"""The supervisor's side of the window: the team view (who is online, open conversations per agent,
the buyers waiting longest, today's first-response times, what became of the suggestions) and the
accounts (add, disable). The figures are computed here from the log, by small pure functions."""
from __future__ import annotations

import asyncio
import logging
import math
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.domain import InputError
from bot.server.keys import CONFIG, STORAGE
from bot.server.payloads import json_object
from bot.storage import AccountError

from . import auth
from .handlers import _json, agent_only
from .hub import HUB
from .passwords import PasswordError, hash_password

log = logging.getLogger(__name__)

SHOP_TZ = ZoneInfo("Asia/Shanghai")  # "today" is the shop's day
ONLINE_S = 45  # a window's live stream checks in every 15 s
LONGEST_WAITS = 5


@dataclass(frozen=True)
class Response:
    """One buyer wait an agent ended: how long the buyer had waited, and who answered."""

    conversation_id: str
    agent: str | None
    waited_s: float
    at: float


def first_responses(messages: Iterable[tuple[str, str, float, str | None]], since: float) -> list[Response]:
    """(conversation_id, role, at, agent) in each conversation's order -> the waits agents ended
    since `since`: from the first buyer message after the last reply to the next agent message. A
    wait the bot's automatic reply ended is no agent's."""
    found, current, waiting_since = [], None, None
    for conversation_id, role, at, agent in messages:
        if conversation_id != current:
            current, waiting_since = conversation_id, None
        if role == "buyer":
            waiting_since = at if waiting_since is None else waiting_since
            continue
        if role == "ack":  # a handoff acknowledged by the bot still waits for an agent
            continue
        if role == "agent" and waiting_since is not None and at >= since:
            found.append(Response(conversation_id, agent, at - waiting_since, at))
        waiting_since = None
    return found


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the smallest value at or above `share` of them (p90 of 10 values is the 9th)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def suggestion_shares(actions: dict[str, int]) -> dict[str, Any]:
    counts = {k: actions.get(k, 0) for k in ("sent", "edited", "rejected")}
    total = sum(counts.values())
    return {"total": total, **counts,
            "shares": {k: round(v / total, 3) if total else None for k, v in counts.items()}}


def start_of_today(now: float) -> float:
    return datetime.fromtimestamp(now, SHOP_TZ).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def supervisor_only(handler: Any) -> Any:
    """A supervisor's session; or the machine token, which may read the team view and, for a change,
    names the supervisor it acts for (`agent`)."""

    async def checked(request: web.Request) -> web.StreamResponse:
        who = await auth.caller(request)
        if who is not None and who.machine:
            if request.method == "GET":
                return await handler(request)
            raw = await request.read()
            who = await auth.acting(request, json_object(raw) if raw.strip() else {})
        if who is None or not who.supervisor:
            raise web.HTTPForbidden(reason="for supervisors only")
        return await handler(request)

    return agent_only(checked)


@supervisor_only
async def team(request: web.Request) -> web.StreamResponse:
    storage, now = request.app[STORAGE], time.time()
    today = start_of_today(now)
    cards = request.app[HUB].cards
    open_per_agent, accounts, listed, messages, actions = await storage.read(lambda: (
        storage.owners.open_per_agent(), storage.accounts.all(), cards.open_conversations(now),
        storage.log.messages_since(today), storage.log.feedback_actions_since(today)))
    agents = [{"name": a.name, "role": a.role, "active": a.active,
               "online": a.active and a.last_seen_at is not None and now - a.last_seen_at < ONLINE_S,
               "open": open_per_agent.get(a.name, 0)} for a in accounts]
    waiting = sorted((c for c in listed if c["waiting"]), key=lambda c: c["waiting_since"])[:LONGEST_WAITS]
    waits = [r.waited_s for r in first_responses(messages, today)]
    return _json({
        "now": now,
        "agents": agents,
        "unassigned": sum(1 for c in listed if c["owner"] is None and not c["closed"]),
        "longest_waiting": [{k: c[k] for k in ("conversation_id", "buyer_id", "waiting_since", "owner")}
                            for c in waiting],
        "first_response_today": {"count": len(waits),
                                 "median_s": statistics.median(waits) if waits else None,
                                 "p90_s": percentile(waits, 0.9)},
        "suggestions_today": suggestion_shares(actions),
    })


@supervisor_only
async def add_account(request: web.Request) -> web.StreamResponse:
    data = json_object(await request.read())
    name, password, role = data.get("name"), data.get("password"), data.get("role", "agent")
    if not isinstance(name, str) or not isinstance(password, str) or not isinstance(role, str):
        raise InputError("send name, password and role (agent or supervisor) as strings")
    storage = request.app[STORAGE]
    try:
        hashed = await asyncio.to_thread(hash_password, password)
        account = await storage.commit(lambda _db: storage.accounts.add(name, hashed, role))
    except (AccountError, PasswordError) as exc:
        raise InputError(str(exc)) from None
    return _json({"name": account.name, "role": account.role, "active": True}, status=201)


@supervisor_only
async def disable_account(request: web.Request) -> web.StreamResponse:
    name, storage = request.match_info["name"], request.app[STORAGE]
    raw = await request.read()
    who = await auth.acting(request, json_object(raw) if raw.strip() else {})
    if who.name == name:
        raise InputError("you cannot disable your own account: ask another supervisor")
    try:
        account = await storage.commit(lambda _db: storage.accounts.disable(name))
    except AccountError as exc:
        raise web.HTTPNotFound(reason=str(exc)) from None
    return _json({"name": account.name, "role": account.role, "active": account.active})


ROUTES = (
    web.get("/api/agent/team", team),
    web.post("/api/agent/accounts", add_account),
    web.post("/api/agent/accounts/{name}/disable", disable_account),
)


async def first_supervisor(app: web.Application) -> None:
    """A team of nobody: the supervisor AGENT_SUPERVISOR names is created (the demo's first run),
    or the log says how to add one."""
    storage, first = app[STORAGE], app[CONFIG].agent.first_supervisor
    if await storage.read(storage.accounts.count):
        return
    if first is None:
        log.warning("no agent accounts yet: add a supervisor with `.venv/bin/python run_bot.py agents add NAME"
                    " --supervisor` (or set AGENT_SUPERVISOR=NAME:PASSWORD), then log in at /agent")
        return
    name, password = first
    try:
        hashed = hash_password(password)
        if await storage.commit(lambda _db: storage.accounts.add_first(name, hashed)):
            log.info("created the first supervisor %r from AGENT_SUPERVISOR", name)
    except (AccountError, PasswordError) as exc:
        log.error("AGENT_SUPERVISOR: %s; nobody can log in to /agent until an account is added", exc)
