"""Who is calling: an agent by name (a login with the account's password starts a random session
id, kept in an HttpOnly, SameSite=Strict cookie and, hashed, in the service's KV store), or the
shop's integrations with the machine token (`Authorization: Bearer <AGENT_TOKEN>`).

Guessing is throttled, and counted before anything is tried, so a burst of simultaneous guesses
gets no more tries than a slow one: a login reserves a try on its account and its address before
the password is checked, and gives it back when it was right. A browser that has logged in to an
account before carries a device cookie; its logins to that account are counted on their own, so a
guesser who exhausts an account's or an address's tries does not lock out the team. A wrong machine
token counts against its address; the right one is refused while that address is over its limit.
Every check of a session also checks the account: a disabled agent's sessions stop working."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web

from bot.domain import InputError
from bot.server.keys import CONFIG, STORAGE
from bot.storage import KV, Account

from .passwords import verify_password

COOKIE = "agent_session"
DEVICE_COOKIE = "agent_device"
DEVICE_TTL_S = 90 * 86400
LOGIN_WINDOW_S = 300
ACCOUNT_TRIES = 10  # logins to one account from browsers it has not seen, per window
ADDRESS_TRIES = 30  # logins from one address, whatever the account
DEVICE_TRIES = 10  # logins from a browser that logged in to the account before
BEARER_TRIES = 10  # wrong machine tokens from one address
MAX_NAME = 64


@dataclass(frozen=True)
class Caller:
    """An agent (name and role) or the integrations' machine token (name None)."""

    name: str | None
    role: str  # agent, supervisor or machine

    @property
    def machine(self) -> bool:
        return self.name is None

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"

    @classmethod
    def of(cls, account: Account) -> "Caller":
        return cls(account.name, account.role)


MACHINE = Caller(None, "machine")
CALLER = web.RequestKey("caller", object)  # Caller | None, once known for the request


class Throttled(web.HTTPTooManyRequests):
    def __init__(self) -> None:
        super().__init__(reason="too many wrong tries from this address: wait a few minutes",
                         headers={"Retry-After": str(LOGIN_WINDOW_S)})


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


def _hashed(value: str) -> str:
    return _digest(value).hex()


def token_matches(given: str, token: str | None) -> bool:
    """Constant time, lengths included: both sides are hashed to 32 bytes first."""
    return token is not None and hmac.compare_digest(_digest(given), _digest(token))


def _session_key(session_id: str) -> str:
    return f"agent_session:{_hashed(session_id)}"


def _device_key(device_id: str) -> str:
    return f"agent_device:{_hashed(device_id)}"


async def caller(request: web.Request) -> Caller | None:
    """The machine token or a live session of an active account; None otherwise. Raises Throttled
    for a machine token from an address over its limit of wrong ones. Cached on the request."""
    if CALLER not in request:
        request[CALLER] = await _identify(request)
    return request[CALLER]  # type: ignore[return-value]


async def _identify(request: web.Request) -> Caller | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return await _machine(request, header[len("Bearer "):].strip())
    session_id = request.cookies.get(COOKIE)
    if not session_id or len(session_id) > 100:
        return None
    storage = request.app[STORAGE]
    name = await storage.kv.get(_session_key(session_id))
    account = await named_account(request, name) if name else None
    return Caller.of(account) if account is not None and account.active else None


async def _machine(request: web.Request, given: str) -> Caller | None:
    token, storage = request.app[CONFIG].agent.token, request.app[STORAGE]
    key = f"agent_bearer:{request.remote}"
    if token_matches(given, token):
        await storage.settled()  # the guesses that came in before this one are counted
        tries = await storage.kv.get(key)
        if tries is not None and int(tries) >= BEARER_TRIES:
            raise Throttled()
        return MACHINE
    if await storage.kv.incr(key, LOGIN_WINDOW_S) > BEARER_TRIES:
        raise Throttled()
    return None


def refuse_cross_origin(request: web.Request) -> None:
    """403 for a POST that a browser says comes from another origin. The SameSite=Strict cookie
    keeps other sites out, but not another port of the same host (the same site to a browser).
    A browser's own word first (Sec-Fetch-Site: same-origin), since under this page's no-referrer
    policy Chromium sends `Origin: null` with a form; else the Origin's host, and the host only:
    behind a proxy that ends TLS the scheme seen here is http."""
    if request.method != "POST":
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise web.HTTPForbidden(reason="cross-origin request refused")
        return
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        raise web.HTTPForbidden(reason="cross-origin request refused")


async def check_login(request: web.Request, name: str, password: str) -> Account | str:
    """The account, or why not: wrong (name or password), throttled, or off (no account yet)."""
    storage = request.app[STORAGE]
    if await storage.read(storage.accounts.count) == 0:
        return "off"
    name = name.strip()[:MAX_NAME]
    kv = storage.kv
    tries = await _tries_for(request, kv, name)
    reserved = [await kv.incr(key, LOGIN_WINDOW_S) for key, _ in tries]
    if any(n > limit for n, (_, limit) in zip(reserved, tries)):
        return "throttled"
    stored = await storage.read(lambda: storage.accounts.password_hash(name))
    if not await asyncio.to_thread(verify_password, password, stored):
        return "wrong"
    for key, _ in tries:  # a right password is no guess: its tries are given back
        await _give_back(kv, key)
    return await named_account(request, name) or "wrong"


async def _tries_for(request: web.Request, kv: KV, name: str) -> list[tuple[str, int]]:
    """Which counts this login goes on: the device's own when the browser logged in to this
    account before, else the account's and the address's."""
    device_id = request.cookies.get(DEVICE_COOKIE)
    if device_id and len(device_id) <= 100 and await kv.get(_device_key(device_id)) == name:
        return [(f"agent_login:device:{_hashed(device_id)}", DEVICE_TRIES)]
    return [(f"agent_login:account:{_hashed(name)}", ACCOUNT_TRIES),
            (f"agent_login:address:{request.remote}", ADDRESS_TRIES)]


async def _give_back(kv: KV, key: str) -> None:
    """One try less on the count (compare and set; a count that moved meanwhile is read again)."""
    for _ in range(5):
        value = await kv.get(key)
        if value is None or int(value) <= 0:
            return
        if await kv.replace(key, value, str(int(value) - 1), ttl=LOGIN_WINDOW_S):
            return


async def start_session(request: web.Request, response: web.StreamResponse, account: Account) -> None:
    ttl, kv = request.app[CONFIG].agent.session_ttl_s, request.app[STORAGE].kv
    session_id = secrets.token_urlsafe(32)
    await kv.set(_session_key(session_id), account.name, ttl=ttl)
    device_id = request.cookies.get(DEVICE_COOKIE)
    if not device_id or len(device_id) > 100 or await kv.get(_device_key(device_id)) != account.name:
        device_id = secrets.token_urlsafe(32)
    await kv.set(_device_key(device_id), account.name, ttl=DEVICE_TTL_S)
    for cookie, value, max_age in ((COOKIE, session_id, ttl), (DEVICE_COOKIE, device_id, DEVICE_TTL_S)):
        response.set_cookie(cookie, value, max_age=max_age, path="/", httponly=True, samesite="Strict",
                            secure=request.secure)


async def end_session(request: web.Request, response: web.StreamResponse) -> None:
    session_id = request.cookies.get(COOKIE)
    if session_id:
        await request.app[STORAGE].kv.delete(_session_key(session_id))
    response.del_cookie(COOKIE, path="/")


async def acting(request: web.Request, data: dict) -> Caller:
    """Who does what this request asks: the logged-in agent, or, for the machine token, the agent
    its `agent` field names (403 when there is no such active account)."""
    who = await caller(request)
    if who is None:
        raise web.HTTPUnauthorized(reason="log in at /agent/login first")
    if not who.machine:
        return who
    name = data.get("agent")
    if not isinstance(name, str) or not name.strip():
        raise InputError("missing field 'agent': the machine token acts for an agent, name the account")
    account = await named_account(request, name.strip())
    if account is None or not account.active:
        raise web.HTTPForbidden(reason=f"no active agent account {name.strip()!r}")
    return Caller.of(account)


async def named_account(request: web.Request, name: str) -> Account | None:
    """The account of that name, read off the event loop."""
    storage = request.app[STORAGE]
    return await storage.read(lambda: storage.accounts.get(name))


async def person(request: web.Request) -> Caller | None:
    """The agent logged in in this browser (never the machine token, never an exception): whether a
    page (the window, the demo) opens or sends to the login."""
    try:
        who = await caller(request)
    except web.HTTPException:
        return None
    return who if who is not None and not who.machine else None


async def still_valid(request: web.Request) -> bool:
    """Asked again, not from the request's cache: a long-lived event stream ends when its session
    does, or its account is disabled."""
    try:
        return await _identify(request) is not None
    except web.HTTPException:
        return False
