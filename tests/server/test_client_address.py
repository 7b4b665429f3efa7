"""The client's address behind a reverse proxy: `X-Forwarded-For` is believed only from a peer in
`server.trusted_proxies`, read from the right; the per-address throttles then count each client on
its own. The rules as a table, then the machine token's throttle over real HTTP (the test client
connects from 127.0.0.1, the proxy's place)."""
from __future__ import annotations

from ipaddress import ip_network

import pytest

from bot.server import create_app
from bot.server.remote import client_address, forwarded_scheme

from .conftest import BEARER, SUPERVISOR, service_config

NGINX_AND_LAN = (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"), ip_network("::1/128"))


@pytest.mark.parametrize("peer, forwarded, proxies, client", [
    ("203.0.113.5", ["198.51.100.9"], NGINX_AND_LAN, "203.0.113.5"),  # an untrusted peer's header is ignored
    ("127.0.0.1", ["198.51.100.9"], (), "127.0.0.1"),  # no trusted proxies: the peer, whatever the header
    ("127.0.0.1", [], NGINX_AND_LAN, "127.0.0.1"),  # through the proxy without the header: the proxy
    ("127.0.0.1", ["198.51.100.9"], NGINX_AND_LAN, "198.51.100.9"),
    ("127.0.0.1", ["1.2.3.4, 198.51.100.9"], NGINX_AND_LAN, "198.51.100.9"),  # the client wrote 1.2.3.4 itself
    ("127.0.0.1", ["198.51.100.9, 10.0.0.7"], NGINX_AND_LAN, "198.51.100.9"),  # past a second trusted hop
    ("127.0.0.1", ["1.2.3.4", "198.51.100.9"], NGINX_AND_LAN, "198.51.100.9"),  # two headers: one list
    ("127.0.0.1", ["10.0.0.8, 10.0.0.7"], NGINX_AND_LAN, "10.0.0.8"),  # all trusted: the leftmost
    ("127.0.0.1", ["1.2.3.4, unknown, 10.0.0.7"], NGINX_AND_LAN, "10.0.0.7"),  # no address: stop at the last proxy
    ("127.0.0.1", ["garbage"], NGINX_AND_LAN, "127.0.0.1"),
    ("::1", ["2001:db8::5"], NGINX_AND_LAN, "2001:db8::5"),
    ("::ffff:127.0.0.1", ["198.51.100.9"], NGINX_AND_LAN, "198.51.100.9"),  # IPv4 on a dual-stack socket
    (None, ["198.51.100.9"], NGINX_AND_LAN, None),
])
def test_who_the_client_is(peer, forwarded, proxies, client):
    assert client_address(peer, forwarded, proxies) == client


def wrong(address: str) -> dict[str, str]:
    return {"Authorization": "Bearer guess", "X-Forwarded-For": address}


async def test_a_forged_header_from_a_peer_that_is_no_trusted_proxy_is_ignored(aiohttp_client, tmp_path, engine):
    """No trusted proxies: ten wrong tokens, each naming another address, all count against the peer."""
    client = await aiohttp_client(create_app(service_config(tmp_path), engine))
    for n in range(10):
        assert (await client.get("/api/queue", headers=wrong(f"198.51.100.{n}"))).status == 401
    right = await client.get("/api/queue", headers={**BEARER, "X-Forwarded-For": "198.51.100.99"})
    assert right.status == 429


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(aiohttp_client, tmp_path, engine):
    """One guesser behind the proxy runs out of tries; the shop's integration behind the same proxy
    is not locked out with it, and a guesser naming another address in its own header gains nothing."""
    config = service_config(tmp_path, trusted_proxies=["127.0.0.1", "10.0.0.0/8"])
    client = await aiohttp_client(create_app(config, engine))
    for _ in range(10):
        assert (await client.get("/api/queue", headers=wrong("198.51.100.7"))).status == 401
    assert (await client.get("/api/queue", headers=wrong("198.51.100.7"))).status == 429
    assert (await client.get("/api/queue", headers={**BEARER, "X-Forwarded-For": "198.51.100.7"})).status == 429
    integration = {**BEARER, "X-Forwarded-For": "203.0.113.20, 10.1.2.3"}  # through a second proxy of the LAN
    assert (await client.get("/api/queue", headers=integration)).status == 200
    forged = {**BEARER, "X-Forwarded-For": "203.0.113.20, 198.51.100.7"}  # the guesser wrote the first one
    assert (await client.get("/api/queue", headers=forged)).status == 429


@pytest.mark.parametrize("peer, proto, proxies, scheme", [
    ("127.0.0.1", ["https"], NGINX_AND_LAN, "https"),
    ("203.0.113.5", ["https"], NGINX_AND_LAN, None),  # an untrusted peer's word: the socket's scheme
    ("127.0.0.1", ["https"], (), None),  # no trusted proxies
    ("127.0.0.1", [], NGINX_AND_LAN, None),
    ("127.0.0.1", ["http, HTTPS"], NGINX_AND_LAN, "https"),  # the nearest proxy's word is the last
    ("127.0.0.1", ["https", "http"], NGINX_AND_LAN, "http"),
    ("127.0.0.1", ["ftp"], NGINX_AND_LAN, None),  # no scheme a browser uses here
])
def test_which_scheme_the_client_used(peer, proto, proxies, scheme):
    assert forwarded_scheme(peer, proto, proxies) == scheme


async def _session_cookie(aiohttp_client, tmp_path, engine, trusted: list[str]) -> str:
    tmp_path.mkdir()
    client = await aiohttp_client(create_app(service_config(tmp_path, trusted_proxies=trusted), engine))
    name, password = SUPERVISOR
    response = await client.post("/agent/login", data={"name": name, "password": password}, allow_redirects=False,
                                  headers={"X-Forwarded-Proto": "https"})
    assert response.status == 303
    return ",".join(response.headers.getall("Set-Cookie"))


async def test_behind_a_trusted_proxy_that_ends_tls_the_session_cookie_is_secure(aiohttp_client, tmp_path, engine):
    """nginx speaks plain HTTP to the bot and says https in X-Forwarded-Proto: the cookie must not go out
    over plain HTTP; the same header from a peer nobody trusts changes nothing."""
    assert "Secure" in await _session_cookie(aiohttp_client, tmp_path / "a", engine, ["127.0.0.1"])
    assert "Secure" not in await _session_cookie(aiohttp_client, tmp_path / "b", engine, [])
