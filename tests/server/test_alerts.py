import aiohttp
import pytest

from bot.alerts import Alert, Alerter, make_robots
from bot.config import RobotConfig
from bot.server import create_app

from .conftest import DINGTALK_SECRET, FEISHU_SECRET, message, service_config, sign_channel, wait_for

SECRETS = {"wecom": None, "dingtalk": DINGTALK_SECRET, "feishu": FEISHU_SECRET}


@pytest.mark.parametrize("platform", ["wecom", "dingtalk", "feishu"])
async def test_each_robot_is_accepted_by_its_platform(robots, platform):
    fake = robots[platform]
    async with aiohttp.ClientSession() as session:
        alerter = Alerter(make_robots([RobotConfig(platform, fake.url, SECRETS[platform])]), session)
        [result] = await alerter.send(Alert("转人工", "会话 c1：我要投诉"))
    assert result.ok, fake.refused
    [body] = fake.received
    assert "转人工" in str(body) and "我要投诉" in str(body)


@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
async def test_a_wrong_signing_secret_is_refused_and_reported(robots, platform):
    fake = robots[platform]
    async with aiohttp.ClientSession() as session:
        alerter = Alerter(make_robots([RobotConfig(platform, fake.url, "not-the-secret")]), session)
        [result] = await alerter.send(Alert("转人工", "x"))
    assert not result.ok and result.error
    assert fake.received == [] and fake.refused


async def test_an_unreachable_robot_does_not_stop_the_others(robots):
    configs = [RobotConfig("wecom", "http://127.0.0.1:9/nowhere"),
               RobotConfig("feishu", robots["feishu"].url, FEISHU_SECRET)]
    async with aiohttp.ClientSession() as session:
        results = await Alerter(make_robots(configs), session).send(Alert("t", "x"))
    assert [(r.platform, r.ok) for r in results] == [("wecom", False), ("feishu", True)]


async def test_a_handoff_and_an_angry_buyer_alert_every_group_with_the_phone_masked(
        aiohttp_client, tmp_path, engine, robots, texts):
    config = service_config(tmp_path, robots=robots)
    client = await aiohttp_client(create_app(config, engine))
    body = message(1, f"{texts.handoff} 电话13812345678", conversation="c-h")
    assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    await wait_for(lambda: all(f.received for f in robots.values()), "an alert on all three robots")
    for fake in robots.values():
        text = str(fake.received[0])
        assert "c-h" in text and "138****5678" in text and "13812345678" not in text

    body = message(2, "垃圾店铺", conversation="c-a", buyer="b2")
    assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    await wait_for(lambda: all(len(f.received) == 2 for f in robots.values()), "the angry-buyer alert")
    assert "情绪" in str(robots["wecom"].received[1])
    metrics = await (await client.get("/metrics")).text()
    assert 'shopbot_alerts_total{outcome="ok",platform="dingtalk"} 2.0' in metrics


async def test_an_auto_answered_message_raises_no_alert(aiohttp_client, tmp_path, engine, robots, texts):
    client = await aiohttp_client(create_app(service_config(tmp_path, robots=robots), engine))
    body = message(1, texts.auto)
    assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
    await client.close()  # drains alerts in flight
    assert all(f.received == [] for f in robots.values())
