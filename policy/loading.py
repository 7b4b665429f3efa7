"""Reading `policy/shop.yaml` into ShopRules, checked once where it enters.

Shop staff edit this file, so every problem names the line and says what to put there: a missing
key, a word where a number belongs, a rate above 1, an hour past 23, a time zone that does not
exist. The rules trust the values they get; nothing wrong gets past this module."""
from __future__ import annotations

import dataclasses
import math
import typing
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.intents import ConfigError, Problem, read_yaml, yaml_line
from policy.rules import ShopRules


class _Invalid(Exception):
    """One bad value; `_build` adds the file and line."""


def _range(name: str) -> tuple[float, float]:
    """What a number may be, by what it means: rates and discounts are fractions, hours of the
    day are 0-23, everything else (money, hours, days, rounds) is at least 0."""
    if name.endswith("_rate") or name == "max_discount":
        return 0.0, 1.0
    if name.endswith("_hour"):
        return 0, 23
    return 0, math.inf


def _value(kind: Any, value: Any, name: str) -> Any:
    """`value` as `kind`, or _Invalid saying what to put there."""
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list):
            raise _Invalid(f"must be a list ([a, b] or lines starting with '- '), not {value!r}")
        for item in value:
            if not isinstance(item, (str, int, float)) or isinstance(item, bool) or not str(item).strip():
                raise _Invalid(f"has an entry {item!r}; each entry must be a word or phrase")
        return tuple(str(v).strip() for v in value)
    if typing.get_origin(kind) is typing.Literal:
        if value not in typing.get_args(kind):
            raise _Invalid(f"must be one of {', '.join(typing.get_args(kind))}, not {value!r}")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise _Invalid(f"must be true or false, not {value!r}")
        return value
    if typing.get_origin(kind) is dict:
        if not isinstance(value, dict) or not value:
            raise _Invalid(f"must be a mapping (lines of 'key: value'), not {value!r}")
        key_kind, value_kind = typing.get_args(kind)
        return {_value(key_kind, k, name): _value(value_kind, v, name) for k, v in value.items()}
    if kind is str:
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            raise _Invalid(f"must be a non-empty text, not {value!r}")
        return str(value).strip()
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(f"must be a number, not {value!r}")
        if kind is int and value != int(value):
            raise _Invalid(f"must be a whole number, not {value!r}")
        low, high = _range(name)
        if not low <= value <= high:
            allowed = f"from {low:g} to {high:g}" if high != math.inf else f"{low:g} or more"
            raise _Invalid(f"must be {allowed}, not {value!r}")
        return kind(value)
    return value


def _build(cls: type, data: Any, path: Path, where: str, line: int = 0) -> Any:
    """A rules dataclass from a YAML mapping, naming the key and line of any missing or bad value;
    `line` is where the mapping's key stands in the file."""
    if not isinstance(data, dict):
        what = f"'{where}'" if where else "the policy file"
        keys = ", ".join(f.name for f in dataclasses.fields(cls))
        raise ConfigError([Problem(path, line, f"{what} must be a mapping with the keys {keys}")])
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        name = f"{where}.{f.name}" if where else f.name
        if f.name == "cues":  # from their own file
            continue
        if f.name not in data:
            raise ConfigError([Problem(path, yaml_line(data), f"missing '{name}'")])
        value, kind = data[f.name], hints[f.name]
        if dataclasses.is_dataclass(kind):
            values[f.name] = _build(kind, value, path, name, yaml_line(data, f.name))
            continue
        try:
            values[f.name] = _value(kind, value, f.name)
            if f.name == "timezone":
                ZoneInfo(values[f.name])
        except _Invalid as exc:
            raise ConfigError([Problem(path, yaml_line(data, f.name), f"'{name}' {exc}")]) from None
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError([Problem(path, yaml_line(data, f.name),
                                       f"'{name}': {value!r} is not a time zone; use one like Asia/Shanghai")]) from None
    return cls(**values)


def _read(path: Path) -> Any:
    return read_yaml(path, what="policy file")


CUES_FILE = "cues.yaml"


def load_cues(path: Path) -> dict[str, tuple[str, ...]]:
    """The words that tell one situation from another within an intent (`cues.yaml` beside the shop's
    values); a shop without the file gets the plain cases only."""
    if not path.exists():
        return {}
    data = _read(path)
    if not isinstance(data, dict):
        raise ConfigError([Problem(path, 0, "must be a mapping: situation name -> list of cue words")])
    cues = {}
    for name, words in data.items():
        try:
            cues[str(name)] = _value(tuple[str, ...], words, str(name))
        except _Invalid as exc:
            raise ConfigError([Problem(path, yaml_line(data, name), f"'{name}' {exc}")]) from None
    return cues


def load_rules(path: Path) -> ShopRules:
    path = Path(path)
    rules = _build(ShopRules, _read(path), path, "")
    bargaining = rules.bargaining
    for pieces, discount in bargaining.multi_piece.items():
        if not 2 <= pieces or not 0 < discount <= bargaining.max_discount:
            data = _read(path)
            raise ConfigError([Problem(path, yaml_line(data["bargaining"], "multi_piece"),
                                       f"'bargaining.multi_piece' {pieces}: {discount} must be 2 or more pieces at a discount "
                                       f"above 0 and at most max_discount ({bargaining.max_discount:g})")])
    return dataclasses.replace(rules, cues=load_cues(path.with_name(CUES_FILE)))
