"""POST /api/reviews/{review_id}/fixed: an agent says the problem behind a bad review is fixed, and
only then does the buyer get the follow-up asking whether they would reconsider the review
(`replies/review/follow_up.j2`, checked for compliance like every review message).

The repair moves on from `awaiting_fix` once: to `follow_up_sent` when the channel takes replies (the
follow-up goes on the durable delivery queue and into the conversation's log), to `fixed` when it
does not (the follow-up waits in the agents' queue, to be sent on the shop's own platform). A claim in
the KV lets a single request through, even when an agent clicks twice or two workers are asked at
once; the new stage, the logged message and the delivery share one commit, and when that fails the
stage is put back and the claim released, so nothing went out and the agent may try again.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from aiohttp import web

from bot.agent_ui import announce
from bot.alerts import Alert
from bot.compliance import ComplianceError
from bot.render import RenderError
from bot.reviews.compose import compose_follow_up
from bot.reviews.flow import AWAITING_FIX, FIXED, FOLLOW_UP_SENT, Repair
from bot.storage import KV, Delivery, KeysNotSet, LoggedMessage, Storage, Waiting

from .api import json_response, signed_in
from .assist import repair_key
from .keys import ALERTER, CONFIG, LIVE, SENDER, STORAGE
from .payloads import json_object

log = logging.getLogger(__name__)


def review_conversation(review_id: str) -> str:
    """The conversation a posted review opens in the log: the review, then the shop's messages about it."""
    return f"review:{review_id}"


def _claim_key(channel: str, review_id: str) -> str:
    return f"follow-up:{channel}:{review_id}"


class RepairNotFound(LookupError):
    """No review by that id, or its repair is no longer stored (expired, or a later review replaced it)."""


class NotContacted(Exception):
    """Nobody has written to the buyer since the review (the drafted outreach was never sent): a
    follow-up asking them to reconsider would come out of the blue, so it needs a confirmation."""

    def __init__(self, review_id: str) -> None:
        super().__init__(f"nobody has written to the buyer of review {review_id!r} since it was posted (the"
                         " outreach was never sent): send the outreach first, or confirm with {\"confirm\": true}")


class RepairClosed(Exception):
    """The repair is not awaiting its fix: the follow-up was sent (or is being sent) already."""

    def __init__(self, review_id: str, stage: str) -> None:
        super().__init__(f"the repair of review {review_id!r} is not awaiting its fix (stage {stage!r}):"
                         " its follow-up was already sent or is being sent, nothing was sent again")
        self.stage = stage


@dataclass(frozen=True)
class OpenRepair:
    """A repair found from its review: the review's conversation, the buyer, the repair as stored."""

    conversation_id: str
    channel: str
    buyer_id: str
    repair: Repair


@dataclass(frozen=True)
class FollowUp:
    """What marking a repair fixed did; the endpoint's answer."""

    review_id: str
    conversation_id: str
    stage: str
    action: str  # sent: on the delivery queue to the buyer; agent: in the agents' queue
    text: str
    delivery_id: int | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


async def load_repair(kv: KV, channel: str, buyer_id: str | None) -> Repair | None:
    """The repair stored for this buyer on this channel, whichever conversation asks (the window)."""
    if not buyer_id:
        return None
    saved = await kv.get(repair_key(channel, buyer_id))
    return Repair.from_dict(json.loads(saved)) if saved else None


async def find_repair(storage: Storage, review_id: str) -> OpenRepair:
    """The review's repair, whatever its stage; raises RepairNotFound."""
    conversation_id = review_conversation(review_id)
    found = await storage.read(lambda: storage.log.conversation(conversation_id))
    if found is None or not found.buyer_id:
        raise RepairNotFound(f"no review {review_id!r}")
    repair = await load_repair(storage.kv, found.channel, found.buyer_id)
    if repair is None or repair.review_id != review_id:
        raise RepairNotFound(f"no repair of review {review_id!r} is stored: it expired, a later review of"
                             " the buyer replaced it, or its outreach was held back")
    return OpenRepair(conversation_id, found.channel, found.buyer_id, repair)


async def mark_fixed(app: web.Application, review_id: str, *, confirmed: bool = False) -> FollowUp:
    """Composes the follow-up and sends it (or queues it for an agent) once, moving the repair on.
    Raises RepairNotFound, RepairClosed, NotContacted (unless `confirmed`), or ComplianceError /
    RenderError from the template; in each case nothing was written or sent."""
    storage, config = app[STORAGE], app[CONFIG]
    found = await find_repair(storage, review_id)
    if found.repair.stage != AWAITING_FIX:
        raise RepairClosed(review_id, found.repair.stage)
    if not confirmed and not await storage.read(
            lambda: storage.log.contacted(found.channel, found.buyer_id, found.conversation_id)):
        raise NotContacted(review_id)
    text = compose_follow_up(app[LIVE].engine.env, review_id=review_id)  # before any write
    channel = config.channels.get(found.channel)
    sending = channel is not None and channel.can_send
    moved = found.repair.moved_to(FOLLOW_UP_SENT if sending else FIXED)
    delivery_id = await _commit(storage, found, moved, _follow_up_write(storage, found, text, sending),
                                config.limits.session_ttl_s)
    if sending:
        app[SENDER].wake()  # committed: the sender finds it
    announce(app, "repair", found.conversation_id, found.channel, buyer_id=found.buyer_id, review_id=review_id,
             stage=moved.stage, text=text, sent=sending)
    return FollowUp(review_id, found.conversation_id, moved.stage, "sent" if sending else "agent", text,
                    delivery_id)


async def _commit(storage: Storage, found: OpenRepair, moved: Repair, write: Callable[[object], int | None],
                  ttl: float) -> int | None:
    """Claims the repair (one request only, across workers), then writes the new stage and `write` (the
    message and its delivery) in one group commit; `write`'s result once committed. If `write` fails,
    the repair is reopened and the exception raised: nothing went out."""
    claim = _claim_key(found.channel, found.repair.review_id)
    if not await storage.kv.add(claim, moved.stage, ttl=ttl):
        raise RepairClosed(found.repair.review_id, moved.stage)  # another request took it a moment ago
    try:
        return await storage.commit(write, keys=[(repair_key(found.channel, found.buyer_id), _stored(moved), ttl)])
    except KeysNotSet:  # the follow-up went out, the stage did not move: the claim keeps it from going twice
        raise
    except Exception:
        await _reopen(storage.kv, found, claim, ttl)
        raise


def _stored(repair: Repair) -> str:
    return json.dumps(repair.to_dict(), ensure_ascii=False)


def _follow_up_write(storage: Storage, found: OpenRepair, text: str, sending: bool) -> Callable[[object], int | None]:
    """The follow-up's writes, one savepoint in the group commit: logged and queued for delivery,
    or (the channel cannot send) put in the agents' queue with the follow-up to send by hand."""
    now, reply_to = time.time(), found.conversation_id  # the review's own message id in the log
    if sending:
        delivery = Delivery(found.channel, found.conversation_id, found.buyer_id, reply_to, text)

        def send(_db: object) -> int | None:
            delivery_id = storage.deliveries.put(delivery)
            storage.log.record_reply(found.conversation_id, LoggedMessage("bot", text, now, intents=("bad_review",),
                                                                          delivery_id=delivery_id))
            return delivery_id

        return send
    waiting = Waiting(id=0, conversation_id=found.conversation_id, channel=found.channel, buyer_id=found.buyer_id,
                      message_id=reply_to, text=text, reason="review_follow_up",
                      suggestions=({"text": text, "intent": "bad_review"},), at=now)

    def queue(_db: object) -> None:
        storage.log.queue_for_agent(waiting)

    return queue


async def _reopen(kv: KV, found: OpenRepair, claim: str, ttl: float) -> None:
    """Nothing went out: the repair awaits its fix again and a later click may send the follow-up."""
    try:
        await kv.set(repair_key(found.channel, found.buyer_id), _stored(found.repair), ttl=ttl)
        await kv.delete(claim)
    except Exception:  # noqa: BLE001 - the original failure is what the caller sees
        log.exception("could not reopen the repair of review %s after a failed follow-up", found.repair.review_id)


@signed_in
async def review_fixed(request: web.Request) -> web.Response:
    """The problem behind the review is fixed: send the follow-up once. 404 without a stored repair,
    409 when it is not awaiting its fix, or (`confirm: outreach_not_sent`) when nobody wrote to the
    buyer since the review and the body does not say `{"confirm": true}`; 422 when the follow-up template breaks the compliance rules."""
    app, review_id = request.app, request.match_info["review_id"]
    raw = await request.read()
    confirmed = json_object(raw).get("confirm") is True if raw.strip() else False
    try:
        follow_up = await mark_fixed(app, review_id, confirmed=confirmed)
    except RepairNotFound as exc:
        return json_response({"error": str(exc), "review_id": review_id}, status=404)
    except RepairClosed as exc:
        return json_response({"error": str(exc), "review_id": review_id, "stage": exc.stage}, status=409)
    except NotContacted as exc:
        return json_response({"error": str(exc), "review_id": review_id, "confirm": "outreach_not_sent"}, status=409)
    except ComplianceError as exc:  # the template would break the rules: nothing sent, tell the agents
        app[ALERTER].notify(Alert("评价回访消息不合规", f"评价 {review_id}：{exc}；请修改模板"))
        return json_response({"error": str(exc), "review_id": review_id, "template": exc.template}, status=422)
    except RenderError as exc:
        return json_response({"error": str(exc), "review_id": review_id}, status=500)
    return json_response(follow_up.to_dict())
