"""`python run_bot.py agents add NAME [--supervisor] | disable NAME | list`: the team's accounts where
`serve` keeps them (`--config`, `--data-dir` as for `serve`; with `store.backend: postgres`, in
PostgreSQL at DATABASE_URL). `add` reads the password
from standard input when that is not a terminal (`printf '%s\\n' "$PW" | ... agents add 小王`), else
asks for it twice without echo."""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bot.config import DEFAULT_CONFIG, Tables, load_tables
from bot.domain import InputError
from bot.intents import ConfigError, Problem
from bot.storage import open_tables
from bot.storage.accounts import AccountError, AccountStore, check_name

from .passwords import PasswordError, hash_password


@contextmanager
def _accounts(args: argparse.Namespace) -> Iterator[AccountStore]:
    """The team's accounts, closed after; a wrong name or password is bad input, a database that
    cannot be reached a config to fix (exit 2 both)."""
    tables = Tables(args.data_dir) if args.data_dir else load_tables(args.config)
    try:
        with open_tables(tables.data_dir, tables.backend, tables.database_url) as db:
            yield AccountStore(db)
    except (AccountError, PasswordError) as exc:
        raise InputError(str(exc)) from None
    except ConnectionError as exc:
        raise ConfigError([Problem(Path(args.config), 0, str(exc))]) from None


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InputError("the two passwords differ; nothing was changed")
    return first


def _add(args: argparse.Namespace) -> int:
    try:
        name = check_name(args.name)  # before the password is asked for
    except AccountError as exc:
        raise InputError(str(exc)) from None
    with _accounts(args) as store:
        account = store.add(name, hash_password(_password()), "supervisor" if args.supervisor else "agent")
    print(f"added {account.role} {account.name}; they log in at /agent")
    return 0


def _disable(args: argparse.Namespace) -> int:
    with _accounts(args) as store:
        account = store.disable(args.name)
    print(f"disabled {account.name}: they can no longer log in, and their open sessions stop working")
    return 0


def _list(args: argparse.Namespace) -> int:
    with _accounts(args) as store:
        accounts = store.all()
    if not accounts:
        print("no accounts yet: agents add NAME --supervisor")
    for a in accounts:
        since = datetime.fromtimestamp(a.created_at).strftime("%Y-%m-%d")
        print(f"{a.name}\t{a.role}\t{'active' if a.active else 'disabled'}\tsince {since}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agents", help="the agents' accounts: add, disable, list")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="the YAML config file (for its data folder)")
    p.add_argument("--data-dir", type=Path, help="folder of the SQLite file (default: the config's, ./data, or its PostgreSQL)")
    verbs = p.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="add an account; the password from stdin, or asked for twice")
    add.add_argument("name")
    add.add_argument("--supervisor", action="store_true", help="may manage accounts and see the team view")
    add.set_defaults(run=_add)
    disable = verbs.add_parser("disable", help="disable an account: no login, its sessions end")
    disable.add_argument("name")
    disable.set_defaults(run=_disable)
    verbs.add_parser("list", help="the accounts, their role and state").set_defaults(run=_list)
