import aiohttp
import pytest

from bot.server import create_app
from bot.server.keys import STORAGE

from .conftest import AGENT_TOKEN, SUPERVISOR, message, service_config, sign_channel


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine):
    return await aiohttp_client(create_app(service_config(tmp_path), engine))


async def test_suggest_returns_intents_three_suggestions_handoff_and_slots(client, texts):
    response = await client.post("/api/suggest", json={"conversation_id": "a1", "text": texts.auto})
    assert response.status == 200
    data = await response.json()
    assert data["intents"][0]["name"] == texts.auto_intent and 0 < data["intents"][0]["score"] <= 1
    assert {"name", "score", "reason"} <= set(data["intents"][0])
    assert 1 <= len(data["suggestions"]) <= 3 and all(s["text"] for s in data["suggestions"])
    assert data["handoff"] is False and isinstance(data["slots"], dict)


async def test_the_conversation_is_remembered_between_calls(client, texts):
    await client.post("/api/suggest", json={"conversation_id": "a2", "text": "订单T1003什么时候发货"})
    later = await (await client.post("/api/suggest", json={"conversation_id": "a2", "text": texts.auto})).json()
    assert later["slots"]["order_id"] == "T1003"  # named in the first message
    conversation = await (await client.get("/api/conversations/a2")).json()
    assert [m["text"] for m in conversation["messages"]] == ["订单T1003什么时候发货", texts.auto]
    # a hello said after a question of the buyer's asks it again: the question leads, the hello is answered beside it
    assert conversation["messages"][1]["intents"][-1:] == [texts.auto_intent]


async def test_a_short_follow_up_is_read_with_its_conversation(client):
    first = await (await client.post("/api/suggest", json={"conversation_id": "a-ctx", "text": "上周买的电饭煲现在便宜了一百，能申请价保吗"})).json()
    assert first["intents"][0]["name"] == "price_protect"
    then = await (await client.post("/api/suggest", json={"conversation_id": "a-ctx", "text": "对的"})).json()
    assert then["intents"][0]["name"] == "price_protect" and then["intents"][0]["reason"].startswith("context")
    alone = await (await client.post("/api/suggest", json={"conversation_id": "a-other", "text": "对的"})).json()
    assert not alone["intents"] or alone["intents"][0]["name"] != "price_protect"


async def test_urging_goes_on_with_the_conversation_and_a_thanks_is_answered_too(client):
    await client.post("/api/suggest", json={"conversation_id": "a-urge", "text": "退货寄回去三天了 钱怎么还没退给我"})
    urged = await (await client.post("/api/suggest", json={"conversation_id": "a-urge", "text": "麻烦再帮我催催吧"})).json()
    assert urged["intents"][0]["name"] == "return" and urged["intents"][0]["reason"].startswith("context")
    await client.post("/api/suggest", json={"conversation_id": "a-thx", "text": "我买的那件外套今天能寄出来不"})
    thanked = await (await client.post("/api/suggest", json={"conversation_id": "a-thx", "text": "好的 尽快嘛"})).json()
    assert [i["name"] for i in thanked["intents"]][:2] == ["shipping", "thanks_bye"]
    await client.post("/api/suggest", json={"conversation_id": "a-id", "text": "发票开错了能重开吗"})
    answered = await (await client.post("/api/suggest", json={"conversation_id": "a-id", "text": "T1003"})).json()
    assert answered["intents"][0]["name"] == "invoice" and answered["slots"]["order_id"] == "T1003"


async def test_an_order_by_id_from_the_store_or_inline_reaches_the_rules(client):
    by_id = await client.post("/api/suggest", json={"conversation_id": "a3", "text": "什么时候发货",
                                                     "order_id": "T1004"})
    inline = await client.post("/api/suggest", json={
        "conversation_id": "a4", "text": "什么时候发货", "now": "2025-06-20T10:00:00+08:00",
        "order": {"order_id": "X1", "status": "paid", "amount": 95.0, "paid_at": "2025-06-17T09:00:00+08:00",
                  "items": [{"sku": "A1", "title": "T恤", "price": 95.0}]}})
    assert by_id.status == 200 and inline.status == 200
    assert (await by_id.json())["facts"] and (await inline.json())["facts"]


async def test_an_order_the_buyer_names_is_looked_up_in_the_store(client):
    response = await client.post("/api/suggest", json={"conversation_id": "a5", "text": "订单T1003到哪了"})
    body = await response.json()
    assert response.status == 200
    assert "ZT7501234567" in body["suggestions"][0]["text"]  # the demo shop's tracking number for T1003


@pytest.mark.parametrize("payload, reason", [
    ({"text": "在吗"}, "missing field 'conversation_id'"),
    ({"conversation_id": "a"}, "missing field 'text'"),
    ({"conversation_id": "a", "text": "在吗", "order_id": "T9999"}, "no order 'T9999'"),
    ({"conversation_id": "a", "text": "在吗", "now": "next tuesday"}, "not an ISO 8601 time"),
    ({"conversation_id": "a", "text": "在吗", "order": {"order_id": "X"}}, "order is missing 'status'"),
    # The rules add days to these: year 9999 overflowed (500), year 1 gave "还剩739957天".
    ({"conversation_id": "a", "text": "什么时候发货", "order_id": "T1003", "now": "9999-12-31T23:59:59+14:00"},
     "not between 1970 and 2999"),
    ({"conversation_id": "a", "text": "退货", "order_id": "T1005", "now": "0001-01-01T00:00:00"}, "not between"),
    ({"conversation_id": "a", "text": "能便宜点吗", "order": {"order_id": "X", "status": "paid", "amount": -5}},
     "order 'amount'"),
])
async def test_bad_suggest_requests_get_400_with_the_reason(client, payload, reason):
    response = await client.post("/api/suggest", json=payload)
    assert response.status == 400
    assert reason in (await response.json())["error"]


@pytest.mark.parametrize("path", ["/api/suggest", "/api/feedback"])
@pytest.mark.parametrize("body, reason", [
    (b"", "malformed JSON"),
    (b"{not json", "malformed JSON"),
    (b"[1, 2]", "JSON object"),
    (b"null", "JSON object"),
    (b'{"conversation_id": "a", "text": "\xff\xfe"}', "malformed JSON"),
    (b'{"conversation_id": "a", "text": "x", "order": {"order_id": "X", "status": "paid", "amount": NaN}}',
     "NaN is not a JSON value"),  # reached the bargaining rule and failed there: 500
    (b'{"conversation_id": "a", "n": ' + b"1" * 5000 + b"}", "malformed JSON"),  # Python's digit limit: 500
])
async def test_a_body_that_is_no_json_object_gets_400(client, path, body, reason):
    response = await client.post(path, data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    error = (await response.json())["error"]
    assert reason in error and "sys." not in error


async def test_feedback_is_kept_and_takes_the_conversation_off_the_queue(client, texts):
    body = message(1, texts.handoff, conversation="f1")
    await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    waiting = (await (await client.get("/api/queue")).json())["waiting"]
    assert [w["conversation_id"] for w in waiting] == ["f1"]
    suggestion = waiting[0]["suggestions"][0]["text"]

    response = await client.post("/api/feedback", json={
        "conversation_id": "f1", "message_id": "m-1", "action": "edited", "suggestion": suggestion,
        "text": "亲，马上为您转接人工客服~"})
    assert response.status == 200
    assert (await (await client.get("/api/queue")).json())["waiting"] == []
    conversation = await (await client.get("/api/conversations/f1")).json()
    assert conversation["messages"][-1]["role"] == "agent"
    assert conversation["messages"][-1]["text"] == "亲，马上为您转接人工客服~"


async def test_a_wrong_intent_must_name_a_known_intent(client, texts):
    await client.post("/api/suggest", json={"conversation_id": "f2", "text": texts.auto})
    unknown = await client.post("/api/feedback", json={"conversation_id": "f2", "action": "wrong_intent",
                                                        "intent": "teleport"})
    missing = await client.post("/api/feedback", json={"conversation_id": "f2", "action": "wrong_intent"})
    bad_action = await client.post("/api/feedback", json={"conversation_id": "f2", "action": "liked"})
    assert [unknown.status, missing.status, bad_action.status] == [400, 400, 400]
    assert "teleport" in (await unknown.json())["error"]
    ok = await client.post("/api/feedback", json={"conversation_id": "f2", "action": "wrong_intent",
                                                   "intent": "payment"})
    assert ok.status == 200
    [entry] = client.app[STORAGE].log.inbox()
    assert (entry.text, entry.reason, entry.matches[0]["name"]) == (texts.auto, "marked_wrong", "payment")


async def test_what_the_bot_could_not_match_goes_to_the_trainers_inbox(client, texts):
    await client.post("/api/suggest", json={"conversation_id": "u1", "text": texts.unmatched})
    await client.post("/api/suggest", json={"conversation_id": "u1", "text": texts.auto})
    assert [(e.text, e.reason) for e in client.app[STORAGE].log.inbox()] == [(texts.unmatched, "unmatched")]


async def test_an_unknown_conversation_is_404(client):
    response = await client.get("/api/conversations/nope")
    assert response.status == 404 and "error" in await response.json()


async def test_feedback_on_an_unknown_conversation_is_404_and_kept_nowhere(client):
    response = await client.post("/api/feedback", json={"conversation_id": "nope", "action": "sent", "text": "好的"})
    assert response.status == 404 and "nope" in (await response.json())["error"]
    assert client.app[STORAGE].log.feedback("nope") == []


@pytest.mark.parametrize("method, path", [("POST", "/api/suggest"), ("POST", "/api/feedback"),
                                          ("GET", "/api/conversations/conv-1"), ("GET", "/api/queue")])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Bearer "])
async def test_the_api_wants_the_agents_token(client, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    async with aiohttp.ClientSession(headers=headers) as anonymous:  # not the fixture's signed-in session
        response = await anonymous.request(method, client.make_url(path), json={"conversation_id": "c", "text": "在吗"})
        assert response.status == 401
        assert "AGENT_TOKEN" in (await response.json())["error"]


async def test_a_post_from_another_origin_with_the_agents_cookie_is_refused(client):
    """Another port of this host is the same site to a browser, so the SameSite cookie goes along
    when a page there posts here; the Origin the browser sends gives it away. The token itself
    is never sent by a browser on its own: an integration holding it may call from anywhere."""
    name, password = SUPERVISOR
    await client.post("/agent/login", data={"name": name, "password": password}, allow_redirects=False)
    here = client.make_url("/")
    by_cookie = {"Authorization": ""}

    async def suggest(headers):
        return (await client.post("/api/suggest", json={"conversation_id": "o1", "text": "在吗"}, headers=headers)).status

    assert await suggest({**by_cookie, "Origin": "http://127.0.0.1:1"}) == 403
    assert await suggest({**by_cookie, "Origin": f"http://{here.host}:{here.port}"}) == 200
    assert await suggest({"Origin": "https://chat-plugin.example"}) == 200  # the Bearer token
    assert len(client.app[STORAGE].log.conversation("o1").messages) == 2
