"""Messages the shop sends first, through the real service: signed order events in, a day replayed
through /api/outreach/due, the messages as the shop's bridge receives them (real HTTP, signed)."""
from __future__ import annotations

import json
import re

from bot.server import create_app
from bot.server.keys import STORAGE

from .conftest import message, service_config, sign_channel, wait_for

DAY = "2030-06-03"  # ahead of the machine's clock, so only the replays send anything


def order(order_id: str, status: str, **extra) -> dict:
    return {"order_id": order_id, "status": status, "amount": 95.0, "region": "浙江",
            "items": [{"sku": "A1", "title": "纯棉短袖T恤 白色 L", "price": 59.0}], **extra}


def event(n: int | str, kind: str, hhmm: str, the_order: dict, *, buyer: str = "b1", day: str = DAY,
          conversation: str | None = "conv-b1") -> bytes:
    body = {"event_id": f"e-{n}", "event": kind, "order": the_order, "buyer_id": buyer,
            "timestamp": f"{day}T{hhmm}:00+08:00"}
    if conversation:
        body["conversation_id"] = conversation
    return json.dumps(body, ensure_ascii=False).encode()


async def post_event(client, body: bytes) -> dict:
    response = await client.post("/webhook/generic/order", data=body, headers=sign_channel(body))
    assert response.status == 200, await response.text()
    return await response.json()


async def replay(client, hhmm: str, day: str = DAY) -> list[dict]:
    response = await client.post("/api/outreach/due", json={"now": f"{day}T{hhmm}:00+08:00"})
    assert response.status == 200, await response.text()
    return (await response.json())["outcomes"]


def sent(outcomes: list[dict]) -> list[tuple[str, str]]:
    return [(o["order_id"], o["rule"]) for o in outcomes if o["action"] == "sent"]


async def service(aiohttp_client, tmp_path, engine, channel):
    return await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url), engine))


async def test_an_unpaid_order_gets_one_reminder_naming_the_cut_off(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    taken = await post_event(client, event(1, "created", "14:00", order("T9001", "unpaid")))
    assert taken["status"] == "accepted" and set(taken["scheduled"]) == {"remind_to_pay", "trade_reminder"}
    assert await replay(client, "14:20") == []
    assert sent(await replay(client, "14:30")) == [("T9001", "remind_to_pay")]
    await wait_for(lambda: channel.received, "the reminder at the bridge")
    reminder = channel.received[0]
    assert "16:00前付款" in reminder["text"] and "今天" in reminder["text"]
    assert (reminder["conversation_id"], reminder["buyer_id"]) == ("conv-b1", "b1")
    # the same event again, and later moments of the day: no second reminder
    assert (await post_event(client, event(1, "created", "14:00", order("T9001", "unpaid"))))["status"] == "duplicate"
    assert sent(await replay(client, "15:00")) == [] and sent(await replay(client, "20:00")) == []
    conversation = await (await client.get("/api/conversations/conv-b1")).json()
    assert [(m["role"], m["intents"]) for m in conversation["messages"]] == [("bot", ["outreach:remind_to_pay"])]
    metrics = await (await client.get("/metrics")).text()
    assert re.search(r'shopbot_outreach_total\{outcome="sent",reason="sent",rule="remind_to_pay"\} 1\.0', metrics)


async def test_paying_cancels_the_reminder_and_brings_the_address_check(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    await post_event(client, event(1, "created", "14:00", order("T9002", "unpaid")))
    paid = await post_event(client, event(2, "paid", "14:10", order("T9002", "paid", paid_at=f"{DAY}T14:10:00+08:00")))
    assert set(paid["cancelled"]) == {"remind_to_pay", "trade_reminder"} and paid["scheduled"] == ["address_check"]
    assert client.app[STORAGE].orders.get("T9002").status == "paid"  # the stored order follows the events
    assert sent(await replay(client, "16:00")) == [("T9002", "address_check")]
    await wait_for(lambda: channel.received, "the address check")
    assert [r["reply_to"] for r in channel.received] == ["outreach:address_check:T9002"]
    assert "地址" in channel.received[0]["text"] and "浙江" in channel.received[0]["text"]
    metrics = await (await client.get("/metrics")).text()
    assert 'shopbot_outreach_total{outcome="cancelled",reason="event:paid",rule="remind_to_pay"} 1.0' in metrics


async def test_an_order_created_at_night_is_reminded_in_the_morning(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    await post_event(client, event(1, "created", "23:30", order("T9003", "unpaid")))
    for moment, day in (("23:59", DAY), ("00:00", "2030-06-04"), ("03:00", "2030-06-04"), ("08:59", "2030-06-04")):
        assert await replay(client, moment, day) == [], moment
    assert sent(await replay(client, "09:00", "2030-06-04")) == [("T9003", "remind_to_pay")]
    await wait_for(lambda: channel.received, "the morning reminder")
    assert "今天16:00前付款" in channel.received[0]["text"]


async def test_a_timer_found_late_at_night_waits_for_the_morning(aiohttp_client, tmp_path, engine, channel):
    """The service was down at 21:00 and comes back at 22:40: the message waits until 09:00."""
    client = await service(aiohttp_client, tmp_path, engine, channel)
    await post_event(client, event(1, "shipped", "21:00", order("T9004", "shipped", courier="中通快递", tracking_no="ZT1234567890")))
    outcomes = await replay(client, "22:40")
    assert [(o["rule"], o["action"], o["reason"]) for o in outcomes] == [("shipping_notice", "deferred", "quiet_hours")]
    assert sent(await replay(client, "09:00", "2030-06-04")) == [("T9004", "shipping_notice")]
    await wait_for(lambda: channel.received, "the shipping notice")
    assert "中通快递" in channel.received[0]["text"] and "ZT1234567890" in channel.received[0]["text"]


async def test_a_buyer_who_says_stop_gets_nothing_more(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    await post_event(client, event(1, "created", "14:00", order("T9005", "unpaid")))
    assert sent(await replay(client, "14:30")) == [("T9005", "remind_to_pay")]
    body = message(1, "知道了，别发了", buyer="b1", conversation="conv-b1")
    assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    assert await replay(client, "15:00", "2030-06-06") == []  # the 交易提醒 two days on: stopped
    assert client.app[STORAGE].outreach.states("generic", "T9005") == {"remind_to_pay": "sent", "trade_reminder": "skipped"}
    # a later event of the same order starts nothing either
    paid = await post_event(client, event(2, "paid", "16:00", order("T9005", "paid"), day="2030-06-06"))
    assert paid["scheduled"] == []
    metrics = await (await client.get("/metrics")).text()
    assert 'shopbot_outreach_total{outcome="skipped",reason="opt_out",rule="trade_reminder"} 1.0' in metrics


async def test_the_buyer_daily_cap_moves_the_rest_to_the_next_day(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    for n in range(4):
        await post_event(client, event(n, "shipped", "10:00", order(f"T91{n}", "shipped", courier="中通快递", tracking_no=f"ZT{n}")))
    outcomes = await replay(client, "10:00")
    assert len(sent(outcomes)) == 3  # caps.per_buyer_per_day
    assert [(o["action"], o["reason"]) for o in outcomes if o["action"] != "sent"] == [("deferred", "cap_buyer_day")]
    assert len(sent(await replay(client, "09:00", "2030-06-04"))) == 1


async def test_order_events_are_checked_where_they_enter(aiohttp_client, tmp_path, engine, channel):
    client = await service(aiohttp_client, tmp_path, engine, channel)
    body = event(1, "created", "14:00", order("T9006", "unpaid"))
    assert (await client.post("/webhook/generic/order", data=body,
                              headers=sign_channel(body, secret="wrong"))).status == 401
    for bad, says in ((event(1, "payed", "14:00", order("T9006", "unpaid")), "'event'"),
                      (event(1, "created", "14:00", {"order_id": "T9006"}), "status"),
                      (b"[1, 2]", "JSON object")):
        response = await client.post("/webhook/generic/order", data=bad, headers=sign_channel(bad))
        assert response.status == 400 and says in (await response.json())["error"]
    response = await client.post("/api/outreach/due", json={"now": "tomorrow"})
    assert response.status == 400
    assert await replay(client, "23:00") == []  # nothing was stored by the refused events
