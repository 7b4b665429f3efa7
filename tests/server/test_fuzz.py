"""Every route of the app, fed what hypothesis makes up: odd JSON (lone surrogates, deep nesting,
huge and odd numbers, wrong types, missing and extra keys), odd path parameters and queries, over
real HTTP. Whatever comes in, the answer is never a 5xx: an integration retries a 500 forever.

The routes are read from the app's router, so a route added later is fuzzed too."""
from __future__ import annotations

import asyncio
import http.client
import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings, strategies as st

from bot.server import create_app

from .conftest import AGENT_TOKEN, _serve, free_port, service_config, sign_channel

# Text as integrations might send it, with the parts Python's own strategies leave out: lone
# surrogates (a `\ud800` escape), controls, right-to-left marks, full-width and superscript digits.
ODD = "\ud800\udfff\ud83d\x00\x1b\u202e\ufeff²３٣"
text = st.text(st.characters(codec=None, exclude_categories=()) | st.sampled_from(ODD), max_size=40)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                           max_leaves=12)
deep = st.integers(1, 3000).map(lambda n: "[" * n + "]" * n)

GOOD: dict[str, dict[str, Any]] = {  # a valid body per route, which the fuzz then spoils one key at a time
    "webhook": {"message_id": "m-1", "conversation_id": "c-1", "buyer_id": "b-1", "text": "什么时候发货",
                "timestamp": 1796176800, "order": {"order_id": "T1", "status": "paid", "amount": 10,
                                                   "paid_at": "2026-12-01T10:00:00+08:00",
                                                   "items": [{"sku": "s", "title": "杯子", "price": 10, "qty": 1}]}},
    "review": {"review_id": "r-1", "buyer_id": "b-1", "rating": 1, "text": "买贵了，尺码也小", "order_id": "T1003",
               "created_at": "2026-12-01T10:00:00+08:00"},
    "suggest": {"conversation_id": "c-1", "text": "能便宜点吗", "buyer_id": "b-1", "order_id": "T1003",
                "now": "2026-12-01T10:00:00+08:00"},
    "feedback": {"conversation_id": "c-1", "action": "wrong_intent", "intent": "bargain", "message_id": "m-1",
                 "suggestion": "亲", "text": "亲"},
    "send": {"conversation_id": "c-1", "text": "亲，在的", "suggestion": "亲"},
}


def _good(path: str) -> dict[str, Any]:
    for key in ("review", "suggest", "feedback", "send"):
        if key in path:
            return GOOD[key]
    return GOOD["feedback"] if "wrong-intent" in path else GOOD["webhook"]


@st.composite
def bodies(draw: st.DrawFn, path: str) -> bytes:
    """Anything as JSON, or a valid body with one key spoiled, dropped or nested deep."""
    kind = draw(st.sampled_from(["any", "spoiled", "spoiled", "dropped", "deep"]))
    if kind == "any":
        return json.dumps(draw(json_values)).encode()
    good = dict(_good(path))
    key = draw(st.sampled_from(sorted(good)))
    if kind == "dropped":
        del good[key]
        return json.dumps(good).encode()
    if kind == "deep":
        return json.dumps({**good, key: "DEEP"}).encode().replace(b'"DEEP"', draw(deep).encode())
    good[key] = draw(json_values)
    return json.dumps(good).encode()  # ensure_ascii: a lone surrogate goes as its \\u escape


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The app on a real port in a thread of its own (hypothesis drives it synchronously), with a
    channel that accepts every reply."""
    tmp = tmp_path_factory.mktemp("fuzz")
    port, ready, stop = free_port(), threading.Event(), threading.Event()
    routes: list[tuple[str, str]] = []

    async def accept(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def main() -> None:
        sink_runner, sink = await _serve(accept)
        app = create_app(service_config(tmp, send_url=f"{sink}/send", rate=100_000), engine)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        routes.extend((r.method, r.resource.canonical) for r in app.router.routes()
                      if r.method in ("GET", "POST") and r.resource is not None)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        await runner.cleanup()
        await sink_runner.cleanup()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the app did not start"
    yield f"127.0.0.1:{port}", routes
    stop.set()
    thread.join(30)


def request(where: str, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
    host, port = where.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def fill(template: str, values: list[str]) -> str:
    """The route's template with each `{param}` replaced by a (percent-encoded) made-up value."""
    out, rest = "", template
    for value in values:
        head, _, tail = rest.partition("{")
        _, _, rest = tail.partition("}")
        out += head + quote(value.encode("utf-8", "surrogatepass"), safe="")
    return out + rest


STREAMS = ("/api/agent/events",)  # a live stream: answered, then held open on purpose


def test_the_router_has_the_routes_this_fuzz_knows(server):
    """A guard on the fuzz itself: if the router's routes were not found, nothing would be fuzzed."""
    _, routes = server
    paths = {path for _, path in routes}
    assert {"/webhook/{channel}", "/webhook/{channel}/review", "/api/suggest", "/api/feedback"} <= paths


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_input_gets_a_5xx_on_any_route(server, data):
    where, routes = server
    method, template = data.draw(st.sampled_from([r for r in routes if r[1] not in STREAMS]), label="route")
    params = template.count("{")
    values = ["generic" if "{channel}" in template and i == 0 and data.draw(st.booleans())
              else data.draw(text, label="param") for i in range(params)]
    path = fill(template, values)
    if data.draw(st.booleans(), label="query"):
        path += "?" + "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
                               for k, v in data.draw(st.dictionaries(st.sampled_from(["limit", "x", "now"]), text,
                                                                     max_size=2)).items())
    body = data.draw(bodies(template), label="body") if method == "POST" else None
    headers = {"Authorization": f"Bearer {AGENT_TOKEN}", "Content-Type": "application/json"}
    if body is not None and template.startswith("/webhook/"):
        headers |= sign_channel(body, timestamp=int(time.time()))
    status, answer = request(where, method, path, body, headers)
    assert status < 500, f"{method} {path} {body[:300] if body else b''!r} -> {status} {answer[:500]!r}"
