"""Storage behind small interfaces: the KV contract (SQLite or Redis), orders, the message log and
the delivery queue. `open_storage` opens what the config asks for; `Storage.close` frees it."""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
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
from .sqlite import GroupCommit, open_database

T = TypeVar("T")
log = logging.getLogger(__name__)
KeyWrite = tuple[str, str, float | None]  # key, value, ttl in seconds (None: no expiry)

__all__ = [
    "Account", "AccountError", "AccountStore", "DeliveryStatus", "HeldByOther", "Holding", "Ownership",
    "KV", "Admission", "KeyWrite", "KeysNotSet", "Conversation", "Delivery", "DeliveryQueue", "Feedback", "GroupCommit", "InboxEntry",
    "LoggedMessage", "MessageLog", "OrderStore", "OutreachTimers", "Storage", "StoreUnavailable", "Waiting", "open_storage",
]


class KeysNotSet(StoreUnavailable):
    """`Storage.commit` stored its write but could not set its keys (Redis went away in between):
    what the write holds happened (a reply is queued), so it must not be undone or sent again. The
    caller's retry finds the message in the log and is told it is a duplicate."""


@dataclass(frozen=True)
class Storage:
    kv: KV
    orders: OrderStore
    log: MessageLog
    deliveries: DeliveryQueue
    db: sqlite3.Connection  # shared by the stores above; closed last
    group: GroupCommit  # the db's group commit, shared by the requests of one loop turn
    accounts: AccountStore  # the agents' team
    owners: Ownership  # who holds each conversation, and whether it is closed
    outreach: OutreachTimers  # the proactive messages' timers, in the same file

    async def commit(self, write: Callable[[sqlite3.Connection], T], *, keys: Sequence[KeyWrite] = ()) -> T:
        """Runs `write(db)` (store methods' writes) in the next group commit and sets the `keys`
        (key, value, ttl), together: all of them or none, in one commit, when the KV is this
        SQLite file; with Redis, the keys once the write is committed, so a key (a conversation's
        state, a claim marked answered) never runs ahead of the log. Returns `write`'s result once
        committed, or raises what it raised; acknowledge nothing before."""
        kv = self.kv
        if isinstance(kv, SQLiteKV):
            def with_keys(db: sqlite3.Connection) -> T:
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

    async def settled(self) -> None:
        """Returns once the writes submitted before this call are committed (a barrier)."""
        await self.group.submit(lambda _db: None)

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
        forgets = await kv.persistence()
        if forgets:
            log.warning("Redis at %s keeps nothing across a restart (%s): after one, only the message log"
                        " stops messages from being answered twice; turn on appendonly (or save) for its"
                        " rate limits and conversations to survive", urlsplit(redis_url or "").hostname or "127.0.0.1",
                        forgets)
    else:
        kv = SQLiteKV(db, group)
    return Storage(kv, OrderStore(db), MessageLog(db), DeliveryQueue(db), db, group, AccountStore(db), Ownership(db),
                   OutreachTimers(db))

