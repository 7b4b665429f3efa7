"""Exactly once, as far as a channel can tell: a message the log knows is never answered again,
whatever the KV forgot; a reply's delivery carries the same Idempotency-Key on every try and is not
claimed by another worker while an attempt may still succeed; a Redis that is down gets 503 with
Retry-After, logged once; `serve` warns when its Redis keeps nothing across a restart."""
from __future__ import annotations

import asyncio
import logging
import subprocess
import time

import pytest
import redis.asyncio as redis
from aiohttp import web

from bot.server import create_app
from bot.server.keys import SENDER, STORAGE
from bot.storage import open_storage

from .conftest import free_port, message, service_config, sign_channel, start_redis_server, wait_for, wait_listening


async def post(client, body: bytes):
    return await client.post("/webhook/generic", data=body, headers=sign_channel(body))


def stored_in(store) -> dict[str, str]:
    """`service_config`'s arguments for the `store` fixture's backend."""
    return {"store": store.backend, "redis_url": store.redis_url, "database_url": store.database_url}


async def test_a_message_whose_claim_expired_is_not_answered_again(aiohttp_client, tmp_path, engine, channel, texts,
                                                                   store):
    """The claim on an id lasts dedupe_ttl_s; the log lasts. A copy sent after the claim is gone
    (here: deleted, as a day passing does) is a duplicate, and no second reply goes out. On
    PostgreSQL the log is read off the event loop (`Storage.read`), with the same answer."""
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url, **stored_in(store)), engine))
    body = message(1, texts.auto)
    assert (await (await post(client, body)).json())["status"] == "accepted"
    await client.app[STORAGE].kv.delete("seen:generic:m-1")
    assert (await (await post(client, body)).json())["status"] == "duplicate"
    assert (await (await post(client, body)).json())["status"] == "duplicate"
    await wait_for(lambda: channel.received, "the reply")
    await asyncio.sleep(0.3)
    assert [r["reply_to"] for r in channel.received] == ["m-1"]
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]


async def test_a_review_whose_claim_expired_is_not_drafted_again(aiohttp_client, tmp_path, engine, store):
    client = await aiohttp_client(create_app(service_config(tmp_path, **stored_in(store)), engine))
    body = (b'{"review_id": "r1", "buyer_id": "b", "rating": 1, "text": "\xe5\x9d\x8f\xe4\xba\x86",'
            b' "created_at": "2026-12-01T10:00:00+08:00"}')
    review = lambda: client.post("/webhook/generic/review", data=body, headers=sign_channel(body))  # noqa: E731
    assert (await (await review()).json())["status"] == "accepted"
    await client.app[STORAGE].kv.delete("seen-review:generic:r1")
    assert (await (await review()).json())["status"] == "duplicate"
    assert len(client.app[STORAGE].log.waiting()) == 1


@pytest.mark.redis
async def test_redis_restarted_empty_answers_no_message_twice(aiohttp_client, tmp_path, engine, channel, texts, redis_url):
    """The probe: Redis without persistence restarted, 1,245 of 3,000 resent messages were answered
    and delivered again. Every resend is now a duplicate, found in the log."""
    db = redis_url.rsplit("/", 1)[0] + "/2"
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url, store="redis",
                                                            redis_url=db, rate=100), engine))
    flush = redis.Redis.from_url(db)
    await flush.flushdb()
    bodies = [message(n, texts.auto, buyer=f"b{n}", conversation=f"c{n}") for n in range(10)]
    assert [(await (await post(client, b)).json())["status"] for b in bodies] == ["accepted"] * 10
    await flush.flushdb()  # what a restart of a Redis that keeps nothing leaves
    await flush.aclose()
    assert [(await (await post(client, b)).json())["status"] for b in bodies] == ["duplicate"] * 10
    await wait_for(lambda: len(channel.received) >= 10, "the replies")
    await asyncio.sleep(0.3)
    assert sorted(r["reply_to"] for r in channel.received) == sorted(f"m-{n}" for n in range(10))


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, which it may stop and start again on the same port."""
    proc, port = start_redis_server()
    holder = {"proc": proc, "port": port}
    yield holder
    holder["proc"].terminate()
    holder["proc"].wait(10)


def restart(holder: dict, *args: str) -> None:
    holder["proc"].terminate()
    holder["proc"].wait(10)
    proc = subprocess.Popen(["redis-server", "--port", str(holder["port"]), "--bind", "127.0.0.1", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    holder["proc"] = wait_listening(proc, holder["port"])


@pytest.mark.redis
async def test_while_redis_is_down_requests_get_503_with_retry_after_logged_once(
        aiohttp_client, tmp_path, engine, texts, own_redis, caplog):
    url = f"redis://127.0.0.1:{own_redis['port']}/0"
    client = await aiohttp_client(create_app(service_config(tmp_path, store="redis", redis_url=url), engine))
    assert (await post(client, message(1, texts.auto))).status == 200
    own_redis["proc"].kill()
    own_redis["proc"].wait(10)
    caplog.clear()
    answers = [await post(client, message(n, texts.auto)) for n in range(2, 7)]
    assert [r.status for r in answers] == [503] * 5
    assert all(r.headers["Retry-After"] == "5" for r in answers)
    assert "send it again" in (await answers[0].json())["error"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage()[:34] for r in errors] == [f"Redis at 127.0.0.1 does not answer"], errors
    assert not any(r.exc_info for r in caplog.records)  # no traceback
    restart(own_redis, "--save", "", "--appendonly", "no")

    async def back() -> bool:
        return (await post(client, message(f"x{time.time()}", texts.auto))).status == 200

    deadline = time.monotonic() + 20
    while not await back():
        assert time.monotonic() < deadline, "Redis never came back"
        await asyncio.sleep(0.2)
    assert any("answers again" in r.getMessage() for r in caplog.records)


@pytest.mark.redis
async def test_storage_warns_when_its_redis_keeps_nothing_across_a_restart(tmp_path, own_redis, caplog):
    url = f"redis://127.0.0.1:{own_redis['port']}/0"  # started with --save "" --appendonly no
    storage = await open_storage(tmp_path, "redis", url)
    await storage.close()
    assert any("keeps nothing across a restart" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    caplog.clear()
    restart(own_redis, "--appendonly", "yes", "--dir", str(tmp_path))
    storage = await open_storage(tmp_path, "redis", url)
    await storage.close()
    assert not any("keeps nothing" in r.getMessage() for r in caplog.records)


@pytest.fixture
async def slow_channel():
    """A channel that takes each reply and answers only after `delay` seconds, noting each POST's
    Idempotency-Key: what the platform would dedupe on."""
    state = {"delay": 0.0, "keys": [], "status": [503, 200]}

    async def handle(request: web.Request) -> web.Response:
        state["keys"].append(request.headers.get("Idempotency-Key"))
        await request.read()
        await asyncio.sleep(state["delay"])
        return web.Response(status=state["status"].pop(0) if state["status"] else 200)

    app = web.Application()
    app.router.add_post("/send", handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5)  # a hung handler is not waited for
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    state["url"] = f"http://127.0.0.1:{port}/send"
    yield state
    await runner.cleanup()


async def test_every_try_of_a_reply_carries_the_same_idempotency_key(aiohttp_client, tmp_path, engine, texts, slow_channel):
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=slow_channel["url"]), engine))
    assert (await post(client, message(1, texts.auto))).status == 200
    assert (await post(client, message(2, texts.auto))).status == 200
    await wait_for(lambda: len(slow_channel["keys"]) >= 3, "a failed try and the retries")
    keys = slow_channel["keys"]
    assert None not in keys and len(set(keys)) == 2  # one key per reply, the same on its retry
    assert keys[0] in keys[1:]


async def test_a_reply_in_flight_is_not_claimed_again_before_its_attempt_can_end(aiohttp_client, tmp_path, engine, texts,
                                                                               slow_channel):
    """The lease was the timeout + 5 s while an attempt may run twice the timeout: with a channel
    slower than that, a second worker sent the reply again while the first could still succeed."""
    slow_channel["delay"], slow_channel["status"] = 3600.0, []  # answers never, as a hung platform
    config = service_config(tmp_path, send_url=slow_channel["url"])
    client = await aiohttp_client(create_app(config, engine))
    assert (await post(client, message(1, texts.auto))).status == 200
    await wait_for(lambda: slow_channel["keys"], "the first attempt")
    sender, db = client.app[SENDER], client.app[STORAGE].db
    held_until = db.execute("SELECT next_at FROM deliveries").fetchone()[0]
    assert held_until - time.time() > sender.attempt_s  # no other worker takes it meanwhile
    assert sender.attempt_s >= 2 * config.delivery.timeout_s
