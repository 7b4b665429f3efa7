"""Turning an Offer into words with the shop's Jinja2 templates, safely.

Templates are written by shop staff, so they run in Jinja's sandbox with undefined variables as
errors; a template that fails is reported and the buyer gets the polite fallback instead.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_LINES = 4
TEMPLATE_SUFFIX = ".j2"


@pass_context
def choose(context: Context, *variants: str) -> str:
    """One of several phrasings, picked by the turn's seed so a conversation does not hear the same words twice."""
    if not variants:
        return ""
    seed = f"{context.get('seed', '')}|{variants[0]}"
    return variants[int.from_bytes(hashlib.blake2s(seed.encode(), digest_size=4).digest(), "big") % len(variants)]


class _Environment(SandboxedEnvironment):
    """Jinja's sandbox, with each template's globals kept as a plain dict: Jinja's ChainMap is
    copied key by key into every render's context, several times per buyer message. The
    globals are all set in `make_environment`, before any template loads."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._kept: dict[str, Template] = {}  # see get_template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def get_template(self, name: str | Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> Template:
        """A template once loaded is kept in a plain dict while the disk is not read again (`auto_reload` off: a reload
        builds a new environment): Jinja's own cache takes a weak reference, a lock and a scan of its LRU queue at
        every reply."""
        if parent is not None or globals or self.auto_reload or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        template = self._kept.get(name)
        if template is None:
            template = self._kept[name] = super().get_template(name)
        return template

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja names them
        """`choose`, our own function, called straight with its context (what the sandbox's checks and
        Jinja's Context.call end in, when no loop or block variables come along), a few times a reply."""
        if __obj is choose and not kwargs:
            return choose(__context, *args)
        return super().call(__context, __obj, *args, **kwargs)


def make_environment(replies_dir: Path) -> SandboxedEnvironment:
    """The one Jinja environment of an app: sandboxed, strict, templates compiled once and kept."""
    env = _Environment(
        loader=FileSystemLoader(str(replies_dir), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,  # replies are plain chat text; the web page escapes what it shows
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # no stat() per reply: a reload builds a new environment
    )
    env.globals["choose"] = choose
    return env


def tidy(text: str, *, max_lines: int = MAX_LINES) -> str:
    """Blank lines and surrounding spaces dropped; at most `max_lines` lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:max_lines])


class RenderError(Exception):
    """A template could not be rendered; the message names the template and the cause."""


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Any error of a shop's template is a RenderError: besides Jinja's own, what its expressions
    raise on some values only (`shop.name + 1`, `1 // n`), which `validate` cannot see."""
    try:
        return tidy(env.get_template(name + TEMPLATE_SUFFIX).render(**context))
    except Exception as exc:  # noqa: BLE001 - the template is data; its failure must not fail the message
        where = f"{getattr(exc, 'filename', None) or name + TEMPLATE_SUFFIX}:{getattr(exc, 'lineno', '?')}"
        raise RenderError(f"{where}: {exc.__class__.__name__}: {exc}") from exc


_SALUTATION = re.compile(r"^(?:亲亲|亲爱的|亲)[，,~～!！]*")


def combine(parts: list[str], *, max_lines: int = MAX_LINES) -> str:
    """One reply answering several requests: each part keeps its first lines, the whole stays short,
    and only the first part greets the buyer as 亲."""
    if len(parts) <= 1:
        return tidy("\n".join(parts), max_lines=max_lines)
    share = max(max_lines // len(parts), 1)
    kept = ["\n".join(p.splitlines()[:share]) for p in parts]
    kept[1:] = [_SALUTATION.sub("", p, count=1) for p in kept[1:]]
    return tidy("\n".join(kept), max_lines=max_lines)
