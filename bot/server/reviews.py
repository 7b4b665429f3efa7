"""POST /webhook/{channel}/review: a posted bad review, signed like buyer messages.

The review flow drafts the outreach (aspects, remedies, flags); an agent sees it in the queue before
anything is sent, unless the shop allows automatic outreach for this severity. The repair is remembered
for the buyer, so their next message on any conversation is read as part of it.
"""
from __future__ import annotations

import json
import time

from aiohttp import web

from bot.agent_ui import announce
from bot.alerts import Alert
from bot.compliance import ComplianceError
from bot.domain import InputError
from bot.reviews.event import parse_event
from bot.reviews.flow import ReviewOutcome, handle_review
from bot.slots import mask_phones
from bot.storage import Delivery, LoggedMessage, Waiting

from .api import json_response
from .assist import repair_key
from .follow_up import review_conversation
from .keys import ALERTER, CONFIG, ENGINE, REVIEW_RULES, SENDER, STORAGE
from .payloads import json_object
from .webhook import Refused, refuse, verified_body


async def review_webhook(request: web.Request) -> web.Response:
    app, name = request.app, request.match_info["channel"]
    try:
        channel, body = await verified_body(request)
        event = parse_event(json_object(body))
    except Refused as exc:
        return refuse(request, name, exc.status, exc.reason, str(exc))
    except InputError as exc:
        return refuse(request, name, 400, "body", str(exc))
    storage, limits = app[STORAGE], app[CONFIG].limits
    if not await storage.kv.add(f"seen-review:{name}:{event.review_id}", "1", ttl=limits.dedupe_ttl_s):
        return json_response({"status": "duplicate"})
    order = storage.orders.get(event.order_id) if event.order_id else None
    conversation_id = review_conversation(event.review_id)
    posted = LoggedMessage("buyer", f"[{event.rating}星评价] {event.text}", time.time(), conversation_id,
                           intents=("bad_review",))
    storage.log.record_buyer(conversation_id=conversation_id, channel=name, buyer_id=event.buyer_id,
                             message=posted, inbox_reason=None)
    try:
        outcome = handle_review(event, order=order, rules=app[REVIEW_RULES], env=app[ENGINE].env)
    except ComplianceError as exc:  # a template would break the rules: send nothing, tell the agents
        app[ALERTER].notify(Alert("评价回访草稿不合规", f"评价 {event.review_id}：{exc}；请修改模板"))
        _queue(app, name, conversation_id, event.buyer_id, event.review_id, event.text, "review_blocked", ())
        _announce(app, name, conversation_id, posted, "blocked")
        return json_response({"status": "accepted", "action": "blocked", "error": str(exc)})
    await storage.kv.set(repair_key(name, event.buyer_id), json.dumps(outcome.repair_state(), ensure_ascii=False),
                         ttl=limits.session_ttl_s)
    if outcome.auto and channel.send_url:
        storage.deliveries.put(Delivery(name, conversation_id, event.buyer_id, f"review:{event.review_id}", outcome.message))
        storage.log.record_reply(conversation_id, LoggedMessage("bot", outcome.message, time.time(), intents=("bad_review",)))
        app[SENDER].wake()
        action = "auto"
    else:
        reason = "review_handoff" if outcome.handoff else "review"
        _queue(app, name, conversation_id, event.buyer_id, event.review_id, event.text, reason,
               ({"text": outcome.message, "intent": "bad_review"},))
        action = "agent"
    _announce(app, name, conversation_id, posted, action)
    if outcome.handoff or outcome.flags:
        app[ALERTER].notify(_alert(event.review_id, event.text, outcome))
    return json_response({"status": "accepted", "action": action, **outcome.to_dict()})


def _queue(app: web.Application, channel: str, conversation_id: str, buyer_id: str, review_id: str,
           text: str, reason: str, suggestions: tuple[dict[str, str], ...]) -> None:
    app[STORAGE].log.queue_for_agent(Waiting(
        id=0, conversation_id=conversation_id, channel=channel, buyer_id=buyer_id,
        message_id=f"review:{review_id}", text=text, reason=reason, suggestions=suggestions, at=time.time(),
    ))


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
