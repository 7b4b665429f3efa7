"""The service's configuration: one YAML file for what may be shared, the environment for secrets.

It is read and checked once, where it enters (`load_config`); everything after that trusts the
typed `Config`. A bad file raises the engine's `ConfigError` naming the file, the key and what to
put there, so the command line reports it like any other bad file.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.channels import registry
from bot.engine import EnginePaths
from bot.intents import ConfigError, Problem, read_yaml
from bot.marks import MarksPolicy
from bot.storage.postgres import POOL_SIZE

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.yaml"
ROBOT_PLATFORMS = ("wecom", "dingtalk", "feishu")
STORE_BACKENDS = ("sqlite", "redis", "postgres")
STORE_KEYS = ("backend", "pool_size")
_ENGINE_DEFAULTS = {"intents": "intents", "replies": "replies", "policy": "policy/shop.yaml", "aspects": "aspects"}
_CHANNEL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


_KIND_NAMES = {int: "a whole number", float: "a number", str: "a text", bool: "true or false", list: "a list"}


class _Invalid(Exception):
    """One problem in the file; `load_config` turns it into a ConfigError naming the file."""


@dataclass(frozen=True)
class ChannelConfig:
    """An IM integration: its platform (`kind`) and that platform's own typed settings, read and
    checked by the platform's module under bot/channels/."""

    name: str
    kind: str
    settings: Any

    @property
    def can_send(self) -> bool:
        """Whether the bot may answer on this channel by itself; the one place this is decided."""
        return bool(self.settings.can_send)


@dataclass(frozen=True)
class RobotConfig:
    """A group-chat robot that alerts the agents; URL and secret carry tokens, so both come from env."""

    platform: str
    url: str = field(repr=False)
    secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Limits:
    rate_per_buyer: int = 20  # webhook messages a buyer may send per window
    rate_window_s: int = 60
    session_ttl_s: int = 7 * 86400  # how long a quiet conversation's state is kept
    dedupe_ttl_s: int = 86400  # how long a message_id is remembered
    claim_lease_s: int = 30  # a message still unanswered this long after its claim died with its process
    low_confidence: float = 0.6  # a best score below this goes to the trainers' inbox
    signature_skew_s: int = 300


@dataclass(frozen=True)
class ConnectionLimits:
    """What one connection may hold of the server (bot/server/connections.py)."""

    keepalive_s: float = 30.0  # to send a request head after connecting, and idle between requests
    body_timeout_s: float = 30.0  # to send a request's whole body
    max_connections: int = 1000  # open at once; more get 503 and are closed


MAX_TIMEOUT_S = 60.0  # a slow or silent client holds a socket no longer than this


@dataclass(frozen=True)
class DeliveryConfig:
    timeout_s: float = 5.0
    backoff_first_s: float = 1.0
    backoff_max_s: float = 300.0
    concurrency: int = 32


@dataclass(frozen=True)
class AgentConfig:
    """The agents' chat window (/agent): who may log in, when a wait is too long, quick phrases."""

    token: str | None = field(default=None, repr=False)  # AGENT_TOKEN; None: every login refused
    quick_phrases: tuple[str, ...] = ()  # 快捷短语 the agent inserts with one click
    wait_alert_s: int = 120  # a buyer waiting longer than this is highlighted
    session_ttl_s: int = 12 * 3600  # how long an agent stays logged in
    # AGENT_SUPERVISOR="name:password": the first supervisor, created at start while the team has nobody
    first_supervisor: tuple[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = Path("data")
    # proxies whose X-Forwarded-For names the client (bot/server/remote.py); none: the socket's peer is the client
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    connections: ConnectionLimits = field(default_factory=ConnectionLimits)
    engine: EnginePaths = field(
        default_factory=lambda: EnginePaths(Path("intents"), Path("replies"), Path("policy/shop.yaml"))
    )
    store: str = "sqlite"
    redis_url: str = field(default="redis://127.0.0.1:6379/0", repr=False)  # REDIS_URL
    database_url: str | None = field(default=None, repr=False)  # DATABASE_URL, for store.backend postgres
    pool_size: int = POOL_SIZE  # store.pool_size: PostgreSQL connections per instance
    channels: Mapping[str, ChannelConfig] = field(default_factory=dict)
    robots: tuple[RobotConfig, ...] = ()
    alert_intents: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    agent: AgentConfig = field(default_factory=AgentConfig)
    marks: MarksPolicy = field(default_factory=MarksPolicy)  # the agents' marks that hold a reading back (bot/marks.py)

    def with_overrides(self, **changes: Any) -> "Config":
        """The command line's --host/--port/--data-dir win over the file; None means not given."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


class _Section:
    """Reads one mapping of the YAML, so every error names its full key and unknown keys are caught."""

    def __init__(self, data: Any, where: str, known: tuple[str, ...] | None):
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise _Invalid(f"{where or 'the file'} must be a mapping of keys to values")
        unknown = sorted(set(map(str, data)) - set(known)) if known is not None else []
        if unknown:
            raise _Invalid(
                f"unknown key {where + '.' if where else ''}{unknown[0]}; known keys: {', '.join(known)}"
            )
        self.data, self.where = data, where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type, default: Any) -> Any:
        value = self.data.get(key, default)
        if value is None and default is None:
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            raise _Invalid(f"{self._name(key)} must be {_KIND_NAMES.get(kind, kind.__name__)}, not {value!r}")
        return value

    def positive(self, key: str, kind: type, default: Any) -> Any:
        value = self.get(key, kind, default)
        if value <= 0:
            raise _Invalid(f"{self._name(key)} must be above 0, not {value!r}")
        return value

    def section(self, key: str, known: tuple[str, ...] | None) -> "_Section":
        return _Section(self.data.get(key), self._name(key), known)


def _require_env(env: Mapping[str, str], name: str, why: str) -> str:
    value = env.get(name, "")
    if not value:
        raise _Invalid(f"{why} needs the environment variable {name}")
    return value


def _channels(raw: Any, env: Mapping[str, str]) -> dict[str, ChannelConfig]:
    names = _Section(raw, "channels", None)
    channels = {}
    for name in names.data:
        if not _CHANNEL_NAME.match(str(name)):
            raise _Invalid(f"channel name {name!r} must be lower-case letters, digits and _")
        section = names.section(name, None)
        kind = section.get("kind", str, "generic")
        try:
            settings = registry.read_settings(name, kind, section.data, env)
        except ValueError as exc:
            raise _Invalid(str(exc)) from None
        channels[name] = ChannelConfig(name=name, kind=kind, settings=settings)
    return channels


def _robots(section: _Section, env: Mapping[str, str]) -> tuple[RobotConfig, ...]:
    platforms = section.get("robots", list, [])
    robots = []
    for platform in platforms:
        if platform not in ROBOT_PLATFORMS:
            raise _Invalid(
                f"alerts.robots: {platform!r} is not one of {', '.join(ROBOT_PLATFORMS)}"
            )
        prefix = f"ALERT_{platform.upper()}"
        url = _require_env(env, f"{prefix}_URL", f"the {platform} alert robot (its webhook URL)")
        robots.append(RobotConfig(platform, url, env.get(f"{prefix}_SECRET") or None))
    return tuple(robots)


def _agent(section: _Section, env: Mapping[str, str]) -> AgentConfig:
    phrases = section.get("quick_phrases", list, [])
    for i, phrase in enumerate(phrases):
        if not isinstance(phrase, str) or not phrase.strip():
            raise _Invalid(f"agent.quick_phrases[{i}] must be a non-empty string, not {phrase!r}")
    defaults = AgentConfig()
    first = env.get("AGENT_SUPERVISOR") or None
    if first is not None and not (":" in first and all(first.split(":", 1))):
        raise _Invalid("AGENT_SUPERVISOR must be NAME:PASSWORD (the first supervisor's), e.g. 店长:a-long-password")
    return AgentConfig(
        token=env.get("AGENT_TOKEN") or None,
        first_supervisor=tuple(first.split(":", 1)) if first else None,  # type: ignore[arg-type]
        quick_phrases=tuple(p.strip() for p in phrases),
        wait_alert_s=section.positive("wait_alert_s", int, defaults.wait_alert_s),
        session_ttl_s=section.positive("session_ttl_s", int, defaults.session_ttl_s),
    )


def _names(section: _Section, key: str) -> frozenset[str]:
    names = section.get(key, list, [])
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise _Invalid(f"{section._name(key)}[{i}] must be an intent name, not {name!r}")
    return frozenset(names)


def _connection_limits(server: _Section) -> ConnectionLimits:
    defaults = ConnectionLimits()
    limits = ConnectionLimits(**{k: server.positive(k, type(getattr(defaults, k)), getattr(defaults, k))
                                 for k in ConnectionLimits.__dataclass_fields__})
    for key in ("keepalive_s", "body_timeout_s"):
        if getattr(limits, key) > MAX_TIMEOUT_S:
            raise _Invalid(f"server.{key} must be at most {MAX_TIMEOUT_S:g} s (a held socket is a socket"
                           f" no one else gets), not {getattr(limits, key)!r}")
    return limits


def _parse(data: Any, env: Mapping[str, str], base: Path) -> Config:
    """Checks a loaded YAML document; relative paths are taken from `base`, the file's folder."""
    top = _Section(
        data, "", ("server", "engine", "store", "channels", "alerts", "limits", "delivery", "agent", "marks")
    )
    server = _server(top)
    port = server.positive("port", int, 8080)
    if port > 65535:
        raise _Invalid(f"server.port must be at most 65535, not {port}")
    engine = top.section("engine", (*_ENGINE_DEFAULTS, "catalog"))
    catalog = engine.get("catalog", str, None)
    backend = _backend(top)
    alerts = top.section("alerts", ("robots", "on_intents"))
    limits = top.section("limits", tuple(Limits.__dataclass_fields__))
    delivery = top.section("delivery", tuple(DeliveryConfig.__dataclass_fields__))
    defaults_l, defaults_d = Limits(), DeliveryConfig()
    return Config(
        host=server.get("host", str, "127.0.0.1"),
        port=port,
        data_dir=_data_dir(server, base),
        trusted_proxies=_trusted_proxies(server),
        connections=_connection_limits(server),
        engine=EnginePaths(
            *(base / engine.get(k, str, v) for k, v in _ENGINE_DEFAULTS.items()),
            catalog=base / catalog if catalog else None,
        ),
        store=backend,
        pool_size=_pool_size(top),
        redis_url=env.get("REDIS_URL") or Config.redis_url,
        database_url=_database_url(backend, env),
        channels=_channels(top.data.get("channels"), env),
        robots=_robots(alerts, env),
        alert_intents=_names(alerts, "on_intents"),
        limits=Limits(
            **{
                k: limits.positive(k, type(getattr(defaults_l, k)), getattr(defaults_l, k))
                for k in Limits.__dataclass_fields__
            }
        ),
        delivery=DeliveryConfig(
            **{
                k: delivery.positive(k, type(getattr(defaults_d, k)), getattr(defaults_d, k))
                for k in DeliveryConfig.__dataclass_fields__
            }
        ),
        agent=_agent(top.section("agent", ("quick_phrases", "wait_alert_s", "session_ttl_s")), env),
        marks=_marks(top),
    )


def _marks(top: _Section) -> MarksPolicy:
    """marks: how many of the agents' recent marks must say a kind of reading was wrong before it waits for them."""
    section, defaults = top.section("marks", tuple(MarksPolicy.__dataclass_fields__)), MarksPolicy()
    rate = section.get("rate", float, defaults.rate)
    if not 0.0 <= rate <= 1.0:
        raise _Invalid(f"marks.rate must be a share from 0 to 1 (0.15: held while more than 15 % of the marks say"
                       f" wrong; 1 never holds), not {rate!r}")
    return MarksPolicy(rate=rate, min_marks=section.positive("min_marks", int, defaults.min_marks),
                       window_s=section.positive("window_s", float, defaults.window_s),
                       refresh_s=section.positive("refresh_s", float, defaults.refresh_s))


def _server(top: _Section) -> _Section:
    return top.section("server", ("host", "port", "data_dir", "trusted_proxies",
                                  *ConnectionLimits.__dataclass_fields__))


def _trusted_proxies(server: _Section) -> tuple[IPv4Network | IPv6Network, ...]:
    """server.trusted_proxies: addresses or networks (10.0.0.0/8) of the reverse proxies in front."""
    proxies = []
    for i, entry in enumerate(server.get("trusted_proxies", list, [])):
        try:
            if not isinstance(entry, str):
                raise ValueError(entry)
            proxies.append(ip_network(entry.strip()))
        except ValueError:
            raise _Invalid(f"server.trusted_proxies[{i}] must be an IP address or a network like 10.0.0.0/8"
                           f" (host bits zero), not {entry!r}") from None
    return tuple(proxies)


def _backend(top: _Section) -> str:
    backend = top.section("store", STORE_KEYS).get("backend", str, "sqlite")
    if backend not in STORE_BACKENDS:
        raise _Invalid(f"store.backend must be one of {', '.join(STORE_BACKENDS)}, not {backend!r}")
    return backend


def _pool_size(top: _Section) -> int:
    """store.pool_size: one connection for the group commit's writes and at least one for reads."""
    size = top.section("store", STORE_KEYS).positive("pool_size", int, Config.pool_size)
    if size < 2:
        raise _Invalid(f"store.pool_size must be at least 2 (one connection for the writes, one for reads), not {size}")
    return size


def _database_url(backend: str, env: Mapping[str, str]) -> str | None:
    """PostgreSQL's URL, from the environment only (it holds a password); needed by the postgres backend."""
    if backend != "postgres":
        return None
    url = _require_env(env, "DATABASE_URL", "store.backend postgres")
    if urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise _Invalid("DATABASE_URL must be a PostgreSQL URL, e.g. postgresql://shopbot:PASSWORD@db-host:5432/shopbot")
    return url


def _data_dir(server: _Section, base: Path) -> Path:
    return base / server.get("data_dir", str, "data")


def load_config(path: Path | str = DEFAULT_CONFIG, env: Mapping[str, str] | None = None) -> Config:
    """Reads and checks the YAML file; secrets come from `env` (the process environment by default)."""
    return _read(Path(path), lambda data, base: _parse(data, os.environ if env is None else env, base))


@dataclass(frozen=True)
class Tables:
    """Where `serve` keeps its tables: the data folder's SQLite file, or PostgreSQL (`store.backend: postgres`)."""

    data_dir: Path
    backend: str = "sqlite"
    database_url: str | None = field(default=None, repr=False)  # DATABASE_URL
    marks: MarksPolicy = field(default_factory=MarksPolicy)  # what the agents' marks hold back (the `marks` command)


def load_tables(path: Path | str = DEFAULT_CONFIG, env: Mapping[str, str] | None = None) -> Tables:
    """The tables `serve` uses, for commands that need them but no channel's secrets (`agents`)."""
    def parse(data: Any, base: Path) -> Tables:
        top = _Section(data, "", None)
        backend = _backend(top)
        return Tables(_data_dir(_server(top), base), backend,
                      _database_url(backend, os.environ if env is None else env), _marks(top))

    return _read(Path(path), parse)


def _read(path: Path, parse: Any) -> Any:
    data = read_yaml(path, "safe", "config file")
    try:
        return parse(data, path.resolve().parent)
    except _Invalid as exc:
        raise ConfigError([Problem(path, 0, str(exc))]) from None
