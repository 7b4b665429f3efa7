"""The one SQLite file under the data folder that the message log, orders, deliveries and (by
default) the key-value store share; WAL so readers never wait for the writer and a kill -9 loses
no committed transaction."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DB_NAME = "shopbot.sqlite3"


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Opens (creating on first run) the data folder's database; one connection per app, used
    from the event loop's thread only, where each statement takes microseconds."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(data_dir / DB_NAME, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode syncs at checkpoints only: a crashed process loses nothing committed,
    # only a power cut can lose the last transactions.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    db.row_factory = sqlite3.Row
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Groups writes that belong together, so a crash keeps all of them or none."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
