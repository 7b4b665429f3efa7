"""The bot as a service: one aiohttp app for the agent-assist API, the IM webhooks, health and metrics."""
from .app import create_app

__all__ = ["create_app"]
