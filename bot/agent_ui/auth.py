"""Agents log in with the AGENT_TOKEN from the environment (a token or a password), compared in
constant time; a login starts a random session id kept in an HttpOnly, SameSite=Strict cookie and,
hashed, in the service's KV store (SQLite, or Redis shared by several instances). Machines may send
the token itself as `Authorization: Bearer <token>`. Failed logins are throttled per address."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from aiohttp import web

from bot.server.keys import CONFIG, STORAGE

COOKIE = "agent_session"
LOGIN_TRIES = 10  # failed logins per address per window
LOGIN_WINDOW_S = 300


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def token_matches(given: str, token: str | None) -> bool:
    """Constant time, lengths included: both sides are hashed to 32 bytes first."""
    return token is not None and hmac.compare_digest(_digest(given), _digest(token))


def _session_key(session_id: str) -> str:
    return f"agent_session:{hashlib.sha256(session_id.encode()).hexdigest()}"


async def logged_in(request: web.Request) -> bool:
    token = request.app[CONFIG].agent.token
    if token is None:
        return False
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return token_matches(header[len("Bearer "):].strip(), token)
    session_id = request.cookies.get(COOKIE)
    if not session_id or len(session_id) > 100:
        return False
    return await request.app[STORAGE].kv.get(_session_key(session_id)) is not None


def refuse_cross_origin(request: web.Request) -> None:
    """403 for a POST that a browser says comes from another origin. The SameSite=Strict cookie
    keeps other sites out, but not another port of the same host (the same site to a browser).
    The host only: behind a proxy that ends TLS the scheme seen here is http."""
    origin = request.headers.get("Origin")
    if request.method == "POST" and origin is not None and urlsplit(origin).netloc != request.host:
        raise web.HTTPForbidden(reason="cross-origin request refused")


async def check_login(request: web.Request, given: str) -> str:
    """ok, wrong, throttled (too many failures from this address) or off (no AGENT_TOKEN)."""
    token = request.app[CONFIG].agent.token
    if token is None:
        return "off"
    kv, tries_key = request.app[STORAGE].kv, f"agent_login:{request.remote}"
    tries = await kv.get(tries_key)
    if tries is not None and int(tries) >= LOGIN_TRIES:
        return "throttled"
    if token_matches(given, token):
        return "ok"
    await kv.incr(tries_key, ttl=LOGIN_WINDOW_S)
    return "wrong"


async def start_session(request: web.Request, response: web.StreamResponse) -> None:
    ttl = request.app[CONFIG].agent.session_ttl_s
    session_id = secrets.token_urlsafe(32)
    await request.app[STORAGE].kv.set(_session_key(session_id), "1", ttl=ttl)
    response.set_cookie(COOKIE, session_id, max_age=ttl, path="/", httponly=True, samesite="Strict",
                        secure=request.secure)


async def end_session(request: web.Request, response: web.StreamResponse) -> None:
    session_id = request.cookies.get(COOKIE)
    if session_id:
        await request.app[STORAGE].kv.delete(_session_key(session_id))
    response.del_cookie(COOKIE, path="/")
