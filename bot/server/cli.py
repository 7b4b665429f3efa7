"""`python run_bot.py serve`: the service on a host and port, until SIGINT or SIGTERM."""
from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from aiohttp import web

from bot.config import DEFAULT_CONFIG, load_config
from bot.intents import ConfigError, Problem

from .app import create_app
from .logs import setup_logging

# In-flight requests get this long to finish on SIGTERM; queued deliveries are kept regardless.
SHUTDOWN_GRACE_S = 10.0


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
    setup_logging()
    logging.getLogger(__name__).info(
        "serving on http://%s:%s, data in %s, %s store", config.host, config.port, config.data_dir,
        config.store,
    )
    try:
        web.run_app(create_app(config), host=config.host, port=config.port,
                    shutdown_timeout=SHUTDOWN_GRACE_S, access_log=None, print=None,
                    loop=_event_loop())
    except ConnectionError as exc:  # Redis named in the config cannot be reached
        raise ConfigError([Problem(Path(args.config), 0, str(exc))]) from None
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the agent-assist API and the IM webhooks over HTTP")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="the YAML config file")
    p.add_argument("--host", help="address to listen on (default: the config's, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default: the config's, 8080)")
    p.add_argument("--data-dir", type=Path, help="folder of the SQLite file (default: the config's, ./data)")
    p.set_defaults(run=_serve)
