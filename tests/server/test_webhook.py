import asyncio
import json
import time

import pytest

from bot.domain import MAX_MESSAGE_CHARS
from bot.server import create_app
from bot.server.claims import DONE, pending
from bot.server.keys import STORAGE

from .conftest import SECRET, message, service_config, sign_channel, wait_for


def lone(body: bytes, escape: str) -> bytes:
    """The body with HALF replaced by a JSON escape of a lone surrogate (Python cannot encode one)."""
    return body.replace(b"HALF", b"\\" + escape.encode())


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, channel):
    return await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url), engine))


async def post(client, body: bytes, headers: dict[str, str] | None = None, channel: str = "generic"):
    return await client.post(f"/webhook/{channel}", data=body,
                             headers=sign_channel(body) if headers is None else headers)


async def test_a_signed_auto_message_is_answered_on_the_channel(client, channel, texts):
    response = await post(client, message(1, texts.auto))
    assert response.status == 200
    answer = await response.json()
    await wait_for(lambda: channel.received, "the reply to reach the channel")
    [reply] = channel.received
    assert (reply["conversation_id"], reply["buyer_id"], reply["reply_to"]) == ("conv-1", "buyer-1", "m-1")
    # the answer carries the reply, for integrations that post it themselves
    assert answer == {"status": "accepted", "action": "auto", "reply": reply["text"]} and reply["text"]
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]
    assert conversation["messages"][0]["intents"] == [texts.auto_intent]


@pytest.mark.parametrize("tamper", [
    lambda h: {k: v for k, v in h.items() if k != "X-Signature"},
    lambda h: {k: v for k, v in h.items() if k != "X-Timestamp"},
    lambda h: {**h, "X-Signature": "0" * 64},
    lambda h: {**h, "X-Timestamp": str(int(h["X-Timestamp"]) + 1)},  # signature no longer matches
    lambda h: {**h, "X-Timestamp": "yesterday"},
    lambda h: {**h, "X-Signature": "é" * 64},  # not ASCII: hmac.compare_digest refuses such text
])
async def test_a_missing_or_wrong_signature_gets_401_and_nothing_is_answered(client, channel, tamper):
    body = message(1)
    response = await post(client, body, tamper(sign_channel(body)))
    assert response.status == 401
    assert "error" in await response.json()
    assert (await client.get("/api/conversations/conv-1")).status == 404


async def test_a_body_signed_with_another_secret_gets_401(client):
    body = message(1)
    assert (await post(client, body, sign_channel(body, secret=SECRET + "x"))).status == 401


# Well past the 300 s window: the header is whole seconds, so an offset of 301 from a truncated clock
# can land 300.x s ahead and pass (the exact edge is tested in tests/channels/test_signing.py).
@pytest.mark.parametrize("offset", [-330, 330, -3600])
async def test_a_correctly_signed_but_stale_or_future_timestamp_is_a_replay(client, offset):
    body = message(1)
    response = await post(client, body, sign_channel(body, timestamp=int(time.time()) + offset))
    assert response.status == 401
    assert "replay" in (await response.json())["error"]


async def test_a_repeated_message_id_is_acknowledged_and_not_answered_again(client, channel, texts):
    body = message(7, texts.auto)
    first, again = await post(client, body), await post(client, body)
    assert (await first.json())["status"] == "accepted"
    assert again.status == 200 and (await again.json())["status"] == "duplicate"
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]
    await wait_for(lambda: channel.received, "the one reply")
    metrics = await (await client.get("/metrics")).text()
    assert 'shopbot_duplicates_total{channel="generic"} 1.0' in metrics


async def test_a_message_whose_process_died_before_answering_is_answered_when_it_comes_again(client, channel, texts):
    """kill -9 between the claim on the id and the commit of the answer leaves a pending claim and
    nothing else. While the lease runs the copy is told to come again (the first may still be
    answering); after it, the copy takes the claim over and the message is answered after all."""
    kv, seen = client.app[STORAGE].kv, "seen:generic:m-7"
    await kv.set(seen, pending(time.time() - 5), ttl=86400)  # claimed 5 s ago, nothing committed
    body = message(7, texts.auto)
    busy = await post(client, body)
    assert busy.status == 409 and busy.headers["Retry-After"]
    assert "being answered" in (await busy.json())["error"]
    assert channel.received == []

    await kv.set(seen, pending(time.time() - 31), ttl=86400)  # the lease (30 s) is up: it died
    answered = await post(client, body)
    assert (await answered.json())["action"] == "auto"
    await wait_for(lambda: channel.received, "the reply to the message the crash would have lost")
    assert [r["reply_to"] for r in channel.received] == ["m-7"]
    assert await kv.get(seen) == DONE
    assert (await (await post(client, body)).json())["status"] == "duplicate"
    metrics = await (await client.get("/metrics")).text()
    assert 'shopbot_webhook_rejected_total{channel="generic",reason="in_progress"} 1.0' in metrics


async def test_a_message_whose_process_died_after_its_commit_is_a_duplicate_when_it_comes_again(client, channel, texts):
    """kill -9 after the answer's commit but before the claim was marked done: the log has the
    message, so the copy is acknowledged and not answered a second time."""
    body = message(9, texts.auto)
    assert (await (await post(client, body)).json())["status"] == "accepted"
    kv, seen = client.app[STORAGE].kv, "seen:generic:m-9"
    await kv.set(seen, pending(time.time() - 31), ttl=86400)  # as if `done` was never written
    assert (await (await post(client, body)).json())["status"] == "duplicate"
    assert await kv.get(seen) == DONE
    await wait_for(lambda: channel.received, "the one reply")
    await asyncio.sleep(0.3)  # time for a second reply to arrive, if there were one
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]
    assert [r["reply_to"] for r in channel.received] == ["m-9"]


async def test_a_message_that_failed_inside_is_not_claimed_so_the_retry_is_answered(client, texts):
    """An error while answering (here the store refusing the commit) answers 500 and leaves no
    claim: the integration's retry is answered, not taken for a duplicate."""
    storage = client.app[STORAGE]
    storage.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    body = message(8, texts.auto)
    assert (await post(client, body)).status == 500
    assert await storage.kv.get("seen:generic:m-8") is None
    assert await storage.kv.get("state:conv-1") is None  # the turn's state fell with its log: all or none
    storage.db.execute("DROP TRIGGER refuse")
    assert (await (await post(client, body)).json())["action"] == "auto"


@pytest.mark.parametrize("body, reason", [
    (b"{not json", "malformed JSON"),
    (b"[1, 2]", "JSON object"),
    (json.dumps({"conversation_id": "c", "buyer_id": "b", "text": "hi", "timestamp": 1}).encode(),
     "missing field 'message_id'"),
    (json.dumps({"message_id": "m", "conversation_id": "c", "buyer_id": "b", "timestamp": 1}).encode(),
     "missing field 'text'"),
    (json.dumps({"message_id": "m", "conversation_id": "c", "buyer_id": "b", "text": "hi"}).encode(),
     "missing field 'timestamp'"),
    (message(1, order={"order_id": "T1", "status": "lost", "amount": 1}), "order status 'lost'"),
    (b"", "malformed JSON"),
    (b"null", "JSON object"),
    (b"\xff\xfe\x00\x81", "malformed JSON"),
    (message(1, text=["在吗"]), "field 'text' must be a string"),
    (message(1).replace(b"\"m-1\"", b"true"), "field 'message_id' must be a string"),
    (message(1, conversation=1.5), "field 'conversation_id' must be a string"),
    (message(1, conversation="c" * 129), "field 'conversation_id' is 129 characters long; at most 128"),
    (message(1).replace(b'"timestamp": ', b'"timestamp": "yesterday", "x": '), "field 'timestamp'"),
    (message(1).replace(b'"timestamp": ', b'"timestamp": [1], "x": '), "field 'timestamp'"),
    # What reached the rules and overflowed there (500), or was stored and broke the agents' card:
    (message(1).replace(b'"timestamp"', b'"n": NaN, "timestamp"'), "NaN is not a JSON value"),
    (message(1).replace(b'"timestamp"', b'"n": ' + b"1" * 5000 + b', "timestamp"'), "malformed JSON"),
    (message(1, order={"order_id": "T1", "status": "paid", "amount": 10 ** 400}), "order 'amount'"),
    (message(1, order={"order_id": "T1", "status": "paid", "amount": -5}), "order 'amount'"),
    (message(1, order={"order_id": "T1", "status": "paid", "amount": 1, "items": [{"qty": 1e300}]}), "'qty'"),
    (message(1, order={"order_id": "T1", "status": "paid", "amount": 1, "items": ["杯子"]}), "order item 1"),
    (message(1, order={"order_id": "T1", "status": "paid", "amount": 1, "region": ["江苏"]}), "order 'region'"),
    (message(1, "什么时候发货", order={"order_id": "T1", "status": "paid", "amount": 1,
                                     "paid_at": "9999-12-31T23:59:59+14:00"}), "not between 1970 and 2999"),
    # What raised deep inside (RecursionError in the parser, UnicodeEncodeError in the store): 500s
    (b"[" * 30_000 + b"]" * 30_000, "nests deeper than"),
    (message(1).replace(b'"timestamp"', b'"deep": ' + b"[" * 30_000 + b"]" * 30_000 + b', "timestamp"'), "nests deeper than"),
    (lone(message(1, "HALF"), "ud800"), "field 'text' holds \\ud800"),
    (lone(message(1, buyer="bHALF"), "udfff"), "field 'buyer_id' holds \\udfff"),
    (lone(message(1, conversation="HALF"), "ud83d"), "field 'conversation_id' holds \\ud83d"),
    (lone(message("HALF"), "ud800"), "field 'message_id' holds \\ud800"),
    (lone(message(1, order={"order_id": "T1", "status": "paid", "amount": 1, "items": [{"title": "HALF"}]}), "udc00"),
     "field 'order.items[0].title' holds"),
    # One message may not take the engine's time for pages: chat platforms cap a message far lower
    (message(1, "在" * (MAX_MESSAGE_CHARS + 1)), f"field 'text' is {MAX_MESSAGE_CHARS + 1} characters long"),
])
async def test_a_malformed_body_or_missing_field_gets_400_with_the_reason(client, body, reason):
    response = await post(client, body)
    assert response.status == 400
    assert reason in (await response.json())["error"]
    assert (await client.get("/api/conversations/conv-1")).status == 404  # nothing half-stored


@pytest.mark.parametrize("text", [
    "", "   ", "？？？！！。。", "😀😀🎉", "請問什麼時候發貨", "ｔ１００３　什么时候发货？", "在\u200b吗\x00\x07\u202e\ufeff",
    "<script>alert(1)</script>", "在" * MAX_MESSAGE_CHARS,
])
async def test_odd_but_valid_text_is_answered_and_logged_as_sent(client, text):
    response = await post(client, message(1, text))
    assert response.status == 200 and (await response.json())["status"] == "accepted"
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert conversation["messages"][0]["text"] == text  # kept as the buyer wrote it; the page escapes it


@pytest.mark.parametrize("timestamp", ["2026-12-02T10:00:00+08:00", "1796176800", 1796176800123, 1796176800.5])
async def test_a_timestamp_in_seconds_milliseconds_or_iso_8601_is_accepted(client, timestamp):
    body = message(1).replace(b'"timestamp": ', b'"timestamp": ' + json.dumps(timestamp).encode() + b', "x": ')
    assert (await post(client, body)).status == 200


async def test_a_body_over_64_kb_gets_413(client):
    body = message(1, "在" * 30_000)  # 90 KB of UTF-8
    response = await post(client, body)
    assert response.status == 413
    assert (await post(client, message(2, "在" * MAX_MESSAGE_CHARS))).status == 200  # the longest text is fine


async def test_an_unknown_channel_gets_404(client):
    body = message(1)
    assert (await post(client, body, channel="wechat")).status == 404


async def test_one_flooding_buyer_is_limited_and_the_others_are_not(aiohttp_client, tmp_path, engine):
    client = await aiohttp_client(create_app(service_config(tmp_path, rate=3), engine))
    flood = [await post(client, message(f"f{i}", buyer="flooder", conversation="c-f")) for i in range(6)]
    assert [r.status for r in flood] == [200, 200, 200, 429, 429, 429]
    assert flood[-1].headers["Retry-After"] == "60"
    calm = await post(client, message("calm", buyer="calm", conversation="c-c"))
    assert calm.status == 200 and (await calm.json())["status"] == "accepted"


async def test_what_is_not_auto_waits_for_an_agent_with_the_suggestions(client, channel, texts):
    await post(client, message(1, texts.handoff, conversation="c-h"))
    await post(client, message(2, texts.unmatched, conversation="c-x", buyer="b2"))
    queue = await (await client.get("/api/queue")).json()
    by_conversation = {w["conversation_id"]: w for w in queue["waiting"]}
    assert by_conversation["c-h"]["reason"] == "handoff"
    assert by_conversation["c-x"]["reason"] == "unmatched"
    assert all(w["suggestions"] and w["suggestions"][0]["text"] for w in queue["waiting"])
    await wait_for(lambda: channel.received, "the handoff's acknowledgement")
    assert [r["conversation_id"] for r in channel.received] == ["c-h"]  # the unmatched message gets nothing by itself


async def test_a_follow_up_is_read_with_its_conversation_and_waits_for_an_agent(client, channel):
    assert (await (await post(client, message(1, "我买的那件外套今天能寄出来不", conversation="c-f"))).json())["action"] == "auto"
    await wait_for(lambda: channel.received, "the first reply to reach the channel")
    follow_up = await post(client, message(2, "对的", conversation="c-f"))
    assert (await follow_up.json())["action"] != "auto"  # a reading from the conversation is a guess: an agent sends it
    conversation = await (await client.get("/api/conversations/c-f")).json()
    buyer = [m for m in conversation["messages"] if m["role"] == "buyer"]
    assert [m["intents"] for m in buyer] == [["shipping"], ["shipping"]]
    assert len(channel.received) == 1


async def test_urging_in_a_refund_conversation_is_about_the_refund(client, channel):
    await post(client, message(1, "退货寄回去三天了 钱怎么还没退给我", conversation="c-u"))
    urged = await post(client, message(2, "麻烦再帮我催催吧", conversation="c-u"))
    assert (await urged.json())["action"] != "auto"
    conversation = await (await client.get("/api/conversations/c-u")).json()
    assert [m["intents"] for m in conversation["messages"] if m["role"] == "buyer"][1] == ["return"]


async def test_metrics_count_messages_by_intent_and_channel(client, texts):
    await post(client, message(1, texts.auto))
    await post(client, message(2, texts.unmatched, conversation="c-x"))
    await post(client, message(3, texts.handoff, conversation="c-h"))
    response = await client.get("/metrics")
    text = await response.text()
    assert response.status == 200 and response.content_type == "text/plain"
    assert f'shopbot_messages_total{{channel="generic",intent="{texts.auto_intent}"}} 1.0' in text
    assert 'shopbot_fallbacks_total{channel="generic"} 1.0' in text
    assert 'shopbot_handoffs_total{channel="generic"} 1.0' in text
    assert 'shopbot_request_seconds_count{route="/webhook/{channel}"} 3.0' in text
    assert "shopbot_delivery_failures_total" in text


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status == 200 and (await response.json())["status"] == "ok"


async def test_a_handoff_is_acknowledged_on_the_channel_and_waits_flagged_for_a_person(client, channel, texts):
    response = await post(client, message(1, texts.handoff, conversation="c-ho"))
    answer = await response.json()
    assert response.status == 200 and (answer["action"], answer["handoff"]) == ("auto", True) and "人工" in answer["reply"]
    await wait_for(lambda: channel.received, "the acknowledgement to reach the channel")
    [ack] = channel.received
    assert "人工" in ack["text"]
    waiting = (await (await client.get("/api/queue")).json())["waiting"]
    assert [(w["conversation_id"], w["reason"]) for w in waiting] == [("c-ho", "handoff")]
    assert len(waiting[0]["suggestions"]) == 3


async def test_a_message_naming_only_a_stored_order_is_answered_from_that_order(client, channel):
    """order_id picks the stored order, as in the assist API: 什么时候发货 of the shipped demo order
    T1003 gets its courier and tracking number, with no order number in the text."""
    with_order = await post(client, message(21, "什么时候发货", conversation="conv-o", order_id="T1003"))
    without = await post(client, message(22, "什么时候发货", conversation="conv-p"))
    answers = [await with_order.json(), await without.json()]
    texts = [a.get("reply") or client.app[STORAGE].log.conversation(c).messages[-1].text
             for a, c in zip(answers, ("conv-o", "conv-p"))]
    assert "ZT7501234567" in texts[0]
    assert "ZT7501234567" not in texts[1]


async def test_a_message_naming_an_unknown_order_gets_400_and_may_be_sent_again(client, channel):
    body = message(23, "什么时候发货", order_id="T9999")
    response = await post(client, body)
    assert response.status == 400 and "T9999" in (await response.json())["error"]
    assert await client.app[STORAGE].kv.get("seen:generic:m-23") is None  # not acknowledged
