"""Real parts for the service tests: a SQLite file in tmp_path, a redis-server and a throw-away
PostgreSQL cluster on loopback, real HTTP, and local fakes of the channel and the three robot
platforms that check signatures the way the platforms do (written here from their documentation,
not by calling the code under test)."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.config import Config, load_config
from bot.engine import EnginePaths, build_engine
from bot.storage import Storage, open_storage

ROOT = Path(__file__).resolve().parents[2]
SECRET = "channel-secret"
AGENT_TOKEN = "agent-token"
SUPERVISOR = ("店长", "lead-password")  # created at start from AGENT_SUPERVISOR
BEARER = {"Authorization": f"Bearer {AGENT_TOKEN}"}
DINGTALK_SECRET = "SECdingtalk"
FEISHU_SECRET = "feishu-secret"


@pytest.fixture
def aiohttp_client(aiohttp_client):
    """pytest-aiohttp's, as the shop's integration: the agent-assist API wants the agents' token."""

    async def client(app, **kwargs):
        return await aiohttp_client(app, headers={**BEARER, **kwargs.pop("headers", {})}, **kwargs)

    return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_channel(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    mac = hmac.new(secret.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
    return {"X-Timestamp": ts, "X-Signature": mac, "Content-Type": "application/json"}


def message(n: int | str = 1, text: str = "在吗", buyer: str = "buyer-1", conversation: str = "conv-1",
            **extra: Any) -> bytes:
    return json.dumps({"message_id": f"m-{n}", "conversation_id": conversation, "buyer_id": buyer,
                       "text": text, "timestamp": int(time.time()), **extra}, ensure_ascii=False).encode()


async def wait_for(predicate, what: str, timeout: float = 10.0) -> None:
    """Polls until `predicate()` holds; the timeout only bounds a broken run, nothing is timed."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class Fake:
    """A platform endpoint on a real port: records what it accepted, answers `status` otherwise."""

    url: str = ""
    status: int = 200
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)  # of each accepted request


async def _serve(handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def channel():
    """The shop's IM integration: takes replies only when signed with the channel's secret."""
    fake = Fake()

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        ts, given = request.headers.get("X-Timestamp", ""), request.headers.get("X-Signature", "")
        expected = hmac.new(SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        if fake.status != 200:
            return web.Response(status=fake.status)
        if not hmac.compare_digest(expected, given) or abs(time.time() - int(ts or 0)) > 300:
            fake.refused.append("bad signature")
            return web.Response(status=401)
        fake.received.append(json.loads(body))
        fake.headers.append(dict(request.headers))
        return web.json_response({"ok": True})

    runner, base = await _serve(handle)
    fake.url = f"{base}/send"
    yield fake
    await runner.cleanup()


@pytest.fixture
async def robots():
    """WeCom, DingTalk and Feishu robot endpoints, each checking what its platform checks."""
    fakes = {"wecom": Fake(), "dingtalk": Fake(), "feishu": Fake()}

    async def handle(request: web.Request) -> web.Response:
        platform = request.match_info["tail"].split("/")[0]
        fake, body = fakes[platform], await request.json()
        if platform == "wecom":  # the key in the URL is the only credential
            ok = request.query.get("key") == "wecom-key" and body["msgtype"] in ("text", "markdown")
            answer = {"errcode": 0 if ok else 93000, "errmsg": "ok" if ok else "invalid webhook url"}
        elif platform == "dingtalk":  # timestamp (ms) and sign in the query, within an hour
            ts = request.query.get("timestamp", "0")
            digest = hmac.new(DINGTALK_SECRET.encode(), f"{ts}\n{DINGTALK_SECRET}".encode(),
                              hashlib.sha256).digest()
            # the query parser already url-decoded `sign` once
            ok = (request.query.get("access_token") == "ding-token"
                  and request.query.get("sign") == base64.b64encode(digest).decode()
                  and abs(time.time() * 1000 - int(ts)) < 3600_000)
            answer = {"errcode": 0 if ok else 310000, "errmsg": "ok" if ok else "sign not match"}
        else:  # feishu: timestamp (s) and sign in the body; key = timestamp\nsecret, empty message
            ts = body.get("timestamp", "0")
            digest = hmac.new(f"{ts}\n{FEISHU_SECRET}".encode(), b"", hashlib.sha256).digest()
            ok = (body.get("sign") == base64.b64encode(digest).decode()
                  and abs(time.time() - int(ts)) < 3600 and body.get("msg_type") == "text")
            answer = {"code": 0 if ok else 19021, "msg": "success" if ok else "sign match fail"}
        if ok:
            fake.received.append(body)
        else:
            fake.refused.append(json.dumps(answer))
        return web.json_response(answer)

    runner, base = await _serve(handle)
    fakes["wecom"].url = f"{base}/wecom/cgi-bin/webhook/send?key=wecom-key"
    fakes["dingtalk"].url = f"{base}/dingtalk/robot/send?access_token=ding-token"
    fakes["feishu"].url = f"{base}/feishu/open-apis/bot/v2/hook/feishu-hook"
    yield fakes
    await runner.cleanup()


@pytest.fixture(scope="session")
def engine():
    """Built once: jieba's dictionary takes about a second to load."""
    return build_engine(EnginePaths.under(ROOT))


@dataclass(frozen=True)
class Texts:
    auto: str  # answered on the channel with no agent
    auto_intent: str  # what the engine recognises in it
    handoff: str  # needs a human
    unmatched: str  # no intent at all


@pytest.fixture(scope="session")
def texts(engine) -> Texts:
    """Buyer messages picked by what the engine does with them today, so these tests of the service
    hold while trainers retune intents and thresholds."""
    from bot.domain import ConversationState

    def first(candidates: list[str], wanted) -> str:
        for text in candidates:
            if wanted(engine.reply(text, state=ConversationState("probe"))):
                return text
        raise AssertionError(f"the engine answers none of {candidates} as these tests need")

    auto = first(["你好", "在吗", "谢谢", "怎么付款", "可以开发票吗"], lambda t: t.auto and not t.angry)
    return Texts(
        auto=auto,
        auto_intent=engine.reply(auto, state=ConversationState("probe")).intents[0],
        handoff=first(["转人工", "我要转人工", "找人工客服"], lambda t: t.handoff and not t.angry),
        unmatched=first(["阿巴阿巴阿巴", "咕噜咕噜"], lambda t: t.fallback),
    )


def start_redis_server() -> tuple[subprocess.Popen, int]:
    """A real redis-server on a free loopback port, taking connections; the test is skipped without one."""
    binary = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; CI installs it)")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_url():
    proc, port = start_redis_server()
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def postgres_bin() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (initdb, pg_ctl), the newest if several."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@dataclass
class Postgres:
    """A throw-away PostgreSQL cluster on a loopback port, run by a user who is not root."""

    bin: Path
    data: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), *args], check=check,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def stop(self) -> None:
        """Stopped (unless a test stopped it already) and its folder removed."""
        try:
            self.ctl("-m", "immediate", "stop", check=False)
        finally:
            shutil.rmtree(self.data.parent, ignore_errors=True)


def start_postgres() -> Postgres:
    """initdb into a temporary folder and start it on a free loopback port, TCP only, with no fsync
    (a test's data need not survive a power cut); as the `postgres` system user when run as root
    (PostgreSQL refuses root). Skipped without Debian's postgresql package."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; CI installs it)")
    top = Path(tempfile.mkdtemp(prefix="shopbot-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(top, "postgres", "postgres")
    data = top / "data"
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=120)
    cluster = Postgres(bin_dir, data, free_port(), as_user)
    options = (f"-p {cluster.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
               " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    cluster.ctl("-l", str(data / "server.log"), "-w", "-t", "60", "-o", options, "start")
    return cluster


@pytest.fixture(scope="session")
def postgres_server():
    """One cluster for the whole session; each test gets its own schema (`database_url`)."""
    cluster = start_postgres()
    yield cluster
    cluster.stop()


@pytest.fixture
def database_url(postgres_server: Postgres):
    """DATABASE_URL of a fresh, empty schema in the session's cluster (dropped after the test):
    as good as a new database for the store, and far quicker to make."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{postgres_server.url}?options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_server.url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@dataclass(frozen=True)
class Store:
    """Where a test's storage lives: the SQLite file in the data folder, or PostgreSQL with the KV in Redis."""

    backend: str
    redis_url: str = ""
    database_url: str = ""

    async def open(self, data_dir: Path) -> Storage:
        return await open_storage(data_dir, self.backend, self.redis_url or None, self.database_url or None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request) -> Store:
    """The storage tests run once on each backend: the same contract, two implementations."""
    if request.param == "sqlite":
        return Store("sqlite")
    import redis as sync_redis

    kv_url = request.getfixturevalue("redis_url").rsplit("/", 1)[0] + "/3"  # ids like m-1 recur between tests
    with sync_redis.Redis.from_url(kv_url) as flush:
        flush.flushdb()
    return Store("postgres", kv_url, request.getfixturevalue("database_url"))


def write_config(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> Config:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env={"WEBHOOK_SECRET_GENERIC": SECRET, "AGENT_TOKEN": AGENT_TOKEN,
                                  "AGENT_SUPERVISOR": ":".join(SUPERVISOR), **(env or {})})


def service_config(tmp_path: Path, *, send_url: str | None = None, store: str = "sqlite",
                   redis_url: str = "", robots: dict[str, Fake] | None = None, rate: int = 20,
                   data_dir: str = "data", claim_lease: int = 30, alerts_on: list[str] | None = None,
                   database_url: str = "", trusted_proxies: list[str] | None = None, marks: str = "{}") -> Config:
    """The config a shop would write, pointed at the fakes; engine files from the repo; `marks`: its marks section."""
    env = {"REDIS_URL": redis_url} if redis_url else {}
    if database_url:
        env["DATABASE_URL"] = database_url
    for name, fake in (robots or {}).items():
        env[f"ALERT_{name.upper()}_URL"] = fake.url
    env |= {"ALERT_DINGTALK_SECRET": DINGTALK_SECRET, "ALERT_FEISHU_SECRET": FEISHU_SECRET}
    return write_config(tmp_path, f"""
server: {{data_dir: {data_dir}, trusted_proxies: [{', '.join(trusted_proxies or [])}]}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
store: {{backend: {store}}}
channels:
  generic: {{send_url: {send_url or 'null'}}}
alerts: {{robots: [{', '.join(robots or {})}], on_intents: [{', '.join(alerts_on or [])}]}}
limits: {{rate_per_buyer: {rate}, claim_lease_s: {claim_lease}}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.05, backoff_max_s: 0.2}}
marks: {marks}
""", env)
