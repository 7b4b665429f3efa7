"""A bad review's repair in the chat window, end to end in Debian's headless Chromium: the review comes
in through the signed review webhook of the real `serve` process, the agent says the problem is fixed,
and the follow-up reaches the fake channel once; what the page shows about the repair is text."""
from __future__ import annotations

import json
import time

import pytest

from bot.compliance import check_message

from .conftest import CHROMIUM, Server, buyer_message, wait_until
from .test_agent_window import bubbles, item_info, open_window, select, text_of, unique

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: apt-get install -y chromium chromium-driver"),
]

MARKUP = "<img src=x onerror=window.__pwned=3>"  # in the review id, which the repair bar shows


def review(review_id: str, buyer: str, text: str) -> bytes:
    return json.dumps({"review_id": review_id, "buyer_id": buyer, "rating": 1, "text": text, "order_id": "T1005",
                       "created_at": "2024-05-03T10:00:00+08:00"}, ensure_ascii=False).encode()


def repair_bar(driver) -> dict:
    """Read in one script: the bar is redrawn on every reload of the conversation."""
    return driver.execute_script(
        "const b = document.getElementById('repair-fixed');"
        "return {shown: !document.getElementById('repair').hidden, info: document.getElementById('repair-info').textContent,"
        " button: Boolean(b && !b.hidden && b.offsetParent !== null), label: b && b.textContent};")


def stage(server: Server, buyer: str) -> str:
    [row] = server.query("SELECT value FROM kv WHERE key = ?", f"repair:generic:{buyer}")
    return json.loads(row["value"])["stage"]


def test_the_agent_marks_a_review_fixed_and_the_follow_up_goes_out_once(browser, server, fake_channel):
    from selenium.webdriver.common.by import By

    open_window(browser, server)
    browser.execute_script("window.__sameDocument = true")
    # a buyer message first: once it is listed, the window has loaded and hears the live events
    before = unique("before-review")
    server.webhook(buyer_message(f"{before}-m-1", before, "在吗"))
    wait_until(lambda: item_info(browser, before), "a buyer message in the list")
    review_id, buyer = unique("rev") + MARKUP, unique("评价买家")
    conversation = f"review:{review_id}"
    server.review(review(review_id, buyer, "杯子收到就是碎的，包装也压扁了"))

    wait_until(lambda: item_info(browser, conversation), "the review in the list, live")
    select(browser, conversation)
    assert browser.execute_script("return window.__sameDocument") is True  # no reload
    wait_until(lambda: any("杯子收到就是碎的" in text for _, text in bubbles(browser)), "the review in the chat")
    bar = wait_until(lambda: (b := repair_bar(browser))["button"] and b, "the repair's button")
    assert bar["label"] == "已解决，发送回访"
    assert review_id in bar["info"] and "等待解决" in bar["info"]  # the id's markup shown as text
    assert stage(server, buyer) == "awaiting_fix"

    browser.find_element(By.ID, "repair-fixed").click()
    # the outreach was never sent: the window asks first, and nothing has gone out yet
    wait_until(lambda: browser.find_element(By.ID, "repair-confirm").is_displayed(), "the confirmation")
    assert "还没有给这位买家发过" in text_of(browser, "repair-confirm")
    assert fake_channel.for_conversation(conversation) == [] and stage(server, buyer) == "awaiting_fix"
    browser.find_element(By.ID, "repair-confirm-yes").click()
    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "the follow-up at the channel")
    follow_up = sent[0]["text"]
    assert sent[0]["buyer_id"] == buyer and check_message(follow_up) == []
    wait_until(lambda: ("bot", follow_up) in bubbles(browser), "the follow-up in the chat")
    wait_until(lambda: not repair_bar(browser)["button"], "the button to go")
    assert "回访已发送" in repair_bar(browser)["info"] and text_of(browser, "repair-status") == "回访已发送"
    assert stage(server, buyer) == "follow_up_sent"

    browser.refresh()  # a window opened later offers no second follow-up either
    wait_until(lambda: text_of(browser, "live") == "实时", "the live stream after the reload")
    select(browser, conversation)
    wait_until(lambda: "回访已发送" in repair_bar(browser)["info"], "the repair's stage after the reload")
    assert not repair_bar(browser)["button"]
    time.sleep(0.5)  # an injected onerror would have fired by now; a second follow-up would have arrived
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#repair img, #conversations img, #chat-channel img")
    assert len(fake_channel.for_conversation(conversation)) == 1


def test_the_drafted_outreach_is_suggestion_1_and_goes_to_the_buyer_with_1_enter(browser, server, fake_channel):
    """The outreach a review drafts waits for an agent: in the window it is the suggestion under
    the box, with the severity beside it, and one key and Enter send it on the buyer's channel."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_window(browser, server)
    review_id, buyer = unique("rev-out"), unique("评价买家")
    conversation = f"review:{review_id}"
    outcome = server.review(review(review_id, buyer, "衣服洗了一次就起球了，质量太差"))
    assert outcome["action"] == "agent"

    wait_until(lambda: item_info(browser, conversation), "the review in the list")
    select(browser, conversation)
    suggestions = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#suggestions li"), "the draft")
    assert len(suggestions) == 1 and outcome["message"].splitlines()[0] in suggestions[0].text
    wait_until(lambda: "差评严重程度" in (text_of(browser, "facts") or ""), "the severity beside it")

    browser.find_element(By.TAG_NAME, "body").send_keys("1")
    box = browser.find_element(By.ID, "reply")
    wait_until(lambda: box.get_attribute("value") == outcome["message"], "the draft in the box")
    box.send_keys(Keys.ENTER)
    sent = wait_until(lambda: fake_channel.for_conversation(conversation), "the outreach at the channel")
    assert (sent[0]["text"], sent[0]["buyer_id"]) == (outcome["message"], buyer)
    assert check_message(sent[0]["text"]) == []
