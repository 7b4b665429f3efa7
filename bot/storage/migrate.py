"""Schema migrations, applied at start: numbered SQL files per engine (`migrations/sqlite/0001_*.sql`,
`migrations/postgres/0001_*.sql`, ...), each applied once and recorded in `schema_version`, in
one transaction that also holds the lock (SQLite's write lock; on PostgreSQL an advisory lock),
so instances that start at once apply each file once between them. A new table or column is a new
file in each folder; the stores never create tables."""
from __future__ import annotations

import re
import sqlite3
import time
from importlib import resources

from .sql import Connection, PgDatabase, transaction

# Columns that versions before the numbered files added to an existing data folder's tables
# (0001's CREATE TABLE IF NOT EXISTS leaves such a table as it was).
LEGACY_COLUMNS = {"messages": {"agent": "TEXT", "delivery_id": "INTEGER"}, "deliveries": {"failed_at": "REAL"}}
ADVISORY_LOCK = 0x5A0B07  # any number, the same in every instance: migrations one at a time
_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {real} NOT NULL)"


def files(engine: str) -> list[tuple[int, str, str]]:
    """(number, name, sql) of the engine's migration files, in order."""
    found = []
    for item in resources.files("bot.storage").joinpath("migrations", engine).iterdir():
        m = re.fullmatch(r"(\d+)_\w+\.sql", item.name)
        if m:
            found.append((int(m.group(1)), item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


def migrate_sqlite(db: sqlite3.Connection) -> list[str]:
    """The files not applied yet, then the legacy columns; returns the names applied now."""
    with transaction(db):  # BEGIN IMMEDIATE: the write lock before reading what is applied
        applied = _apply(db, "sqlite", "REAL")
        for table, columns in LEGACY_COLUMNS.items():
            add_columns(db, table, columns)
    return applied


def migrate_postgres(db: PgDatabase) -> list[str]:
    """The same on PostgreSQL, under a transaction-scoped advisory lock."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(?)", (ADVISORY_LOCK,))
        return _apply(db, "postgres", "DOUBLE PRECISION")


def _apply(db: Connection, engine: str, real: str) -> list[str]:
    """Inside the caller's locked transaction: the engine's files not recorded yet, in order."""
    db.execute(_VERSION_TABLE.format(real=real))
    done = {row[0] for row in db.execute("SELECT version FROM schema_version")}
    applied = []
    for number, name, sql in files(engine):
        if number not in done:
            for statement in _statements(sql):
                db.execute(statement)
            db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (number, name, time.time()))
            applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """A file's statements (split at `;` ending a line; comments dropped)."""
    text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*$", text, flags=re.MULTILINE) if s.strip()]


def add_columns(db: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Adds the columns a newer version needs to a table an older version created (a data folder
    kept across upgrades); CREATE TABLE IF NOT EXISTS alone leaves such a table as it was."""
    have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    for name, kind in columns.items():
        if name not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
