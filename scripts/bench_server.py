"""Load benchmark of the IM webhook: requests per second and p50/p99 latency at N concurrent clients
on loopback, with SQLite and then Redis as the state store. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_server.py [--clients 50] [--seconds 10] [--stores sqlite,redis]

The server runs as a real `run_bot.py serve` process (its own core and GIL); this process is the
load generator and also plays the shop's IM integration that takes the auto replies, so every
greeting's reply is really delivered. Buyers are many, so the per-buyer rate limit is not what is
measured; message ids are unique, so nothing is a duplicate.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels import signed_headers  # noqa: E402 - after the path is set

SECRET = "bench-secret"
TEXTS = ["在吗", "你好", "什么时候发货", "能便宜点吗", "可以开发票吗", "谢谢", "我要转人工", "阿巴阿巴"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            if proc.poll() is not None:
                raise SystemExit("the server exited; see its log")
            try:
                async with http.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not come up")
            await asyncio.sleep(0.1)


def start_redis() -> tuple[subprocess.Popen, str] | None:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        return None
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    return None


async def load(host: str, port: int, clients: int, seconds: float, warmup: float) -> dict:
    """Each client is one keep-alive connection speaking plain HTTP/1.1: a hand-made request and a
    minimal response parser, so the load generator costs the shared CPUs as little as it can."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = iter(range(10**9))
    measuring_from = time.perf_counter() + warmup
    stop_at = measuring_from + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        while (now := time.perf_counter()) < stop_at:
            i = next(counter)
            body = json.dumps({"message_id": f"m{i}", "conversation_id": f"c{i % 5000}",
                               "buyer_id": f"b{i % 5000}", "text": TEXTS[i % len(TEXTS)],
                               "timestamp": int(time.time())}, ensure_ascii=False).encode()
            headers = "".join(f"{k}: {v}\r\n" for k, v in signed_headers(SECRET, body).items())
            writer.write(f"POST /webhook/generic HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json"
                         f"\r\nContent-Length: {len(body)}\r\n{headers}\r\n".encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            if now >= measuring_from:
                latencies.append(time.perf_counter() - now)
                statuses[int(head[9:12])] += 1
        writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
        "statuses": dict(statuses),
    }


async def channel_fake() -> tuple[web.AppRunner, str, list[int]]:
    """The shop's IM integration receiving auto replies: counts them and says yes."""
    delivered = [0]

    async def send(request: web.Request) -> web.Response:
        await request.read()
        delivered[0] += 1
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/send", send)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}/send", delivered


async def bench(store: str, args: argparse.Namespace, redis_url: str | None) -> dict:
    runner, send_url, delivered = await channel_fake()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(
            f"engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml}}\n"
            f"store: {{backend: {store}}}\n"
            f"channels: {{generic: {{send_url: '{send_url}'}}}}\n"
            "limits: {rate_per_buyer: 1000000}\n",
            encoding="utf-8",
        )
        port = free_port()
        env = {**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET, **({"REDIS_URL": redis_url} if redis_url else {})}
        log = open(Path(tmp) / "serve.log", "wb")  # a pipe nobody reads would stall the server
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config), "--port", str(port),
             "--data-dir", str(Path(tmp) / "data")],
            env=env, stdout=subprocess.DEVNULL, stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            await wait_up(f"{base}/healthz", proc)
            result = await load("127.0.0.1", port, args.clients, args.seconds, args.warmup)
            await asyncio.sleep(1)  # let the sender catch up before counting
            result["delivered"] = delivered[0]
        finally:
            proc.terminate()
            proc.wait(30)
            log.close()
            await runner.cleanup()
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--stores", default="sqlite,redis")
    args = parser.parse_args()
    print(f"webhook load: {args.clients} concurrent clients, {args.seconds:.0f} s after {args.warmup:.0f} s "
          f"warm-up, {os.cpu_count()} CPUs, loopback")
    for store in args.stores.split(","):
        redis = start_redis() if store == "redis" else None
        if store == "redis" and redis is None:
            print("redis: skipped, redis-server is not installed")
            continue
        try:
            r = await bench(store, args, redis[1] if redis else None)
        finally:
            if redis:
                redis[0].terminate()
                redis[0].wait()
        print(f"{store:6} {r['rps']:7.0f} req/s  p50 {r['p50_ms']:5.1f} ms  p99 {r['p99_ms']:5.1f} ms  "
              f"({r['requests']} requests, statuses {r['statuses']}, auto replies delivered {r['delivered']})")


if __name__ == "__main__":
    asyncio.run(main())
