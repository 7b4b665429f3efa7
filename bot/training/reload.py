"""Hot reload: a trainer saves a file under intents/, replies/ or catalog/ or the policy file, and the running
service answers with it a moment later, with no restart.

The new engine is built off the event loop (jieba's dictionary is reused from the running engine),
checked with `bot.validate`, and swapped in with one assignment only when it has no error. A file
with an error is rejected: each problem is logged with its file, line and what to fix, and the
previous engine keeps serving. Requests read the engine when they start (`Assistant.engine`), so
a request runs on one engine from start to end.

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
import warnings
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from aiohttp import web
from jinja2 import TemplateError
from watchfiles import Change, DefaultFilter, awatch

from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import ConfigError, Problem, user_words_file
from bot.render import TEMPLATE_SUFFIX

log = logging.getLogger(__name__)

Fingerprint = dict[str, tuple[int, int]]


def _absolute(paths: EnginePaths) -> EnginePaths:
    return EnginePaths(*(Path(os.path.abspath(p)) for p in (paths.intents, paths.replies, paths.policy, paths.aspects)),
                       catalog=Path(os.path.abspath(paths.catalog)) if paths.catalog else None)


def is_engine_file(paths: EnginePaths, path: str | Path) -> bool:
    """The files an engine is built from: intent YAML and the user dictionary, reply templates
    (sub-folders too), the policy file, product files. Editors' temporary and backup files are not."""
    p = Path(path)
    if p == paths.policy:
        return True
    if paths.catalog is not None and p.parent == paths.catalog:
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
    candidates = [paths.policy, *paths.intents.glob("*"), *paths.replies.rglob(f"*{TEMPLATE_SUFFIX}"),
                  *(paths.catalog.glob("*.yaml") if paths.catalog else ())]
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


def build_checked(paths: EnginePaths, running: Engine | None = None) -> Engine:
    """A new engine from the files, or ConfigError with every error `validate` finds (file, line,
    what to fix). Reuses the running engine's tokenizer and match options."""
    from bot.validate import validate  # bot.validate imports the engine; keep this module light

    kwargs = {"options": running.matcher.options, "tokenizer": running.tokenizer} if running else {}
    engine = build_engine(paths, **kwargs)
    errors = [p for p in validate(paths) if p.severity == "error" and concerns_engine(paths, p.path)]
    if errors:
        raise ConfigError(errors)
    freeze_templates(engine)
    return engine


class Reloader:
    """Watches an engine's files and swaps a checked new engine in after each change.

    `current()` gives the engine serving now; `swap(engine)` makes a new one serve. Changes that
    arrive while a rebuild runs are gathered into the next one."""

    def __init__(self, paths: EnginePaths, current: Callable[[], Engine], swap: Callable[[Engine], None]) -> None:
        self.paths = _absolute(paths)
        self._current, self._swap = current, swap
        self.generation = 0  # engines swapped in since start
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
        folders = [self.paths.intents, self.paths.replies, *([self.paths.catalog] if self.paths.catalog else [])]
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
        """Rebuilds now; True when a new engine serves, False when the old one stays."""
        started = time.perf_counter()
        self.history.append(why)
        running = self._current()
        loop = asyncio.get_running_loop()
        try:
            engine = await loop.run_in_executor(None, build_checked, self.paths, running)
        except ConfigError as exc:
            self.rejected += 1
            self.last_problems = list(exc.problems)
            log.error("hot reload rejected after %s; the previous files keep serving until this is fixed:\n%s",
                      why, "\n".join(str(p) for p in exc.problems))
            return False
        except Exception:  # a bug must not stop the watcher: keep serving, keep watching
            self.rejected += 1
            log.exception("hot reload failed after %s; the previous files keep serving", why)
            return False
        self._swap(engine)
        self.generation += 1
        self.last_problems = []
        log.info("hot reload: %d intents serving after %s (%.2f s)", len(engine.intents), why,
                 time.perf_counter() - started)
        return True


RELOADER = web.AppKey("reloader", Reloader)


def watch_engine_files(app: web.Application) -> None:
    """Adds hot reload to a service app: call after its other cleanup contexts are added (it needs
    the Assistant that `_storage` makes). The engine serving is `app[ASSISTANT].engine`."""
    app.cleanup_ctx.append(_hot_reload)


async def _hot_reload(app: web.Application) -> AsyncIterator[None]:
    from bot.server.keys import ASSISTANT, CONFIG, ENGINE  # the server imports this module

    assistant = app[ASSISTANT]

    def swap(engine: Engine) -> None:
        """Both holders in one step of the event loop: no request runs between the two lines, and
        each request reads its engine once, so it sees the old or the new one, never a mix."""
        assistant.engine = engine  # the buyer-facing path: webhook and assist API
        with warnings.catch_warnings():  # aiohttp frowns on changing a started app's state;
            warnings.simplefilter("ignore", DeprecationWarning)  # this key is meant to change
            app[ENGINE] = engine  # handlers that read app[ENGINE] (reviews, the agents' page)

    freeze_templates(assistant.engine)
    reloader = Reloader(app[CONFIG].engine, current=lambda: assistant.engine, swap=swap)
    app[RELOADER] = reloader
    await reloader.start()
    yield
    await reloader.stop()
