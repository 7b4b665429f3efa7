"""The client's address behind a reverse proxy (nginx, a load balancer). Behind one, every request's
socket peer is the proxy, so the per-address throttles (wrong logins, wrong machine tokens) would
count every client together: one guesser would lock out every agent. A proxy names the client in
`X-Forwarded-For`, which a client can also send itself, so the header is believed only from a peer
in `server.trusted_proxies`, and only as far as the hops those proxies appended: read from the right,
the first address that is not a trusted proxy is the client (anything left of it the client may have
written). With no trusted proxies (the default) the socket peer is the client, whatever the header.
The same trust decides `X-Forwarded-Proto`: behind a proxy that ends TLS, the bot's socket speaks
plain HTTP, and only the proxy's word tells that the client used https (so the agents' session
cookie is marked `Secure`).

aiohttp's way is a middleware that hands the handlers `request.clone(remote=...)`. aiohttp-remotes'
`XForwardedFiltered` does not check the peer (a client reaching the bot directly could name any
address) and its `XForwardedStrict` refuses clients that come without the proxy, so this is the small
function instead."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from aiohttp import hdrs, web

Networks = tuple[IPv4Network | IPv6Network, ...]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _address(text: str) -> IPv4Address | IPv6Address | None:
    """An address as a proxy writes it; an IPv4 client on a dual-stack socket as IPv4. None if it is none."""
    try:
        found = ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(found, "ipv4_mapped", None)
    return mapped or found


def _trusted(address: IPv4Address | IPv6Address, proxies: Networks) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(peer: str | None, forwarded_for: Sequence[str], proxies: Networks) -> str | None:
    """Who the client is: `peer` unless it is a trusted proxy; then the `X-Forwarded-For` hops (every
    such header, in order) from the right, passing trusted proxies, up to the first that is not one.
    All of them trusted: the leftmost. A hop that is no address stops the walk at the last trusted one
    (what stands left of it cannot be believed)."""
    here = _address(peer) if peer else None
    if here is None or not _trusted(here, proxies):
        return peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        here = address
        if not _trusted(address, proxies):
            break
    return str(here)


def forwarded_scheme(peer: str | None, forwarded_proto: Sequence[str], proxies: Networks) -> str | None:
    """The scheme the client used, as a trusted proxy says it (the nearest proxy's word: the last value),
    or None to keep the socket's: from an untrusted peer, or a value that is neither http nor https."""
    here = _address(peer) if peer else None
    if here is None or not _trusted(here, proxies):
        return None
    values = [value.strip().lower() for header in forwarded_proto for value in header.split(",")]
    return values[-1] if values and values[-1] in ("http", "https") else None


def behind_proxies(proxies: Networks) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """The middleware giving handlers the client's address as `request.remote`, and the scheme it used as
    `request.scheme` (see the module's note)."""

    @web.middleware
    async def forwarded(request: web.Request, handler: Handler) -> web.StreamResponse:
        client = client_address(request.remote, request.headers.getall(hdrs.X_FORWARDED_FOR, []), proxies)
        scheme = forwarded_scheme(request.remote, request.headers.getall(hdrs.X_FORWARDED_PROTO, []), proxies)
        changes = {"remote": client} if client != request.remote else {}
        if scheme is not None and scheme != request.scheme:
            changes["scheme"] = scheme
        if changes:
            request = request.clone(**changes)
        return await handler(request)

    return forwarded
