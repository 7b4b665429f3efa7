"""微信客服 (wecom_kf) end to end: the bot's real app over HTTP against a local fake of the platform
(tests/server/wecom_fake.py) that encrypts, signs and checks as WeCom does."""
from __future__ import annotations

import logging

import pytest

from bot.server import create_app
from bot.server.keys import STORAGE
from bot.storage import open_storage

from .conftest import ROOT, wait_for, write_config
from .wecom_fake import AES_KEY, CALLBACK_TOKEN, CORP_ID, KF_SECRET, OPEN_KFID, seal, sign, signed_query, start_fake


@pytest.fixture
async def wecom():
    fake, runner = await start_fake()
    yield fake
    await runner.cleanup()


def wecom_config(tmp_path, api_base: str, rate: int = 20, timeout_s: float = 2.0):
    return write_config(tmp_path, f"""
server: {{data_dir: data}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
channels:
  wx: {{kind: wecom_kf, corp_id: {CORP_ID}, open_kfid: {OPEN_KFID}, api_base: '{api_base}'}}
delivery: {{timeout_s: {timeout_s}, backoff_first_s: 0.05, backoff_max_s: 0.2}}
limits: {{rate_per_buyer: {rate}}}
""", {"WECOM_TOKEN_WX": CALLBACK_TOKEN, "WECOM_AES_KEY_WX": AES_KEY, "WECOM_SECRET_WX": KF_SECRET})


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, wecom):
    return await aiohttp_client(create_app(wecom_config(tmp_path, wecom.url), engine))


async def notify(client, wecom, query_and_body=None):
    query, body = query_and_body or wecom.callback()
    return await client.post(f"/webhook/wx?{query}", data=body, headers={"Content-Type": "text/xml"})


async def test_the_callback_url_check_answers_the_plain_echostr(client):
    echostr = seal("8362419057318270241")
    response = await client.get("/webhook/wx", params={**signed_query(echostr), "echostr": echostr})
    assert response.status == 200 and await response.text() == "8362419057318270241"


@pytest.mark.parametrize("spoil", ["signature", "token", "corp", "stale"])
async def test_a_url_check_not_from_the_platform_is_refused(client, spoil):
    echostr = seal("12345", corp_id="wwSomeoneElse" if spoil == "corp" else CORP_ID)
    query = signed_query(echostr, token="not-the-token" if spoil == "token" else CALLBACK_TOKEN,
                         timestamp=1_000_000_000 if spoil == "stale" else None)
    if spoil == "signature":
        query["msg_signature"] = sign("x", "y", "z", echostr)
    response = await client.get("/webhook/wx", params={**query, "echostr": echostr})
    assert response.status in (400, 401)
    assert "12345" not in await response.text()


async def test_a_buyers_text_is_answered_once_through_sync_msg_and_send_msg(client, wecom, texts):
    wecom.customer_writes("wmBuyerA", texts.auto)
    wecom.customer_writes("wmBuyerA", "一张图片", msgtype="image")  # not text: not the bot's to answer
    wecom.customer_writes("wmBuyerA", "接待人员说的话", origin=5)  # a servicer's own message
    response = await notify(client, wecom)
    assert response.status == 200 and await response.text() == "success"
    await wait_for(lambda: wecom.sent, "the reply through send_msg")
    [reply] = wecom.sent
    assert (reply["touser"], reply["open_kfid"], reply["msgtype"]) == ("wmBuyerA", OPEN_KFID, "text")
    conversation = client.app[STORAGE].log.conversation(f"{OPEN_KFID}:wmBuyerA")
    assert [m.role for m in conversation.messages] == ["buyer", "bot"]
    assert conversation.messages[1].text == reply["text"]["content"]
    assert wecom.refused == []


async def test_a_replayed_event_and_a_message_seen_twice_are_answered_once(client, wecom, texts):
    wecom.customer_writes("wmBuyerB", texts.auto, msgid="dup-1")
    callback = wecom.callback()
    assert (await notify(client, wecom, callback)).status == 200
    await wait_for(lambda: len(wecom.sent) == 1, "the first reply")
    assert (await notify(client, wecom, callback)).status == 200  # the very same callback again
    wecom.customer_writes("wmBuyerB", texts.auto, msgid="dup-1")  # sync_msg hands the same msgid again
    wecom.customer_writes("wmBuyerB", texts.handoff)  # and a new one, which goes to an agent
    assert (await notify(client, wecom)).status == 200
    assert wecom.cursors_seen == [None, "c1", "c1"]  # the cursor moved on once the first was answered
    waiting = client.app[STORAGE].log.waiting(10)
    assert [w.text for w in waiting] == [texts.handoff]
    assert len(wecom.sent) == 1


async def test_an_expired_access_token_is_fetched_again(client, wecom, texts):
    wecom.customer_writes("wmBuyerC", texts.auto)
    await notify(client, wecom)
    await wait_for(lambda: len(wecom.sent) == 1, "the first reply")
    assert wecom.tokens_issued == 1  # kept between sync_msg and send_msg
    wecom.expire_tokens()
    wecom.customer_writes("wmBuyerC", texts.auto)
    await notify(client, wecom)
    await wait_for(lambda: len(wecom.sent) == 2, "the reply after the token expired")
    assert wecom.tokens_issued == 2 and wecom.refused == ["/cgi-bin/kf/sync_msg: stale token"]


async def test_the_cursor_survives_a_restart(aiohttp_client, tmp_path, engine, wecom, texts):
    config = wecom_config(tmp_path, wecom.url)
    first = await aiohttp_client(create_app(config, engine))
    wecom.customer_writes("wmBuyerD", texts.auto)
    await notify(first, wecom)
    await wait_for(lambda: len(wecom.sent) == 1, "the reply")
    await first.close()
    second = await aiohttp_client(create_app(config, engine))
    await notify(second, wecom)
    assert wecom.cursors_seen == [None, "c1"]
    assert len(wecom.sent) == 1


async def test_a_body_that_is_no_xml_gets_401_not_500(client):
    response = await client.post("/webhook/wx?" + "&".join(f"{k}={v}" for k, v in signed_query("x").items()),
                                 data=b"<xml><Encrypt>", headers={"Content-Type": "text/xml"})
    assert response.status == 401


async def test_reviews_are_not_a_wecom_feed(client):
    response = await client.post("/webhook/wx/review", data=b"{}")
    assert response.status == 401  # unsigned, as the platform would never send it


async def test_a_message_turned_away_is_logged_since_the_platform_will_not_resend_it(
        aiohttp_client, tmp_path, engine, wecom, texts, caplog):
    client = await aiohttp_client(create_app(wecom_config(tmp_path, wecom.url, rate=1), engine))
    wecom.customer_writes("wmBuyerE", texts.auto)
    second = wecom.customer_writes("wmBuyerE", texts.auto)  # over the buyer's rate limit of 1
    with caplog.at_level(logging.WARNING, logger="bot.server.webhook"):
        assert await (await notify(client, wecom)).text() == "success"
    assert any(second in r.getMessage() and "429" in r.getMessage() for r in caplog.records)


async def test_shutting_down_lets_a_reply_in_flight_finish_and_marks_it_sent(aiohttp_client, tmp_path, engine, wecom,
                                                                             texts):
    """An attempt may take twice the timeout (a stale token, a new one, the POST again); a shutdown
    that waited only the timeout + 1 s cut it off after the platform took the reply, so the reply
    stayed queued and would go to the buyer a second time after the restart. Each call is well inside
    the timeout (1.7 s of 2 s was not, on a busy machine), the two together past the timeout + 1 s."""
    wecom.tokens_expire_after_sync, wecom.send_delay_s = True, 2.6  # two slow send_msg calls: 5.2 s
    first = await aiohttp_client(create_app(wecom_config(tmp_path, wecom.url, timeout_s=4.0), engine))
    wecom.customer_writes("wmBuyerF", texts.auto)
    await notify(first, wecom)
    await wait_for(lambda: wecom.send_calls, "the first send_msg")
    await first.close()
    assert len(wecom.sent) == 1
    storage = await open_storage(tmp_path / "data")
    try:
        assert storage.deliveries.pending() == 0
    finally:
        await storage.close()
