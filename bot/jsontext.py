"""JSON as the service writes it everywhere (stored rows, HTTP bodies, live events): UTF-8 with
Chinese kept readable, times and other odd values as text. orjson, because every buyer message
is written as JSON several times and the standard library's encoder is several times slower."""
from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_SERIALIZE_NUMPY


def dumpb(value: Any) -> bytes:
    return orjson.dumps(value, default=str, option=_OPTIONS)


def dumps(value: Any) -> str:
    return dumpb(value).decode()
