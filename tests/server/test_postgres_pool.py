"""PostgreSQL's connections: `store.pool_size` bounds what an instance opens (one for the group
commit, the rest each a read thread), and a write PostgreSQL undoes because it deadlocked with another
instance's transaction is run once more inside the same group commit, while a second deadlock is handed
to the request (503 with Retry-After, as any OperationalError). Real deadlocks between two connections
of the real cluster: the other instance holds one order's row and asks for the one our write holds; its
deadlock_timeout is set long, so PostgreSQL's detector, which runs in the waiter whose timeout passes
first, undoes our write."""
from __future__ import annotations

import asyncio
import threading

import psycopg
import pytest
from psycopg import errors

from bot.storage import open_storage

from .conftest import Store, write_config

pytestmark = pytest.mark.postgres
X, Y = "T1001", "T1002"  # two of the demo orders seeded at open
TOUCH = "UPDATE orders SET data = data WHERE order_id = %s"


@pytest.fixture
async def pg(tmp_path, redis_url, database_url):
    storage = await Store("postgres", redis_url, database_url).open(tmp_path)
    yield storage
    await storage.close()


def other_instance(url: str, holds_x: threading.Event, we_hold_y: threading.Event, after: threading.Thread | None,
                   done: threading.Event | None = None):
    """Another instance's transaction: X first, then Y once our write holds Y: a deadlock. Committed
    as it leaves the block, once PostgreSQL undid our write."""
    if after is not None:
        after.join(30)
    with psycopg.connect(url) as conn:
        conn.execute("SET deadlock_timeout = '20s'")  # our write's backend detects it, and is undone
        conn.execute(TOUCH, (X,))
        holds_x.set()
        assert we_hold_y.wait(30)
        conn.execute(TOUCH, (Y,))
    if done is not None:
        done.set()


def deadlocking_write(rounds: list[tuple[threading.Event, threading.Event]], attempts: list[int]):
    """Our write: Y, then X, each attempt against the other instance of its round."""
    def write(db) -> str:
        holds_x, we_hold_y = rounds[min(len(attempts), len(rounds) - 1)]
        attempts.append(1)
        assert holds_x.wait(30)
        db.execute("UPDATE orders SET data = data WHERE order_id = ?", (Y,))
        we_hold_y.set()
        db.execute("UPDATE orders SET data = data WHERE order_id = ?", (X,))
        return "written"
    return write


async def test_a_write_undone_for_a_deadlock_is_run_once_more_and_committed(pg, database_url):
    first, free = (threading.Event(), threading.Event()), (threading.Event(), threading.Event())
    # the second attempt meets nobody: it starts once the other instance committed
    other = threading.Thread(target=other_instance, args=(database_url, *first, None, free[0]))
    other.start()
    attempts: list[int] = []
    try:
        assert await pg.commit(deadlocking_write([first, free], attempts)) == "written"
    finally:
        other.join(30)
    assert len(attempts) == 2


async def test_a_second_deadlock_is_handed_to_the_caller(pg, database_url):
    rounds = [(threading.Event(), threading.Event()), (threading.Event(), threading.Event())]
    first = threading.Thread(target=other_instance, args=(database_url, *rounds[0], None))
    second = threading.Thread(target=other_instance, args=(database_url, *rounds[1], first))
    first.start()
    second.start()
    attempts: list[int] = []
    try:
        with pytest.raises(errors.DeadlockDetected):
            await pg.commit(deadlocking_write(rounds, attempts))
    finally:
        first.join(30)
        second.join(30)
    assert len(attempts) == 2
    assert await pg.commit(lambda db: db.execute("SELECT 1").fetchone()[0]) == 1  # the batch's transaction lives on


async def test_the_pool_size_bounds_the_connections_an_instance_opens(tmp_path, redis_url, database_url):
    config = write_config(tmp_path, "store: {backend: postgres, pool_size: 3}",
                          env={"DATABASE_URL": database_url, "REDIS_URL": redis_url})
    storage = await open_storage(tmp_path, config.store, config.redis_url, config.database_url, config.pool_size)
    try:
        running, most, lock = [0], [0], threading.Lock()

        def slow_read() -> None:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                storage.db.execute("SELECT pg_sleep(0.1)")
            finally:
                with lock:
                    running[0] -= 1

        await asyncio.gather(*(storage.read(slow_read) for _ in range(12)))
        assert most[0] == 2  # two reads at once: the third connection is the group commit's
        stats = storage.db.pool.get_stats()
        assert stats["pool_max"] == 3 and stats["pool_size"] <= 3
    finally:
        await storage.close()
