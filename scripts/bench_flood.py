"""Whether one flooding buyer slows the others: other buyers' latency (p50, p99) on a real
`run_bot.py serve --workers 2` with nobody flooding, then while flooders send the longest message
the service accepts, as fast as it answers. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_flood.py [--seconds 15] [--others 20] [--rate 10] [--flooders 2]

The others are `--others` clients, each sending a short message `--rate` times a second (paced, so
their latency is what a buyer sees, not a queue of their own making), each message from a buyer of
its own (so no buyer passes the rate limit). A flooder sends, one after
the other, messages of bot.domain.MAX_MESSAGE_CHARS characters of the kind that costs the engine
most (a single clause of buyer words and Chinese numerals: jieba and the amount patterns see all
of its first part), each from a new buyer id so the per-buyer rate limit never stops it (the
probe's worst case), and `--one-buyer` sends them all as one buyer instead (the rate limit turns
most away). Loopback only; the run is bounded by `--seconds`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.signing import signed_headers  # noqa: E402 - after the path is set
from bot.domain import MAX_MESSAGE_CHARS  # noqa: E402
from scripts.bench_server import cpu_seconds, free_port, wait_up  # noqa: E402

SECRET = "flood-secret"
OTHERS = ["在吗", "什么时候发货", "能便宜点吗", "可以开发票吗", "谢谢", "我要转人工", "快递到哪了", "有没有优惠券"]
HEAVY = "质量差坏了退货退款快递慢不理人便宜点发货能吗什么时候多少钱怎么发票颜色尺码大小一二三四五六七八九十百千万块"


def heavy_text(rng: random.Random) -> str:
    return "".join(rng.choice(HEAVY) for _ in range(MAX_MESSAGE_CHARS))


def body(message_id: str, buyer: str, text: str) -> bytes:
    return json.dumps({"message_id": message_id, "conversation_id": f"c-{buyer}", "buyer_id": buyer, "text": text,
                       "timestamp": int(time.time())}, ensure_ascii=False).encode()


async def post(http: aiohttp.ClientSession, url: str, data: bytes) -> int:
    async with http.post(url, data=data, headers={"Content-Type": "application/json", **signed_headers(SECRET, data)}) as r:
        await r.read()
        return r.status


async def other(http: aiohttp.ClientSession, url: str, n: int, rate: float, until: float, latencies: list[float],
                statuses: dict[int, int]) -> None:
    i = 0
    while time.monotonic() < until:
        started = time.monotonic()
        status = await post(http, url, body(f"o{n}-{i}-{time.time_ns()}", f"other-{n}-{i}", OTHERS[i % len(OTHERS)]))
        latencies.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
        i += 1
        await asyncio.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))


async def flooder(http: aiohttp.ClientSession, url: str, n: int, until: float, one_buyer: bool, sent: dict[int, int]) -> None:
    rng = random.Random(n)
    texts = [heavy_text(rng) for _ in range(20)]
    i = 0
    while time.monotonic() < until:
        buyer = "flooder" if one_buyer else f"flood-{n}-{i}"
        status = await post(http, url, body(f"f{n}-{i}-{time.time_ns()}", buyer, texts[i % len(texts)]))
        sent[status] = sent.get(status, 0) + 1
        i += 1


async def phase(url: str, args: argparse.Namespace, flooders: int, server: list[psutil.Process]) -> dict:
    cpu_before = cpu_seconds(server)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    flood: dict[int, int] = {}
    until = time.monotonic() + args.seconds
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        await asyncio.gather(*(other(http, url, n, args.rate, until, latencies, statuses) for n in range(args.others)),
                             *(flooder(http, url, n, until, args.one_buyer, flood) for n in range(flooders)))
    cut = sorted(latencies)
    return {"cpu_s": round(cpu_seconds(server) - cpu_before, 1),"others": len(latencies), "others_status": statuses, "flood_status": flood,
            "p50_ms": round(statistics.median(cut) * 1000, 1), "p99_ms": round(cut[int(len(cut) * 0.99)] * 1000, 1),
            "max_ms": round(cut[-1] * 1000, 1)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10.0, help="messages a second from each other buyer")
    parser.add_argument("--flooders", type=int, default=2, help="connections flooding at once")
    parser.add_argument("--one-buyer", action="store_true", help="the flood from one buyer id (the rate limit applies)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="flood-"))
    (folder / "config.yaml").write_text(f"""
server: {{data_dir: data}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
channels: {{generic: {{send_url: null}}}}
""", encoding="utf-8")
    port = free_port()
    log = (folder / "serve.log").open("wb")
    serve = subprocess.Popen([sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(folder / "config.yaml"),
                              "--port", str(port), "--workers", str(args.workers)],
                             env={**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET}, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_up(f"{base}/healthz", lambda: serve.poll() is not None, timeout=120)
        await asyncio.sleep(3)  # every worker up
        url = f"{base}/webhook/generic"
        server = [psutil.Process(serve.pid), *psutil.Process(serve.pid).children()]
        quiet = await phase(url, args, 0, server)
        flooded = await phase(url, args, args.flooders, server)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
        log.close()
    who = "one buyer id" if args.one_buyer else "a new buyer id each"
    print(f"{args.others} other buyers at {args.rate:g} msg/s each, serve --workers {args.workers}, {args.seconds:g} s a phase")
    print(f"  nobody flooding:  p50 {quiet['p50_ms']} ms, p99 {quiet['p99_ms']} ms, max {quiet['max_ms']} ms"
          f" ({quiet['others']} requests, {quiet['others_status']}); server CPU {quiet['cpu_s']} s")
    print(f"  {args.flooders} flooding ({MAX_MESSAGE_CHARS:,}-character messages, {who}, {sum(flooded['flood_status'].values())}"
          f" sent, {flooded['flood_status']}): p50 {flooded['p50_ms']} ms, p99 {flooded['p99_ms']} ms,"
          f" max {flooded['max_ms']} ms ({flooded['others']} requests, {flooded['others_status']});"
          f" server CPU {flooded['cpu_s']} s")
    print(f"  the load average meanwhile: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    asyncio.run(main())
