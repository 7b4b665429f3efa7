"""Several processes on one SQLite file (`serve --workers N`, or two apps over one data folder):
dedupe, rate limits, state and the delivery queue hold across them, and the group commit keeps
what each request acknowledged."""
import asyncio
import contextlib
import os
import signal
import subprocess
import sqlite3
import sys
import time
from collections import Counter

import aiohttp
import psutil
import pytest

from bot.server import create_app
from bot.storage import open_storage

from .conftest import ROOT, SECRET, free_port, message, service_config, sign_channel, wait_for


@pytest.fixture
async def two_apps(aiohttp_client, tmp_path, engine, channel):
    """Two apps, each with its own connection to the same SQLite file, as two workers have."""
    data_dir = tmp_path / "data"
    clients = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        config = service_config(tmp_path / name, send_url=channel.url, rate=3, data_dir=str(data_dir))
        clients.append(await aiohttp_client(create_app(config, engine)))
    return clients


async def post(client, body):
    return await client.post("/webhook/generic", data=body, headers=sign_channel(body))


def outcome(status: int, body: dict) -> str:
    """A copy is acknowledged as a duplicate once the first is answered, and asked to come again
    (409, Retry-After) while it is being answered."""
    return "retry later" if status == 409 else body["status"]


async def test_a_message_id_is_answered_once_whichever_app_gets_it(two_apps, texts, channel):
    a, b = two_apps
    body = message(1, texts.auto)
    answers = await asyncio.gather(*(post(client, body) for client in (a, b)))  # at once
    outcomes = [outcome(r.status, await r.json()) for r in answers]
    assert outcomes.count("accepted") == 1
    assert set(outcomes) <= {"accepted", "duplicate", "retry later"}
    assert all(r.headers.get("Retry-After") for r in answers if r.status == 409)
    assert (await (await post(a, body)).json())["status"] == "duplicate"  # answered: a duplicate now
    await wait_for(lambda: channel.received, "the reply")
    await asyncio.sleep(0.3)  # both senders had the time to send it again, if they would
    assert [r["reply_to"] for r in channel.received] == ["m-1"]


async def test_the_rate_limit_counts_the_buyer_across_apps(two_apps, texts):
    a, b = two_apps
    codes = [(await post(client, message(n, texts.auto))).status for n, client in enumerate([a, b] * 3)]
    assert codes == [200, 200, 200, 429, 429, 429]


async def test_the_state_and_log_written_through_one_app_are_read_through_the_other(two_apps, texts):
    a, b = two_apps
    assert (await post(a, message(1, texts.auto))).status == 200
    assert (await post(b, message(2, texts.unmatched))).status == 200
    conversation = await (await b.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot", "buyer"]
    assert conversation["messages"][0]["intents"] == [texts.auto_intent]


async def test_concurrent_requests_share_commits_and_each_is_stored(aiohttp_client, tmp_path, engine, texts):
    """Many requests in flight at once (one group commit for several): each acknowledged message
    is in the log and the queue afterwards, read through a fresh connection."""
    config = service_config(tmp_path, rate=1000)
    client = await aiohttp_client(create_app(config, engine))
    bodies = [message(n, texts.unmatched, buyer=f"b{n}", conversation=f"c{n}") for n in range(30)]
    answers = await asyncio.gather(*(post(client, body) for body in bodies))
    assert [(await r.json())["action"] for r in answers] == ["agent"] * 30
    storage = await open_storage(config.data_dir)
    try:
        assert len(storage.log.waiting(100)) == 30
        assert all(storage.log.conversation(f"c{n}") is not None for n in range(30))
    finally:
        await storage.close()


def _start(tmp_path, send_url: str, workers: int, **config: int) -> tuple[subprocess.Popen, int]:
    (tmp_path / "cfg").mkdir(exist_ok=True)
    service_config(tmp_path / "cfg", send_url=send_url, **{"rate": 10, **config})
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")  # a pipe nobody reads could stall the server
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(tmp_path / "cfg" / "config.yaml"),
         "--port", str(port), "--data-dir", str(tmp_path / "data"), "--workers", str(workers)],
        env={**os.environ, "WEBHOOK_SECRET_GENERIC": SECRET}, stdout=subprocess.DEVNULL, stderr=log,
    )
    log.close()
    return proc, port


async def _wait_up(proc: subprocess.Popen, port: int, workers: int, tmp_path) -> None:
    deadline = time.monotonic() + 90  # bounds a broken run only
    while len(psutil.Process(proc.pid).children()) < workers or not await _healthy(port, workers):
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "serve --workers did not start"
        await asyncio.sleep(0.2)


async def _healthy(port: int, workers: int) -> bool:
    """Every worker listening: enough fresh connections that each worker answered some of them."""
    connector = aiohttp.TCPConnector(force_close=True)  # a new connection each time
    async with aiohttp.ClientSession(connector=connector) as http:
        try:
            for _ in range(4 * workers):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status != 200:
                        return False
        except aiohttp.ClientConnectionError:
            return False
    return True


async def test_serve_workers_share_dedupe_rate_and_deliveries(tmp_path, texts, channel):
    """A real `serve --workers 2`: the same message sent over many connections (the kernel spreads
    them over both workers) is answered once and its reply delivered once; the buyer's rate limit
    holds across workers; SIGTERM stops every worker."""
    proc, port = _start(tmp_path, channel.url, workers=2)
    try:
        await _wait_up(proc, port, 2, tmp_path)
        workers = psutil.Process(proc.pid).children()
        assert len(workers) == 2
        base = f"http://127.0.0.1:{port}/webhook/generic"
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(connector=connector) as http:
            async def send(body: bytes) -> tuple[int, dict]:
                async with http.post(base, data=body, headers=sign_channel(body)) as r:
                    return r.status, await r.json()

            same = message(1, texts.auto, buyer="buyer-dup")  # the rate is 10 a buyer
            outcomes = [outcome(*a) for a in await asyncio.gather(*(send(same) for _ in range(9)))]
            assert outcomes.count("accepted") == 1
            assert set(outcomes) <= {"accepted", "duplicate", "retry later"}
            assert outcome(*await send(same)) == "duplicate"  # once answered, whichever worker

            flood = [message(f"f{n}", texts.unmatched, buyer="buyer-flood", conversation="conv-flood")
                     for n in range(14)]
            codes = sorted([status for status, _ in await asyncio.gather(*(send(b) for b in flood))])
            assert codes == [200] * 10 + [429] * 4

        await wait_for(lambda: channel.received, "the auto reply")
        await asyncio.sleep(0.5)  # time for the other worker's sender to send it again, if it would
        assert [r["reply_to"] for r in channel.received] == ["m-1"]

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_killing_serve_with_workers_stops_them_and_keeps_what_was_acknowledged(tmp_path, texts):
    """kill -9 of the parent: its workers stop too (none is left holding the port), and each
    acknowledged message and its queued reply are in the file."""
    dead = f"http://127.0.0.1:{free_port()}/send"  # the channel is down: replies stay queued
    proc, port = _start(tmp_path, dead, workers=2)
    try:
        await _wait_up(proc, port, 2, tmp_path)
        workers = psutil.Process(proc.pid).children()
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(connector=connector) as http:
            for n in range(3):
                body = message(n, texts.auto, buyer=f"b{n}", conversation=f"c{n}")
                async with http.post(f"http://127.0.0.1:{port}/webhook/generic", data=body,
                                     headers=sign_channel(body)) as r:
                    assert (await r.json())["action"] == "auto"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    storage = await open_storage(tmp_path / "data")
    try:
        assert sorted(d.reply_to for d in storage.deliveries.due(100, now=float("inf"))) == ["m-0", "m-1", "m-2"]
        assert all([await storage.kv.get(f"state:c{n}") for n in range(3)])
    finally:
        await storage.close()


async def test_kill_9_while_answering_loses_no_message(tmp_path, texts, channel):
    """kill -9 of every process of a real `serve --workers 2` with many messages in flight, a
    restart, and the integration sending everything again once the claims' lease (1 s here) is
    up: every message is answered exactly once, whether its first try was acknowledged, half
    done, or never read."""
    bodies = [message(n, texts.auto, buyer=f"b{n}", conversation=f"c{n}") for n in range(150)]
    proc, port = _start(tmp_path, channel.url, 2, rate=1000, claim_lease=1)
    acknowledged: list[int] = []
    try:
        await _wait_up(proc, port, 2, tmp_path)
        everyone = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children()]
        url = f"http://127.0.0.1:{port}/webhook/generic"
        async with aiohttp.ClientSession() as http:
            async def send(n: int) -> None:
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.post(url, data=bodies[n], headers=sign_channel(bodies[n])) as r:
                        if r.status == 200:
                            acknowledged.append(n)

            sending = [asyncio.create_task(send(n)) for n in range(len(bodies))]
            await wait_for(lambda: len(acknowledged) >= 20, "the first answers")
            for process in everyone:
                process.kill()  # SIGKILL: no process gets to finish anything
            proc.wait(30)
            psutil.wait_procs(everyone, timeout=30)
            await asyncio.gather(*sending)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert 20 <= len(acknowledged) < len(bodies)  # killed with messages in flight

    proc, port = _start(tmp_path, channel.url, 2, rate=1000, claim_lease=1)
    try:
        await _wait_up(proc, port, 2, tmp_path)
        await asyncio.sleep(1.2)  # the dead process's claims are past their lease
        connector = aiohttp.TCPConnector(limit=10)
        async with aiohttp.ClientSession(connector=connector) as http:
            async def again(body: bytes) -> tuple[int, dict]:
                async with http.post(f"http://127.0.0.1:{port}/webhook/generic", data=body,
                                     headers=sign_channel(body)) as r:
                    return r.status, await r.json()

            answers = await asyncio.gather(*(again(body) for body in bodies))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert all(status == 200 for status, _ in answers)
    assert all(answers[n][1]["status"] == "duplicate" for n in acknowledged)
    db = sqlite3.connect(tmp_path / "data" / "shopbot.sqlite3")
    try:
        logged = Counter(m for (m,) in db.execute("SELECT message_id FROM messages WHERE role = 'buyer'"))
    finally:
        db.close()
    assert logged == Counter(f"m-{n}" for n in range(len(bodies)))  # each once: none lost, none twice


async def test_a_killed_worker_is_started_again_and_the_others_keep_serving(tmp_path, texts, channel):
    """kill -9 of one worker of a real `serve --workers 2`: the parent used to stop the other and
    exit, refusing everything for the next seconds. Now every request meanwhile is answered (by
    the worker left), a new worker takes the dead one's place, and SIGTERM still stops them all."""
    proc, port = _start(tmp_path, channel.url, 2, rate=1000)
    try:
        await _wait_up(proc, port, 2, tmp_path)

        def listening() -> int:
            return sum(any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in w.net_connections("tcp"))
                       for w in psutil.Process(proc.pid).children())

        await wait_for(lambda: listening() == 2, "both workers listening", timeout=90)
        victim = psutil.Process(proc.pid).children()[0]
        victim.kill()
        victim.wait(10)  # connections the kernel had queued for it die with it; none after
        statuses = []
        connector = aiohttp.TCPConnector(force_close=True)  # a fresh connection each time, as new buyers
        async with aiohttp.ClientSession(connector=connector) as http:
            deadline = time.monotonic() + 60  # bounds a broken run only
            n = 0
            while True:
                body = message(n, texts.auto, buyer=f"b{n}", conversation=f"c{n}")
                async with http.post(f"http://127.0.0.1:{port}/webhook/generic", data=body,
                                     headers=sign_channel(body)) as r:
                    statuses.append(r.status)
                n += 1
                pids = {p.pid for p in psutil.Process(proc.pid).children()}
                if len(pids) == 2 and victim.pid not in pids and n >= 20 and listening() == 2:
                    break
                assert time.monotonic() < deadline, "the dead worker was not replaced"
        assert proc.poll() is None
        assert set(statuses) == {200}, Counter(statuses)
        assert "starting it again" in (tmp_path / "serve.log").read_text()
    finally:
        workers = psutil.Process(proc.pid).children() if proc.poll() is None else []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert psutil.wait_procs(workers, timeout=30)[1] == []
