"""钉钉 custom robot: with 加签 on, the URL carries `timestamp` (ms) and
`sign` = urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}"))); markdown message."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

import aiohttp

from .base import Alert, post_json


def sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


class DingTalkRobot:
    platform = "dingtalk"

    def __init__(self, url: str, secret: str | None = None):
        self._url, self._secret = url, secret  # https://oapi.dingtalk.com/robot/send?access_token=...

    def signed_url(self, now: float | None = None) -> str:
        if not self._secret:
            return self._url
        timestamp = int((time.time() if now is None else now) * 1000)
        joiner = "&" if "?" in self._url else "?"
        return f"{self._url}{joiner}timestamp={timestamp}&sign={sign(self._secret, timestamp)}"

    async def send(self, session: aiohttp.ClientSession, alert: Alert) -> None:
        body = {"msgtype": "markdown",
                "markdown": {"title": alert.title, "text": f"### {alert.title}\n{alert.text}"}}
        await post_json(session, self.signed_url(), body, code_keys=("errcode",))
