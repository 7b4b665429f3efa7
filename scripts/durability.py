"""The durability runs of issue 19, on loopback: signed buyer messages from concurrent clients to a
real `run_bot.py serve --workers 2` on Redis (run, as the probe ran it, without persistence), with
a kill -9 in the middle of the run, first of every server process, then of redis-server. Prints one
table row per run; asserts nothing.

    .venv/bin/python scripts/durability.py [--messages 3000] [--clients 50] [--runs server,redis]

Each client is an integration that does what the README asks of one: it sends its messages one at
a time and sends one again until it gets a 200 (accepted or duplicate), after Retry-After on a 409,
429 or 503 and after a pause when the connection fails. The server is started again after its kill;
Redis is started again empty. Once every message was acknowledged, every one is sent once more (the
probe's resend after a Redis restart), and the replies are given time to reach the channel.

A local fake channel takes the replies and records each POST's Idempotency-Key. The table:
- sent: distinct messages sent;
- stored: distinct messages in the message log;
- answered twice: messages logged twice, or with two replies queued;
- delivered twice: replies the channel got twice under one Idempotency-Key (what a channel drops);
- lost: messages not in the log, plus replies queued that never reached the channel.
Bounded: `--deadline` seconds a run; the only sockets are on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import psutil
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.signing import signed_headers  # noqa: E402 - after the path is set
from scripts.bench_server import free_port, start_redis, wait_up  # noqa: E402

SECRET = "durability-secret"
TOKEN = "durability-token"
TEXTS = ["在吗", "你好", "什么时候发货", "能便宜点吗", "可以开发票吗", "谢谢", "我要转人工", "阿巴阿巴"]


class Channel:
    """The shop's IM side: takes every reply, counts them by Idempotency-Key."""

    def __init__(self) -> None:
        self.keys: Counter[str] = Counter()
        self.reply_to: Counter[str] = Counter()

    async def handle(self, request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        self.keys[request.headers.get("Idempotency-Key", "none")] += 1
        self.reply_to[body["reply_to"]] += 1
        return web.json_response({"ok": True})


def write_config(folder: Path, send_url: str) -> Path:
    path = folder / "config.yaml"
    path.write_text(f"""
server: {{data_dir: data}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
store: {{backend: redis}}
channels: {{generic: {{send_url: '{send_url}'}}}}
limits: {{rate_per_buyer: 100000, claim_lease_s: 3}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.2, backoff_max_s: 2.0}}
""", encoding="utf-8")
    return path


def start_serve(config: Path, port: int, redis_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET, "AGENT_TOKEN": TOKEN, "REDIS_URL": redis_url}
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config),
                                 "--port", str(port), "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=out)


def kill_tree(proc: subprocess.Popen) -> None:
    """kill -9 of the parent and every worker at once: no process gets to finish anything."""
    everyone = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children()]
    for p in everyone:
        p.kill()
    proc.wait(30)
    psutil.wait_procs(everyone, timeout=30)


async def send_all(http: aiohttp.ClientSession, base: str, bodies: list[bytes], clients: int,
                   acknowledged: set[int], deadline: float) -> Counter[int]:
    """Every body sent until acknowledged (200), by `clients` integrations in parallel."""
    statuses: Counter[int] = Counter()
    todo = list(range(len(bodies)))

    async def one(n: int) -> None:
        while time.monotonic() < deadline:
            body = bodies[n]
            try:
                async with http.post(f"{base}/webhook/generic", data=body, headers={
                        "Content-Type": "application/json", **signed_headers(SECRET, body)}) as r:
                    statuses[r.status] += 1
                    await r.read()
                    if r.status == 200:
                        acknowledged.add(n)
                        return
                    pause = float(r.headers.get("Retry-After", "0.5"))
            except (aiohttp.ClientError, asyncio.TimeoutError):
                statuses[0] += 1
                pause = 0.3
            await asyncio.sleep(min(pause, 1.0))

    async def client(k: int) -> None:
        for n in todo[k::clients]:
            await one(n)

    await asyncio.gather(*(client(k) for k in range(clients)))
    return statuses


def count(data_dir: Path, channel: Channel, ids: list[str]) -> dict[str, int]:
    db = sqlite3.connect(data_dir / "shopbot.sqlite3")
    try:
        logged = Counter(m for (m,) in db.execute("SELECT message_id FROM messages WHERE role = 'buyer'"))
        queued = Counter(r for (r,) in db.execute("SELECT reply_to FROM deliveries"))
        undelivered = db.execute("SELECT count(*) FROM deliveries WHERE delivered_at IS NULL").fetchone()[0]
    finally:
        db.close()
    twice = {m for m, c in logged.items() if c > 1} | {m for m, c in queued.items() if c > 1}
    never_reached = sum(1 for r in queued if channel.reply_to[r] == 0)
    return {
        "sent": len(ids),
        "stored": sum(1 for m in ids if logged[m]),
        "answered twice": len(twice),
        "delivered twice by idempotency key": sum(1 for c in channel.keys.values() if c > 1),
        "lost": sum(1 for m in ids if not logged[m]) + never_reached,
        "replies queued": len(queued),
        "undelivered at the end": undelivered,
    }


async def run(kind: str, args: argparse.Namespace) -> dict[str, int]:
    folder = Path(tempfile.mkdtemp(prefix=f"durability-{kind}-"))
    channel = Channel()
    sink = web.Application()
    sink.router.add_post("/send", channel.handle)
    sink_runner = web.AppRunner(sink)
    await sink_runner.setup()
    sink_port = free_port()
    await web.TCPSite(sink_runner, "127.0.0.1", sink_port).start()
    started = start_redis()
    if started is None:
        raise SystemExit("redis-server is needed (apt-get install redis-server)")
    redis_proc, redis_url = started
    redis_port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    config = write_config(folder, f"http://127.0.0.1:{sink_port}/send")
    port, log = free_port(), folder / "serve.log"
    base = f"http://127.0.0.1:{port}"
    now = int(time.time())
    ids = [f"{kind}-{n}" for n in range(args.messages)]
    bodies = [json.dumps({"message_id": ids[n], "conversation_id": f"c-{kind}-{n % 500}", "buyer_id": f"b-{n % 500}",
                          "text": TEXTS[n % len(TEXTS)], "timestamp": now}, ensure_ascii=False).encode()
              for n in range(args.messages)]
    deadline = time.monotonic() + args.deadline
    serve = start_serve(config, port, redis_url, log)
    acknowledged: set[int] = set()
    try:
        connector = aiohttp.TCPConnector(limit=args.clients)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as http:
            await wait_up(f"{base}/healthz", lambda: serve.poll() is not None, timeout=120)
            sending = asyncio.create_task(send_all(http, base, bodies, args.clients, acknowledged, deadline))
            while len(acknowledged) < args.messages // 3 and not sending.done():
                await asyncio.sleep(0.01)
            if kind == "server":
                kill_tree(serve)
                serve = start_serve(config, port, redis_url, log)
            else:
                redis_proc.kill()
                redis_proc.wait(10)
                await asyncio.sleep(1.0)  # requests meanwhile get 503 and come again
                redis_proc = subprocess.Popen([shutil.which("redis-server") or "/usr/bin/redis-server", "--port",
                                               str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                                              stdout=subprocess.DEVNULL)
            statuses = await sending
            resent = await send_all(http, base, bodies, args.clients, set(), deadline)  # every message once more
            while time.monotonic() < deadline:  # the replies reach the channel
                async with http.get(f"{base}/api/queue", headers={"Authorization": f"Bearer {TOKEN}"}) as r:
                    if r.status == 200 and (await r.json())["deliveries_pending"] == 0:
                        break
                await asyncio.sleep(0.5)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
        redis_proc.kill()
        redis_proc.wait(10)
        await sink_runner.cleanup()
    result = count(folder / "data", channel, ids)
    result["acknowledged"] = len(acknowledged)
    print(f"  {kind}: statuses while sending {dict(sorted(statuses.items()))} (0: connection failed),"
          f" on the resend {dict(sorted(resent.items()))}; log in {log}", file=sys.stderr)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runs", default="server,redis", help="kill -9 of: server, redis")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds a run may take at most")
    args = parser.parse_args()
    rows = []
    for kind in args.runs.split(","):
        rows.append((kind, await run(kind, args)))
    keys = ["sent", "stored", "answered twice", "delivered twice by idempotency key", "lost"]
    print("| kill -9 of | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for kind, result in rows:
        print(f"| {'the server (every process)' if kind == 'server' else 'redis-server'} | "
              + " | ".join(f"{result[k]:,}" for k in keys) + " |")
    print(json.dumps({kind: result for kind, result in rows}, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
