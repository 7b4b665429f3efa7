"""PostgreSQL as the shared store of several instances: a connection pool (psycopg 3), the schema
migrated at start, and the group commit's batches run in one transaction on a worker thread, so
the event loop never waits on the network for a write."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from .migrate import migrate_postgres
from .sql import Outcome, PgDatabase, each_in_a_savepoint, settle

T = TypeVar("T")
log = logging.getLogger(__name__)
POOL_MIN, POOL_SIZE = 2, 10  # connections per instance (store.pool_size): the group commit's one, the rest for reads
CONNECT_TIMEOUT_S = 5.0


def where(url: str) -> str:
    """host:port/database of a URL, never its user or password: what a message may show."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.hostname or 'localhost'}{port}{parts.path or ''}"


class DatabaseUnreachable(ConnectionError):
    """PostgreSQL at DATABASE_URL does not answer or refuses us; says where, never the password."""


def open_postgres(url: str, pool_size: int = POOL_SIZE) -> PgDatabase:
    """A pool of up to `pool_size` connections on `url`, checked by one connection and the migrations: raises DatabaseUnreachable
    saying what to fix when the server cannot be reached."""
    reason = _first_error(url)  # one plain connection first: a refusal is told at once, and why
    if reason is None:
        # a request waits at most CONNECT_TIMEOUT_S for a connection, then is answered 503
        pool = ConnectionPool(url, min_size=min(POOL_MIN, pool_size), max_size=pool_size, configure=PgDatabase.configure,
                              kwargs={"connect_timeout": int(CONNECT_TIMEOUT_S)}, timeout=CONNECT_TIMEOUT_S,
                              open=False, name="shopbot")
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except (PoolTimeout, psycopg.Error) as exc:
            pool.close()
            reason = str(exc)
    if reason is not None:
        raise DatabaseUnreachable(f"cannot reach PostgreSQL at {where(url)} (DATABASE_URL): {reason}")
    db = PgDatabase(pool)
    try:
        applied = migrate_postgres(db)
    except psycopg.Error as exc:
        pool.close()
        raise DatabaseUnreachable(f"cannot migrate PostgreSQL at {where(url)} (DATABASE_URL): {exc}") from None
    if applied:
        log.info("PostgreSQL at %s: applied %s", where(url), ", ".join(applied))
    return db


def _first_error(url: str) -> str | None:
    """Why one connection fails, if it does (the pool would only say it timed out), its first line
    with the password masked."""
    try:
        psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT_S)).close()
    except psycopg.Error as exc:
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        password = urlsplit(url).password
        return text.replace(password, "***") if password else text
    return None


class PgGroupCommit:
    """The group commit on PostgreSQL: what was submitted while the previous batch was committing
    goes in the next one, all of it in one transaction with a savepoint per write (one failing
    write fails alone), on one worker thread with a pooled connection. Batches of one instance run
    one after the other, in the order submitted; each submitter's future is resolved once the
    COMMIT is done."""

    def __init__(self, db: PgDatabase):
        self._db = db
        self._queue: list[tuple[Callable[[Any], Any], asyncio.Future[Any]]] = []
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-commit")
        self._running: asyncio.Future[None] | None = None

    def submit(self, fn: Callable[[Any], T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if not self._queue and self._running is None:
            loop.call_soon(self._start)
        self._queue.append((fn, future))
        return future

    def _start(self) -> None:
        if self._running is not None or not self._queue:
            return
        batch, self._queue = self._queue, []
        loop = asyncio.get_running_loop()
        self._running = loop.run_in_executor(self._worker, self._commit, [fn for fn, _ in batch])
        self._running.add_done_callback(lambda done: self._settle(batch, done))

    def _settle(self, batch: list[tuple[Callable[[Any], Any], asyncio.Future[Any]]],
                done: asyncio.Future[list[Outcome]]) -> None:
        self._running = None
        error = asyncio.CancelledError() if done.cancelled() else done.exception()
        settle([future for _, future in batch], done.result() if error is None else [(None, error)] * len(batch))
        if self._queue:
            self._start()

    def _commit(self, fns: list[Callable[[Any], Any]]) -> list[Outcome]:
        """On the worker thread: the batch in one transaction; a failed BEGIN or COMMIT (the
        server went away) raises, and every write of the batch fails with it."""
        with self._db.transaction():
            return each_in_a_savepoint(self._db, fns)

    async def close(self) -> None:
        """Commits what is queued and waits for it, then stops the worker."""
        while self._running is not None or self._queue:
            if self._running is None:
                self._start()
            running = self._running
            if running is not None:
                await asyncio.wait([running])
            await asyncio.sleep(0)
        self._worker.shutdown(wait=True)
