"""Results kept for the message being answered: the engine, the matcher, the desk and the rules each ask the same text
several times a reply, and a text's reading costs more than keeping it."""
from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any, TypeVar

RECENT = 8  # texts whose results an instance keeps: those of the message being answered
T = TypeVar("T")


def per_text(size: int = RECENT) -> Callable[[Callable[[Any, str], T]], Any]:
    """A method of one text whose results for the last `size` texts each instance keeps: the attribute is the method
    wrapped in an `lru_cache` of its own (with `cache_clear`), made at first use, so frozen dataclasses can use it."""
    def keeping(method: Callable[[Any, str], T]) -> cached_property[Callable[[str], T]]:
        def kept(self: Any) -> Callable[[str], T]:
            return lru_cache(maxsize=size)(method.__get__(self))
        kept.__doc__ = method.__doc__
        return cached_property(kept)
    return keeping
