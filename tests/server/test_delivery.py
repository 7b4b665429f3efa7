import asyncio
import os
import signal
import subprocess
import sys
import time

import aiohttp
import pytest

from bot.domain import ConversationState
from bot.server import create_app
from bot.server.keys import STORAGE
from bot.storage import open_storage

from .conftest import ROOT, SECRET, free_port, message, service_config, sign_channel, wait_for


async def pending(data_dir) -> list:
    storage = await open_storage(data_dir)
    try:
        return storage.deliveries.due(100, now=float("inf"))
    finally:
        await storage.close()


async def all_marked_delivered(client) -> None:
    """The channel has a reply once it answered; the sender marks it delivered only when that
    answer is back and its commit done, a moment later (longer on a busy machine): wait for that."""
    deadline = time.monotonic() + 10  # bounds a broken run only
    while (await (await client.get("/api/queue")).json())["deliveries_pending"] != 0:
        assert time.monotonic() < deadline, "the delivered replies stayed pending"
        await asyncio.sleep(0.02)


async def test_a_channel_that_is_down_keeps_the_reply_and_gets_it_later(aiohttp_client, tmp_path,
                                                                       engine, channel, texts):
    channel.status = 503
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url), engine))
    body = message(1, texts.auto)
    assert (await (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).json()
            )["action"] == "auto"

    async def failures() -> float:
        text = await (await client.get("/metrics")).text()
        line = next((x for x in text.splitlines()
                     if x.startswith('shopbot_delivery_failures_total{channel="generic"}')), "x 0")
        return float(line.split()[-1])

    deadline = time.monotonic() + 30  # bounds a broken run only
    while await failures() < 2:  # tried, backed off, tried again
        assert time.monotonic() < deadline, "the sender never retried"
    queue = await (await client.get("/api/queue")).json()
    assert queue["deliveries_pending"] == 1 and channel.received == []

    channel.status = 200
    await wait_for(lambda: channel.received, "the retried reply")
    assert channel.received[0]["reply_to"] == "m-1"
    await all_marked_delivered(client)


async def test_a_store_that_fails_for_a_while_delays_the_reply_and_does_not_stop_the_sender(
        aiohttp_client, tmp_path, engine, channel, texts):
    """A write the queue cannot make (the file locked past the timeout, a full disk) used to end
    the sender's task: no reply went out until a restart. It tries again a second later."""
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url), engine))
    db = client.app[STORAGE].db
    db.execute("CREATE TRIGGER no_claims BEFORE UPDATE ON deliveries BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    body = message(1, texts.auto)
    assert (await (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).json()
            )["action"] == "auto"
    await asyncio.sleep(0.3)
    assert channel.received == []  # could not be claimed, so not sent
    db.execute("DROP TRIGGER no_claims")
    await wait_for(lambda: channel.received, "the reply once the store works again")
    assert [r["reply_to"] for r in channel.received] == ["m-1"]


async def test_a_new_app_over_the_same_data_dir_delivers_what_was_pending(aiohttp_client, tmp_path,
                                                                         engine, channel, texts):
    channel.status = 503
    config = service_config(tmp_path, send_url=channel.url)
    first = await aiohttp_client(create_app(config, engine))
    for n in range(3):
        body = message(n, texts.auto, conversation=f"c{n}", buyer=f"b{n}")
        assert (await first.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    await first.close()  # graceful shutdown: the replies stay queued
    assert len(await pending(config.data_dir)) == 3

    channel.status = 200
    second = await aiohttp_client(create_app(config, engine))
    await wait_for(lambda: len(channel.received) == 3, "all three pending replies")
    assert sorted(r["reply_to"] for r in channel.received) == ["m-0", "m-1", "m-2"]
    await all_marked_delivered(second)
    assert await pending(config.data_dir) == []
    await second.close()


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
async def test_queued_replies_and_state_survive_the_process_being_killed(aiohttp_client, tmp_path,
                                                                        engine, channel, texts, stop):
    """A real `run_bot.py serve` process, its channel down, stopped by kill -9 (or SIGTERM)."""
    data_dir = tmp_path / "data"
    (tmp_path / "dead").mkdir()
    service_config(tmp_path / "dead", send_url=f"http://127.0.0.1:{free_port()}/send")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # a pipe nobody reads could stall the server
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(tmp_path / "dead" / "config.yaml"),
         "--port", str(port), "--data-dir", str(data_dir)],
        env={**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET}, stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                try:
                    async with http.get(f"{base}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    assert time.monotonic() < deadline, "serve did not start"
                    await asyncio.sleep(0.1)
            body = message(1, texts.auto)
            async with http.post(f"{base}/webhook/generic", data=body, headers=sign_channel(body)) as r:
                assert (await r.json())["action"] == "auto"
        proc.send_signal(stop)
        assert proc.wait(30) == (-signal.SIGKILL if stop == signal.SIGKILL else 0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()

    config = service_config(tmp_path, send_url=channel.url, data_dir=str(data_dir))
    client = await aiohttp_client(create_app(config, engine))
    # a reply the dead process had claimed waits out its lease (twice the timeout + 10 s) first
    await wait_for(lambda: channel.received, "the reply queued before the stop", timeout=60)
    assert channel.received[0]["reply_to"] == "m-1"
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]
    await client.close()
    storage = await open_storage(data_dir)
    saved = await storage.kv.get("state:conv-1")  # the conversation's memory survived too
    await storage.close()
    assert ConversationState.from_json(saved).recent_intents == (texts.auto_intent,)
