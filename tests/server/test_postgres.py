"""What only PostgreSQL has to show: claims that pass over rows another instance is taking, migrations
that two instances can start at once, and the service itself on it, answering a signed webhook over
HTTP. The same stores' tests run on both backends in test_stores.py."""
import asyncio
import os
import sqlite3
import subprocess
import sys
import threading

import pytest
import redis

from bot.config import load_config
from bot.intents import ConfigError
from bot.server import create_app
from bot.storage import Delivery, open_storage
from bot.storage.migrate import files, migrate_postgres
from bot.storage.postgres import open_postgres
from bot.storage.sql import transaction
from bot.storage.sqlite import DB_NAME, open_database

from .conftest import ROOT, SECRET, Store, free_port, message, service_config, sign_channel, start_postgres, wait_for

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg(tmp_path, redis_url, database_url):
    storage = await Store("postgres", redis_url, database_url).open(tmp_path)
    yield storage
    await storage.close()


def hold_a_claim(claim, taken: list, claimed: threading.Event, release: threading.Event, db) -> None:
    """Claims in a transaction left open until `release`: an instance in the middle of its claim."""
    with transaction(db):
        taken.extend(claim())
        claimed.set()
        release.wait(60)


async def test_a_second_instance_claims_past_the_rows_the_first_is_claiming(pg):
    q = pg.deliveries
    ids = await pg.commit(lambda _db: [q.put(Delivery("generic", f"c{i}", "b", f"m{i}", "您好")) for i in range(4)])
    taken: list[Delivery] = []
    claimed, release = threading.Event(), threading.Event()
    first = threading.Thread(target=hold_a_claim, args=(lambda: q.claim(2, 30), taken, claimed, release, pg.db))
    first.start()
    try:
        assert claimed.wait(10)
        # not blocked on its locks: a claim that waited for them would return only once they are released,
        # after this bound (which only bounds that broken run; a busy machine takes far less)
        others = await asyncio.wait_for(pg.commit(lambda _db: q.claim(10, 30)), 30)
    finally:
        release.set()
        first.join(10)
    assert [d.id for d in taken] == ids[:2] and [d.id for d in others] == ids[2:]


async def test_outreach_timers_are_claimed_past_the_ones_another_instance_is_claiming(pg):
    t = pg.outreach
    await pg.commit(lambda _db: [t.schedule("generic", f"T{i}", "urge_pay", "b", f"c{i}", float(i)) for i in range(4)])
    taken: list = []
    claimed, release = threading.Event(), threading.Event()
    first = threading.Thread(target=hold_a_claim, args=(lambda: t.claim(10.0, 2, 30), taken, claimed, release, pg.db))
    first.start()
    try:
        assert claimed.wait(10)
        others = await asyncio.wait_for(pg.commit(lambda _db: t.claim(10.0, 10, 30)), 30)
    finally:
        release.set()
        first.join(10)
    assert [x.order_id for x in taken] == ["T0", "T1"] and [x.order_id for x in others] == ["T2", "T3"]


LEASE_S = 3.0  # long past what a close and one claim take on a loaded machine (0.3 s was not)


async def test_what_a_dead_instance_claimed_goes_out_from_another_once_its_lease_ends(tmp_path, redis_url, database_url):
    dead = await Store("postgres", redis_url, database_url).open(tmp_path / "a")
    other = await Store("postgres", redis_url, database_url).open(tmp_path / "b")  # opened first: it takes a while
    delivery = await dead.commit(lambda _db: dead.deliveries.put(Delivery("generic", "c", "b", "m1", "您好")))
    assert [d.id for d in await dead.commit(lambda _db: dead.deliveries.claim(10, LEASE_S))] == [delivery]
    await dead.close()  # it never settles what it claimed
    assert await other.commit(lambda _db: other.deliveries.claim(10, 30)) == []  # still leased
    await asyncio.sleep(LEASE_S + 0.1)  # at least that long, however busy the machine
    assert [d.id for d in await other.commit(lambda _db: other.deliveries.claim(10, 30))] == [delivery]
    await other.close()


def test_migrations_apply_once_even_when_two_instances_start_at_once(database_url):
    dbs = [open_postgres(database_url), open_postgres(database_url)]  # each migrates on open
    try:
        results: list[list[str]] = []
        threads = [threading.Thread(target=lambda db=db: results.append(migrate_postgres(db))) for db in dbs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert results == [[], []]  # all applied by the first open already
        versions = [r[0] for r in dbs[0].execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [number for number, _, _ in files("postgres")]
    finally:
        for db in dbs:
            db.close()


def test_two_fresh_instances_migrating_at_once_apply_each_file_once(database_url):
    from psycopg_pool import ConnectionPool

    from bot.storage.sql import PgDatabase

    dbs = [PgDatabase(ConnectionPool(database_url, min_size=1, max_size=2, configure=PgDatabase.configure, open=True))
           for _ in range(2)]
    results: list[list[str]] = []
    try:
        threads = [threading.Thread(target=lambda db=db: results.append(migrate_postgres(db))) for db in dbs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(len(r) for r in results) == [0, len(files("postgres"))]  # one did it all, the other nothing
    finally:
        for db in dbs:
            db.close()


def test_a_data_folder_from_before_migrations_gets_the_new_columns_and_keeps_its_rows(tmp_path):
    old = sqlite3.connect(tmp_path / DB_NAME)
    old.executescript("""
        CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT NOT NULL,
            text TEXT NOT NULL, message_id TEXT, intents TEXT NOT NULL DEFAULT '[]',
            matches TEXT NOT NULL DEFAULT '[]', at REAL NOT NULL);
        INSERT INTO messages (conversation_id, role, text, at) VALUES ('c', 'buyer', '在吗', 1.0);
        CREATE TABLE deliveries (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, conversation_id TEXT NOT NULL,
            buyer_id TEXT, reply_to TEXT, text TEXT NOT NULL, created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL, last_error TEXT, delivered_at REAL);
    """)
    old.close()
    for _ in range(2):  # and again: nothing left to do
        db = open_database(tmp_path)
        columns = {row[1] for row in db.execute("PRAGMA table_info(messages)")}
        assert {"agent", "delivery_id"} <= columns
        assert "failed_at" in {row[1] for row in db.execute("PRAGMA table_info(deliveries)")}
        assert db.execute("SELECT text FROM messages").fetchall()[0][0] == "在吗"
        assert [r[0] for r in db.execute("SELECT version FROM schema_version")] == [n for n, _, _ in files("sqlite")]
        db.close()


def test_the_postgres_backend_needs_a_postgres_url_from_the_environment(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("store: {backend: postgres}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        load_config(path, env={})
    with pytest.raises(ConfigError, match="PostgreSQL URL"):
        load_config(path, env={"DATABASE_URL": "mysql://u:p@h/db"})
    config = load_config(path, env={"DATABASE_URL": "postgresql://u:secret@db:5432/shop"})
    assert config.database_url == "postgresql://u:secret@db:5432/shop" and "secret" not in repr(config)


async def test_an_unreachable_postgres_fails_at_start_saying_where_without_the_password(tmp_path, redis_url):
    with pytest.raises(ConnectionError) as caught:
        await open_storage(tmp_path, "postgres", redis_url, "postgresql://shop:hunter2@127.0.0.1:1/shop")
    text = str(caught.value)
    assert "hunter2" not in text and "DATABASE_URL" in text and "127.0.0.1:1" in text


async def test_an_unreachable_redis_with_postgres_says_so(tmp_path, database_url):
    with pytest.raises(ConnectionError, match="REDIS_URL"):
        await open_storage(tmp_path, "postgres", "redis://127.0.0.1:1/0", database_url)


def test_serve_says_what_it_cannot_reach_and_exits_2(tmp_path, redis_url):
    config = tmp_path / "config.yaml"
    config.write_text(f"engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml,"
                      f" aspects: {ROOT}/aspects}}\n"
                      "store: {backend: postgres}\nchannels: {generic: {}}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"WEBHOOK_SECRET_GENERIC": SECRET, "REDIS_URL": redis_url}
    env |= {"DATABASE_URL": "postgresql://shop:hunter2@127.0.0.1:1/shop"}  # nothing listens on port 1
    done = subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "serve", "--config", str(config),
                           "--port", str(free_port()), "--data-dir", str(tmp_path / "data")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot reach PostgreSQL at 127.0.0.1:1/shop (DATABASE_URL)" in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


async def test_the_service_on_postgres_answers_a_signed_webhook_and_queues_a_handoff(
        aiohttp_client, tmp_path, engine, channel, texts, redis_url, database_url):
    """Over real HTTP: the webhook's reply is logged in PostgreSQL, delivered to the channel once,
    a resent message is a duplicate, and a handoff waits in the agents' queue."""
    kv = redis_url.rsplit("/", 1)[0] + "/4"  # ids like m-1 recur between tests
    with redis.Redis.from_url(kv) as flush:
        flush.flushdb()
    config = service_config(tmp_path, send_url=channel.url, store="postgres", redis_url=kv, database_url=database_url)
    client = await aiohttp_client(create_app(config, engine))
    body = message(1, texts.auto)
    answer = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert answer.status == 200 and (await answer.json())["action"] == "auto"
    again = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
    assert (await again.json())["status"] == "duplicate"
    await wait_for(lambda: channel.received, "the reply delivered")
    assert [r["reply_to"] for r in channel.received] == ["m-1"]
    conversation = await (await client.get("/api/conversations/conv-1")).json()
    assert [m["role"] for m in conversation["messages"]] == ["buyer", "bot"]
    handoff = message(2, texts.handoff, conversation="conv-2", buyer="buyer-2")
    assert (await client.post("/webhook/generic", data=handoff, headers=sign_channel(handoff))).status == 200
    queue = await (await client.get("/api/queue")).json()
    assert [item["conversation_id"] for item in queue["waiting"]] == ["conv-2"]


async def test_agents_added_from_the_command_line_are_the_teams_on_postgres(tmp_path, redis_url, database_url):
    """`agents add` with the config `serve` uses writes to PostgreSQL, not to a SQLite file of its own."""
    config = tmp_path / "config.yaml"
    config.write_text("store: {backend: postgres}\n", encoding="utf-8")
    agents = [sys.executable, str(ROOT / "run_bot.py"), "agents", "--config", str(config)]
    env = {**os.environ, "DATABASE_URL": database_url}
    added = subprocess.run([*agents, "add", "小王", "--supervisor"], input="a-long-password\n", env=env,
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    listed = subprocess.run([*agents, "list"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert listed.stdout.split("\t")[:2] == ["小王", "supervisor"]
    storage = await Store("postgres", redis_url, database_url).open(tmp_path / "data")
    assert storage.accounts.get("小王").supervisor
    await storage.close()
    assert not (tmp_path / "data").exists()
    unreachable = subprocess.run([*agents, "list"], env={**env, "DATABASE_URL": "postgresql://u:hunter2@127.0.0.1:1/x"},
                                 capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert unreachable.returncode == 2 and "cannot reach PostgreSQL" in unreachable.stderr
    assert "hunter2" not in unreachable.stderr


async def test_while_postgres_is_down_requests_get_503_with_retry_after(
        aiohttp_client, tmp_path, engine, texts, redis_url):
    """Its own cluster, stopped mid-run: a message that cannot be committed is refused with 503
    and Retry-After (the integration sends it again), as are the health check and the queue."""
    cluster = start_postgres()
    try:
        kv = redis_url.rsplit("/", 1)[0] + "/5"
        with redis.Redis.from_url(kv) as flush:
            flush.flushdb()
        config = service_config(tmp_path, store="postgres", redis_url=kv, database_url=cluster.url)
        client = await aiohttp_client(create_app(config, engine))
        body = message(1, texts.auto)
        assert (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).status == 200
        cluster.ctl("-m", "immediate", "stop")
        body = message(2, texts.auto)
        refused = await client.post("/webhook/generic", data=body, headers=sign_channel(body))
        assert refused.status == 503 and refused.headers["Retry-After"] == "5"
        assert "send it again" in (await refused.json())["error"]
        assert (await client.get("/healthz")).status == 503
        assert (await client.get("/api/queue")).status == 503
    finally:
        cluster.stop()
