"""The buyer's test page at /demo: a first run shows the bot talking. Behind the agents' login, an
operator chats as the demo buyer of a chosen demo order; each message goes through the webhook's
own answering path on the config's `demo` channel, and what the bot (or an agent at /agent) sends
back is delivered by that channel into the page's inbox (`bot/channels/demo.py`)."""
from .handlers import ROUTES

__all__ = ["ROUTES"]
