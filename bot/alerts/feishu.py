"""飞书 custom bot: with 签名校验 on, the body carries `timestamp` (s) and `sign` =
base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", message=b"")); text message."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import aiohttp

from .base import Alert, post_json


def sign(secret: str, timestamp: int) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class FeishuRobot:
    platform = "feishu"

    def __init__(self, url: str, secret: str | None = None):
        self._url, self._secret = url, secret  # https://open.feishu.cn/open-apis/bot/v2/hook/...

    def body(self, alert: Alert, now: float | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": f"{alert.title}\n{alert.text}"}}
        if self._secret:
            timestamp = int(time.time() if now is None else now)
            body |= {"timestamp": str(timestamp), "sign": sign(self._secret, timestamp)}
        return body

    async def send(self, session: aiohttp.ClientSession, alert: Alert) -> None:
        # Newer answers carry `code`, older ones `StatusCode`; 0 is success in both.
        await post_json(session, self._url, self.body(alert), code_keys=("code", "StatusCode"))
