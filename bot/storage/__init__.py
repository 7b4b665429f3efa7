"""Storage behind small interfaces: the KV contract (SQLite or Redis), orders, the message log and
the delivery queue, on one SQLite file or on PostgreSQL (`bot/storage/sql.py`: the stores' SQL is
written once for both). `open_storage` opens what the config asks for; `Storage.close` frees it."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from pathlib import Path
from urllib.parse import urlsplit

from redis.exceptions import RedisError

from .accounts import Account, AccountError, AccountStore
from .deliveries import Delivery, DeliveryQueue, DeliveryStatus
from .kv import KV, Admission, SQLiteKV
from .log import Conversation, Feedback, InboxEntry, LoggedMessage, MessageLog, Waiting
from .orders import OrderStore
from .owners import HeldByOther, Holding, Ownership
from .outreach import OutreachTimers
from .redis_kv import RedisKV, StoreUnavailable
from .postgres import POOL_SIZE, DatabaseUnreachable, PgGroupCommit, open_postgres
from .sql import DB_ERRORS, Connection, is_postgres
from .sqlite import GroupCommit, open_database

T = TypeVar("T")
log = logging.getLogger(__name__)
KeyWrite = tuple[str, str, float | None]  # key, value, ttl in seconds (None: no expiry)

__all__ = [
    "Account", "AccountError", "AccountStore", "DeliveryStatus", "HeldByOther", "Holding", "Ownership",
    "KV", "Admission", "KeyWrite", "KeysNotSet", "Connection", "Conversation", "DB_ERRORS", "DatabaseUnreachable", "Delivery",
    "DeliveryQueue", "Feedback", "GroupCommit", "InboxEntry",
    "LoggedMessage", "MessageLog", "OrderStore", "OutreachTimers", "Storage", "StoreUnavailable", "Waiting", "open_storage", "open_tables",
]


class KeysNotSet(StoreUnavailable):
    """`Storage.commit` stored its write but could not set its keys (Redis went away in between):
    what the write holds happened (a reply is queued), so it must not be undone or sent again. The
    caller's retry finds the message in the log and is told it is a duplicate."""


class Batches(Protocol):
    """A group commit: SQLite's (`GroupCommit`) or PostgreSQL's (`PgGroupCommit`)."""

    def submit(self, fn: Callable[[Any], T]) -> Awaitable[T]: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Storage:
    kv: KV
    orders: OrderStore
    log: MessageLog
    deliveries: DeliveryQueue
    db: Connection  # shared by the stores above (the SQLite file, or PostgreSQL's pool); closed last
    group: Batches  # the db's group commit, shared by the requests of one loop turn
    accounts: AccountStore  # the agents' team
    owners: Ownership  # who holds each conversation, and whether it is closed
    outreach: OutreachTimers  # the proactive messages' timers, in the same file
    readers: ThreadPoolExecutor | None = None  # PostgreSQL's read threads: the pool's connections but the commit's

    async def commit(self, write: Callable[[Connection], T], *, keys: Sequence[KeyWrite] = ()) -> T:
        """Runs `write(db)` (store methods' writes) in the next group commit and sets the `keys`
        (key, value, ttl), together: all of them or none, in one commit, when the KV is this
        SQLite file; with Redis, the keys once the write is committed, so a key (a conversation's
        state, a claim marked answered) never runs ahead of the log. Returns `write`'s result once
        committed, or raises what it raised; acknowledge nothing before."""
        kv = self.kv
        if isinstance(kv, SQLiteKV):
            def with_keys(db: Connection) -> T:
                result = write(db)
                for key, value, ttl in keys:
                    kv.put(db, key, value, ttl)
                return result

            return await self.group.submit(with_keys)
        result = await self.group.submit(write)
        try:
            await asyncio.gather(*(kv.set(key, value, ttl) for key, value, ttl in keys))  # one round trip
        except (OSError, RedisError) as exc:
            raise KeysNotSet(f"committed, but the keys {[k for k, _, _ in keys]} were not set: {exc}") from exc
        return result

    async def read(self, fn: Callable[[], T]) -> T:
        """`fn()` (store methods' reads) without holding up the event loop: on PostgreSQL in a
        worker thread, since each statement is a round trip; on SQLite right here, where a read
        takes microseconds and a thread hop would cost more than it saves."""
        return await off_the_loop(self.db, fn, self.readers)

    async def settled(self) -> None:
        """Returns once the writes submitted before this call are committed (a barrier)."""
        await self.group.submit(lambda _db: None)

    async def close(self) -> None:
        await self.kv.close()
        await self.group.close()
        if self.readers is not None:  # reads in flight end first
            await asyncio.get_running_loop().run_in_executor(None, self.readers.shutdown)
        self.db.close()


async def off_the_loop(db: Connection, fn: Callable[[], T], threads: ThreadPoolExecutor | None = None) -> T:
    """`fn()`, which uses `db`: on PostgreSQL in a worker thread of `threads` (asyncio's own by
    default), since each statement is a round trip; on SQLite right here (`Storage.read`)."""
    if is_postgres(db):
        return await asyncio.get_running_loop().run_in_executor(threads, fn)
    return fn()


@contextmanager
def open_tables(data_dir: Path, backend: str = "sqlite", database_url: str | None = None) -> Iterator[Connection]:
    """The service's tables alone (no KV, no group commit), where `serve` with the same config
    keeps them, for commands run beside it (`agents`); closed after."""
    db: Connection = open_postgres(database_url or "") if backend == "postgres" else open_database(data_dir)
    try:
        yield db
    finally:
        db.close()  # type: ignore[attr-defined]


async def open_storage(
    data_dir: Path, backend: str = "sqlite", redis_url: str | None = None, database_url: str | None = None,
    pool_size: int = POOL_SIZE,
) -> Storage:
    """sqlite: everything in the data folder's SQLite file. redis: the same, but sessions, dedupe
    and rate limits in Redis. postgres: every table in PostgreSQL at `database_url` (`pool_size`
    connections: one for the group commit, as many read threads as the rest) and the KV in Redis,
    so any number of instances share one team. Raises ConnectionError saying which of them
    it cannot reach and what to set."""
    if backend == "postgres":
        if not database_url:
            raise DatabaseUnreachable("store.backend is postgres but DATABASE_URL is not set:"
                                      " export DATABASE_URL=postgresql://user:password@host:5432/dbname")
        db: Connection = await asyncio.to_thread(open_postgres, database_url, pool_size)
        group: Batches = PgGroupCommit(db)  # type: ignore[arg-type]
        readers: ThreadPoolExecutor | None = ThreadPoolExecutor(max(1, pool_size - 1), thread_name_prefix="pg-read")
    else:
        db = open_database(data_dir)
        group = GroupCommit(db)  # type: ignore[arg-type]
        readers = None
    try:
        kv: KV = await _redis(redis_url) if backend in ("redis", "postgres") else SQLiteKV(db, group)  # type: ignore[arg-type]
    except ConnectionError:
        await group.close()
        if readers is not None:
            readers.shutdown()
        db.close()  # type: ignore[attr-defined]
        raise
    orders = await off_the_loop(db, lambda: OrderStore(db))  # seeds the demo shop's orders on first run
    return Storage(kv, orders, MessageLog(db), DeliveryQueue(db), db, group, AccountStore(db), Ownership(db),
                   OutreachTimers(db), readers)


async def _redis(redis_url: str | None) -> RedisKV:
    """Redis at `redis_url`, checked: ConnectionError naming the host (never the password) if it
    does not answer; a warning if it keeps nothing across its own restart."""
    kv = RedisKV(redis_url or "redis://127.0.0.1:6379/0")
    where = urlsplit(redis_url or "").hostname or "127.0.0.1"  # never the password
    try:
        await kv.ping()
    except (OSError, RedisError) as exc:
        await kv.close()
        raise ConnectionError(f"cannot reach Redis at {where} (REDIS_URL): {exc}") from None
    forgets = await kv.persistence()
    if forgets:
        log.warning("Redis at %s keeps nothing across a restart (%s): after one, only the message log"
                    " stops messages from being answered twice; turn on appendonly (or save) for its"
                    " rate limits and conversations to survive", where, forgets)
    return kv
