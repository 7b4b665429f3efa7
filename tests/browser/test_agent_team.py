"""Several agents in several Chromiums against the real `serve` process: who holds a conversation,
a supervisor's reassignment, closing and reopening, a reply the channel refused and its resend, a
disabled account, a buyer's direction-override characters, and the supervisor's team view."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from .conftest import AGENTS, CHROMIUM, ROOT, Server, buyer_message, wait_until
from .test_agent_window import (_screenshot_dir, bubbles, item_info, log_in, open_window, select, text_of,
                                unique)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: apt-get install -y chromium chromium-driver"),
]

WANG, LI = "小王", "小李"


def as_agent(driver, server: Server, name: str) -> None:
    open_window(driver, server, name, AGENTS[name])


def detail(driver) -> dict:
    return driver.execute_script("return state.detail && {owner: state.detail.owner, closed: state.detail.closed,"
                                 " can_send: state.detail.can_send, id: state.detail.conversation_id};")


def send_from_page(driver, conversation: str, text: str) -> dict:
    """What the window's own code would post, bypassing its disabled button: the server decides."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/send', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({conversation_id: arguments[0], text: arguments[1]})})"
        ".then(async r => done({status: r.status, body: await r.json()}));", conversation, text)


def click(driver, element_id: str) -> None:
    driver.find_element("id", element_id).click()


def test_one_agent_takes_a_conversation_the_other_cannot_send_and_a_supervisor_reassigns(browsers, server,
                                                                                          fake_channel):
    from selenium.webdriver.support.ui import Select

    wang, li, lead = browsers(), browsers(), browsers()
    as_agent(wang, server, WANG)
    as_agent(li, server, LI)
    conversation = unique("own")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "能便宜点吗", buyer="买家甲"))

    select(wang, conversation)
    click(wang, "take")
    wait_until(lambda: (detail(wang) or {}).get("owner") == WANG, "小王 to hold it")
    assert text_of(wang, "holding") == "我在接待"
    wait_until(lambda: "小王 接待中" in (item_info(li, conversation) or {}).get("text", ""), "小李's list to say so, live")
    select(li, conversation)
    wait_until(lambda: (detail(li) or {}).get("owner") == WANG, "小李's window to know the owner")
    assert text_of(li, "holding") == "小王 正在接待"
    assert li.find_element("id", "send").get_attribute("disabled") == "true"
    assert "小王 正在接待" in text_of(li, "send-status")
    refused = send_from_page(li, conversation, "亲，我来帮您看看")
    assert refused["status"] == 409 and refused["body"]["owner"] == WANG
    time.sleep(0.3)
    assert fake_channel.for_conversation(conversation) == []

    open_window(lead, server)  # the supervisor (店长)
    select(lead, conversation)
    wait_until(lambda: LI in [o.text for o in Select(lead.find_element("id", "reassign-to")).options], "the team")
    Select(lead.find_element("id", "reassign-to")).select_by_visible_text(LI)
    click(lead, "reassign")
    wait_until(lambda: (detail(lead) or {}).get("owner") == LI, "the reassignment")
    wait_until(lambda: (detail(li) or {}).get("can_send"), "小李 to be allowed to answer, live")
    wait_until(lambda: (detail(wang) or {}).get("owner") == LI, "小王 to see it went to 小李")
    assert send_from_page(wang, conversation, "亲，在的")["status"] == 409
    box = li.find_element("id", "reply")
    box.send_keys("亲，我是小李，马上为您处理")
    click(li, "send")
    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "小李's reply at the channel")
    assert [r["text"] for r in sent] == ["亲，我是小李，马上为您处理"]
    [row] = server.query("SELECT agent FROM messages WHERE conversation_id = ? AND role = 'agent'", conversation)
    assert row["agent"] == LI  # every agent message is logged with the agent's name
    wait_until(lambda: any("客服 小李" in m for m in metas(li)), "the name beside the reply")


def metas(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('#messages .meta')].map(m => m.innerText);")


def test_a_closed_conversation_reopens_on_a_new_buyer_message(browser, server):
    as_agent(browser, server, WANG)
    conversation = unique("close")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "转人工", buyer="买家乙"))
    wait_until(lambda: "waiting" in (item_info(browser, conversation) or {}).get("cls", ""), "the waiting buyer")
    select(browser, conversation)
    click(browser, "close-conv")
    item = wait_until(lambda: (i := item_info(browser, conversation)) and "已结束" in i["text"] and i, "closed in the list")
    assert "waiting" not in item["cls"]
    assert server.query("SELECT count(*) AS n FROM agent_queue WHERE conversation_id = ? AND done_at IS NULL",
                        conversation)[0]["n"] == 0
    server.webhook(buyer_message(f"{conversation}-m-2", conversation, "还在吗？我的问题还没解决", buyer="买家乙"))
    item = wait_until(lambda: (i := item_info(browser, conversation)) and "已结束" not in i["text"] and i,
                      "the conversation to reopen, live")
    assert "waiting" in item["cls"] and "我的" in item["text"]  # back to the agent who had it
    wait_until(lambda: (detail(browser) or {}).get("closed") is False, "the open conversation in the chat")


def test_a_refused_delivery_shows_as_failed_and_is_resent(browser, server, fake_channel):
    as_agent(browser, server, WANG)
    conversation = unique("fail")
    fake_channel.rejecting.add(conversation)
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "能便宜点吗", buyer="买家丙"))
    select(browser, conversation)
    box = browser.find_element("id", "reply")
    box.send_keys("亲，这已经是活动价啦")
    click(browser, "send")
    tag = wait_until(lambda: browser.execute_script(
        "const t = document.querySelector('#messages .delivery.failed'); return t && t.innerText;"),
        "the reply marked failed, live")
    assert "发送失败" in tag and "422" in tag
    assert fake_channel.for_conversation(conversation) == []
    fake_channel.rejecting.discard(conversation)  # the buyer unblocked the shop
    browser.find_element("css selector", "#messages .delivery.failed button.resend").click()
    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "the resent reply at the channel")
    assert [r["text"] for r in sent] == ["亲，这已经是活动价啦"]
    wait_until(lambda: browser.execute_script("return !!document.querySelector('#messages .delivery.delivered');"),
               "the reply marked delivered")


def agents_cli(server: Server, *args: str, password: str | None = None) -> None:
    subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "agents", "--data-dir", str(server.data_dir), *args],
                   input=(password + "\n").encode() if password else None, cwd=ROOT, check=True,
                   capture_output=True)


def test_a_disabled_account_cannot_log_in_or_use_the_session_it_had(browser, server):
    name = unique("temp")[-8:]
    agents_cli(server, "add", name, password="temp-password")
    open_window(browser, server, name, "temp-password")
    agents_cli(server, "disable", name)
    conversation = unique("after")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "在吗"))  # the window asks the server again
    wait_until(lambda: browser.current_url.endswith("/agent/login"), "the window to be sent to the login")
    browser.get(f"{server.base}/agent")
    assert browser.current_url.endswith("/agent/login")
    log_in(browser, server, name, "temp-password")
    wait_until(lambda: "密码不对" in (text_of(browser, "login-error") or ""), "the refusal")


def test_direction_override_characters_from_a_buyer_show_as_visible_tags(browser, server):
    as_agent(browser, server, WANG)
    conversation = unique("bidi")
    spoof = "退款到账号\u202e1234567\u202c请确认"
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, spoof, buyer="买家\u202e丁"))
    select(browser, conversation)
    wait_until(lambda: any("[RLO]" in text for _, text in bubbles(browser)), "the message with its tags")
    [(_, shown)] = [b for b in bubbles(browser) if b[0] == "buyer"]
    assert shown == "退款到账号[RLO]1234567[PDF]请确认" and "\u202e" not in shown
    assert "\u202e" not in item_info(browser, conversation)["buyer"]
    assert "\u202e" not in text_of(browser, "chat-buyer")


def test_the_supervisor_sees_the_team_and_adds_an_agent(browser, demo_server, fake_channel, tmp_path):
    """A short shift on a fresh service, then the team view; saved as docs/screenshots/agent-team.png
    when AGENT_SCREENSHOTS is set."""
    from selenium.webdriver.common.by import By

    folder = _screenshot_dir(tmp_path)
    browser.set_window_size(1440, 900)
    open_window(browser, demo_server)  # 店长, a supervisor
    shift = unique("shift")
    buyers = [("tb_阿星", "在吗，这个杯子有现货吗"), ("jd_小雨", "转人工，快递三天没动了"),
              ("tb_橙子妈妈", "能便宜点吗，买两件"), ("tb_大熊", "收到的杯子裂了，我要退货"),
              ("pdd_麦子", "你好，可以开发票吗")]
    for n, (buyer, text) in enumerate(buyers):
        demo_server.webhook(buyer_message(f"{shift}-{n}", f"{shift}-{n}", text, buyer=buyer))
    for n in (1, 2):  # 店长 answers two of them: today's first responses and a suggestion used as is
        select(browser, f"{shift}-{n}")
        wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#suggestions li"), "suggestions")
        browser.find_element(By.TAG_NAME, "body").send_keys("1")
        browser.find_element(By.ID, "send").click()
        wait_until(lambda: fake_channel.for_conversation(f"{shift}-{n}"), "the reply at the channel")
    click(browser, "team-toggle")
    wait_until(lambda: "首次响应中位数" in (text_of(browser, "team-figures") or ""), "the team view")
    agents = text_of(browser, "team-agents")
    assert "店长" in agents and "在线" in agents and WANG in agents and "离线" in agents
    assert "2 次人工首次响应" in text_of(browser, "team-updated")
    waiting = text_of(browser, "team-waiting")
    assert "tb_大熊" in waiting and "jd_小雨" not in waiting  # answered ones no longer wait

    browser.find_element(By.ID, "account-name").send_keys("小赵")
    browser.find_element(By.ID, "account-password").send_keys("zhao-password")
    browser.find_element(By.CSS_SELECTOR, "#account-form button").click()
    wait_until(lambda: "小赵" in (text_of(browser, "team-agents") or ""), "the new agent in the team")
    browser.save_screenshot(str(folder / "agent-team.png"))
    assert (folder / "agent-team.png").stat().st_size > 10_000
