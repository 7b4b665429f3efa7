"""Several instances, one team view: the agents' window on one instance sees the messages another
handled. On the SQLite store by the file's data version (`serve --workers N` on one host); on a
shared store (`redis`, `postgres`) through Redis pub/sub, real redis-server, two apps on two real
ports sharing one Redis and one store (the data folder's file, or a throw-away PostgreSQL)."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
from typing import Any

import pytest
import redis.asyncio as redis

from bot.agent_ui.cards import CardStore
from bot.agent_ui.hub import HUB, Hub, _data_version, watch_other_writers
from bot.server import create_app
from bot.storage.sqlite import open_database

from .conftest import message, service_config, sign_channel, start_redis_server


async def read_event(stream, timeout: float = 10) -> tuple[str, dict[str, Any]]:
    """The next `event:`/`data:` pair of a server-sent event stream, skipping comments."""
    name = None
    while True:
        line = (await asyncio.wait_for(stream.readline(), timeout)).decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: ") and name:
            return name, json.loads(line[len("data: "):])


async def post(client, n: int | str, text: str, conversation: str) -> None:
    body = message(n, text, buyer=f"b-{conversation}", conversation=conversation)
    response = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert response.status == 200, await response.text()


async def open_window(client):
    stream = await client.get("/api/agent/events")
    assert stream.status == 200
    assert (await read_event(stream.content))[0] == "ready"
    return stream


async def test_a_commit_before_the_watchers_first_look_is_announced(tmp_path):
    """The race behind a window on `serve --workers 2` that never showed a message the other worker
    handled: the watcher took its starting version at its first look, so a commit made between a
    window's list and that look became the starting point and was never announced."""
    db = open_database(tmp_path)
    other = sqlite3.connect(tmp_path / "shopbot.sqlite3")
    hub = Hub(CardStore(db))
    watcher = asyncio.create_task(watch_other_writers(hub, db, _data_version(db), every_s=0.3))
    try:
        window = hub.subscribe()  # a window opened and listed the conversations before the first look
        with other:
            other.execute("CREATE TABLE written_by_another_worker (x)")
        assert (await asyncio.wait_for(window.get(), 5))["type"] == "changed"
    finally:
        watcher.cancel()
        other.close()
        db.close()


@pytest.fixture
async def shared_redis(redis_url):
    """A database of the session's redis-server, emptied for each test (message ids repeat)."""
    url = redis_url.rsplit("/", 1)[0] + "/6"
    client = redis.Redis.from_url(url)
    await client.flushdb()
    await client.aclose()
    return url


@pytest.fixture(params=["redis", pytest.param("postgres", marks=pytest.mark.postgres)])
async def two_instances(request, aiohttp_client, tmp_path, engine, texts, shared_redis):
    """Two instances on two real ports sharing one Redis and one store: the data folder's file
    (`store.backend: redis`) or PostgreSQL (`postgres`)."""
    database_url = request.getfixturevalue("database_url") if request.param == "postgres" else ""
    config = service_config(tmp_path, store=request.param, redis_url=shared_redis, rate=1000, database_url=database_url)
    return await aiohttp_client(create_app(config, engine)), await aiohttp_client(create_app(config, engine))


@pytest.mark.redis
async def test_a_window_on_one_instance_sees_live_what_the_other_handled_once(two_instances, texts):
    """A's window gets B's messages as they are (not a bare reload), A's own once: no echo back from
    Redis, and no `changed` from the file watcher besides (a shared store relays instead)."""
    a, b = two_instances
    stream = await open_window(a)
    await post(b, 1, texts.handoff, "from-b")
    name, event = await read_event(stream.content)
    assert (name, event["conversation_id"], event["role"], event["text"]) == ("message", "from-b", "buyer", texts.handoff)
    await post(a, 2, texts.handoff, "from-a")
    await asyncio.sleep(0.3)  # time for an echo to come back through Redis, if one would
    await post(b, 3, texts.handoff, "from-b-again")
    seen = [(await read_event(stream.content))[1] for _ in range(2)]
    assert [(e["type"], e["conversation_id"]) for e in seen] == [("message", "from-a"), ("message", "from-b-again")]
    listed = await (await a.get("/api/agent/conversations")).json()
    assert {c["conversation_id"] for c in listed["conversations"]} == {"from-a", "from-b", "from-b-again"}
    stream.close()


@pytest.mark.redis
async def test_after_redis_comes_back_the_windows_reload_and_hear_the_others_again(
        aiohttp_client, tmp_path, engine, texts):
    proc, port = start_redis_server()
    url = f"redis://127.0.0.1:{port}/0"
    try:
        config = service_config(tmp_path, store="redis", redis_url=url, rate=1000)
        a = await aiohttp_client(create_app(config, engine))
        b = await aiohttp_client(create_app(config, engine))
        stream = await open_window(a)
        proc.kill()
        proc.wait(10)
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        name, _ = await read_event(stream.content, timeout=20)
        assert name == "changed"  # whatever B published while Redis was away is gone: reload
        for relay in (a.app[HUB].relay, b.app[HUB].relay):
            await asyncio.wait_for(relay.subscribed.wait(), 20)
        await post(b, 1, texts.handoff, "after")
        name, event = await read_event(stream.content)
        assert (name, event["conversation_id"]) == ("message", "after")
        stream.close()
    finally:
        proc.kill()
        proc.wait(10)


@pytest.mark.redis
async def test_an_instance_reload_banner_stays_on_its_own_windows(two_instances):
    """How a hot reload went is about the instance's own files: its windows show it, not the others'."""
    a, b = two_instances
    stream = await open_window(a)
    b.app[HUB].publish({"type": "reload", "ok": False, "problems": []})
    await post(b, 1, "在吗", "after-reload")
    name, event = await read_event(stream.content)
    assert (name, event["conversation_id"]) == ("message", "after-reload")
    stream.close()
