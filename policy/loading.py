"""Reading `policy/shop.yaml` into ShopRules, checked once where it enters."""
from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from bot.intents import ConfigError, Problem
from policy.rules import ShopRules


def _build(cls: type, data: Any, path: Path, where: str) -> Any:
    """A rules dataclass from a YAML mapping, converting lists to tuples and naming any missing key."""
    if not isinstance(data, dict):
        raise ConfigError([Problem(path, 0, f"'{where}' must be a mapping")])
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            raise ConfigError([Problem(path, 0, f"missing '{where}.{f.name}'".replace("..", ".").lstrip("."))])
        value, kind = data[f.name], hints[f.name]
        try:
            if dataclasses.is_dataclass(kind):
                value = _build(kind, value, path, f"{where}.{f.name}")
            elif typing.get_origin(kind) is tuple:
                value = tuple(str(v) for v in value)
            elif kind in (int, float, str):
                value = kind(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError([Problem(path, 0, f"'{where}.{f.name}'".replace("'.", "'") + f" has a bad value {value!r}: {exc}")]) from exc
        values[f.name] = value
    return cls(**values)


def load_rules(path: Path) -> ShopRules:
    path = Path(path)
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError([Problem(path, 0, "policy file not found")]) from exc
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError([Problem(path, mark.line + 1 if mark else 0, f"YAML syntax error: {getattr(exc, 'problem', exc)}")]) from exc
    return _build(ShopRules, data, path, "")
