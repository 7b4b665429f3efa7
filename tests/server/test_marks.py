"""The agents' marks through the running service (bot/marks.py): feedback posted over HTTP holds a kind of reading
back from going out alone, on the SQLite file and on PostgreSQL; later right marks let it go again."""
import asyncio

from bot.server import create_app
from bot.server.keys import STORAGE
from bot.storage import Feedback

from .conftest import message, service_config, sign_channel, wait_for

HELLO = "你好"  # a greeting, read by its keyword 你好 and answered alone
THANKS = "谢谢"  # another kind of reading, which the greeting's marks must not touch


async def webhook(client, n: int, text: str) -> dict:
    body = message(n, text, conversation=f"c{n}", buyer=f"b{n}")
    response = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert response.status == 200
    return await response.json()


async def mark(client, conversation: str, action: str, **extra) -> None:
    response = await client.post("/api/feedback", json={"conversation_id": conversation, "action": action, **extra})
    assert response.status == 200, await response.text()


async def test_a_greeting_agents_mark_wrong_waits_for_them_until_their_right_marks_bring_it_back(
        aiohttp_client, tmp_path, engine, channel, store):
    config = service_config(tmp_path, send_url=channel.url, store=store.backend, redis_url=store.redis_url,
                            database_url=store.database_url, marks="{rate: 0.5, min_marks: 3}")
    client = await aiohttp_client(create_app(config, engine))
    for n in (1, 2, 3):
        assert (await webhook(client, n, HELLO))["action"] == "auto"
        await mark(client, f"c{n}", "wrong_intent", message_id=f"m-{n}", intent="shipping")
    await wait_for(lambda: len(channel.received) == 3, "the three greetings sent before the marks")

    held = await webhook(client, 4, HELLO)  # the same message: 3 wrong of 3 marks
    assert held["action"] == "agent" and "reply" not in held
    waiting = {w["conversation_id"]: w for w in (await (await client.get("/api/queue")).json())["waiting"]}
    assert waiting["c4"]["reason"] == "held_by_marks"
    assert waiting["c4"]["suggestions"][0]["text"]  # the greeting's reply is the agent's first suggestion
    suggested = await (await client.post("/api/suggest", json={"conversation_id": "s1", "text": HELLO})).json()
    assert suggested["auto"] is False
    assert suggested["held"] == {"intent": "greeting", "cue": "你好", "marks": 3, "wrong": 3, "rate": 1.0}
    assert (await webhook(client, 5, THANKS))["action"] == "auto"  # another kind of reading goes as before

    # the agents send the held greetings as suggested: 3 wrong of 6 is no longer more than half
    await mark(client, "c4", "sent", suggestion=waiting["c4"]["suggestions"][0]["text"])
    await mark(client, "s1", "sent", suggestion=suggested["suggestions"][0]["text"])
    assert (await webhook(client, 6, HELLO))["action"] == "agent"  # 3 wrong of 5
    await mark(client, "c6", "edited", suggestion=suggested["suggestions"][0]["text"], text="您好呀")
    assert (await webhook(client, 7, HELLO))["action"] == "auto"
    await wait_for(lambda: len(channel.received) == 5, "the thanks and the greeting sent after the marks")


async def test_a_mark_another_process_stores_is_read_within_refresh_s_not_once_a_message(
        aiohttp_client, tmp_path, engine, channel):
    config = service_config(tmp_path, send_url=channel.url, marks="{rate: 0.5, min_marks: 1, refresh_s: 0.5}")
    app = create_app(config, engine)
    client = await aiohttp_client(app)
    assert (await webhook(client, 1, HELLO))["action"] == "auto"
    storage = app[STORAGE]  # another worker's agent marks it, straight into the shared store
    await storage.commit(lambda _db: storage.log.add_feedback(Feedback("c1", "rejected", "m-1")))
    assert (await webhook(client, 2, HELLO))["action"] == "auto"  # this process read the marks before it
    await asyncio.sleep(0.6)
    assert (await webhook(client, 3, HELLO))["action"] == "agent"


async def test_a_handoffs_acknowledgement_goes_out_whatever_the_marks(aiohttp_client, tmp_path, engine, channel, texts):
    config = service_config(tmp_path, send_url=channel.url, marks="{rate: 0.5, min_marks: 1}")
    client = await aiohttp_client(create_app(config, engine))
    assert (await webhook(client, 1, texts.handoff))["action"] == "auto"
    await mark(client, "c1", "rejected", message_id="m-1")  # the agent writes their own words to a handed-off buyer
    answered = await webhook(client, 2, texts.handoff)
    assert answered["action"] == "auto" and answered["handoff"] is True
