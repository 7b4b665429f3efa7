"""The chat window end to end in Debian's headless Chromium: the real `serve` process, buyer
messages through the signed webhook, the agent's keys, and replies reaching the fake channel.

Screenshots go to a temporary folder, or to AGENT_SCREENSHOTS (e.g. docs/screenshots) when set."""
from __future__ import annotations

import os
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from .conftest import CHROMIUM, QUICK_PHRASES, ROOT, SUPERVISOR, Server, buyer_message, serve, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: apt-get install -y chromium chromium-driver"),
]

XSS = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2;document.title='pwned'</script>"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def log_in(driver, server: Server, name: str = SUPERVISOR[0], password: str = SUPERVISOR[1]) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{server.base}/agent")
    wait_until(lambda: driver.current_url.endswith("/agent/login"), "the login page")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def open_window(driver, server: Server, name: str = SUPERVISOR[0], password: str = SUPERVISOR[1]) -> None:
    log_in(driver, server, name, password)
    wait_until(lambda: driver.current_url.endswith("/agent"), "the window after login")
    wait_until(lambda: text_of(driver, "live") == "实时", "the live stream to connect")


def conversation_item(driver, conversation: str):
    from selenium.webdriver.common.by import By

    items = driver.find_elements(By.CSS_SELECTOR, f'#conversations li[data-id="{conversation}"]')
    return items[0] if items else None


def item_info(driver, conversation: str) -> dict | None:
    """Read in one script: the list is redrawn on every event, so element handles go stale."""
    return driver.execute_script(
        "const li = document.querySelector(`#conversations li[data-id=\"${arguments[0]}\"]`);"
        "return li && {cls: li.className, text: li.innerText,"
        " buyer: li.querySelector('.buyer').textContent, preview: li.querySelector('.preview').textContent,"
        " wait: li.querySelector('.wait').textContent,"
        " leads: [...document.querySelectorAll('#conversations li')].slice(0, [...document.querySelectorAll('#conversations li')].indexOf(li))"
        "   .every(e => e.classList.contains('urgent'))};", conversation)


def select(driver, conversation: str) -> None:
    """Clicks the conversation like an agent would, again if a redraw swallowed the click."""
    from selenium.common.exceptions import StaleElementReferenceException

    def opened() -> bool:
        try:
            item = conversation_item(driver, conversation)
            if item is not None and conversation not in driver.find_element("id", "chat-channel").text:
                item.click()
                time.sleep(0.2)
            return conversation in driver.find_element("id", "chat-channel").text
        except StaleElementReferenceException:
            return False

    wait_until(opened, f"{conversation} to open")


def text_of(driver, element_id: str) -> str | None:
    """The element's rendered text, read in one script (no handle to go stale across redraws)."""
    return driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e && e.innerText;", element_id)


def bubbles(driver) -> list[tuple[str, str]]:
    rows = driver.execute_script(
        "return [...document.querySelectorAll('#messages li')].map("
        "li => [li.classList[1], li.querySelector('.bubble').textContent]);")
    return [tuple(r) for r in rows]


def test_login_is_required(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.base}/agent")
    assert browser.current_url.endswith("/agent/login")
    assert not browser.find_elements(By.ID, "conversations")
    log_in(browser, server, password="not-the-password")
    wait_until(lambda: "密码不对" in (text_of(browser, "login-error") or ""), "the refusal")
    assert browser.current_url.endswith("/agent/login")
    assert browser.get_cookie("agent_session") is None
    log_in(browser, server)
    wait_until(lambda: browser.current_url.endswith("/agent"), "the window")
    cookie = browser.get_cookie("agent_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert browser.execute_script("return document.cookie") == ""  # scripts cannot read it


def test_a_buyer_message_arrives_live_and_the_agent_answers_with_1_edit_enter(browser, server, fake_channel):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_window(browser, server)
    browser.execute_script("window.__sameDocument = true")
    conversation = unique("live")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "能便宜点吗，买两件", buyer="小鹿"))

    select(browser, conversation)
    assert browser.execute_script("return window.__sameDocument") is True  # no reload
    wait_until(lambda: ("buyer", "能便宜点吗，买两件") in bubbles(browser), "the buyer's message")
    suggestions = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#suggestions li"), "suggestions")
    assert 1 <= len(suggestions) <= 3
    assert "议价" in suggestions[0].text  # the intent shows beside each suggestion

    browser.find_element(By.TAG_NAME, "body").send_keys("1")
    box = browser.find_element(By.ID, "reply")
    first = wait_until(lambda: box.get_attribute("value"), "suggestion 1 in the box")
    assert browser.switch_to.active_element == box
    box.send_keys("，两件再送试吃装")
    box.send_keys(Keys.ENTER)

    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "the reply at the channel")
    assert sent[0]["text"] == first + "，两件再送试吃装"
    assert (sent[0]["buyer_id"], sent[0]["reply_to"]) == ("小鹿", f"{conversation}-m-1")
    wait_until(lambda: ("agent", first + "，两件再送试吃装") in bubbles(browser), "the reply in the window")
    assert box.get_attribute("value") == ""
    [feedback] = server.query("SELECT action, suggestion, text FROM feedback WHERE conversation_id = ?",
                              conversation)
    assert feedback["action"] == "edited" and feedback["suggestion"] == first

    # a second buyer message shows up in the open conversation without a reload
    server.webhook(buyer_message(f"{conversation}-m-2", conversation, "那今天能发货吗", buyer="小鹿"))
    wait_until(lambda: ("buyer", "那今天能发货吗") in bubbles(browser), "the next message live")
    assert browser.execute_script("return window.__sameDocument") is True


def test_with_two_workers_the_window_shows_what_either_one_handled(browser, tmp_path, fake_channel):
    """`serve --workers 2`: the window's live stream is held by one process, while the kernel
    spreads the buyers' connections over both. Each message shows up without a reload, whichever
    process handled it (urllib opens a new connection per message, so both get some). It waits on
    what each message needs (the stream connected, the webhook's answer: the message committed,
    then the list), bounded only against a broken run; it used to give up after 5 s on a busy
    machine, and an older list fetched before the commit could be drawn over a newer one."""
    with serve(tmp_path, fake_channel, workers=2) as two:
        open_window(browser, two)
        browser.execute_script("window.__sameDocument = true")
        for n in range(6):
            conversation = unique(f"w{n}")
            two.webhook(buyer_message(f"{conversation}-m-1", conversation, "能便宜点吗", buyer=f"买家{n}"))
            wait_until(lambda: item_info(browser, conversation), f"message {n} in the list", timeout=60)
        assert browser.execute_script("return window.__sameDocument") is True


def test_quick_phrases_from_the_config_go_into_the_box(browser, server, fake_channel):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_window(browser, server)
    conversation = unique("quick")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "能便宜点吗"))
    select(browser, conversation)
    buttons = browser.find_elements(By.CSS_SELECTOR, "#quick button")
    assert [b.text for b in buttons] == QUICK_PHRASES
    buttons[0].click()
    box = browser.find_element(By.ID, "reply")
    assert box.get_attribute("value") == QUICK_PHRASES[0]
    box.send_keys(Keys.ENTER)
    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "the quick phrase at the channel")
    assert sent[0]["text"] == QUICK_PHRASES[0]
    [feedback] = server.query("SELECT action FROM feedback WHERE conversation_id = ?", conversation)
    assert feedback["action"] == "rejected"  # no suggestion was used


def test_a_buyer_message_with_html_shows_as_text_and_runs_nothing(browser, server):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    open_window(browser, server)
    conversation = unique("xss")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, XSS, buyer="<b>bold</b>"))
    select(browser, conversation)
    wait_until(lambda: ("buyer", XSS) in bubbles(browser), "the message as literal text")
    item = item_info(browser, conversation)
    assert XSS in item["preview"] and item["buyer"] == "<b>bold</b>"
    assert browser.find_element(By.ID, "chat-buyer").text == "<b>bold</b>"
    time.sleep(0.5)  # give an injected onerror the time to fire, if one had been injected
    assert browser.execute_script("return window.__pwned") is None
    assert browser.title == "客服工作台"
    assert not browser.find_elements(By.CSS_SELECTOR, "#messages img, #messages script, #conversations img, #conversations b")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_wrong_intent_lands_in_the_trainers_inbox(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_window(browser, server)
    conversation = unique("wrong")
    server.webhook(buyer_message(f"{conversation}-m-7", conversation, "能便宜点吗"))
    select(browser, conversation)
    Select(browser.find_element(By.ID, "wrong-intent")).select_by_value("payment")
    browser.find_element(By.ID, "wrong-send").click()
    wait_until(lambda: "训练师" in browser.find_element(By.ID, "wrong-status").text, "the confirmation")
    [entry] = server.query("SELECT message_id, text, matches FROM inbox WHERE conversation_id = ?"
                           " AND reason = 'marked_wrong'", conversation)
    assert (entry["message_id"], entry["text"]) == (f"{conversation}-m-7", "能便宜点吗")
    assert '"payment"' in entry["matches"]


def test_handoffs_stand_out_and_a_long_wait_is_highlighted(browser, server):
    from selenium.webdriver.common.by import By

    open_window(browser, server)
    conversation = unique("handoff")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "你们什么破店，我要投诉，转人工！", buyer="怒气买家"))
    item = wait_until(lambda: item_info(browser, conversation), "the handoff in the list")
    assert "urgent" in item["cls"]
    assert "转人工" in item["text"] and "情绪激动" in item["text"]
    assert item["leads"]  # handoffs lead the list: only other urgent conversations (earlier tests' handoffs) are ahead
    # the test server highlights waits over 3 s
    wait_until(lambda: "overdue" in item_info(browser, conversation)["cls"], "the long wait to be highlighted")
    assert "等待" in item_info(browser, conversation)["wait"]
    select(browser, conversation)
    assert "转人工" in browser.find_element(By.ID, "chat-flags").text


def test_the_order_card_shows_order_and_policy_facts(browser, server):
    open_window(browser, server)
    conversation = unique("card")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "你好，订单号T1005"))
    server.webhook(buyer_message(f"{conversation}-m-2", conversation, "我想退货"))
    select(browser, conversation)
    wait_until(lambda: ("buyer", "我想退货") in bubbles(browser), "the second message")
    order = wait_until(lambda: text_of(browser, "order"), "the order card")
    for shown in ("T1005", "已签收", "¥59.00", "中通快递 ZT7501234567", "可无理由退换"):
        assert shown in order
    facts = text_of(browser, "facts")
    assert "差多少包邮" in facts and "议价轮次" in facts and "退货运费" in facts


def test_a_product_question_shows_the_item_beside_the_order(browser, server):
    open_window(browser, server)
    conversation = unique("item")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "订单号T1002，T恤能不能熨烫"))
    select(browser, conversation)
    item = wait_until(lambda: text_of(browser, "item"), "the item card")
    for shown in ("纯棉短袖T恤（A1）", "¥59", "白色 L", "缺货，2026-12-12 补货", "黑色 M", "库存 11",
                  "M 码", "158-168cm / 95-120斤"):
        assert shown in item
    assert "T1002" in text_of(browser, "order")


def test_the_item_card_shows_the_shops_usage_note(browser, server):
    open_window(browser, server)
    conversation = unique("usage")
    server.webhook(buyer_message(f"{conversation}-m-1", conversation, "按摩仪怎么用"))
    select(browser, conversation)
    item = wait_until(lambda: text_of(browser, "item"), "the item card")
    for shown in ("颈椎按摩仪（F1）", "用法", "先从一档试起"):
        assert shown in item


def ago(days: float) -> str:
    moment = datetime.now(timezone(timedelta(hours=8))) - timedelta(days=days)
    return moment.isoformat(timespec="seconds")


def _screenshot_dir(tmp_path: Path) -> Path:
    target = os.environ.get("AGENT_SCREENSHOTS")
    folder = (ROOT / target) if target else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_of_a_demo_shift(browser, demo_server, tmp_path):
    """A realistic shift: a haggler, a handoff, a question the bot answered, a return with an order."""
    from selenium.webdriver.common.by import By

    folder = _screenshot_dir(tmp_path)
    browser.set_window_size(1440, 900)
    open_window(browser, demo_server)
    shift = unique("demo")
    demo_server.webhook(buyer_message(f"{shift}-1", f"{shift}-a", "在吗", buyer="tb_阿星"))
    demo_server.webhook(buyer_message(f"{shift}-2", f"{shift}-b", "订单T1003到哪了？怎么还没到", buyer="jd_小雨"))
    demo_server.webhook(buyer_message(f"{shift}-3", f"{shift}-c", "这个T恤能便宜点吗，买两件的话", buyer="tb_橙子妈妈",
                                 order={"order_id": "T2024", "status": "unpaid", "amount": 118.0, "region": "浙江",
                                        "items": [{"sku": "A1", "title": "纯棉短袖T恤 白色 L", "price": 59.0, "qty": 2}]}))
    mug = {"order_id": "T2031", "status": "delivered", "amount": 72.0, "region": "上海",
           "paid_at": ago(days=4), "shipped_at": ago(days=3.6), "delivered_at": ago(days=1),
           "courier": "中通快递", "tracking_no": "ZT7509876543",
           "items": [{"sku": "B2", "title": "手绘陶瓷马克杯", "price": 36.0, "qty": 2}]}
    demo_server.webhook(buyer_message(f"{shift}-4", f"{shift}-d", "收到的杯子裂了，你们怎么回事，太差劲了，我要找人工",
                                 buyer="tb_大熊", order=mug))
    select(browser, f"{shift}-c")
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#suggestions li"), "suggestions")
    browser.find_element(By.TAG_NAME, "body").send_keys("1")
    browser.save_screenshot(str(folder / "agent-window.png"))
    select(browser, f"{shift}-d")
    wait_until(lambda: "转人工" in browser.find_element(By.ID, "chat-flags").text, "the handoff banner")
    time.sleep(3.5)  # past the test server's 3 s wait alert, so the long waits are highlighted
    browser.save_screenshot(str(folder / "agent-window-handoff.png"))
    assert (folder / "agent-window.png").stat().st_size > 10_000
