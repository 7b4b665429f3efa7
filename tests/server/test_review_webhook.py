"""Bad reviews through the signed webhook: drafted for an agent, flags raised, the repair remembered."""
from __future__ import annotations

import json
import time

import pytest

from bot.compliance import check_message
from bot.server import create_app
from bot.server.claims import pending
from bot.server.keys import STORAGE

from .conftest import message, service_config, sign_channel, wait_for


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, channel, robots):
    return await aiohttp_client(create_app(service_config(tmp_path, send_url=channel.url, robots={"wecom": robots["wecom"]}), engine))


def review(review_id: str, text: str, *, rating: int = 1, order_id: str | None = "T1005", buyer: str = "buyer-r") -> bytes:
    event = {"review_id": review_id, "buyer_id": buyer, "rating": rating, "text": text,
             "created_at": "2024-05-03T10:00:00+08:00"}
    if order_id:
        event["order_id"] = order_id
    return json.dumps(event, ensure_ascii=False).encode()


async def post_review(client, body: bytes, headers: dict[str, str] | None = None):
    return await client.post("/webhook/generic/review", data=body, headers=sign_channel(body) if headers is None else headers)


async def test_a_signed_review_is_drafted_for_an_agent(client):
    response = await post_review(client, review("r1", "杯子收到就是碎的，包装也压扁了"))
    assert response.status == 200
    outcome = await response.json()
    assert outcome["action"] == "agent"
    assert "quality" in outcome["aspects"] or "logistics" in outcome["aspects"]
    assert outcome["message"] and check_message(outcome["message"]) == []
    [waiting] = client.app[STORAGE].log.waiting()
    assert waiting.reason == "review" and waiting.suggestions[0]["text"] == outcome["message"]


async def test_reviews_are_signed_and_checked_like_messages(client):
    body = review("r2", "发错货了")
    unsigned = await post_review(client, body, headers={"Content-Type": "application/json"})
    stale = await post_review(client, body, headers=sign_channel(body, timestamp=int(time.time()) - 3600))
    malformed = await post_review(client, b"{not json")
    missing = await post_review(client, json.dumps({"review_id": "r3"}).encode())
    assert [unsigned.status, stale.status, malformed.status, missing.status] == [401, 401, 400, 400]
    first, again = await post_review(client, body), await post_review(client, body)
    assert (await first.json())["status"] == "accepted" and (await again.json())["status"] == "duplicate"


async def test_a_review_whose_process_died_before_its_commit_is_drafted_when_it_comes_again(client):
    """kill -9 after the claim on the review id, before the review and its draft were committed:
    the copy is asked to come again while the lease runs, and drafted once it is up."""
    kv, seen = client.app[STORAGE].kv, "seen-review:generic:r9"
    await kv.set(seen, pending(time.time() - 5), ttl=86400)
    body = review("r9", "杯子收到就是碎的")
    busy = await post_review(client, body)
    assert busy.status == 409 and busy.headers["Retry-After"]
    assert client.app[STORAGE].log.waiting() == []
    await kv.set(seen, pending(time.time() - 31), ttl=86400)  # the lease is up: its process died
    assert (await (await post_review(client, body)).json())["action"] == "agent"
    assert [w.message_id for w in client.app[STORAGE].log.waiting()] == ["review:r9"]
    assert (await (await post_review(client, body)).json())["status"] == "duplicate"


async def test_a_review_whose_draft_cannot_be_stored_leaves_nothing_half_done(client):
    """The review, the buyer's repair and the draft for the agents are one commit: when the
    draft cannot be stored, no review is logged either, and the integration's retry is drafted."""
    storage = client.app[STORAGE]
    storage.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON agent_queue BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    body = review("r10", "杯子收到就是碎的")
    assert (await post_review(client, body)).status == 500
    assert storage.log.conversation("review:r10") is None
    storage.db.execute("DROP TRIGGER refuse")
    assert (await (await post_review(client, body)).json())["action"] == "agent"
    assert [m.role for m in storage.log.conversation("review:r10").messages] == ["buyer"]


async def test_a_safety_review_is_handed_off_and_alerts(client, robots):
    response = await post_review(client, review("r4", "热水器用了两天就漏电，差点出事"))
    outcome = await response.json()
    assert outcome["handoff"] is True and "urgent_safety" in outcome["flags"]
    [waiting] = client.app[STORAGE].log.waiting()
    assert waiting.reason == "review_handoff"
    await wait_for(lambda: robots["wecom"].received, "the safety alert to reach the agents' group")
    assert "漏电" in json.dumps(robots["wecom"].received[0], ensure_ascii=False)


async def test_an_extortion_review_is_flagged_with_its_evidence(client):
    response = await post_review(client, review("r5", "不给我退款五十块我就一直差评，给钱就改"))
    outcome = await response.json()
    assert "possible_extortion" in outcome["flags"]
    assert "给钱" in outcome["evidence"]["possible_extortion"] or "退款" in outcome["evidence"]["possible_extortion"]


async def test_the_buyers_next_message_continues_the_repair(client):
    await post_review(client, review("r6", "尺码偏小穿不上", buyer="buyer-fit"))
    body = message("after-review", "那怎么处理呢", buyer="buyer-fit", conversation="im-77")
    response = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert response.status == 200
    state = json.loads(await client.app[STORAGE].kv.get("state:im-77"))
    assert state["repair"]["review_id"] == "r6" and state["repair"]["stage"] == "awaiting_fix"


@pytest.mark.parametrize("body, reason", [
    (b"", "malformed JSON"),
    (b"[]", "JSON object"),
    (b"\xff\x00", "malformed JSON"),
    (review("b1", "坏了").replace(b'"rating": 1', b'"rating": NaN'), "NaN is not a JSON value"),
    (review("b2", "坏了").replace(b'"rating": 1', b'"rating": ' + b"9" * 5000), "malformed JSON"),
    (review("b3", "坏了", rating=0), "'rating' must be 1-5"),
    (review("b4", "坏了", rating=3.5), "'rating' must be 1-5"),
    (review("b5", "坏了", rating="x"), "'rating' must be 1-5"),
    (review("b6", "坏了", rating=True), "'rating' must be 1-5"),
    (review("b7", "坏了").replace(b'"text": "\xe5\x9d\x8f\xe4\xba\x86"', b'"text": 5'), "'text' must be a string"),
    # What raised inside and answered 500: a digit int() refuses, a time the remedies' day counts overflow
    (review("b8", "坏了", rating="²"), "'rating' must be 1-5"),
    (review("b9", "买贵了，刚买就降价", order_id="T1003").replace(b"2024-05-03T10:00:00+08:00", b"9999-12-31T23:59:59-12:00"),
     "'created_at'"),
    (review("b10", "尺码太小穿不上").replace(b"2024-05-03T10:00:00+08:00", b"0001-01-01T00:00:00+14:00"), "'created_at'"),
    (review("b11", "HALF").replace(b"HALF", b"\\ud800"), "field 'text' holds \\ud800"),
    (review("b12", "坏了", buyer="HALF").replace(b"HALF", b"\\udc00"), "field 'buyer_id' holds"),
    (review("b13", "坏" * 4001), "'text' is 4001 characters long"),
])
async def test_a_bad_review_body_gets_400_with_the_reason_and_nothing_is_queued(client, body, reason):
    response = await post_review(client, body)
    assert response.status == 400
    assert reason in (await response.json())["error"]
    assert client.app[STORAGE].log.waiting() == []

