"""The OpenAPI document against the real handlers: it is valid OpenAPI 3.1, it lists exactly the
app's routes, its example requests are sent to the running service and the answers checked against
its schemas, and the delivery the bot POSTs to a bridge is what its `webhooks` section says."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from bot.server import create_app
from bot.server.openapi import document

from .conftest import ROOT, SECRET, sign_channel, wait_for, write_config

METHODS = ("get", "post", "put", "patch", "delete")
DOC = document()


def operations() -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    """(path, method, operation, its parameters with the path item's), in the document's order."""
    found = []
    for path, item in DOC["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                found.append((path, method, op, [resolve(p) for p in item.get("parameters", []) + op.get("parameters", [])]))
    return found


def node_ref(ref: str) -> Any:
    target: Any = DOC
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    return node_ref(node["$ref"]) if "$ref" in node else node


def check(schema: dict[str, Any], value: Any, where: str) -> None:
    errors = sorted(Draft202012Validator({**schema, "components": DOC["components"]}).iter_errors(value), key=str)
    assert not errors, f"{where}: {errors[0].message} at {list(errors[0].absolute_path)}"


def response_schema(op: dict[str, Any], status: int, content_type: str) -> dict[str, Any] | None:
    responses = op["responses"]
    assert str(status) in responses, f"status {status} is not documented for {op['operationId']}"
    documented = resolve(responses[str(status)]).get("content", {})
    assert content_type in documented or not documented, (
        f"{op['operationId']} answered {status} as {content_type}; documented: {list(documented)}")
    return documented.get(content_type, {}).get("schema")


def url_of(path: str, params: list[dict[str, Any]]) -> tuple[str, dict[str, str]]:
    query = {p["name"]: str(p.get("example")) for p in params if p["in"] == "query" and p.get("required")}
    for p in params:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", str(p.get("example")))
    return path, query


@pytest.fixture
async def client(aiohttp_client, tmp_path, engine, channel):
    config = write_config(tmp_path, f"""
server: {{data_dir: data}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
channels:
  generic: {{send_url: '{channel.url}'}}
  demo: {{kind: demo}}
delivery: {{timeout_s: 2.0, backoff_first_s: 0.05, backoff_max_s: 0.2}}
""")
    return await aiohttp_client(create_app(config, engine))


def test_the_document_is_valid_openapi_3_1():
    validate(DOC)
    assert DOC["openapi"].startswith("3.1")


async def test_it_is_served_as_json(client):
    response = await client.get("/openapi.json")
    assert response.status == 200 and await response.json() == json.loads(json.dumps(DOC))


async def test_every_route_is_documented_and_every_documented_route_exists(client):
    served = {(r.method.lower(), r.resource.canonical) for r in client.app.router.routes() if r.method != "HEAD"}
    documented = {(method, path) for path, method, _, _ in operations()}
    assert served - documented == set(), "routes the document lacks"
    assert documented - served == set(), "documented routes the app does not serve"


def test_every_example_fits_its_schema():
    bodies = [(op["operationId"], body) for _, _, op, _ in operations() for body in [op.get("requestBody")] if body]
    bodies += [("delivery", DOC["webhooks"]["delivery"]["post"]["requestBody"])]
    for name, body in bodies:
        for content in body["content"].values():
            for key, example in content.get("examples", {}).items():
                check(content["schema"], example["value"], f"{name} example {key}")


async def test_the_examples_are_answered_as_documented(client, channel):
    """Every POST in the document's order (each example body, signed where the channel signs), then
    every GET whose required parameters have examples; each answer's status must be documented and
    its JSON must fit the documented schema. The examples build on one another (the webhook's
    conversation is the one the agent replies in), so they must all be accepted."""
    sent = 0
    for path, method, op, params in operations():
        url, query = url_of(path, params)
        if method == "post":
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None and "requestBody" in op:
                continue  # the login form: tested by the window's own tests
            for key, example in (body or {"examples": {"none": {"value": None}}})["examples"].items():
                data = b"" if example["value"] is None else json.dumps(example["value"], ensure_ascii=False).encode()
                signed = any("channelSignature" in s for s in op.get("security", []))
                headers = sign_channel(data) if signed else {"Content-Type": "application/json"}
                response = await client.post(url, data=data, headers=headers, allow_redirects=False)
                await answered_as_documented(op, response, f"{op['operationId']} example {key}", must_succeed=True)
                sent += 1
        elif all("example" in p for p in params if p.get("required")):
            ctype = next(iter(resolve(op["responses"].get("200", {})).get("content", {})), "")
            if ctype == "text/event-stream":
                continue  # a stream that stays open: the window's tests read it
            response = await client.get(url, params=query, allow_redirects=False)
            await answered_as_documented(op, response, op["operationId"], must_succeed=True)
    assert sent >= 10


async def answered_as_documented(op, response, where: str, *, must_succeed: bool) -> None:
    ctype = response.headers.get("Content-Type", "").split(";")[0]
    text = await response.text()
    if must_succeed:
        assert response.status < 400, f"{where} answered {response.status}: {text[:300]}"
    schema = response_schema(op, response.status, ctype)
    if schema is not None and ctype == "application/json":
        check(schema, json.loads(text), where)


async def test_the_delivery_to_a_bridge_is_as_documented(client, channel):
    spec = DOC["webhooks"]["delivery"]["post"]
    example = DOC["paths"]["/webhook/{channel}"]["post"]["requestBody"]["content"]["application/json"]["examples"]["stored_order"]["value"]
    body = json.dumps(example, ensure_ascii=False).encode()
    answer = await (await client.post("/webhook/generic", data=body, headers=sign_channel(body))).json()
    assert answer["action"] == "auto"
    await wait_for(lambda: channel.received, "the delivery")
    [delivered], [headers] = channel.received, channel.headers
    check(spec["requestBody"]["content"]["application/json"]["schema"], delivered, "the delivery")
    assert delivered["text"] == answer["reply"] and delivered["reply_to"] == example["message_id"]
    for name in (resolve(p)["name"] for p in spec["parameters"]):
        assert headers.get(name), f"the delivery lacks its documented header {name}"
    assert re.fullmatch(r"[0-9a-f]{64}", headers["X-Signature"])
    raw = json.dumps(delivered, ensure_ascii=False, separators=(",", ":")).encode()
    expected = hmac.new(SECRET.encode(), headers["X-Timestamp"].encode() + b"\n" + raw, hashlib.sha256).hexdigest()
    assert headers["X-Signature"] == expected
