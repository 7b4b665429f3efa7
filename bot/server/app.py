"""`create_app(config)`: the one aiohttp application serving the agent-assist API, the IM webhooks
and the operations endpoints. What it opens (storage, the HTTP client, the delivery sender, alert
robots) lives in cleanup contexts, so it is closed in reverse order however the app stops."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import aiohttp
from aiohttp import web

from bot import agent_ui, demo
from bot.alerts import Alerter, AlertResult, make_robots
from bot.channels.base import Channel, Tools
from bot.channels.delivery import Sender
from bot.channels.registry import open_channels
from bot.config import Config
from bot.domain import InputError
from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import ConfigError, Problem
from bot.reviews.rules import load_review_rules
from bot.storage import StoreUnavailable, open_storage
from bot.storage.sql import DB_UNAVAILABLE
from bot.training.reload import Live, Serving, watch_engine_files
from bot.validate import check_templates

from . import api
from .api import json_response
from .assist import Assistant
from .follow_up import review_fixed
from .connections import Guard, body_reader
from .keys import ALERTER, ASSISTANT, CHANNELS, CONFIG, GUARD, LIVE, METRICS, SENDER, STORAGE
from .metrics import Metrics
from .openapi import openapi
from .outreach import order_webhook, outreach_context, outreach_due
from .remote import behind_proxies
from .reviews import review_webhook
from .webhook import webhook

MAX_BODY = 64 * 1024
STORE_RETRY_AFTER_S = 5  # while Redis or the database is down
log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _observe(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Times every request by route and answers every error as JSON `{"error": reason}`."""
    started = time.perf_counter()
    try:
        return await handler(request)
    except InputError as exc:
        return json_response({"error": str(exc)}, status=400)
    except StoreUnavailable as exc:  # logged once by the store, not once a request
        return _store_unavailable(str(exc))
    except DB_UNAVAILABLE as exc:  # nothing of the request was committed: it can come again
        log.warning("database unavailable: %s", str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
        return _store_unavailable("the database cannot take this now")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = json_response({"error": exc.reason}, status=exc.status)
        if "Retry-After" in exc.headers:  # 429, 503: when to come back
            response.headers["Retry-After"] = exc.headers["Retry-After"]
        return response
    finally:
        route = request.match_info.route.resource
        name = route.canonical if route is not None else "unmatched"
        request.app[METRICS].latency.labels(name).observe(time.perf_counter() - started)


def _store_unavailable(why: str) -> web.Response:
    response = json_response({"error": f"{why}; send it again shortly"}, status=503)
    response.headers["Retry-After"] = str(STORE_RETRY_AFTER_S)
    return response


async def healthz(request: web.Request) -> web.Response:
    """ok while the stores answer (503 when Redis or the database does not); `reload` is how the
    last hot reload went, if the files changed since start: ok, or each problem with its file and line."""
    storage = request.app[STORAGE]
    await storage.kv.get("healthz")
    await storage.read(lambda: storage.db.execute("SELECT 1").fetchone())
    last = request.app[LIVE].last_reload
    return json_response({"status": "ok", "reload": last.to_dict() if last else None})


async def metrics(request: web.Request) -> web.Response:
    m = request.app[METRICS]
    storage = request.app[STORAGE]
    m.pending.set(await storage.read(storage.deliveries.pending))
    return web.Response(body=m.exposition(), content_type="text/plain", charset="utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})


async def _storage(app: web.Application) -> AsyncIterator[None]:
    config = app[CONFIG]
    storage = await open_storage(config.data_dir, config.store, config.redis_url, config.database_url, config.pool_size)
    app[STORAGE] = storage
    app[ASSISTANT] = Assistant(app[LIVE], storage, config.limits, app[METRICS], config.marks)
    yield
    await storage.close()


async def _outbound(app: web.Application) -> AsyncIterator[None]:
    """The HTTP client, the channels (which send through it) and the sender and robots; on shutdown
    the batch in flight and alerts in flight get to finish, and undelivered replies stay queued for
    the next start."""
    config, m = app[CONFIG], app[METRICS]

    def counted(result: AlertResult) -> None:
        m.alerts.labels(result.platform, "ok" if result.ok else "failed").inc()

    async with aiohttp.ClientSession() as session:
        tools = Tools(session=session, kv=app[STORAGE].kv, skew_s=config.limits.signature_skew_s,
                      timeout_s=config.delivery.timeout_s)
        app[CHANNELS] = open_channels(config.channels, tools)
        sender = Sender(app[STORAGE].deliveries, app[CHANNELS], config.delivery,
                        commit=app[STORAGE].commit, read=app[STORAGE].read, on_result=m.delivery_result,
                        on_settled=lambda batch: agent_ui.announce_deliveries(app, batch))
        alerter = Alerter(make_robots(config.robots), session, on_result=counted)
        app[SENDER], app[ALERTER] = sender, alerter
        sender.start()
        report = asyncio.create_task(_report_channels(app[CHANNELS]), name="channel-report")
        yield
        report.cancel()
        await sender.stop()
        await alerter.drain(config.delivery.timeout_s)


async def _report_channels(channels: Mapping[str, Channel]) -> None:
    """Says at start which channels cannot send now (no send_url, nothing listening there), so a
    first run does not fill the log with retries nobody understands."""
    problems = await asyncio.gather(*(c.problem() for c in channels.values()))
    for name, problem in zip(channels, problems):
        if problem:
            log.warning("channel %s: %s", name, problem)
        else:
            log.info("channel %s: replies can go out", name)


def _checked_engine(paths: EnginePaths) -> Engine:
    """The engine of the config's files, refused with each problem's file and line when a template
    does not compile, uses a value the policy never provides or offers something for a review: the
    checks a hot reload makes, so a broken template fails `serve`, not the buyers who need it."""
    engine = build_engine(paths)
    errors = [p for p in check_templates(paths, list(engine.intents.values())) if p.severity == "error"]
    if errors:
        raise ConfigError(errors)
    return engine


def _check_alert_intents(config: Config, engine: Engine) -> None:
    """An alert on an intent the shop does not have would never fire, and nobody would notice."""
    unknown = sorted(config.alert_intents - engine.intents.keys())
    if unknown:
        raise ConfigError([Problem(config.engine.intents, 0,
                                   f"alerts.on_intents names {', '.join(map(repr, unknown))}, not an intent of"
                                   f" this folder; pick from {', '.join(sorted(engine.intents))}")])


def create_app(config: Config, engine: Engine | None = None) -> web.Application:
    """Builds the engine from the config's files now, so bad files fail before serving; pass a
    built `engine` to share one between apps (tests, the benchmark)."""
    counts, limits = Metrics(), config.connections
    guard = Guard(keepalive_s=limits.keepalive_s, body_timeout_s=limits.body_timeout_s,
                  max_connections=limits.max_connections, on_bite=lambda what: counts.limited.labels(what).inc())
    # the client's address first, so every throttle and log line after it sees the client, not the proxy
    outer = [behind_proxies(config.trusted_proxies)] if config.trusted_proxies else []
    app = web.Application(client_max_size=MAX_BODY, middlewares=[*outer, _observe, body_reader(guard)])
    app[CONFIG], app[GUARD], app[METRICS] = config, guard, counts
    serving = engine or _checked_engine(config.engine)
    _check_alert_intents(config, serving)
    app[LIVE] = Live(Serving(serving, load_review_rules(config.engine.aspects, config.engine.policy.parent)))
    app[LIVE].on_reload.append(counts.reloaded)
    app.cleanup_ctx.extend([_storage, _outbound, outreach_context(config)])
    app.add_routes([
        web.post("/api/suggest", api.suggest),
        web.post("/api/feedback", api.feedback),
        web.get("/api/conversations/{conversation_id}", api.conversation),
        web.get("/api/queue", api.queue),
        web.post("/api/reviews/{review_id}/fixed", review_fixed),
        web.post("/webhook/{channel}", webhook),
        web.get("/webhook/{channel}", webhook),  # a platform verifying its callback URL (wecom_kf)
        web.post("/webhook/{channel}/review", review_webhook),
        web.post("/webhook/{channel}/order", order_webhook),
        web.post("/api/outreach/due", outreach_due),
        web.get("/healthz", healthz),
        web.get("/metrics", metrics),
        web.get("/openapi.json", openapi),  # this table's contract (bot/server/openapi.yaml)
        *agent_ui.routes(),  # the agents' chat window at /agent
        *demo.ROUTES,  # the buyer's test page at /demo, behind the agents' login
    ])
    agent_ui.attach(app)  # its live updates: opened after storage, streams closed on shutdown
    if engine is None:  # an app that read its own files follows their edits (hot reload)
        watch_engine_files(app)
    return app
