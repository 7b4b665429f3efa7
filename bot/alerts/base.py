"""What every group robot shares: the alert itself and one JSON POST whose reply says ok or not."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp


class AlertError(RuntimeError):
    """The platform did not take the alert; the text carries its error code and message."""


@dataclass(frozen=True)
class Alert:
    """Already free of buyers' phone numbers: the sender masks before building one."""

    title: str  # e.g. 转人工 or 买家情绪激动
    text: str  # the lines under the title, plain text


class Robot(Protocol):
    platform: str

    async def send(self, session: aiohttp.ClientSession, alert: Alert) -> None: ...


async def post_json(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], *, code_keys: tuple[str, ...],
    timeout_s: float = 5.0,
) -> None:
    """POSTs `body`; raises AlertError on an HTTP error or a non-zero code under any of `code_keys`
    (the platforms answer 200 with an error code for a bad signature or a bad message)."""
    async with session.post(url, json=body, timeout=aiohttp.ClientTimeout(total=timeout_s)) as resp:
        if resp.status >= 300:
            raise AlertError(f"HTTP {resp.status}")
        answer = await resp.json(content_type=None)
    code = next((answer[k] for k in code_keys if isinstance(answer, dict) and k in answer), None)
    if code not in (0, None):
        message = answer.get("errmsg") or answer.get("msg") or ""
        raise AlertError(f"error {code}: {message}")
