"""Real parts for the trainers' loop: a private copy of the shop's files, a real service over
loopback built from that copy (so it hot-reloads), a SQLite message log, and run_bot.py as a
subprocess."""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

from bot.config import load_config
from bot.engine import EnginePaths
from bot.server import create_app

ROOT = Path(__file__).resolve().parents[2]

AGENT_TOKEN = "agent-token"
BEARER = {"Authorization": f"Bearer {AGENT_TOKEN}"}  # the agent-assist API wants it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for(predicate, what: str, timeout: float = 60.0, every: float = 0.05) -> None:
    """Polls until `predicate()` (sync or async) holds; the timeout only bounds a broken run."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(every)


@pytest.fixture
def shop(tmp_path: Path) -> EnginePaths:
    """A copy of the shop's files a test may edit: intents, replies, policy, aspects."""
    root = tmp_path / "shop"
    root.mkdir()
    for name in ("intents", "replies", "aspects"):
        shutil.copytree(ROOT / name, root / name)
    (root / "policy").mkdir()
    for name in ("shop.yaml", "reviews.yaml"):
        if (ROOT / "policy" / name).exists():
            shutil.copy(ROOT / "policy" / name, root / "policy" / name)
    return EnginePaths.under(root)


def shop_config(tmp_path: Path, shop: EnginePaths):
    path = tmp_path / "config.yaml"
    path.write_text(f"""
server: {{data_dir: {tmp_path / 'data'}}}
engine: {{intents: {shop.intents}, replies: {shop.replies}, policy: {shop.policy}, aspects: {shop.aspects}{f", catalog: {shop.catalog}" if shop.catalog else ""}}}
store: {{backend: sqlite}}
channels:
  generic: {{send_url: null}}
limits: {{rate_per_buyer: 100000}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.05, backoff_max_s: 0.2}}
""", encoding="utf-8")
    return load_config(path, env={"WEBHOOK_SECRET_GENERIC": "secret", "AGENT_TOKEN": AGENT_TOKEN})


@dataclass
class Served:
    app: web.Application
    url: str


@pytest.fixture
async def served(tmp_path: Path, shop: EnginePaths):
    """The service on a real port, built from `shop` (so it watches those files)."""
    app = create_app(shop_config(tmp_path, shop))
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield Served(app, f"http://127.0.0.1:{port}")
    await runner.cleanup()


def run_bot(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_bot.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def engine_args(shop: EnginePaths) -> list[str]:
    return ["--intents", str(shop.intents), "--replies", str(shop.replies), "--policy", str(shop.policy)]
