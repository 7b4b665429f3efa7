"""The bot as a service: one aiohttp app for the agent-assist API, the IM webhooks, health and metrics.

`create_app` is loaded on first use, so a module that needs only the request payloads
(`bot.server.payloads`, which the channel adapters use) does not pull in the whole app."""
from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
