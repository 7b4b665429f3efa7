"""The platforms the bot speaks, by the `kind` a channel names in config.yaml: the one place that
knows them all. The config reads each channel's settings through its platform; the service opens
each channel through it."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import demo, generic, wecom_kf
from .base import Channel, Platform, Tools

KINDS: dict[str, Platform] = {"generic": generic, "wecom_kf": wecom_kf, "demo": demo}


def read_settings(name: str, kind: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    """The platform's typed settings; ValueError saying what to fix."""
    if kind not in KINDS:
        raise ValueError(f"channels.{name}.kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return KINDS[kind].read_settings(name, raw, env)


def open_channels(channels: Mapping[str, Any], tools: Tools) -> dict[str, Channel]:
    """Every configured channel (`ChannelConfig`s by name), opened with the service's tools."""
    return {name: KINDS[c.kind].open_channel(name, c.settings, tools) for name, c in channels.items()}
