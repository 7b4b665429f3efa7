"""JSON as the service writes it everywhere (stored rows, HTTP bodies, live events): UTF-8 with
Chinese kept readable, times and other odd values as text. orjson, because every buyer message
is written as JSON several times and the standard library's encoder is several times slower."""
from __future__ import annotations

import json
import re
from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_SERIALIZE_NUMPY

# No body the service takes nests deeper than a few levels (an order's items); past this it is an
# attack on the parser, whose recursion would otherwise end in a RecursionError and a 500.
MAX_DEPTH = 32
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def dumpb(value: Any) -> bytes:
    return orjson.dumps(value, default=str, option=_OPTIONS)


def dumps(value: Any) -> str:
    return dumpb(value).decode()


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON value; send a number or null")


class NotText(ValueError):
    """Valid JSON that no store can keep: a string holding half of a UTF-16 pair (a `\\ud800`
    escape alone), or nesting past MAX_DEPTH. The message names the field."""


def _field(path: list[str | int]) -> str:
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"field {name!r}" if name else "the body"


def check_text(value: Any, name: str) -> None:
    """Raises NotText when `value` is a string no UTF-8 store can keep (a lone surrogate)."""
    if isinstance(value, str) and _LONE_SURROGATE.search(value):
        found = _LONE_SURROGATE.search(value).group()
        raise NotText(f"{name} holds {found.encode('unicode_escape').decode()}, half of a UTF-16 surrogate"
                      " pair, which is not text; send valid Unicode")


def _check(value: Any) -> None:
    """Walks a parsed value without recursion: depth, and every string and key being text."""
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        item, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise NotText(f"{_field(path[:MAX_DEPTH])} nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            check_text(item, _field(path))
        elif isinstance(item, dict):
            for key, child in item.items():
                check_text(key, f"a key in {_field(path)}")
                stack.append((child, [*path, key]))
        elif isinstance(item, list):
            stack.extend((child, [*path, i]) for i, child in enumerate(item))


def parse(text: str | bytes) -> Any:
    """JSON as it comes in (request bodies, input lines). Every failure is a ValueError whose message
    is for the sender: bad UTF-8, bad syntax, NaN or Infinity, an integer too long to read (without
    Python's advice on its digit limit, which is for us), nesting too deep, a lone surrogate (NotText,
    naming the field)."""
    try:
        value = json.loads(text, parse_constant=_not_json)
    except RecursionError:
        raise NotText(f"the body nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise ValueError(str(exc).split("; use sys.")[0]) from None
    _check(value)
    return value
