"""`python run_bot.py serve`: the service on a host and port, until SIGINT or SIGTERM; with
`--workers N`, N processes on the same port."""
from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

from aiohttp import web

from bot.config import Config, DEFAULT_CONFIG, load_config
from bot.intents import ConfigError, Problem
from bot.storage.sqlite import open_database

from .app import create_app
from .connections import GuardedRunner, open_files_allow
from .keys import GUARD
from .logs import setup_logging

# In-flight requests get this long to finish on SIGTERM; queued deliveries are kept regardless.
SHUTDOWN_GRACE_S = 10.0
CANNOT_START = 2  # a worker's exit code when the port, the data folder or Redis keep it from serving
RESTART_MAX_S = 30.0  # the longest pause before starting again a worker that keeps dying at once


def _event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's when installed (a dependency; it serves the webhook with less CPU a request),
    else asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def _serve(args: argparse.Namespace) -> int:
    config = load_config(args.config).with_overrides(
        host=args.host, port=args.port, data_dir=args.data_dir
    )
    if args.catalog is not None:  # the catalogue to try, as classify/chat/eval take it
        config = replace(config, engine=replace(config.engine, catalog=args.catalog))
    if args.workers < 1:
        raise SystemExit("--workers must be 1 or more")
    setup_logging()
    logging.getLogger(__name__).info(
        "serving on http://%s:%s, data in %s, %s store, %d worker(s)", config.host, config.port,
        config.data_dir, config.store, args.workers,
    )
    if args.workers > 1:
        return _serve_workers(config, args.workers)
    try:
        _run(config, reuse_port=False)
    except ConnectionError as exc:  # Redis named in the config cannot be reached
        raise ConfigError([Problem(Path(args.config), 0, str(exc))]) from None
    except OSError as exc:  # the port is taken, the host unknown, the data folder cannot be made
        raise ConfigError([Problem(Path(args.config), 0, _cannot_start(config, exc))]) from None
    return 0


def _cannot_start(config: Config, exc: OSError) -> str:
    return (f"cannot serve on {config.host}:{config.port} with data in {config.data_dir}: {exc}; "
            "check server.host, server.port and server.data_dir (or --host, --port, --data-dir)")


def _run(config: Config, *, reuse_port: bool) -> None:
    cap = open_files_allow(config.connections.max_connections)
    app = create_app(replace(config, connections=replace(config.connections, max_connections=cap)))
    # What start-up built (the jieba dictionary, the index, the templates) lives as long as the
    # process: kept out of the collector's full passes, which would otherwise stall requests.
    gc.freeze()
    loop = _event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(_serve_app(app, config, reuse_port))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


async def _serve_app(app: web.Application, config: Config, reuse_port: bool) -> None:
    """Serves until SIGTERM or SIGINT, then stops gracefully: in-flight requests get
    SHUTDOWN_GRACE_S, the cleanup contexts close what they opened. Each connection is held to
    the config's connection limits (bot/server/connections.py)."""
    runner = GuardedRunner(app, app[GUARD], access_log=None, shutdown_timeout=SHUTDOWN_GRACE_S)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await runner.setup()
        await web.TCPSite(runner, config.host, config.port, reuse_port=reuse_port or None).start()
        await stop.wait()
    finally:
        await runner.cleanup()


def _serve_workers(config: Config, count: int) -> int:
    """`count` processes, each with its own event loop, engine and connections, listening on the
    same port (SO_REUSEPORT: the kernel spreads the connections over them). What must hold across
    them lives in the store, never in a process: dedupe, rate limits and sessions in the SQLite
    file (WAL, shared by processes) or in Redis; the delivery queue in the SQLite file, each
    worker claiming the replies it sends. SIGTERM or SIGINT stops them all gracefully. A worker
    that dies (a crash, kill -9, the OOM killer) is started again while the others keep serving
    (the kernel stops giving the dead one connections); one that dies straight after starting is
    started again after a pause that doubles up to RESTART_MAX_S; one that cannot start at all
    (exit 2: the port, the data folder, Redis, a broken engine file) stops them all, and this process exits 1."""
    if config.store != "postgres":
        open_database(config.data_dir).close()  # the file exists, in WAL mode, migrated, before they race
    context = multiprocessing.get_context("fork")  # nothing heavy is loaded yet: each builds its own
    parent, log = os.getpid(), logging.getLogger(__name__)
    stopping, failed = False, False

    def spawn(name: str) -> multiprocessing.process.BaseProcess:
        worker = context.Process(target=_worker, args=(config, parent), name=name)
        worker.start()
        started[worker.name] = time.monotonic()
        return worker

    started: dict[str, float] = {}
    pauses: dict[str, float] = {}
    alive = [spawn(f"serve-{i + 1}") for i in range(count)]

    def stop(signum: int | None = None, frame: object = None) -> None:
        nonlocal stopping
        stopping = True
        for worker in alive:
            if worker.is_alive():
                os.kill(worker.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while alive:
        ended = multiprocessing.connection.wait([w.sentinel for w in alive])
        for worker in [w for w in alive if w.sentinel in ended]:
            worker.join()
            alive.remove(worker)
            if stopping:
                continue
            if worker.exitcode == CANNOT_START:
                log.error("worker %s cannot start (see above); stopping the others", worker.name)
                failed = True
                stop()
                continue
            quick = time.monotonic() - started[worker.name] < RESTART_MAX_S
            pause = min(RESTART_MAX_S, pauses.get(worker.name, 0.5) * 2) if quick else 0.0
            pauses[worker.name] = pause or 0.5
            log.error("worker %s exited (%s); the others keep serving, starting it again%s", worker.name,
                      worker.exitcode, f" in {pause:g} s" if pause else "")
            resume = time.monotonic() + pause
            while not stopping and time.monotonic() < resume:  # a SIGTERM meanwhile is not kept waiting
                time.sleep(0.1)
            if not stopping:
                alive.append(spawn(worker.name))
    return 1 if failed else 0


def _worker(config: Config, parent: int) -> None:
    try:  # Linux: SIGTERM when the parent dies, even by kill -9, so no worker is left serving
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        sys.exit(0)
    try:
        _run(config, reuse_port=True)
    except ConfigError as exc:  # an engine file broken since the parent started: restarting will not help
        logging.getLogger(__name__).error("%s", exc)
        sys.exit(CANNOT_START)
    except ConnectionError as exc:
        logging.getLogger(__name__).error("%s", exc)
        sys.exit(CANNOT_START)
    except OSError as exc:
        logging.getLogger(__name__).error("%s", _cannot_start(config, exc))
        sys.exit(CANNOT_START)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the agent-assist API and the IM webhooks over HTTP")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="the YAML config file")
    p.add_argument("--host", help="address to listen on (default: the config's, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default: the config's, 8080)")
    p.add_argument("--data-dir", type=Path, help="folder of the SQLite file (default: the config's, ./data)")
    p.add_argument("--catalog", type=Path, help="folder of product YAML files (default: the config's engine.catalog)")
    p.add_argument("--workers", type=int, default=1,
                   help="processes serving the same port (default 1); they share dedupe, rate limits and "
                        "sessions through the store: the SQLite file or Redis")
    p.set_defaults(run=_serve)
