"""A buyer message's claim on its message id: answered once, and never lost to a crash.

The webhook claims the id before it answers (`pending:<time>`) and marks the claim `done` once the
answer is committed. A copy of the message that comes while the first is being answered is asked
to retry (it may still fail); a copy of an answered message is acknowledged as a duplicate; a
claim still pending after the lease belonged to a process that died: if the message is in the log
it died after its commit (the copy is a duplicate), otherwise before it, so the copy takes the
claim over and the message is answered after all. A message claimed afresh is looked up in the log
too: its claim may be gone while the log keeps it (a Redis restarted without persistence, a copy
sent after `dedupe_ttl_s`), and then it is a duplicate. On one host (SQLite, or workers sharing its
file) each message is answered exactly once; with Redis across hosts, each with its own log, a
crash between the commit and `done` can answer a message twice, never lose it.
"""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from enum import Enum

from bot.storage import KV

DONE = "done"
_PENDING = "pending:"


class Held(Enum):
    """What an id's existing claim says about the message."""

    ANSWERED = "answered"
    IN_PROGRESS = "in_progress"
    ABANDONED = "abandoned"  # pending past the lease: its process died


def pending(now: float) -> str:
    return f"{_PENDING}{now:.3f}"


def judge(claim: str | None, now: float, lease_s: float) -> Held:
    """Reads a claim found on the id. Anything but a pending claim (`done`, or the `1` that
    older versions wrote) is an answered message; a claim that vanished meanwhile (expired) is
    treated as in progress, so the caller retries and claims it afresh."""
    if claim is None:
        return Held.IN_PROGRESS
    if not claim.startswith(_PENDING):
        return Held.ANSWERED
    try:
        since = float(claim[len(_PENDING):])
    except ValueError:
        return Held.ABANDONED  # unreadable: no process can be waiting on it
    return Held.IN_PROGRESS if now - since < lease_s else Held.ABANDONED


async def settle(kv: KV, key: str, found: str | None, claim: str, *, lease_s: float, ttl: float,
                 logged: Callable[[], Awaitable[bool]]) -> Held:
    """What to do with a message whose id was claimed already (`found` on `key`): ANSWERED, a
    duplicate; IN_PROGRESS, ask for it again later; ABANDONED, the claim is now `claim`: answer it.
    `await logged()` says whether the message is in the log, i.e. its answer was committed."""
    held = judge(found, time.time(), lease_s)
    if held is Held.ABANDONED and await logged():
        await kv.set(key, DONE, ttl=ttl)  # died after its commit: it was answered
        return Held.ANSWERED
    if held is Held.ABANDONED and (found is None or not await kv.replace(key, found, claim, ttl=ttl)):
        return Held.IN_PROGRESS  # another copy took it over first
    return held
