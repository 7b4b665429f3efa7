"""The channels' request signature, both ways: X-Timestamp (Unix seconds) and
X-Signature = hex(HMAC-SHA256(secret, timestamp + "\\n" + raw body))."""
from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from .base import SignatureError


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {"X-Timestamp": timestamp, "X-Signature": signature(secret, timestamp, body)}


def verify(
    secret: str, headers: Mapping[str, str], body: bytes, *, skew_s: float, now: float | None = None
) -> None:
    """Raises SignatureError unless the headers sign `body` with `secret` within `skew_s` of now."""
    timestamp, given = headers.get("X-Timestamp"), headers.get("X-Signature")
    if not timestamp or not given:
        raise SignatureError("X-Timestamp and X-Signature headers are required")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise SignatureError("X-Timestamp must be Unix seconds") from None
    # Bytes, not str: compare_digest refuses non-ASCII text, and a header may carry any byte.
    expected = signature(secret, timestamp, body).encode()
    if not hmac.compare_digest(expected, given.strip().lower().encode("utf-8", "surrogateescape")):
        raise SignatureError("X-Signature does not match the body")
    if abs((time.time() if now is None else now) - sent_at) > skew_s:
        raise SignatureError(f"X-Timestamp is more than {int(skew_s)} s off: a replay or a bad clock")
