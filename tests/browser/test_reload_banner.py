"""A trainer saves a broken file while agents work: the window says so at once, with the file and
line, and the banner goes when the file is fixed. The real `serve`, a copy of the shop's files."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import CHROMIUM, ROOT, SECRET, SUPERVISOR, TOKEN, Server, free_port, wait_healthy, wait_until
from .test_agent_window import open_window, text_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: apt-get install -y chromium chromium-driver"),
]


@pytest.fixture
def own_shop_server(tmp_path, shop_copy):
    (tmp_path / "config.yaml").write_text(f"""
server: {{data_dir: data}}
engine: {{intents: {shop_copy.intents}, replies: {shop_copy.replies}, policy: {shop_copy.policy}, aspects: {shop_copy.aspects}}}
channels:
  generic: {{send_url: null}}
""", encoding="utf-8")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(tmp_path / "config.yaml"),
         "--port", str(port)], cwd=ROOT, env={**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET, "AGENT_TOKEN": TOKEN,
                                       "AGENT_SUPERVISOR": ":".join(SUPERVISOR)},
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, tmp_path / "serve.log")
        yield Server(base, tmp_path / "data", process), shop_copy
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def banner(driver) -> str | None:
    """The banner's text while it shows, else None."""
    return driver.execute_script(
        "const b = document.getElementById('reload-banner'); return b.hidden ? null : b.innerText;")


def test_a_rejected_reload_shows_as_a_banner_until_the_file_is_fixed(browser, own_shop_server):
    server, shop = own_shop_server
    open_window(browser, server)
    assert banner(browser) is None
    intent = shop.intents / "shipping.yaml"
    good = intent.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    lines[4] = "  - 还要等多久啊: 吗: 呢\n"  # line 5: a trainer's typo
    intent.write_text("".join(lines), encoding="utf-8")
    wait_until(lambda: banner(browser), "the banner", timeout=60)
    shown = banner(browser)
    assert "未生效" in shown and "intents/shipping.yaml:5" in shown
    assert text_of(browser, "live") == "实时"  # the window keeps working on the previous files
    intent.write_text(good, encoding="utf-8")
    wait_until(lambda: banner(browser) is None, "the banner to go", timeout=60)
