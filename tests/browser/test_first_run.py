"""A newcomer's first run, as the README says it: the shipped config.yaml, the README's two demo
secrets, `run_bot.py serve`; then the agents' login and the buyer's test page at /demo, where the
bot answers the demo buyer of T1003 by itself and a handoff is shown as going to an agent."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .conftest import ROOT, free_port, wait_healthy, wait_until

pytestmark = pytest.mark.browser
README_SECRETS = {"WEBHOOK_SECRET_GENERIC": "change-me", "AGENT_TOKEN": "change-me", "AGENT_SUPERVISOR": "店长:change-me"}


@pytest.fixture
def first_run(tmp_path: Path):
    """The README's first command (the shipped config), on a free port and an empty data folder."""
    port, log_path = free_port(), tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "run_bot.py"), "serve", "--port", str(port), "--data-dir", str(tmp_path / "data")],
            cwd=ROOT, env={**os.environ, **README_SECRETS}, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(process, base, log_path)
            yield base, log_path
        finally:
            process.terminate()
            process.wait(20)


def bubbles(browser) -> list[tuple[str, str]]:
    items = browser.find_elements(By.CSS_SELECTOR, "#messages li")
    return [(li.get_attribute("class"), li.text) for li in items]


def test_a_newcomer_sees_the_bot_answer_on_the_demo_page(first_run, browser):
    base, log_path = first_run
    browser.get(f"{base}/demo")
    wait_until(lambda: browser.current_url.endswith("/agent/login"), "the agents' login first")
    browser.find_element(By.ID, "name").send_keys("店长")  # the first supervisor, from AGENT_SUPERVISOR
    browser.find_element(By.ID, "password").send_keys("change-me")
    browser.find_element(By.ID, "login-submit").click()
    wait_until(lambda: browser.current_url.endswith("/agent"), "logged in")
    browser.get(f"{base}/demo")
    wait_until(lambda: Select(browser.find_element(By.ID, "order")).options, "the demo orders")
    assert Select(browser.find_element(By.ID, "order")).first_selected_option.get_attribute("value") == "T1003"

    browser.find_element(By.ID, "text").send_keys("什么时候发货")
    browser.find_element(By.ID, "send").click()
    wait_until(lambda: any(c == "msg bot" for c, _ in bubbles(browser)), "the bot's own reply, delivered")
    [(_, reply)] = [(c, t) for c, t in bubbles(browser) if c == "msg bot"]
    assert "机器人（自动回复）" in reply and "ZT7501234567" in reply  # T1003's parcel, from the stored order

    browser.find_element(By.ID, "text").send_keys("我要转人工")
    browser.find_element(By.ID, "send").click()
    wait_until(lambda: any(c == "note" and "人工" in t for c, t in bubbles(browser)), "the handoff shown")
    assert browser.find_element(By.ID, "status").text == ""

    log = log_path.read_text(errors="replace")
    assert "channel generic: no send_url" in log  # reported at start, in words
    assert "delivery" not in log or "failed" not in log  # no retries of replies nobody can take
