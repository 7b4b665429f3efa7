"""The one SQLite file under the data folder that the message log, orders, deliveries and (by
default) the key-value store share; WAL so readers never wait for the writer and a kill -9 loses
no committed transaction."""
from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .migrate import migrate_sqlite
from .sql import Outcome, each_in_a_savepoint, settle

T = TypeVar("T")

DB_NAME = "shopbot.sqlite3"


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Opens (creating on first run, migrating to this version's tables) the data folder's database;
    one connection per app, used from the event loop's thread only, where each statement takes
    microseconds."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data_dir / DB_NAME, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode syncs at checkpoints only: a crashed process loses nothing committed,
    # only a power cut can lose the last transactions.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    db.row_factory = sqlite3.Row
    migrate_sqlite(db)
    return db


class GroupCommit:
    """One transaction for the writes of every request handled in one turn of the event loop.

    `submit(fn)` queues `fn(db)`; at the start of the next turn all queued writes run in one
    BEGIN IMMEDIATE ... COMMIT (each in a savepoint, so one failing write fails alone) and each
    submitter's future gets its result only once the COMMIT is done. A request that awaits its
    writes before answering is therefore acknowledged only when they are on disk (the WAL: a
    kill -9 loses none of them), while a busy server pays one commit for many requests instead of
    several per request. The write lock is held only while the queued writes run, never across
    the engine's work, so several processes on one file (`serve --workers`) take turns quickly.
    """

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._queue: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []

    def submit(self, fn: Callable[[sqlite3.Connection], T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if not self._queue:
            loop.call_soon(self.flush)
        self._queue.append((fn, future))
        return future

    async def close(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Commits what is queued now; also called on close, so nothing queued is left behind."""
        batch, self._queue = self._queue, []
        if not batch:
            return
        db = self._db
        outcomes: list[Outcome]
        try:
            db.execute("BEGIN IMMEDIATE")
            outcomes = each_in_a_savepoint(db, [fn for fn, _ in batch])
            db.execute("COMMIT")
        except sqlite3.Error as exc:  # BEGIN or COMMIT failed (locked too long, disk full): none kept
            if db.in_transaction:
                db.execute("ROLLBACK")
            outcomes = [(None, exc)] * len(batch)
        settle([future for _, future in batch], outcomes)
