"""What one connection may hold of the server: a time to send its request head and its body, a time
to sit idle between requests, and a share of a capped number of open connections.

aiohttp closes nothing on its own (keep-alive 3,630 s, no read timeout), so a few hundred held
connections (a request head never finished, `Content-Length: 99999999999` with ten bytes sent, an
idle keep-alive) filled the open-file limit and every new request failed with nothing logged. Here:
- the request head: aiohttp's keep-alive timer runs from the moment a connection opens, so a
  connection that has not completed a request head within `keepalive_s` is closed (and logged);
- idle keep-alive: the same timer after each response (closed, not logged: that is routine);
- the body: read in full by a middleware before any handler runs, within `body_timeout_s` (408);
- a client that goes away mid-body: one WARNING line, not an ERROR traceback;
- over `max_connections` open at once, a new connection gets `503` with `Retry-After` and is closed.
Each of these is logged as a WARNING at most once per `LOG_EVERY_S`, with the counts since.
"""
from __future__ import annotations

import asyncio
import logging
import resource
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

log = logging.getLogger(__name__)

LOG_EVERY_S = 10.0
LINGER_S = 1.0
_BUSY = b'{"error": "too many connections open; retry shortly"}'
_FULL = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
         b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY), _BUSY))

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Guard:
    """Counts what the limits turned away and says so in the log, one line per burst."""

    def __init__(self, *, keepalive_s: float, body_timeout_s: float, max_connections: int,
                 on_bite: Callable[[str], None] = lambda what: None) -> None:
        self.keepalive_s, self.body_timeout_s, self.max_connections = keepalive_s, body_timeout_s, max_connections
        self._on_bite = on_bite
        self.counts: Counter[str] = Counter()  # totals since start
        self._since: Counter[str] = Counter()
        self._logged_at = 0.0

    WHAT = {
        "head_timeout": "connections closed with no complete request head after {keepalive_s:g} s",
        "body_timeout": "requests whose body did not arrive within {body_timeout_s:g} s (408)",
        "client_gone": "clients that went away before sending their whole body",
        "over_cap": "connections refused over the cap of {max_connections} open at once (503)",
    }

    def bit(self, what: str) -> None:
        self._on_bite(what)
        self.counts[what] += 1
        self._since[what] += 1
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY_S:
            self._logged_at = now
            said = "; ".join(f"{n} {self.WHAT[k].format(**vars(self))}" for k, n in sorted(self._since.items()))
            self._since.clear()
            log.warning("connection limits: %s", said)


class _GuardedHandler(RequestHandler):
    """aiohttp's protocol, noting when its keep-alive timer closes a connection that never sent a
    whole request (a slow or silent client, not a routine idle close)."""

    __slots__ = ("_guard",)

    def _process_keepalive(self) -> None:
        waiting_for_first = self._request_count == 0 and self._waiter is not None and not self._waiter.done()
        super()._process_keepalive()
        if waiting_for_first and self._force_close:
            self._guard.bit("head_timeout")


class _Refuse(asyncio.Protocol):
    """A connection over the cap: told 503 and closed at once, costing nothing but the socket."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(_FULL)  # type: ignore[attr-defined]
        transport.close()


class _GuardedServer:
    """Stands in for aiohttp's `Server` as the listening socket's protocol factory."""

    def __init__(self, server: web.Server, guard: Guard) -> None:
        self._server, self._guard = server, guard

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)

    def __call__(self) -> asyncio.Protocol:
        server = self._server
        if len(server.connections) >= self._guard.max_connections:
            self._guard.bit("over_cap")
            return _Refuse()
        handler = _GuardedHandler(server, loop=server._loop, **server._kwargs)
        handler._guard = self._guard
        return handler


class GuardedRunner(web.AppRunner):
    """An AppRunner whose connections are guarded; `keepalive_timeout` is the guard's."""

    def __init__(self, app: web.Application, guard: Guard, **kwargs: Any) -> None:
        # lingering: how long the rest of a body not read (a 413, a 408) is drained before closing
        super().__init__(app, keepalive_timeout=guard.keepalive_s, lingering_time=LINGER_S, **kwargs)
        self.guard = guard

    async def _make_server(self) -> web.Server:
        return _GuardedServer(await super()._make_server(), self.guard)  # type: ignore[return-value]


def body_reader(guard: Guard) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """A middleware reading a POST's body in full before its handler (which then gets it from
    `request.read()`'s cache): within the body timeout, and a client gone mid-body is a WARNING."""

    @web.middleware
    async def read_body(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists and not request.content_type.startswith("multipart/"):
            try:
                await asyncio.wait_for(request.read(), guard.body_timeout_s)
            except asyncio.TimeoutError:
                guard.bit("body_timeout")
                response = web.json_response({"error": f"the body did not arrive within {guard.body_timeout_s:g} s"},
                                             status=408)
                response.force_close()  # no keep-alive for a client this slow
                return response
            except ConnectionError:  # the client closed the connection: nobody to answer
                guard.bit("client_gone")
                raise web.HTTPBadRequest(reason="connection closed mid-body") from None
        return await handler(request)

    return read_body


def open_files_allow(wanted: int) -> int:
    """The connection cap the process's open-file limit allows, raising the soft limit towards the
    hard one first; 64 descriptors stay for the database, Redis, logs and outbound requests."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = wanted + 64
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    allowed = wanted if soft == resource.RLIM_INFINITY else min(wanted, soft - 64)
    if allowed < wanted:
        log.warning("server.max_connections %d lowered to %d: the open-file limit is %d (ulimit -n)",
                    wanted, allowed, soft)
    return max(1, allowed)
