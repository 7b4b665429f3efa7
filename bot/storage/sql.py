"""The small connection interface the stores write their SQL against, once for both engines.

A store holds a `Connection`: SQLite's own connection, or `PgDatabase` for PostgreSQL, which
takes the same statements (`?` and `:name` placeholders, rows read by name or position) and
translates them once each. What the two engines spell differently is decided here and nowhere
else (`skip_locked`); everything else the stores write is SQL both accept (ON CONFLICT, RETURNING).
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool

Params = Sequence[Any] | Mapping[str, Any]
# What a store's statement can raise on either engine: the file is locked or full, the server went away.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
# Of those, what passes: locked too long, the server away or restarting, no pooled connection in
# time, a deadlock between instances. A request that met one can be sent again (503, Retry-After).
DB_UNAVAILABLE: tuple[type[Exception], ...] = (sqlite3.OperationalError, psycopg.OperationalError)
# Of those, a write PostgreSQL undid because it met another transaction (a deadlock between two instances,
# a serialization failure): the same write run again at once most likely passes, so it gets one more try.
CONFLICTS: tuple[type[Exception], ...] = (errors.SerializationFailure, errors.DeadlockDetected)
CONFLICT_PAUSE_S = 0.1  # before that try, so the other transaction takes the rows ours let go (not ours again)
log = logging.getLogger(__name__)


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the stores use of a connection: sqlite3.Connection has it, `PgDatabase` too."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, params: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, params: Sequence[Params], /) -> Cursor: ...


def is_postgres(db: Connection) -> bool:
    return isinstance(db, PgDatabase)


def skip_locked(db: Connection) -> str:
    """Appended to a claim's inner SELECT: on PostgreSQL, rows another instance is claiming right now
    are passed over instead of waited for (SQLite has one writer at a time: nothing to add)."""
    return " FOR UPDATE SKIP LOCKED" if is_postgres(db) else ""


@contextmanager
def transaction(db: Connection) -> Iterator[Connection]:
    """Groups writes that belong together, so a crash keeps all of them or none. Inside a
    transaction already (a group commit), a savepoint: all or none within it, committed with it."""
    if isinstance(db, PgDatabase) and not db.in_transaction:
        with db.transaction():
            yield db
        return
    if db.in_transaction:
        db.execute("SAVEPOINT grouped")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK TO grouped")
            db.execute("RELEASE grouped")
            raise
        db.execute("RELEASE grouped")
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


Outcome = tuple[Any, BaseException | None]  # a write's result, or what it raised


def each_in_a_savepoint(db: Connection, fns: Sequence[Callable[[Any], Any]]) -> list[Outcome]:
    """A group commit's writes inside its transaction, each in a savepoint: one that raises is
    undone alone and its exception handed back to whoever submitted it."""
    return [_in_a_savepoint(db, fn) for fn in fns]


def _in_a_savepoint(db: Connection, fn: Callable[[Any], Any]) -> Outcome:
    """`fn(db)` in a savepoint: its result, or what it raised with its statements undone. One that
    PostgreSQL undid for a conflict with another transaction (CONFLICTS) is run once more, since the
    other went on when ours was undone; a second conflict is handed back (503, Retry-After)."""
    outcome = _once_in_a_savepoint(db, fn)
    if isinstance(outcome[1], CONFLICTS):  # only PostgreSQL's, so only ever on its commit thread
        log.warning("a write met another transaction and was undone (%s); running it once more",
                    type(outcome[1]).__name__)
        time.sleep(CONFLICT_PAUSE_S)
        outcome = _once_in_a_savepoint(db, fn)
    return outcome


def _once_in_a_savepoint(db: Connection, fn: Callable[[Any], Any]) -> Outcome:
    db.execute("SAVEPOINT grouped_write")
    try:
        outcome: Outcome = (fn(db), None)
    except Exception as exc:  # noqa: BLE001 - handed to the one who submitted it
        db.execute("ROLLBACK TO grouped_write")
        outcome = (None, exc)
    db.execute("RELEASE grouped_write")
    return outcome


def settle(futures: Sequence[Any], outcomes: Sequence[Outcome]) -> None:
    """Each submitter's future gets its write's result or exception (unless it gave up waiting)."""
    for future, (result, error) in zip(futures, outcomes):
        if future.cancelled():
            continue
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)


_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|(\?)|(?<![:\w]):([A-Za-z_]\w*)|(%)")


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """`?` -> `%s`, `:name` -> `%(name)s` outside quotes and comments; every `%` -> `%%` (psycopg's format)."""
    def swap(m: re.Match[str]) -> str:
        if m.group(1):
            return "%s"
        if m.group(2):
            return f"%({m.group(2)})s"
        if m.group(3):
            return "%%"
        return m.group(0).replace("%", "%%")

    return _TOKENS.sub(swap, sql)


class Row(tuple):  # type: ignore[type-arg]
    """A row read by position or by column name, like sqlite3.Row."""

    def __new__(cls, values: Sequence[Any], names: Mapping[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row._names = names  # type: ignore[attr-defined]
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])  # type: ignore[attr-defined]
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)  # type: ignore[attr-defined]


def _rows(cursor: Any) -> Any:
    names = {d.name: i for i, d in enumerate(cursor.description or ())}
    return lambda values: Row(values, names)


class Result:
    """A statement's rows, read at once (the connection goes back to the pool straight after)."""

    def __init__(self, rows: list[Row], rowcount: int):
        self._rows, self.rowcount = rows, rowcount

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Row]:
        return self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)


class PgDatabase:
    """PostgreSQL behind the stores' `Connection`: in a thread that runs a transaction (the group
    commit's worker, or `transaction()`), statements run on that transaction's connection; anywhere
    else each statement takes a pooled connection for itself and commits on its own (a read, or a
    lone write). Parameters are bound on the client (psycopg's ClientCursor), so `? IS NULL` or a
    bare boolean is read as SQLite reads it."""

    def __init__(self, pool: ConnectionPool):
        self.pool = pool
        self._bound = threading.local()

    @staticmethod
    def configure(conn: psycopg.Connection[Any]) -> None:
        """For the pool: every connection binds on the client and reads rows by name."""
        conn.cursor_factory = psycopg.ClientCursor
        conn.row_factory = _rows  # type: ignore[assignment]
        conn.autocommit = True

    @property
    def in_transaction(self) -> bool:
        return getattr(self._bound, "conn", None) is not None

    @contextmanager
    def bind(self, conn: psycopg.Connection[Any]) -> Iterator[None]:
        """Statements of this thread run on `conn` (inside its transaction) until the block ends."""
        self._bound.conn = conn
        try:
            yield
        finally:
            self._bound.conn = None

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection in one transaction, bound to this thread: committed at the end of
        the block, rolled back if it raises."""
        with self.pool.connection() as conn, conn.transaction(), self.bind(conn):
            yield conn

    def execute(self, sql: str, params: Params = (), /) -> Result:
        conn = getattr(self._bound, "conn", None)
        if conn is not None:
            return self._run(conn, sql, params)
        with self.pool.connection() as conn:
            return self._run(conn, sql, params)

    def executemany(self, sql: str, params: Sequence[Params], /) -> Result:
        def run(conn: psycopg.Connection[Any]) -> Result:
            with conn.cursor() as cursor:
                cursor.executemany(to_postgres(sql), params)
                return Result([], cursor.rowcount)

        conn = getattr(self._bound, "conn", None)
        if conn is not None:
            return run(conn)
        with self.pool.connection() as conn:
            return run(conn)

    @staticmethod
    def _run(conn: psycopg.Connection[Any], sql: str, params: Params) -> Result:
        with conn.cursor() as cursor:
            cursor.execute(to_postgres(sql), params)  # type: ignore[arg-type]
            return Result(cursor.fetchall() if cursor.description else [], cursor.rowcount)

    def close(self) -> None:
        self.pool.close()

