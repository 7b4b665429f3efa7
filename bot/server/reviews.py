"""POST /webhook/{channel}/review: a posted bad review, signed like buyer messages.

The review flow drafts the outreach (aspects, remedies, flags); an agent sees it in the queue before
anything is sent, unless the shop allows automatic outreach for this severity. The repair is remembered
for the buyer, so their next message on any conversation is read as part of it.
"""
from __future__ import annotations

import json
import time

from aiohttp import web

from bot.agent_ui import announce, keep_card
from bot.agent_ui.cards import Card
from bot.alerts import Alert
from bot.compliance import ComplianceError
from bot.channels.base import Channel
from bot.domain import Order
from bot.reviews.event import ReviewEvent
from bot.reviews.flow import ReviewOutcome, handle_review
from bot.slots import mask_phones
from bot.storage import Delivery, KeyWrite, LoggedMessage, Waiting

from . import claims
from .api import json_response
from .assist import repair_key
from .follow_up import review_conversation
from .keys import ALERTER, CONFIG, LIVE, SENDER, STORAGE
from .webhook import REFUSALS, already_claimed, turned_away, verified


async def review_webhook(request: web.Request) -> web.Response:
    app, name = request.app, request.match_info["channel"]
    try:
        channel, inbound = await verified(request)
        event = channel.review(inbound)
    except REFUSALS as exc:
        return turned_away(request, name, exc)
    storage, limits = app[STORAGE], app[CONFIG].limits
    conversation_id = review_conversation(event.review_id)
    seen, claim = f"seen-review:{name}:{event.review_id}", claims.pending(time.time())

    async def logged() -> bool:
        return await storage.read(lambda: storage.log.has_buyer_message(conversation_id, conversation_id))

    if not await storage.kv.add(seen, claim, ttl=limits.dedupe_ttl_s):
        held = await claims.settle(storage.kv, seen, await storage.kv.get(seen), claim, lease_s=limits.claim_lease_s,
                                   ttl=limits.dedupe_ttl_s, logged=logged)
        if held is not claims.Held.ABANDONED:
            return already_claimed(request, name, conversation_id, held)
    elif await logged():  # its claim is gone (Redis restarted empty, the day passed): the log remembers
        await storage.kv.set(seen, claims.DONE, ttl=limits.dedupe_ttl_s)
        return already_claimed(request, name, conversation_id, claims.Held.ANSWERED)
    try:
        return await _repair(app, channel, event, conversation_id, answered=(seen, claims.DONE, limits.dedupe_ttl_s))
    except BaseException:
        await storage.kv.delete(seen)  # not acknowledged: let the integration's retry through
        raise


async def _repair(app: web.Application, channel: Channel, event: ReviewEvent,
                  conversation_id: str, *, answered: KeyWrite) -> web.Response:
    """Drafts the repair, then stores the review, the buyer's repair, the outreach (queued for an
    agent, or for delivery) and `answered` (the review id's claim, marked done: copies are
    duplicates from then on) in one commit; alerts and live updates only once that is committed."""
    storage, limits, name = app[STORAGE], app[CONFIG].limits, channel.name
    order = await storage.read(lambda: storage.orders.get(event.order_id)) if event.order_id else None
    posted = LoggedMessage("buyer", f"[{event.rating}星评价] {event.text}", time.time(), conversation_id,
                           intents=("bad_review",))

    def log_review() -> None:
        storage.log.record_buyer(conversation_id=conversation_id, channel=name, buyer_id=event.buyer_id,
                                 message=posted, inbox_reason=None)

    try:
        serving = app[LIVE].serving  # read once: the rules and templates of one reload
        outcome = handle_review(event, order=order, rules=serving.review_rules, env=serving.engine.env)
    except ComplianceError as exc:  # a template would break the rules: send nothing, tell the agents
        blocked = _waiting(name, conversation_id, event, "review_blocked", ())
        card = _card(conversation_id, order, None, "blocked")
        await storage.commit(lambda _db: (log_review(), storage.log.queue_for_agent(blocked), keep_card(app, card)),
                             keys=[answered])
        app[ALERTER].notify(Alert("评价回访草稿不合规", f"评价 {event.review_id}：{exc}；请修改模板"))
        _announce(app, name, conversation_id, posted, "blocked")
        return json_response({"status": "accepted", "action": "blocked", "error": str(exc)})
    action = "auto" if outcome.auto and channel.can_send else "agent"
    if action == "auto":
        delivery = Delivery(name, conversation_id, event.buyer_id, f"review:{event.review_id}", outcome.message)
        reply = LoggedMessage("bot", outcome.message, time.time(), intents=("bad_review",))

        def outreach() -> None:
            storage.deliveries.put(delivery)
            storage.log.record_reply(conversation_id, reply)
    else:
        waiting = _waiting(name, conversation_id, event, "review_handoff" if outcome.handoff else "review",
                           ({"text": outcome.message, "intent": "bad_review"},))

        def outreach() -> None:
            storage.log.queue_for_agent(waiting)

    card = _card(conversation_id, order, outcome, action)
    repair = (repair_key(name, event.buyer_id), json.dumps(outcome.repair_state(), ensure_ascii=False),
              limits.session_ttl_s)
    await storage.commit(lambda _db: (log_review(), outreach(), keep_card(app, card)), keys=[repair, answered])
    if action == "auto":
        app[SENDER].wake()
    _announce(app, name, conversation_id, posted, action)
    if outcome.handoff or outcome.flags:
        app[ALERTER].notify(_alert(event.review_id, event.text, outcome))
    return json_response({"status": "accepted", "action": action, **outcome.to_dict()})


def _card(conversation_id: str, order: Order | None, outcome: ReviewOutcome | None, action: str) -> Card:
    """What the agents' window shows beside the review: the drafted outreach as the suggestion to
    send with one key (or what was sent by itself), the order and the severity; none when blocked."""
    draft = () if outcome is None else ({"text": outcome.message, "intent": "bad_review"},)
    return Card(conversation_id=conversation_id, message_id=conversation_id,
                order=order.to_dict() if order is not None else None,
                facts={"severity": outcome.severity} if outcome else {}, intents=("bad_review",), matches=(),
                suggestions=draft, handoff=bool(outcome and outcome.handoff), angry=False, action=action,
                at=time.time())


def _waiting(channel: str, conversation_id: str, event: ReviewEvent, reason: str,
             suggestions: tuple[dict[str, str], ...]) -> Waiting:
    return Waiting(id=0, conversation_id=conversation_id, channel=channel, buyer_id=event.buyer_id,
                   message_id=f"review:{event.review_id}", text=event.text, reason=reason,
                   suggestions=suggestions, at=time.time())


def _announce(app: web.Application, channel: str, conversation_id: str, posted: LoggedMessage, action: str) -> None:
    """The agents' windows show the review as it comes in, with the repair's button when it awaits a fix."""
    announce(app, "message", conversation_id, channel, role="buyer", text=posted.text, message_id=posted.message_id,
             intents=["bad_review"], action=action)


def _alert(review_id: str, text: str, outcome: ReviewOutcome) -> Alert:
    title = "差评涉及安全问题，请立即处理" if outcome.handoff else "差评需要关注"
    lines = [f"评价 {review_id} · 严重程度 {outcome.severity} · 问题 {'、'.join(outcome.aspect_names)}",
             f"买家说：{mask_phones(text)}"]
    lines += [f"{flag.kind}：{flag.evidence}" for flag in outcome.flags]
    return Alert(title, "\n".join(lines))
