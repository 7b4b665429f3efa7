"""Load benchmark of the IM webhook: requests per second and p50/p99 latency at N concurrent clients
on loopback, with SQLite and then Redis as the state store. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_server.py [--clients 50] [--seconds 10] [--stores sqlite,redis,postgres]
                                             [--workers 1] [--instances 1] [--messages FILE.jsonl]

The server runs as a real `run_bot.py serve` process (or `--workers N` processes sharing the port;
or `--instances N` processes on ports of their own sharing the data folder and the store, each
sent its share of the connections by a wrk of its own, as a round-robin client would).
The load comes from wrk (Debian: apt-get install wrk), written in C, so the load generator takes
little of the CPUs the server shares with it: every request is a different buyer message
(distinct message_id, buyer and conversation), signed here beforehand and replayed by
scripts/bench_webhook.lua. A warm-up run (its own messages) comes before the measured one. This
process plays the shop's IM integration that takes the auto replies, so every auto reply is really
delivered and counted. redis-server is started and stopped here, on a free port, and for `postgres` the
tests' throw-away PostgreSQL cluster (a new database each run).

CPU per request (server processes, wrk, redis-server, PostgreSQL) is read from /proc over the measured run.
"""
from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import psutil


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.signing import signed_headers  # noqa: E402 - after the path is set

SECRET = "bench-secret"
LUA = ROOT / "scripts" / "bench_webhook.lua"
# Five of these are answered on the channel (auto), the others go to an agent's queue.
TEXTS = ["在吗", "你好", "什么时候发货", "能便宜点吗", "可以开发票吗", "谢谢", "我要转人工", "阿巴阿巴"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_up(url: str, exited: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            if exited():
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


def read_texts(path: Path | None) -> list[str]:
    """The buyer messages to send: the 8 short stock texts, or the "text" of every line of a JSONL
    file (e.g. ../shared/eval/dev.jsonl: real messages, longer and more varied, so dearer to read)."""
    if path is None:
        return TEXTS
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def write_requests(path: Path, prefix: str, count: int, texts: list[str]) -> None:
    """One signed request a line for the Lua script: timestamp, signature, body, tab-separated."""
    now = time.time()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = json.dumps({"message_id": f"{prefix}{i}", "conversation_id": f"c-{prefix}{i}",
                               "buyer_id": f"b-{prefix}{i}", "text": texts[i % len(texts)],
                               "timestamp": int(now)}, ensure_ascii=False)
            h = signed_headers(SECRET, body.encode(), now=now)
            out.write(f"{h['X-Timestamp']}\t{h['X-Signature']}\t{body}\n")


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def need_wrk() -> None:
    """Stops with how to get wrk when it is missing: a Debian package that scripts/install.sh leaves out
    (the tests and CI do not need it, only these benchmarks)."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk, the HTTP load generator these benchmarks drive, is not installed. It is a Debian"
                         " package that scripts/install.sh does not install (only the benchmarks need it):\n"
                         "    sudo apt-get install wrk        (or, as root: apt-get update && apt-get install wrk)\n"
                         "then run this again.")


async def run_wrk(urls: str | list[str], requests: Path | list[Path], args: argparse.Namespace, seconds: float,
                  watched: list[psutil.Process], rate: int | None) -> dict:
    """wrk against each url (one an instance, each with its own requests), its connections, threads
    and offered rate shared out evenly: a client that goes round the instances by connection. The
    results are merged into one (`merge`)."""
    urls, requests = ([urls], [requests]) if isinstance(urls, str) else (urls, requests)
    n = len(urls)
    threads, clients = max(1, args.threads // n), max(1, args.clients // n)
    before, own = cpu_seconds(watched), cpu_seconds([psutil.Process()])
    procs = [await asyncio.create_subprocess_exec(
        "wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(LUA), url, "--", str(lines), str(threads), *([str(max(1, rate // n))] if rate else []),
        stdout=asyncio.subprocess.PIPE,
    ) for url, lines in zip(urls, requests)]
    wrk_cpu = [0.0] * n

    async def sample() -> None:  # wrk's own CPU, last read just before it exits
        wrks = [psutil.Process(proc.pid) for proc in procs]
        while True:
            for i, wrk in enumerate(wrks):
                wrk_cpu[i] = max(wrk_cpu[i], cpu_seconds([wrk]))
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    outs = await asyncio.gather(*(proc.communicate() for proc in procs))
    sampler.cancel()
    after = cpu_seconds(watched)
    results = []
    for out, _ in outs:
        line = next((x for x in out.decode().splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            raise SystemExit(f"wrk printed no result:\n{out.decode()}")
        results.append(json.loads(line[len("RESULT "):]))
    result = merge(results)
    result["server_cpu_s"] = after - before
    result["fake_cpu_s"] = cpu_seconds([psutil.Process()]) - own
    result["wrk_cpu_s"] = sum(wrk_cpu)
    return result


def merge(results: list[dict]) -> dict:
    """Several wrk runs (one an instance) as one client's view: counts added, and p50/p90/p99 those
    of the mixture of their latency distributions (each run's 0.1 % grid weighted by its requests).
    p99.9 is the worst of theirs (the grid stops at 99.9 %), max the largest."""
    if len(results) == 1:
        return results[0]
    total = max(1, sum(r["requests"] for r in results))
    latencies = sorted({x for r in results for x in r["grid_us"]})

    def percentile(q: float) -> int:
        for x in latencies:
            below = sum(r["requests"] * bisect.bisect_right(r["grid_us"], x) / (len(r["grid_us"]) + 1)
                        for r in results)
            if below / total >= q:
                return x
        return latencies[-1]

    counts = ("requests", "non_2xx", "connect", "read", "write", "timeout", "wrapped")
    return {**{k: sum(r[k] for r in results) for k in counts},
            "duration_us": max(r["duration_us"] for r in results),
            "p50_us": percentile(0.50), "p90_us": percentile(0.90), "p99_us": percentile(0.99),
            "p999_us": max(r["p999_us"] for r in results), "max_us": max(r["max_us"] for r in results)}


class ChannelFake(asyncio.Protocol):
    """The shop's IM integration receiving auto replies: counts them and says yes. Plain HTTP/1.1
    on asyncio, no framework, so playing the channel takes the shared CPUs as little as it can."""

    delivered = 0
    OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport, self.buffer = transport, b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].lower()
            at = head.find(b"content-length:")
            length = int(head[at + 15:].split(b"\r\n", 1)[0]) if at >= 0 else 0
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            ChannelFake.delivered += 1
            self.transport.write(self.OK)


async def channel_fake() -> tuple[asyncio.Server, str]:
    port = free_port()
    server = await asyncio.get_running_loop().create_server(ChannelFake, "127.0.0.1", port)
    return server, f"http://127.0.0.1:{port}/send"


async def settle(timeout: float = 10.0) -> None:
    """Until the sender has caught up: no new delivery for half a second."""
    deadline, last = time.monotonic() + timeout, -1
    while ChannelFake.delivered != last and time.monotonic() < deadline:
        last = ChannelFake.delivered
        await asyncio.sleep(0.5)


async def bench(store: str, args: argparse.Namespace, redis: tuple[subprocess.Popen, str] | None,
                database_url: str | None = None, pg_pids: list[int] = ()) -> list[tuple[str, dict]]:
    fake, send_url = await channel_fake()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        # A copy of the trainers' files: the server follows edits of its files (hot reload), and
        # a rebuild while measuring would be measured too.
        for folder in ("intents", "replies", "policy", "aspects"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder, ignore=shutil.ignore_patterns("__pycache__"))
        config = Path(tmp) / "config.yaml"
        config.write_text(
            "engine: {intents: intents, replies: replies, policy: policy/shop.yaml, aspects: aspects}\n"
            f"store: {{backend: {store}}}\n"
            f"channels: {{generic: {{send_url: '{send_url}'}}}}\n",
            encoding="utf-8",
        )
        ports = [free_port() for _ in range(args.instances)]
        env = {**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET, **({"REDIS_URL": redis[1]} if redis else {}),
               **({"DATABASE_URL": database_url} if database_url else {})}
        log = open(Path(tmp) / "serve.log", "wb")  # a pipe nobody reads would stall the server
        workers = ["--workers", str(args.workers)] if args.workers != 1 else []
        # every instance on the same data folder: one SQLite file (and Redis, PostgreSQL) shared, as
        # `serve --workers N` shares it, each on a port of its own, as instances behind a balancer are
        procs = [subprocess.Popen(
            [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config), "--port", str(port),
             "--data-dir", str(Path(tmp) / "data"), *workers],
            env=env, stdout=subprocess.DEVNULL, stderr=log,
        ) for port in ports]
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base, proc in zip(bases, procs):
                await wait_up(f"{base}/healthz", lambda proc=proc: proc.poll() is not None)
            await asyncio.sleep(0.5 if args.workers > 1 else 0)  # every worker listening
            servers = [q for proc in procs for p in [psutil.Process(proc.pid)] for q in [p, *p.children(recursive=True)]]
            redis_proc = [psutil.Process(redis[0].pid)] if redis else []
            postgres = [psutil.Process(pid) for pid in pg_pids]
            plan = [("warm-up", args.warmup, None), ("max", args.seconds, None)]
            if args.rate:
                plan.append((f"{args.rate}/s", args.seconds, args.rate))
            for i, (name, seconds, rate) in enumerate(plan):
                requests = [Path(tmp) / f"requests{i}-{k}.txt" for k in range(len(bases))]
                for k, path in enumerate(requests):
                    write_requests(path, f"r{i}-{k}-", int(min(rate or args.max_rps, args.max_rps) * seconds
                                                           / len(bases)) + 2000, args.texts)
                delivered, redis_cpu = ChannelFake.delivered, cpu_seconds(redis_proc)
                postgres = [*postgres, *(c for p in postgres[:1] for c in p.children() if c not in postgres)]
                pg_cpu = cpu_seconds(postgres)  # the postmaster and its backends (one a connection)
                result = await run_wrk(bases, requests, args, seconds, servers, rate)
                result["redis_cpu_s"] = cpu_seconds(redis_proc) - redis_cpu
                result["postgres_cpu_s"] = cpu_seconds(postgres) - pg_cpu
                await settle()
                result["delivered"] = ChannelFake.delivered - delivered
                if name != "warm-up":
                    runs.append((name, result))
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(30)
            log.close()
            fake.close()
    return runs


def report(store: str, r: dict) -> str:
    seconds = r["duration_us"] / 1e6
    n = max(1, r["requests"])
    per = lambda s: 1000 * s / n  # noqa: E731 - CPU ms per request
    text = (f"{store:14} {r['requests'] / seconds:7.0f} req/s  p50 {r['p50_us'] / 1000:5.1f} ms  "
            f"p99 {r['p99_us'] / 1000:5.1f} ms  (p90 {r['p90_us'] / 1000:.1f}, max {r['max_us'] / 1000:.1f} ms; "
            f"{r['requests']} requests, {r['non_2xx']} not 2xx, "
            f"{r['connect'] + r['read'] + r['write'] + r['timeout']} socket errors, "
            f"{r['delivered']} auto replies delivered)\n"
            f"{'':15}CPU ms per request: server {per(r['server_cpu_s']):.2f}, wrk {per(r['wrk_cpu_s']):.2f}, "
            f"channel fake {per(r['fake_cpu_s']):.2f}")
    if r.get("redis_cpu_s"):
        text += f", redis-server {per(r['redis_cpu_s']):.2f}"
    if r.get("postgres_cpu_s"):
        text += f", PostgreSQL {per(r['postgres_cpu_s']):.2f}"
    if r["wrapped"]:
        text += f"\n{'':15}warning: the request file ran out {r['wrapped']} times; raise --max-rps"
    return text


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent keep-alive connections")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the measured run")
    parser.add_argument("--warmup", type=float, default=3.0, help="length of the warm-up run before it")
    parser.add_argument("--stores", default="sqlite,redis,postgres",
                        help="sqlite: the data folder's file; redis: the same with the KV in Redis;"
                             " postgres: a throw-away PostgreSQL cluster with the KV in Redis")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers N (processes on one port)")
    parser.add_argument("--instances", type=int, default=1,
                        help="serve processes on ports of their own sharing the store, the connections"
                             " shared out evenly between them (a round-robin client)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--messages", type=Path,
                        help="JSONL file whose \"text\" fields are the messages sent (default: 8 short stock texts)")
    parser.add_argument("--rate", type=int, default=2000,
                        help="then offer this many requests per second (0: only the closed loop)")
    parser.add_argument("--max-rps", type=int, default=6000,
                        help="requests signed beforehand per second of run (distinct messages)")
    args = parser.parse_args()
    args.texts = read_texts(args.messages)
    need_wrk()
    print(f"webhook load: wrk, {args.clients} connections, {args.threads} threads, {args.seconds:.0f} s "
          f"after {args.warmup:.0f} s warm-up; {args.instances} instance(s) of serve --workers {args.workers};"
          f" {os.cpu_count()} CPUs, loopback; "
          f"{len(args.texts)} distinct texts from {args.messages or 'the stock list'}")
    cluster = None
    try:
        for store in args.stores.split(","):
            redis = start_redis() if store in ("redis", "postgres") else None
            if redis is None and store != "sqlite":
                print(f"{store}: skipped, redis-server is not installed")
                continue
            database_url = None
            if store == "postgres":
                cluster = cluster or start_postgres_cluster()
                if cluster is None:
                    print("postgres: skipped, PostgreSQL is not installed (apt-get install postgresql)")
                    continue
                database_url = fresh_database(cluster.url)
            try:
                runs = await bench(store, args, redis, database_url, postgres_pids(cluster) if database_url else [])
            finally:
                if redis:
                    redis[0].terminate()
                    redis[0].wait()
            for name, r in runs:
                print(report(f"{store} {name}", r), flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


def start_postgres_cluster():
    """The tests' throw-away cluster (tests/server/conftest.py): initdb in a temporary folder, on a
    loopback port, as the postgres user when run as root; None without Debian's postgresql."""
    sys.path.insert(0, str(ROOT))
    from tests.server.conftest import postgres_bin, start_postgres

    return start_postgres() if postgres_bin() is not None else None


def fresh_database(url: str) -> str:
    """A new empty database in the cluster for one run: message ids repeat from run to run."""
    import uuid

    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + f"/{name}"


def postgres_pids(cluster) -> list[int]:
    """The postmaster's pid (the first line of postmaster.pid); its backends are found from it."""
    return [int((cluster.data / "postmaster.pid").read_text().split()[0])]

if __name__ == "__main__":
    asyncio.run(main())
