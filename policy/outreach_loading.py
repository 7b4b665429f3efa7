"""Reading `policy/outreach.yaml` into OutreachRules, checked once where it enters: shop staff edit
it, so every problem names the file, the line and what to put there."""
from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from bot.intents import ConfigError, Problem, read_yaml, yaml_line
from policy.outreach import NO_OUTREACH, ORDER_EVENTS, MessageRule, OutreachRules, QuietHours

ORDER_STATUSES = ("unpaid", "paid", "shipped", "delivered", "completed", "closed")
DURATION = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}
CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
RULE_KEYS = ("on", "after", "template", "only_while", "cancelled_by")


class _Bad(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _need(data: Any, key: str, where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise _Bad(yaml_line(data), f"missing '{where}{key}'")
    return data[key]


def _duration(value: Any, line: int, name: str) -> timedelta:
    match = DURATION.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not match:
        raise _Bad(line, f"'{name}' must be a duration like 30m, 2h or 3d, not {value!r}")
    return timedelta(**{UNITS[match[2]]: int(match[1])})


def _clock(value: Any, line: int, name: str) -> time:
    match = CLOCK.match(value) if isinstance(value, str) else None
    if not match:
        raise _Bad(line, f"'{name}' must be a time of day in quotes like \"21:30\", not {value!r}")
    return time(int(match[1]), int(match[2]))


def _count(value: Any, line: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(line, f"'{name}' must be a whole number, 0 or more, not {value!r}")
    return value


def _words(value: Any, line: int, name: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Bad(line, f"'{name}' must be a list of words ([a, b]), not {value!r}")
    for v in value:
        if allowed is not None and v not in allowed:
            raise _Bad(line, f"'{name}' has {v!r}; use one of {', '.join(allowed)}")
    return tuple(v.strip() for v in value)


def _rule(name: str, data: Any, line: int) -> MessageRule:
    where = f"messages.{name}."
    if not isinstance(data, dict):
        raise _Bad(line, f"'messages.{name}' must be a mapping with the keys {', '.join(RULE_KEYS)}")
    unknown = sorted(set(data) - set(RULE_KEYS))
    if unknown:
        raise _Bad(yaml_line(data, unknown[0]), f"unknown key '{where}{unknown[0]}'; a message knows {', '.join(RULE_KEYS)}")
    on = _need(data, "on", where)
    if on not in ORDER_EVENTS:
        raise _Bad(yaml_line(data, "on"), f"'{where}on' is {on!r}; use one of {', '.join(ORDER_EVENTS)}")
    template = _need(data, "template", where)
    if not isinstance(template, str) or not re.fullmatch(r"[a-z0-9_]+", template):
        raise _Bad(yaml_line(data, "template"), f"'{where}template' must name a file of replies/outreach/ without .j2, like remind_to_pay")
    return MessageRule(
        name=name, on=on, template=template,
        after=_duration(_need(data, "after", where), yaml_line(data, "after"), where + "after"),
        only_while=_words(data.get("only_while"), yaml_line(data, "only_while"), where + "only_while", ORDER_STATUSES),
        cancelled_by=_words(data.get("cancelled_by"), yaml_line(data, "cancelled_by"), where + "cancelled_by", ORDER_EVENTS),
    )


def _build(data: Any) -> OutreachRules:
    quiet = _need(data, "quiet_hours", "")
    caps = _need(data, "caps", "")
    messages = _need(data, "messages", "")
    if not isinstance(messages, dict):
        raise _Bad(yaml_line(data, "messages"), "'messages' must be a mapping of message names to their rules")
    return OutreachRules(
        quiet=QuietHours(_clock(_need(quiet, "from", "quiet_hours."), yaml_line(quiet, "from"), "quiet_hours.from"),
                         _clock(_need(quiet, "to", "quiet_hours."), yaml_line(quiet, "to"), "quiet_hours.to")),
        per_order=_count(_need(caps, "per_order", "caps."), yaml_line(caps, "per_order"), "caps.per_order"),
        per_buyer_per_day=_count(_need(caps, "per_buyer_per_day", "caps."), yaml_line(caps, "per_buyer_per_day"),
                                 "caps.per_buyer_per_day"),
        opt_out_phrases=_words(_need(data, "opt_out_phrases", ""), yaml_line(data, "opt_out_phrases"), "opt_out_phrases"),
        messages=tuple(_rule(str(name), rule, yaml_line(messages, name)) for name, rule in messages.items()),
    )


def outreach_path(policy: Path) -> Path:
    """Beside the shop's policy file."""
    return Path(policy).parent / "outreach.yaml"


def load_outreach(path: Path) -> OutreachRules:
    """The rules; a shop without the file sends nothing first. Raises ConfigError with file and line."""
    path = Path(path)
    if not path.exists():
        return NO_OUTREACH
    data = read_yaml(path)
    try:
        return _build(data)
    except _Bad as exc:
        raise ConfigError([Problem(path, exc.line, str(exc))]) from None
