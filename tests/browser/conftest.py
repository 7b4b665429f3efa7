"""Real parts for the chat-window tests: the service as a real `serve` process on a loopback port
with a SQLite data folder, a fake IM channel (aiohttp, on its own thread) that checks the reply
signature and records what it receives, and Debian's headless Chromium driven by Selenium."""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.config import Config, load_config

ROOT = Path(__file__).resolve().parents[2]
SECRET = "channel-secret"
TOKEN = "agent-token-for-tests"  # the integrations' machine token
SUPERVISOR = ("店长", "supervisor-pass")  # created at start from AGENT_SUPERVISOR
AGENTS = {"小王": "wang-password", "小李": "li-password-1"}  # added with `run_bot.py agents add`
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ENGINE_FILES = {"intents": "intents", "replies": "replies", "policy": "policy/shop.yaml", "aspects": "aspects",
                "catalog": "catalog"}
QUICK_PHRASES = ["亲，请稍等，我帮您查一下~", "感谢亲的耐心等待，祝您生活愉快！"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign(body: bytes, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()))
    mac = hmac.new(secret.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
    return {"X-Timestamp": ts, "X-Signature": mac, "Content-Type": "application/json"}


def buyer_message(message_id: str, conversation: str, text: str, buyer: str = "buyer-1",
                  order: dict[str, Any] | None = None) -> bytes:
    data: dict[str, Any] = {"message_id": message_id, "conversation_id": conversation, "buyer_id": buyer,
                            "text": text, "timestamp": int(time.time())}
    if order is not None:
        data["order"] = order
    return json.dumps(data, ensure_ascii=False).encode()


def config_text(send_url: str | None, *, wait_alert_s: int = 120) -> str:
    engine = ", ".join(f"{k}: {ROOT / v}" for k, v in ENGINE_FILES.items())
    phrases = "".join(f"\n    - {p}" for p in QUICK_PHRASES)
    return f"""
server: {{data_dir: data}}
engine: {{{engine}}}
channels:
  generic: {{send_url: {send_url or 'null'}}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.05, backoff_max_s: 0.2}}
agent:
  wait_alert_s: {wait_alert_s}
  quick_phrases:{phrases}
"""


def write_config(tmp: Path, send_url: str | None, *, token: str | None = TOKEN,
                 wait_alert_s: int = 120, supervisor: bool = True) -> Config:
    path = tmp / "config.yaml"
    path.write_text(config_text(send_url, wait_alert_s=wait_alert_s), encoding="utf-8")
    env = {"WEBHOOK_SECRET_GENERIC": SECRET} | ({"AGENT_TOKEN": token} if token else {}) | (
        {"AGENT_SUPERVISOR": ":".join(SUPERVISOR)} if supervisor else {})
    return load_config(path, env=env)


def wait_until(predicate: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    """Polls; the timeout only bounds a broken run, nothing is timed."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@dataclass
class FakeChannel:
    """The shop's IM integration: takes a reply only when signed with the channel's secret."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    rejecting: set[str] = field(default_factory=set)  # conversations whose replies it refuses (422)

    def for_conversation(self, conversation: str) -> list[dict[str, Any]]:
        return [r for r in list(self.received) if r["conversation_id"] == conversation]


def _fake_channel_app(fake: FakeChannel) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        ts, given = request.headers.get("X-Timestamp", ""), request.headers.get("X-Signature", "")
        expected = hmac.new(SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, given) or abs(time.time() - int(ts or 0)) > 300:
            fake.refused.append("bad signature")
            return web.Response(status=401)
        reply = json.loads(body)
        if reply["conversation_id"] in fake.rejecting:  # as a platform refuses a buyer who blocked the shop
            return web.json_response({"error": "buyer has blocked the shop"}, status=422,
                                     reason="Buyer Blocked Shop")
        fake.received.append(reply)
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/send", handle)
    return app


@pytest.fixture(scope="session")
def fake_channel() -> Iterator[FakeChannel]:
    """Runs on its own thread and loop, so it answers while a test blocks on the browser."""
    fake, port = FakeChannel(), free_port()
    fake.url = f"http://127.0.0.1:{port}/send"
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(_fake_channel_app(fake))
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="fake-channel", daemon=True)
    thread.start()
    assert started.wait(10), "the fake channel did not start"
    yield fake
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@dataclass
class Server:
    base: str
    data_dir: Path
    process: subprocess.Popen[bytes]

    def webhook(self, body: bytes, headers: dict[str, str] | None = None,
                path: str = "/webhook/generic") -> dict[str, Any]:
        request = urllib.request.Request(f"{self.base}{path}", data=body,
                                         headers=sign(body) if headers is None else headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def review(self, body: bytes) -> dict[str, Any]:
        """A bad review, posted and signed as the shop's review integration does."""
        return self.webhook(body, path="/webhook/generic/review")

    def db(self) -> sqlite3.Connection:
        """A reader of the service's own SQLite file (WAL: readers never block the server)."""
        db = sqlite3.connect(self.data_dir / "shopbot.sqlite3", timeout=5)
        db.row_factory = sqlite3.Row
        return db

    def query(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        db = self.db()
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()


def wait_healthy(process: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    """Until `serve` answers /healthz; its log in the failure when it exited instead."""

    def healthy() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError):
            return False

    wait_until(healthy, "the service to start", timeout=60)


@contextlib.contextmanager
def serve(tmp: Path, fake_channel: FakeChannel, *, workers: int = 1) -> Iterator[Server]:
    """`python run_bot.py serve [--workers N]` as a shop would run it, AGENT_TOKEN and the channel
    secret from the environment; a short wait alert so the highlight shows within a test."""
    (tmp / "config.yaml").write_text(config_text(fake_channel.url, wait_alert_s=3), encoding="utf-8")
    port, data_dir = free_port(), tmp / "data"
    env = {**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET, "AGENT_TOKEN": TOKEN}
    team = [(name, password, []) for name, password in AGENTS.items()] + [(*SUPERVISOR, ["--supervisor"])]
    for name, password, role in team:  # the team, added as a shop's operator would
        subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "agents", "--data-dir", str(data_dir), "add", name,
                        *role], input=f"{password}\n".encode(), cwd=ROOT, env=env, check=True, capture_output=True)
    log = (tmp / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(tmp / "config.yaml"),
         "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir), "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, tmp / "serve.log")
        yield Server(base, data_dir, process)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, fake_channel: FakeChannel) -> Iterator[Server]:
    """One service for the browser tests; each test uses conversations of its own."""
    with serve(tmp_path_factory.mktemp("service"), fake_channel) as running:
        yield running


@pytest.fixture
def demo_server(tmp_path: Path, fake_channel: FakeChannel) -> Iterator[Server]:
    """A service with an empty log, so a screenshot shows only its own demo conversations."""
    (tmp_path / "demo").mkdir()
    with serve(tmp_path / "demo", fake_channel) as running:
        yield running


def _chromium(user_data_dir: Path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1440,900", "--lang=zh-CN",
                 f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browsers(tmp_path: Path):
    """Opens as many Chromiums as a test needs (one per agent), each with its own profile."""
    opened = []

    def open_one():
        opened.append(_chromium(tmp_path / f"chromium-profile-{len(opened)}"))
        return opened[-1]

    yield open_one
    for driver in opened:
        driver.quit()


@pytest.fixture
def browser(tmp_path: Path):
    """A fresh Chromium per test: its own profile, so no cookie carries over."""
    driver = _chromium(tmp_path / "chromium-profile")
    yield driver
    driver.quit()
