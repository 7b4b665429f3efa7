"""Hot reload: a trainer saves a file under intents/, replies/ or catalog/ or the policy file, and the running
service answers with it a moment later, with no restart.

Each reload builds everything the files make, in full and off the event loop: a new engine with a
tokenizer of its own (so a rejected reload never touches the live word segmentation, and a word
taken out of dictionary.txt is gone) and the review rules, which read the same shop.yaml (so chat
and review remedies never disagree). It is checked with `bot.validate` and swapped in whole, as one
`Serving`, into the app's one holder (`Live`) only when it has no error. A file with an error is
rejected: each problem is logged with its file, line and what to fix, the previous files keep
serving, and the result (ok, or the problems) is the holder's `last_reload`, shown on /healthz, in
/metrics and in the agents' window. Requests read what serves once when they start, so a request
runs on one engine from start to end.

Templates: a served engine's Jinja environment is filled with every template up front and stops
looking at the disk, so a half-edited or broken template never reaches buyers through the old
engine; each rebuilt engine gets its own fresh environment, which is how edits are seen.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import TemplateError
from watchfiles import Change, DefaultFilter, awatch

from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import ConfigError, Problem, user_words_file
from bot.matcher import MatchOptions
from bot.render import TEMPLATE_SUFFIX
from bot.reviews.rules import ReviewRules, load_review_rules

log = logging.getLogger(__name__)

Fingerprint = dict[str, tuple[int, int]]


def _absolute(paths: EnginePaths) -> EnginePaths:
    return EnginePaths(*(Path(os.path.abspath(p)) for p in (paths.intents, paths.replies, paths.policy, paths.aspects)),
                       catalog=Path(os.path.abspath(paths.catalog)) if paths.catalog else None)


@dataclass(frozen=True)
class Serving:
    """What the shop's files make, built and checked together and swapped in whole."""

    engine: Engine
    review_rules: ReviewRules


@dataclass(frozen=True)
class ReloadResult:
    """How the last reload went: ok, or the problems (file relative to the shop, line, message)."""

    ok: bool
    at: float
    why: str
    problems: tuple[tuple[str, int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "at": self.at, "why": self.why,
                "problems": [{"file": f, "line": n, "message": m} for f, n, m in self.problems]}


@dataclass
class Live:
    """The app's one holder of what serves now. A reload replaces `serving` in one assignment;
    handlers read `app[LIVE].serving` (or `.engine`) once per request and never keep it."""

    serving: Serving
    last_reload: ReloadResult | None = None  # None until the files change after start
    on_reload: list[Callable[[ReloadResult], None]] = field(default_factory=list)

    @property
    def engine(self) -> Engine:
        return self.serving.engine

    @property
    def review_rules(self) -> ReviewRules:
        return self.serving.review_rules

    def record(self, result: ReloadResult) -> None:
        self.last_reload = result
        for listener in self.on_reload:
            listener(result)


def is_engine_file(paths: EnginePaths, path: str | Path) -> bool:
    """The files an engine is built from: intent YAML and the user dictionary, reply templates
    (sub-folders too), the policy file, product files. Editors' temporary and backup files are not."""
    p = Path(path)
    if p == paths.policy or (p.parent == paths.policy.parent and p.suffix == ".yaml"):  # reviews.yaml too
        return True
    if p.parent == paths.aspects or (paths.catalog is not None and p.parent == paths.catalog):
        return p.suffix == ".yaml"
    if p.parent == paths.intents:
        return p.suffix == ".yaml" or p == user_words_file(paths.intents)
    return p.suffix == TEMPLATE_SUFFIX and paths.replies in p.parents


class _EngineFiles(DefaultFilter):
    def __init__(self, paths: EnginePaths) -> None:
        super().__init__()
        self._paths = paths

    def __call__(self, change: Change, path: str) -> bool:
        return super().__call__(change, path) and is_engine_file(self._paths, path)


def fingerprint(paths: EnginePaths) -> Fingerprint:
    """(mtime, size) of every engine file: tells whether anything changed while no one watched."""
    out: Fingerprint = {}
    candidates = [*paths.policy.parent.glob("*.yaml"), *paths.intents.glob("*"), *paths.aspects.glob("*"),
                  *paths.replies.rglob(f"*{TEMPLATE_SUFFIX}"), *(paths.catalog.glob("*.yaml") if paths.catalog else ())]
    for p in candidates:
        if is_engine_file(paths, p):
            with contextlib.suppress(OSError):
                st = p.stat()
                out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


def freeze_templates(engine: Engine) -> list[str]:
    """Compiles every template into the engine's environment and stops it re-reading the disk, so
    the engine serves the templates it was checked with. Returns the ones that failed to compile
    (left to load lazily and fail at render time, as they would without this)."""
    env, failed = engine.env, []
    for name in env.list_templates(extensions=[TEMPLATE_SUFFIX.lstrip(".")]):
        try:
            env.get_template(name)
        except TemplateError:
            failed.append(name)
    env.auto_reload = False
    return failed


def concerns_engine(paths: EnginePaths, path: Path) -> bool:
    """Whether a problem is in the files the reply engine is built from (not, say, the review
    aspects, which the service reads once at start-up)."""
    p = Path(os.path.abspath(path))
    folders = [Path(os.path.abspath(f)) for f in (paths.intents, paths.replies, paths.catalog) if f is not None]
    return p == Path(os.path.abspath(paths.policy)) or any(p == f or f in p.parents for f in folders)


def build_checked(paths: EnginePaths, options: MatchOptions = MatchOptions()) -> Engine:
    """A new engine from the files, with a tokenizer of its own, or ConfigError with every error
    `validate` finds (file, line, what to fix)."""
    from bot.validate import validate  # bot.validate imports the engine; keep this module light

    engine = build_engine(paths, options=options)
    errors = [p for p in validate(paths) if p.severity == "error" and concerns_engine(paths, p.path)]
    if errors:
        raise ConfigError(errors)
    freeze_templates(engine)
    return engine


def build_serving(paths: EnginePaths, options: MatchOptions = MatchOptions()) -> Serving:
    """Everything the files make, or ConfigError: the engine and the review rules (shop.yaml read once for both)."""
    engine = build_checked(paths, options)
    return Serving(engine, load_review_rules(paths.aspects, paths.policy.parent))


class Reloader:
    """Watches the shop's files and swaps in what they make after each change. Changes that arrive
    while a rebuild runs are gathered into the next one."""

    def __init__(self, paths: EnginePaths, live: Live) -> None:
        self.paths = _absolute(paths)
        self.live = live
        self.generation = 0  # rebuilds swapped in since start
        self.rejected = 0  # rebuilds refused for errors
        self.last_problems: list[Problem] = []
        self.history: list[str] = []  # why each rebuild ran: the files changed
        self.watching = asyncio.Event()
        self._stop = asyncio.Event()
        self._seen = fingerprint(self.paths)
        self._tasks: list[asyncio.Task] = []

    def _roots(self) -> list[tuple[list[Path], bool]]:
        """(folders, recursive) to watch. The policy file is watched through its folder (an editor
        that saves by renaming replaces the file a direct watch would follow), not recursively,
        unless that folder is already watched."""
        folders = [self.paths.intents, self.paths.replies, self.paths.aspects,
                   *([self.paths.catalog] if self.paths.catalog else [])]
        roots = [([p for p in folders if p.is_dir()], True)]
        parent = self.paths.policy.parent
        if not any(parent == f or f in parent.parents for f in folders):
            roots.append(([parent], False))
        return [r for r in roots if r[0]]

    async def start(self) -> None:
        queue: asyncio.Queue[set[tuple[Change, str]]] = asyncio.Queue()
        for folders, recursive in self._roots():
            self._tasks.append(asyncio.create_task(self._watch(folders, recursive, queue)))
        # awatch sets up its watches synchronously on its first step; let the tasks take it.
        for _ in range(5):
            await asyncio.sleep(0)
        self._tasks.append(asyncio.create_task(self._follow(queue)))
        self.watching.set()
        log.info("hot reload: watching %s, %s, %s and %s", self.paths.intents, self.paths.replies, self.paths.policy,
                 self.paths.catalog or "no catalogue")

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    async def _watch(self, folders: list[Path], recursive: bool, queue: asyncio.Queue) -> None:
        """On file systems without change events (some network and container mounts), set
        WATCHFILES_FORCE_POLLING=1 in the service's environment."""
        try:
            async for changes in awatch(*folders, watch_filter=_EngineFiles(self.paths), recursive=recursive,
                                        stop_event=self._stop, step=100):
                queue.put_nowait(changes)
        except asyncio.CancelledError:
            raise
        except Exception:  # e.g. the system's inotify watch limit: say so, keep serving
            log.exception("hot reload stopped watching %s; edits there need a restart until this is fixed",
                          ", ".join(map(str, folders)))

    async def _follow(self, queue: asyncio.Queue) -> None:
        if fingerprint(self.paths) != self._seen:  # edited between the start-up build and the watch
            await self.reload("files changed during start-up")
        while True:
            changes = await queue.get()
            while not queue.empty():
                changes |= queue.get_nowait()
            names = sorted({os.path.relpath(path, self.paths.intents.parent) for _, path in changes})
            await self.reload(", ".join(names))

    async def reload(self, why: str = "asked") -> bool:
        """Rebuilds now; True when the new files serve, False when the old ones stay."""
        started = time.perf_counter()
        self.history.append(why)
        options = self.live.engine.matcher.options
        loop = asyncio.get_running_loop()
        try:
            serving = await loop.run_in_executor(None, build_serving, self.paths, options)
        except ConfigError as exc:
            return self._rejected(why, list(exc.problems))
        except Exception as exc:  # a bug must not stop the watcher: keep serving, keep watching
            log.exception("hot reload failed after %s; the previous files keep serving", why)
            return self._rejected(why, [Problem(self.paths.intents, 0, f"the reload failed: {type(exc).__name__}: {exc}")],
                                  logged=True)
        self.live.serving = serving  # the one swap: every handler reads it from here
        self.generation += 1
        self.last_problems = []
        self.live.record(ReloadResult(True, time.time(), why))
        log.info("hot reload: %d intents serving after %s (%.2f s)", len(serving.engine.intents), why,
                 time.perf_counter() - started)
        return True

    def _rejected(self, why: str, problems: list[Problem], *, logged: bool = False) -> bool:
        self.rejected += 1
        self.last_problems = problems
        root = self.paths.intents.parent
        shown = tuple((os.path.relpath(os.path.abspath(p.path), root), p.line, p.message) for p in problems)
        self.live.record(ReloadResult(False, time.time(), why, shown))
        if not logged:
            log.error("hot reload rejected after %s; the previous files keep serving until this is fixed:\n%s",
                      why, "\n".join(str(p) for p in problems))
        return False


RELOADER = web.AppKey("reloader", Reloader)


def watch_engine_files(app: web.Application) -> None:
    """Adds hot reload to a service app: call after its other cleanup contexts are added."""
    app.cleanup_ctx.append(_hot_reload)


async def _hot_reload(app: web.Application) -> AsyncIterator[None]:
    from bot.server.keys import CONFIG, LIVE  # the server imports this module

    live = app[LIVE]
    freeze_templates(live.engine)
    reloader = Reloader(app[CONFIG].engine, live)
    app[RELOADER] = reloader
    await reloader.start()
    yield
    await reloader.stop()
