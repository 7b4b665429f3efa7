"""The typed keys under which the app keeps what its cleanup contexts open."""
from __future__ import annotations

from aiohttp import web

from bot.alerts import Alerter
from bot.channels.base import Channel
from bot.channels.delivery import Sender
from bot.config import Config
from bot.storage import Storage
from bot.training.reload import Live

from bot.outreach.service import Outreach

from .assist import Assistant
from .connections import Guard
from .metrics import Metrics

CONFIG = web.AppKey("config", Config)
LIVE = web.AppKey("live", Live)  # what the shop's files make now: engine, review rules, last reload
METRICS = web.AppKey("metrics", Metrics)
STORAGE = web.AppKey("storage", Storage)
ASSISTANT = web.AppKey("assistant", Assistant)
SENDER = web.AppKey("sender", Sender)
ALERTER = web.AppKey("alerter", Alerter)
CHANNELS = web.AppKey("channels", dict[str, Channel])  # opened by name, each through its platform
GUARD = web.AppKey("guard", Guard)
OUTREACH = web.AppKey("outreach", Outreach)  # the proactive messages (bot/outreach)
