"""Storage behind small interfaces: the KV contract (SQLite or Redis), orders, the message log and
the delivery queue. `open_storage` opens what the config asks for; `Storage.close` frees it."""
from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar
from pathlib import Path
from urllib.parse import urlsplit

from redis.exceptions import RedisError

from .deliveries import Delivery, DeliveryQueue
from .kv import KV, Admission, SQLiteKV
from .log import Conversation, Feedback, InboxEntry, LoggedMessage, MessageLog, Waiting
from .orders import OrderStore
from .redis_kv import RedisKV
from .sqlite import GroupCommit, open_database

T = TypeVar("T")

__all__ = [
    "KV", "Admission", "Conversation", "Delivery", "DeliveryQueue", "Feedback", "GroupCommit", "InboxEntry",
    "LoggedMessage", "MessageLog", "OrderStore", "Storage", "Waiting", "open_storage",
]


@dataclass(frozen=True)
class Storage:
    kv: KV
    orders: OrderStore
    log: MessageLog
    deliveries: DeliveryQueue
    db: sqlite3.Connection  # shared by the stores above; closed last
    group: GroupCommit  # the db's group commit, shared by the requests of one loop turn

    def defer(self, write: Callable[[sqlite3.Connection], T]) -> Awaitable[T]:
        """Runs `write(db)` (store methods' writes) in the next group commit; await the result
        before acknowledging anything: it comes once committed, or raises what the write raised."""
        return self.group.submit(write)

    async def close(self) -> None:
        await self.kv.close()
        self.group.flush()
        self.db.close()


async def open_storage(
    data_dir: Path, backend: str = "sqlite", redis_url: str | None = None
) -> Storage:
    """The SQLite file always holds the log, orders and deliveries; sessions, dedupe and rate
    limits go to Redis when several instances must share them."""
    db = open_database(data_dir)
    group = GroupCommit(db)
    if backend == "redis":
        kv = RedisKV(redis_url or "redis://127.0.0.1:6379/0")
        try:
            await kv.ping()
        except (OSError, RedisError) as exc:
            await kv.close()
            db.close()
            where = urlsplit(redis_url or "").hostname or "127.0.0.1"  # never the password
            raise ConnectionError(f"cannot reach Redis at {where} (REDIS_URL): {exc}") from None
    else:
        kv = SQLiteKV(db, group)
    return Storage(kv, OrderStore(db), MessageLog(db), DeliveryQueue(db), db, group)

