"""On PostgreSQL every statement is a network round trip: one run on the event loop holds up every
other request of the instance while it waits. Here the real service runs on the real PostgreSQL
fixture with its connection watched: any statement issued from the event loop's thread is noted
with the line of `bot/` that issued it, and the test fails naming them. What it drives covers the
reads that used to run on the loop: the engine's order look-up, the agents' sessions and logins,
a conversation's page, take / release / close / send / resend, the outreach sweep, a review's
follow-up, the team view and /metrics (real HTTP, real Redis)."""
from __future__ import annotations

import asyncio
import traceback
from pathlib import Path

import pytest
import redis

from bot.server import create_app
from bot.storage.sql import PgDatabase

from .conftest import BEARER, SUPERVISOR, message, service_config, sign_channel, wait_for
from .test_outreach import event, order, post_event, replay
from .test_review_webhook import post_review, review

pytestmark = pytest.mark.postgres
BOT = str(Path(__file__).resolve().parents[2] / "bot")


def on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def statements_on_the_loop(monkeypatch) -> set[str]:
    """The bot's lines that ran a statement on the event loop's thread (from now on, in this test)."""
    found: set[str] = set()

    def watched(method):
        def run(self, sql, params=(), /):
            if on_the_loop():
                where = [f for f in traceback.extract_stack() if f.filename.startswith(BOT)
                         and not f.filename.endswith(("storage/sql.py",))]
                found.add(" <- ".join(f"{Path(f.filename).relative_to(BOT)}:{f.lineno} {f.name}"
                                      for f in reversed(where[-3:])) or sql.split()[0])
            return method(self, sql, params)
        return run

    monkeypatch.setattr(PgDatabase, "execute", watched(PgDatabase.execute))
    monkeypatch.setattr(PgDatabase, "executemany", watched(PgDatabase.executemany))
    return found


async def test_no_statement_runs_on_the_event_loop_on_postgres(database_url, redis_url, channel, aiohttp_client, tmp_path,
                                                               engine, statements_on_the_loop):
    # (the schema and the channel are set up before the app, so they are torn down after it)
    kv = redis_url.rsplit("/", 1)[0] + "/6"  # ids like m-1 recur between tests
    with redis.Redis.from_url(kv) as flush:
        flush.flushdb()
    config = service_config(tmp_path, send_url=channel.url, store="postgres", redis_url=kv, database_url=database_url)
    client = await aiohttp_client(create_app(config, engine))
    by_cookie = {"Authorization": ""}

    # the order is stored by its event; the buyer names it, so the engine's answer needs it
    await post_event(client, event(1, "created", "14:00", order("T9001", "unpaid")))
    body = message(1, "订单T9001 什么时候发货", conversation="conv-b1", buyer="b1")
    answered = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert answered.status == 200, await answered.text()
    assert [o["order_id"] for o in await replay(client, "14:30")] == ["T9001"]  # the outreach sweep

    # an agent's login, session and window
    assert (await client.get("/agent/login", headers=by_cookie)).status == 200
    name, password = SUPERVISOR
    login = await client.post("/agent/login", data={"name": name, "password": password}, headers=by_cookie,
                              allow_redirects=False)
    assert login.status == 303
    assert (await client.get("/api/agent/conversations", headers=by_cookie)).status == 200
    page = await (await client.get("/api/agent/conversations/conv-b1", headers=by_cookie)).json()
    assert page["messages"][0]["text"] == "订单T9001 什么时候发货"
    assert (await client.post("/api/conversations/conv-b1/take", json={}, headers=by_cookie)).status == 200
    assert (await client.post("/api/conversations/conv-b1/take", json={"to": name}, headers=by_cookie)).status == 200
    sent = await client.post("/api/send", json={"conversation_id": "conv-b1", "text": "您好，今天发出"},
                             headers=by_cookie)
    assert sent.status == 200, await sent.text()
    delivery_id = (await sent.json())["delivery_id"]
    resend = await client.post(f"/api/agent/deliveries/{delivery_id}/resend", json={}, headers=by_cookie)
    assert resend.status == 200 and (await resend.json())["resent"] is False
    assert (await client.post("/api/conversations/conv-b1/release", json={"agent": name})).status == 200  # the token
    assert (await client.post("/api/conversations/conv-b1/close", json={}, headers=by_cookie)).status == 200
    assert (await client.get("/api/agent/team", headers=by_cookie)).status == 200

    # a bad review, fixed: its follow-up
    assert (await post_review(client, review("f1", "发错颜色了", order_id="T9001", buyer="b1"))).status == 200
    fixed = await client.post("/api/reviews/f1/fixed", json={"confirm": True}, headers=BEARER)
    assert fixed.status == 200, await fixed.text()
    await wait_for(lambda: len(channel.received) >= 3, "the replies at the channel")
    assert (await client.get("/metrics")).status == 200
    assert (await client.get("/healthz")).status == 200

    assert not statements_on_the_loop, "statements run on the event loop:\n" + "\n".join(sorted(statements_on_the_loop))
