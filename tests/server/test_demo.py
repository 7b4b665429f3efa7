"""The buyer's test page's calls (/api/demo/*) over real HTTP: a message of the demo buyer goes the
webhook's way, the bot's own reply is delivered by the demo channel into the page's inbox, a handoff
waits for an agent, whose reply lands there too; and channels that cannot send are reported at start."""
from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.server import create_app

from .conftest import ROOT, SUPERVISOR, free_port, message, sign_channel, wait_for, write_config

ENGINE = f"engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}"


def demo_config(tmp_path, generic: str = "{}"):
    return write_config(tmp_path, f"""
server: {{data_dir: data}}
{ENGINE}
channels:
  generic: {generic}
  demo: {{kind: demo}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.05, backoff_max_s: 0.2}}
""")


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine):
    return await aiohttp_client(create_app(demo_config(tmp_path), engine))


async def say(client, text: str, order_id: str = "T1003", conversation: str = "c1"):
    response = await client.post("/api/demo/say", json={"order_id": order_id, "conversation_id": conversation,
                                                         "text": text})
    return response.status, await response.json()


async def inbox(client, conversation: str = "c1"):
    return (await (await client.get("/api/demo/inbox", params={"conversation_id": conversation})).json())["delivered"]


async def delivered_to(client, conversation: str) -> list[dict]:
    """The page's inbox once the sender delivered into it (polled; the timeout only bounds a broken run)."""
    deadline = time.monotonic() + 10
    while not (found := await inbox(client, conversation)) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return found


async def test_the_page_and_its_calls_need_the_agents_login(client):
    anonymous = {"Authorization": ""}
    page = await client.get("/demo", headers=anonymous, allow_redirects=False)
    assert page.status == 303 and page.headers["Location"] == "/agent/login"
    assert (await client.get("/api/demo/orders", headers=anonymous)).status == 401
    assert (await client.post("/api/demo/say", json={}, headers=anonymous)).status == 401
    page = await client.get("/demo")
    assert page.status == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_the_demo_buyer_of_an_order_gets_the_bots_own_reply_delivered(client):
    orders = (await (await client.get("/api/demo/orders")).json())["orders"]
    assert [o["order_id"] for o in orders] == [f"T100{i}" for i in range(1, 9)]
    status, answer = await say(client, "什么时候发货")
    assert status == 200 and answer["action"] == "auto" and "ZT7501234567" in answer["reply"]  # T1003's parcel
    delivered = await delivered_to(client, "c1")
    assert [(d["reply_to"], d["text"]) for d in delivered] == [(answer["message_id"], answer["reply"])]


async def test_a_handoff_waits_for_an_agent_whose_reply_reaches_the_page(client, texts):
    status, answer = await say(client, texts.handoff, conversation="c2")
    assert status == 200 and answer["action"] == "auto" and "人工" in answer["reply"]  # acknowledged at once
    queue = (await (await client.get("/api/queue")).json())["waiting"]
    assert [(w["channel"], w["conversation_id"], w["text"]) for w in queue] == [("demo", "demo:c2", texts.handoff)]
    sent = await client.post("/api/send", json={"conversation_id": "demo:c2", "text": "您好，我是人工客服小禾",
                                                "agent": SUPERVISOR[0]})
    assert sent.status == 200
    assert [d["text"] for d in await delivered_to(client, "c2")] == [answer["reply"], "您好，我是人工客服小禾"]


@pytest.mark.parametrize("body, says", [
    ({"order_id": "T9999", "conversation_id": "c", "text": "在吗"}, "order_id"),
    ({"order_id": "T1003", "conversation_id": "", "text": "在吗"}, "conversation_id"),
    ({"order_id": "T1003", "conversation_id": "c", "text": "  "}, "text"),
    ({"order_id": "T1003", "conversation_id": "c", "text": "多" * 501}, "text"),
])
async def test_a_bad_demo_message_gets_400_naming_the_field(client, body, says):
    response = await client.post("/api/demo/say", json=body)
    assert response.status == 400 and says in (await response.json())["error"]


async def test_the_demo_channel_takes_no_webhook(client):
    body = message(1, "在吗")
    response = await client.post("/webhook/demo", data=body, headers=sign_channel(body))
    assert response.status == 401 and "/demo" in (await response.json())["error"]


async def test_channels_that_cannot_send_are_reported_at_start(aiohttp_client, tmp_path, engine, caplog):
    closed = free_port()  # nothing listens there
    config = write_config(tmp_path, f"""
server: {{data_dir: data}}
{ENGINE}
channels:
  generic: {{send_url: 'http://127.0.0.1:{closed}/send'}}
  quiet: {{}}
  demo: {{kind: demo}}
""", {"WEBHOOK_SECRET_QUIET": "q"})
    with caplog.at_level(logging.INFO, logger="bot.server.app"):
        await aiohttp_client(create_app(config, engine))
        await wait_for(lambda: sum("channel " in r.getMessage() for r in caplog.records) >= 3, "the report")
    said = {r.getMessage().split(":")[0]: (r.levelname, r.getMessage()) for r in caplog.records}
    assert said["channel generic"][0] == "WARNING" and f"127.0.0.1:{closed}/send is not reachable" in said["channel generic"][1]
    assert said["channel quiet"][0] == "WARNING" and "no send_url" in said["channel quiet"][1]
    assert said["channel demo"][0] == "INFO"
