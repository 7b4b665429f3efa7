"""Two instances behind a load balancer sharing sessions, dedupe and rate limits through Redis."""
import time

import pytest
import redis.asyncio as redis

from bot.server import create_app
from bot.server.claims import pending
from bot.server.keys import STORAGE

from .conftest import message, service_config, sign_channel

pytestmark = pytest.mark.redis


@pytest.fixture
async def two_instances(aiohttp_client, tmp_path, engine, redis_url):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    db = redis_url.rsplit("/", 1)[0] + "/1"
    clients = []
    for name in ("a", "b"):
        config = service_config(tmp_path / name, store="redis", redis_url=db, rate=3)
        clients.append(await aiohttp_client(create_app(config, engine)))
    flush = redis.Redis.from_url(db)  # ids like m-1 recur between tests
    await flush.flushdb()
    await flush.aclose()
    return clients


async def post(client, body):
    return await client.post("/webhook/generic", data=body, headers=sign_channel(body))


async def test_a_message_id_seen_by_one_instance_is_a_duplicate_on_the_other(two_instances, texts):
    a, b = two_instances
    body = message(1, texts.auto)
    assert (await (await post(a, body)).json())["status"] == "accepted"
    assert (await (await post(b, body)).json())["status"] == "duplicate"


async def test_the_rate_limit_is_shared_between_instances(two_instances):
    a, b = two_instances
    statuses = [(await post(c, message(n, buyer="flooder"))).status for n, c in enumerate([a, b, a, b, a])]
    assert statuses == [200, 200, 200, 429, 429]
    assert (await post(b, message("x", buyer="calm"))).status == 200


async def test_the_conversation_state_follows_the_buyer_across_instances(two_instances, texts):
    a, b = two_instances
    await a.post("/api/suggest", json={"conversation_id": "r1", "text": "订单T1003什么时候发货"})
    later = await (await b.post("/api/suggest", json={"conversation_id": "r1", "text": texts.auto})).json()
    assert later["slots"]["order_id"] == "T1003"


async def test_a_claim_abandoned_by_a_dead_instance_is_taken_over_by_the_other(two_instances, texts):
    """Instance a died holding the claim on m-1 (pending, past the lease, nothing logged): when
    the integration sends the message again to b, b answers it; a copy after that is a duplicate."""
    a, b = two_instances
    await a.app[STORAGE].kv.set("seen:generic:m-1", pending(time.time() - 60), ttl=3600)
    body = message(1, texts.auto)
    assert (await (await post(b, body)).json())["status"] == "accepted"
    assert (await (await post(a, body)).json())["status"] == "duplicate"
    conversation = await (await b.get("/api/conversations/conv-1")).json()  # b's own log: another host
    assert [m["role"] for m in conversation["messages"]] == ["buyer"]  # answered once, for an agent
