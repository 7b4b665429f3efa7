"""JSON as the service writes it everywhere (stored rows, HTTP bodies, live events): UTF-8 with
Chinese kept readable, times and other odd values as text. orjson, because every buyer message
is written as JSON several times and the standard library's encoder is several times slower."""
from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_SERIALIZE_NUMPY


def dumpb(value: Any) -> bytes:
    return orjson.dumps(value, default=str, option=_OPTIONS)


def dumps(value: Any) -> str:
    return dumpb(value).decode()


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON value; send a number or null")


def parse(text: str | bytes) -> Any:
    """JSON as it comes in (request bodies, input lines). Every failure is a ValueError whose message
    is for the sender: bad UTF-8, bad syntax, NaN or Infinity, an integer too long to read (without
    Python's advice on its digit limit, which is for us)."""
    try:
        return json.loads(text, parse_constant=_not_json)
    except ValueError as exc:
        raise ValueError(str(exc).split("; use sys.")[0]) from None
