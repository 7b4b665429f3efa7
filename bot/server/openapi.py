"""GET /openapi.json: the service's contract, written once in `openapi.yaml` beside this module
(routes, bodies, examples, the outbound delivery) and served as JSON. The tests hold it to the
handlers, so it cannot drift from them."""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from aiohttp import web
from ruamel.yaml import YAML

from .api import json_response


@cache
def document() -> dict[str, Any]:
    return YAML(typ="safe").load((files(__package__) / "openapi.yaml").read_text(encoding="utf-8"))


async def openapi(request: web.Request) -> web.Response:
    return json_response(document())
