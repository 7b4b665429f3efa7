"""The agents' accounts, kept in the service's SQLite file so every worker sees the same team:
a name, a password hash (made by `bot.agent_ui.passwords`; this store never sees a password), a
role and whether the account is disabled. A disabled account is kept, so the log's names still
say who sent what."""
from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from .sql import Connection

ROLES = ("agent", "supervisor")
NAME_CHARS = re.compile(r"^[\w.\-]{1,32}$")


class AccountError(ValueError):
    """A name or role the team cannot have, or an account that is not there; says what to fix."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str  # agent or supervisor
    created_at: float
    disabled_at: float | None = None
    last_seen_at: float | None = None

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


def check_name(name: str) -> str:
    """Letters (Chinese too), digits, `_`, `.` and `-`: what shows beside every message an agent sent,
    so nothing that could pass for another name (spaces, control or direction characters)."""
    name = unicodedata.normalize("NFKC", name.strip()) if isinstance(name, str) else ""
    if not NAME_CHARS.match(name):
        raise AccountError(f"account name {name!r}: use 1-32 letters, digits, _ . or - (e.g. 小王 or wang.li)")
    return name


class AccountStore:
    def __init__(self, db: Connection):
        self._db = db

    def add(self, name: str, password_hash: str, role: str = "agent") -> Account:
        if role not in ROLES:
            raise AccountError(f"role {role!r}: use one of {', '.join(ROLES)}")
        name = check_name(name)
        cursor = self._db.execute("INSERT INTO agents (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT (name) DO NOTHING", (name, password_hash, role, time.time()))
        if cursor.rowcount != 1:
            raise AccountError(f"there is already an account {name!r}")
        return self.get(name)  # type: ignore[return-value]

    def add_first(self, name: str, password_hash: str) -> bool:
        """The first supervisor, only while the team has nobody (several workers may try at once)."""
        cursor = self._db.execute(
            "INSERT INTO agents (name, password_hash, role, created_at) SELECT ?, ?, 'supervisor', ?"
            " WHERE NOT EXISTS (SELECT 1 FROM agents)", (check_name(name), password_hash, time.time()))
        return cursor.rowcount == 1

    def disable(self, name: str) -> Account:
        cursor = self._db.execute("UPDATE agents SET disabled_at = coalesce(disabled_at, ?) WHERE name = ?",
                                  (time.time(), name))
        if cursor.rowcount != 1:
            raise AccountError(f"no account {name!r}; `agents list` shows the team")
        return self.get(name)  # type: ignore[return-value]

    def get(self, name: str) -> Account | None:
        row = self._db.execute("SELECT * FROM agents WHERE name = ?", (name,)).fetchone()
        return _account(row) if row else None

    def password_hash(self, name: str) -> str | None:
        """The hash of an active account; None for an unknown or disabled one."""
        row = self._db.execute("SELECT password_hash FROM agents WHERE name = ? AND disabled_at IS NULL",
                               (name,)).fetchone()
        return row[0] if row else None

    def all(self) -> list[Account]:
        return [_account(r) for r in self._db.execute("SELECT * FROM agents ORDER BY created_at, name")]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM agents").fetchone()[0])

    def seen(self, name: str, at: float) -> None:
        """The agent's window is open (its live stream connected or kept alive): the team view's `online`."""
        self._db.execute("UPDATE agents SET last_seen_at = ? WHERE name = ?", (at, name))


def _account(row: Any) -> Account:
    return Account(row["name"], row["role"], row["created_at"], row["disabled_at"], row["last_seen_at"])
