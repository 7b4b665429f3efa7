"""What one connection may hold of the server, over real sockets: a slow or silent client is cut
off after the configured time, an idle keep-alive is closed, connections over the cap are told
503, a client that leaves mid-body is one WARNING line; each limit says so in the log."""
from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp import web

from bot.intents import ConfigError
from bot.server import create_app
from bot.server.connections import GuardedRunner
from bot.server.keys import GUARD

from .conftest import ROOT, free_port, message, sign_channel, wait_for, write_config


@pytest.fixture
async def served(tmp_path, engine):
    config = write_config(tmp_path, f"""
server: {{data_dir: data, keepalive_s: 0.5, body_timeout_s: 0.5, max_connections: 3}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
channels: {{generic: {{}}}}
""")
    app = create_app(config, engine)
    runner = GuardedRunner(app, app[GUARD], access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield app, port
    await runner.cleanup()


async def connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """What the server sent before closing the connection; fails if it is still open after `seconds`."""
    return await asyncio.wait_for(reader.read(), seconds)


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.server.connections" and r.levelno == logging.WARNING]


async def test_a_request_head_never_finished_is_cut_off_and_logged(served, caplog):
    _, port = served
    reader, writer = await connect(port)
    writer.write(b"POST /webhook/generic HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and nothing more
    assert await closed_within(reader, 5) == b""
    assert any("no complete request head after 0.5 s" in w for w in warnings_of(caplog))
    writer.close()


async def test_a_silent_connection_is_cut_off_too(served):
    _, port = served
    reader, writer = await connect(port)
    assert await closed_within(reader, 5) == b""
    writer.close()


async def test_a_body_that_stops_coming_gets_408_and_is_logged(served, caplog):
    app, port = served
    reader, writer = await connect(port)
    writer.write(b"POST /webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 99999999999\r\n\r\n{\"a\": 1234")  # ten bytes of a body it said was 100 GB
    answer = await closed_within(reader, 5)
    assert answer.startswith(b"HTTP/1.1 408")
    assert app[GUARD].counts["body_timeout"] == 1
    assert any("did not arrive within 0.5 s" in w for w in warnings_of(caplog))
    writer.close()


async def test_an_idle_keep_alive_connection_is_closed(served):
    _, port = served
    reader, writer = await connect(port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert head.startswith(b"HTTP/1.1 200")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    await reader.readexactly(length)
    assert await closed_within(reader, 5) == b""  # kept alive, then closed once idle
    writer.close()


async def test_connections_over_the_cap_get_503_and_the_held_ones_still_work(served, caplog):
    app, port = served
    held = [await connect(port) for _ in range(3)]
    await asyncio.sleep(0.05)
    reader, writer = await connect(port)
    refused = await closed_within(reader, 5)
    assert refused.startswith(b"HTTP/1.1 503") and b"Retry-After: 1" in refused
    assert any("over the cap of 3" in w for w in warnings_of(caplog))
    writer.close()
    body = message(1)
    r, w = held[0]
    w.write(b"POST /webhook/generic HTTP/1.1\r\nHost: x\r\n" + b"".join(
        f"{k}: {v}\r\n".encode() for k, v in sign_channel(body).items()) + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    assert (await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 5)).startswith(b"HTTP/1.1 200")
    for _, w in held:
        w.close()


async def test_a_client_gone_mid_body_is_one_warning_not_an_error_traceback(served, caplog):
    app, port = served
    caplog.set_level(logging.DEBUG)
    reader, writer = await connect(port)
    writer.write(b"POST /webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{\"message_id\": ")
    await writer.drain()
    await asyncio.sleep(0.1)
    writer.close()
    await wait_for(lambda: app[GUARD].counts["client_gone"], "the server to see the client gone")
    assert app[GUARD].counts["client_gone"] == 1
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("went away before sending their whole body" in w for w in warnings_of(caplog))


@pytest.mark.parametrize("key", ["keepalive_s", "body_timeout_s"])
def test_a_timeout_over_a_minute_is_refused_by_the_config(tmp_path, key):
    with pytest.raises(ConfigError, match=f"server.{key} must be at most 60"):
        write_config(tmp_path, f"server: {{{key}: 3630}}\nchannels: {{generic: {{}}}}\n")
