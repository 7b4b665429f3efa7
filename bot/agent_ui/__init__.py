"""The agents' chat window at /agent: a page, its static files and the endpoints it calls, on the
service's aiohttp app. `routes()` goes into create_app's route table, `attach(app)` opens the live
updates; the webhook and the assist API build a `turn_card`, `keep_card` it in the commit that logs a
buyer's message and `announce_turn` once that is committed.

Kept import-light: the server imports this package, and the handlers import the server's keys, so
the heavy modules load only when `routes()` or `attach()` is called."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .hub import announce, announce_deliveries, announce_turn, keep_card, turn_card

if TYPE_CHECKING:
    from aiohttp import web

__all__ = ["announce", "announce_deliveries", "announce_turn", "attach", "keep_card", "routes", "turn_card"]


def routes() -> list["web.RouteDef"]:
    from . import handlers, holding, team

    return [*handlers.ROUTES, *holding.ROUTES, *team.ROUTES]


def attach(app: "web.Application") -> None:
    """The live-update hub and the card store open after storage; event streams end on shutdown
    so a graceful stop does not wait for browsers that keep them open."""
    from .hub import close_streams, hub_context
    from .team import first_supervisor

    app.cleanup_ctx.append(hub_context)
    app.on_startup.append(first_supervisor)  # after the storage's context has opened the file
    app.on_shutdown.append(close_streams)
