"""The chat window's endpoints over real HTTP (aiohttp test client, real SQLite), no browser:
login and sessions, the send endpoint and its delivery to a fake channel, wrong-intent feedback,
the conversation list and card, and the event stream."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.agent_ui.passwords import hash_password
from bot.server import create_app
from bot.server.keys import STORAGE

from .conftest import SECRET, SUPERVISOR, TOKEN, buyer_message, free_port, sign, write_config

BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def channel():
    received: list[dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers["X-Timestamp"]
        expected = hmac.new(SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers["X-Signature"]):
            return web.Response(status=401)
        received.append(json.loads(body))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/send", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/send", received
    await runner.cleanup()


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, channel):
    return await aiohttp_client(create_app(write_config(tmp_path, channel[0]), engine))


async def webhook(client, message_id: str, conversation: str, text: str, **extra: Any) -> dict[str, Any]:
    body = buyer_message(message_id, conversation, text, **extra)
    response = await client.post("/webhook/generic", data=body, headers=sign(body))
    assert response.status == 200, await response.text()
    return await response.json()


async def login(client, name: str = SUPERVISOR[0], password: str = SUPERVISOR[1], **headers: str):
    return await client.post("/agent/login", data={"name": name, "password": password}, allow_redirects=False,
                             headers=headers)


async def until(predicate, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


# --- login ------------------------------------------------------------------------------------

async def test_the_window_and_its_api_need_a_login(client):
    page = await client.get("/agent", allow_redirects=False)
    assert page.status == 303 and page.headers["Location"] == "/agent/login"
    for method, path in [("GET", "/api/agent/conversations"), ("GET", "/api/agent/settings"),
                         ("GET", "/api/agent/events"), ("GET", "/api/agent/conversations/c1"),
                         ("POST", "/api/send"), ("POST", "/api/agent/wrong-intent")]:
        response = await client.request(method, path, json={})
        assert response.status == 401, path
    assert (await client.get("/api/agent/settings", headers={"Authorization": "Bearer nope"})).status == 401


async def test_a_login_sets_an_httponly_strict_session_cookie(client):
    response = await login(client)
    assert response.status == 303 and response.headers["Location"] == "/agent"
    cookie = response.headers["Set-Cookie"]
    assert "agent_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert SUPERVISOR[1] not in cookie  # a random session id, never the password
    page = await client.get("/agent")
    assert page.status == 200 and "客服工作台" in await page.text()
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    settings = await (await client.get("/api/agent/settings")).json()
    assert settings["quick_phrases"][0] == "亲，请稍等，我帮您查一下~" and settings["wait_alert_s"] == 120
    assert "bargain" in {i["name"] for i in settings["intents"]}


async def test_a_wrong_password_is_refused_and_repeated_failures_are_throttled(client):
    wrong = await login(client, password="guess-guess")
    assert wrong.status == 401 and "密码不对" in await wrong.text()
    assert "Set-Cookie" not in wrong.headers
    for _ in range(9):
        await login(client, password="guess-guess")
    throttled = await login(client)  # this browser never logged in: even the right password waits now
    assert throttled.status == 429 and "Set-Cookie" not in throttled.headers


async def test_a_guesser_does_not_lock_out_an_agent_who_logged_in_before(client):
    """Same address, same account: the guesser's tries run out, the agent's browser (its device
    cookie) still logs in; another account is not touched at all."""
    assert (await login(client)).status == 303
    await client.post("/agent/logout", allow_redirects=False)
    storage = client.server.app[STORAGE]
    await storage.commit(lambda _db: storage.accounts.add("小王", hash_password("wang-password")))
    async with aiohttp.ClientSession() as guesser:  # no cookies of the agent's
        async def guess(name: str, password: str) -> int:
            response = await guesser.post(client.make_url("/agent/login"), allow_redirects=False,
                                          data={"name": name, "password": password})
            return response.status

        for _ in range(12):
            await guess(SUPERVISOR[0], "guess-guess")
        assert await guess(*SUPERVISOR) == 429
        assert await guess("小王", "wang-password") == 303  # another account
    assert (await login(client)).status == 303  # the agent, from the browser they used before


async def test_simultaneous_guesses_are_counted_before_any_is_tried(client):
    """200 guesses at once: each reserves its try before the password is checked, so only the first
    ten are tried and the rest are refused untried (429)."""
    answers = await asyncio.gather(*(login(client, password=f"guess-{n:03d}") for n in range(200)))
    statuses = [a.status for a in answers]
    assert statuses.count(401) == 10 and statuses.count(429) == 190


async def test_the_machine_token_is_throttled_like_the_login(client):
    for _ in range(10):
        assert (await client.get("/api/agent/settings", headers={"Authorization": "Bearer guess"})).status == 401
    assert (await client.get("/api/agent/settings", headers={"Authorization": "Bearer guess"})).status == 429
    right = await client.get("/api/agent/settings", headers=BEARER)
    assert right.status == 429 and right.headers["Retry-After"]  # the right token too, from this address


async def test_simultaneous_wrong_machine_tokens_are_counted_at_once(client):
    answers = await asyncio.gather(*(client.get("/api/queue", headers={"Authorization": f"Bearer g{n}"})
                                     for n in range(100)), client.get("/api/queue", headers=BEARER))
    assert [a.status for a in answers].count(401) <= 10
    assert answers[-1].status in (200, 429)


async def test_login_and_logout_from_another_origin_are_refused(client):
    refused = await login(client, Origin="http://127.0.0.1:1")
    assert refused.status == 403 and "Set-Cookie" not in refused.headers
    assert (await login(client)).status == 303
    assert (await client.post("/agent/logout", headers={"Origin": "https://evil.example"},
                              allow_redirects=False)).status == 403
    assert (await client.get("/api/agent/conversations")).status == 200  # still logged in
    # a browser says where a form comes from: another port of this host is same-site, not same-origin
    assert (await login(client, **{"Sec-Fetch-Site": "same-site", "Origin": "null"})).status == 403
    assert (await login(client, **{"Sec-Fetch-Site": "same-origin", "Origin": "null"})).status == 303


async def test_a_disabled_account_cannot_log_in_or_use_its_session(client):
    storage = client.server.app[STORAGE]
    await storage.commit(lambda _db: storage.accounts.add("小李", hash_password("li-password-1")))
    assert (await login(client, "小李", "li-password-1")).status == 303
    assert (await client.get("/api/agent/conversations")).status == 200
    await storage.commit(lambda _db: storage.accounts.disable("小李"))
    assert (await client.get("/api/agent/conversations")).status == 401
    assert (await client.get("/agent", allow_redirects=False)).status == 303
    assert (await login(client, "小李", "li-password-1")).status == 401


@pytest.mark.parametrize("body, content_type", [
    (b"token=\xff\xfe", "application/x-www-form-urlencoded"),  # not UTF-8: was a 500
    (b"--x\r\njunk", "multipart/form-data; boundary=x"),  # a broken multipart: was a 500
    (b"", "application/x-www-form-urlencoded"),
])
async def test_a_login_body_that_is_no_form_is_a_wrong_password(client, body, content_type):
    response = await client.post("/agent/login", data=body, headers={"Content-Type": content_type},
                                 allow_redirects=False)
    assert response.status == 401 and "密码不对" in await response.text()


async def test_logout_ends_the_session(client):
    await login(client)
    assert (await client.get("/api/agent/conversations")).status == 200
    out = await client.post("/agent/logout", allow_redirects=False)
    assert out.status == 303
    assert (await client.get("/api/agent/conversations")).status == 401


async def test_without_an_account_nobody_logs_in_and_the_page_says_how_to_add_one(aiohttp_client, tmp_path, engine):
    client = await aiohttp_client(create_app(write_config(tmp_path, None, token=None, supervisor=False), engine))
    page = await client.get("/agent/login")
    assert page.status == 503 and "run_bot.py agents add" in await page.text()
    assert (await login(client)).status == 503
    assert (await client.get("/api/agent/settings", headers={"Authorization": "Bearer "})).status == 401


async def test_static_files_are_served_from_the_package_with_the_policy(client):
    js = await client.get("/agent/static/app.js")
    assert js.status == 200 and js.content_type == "text/javascript"
    assert "textContent" in await js.text() and "innerHTML" not in await js.text()
    assert (await client.get("/agent/static/style.css")).content_type == "text/css"
    assert (await client.get("/agent/static/..%2Fhandlers.py")).status == 404
    assert (await client.get("/agent/static/index.html")).status == 404  # pages only via /agent


# --- sending ----------------------------------------------------------------------------------

async def test_send_queues_the_reply_for_the_channel_and_records_sent_as_is(client, channel):
    _, received = channel
    assert (await webhook(client, "m-1", "s1", "能便宜点吗"))["action"] == "agent"
    await login(client)
    detail = await (await client.get("/api/agent/conversations/s1")).json()
    assert detail["waiting"] and detail["can_send"]
    suggestion = detail["card"]["suggestions"][0]
    assert suggestion["intent"] == "bargain"

    response = await client.post("/api/send", json={"conversation_id": "s1", "text": suggestion["text"],
                                                    "suggestion": suggestion["text"]})
    assert response.status == 200
    assert (await response.json())["action"] == "sent"
    await until(lambda: received, "the reply to reach the channel")
    assert received[0] == {"conversation_id": "s1", "buyer_id": "buyer-1", "reply_to": "m-1",
                           "text": suggestion["text"]}
    storage = client.server.app[STORAGE]
    [fb] = storage.log.feedback("s1")
    assert (fb.action, fb.suggestion, fb.message_id) == ("sent", suggestion["text"], "m-1")
    after = await (await client.get("/api/agent/conversations/s1")).json()
    assert after["messages"][-1]["role"] == "agent" and not after["waiting"]


async def test_a_handoff_waits_for_an_agent_before_the_bot_answers_again(client, channel):
    assert (await webhook(client, "h-1", "h1", "转人工"))["action"] == "auto"  # acknowledged at once
    assert (await webhook(client, "h-2", "h1", "在吗"))["action"] == "agent"  # the bot holds back
    await login(client)
    assert (await (await client.get("/api/agent/conversations/h1")).json())["waiting"]  # flagged for a person
    assert (await client.post("/api/send", json={"conversation_id": "h1", "text": "亲，我是客服小禾"})).status == 200
    assert (await webhook(client, "h-3", "h1", "在吗"))["action"] == "auto"  # answered: the bot may reply again


async def test_the_buyer_s_answer_to_an_agent_s_question_is_read_as_its_answer(client, channel):
    assert (await webhook(client, "q-1", "q1", "在吗"))["action"] == "auto"
    await login(client)
    asked = await client.post("/api/send", json={"conversation_id": "q1", "text": "亲，您是要开个人发票还是单位发票呢？"})
    assert asked.status == 200
    assert (await webhook(client, "q-2", "q1", "对的 单位"))["action"] == "agent"  # a guess from the conversation
    assert (await webhook(client, "q-3", "q2", "在吗"))["action"] == "auto"
    assert (await webhook(client, "q-4", "q2", "对的 单位"))["action"] == "agent"  # no question asked: nothing to answer
    read = {cid: [m.get("intents") for m in (await (await client.get(f"/api/agent/conversations/{cid}")).json())["messages"]
                  if m["role"] == "buyer"] for cid in ("q1", "q2")}
    assert read["q1"][-1] == ["invoice"]
    assert read["q2"][-1] != ["invoice"]


async def test_an_edited_suggestion_and_an_own_reply_are_told_apart(client, channel):
    _, received = channel
    assert (await webhook(client, "m-1", "s2", "能便宜点吗"))["action"] == "agent"
    await login(client)
    detail = await (await client.get("/api/agent/conversations/s2")).json()
    text = detail["card"]["suggestions"][0]["text"]
    edited = await client.post("/api/send", json={"conversation_id": "s2", "text": text + "，今天下单送试吃装",
                                                  "suggestion": text})
    own = await client.post("/api/send", json={"conversation_id": "s2", "text": "亲，还有别的问题吗？"})
    assert (await edited.json())["action"] == "edited" and (await own.json())["action"] == "rejected"
    await until(lambda: len(received) == 2, "both replies to reach the channel")
    assert [r["text"] for r in received] == [text + "，今天下单送试吃装", "亲，还有别的问题吗？"]
    messages = (await (await client.get("/api/agent/conversations/s2")).json())["messages"]
    assert [m["role"] for m in messages] == ["buyer", "agent", "agent"]


async def test_a_send_whose_log_cannot_be_written_sends_nothing(client, channel):
    """The reply's delivery, the feedback and the logged reply are one commit: when the log
    refuses the write, nothing is queued for the buyer, and the agent may send again."""
    _, received = channel
    await webhook(client, "m-1", "s9", "能便宜点吗")
    await login(client)
    storage = client.server.app[STORAGE]
    storage.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON feedback BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    failed = await client.post("/api/send", json={"conversation_id": "s9", "text": "亲，在的", "suggestion": "亲，在的"})
    assert failed.status == 500
    assert storage.deliveries.pending() == 0 and storage.log.feedback("s9") == []
    storage.db.execute("DROP TRIGGER refuse")
    again = await client.post("/api/send", json={"conversation_id": "s9", "text": "亲，在的", "suggestion": "亲，在的"})
    assert (await again.json())["action"] == "sent"
    await until(lambda: received, "the reply at the channel")
    await asyncio.sleep(0.3)  # a first, half-done send would have been delivered by now too
    assert [r["text"] for r in received] == ["亲，在的"]


@pytest.mark.parametrize("payload, headers, status", [
    ({"conversation_id": "nobody", "text": "hi"}, {}, 404),
    ({"conversation_id": "s3", "text": "   "}, {}, 400),
    ({"conversation_id": "s3"}, {}, 400),
    ({"conversation_id": "s3", "text": "x" * 2001}, {}, 400),
    ({"conversation_id": "s3", "text": "hi"}, {"Origin": "https://evil.example"}, 403),
])
async def test_bad_sends_are_refused_with_the_reason(client, payload, headers, status):
    await webhook(client, "m-1", "s3", "能便宜点吗")
    await login(client)
    response = await client.post("/api/send", json=payload, headers=headers)
    assert response.status == status
    assert "error" in await response.json()
    assert client.server.app[STORAGE].deliveries.pending() == 0


async def test_a_form_post_cannot_send(client):
    await webhook(client, "m-1", "s4", "能便宜点吗")
    await login(client)
    response = await client.post("/api/send", data={"conversation_id": "s4", "text": "hi"})
    assert response.status == 415


async def test_a_channel_without_send_url_cannot_be_answered_from_here(aiohttp_client, tmp_path, engine):
    client = await aiohttp_client(create_app(write_config(tmp_path, None), engine))
    await webhook(client, "m-1", "s5", "在吗")
    detail = await (await client.get("/api/agent/conversations/s5", headers=BEARER)).json()
    assert detail["can_send"] is False
    response = await client.post("/api/send", json={"conversation_id": "s5", "text": "hi", "agent": SUPERVISOR[0]},
                                 headers=BEARER)
    assert response.status == 409


# --- feedback, list, card ---------------------------------------------------------------------

async def test_wrong_intent_goes_to_the_trainers_inbox(client):
    await webhook(client, "m-9", "w1", "能便宜点吗")
    response = await client.post("/api/agent/wrong-intent", headers=BEARER,
                                 json={"conversation_id": "w1", "message_id": "m-9", "intent": "payment"})
    assert response.status == 200
    entry = next(e for e in client.server.app[STORAGE].log.inbox() if e.reason == "marked_wrong")
    assert (entry.conversation_id, entry.message_id, entry.text) == ("w1", "m-9", "能便宜点吗")
    assert entry.matches[0]["name"] == "payment"
    bad = await client.post("/api/agent/wrong-intent", headers=BEARER,
                            json={"conversation_id": "w1", "intent": "teleport"})
    assert bad.status == 400
    digits = await client.post("/api/agent/wrong-intent", data=b'{"conversation_id": "w1", "n": ' + b"1" * 5000 + b"}",
                               headers={**BEARER, "Content-Type": "application/json"})
    assert digits.status == 400 and "malformed JSON" in (await digits.json())["error"]  # was a 500


async def test_the_list_puts_handoffs_first_and_the_card_shows_order_and_facts(client):
    order = {"order_id": "X7", "status": "delivered", "amount": 59.0, "region": "江苏",
             "paid_at": "2025-06-01T10:00:00+08:00", "shipped_at": "2025-06-02T10:00:00+08:00",
             "delivered_at": "2025-06-04T10:00:00+08:00", "courier": "中通快递", "tracking_no": "ZT1",
             "items": [{"sku": "A1", "title": "T恤", "price": 59.0}]}
    await webhook(client, "m-1", "l-plain", "能便宜点吗", buyer="b1")
    await webhook(client, "m-2", "l-auto", "在吗", buyer="b2")  # answered by the bot
    await webhook(client, "m-3", "l-hand", "我要退货，转人工", buyer="b3", order=order)
    listing = (await (await client.get("/api/agent/conversations", headers=BEARER)).json())["conversations"]
    assert [c["conversation_id"] for c in listing] == ["l-hand", "l-plain", "l-auto"]
    hand, plain, auto = listing
    assert hand["handoff"] and hand["waiting"] and hand["waiting_since"] <= time.time()
    assert plain["waiting"] and not plain["handoff"]
    assert not auto["waiting"] and auto["last"]["role"] == "bot"
    card = (await (await client.get("/api/agent/conversations/l-hand", headers=BEARER)).json())["card"]
    assert card["order"]["tracking_no"] == "ZT1" and card["order"]["courier"] == "中通快递"
    assert card["handoff"] is True
    assert {"free_shipping_gap", "bargain_round", "window_open", "days_left"} <= set(card["facts"])
    # a later message without an order keeps the conversation's order on the card
    await webhook(client, "m-4", "l-hand", "在吗", buyer="b3")
    card = (await (await client.get("/api/agent/conversations/l-hand", headers=BEARER)).json())["card"]
    assert card["order"]["order_id"] == "X7"


async def test_an_order_named_in_the_chat_is_looked_up_for_the_card(client):
    await webhook(client, "m-1", "o1", "订单T1003什么时候到")
    card = (await (await client.get("/api/agent/conversations/o1", headers=BEARER)).json())["card"]
    assert card["order"]["order_id"] == "T1003" and card["order"]["status"] == "shipped"


# --- live updates -----------------------------------------------------------------------------

async def read_event(stream) -> tuple[str, dict[str, Any]]:
    """The next `event:`/`data:` pair, skipping comments and the retry hint."""
    name = None
    while True:
        line = (await asyncio.wait_for(stream.readline(), 10)).decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: ") and name:
            return name, json.loads(line[len("data: "):])


async def test_the_event_stream_delivers_a_new_message(client):
    await login(client)
    stream = await client.get("/api/agent/events")
    assert stream.status == 200 and stream.content_type == "text/event-stream"
    assert (await read_event(stream.content))[0] == "ready"
    await webhook(client, "m-1", "e1", "<b>能便宜点吗</b>")
    name, event = await read_event(stream.content)
    assert name == "message"
    assert (event["conversation_id"], event["role"], event["text"]) == ("e1", "buyer", "<b>能便宜点吗</b>")
    assert event["intents"] == ["bargain"] and event["action"] == "agent"

    await client.post("/api/suggest", json={"conversation_id": "e2", "text": "在吗"})
    name, event = await read_event(stream.content)
    assert (name, event["conversation_id"], event["action"]) == ("message", "e2", "assist")

    await client.post("/api/send", json={"conversation_id": "e1", "text": "亲，这已经是最低价啦"})
    name, event = await read_event(stream.content)
    assert (name, event["role"], event["text"]) == ("message", "agent", "亲，这已经是最低价啦")
    stream.close()


async def test_a_window_hears_of_messages_another_worker_handled(aiohttp_client, tmp_path, engine, channel):
    """`serve --workers 2`: two processes on one SQLite file, here two apps on two connections.
    A window open on the first is told to reload when the second handles a message, and the
    conversation list it then loads has that message."""
    config = write_config(tmp_path, channel[0])
    first = await aiohttp_client(create_app(config, engine))
    second = await aiohttp_client(create_app(config, engine))
    stream = await first.get("/api/agent/events", headers=BEARER)
    assert (await read_event(stream.content))[0] == "ready"
    await webhook(second, "m-1", "w2", "能便宜点吗")  # before the watcher's first look: news all the same
    name, _ = await read_event(stream.content)
    assert name == "changed"
    listed = await (await first.get("/api/agent/conversations", headers=BEARER)).json()
    assert [c["conversation_id"] for c in listed["conversations"]] == ["w2"]
    stream.close()


async def test_a_window_is_not_told_of_its_own_process_twice(client):
    """One worker: its own messages come as `message` events only, never also as `changed`."""
    stream = await client.get("/api/agent/events", headers=BEARER)
    assert (await read_event(stream.content))[0] == "ready"
    await asyncio.sleep(0.6)
    await webhook(client, "m-1", "s1", "能便宜点吗")
    assert (await read_event(stream.content))[0] == "message"
    await asyncio.sleep(1.2)  # two more looks of the watcher
    await webhook(client, "m-2", "s2", "在吗")
    assert (await read_event(stream.content))[0] == "message"
    stream.close()


async def test_an_open_event_stream_does_not_hold_up_shutdown(tmp_path, engine, channel):
    """A browser keeps the stream open all day; a graceful stop ends it instead of waiting."""
    import aiohttp

    app = create_app(write_config(tmp_path, channel[0]), engine)
    runner = web.AppRunner(app, shutdown_timeout=60)  # a stream that held up the stop would take all of it
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    async with aiohttp.ClientSession() as session:
        stream = await session.get(f"http://127.0.0.1:{port}/api/agent/events", headers=BEARER)
        assert (await read_event(stream.content))[0] == "ready"
        started = time.monotonic()
        await runner.cleanup()
        assert time.monotonic() - started < 30  # half the shutdown timeout: a busy machine's stop takes far less
        rest = await asyncio.wait_for(stream.content.read(), 5)  # returns at the end of the stream
        assert rest.strip() == b""
        stream.close()


async def test_the_same_host_behind_a_tls_proxy_may_send(client, channel):
    """The proxy ends TLS, so the browser says https while the app sees http: same host is fine."""
    await webhook(client, "m-1", "p1", "能便宜点吗")
    await login(client)
    host = client.make_url("/").host + ":" + str(client.make_url("/").port)
    response = await client.post("/api/send", json={"conversation_id": "p1", "text": "亲，在的"},
                                 headers={"Origin": f"https://{host}"})
    assert response.status == 200
