"""POST /api/reviews/{review_id}/fixed over real HTTP, with a real SQLite file and a local fake channel
that checks the signature: the follow-up goes out once the fix is done, once only, and never when it
would break the review-compliance rules."""
from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from bot.agent_ui.hub import HUB
from bot.compliance import check_message
from bot.engine import build_engine
from bot.server import create_app
from bot.server.follow_up import mark_fixed
from bot.server.keys import STORAGE

from .conftest import message, service_config, sign_channel, wait_for
from .test_review_webhook import post_review, review


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, channel):
    return await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url), engine))


async def posted(client, review_id: str, text: str = "发错颜色了，还少了一个杯垫", buyer: str = "buyer-r") -> None:
    response = await post_review(client, review(review_id, text, buyer=buyer))
    assert response.status == 200 and (await response.json())["action"] == "agent"


async def fixed(client, review_id: str):
    """Confirmed: these tests are about the follow-up itself, not about the outreach before it."""
    return await client.post(f"/api/reviews/{review_id}/fixed", json={"confirm": True})


async def repair_of(client, buyer: str = "buyer-r") -> dict:
    return json.loads(await client.app[STORAGE].kv.get(f"repair:generic:{buyer}"))


def rows(client, sql: str, *args) -> list:
    return client.app[STORAGE].db.execute(sql, args).fetchall()


async def say(client, n: str, text: str, conversation: str = "im-fix") -> dict:
    """The review's buyer writes on another conversation; what that conversation remembers after it."""
    body = message(n, text, buyer="buyer-r", conversation=conversation)
    assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    return json.loads(await client.app[STORAGE].kv.get(f"state:{conversation}"))


async def test_fixed_sends_the_follow_up_once_moves_the_stage_and_logs_it(client, channel):
    await posted(client, "f1")
    assert (await say(client, "before-fix", "那怎么处理呢"))["repair"]["stage"] == "awaiting_fix"
    window = await client.get("/api/agent/conversations/review:f1")
    assert (await window.json())["repair"]["stage"] == "awaiting_fix"  # the window offers the button
    events = client.app[HUB].subscribe()

    response = await fixed(client, "f1")
    assert response.status == 200, await response.text()
    result = await response.json()
    assert (result["action"], result["stage"], result["conversation_id"]) == ("sent", "follow_up_sent", "review:f1")
    assert result["text"] and check_message(result["text"]) == []

    await wait_for(lambda: channel.received, "the follow-up at the channel")
    [sent] = channel.received
    assert (sent["text"], sent["buyer_id"], sent["conversation_id"]) == (result["text"], "buyer-r", "review:f1")
    assert channel.refused == []  # signed with the channel's secret
    assert (await repair_of(client))["stage"] == "follow_up_sent"
    log = await (await client.get("/api/conversations/review:f1")).json()
    assert [(m["role"], m["text"]) for m in log["messages"]][-1] == ("bot", result["text"])
    window = await (await client.get("/api/agent/conversations/review:f1")).json()
    assert window["repair"]["stage"] == "follow_up_sent"
    event = events.get_nowait()
    assert (event["type"], event["review_id"], event["stage"]) == ("repair", "f1", "follow_up_sent")

    # the buyer's next message, on the conversation that remembered the repair, sees its new stage
    assert (await say(client, "after-fix", "收到了，谢谢"))["repair"]["stage"] == "follow_up_sent"


async def test_a_second_fixed_is_refused_and_sends_nothing(client, channel):
    await posted(client, "f2")
    assert (await fixed(client, "f2")).status == 200
    await wait_for(lambda: channel.received, "the first follow-up")
    again = await fixed(client, "f2")
    assert again.status == 409
    answer = await again.json()
    assert answer["stage"] == "follow_up_sent" and "already sent" in answer["error"]
    assert rows(client, "SELECT count(*) FROM deliveries")[0][0] == 1
    assert rows(client, "SELECT count(*) FROM messages WHERE conversation_id = 'review:f2' AND role = 'bot'")[0][0] == 1
    await asyncio.sleep(0.3)  # the sender would have had the time to post a second one
    assert len(channel.received) == 1


async def test_two_requests_at_the_worst_moment_send_one_follow_up(client, channel):
    """Over HTTP the second click comes after the first has committed; here both read the repair
    before either writes (two agents, or two workers), and still only one follow-up goes out."""
    await posted(client, "f3")
    outcomes = await asyncio.gather(mark_fixed(client.app, "f3", confirmed=True), mark_fixed(client.app, "f3", confirmed=True),
                                    return_exceptions=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["FollowUp", "RepairClosed"]
    assert rows(client, "SELECT count(*) FROM deliveries")[0][0] == 1
    assert (await fixed(client, "f3")).status == 409
    await wait_for(lambda: channel.received, "the follow-up")
    await asyncio.sleep(0.3)
    assert len(channel.received) == 1


async def test_an_unknown_review_or_one_without_a_repair_is_404(client, channel):
    unknown = await fixed(client, "nope")
    assert unknown.status == 404 and "no review" in (await unknown.json())["error"]
    await posted(client, "f4", buyer="buyer-twice")
    await posted(client, "f5", "物流太慢了，等了十天", buyer="buyer-twice")  # the later review replaces the repair
    replaced = await fixed(client, "f4")
    assert replaced.status == 404 and "no repair" in (await replaced.json())["error"]
    assert rows(client, "SELECT count(*) FROM deliveries")[0][0] == 0


async def test_without_the_token_it_is_401_and_nothing_moves(client, channel):
    await posted(client, "f6")
    url = str(client.make_url("/api/reviews/f6/fixed"))
    async with aiohttp.ClientSession() as anonymous:
        async with anonymous.post(url) as bare:
            assert bare.status == 401
        async with anonymous.post(url, headers={"Authorization": "Bearer wrong"}) as wrong:
            assert wrong.status == 401
    assert (await repair_of(client))["stage"] == "awaiting_fix"
    assert rows(client, "SELECT count(*) FROM deliveries")[0][0] == 0


async def test_a_follow_up_template_that_breaks_compliance_sends_nothing(aiohttp_client, tmp_path, shop_copy, channel):
    (shop_copy.replies / "review" / "follow_up.j2").write_text(
        "亲，问题已经处理好了，改个好评返现5元哦\n", encoding="utf-8")
    app = create_app(service_config(tmp_path, send_url=channel.url), build_engine(shop_copy))
    client = await aiohttp_client(app)
    await posted(client, "f7")
    response = await fixed(client, "f7")
    assert response.status == 422
    answer = await response.json()
    assert answer["template"] == "review/follow_up" and "held back" in answer["error"]
    assert (await repair_of(client))["stage"] == "awaiting_fix"
    assert rows(client, "SELECT count(*) FROM deliveries")[0][0] == 0
    assert rows(client, "SELECT count(*) FROM messages WHERE conversation_id = 'review:f7' AND role = 'bot'")[0][0] == 0
    await asyncio.sleep(0.3)
    assert channel.received == []


async def test_a_failed_write_leaves_the_repair_open_and_nothing_sent(client, channel):
    """The stage, the logged message and the delivery stand or fall together: when the delivery cannot
    be written, the repair still awaits its fix and a later click sends the follow-up once."""
    await posted(client, "f8")
    db = client.app[STORAGE].db
    db.execute("CREATE TRIGGER no_deliveries BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    failed = await fixed(client, "f8")
    assert failed.status == 500
    assert (await repair_of(client))["stage"] == "awaiting_fix"
    assert rows(client, "SELECT count(*) FROM messages WHERE conversation_id = 'review:f8' AND role = 'bot'")[0][0] == 0
    db.execute("DROP TRIGGER no_deliveries")
    retried = await fixed(client, "f8")
    assert retried.status == 200
    await wait_for(lambda: channel.received, "the follow-up after the retry")
    assert len(channel.received) == 1 and (await repair_of(client))["stage"] == "follow_up_sent"


async def test_without_a_send_url_the_follow_up_waits_for_an_agent(aiohttp_client, tmp_path, engine):
    client = await aiohttp_client(create_app(service_config(tmp_path, send_url=None), engine))
    await posted(client, "f9")
    response = await fixed(client, "f9")
    assert response.status == 200
    result = await response.json()
    assert (result["action"], result["stage"], result["delivery_id"]) == ("agent", "fixed", None)
    queue = await (await client.get("/api/queue")).json()
    [waiting] = [w for w in queue["waiting"] if w["reason"] == "review_follow_up"]
    assert waiting["conversation_id"] == "review:f9" and waiting["suggestions"][0]["text"] == result["text"]
    assert queue["deliveries_pending"] == 0
    assert (await repair_of(client))["stage"] == "fixed"
    assert (await fixed(client, "f9")).status == 409


async def test_a_follow_up_to_a_buyer_nobody_contacted_needs_a_confirmation(client, channel):
    """The drafted outreach was never sent: the follow-up would come out of the blue, so the first
    click is answered 409 and sends nothing; once an agent wrote to the buyer, no confirmation."""
    await posted(client, "fc1", buyer="buyer-c")
    unconfirmed = await client.post("/api/reviews/fc1/fixed")
    assert unconfirmed.status == 409 and (await unconfirmed.json())["confirm"] == "outreach_not_sent"
    assert (await repair_of(client, "buyer-c"))["stage"] == "awaiting_fix"
    assert client.app[STORAGE].deliveries.pending() == 0
    sent = await client.post("/api/send", json={"conversation_id": "review:fc1", "text": "亲，非常抱歉，我们马上处理",
                                               "agent": "店长"})
    assert sent.status == 200
    assert (await client.post("/api/reviews/fc1/fixed")).status == 200
