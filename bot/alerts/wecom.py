"""企业微信 group robot: the key is in the webhook URL, there is no signature; markdown message."""
from __future__ import annotations

import aiohttp

from .base import Alert, post_json


class WeComRobot:
    platform = "wecom"

    def __init__(self, url: str, secret: str | None = None):
        self._url = url  # https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...

    async def send(self, session: aiohttp.ClientSession, alert: Alert) -> None:
        body = {"msgtype": "markdown", "markdown": {"content": f"**{alert.title}**\n{alert.text}"}}
        await post_json(session, self._url, body, code_keys=("errcode",))
