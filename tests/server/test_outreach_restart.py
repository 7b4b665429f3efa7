"""A real `serve --workers 2` killed with -9 while proactive messages are pending and being sent:
after a restart every order gets its reminder, and the bridge never gets one twice."""
from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sqlite3
from collections import defaultdict

import aiohttp
import psutil

from .conftest import AGENT_TOKEN, BEARER, sign_channel, wait_for
from .test_outreach import event, order
from .test_workers import _start, _wait_up

ORDERS = 120


async def _post_events(http: aiohttp.ClientSession, port: int) -> None:
    for n in range(ORDERS):
        body = event(n, "created", "14:00", order(f"K{n}", "unpaid"), buyer=f"b{n}", conversation=f"c{n}")
        async with http.post(f"http://127.0.0.1:{port}/webhook/generic/order", data=body,
                             headers=sign_channel(body)) as r:
            assert r.status == 200 and (await r.json())["status"] == "accepted"


async def _replay(http: aiohttp.ClientSession, port: int) -> None:
    with contextlib.suppress(aiohttp.ClientError):
        async with http.post(f"http://127.0.0.1:{port}/api/outreach/due", headers=BEARER,
                             json={"now": "2030-06-03T14:30:00+08:00"}) as r:
            await r.read()


def _kill_all(proc) -> None:
    everyone = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children()]
    for process in everyone:
        process.kill()  # SIGKILL: nothing gets to finish
    proc.wait(30)
    psutil.wait_procs(everyone, timeout=30)


async def test_kill_9_with_timers_pending_loses_none_and_sends_none_twice(tmp_path, channel, monkeypatch):
    monkeypatch.setenv("AGENT_TOKEN", AGENT_TOKEN)
    proc, port = _start(tmp_path, channel.url, 2, claim_lease=1)
    try:  # the events are taken, then every process dies with all the timers pending
        await _wait_up(proc, port, 2, tmp_path)
        async with aiohttp.ClientSession() as http:
            await _post_events(http, port)
        _kill_all(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert channel.received == []

    proc, port = _start(tmp_path, channel.url, 2, claim_lease=1)
    try:  # replays on both workers at once, killed as the first reminders reach the bridge
        await _wait_up(proc, port, 2, tmp_path)
        async with aiohttp.ClientSession() as http:
            replays = [asyncio.create_task(_replay(http, port)) for _ in range(6)]
            await wait_for(lambda: channel.received, "the first reminders", timeout=60)
            _kill_all(proc)
            await asyncio.gather(*replays)
    finally:
        if proc.poll() is None:
            proc.kill()

    proc, port = _start(tmp_path, channel.url, 2, claim_lease=1)
    try:  # once the dead processes' leases are up, the day is replayed again
        await _wait_up(proc, port, 2, tmp_path)
        await asyncio.sleep(1.2)
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(_replay(http, port) for _ in range(3)))
        await wait_for(lambda: len({r["reply_to"] for r in channel.received}) >= ORDERS, "every reminder", timeout=60)
        await asyncio.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    keys = defaultdict(set)
    for body, headers in zip(channel.received, channel.headers):
        keys[body["reply_to"]].add(headers["Idempotency-Key"])
    assert set(keys) == {f"outreach:remind_to_pay:K{n}" for n in range(ORDERS)}  # none lost
    assert all(len(k) == 1 for k in keys.values())  # a copy the bridge got twice carries the same key
    db = sqlite3.connect(tmp_path / "data" / "shopbot.sqlite3")
    try:
        queued = db.execute("SELECT reply_to, count(*) FROM deliveries GROUP BY reply_to").fetchall()
        states = db.execute("SELECT rule, state, count(*) FROM outreach_timers GROUP BY rule, state").fetchall()
        logged = db.execute("SELECT count(*) FROM messages WHERE role = 'bot'").fetchone()[0]
    finally:
        db.close()
    assert len(queued) == ORDERS and all(count == 1 for _, count in queued)  # queued once each
    assert sorted(states) == [("remind_to_pay", "sent", ORDERS), ("trade_reminder", "pending", ORDERS)]
    assert logged == ORDERS
    assert json.dumps(channel.refused) == "[]"
