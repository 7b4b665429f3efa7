"""POST /webhook/{channel}: buyer messages from an IM platform. The channel's adapter checks the
request and reads its messages (`bot/channels/`); each is then checked in order of cost (rate,
dedupe) before the engine sees it; an auto reply is queued for delivery, anything else for an
agent, and handoffs and angry buyers alert the agents' group. GET is for platforms that verify the
callback URL."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web

from bot.agent_ui import announce_turn, keep_card, turn_card
from bot.alerts import Alert
from bot.channels.base import Channel, Inbound, SignatureError, Unavailable, Unsupported
from bot.domain import InputError
from bot.engine import Turn
from bot.slots import mask_phones
from bot.storage import Delivery, LoggedMessage, Waiting

from . import claims
from .api import json_response
from .keys import ALERTER, ASSISTANT, CHANNELS, CONFIG, METRICS, OUTREACH, SENDER, STORAGE
from .payloads import Incoming

log = logging.getLogger(__name__)


def refuse(request: web.Request, channel: str, status: int, reason: str, why: str) -> web.Response:
    request.app[METRICS].rejected.labels(channel, reason).inc()
    return json_response({"error": why}, status=status)


class Refused(Exception):
    """A request turned away before any work: the status, the metric's reason label, the message."""

    def __init__(self, status: int, reason: str, why: str) -> None:
        super().__init__(why)
        self.status, self.reason = status, reason


REFUSALS = (Refused, InputError, Unavailable, Unsupported)


def turned_away(request: web.Request, channel: str, exc: Exception) -> web.Response:
    """The one answer to a platform's request refused before any work (one of REFUSALS): a channel
    that does not do this is 404, a body that cannot be read 400, the platform unreachable 502."""
    if isinstance(exc, Unsupported):
        raise web.HTTPNotFound(reason=str(exc)) from None
    if isinstance(exc, Refused):
        return refuse(request, channel, exc.status, exc.reason, str(exc))
    if isinstance(exc, Unavailable):
        return refuse(request, channel, 502, "platform", str(exc))
    return refuse(request, channel, 400, "body", str(exc))


async def verified(request: web.Request) -> tuple[Channel, Inbound]:
    """The channel and its request, checked by the channel's platform; raises Refused (401) when the
    signature or the timestamp is wrong, HTTPNotFound for an unknown channel, 413 past the size limit."""
    name = request.match_info["channel"]
    channel = request.app[CHANNELS].get(name)
    if channel is None:
        raise web.HTTPNotFound(reason=f"no channel {name!r} in the config")
    body = await request.read()  # over client_max_size: 413 before any work
    inbound = Inbound(request.method, request.query, request.headers, body)
    try:
        channel.verify(inbound)
    except SignatureError as exc:
        raise Refused(401, "signature", str(exc)) from None
    return channel, inbound


async def webhook(request: web.Request) -> web.StreamResponse:
    name = request.match_info["channel"]
    try:
        channel, inbound = await verified(request)
        received = await channel.receive(inbound)
    except REFUSALS as exc:
        return turned_away(request, name, exc)
    answers = [await answer(request, channel, incoming) for incoming in received.messages]
    if received.done is not None:
        await received.done()
    if received.answer is not None:  # what the platform wants back, whatever became of each message
        for incoming, response in zip(received.messages, answers):
            if response.status not in (200, 409):  # 409: another request is answering it now
                log.warning("channel %s: message %s was not answered (%d %s); the platform will not send it again",
                            name, incoming.message_id, response.status, response.text)
        return web.Response(text=received.answer)
    return answers[0]


async def answer(request: web.Request, channel: Channel, incoming: Incoming) -> web.Response:
    """One buyer message through rate limit, dedupe and the engine; the JSON answer for it."""
    app, name = request.app, channel.name
    config = app[CONFIG]
    kv, limits = app[STORAGE].kv, config.limits
    seen, claim = f"seen:{name}:{incoming.message_id}", claims.pending(time.time())
    # Per buyer, so one flooding buyer is turned away cheaply and the others are not slowed. The
    # count, the claim on the message id and reading what the conversation remembers are one
    # step: one round trip, or one shared commit.
    assistant = app[ASSISTANT]
    admission = await kv.admit(f"rate:{name}:{incoming.buyer_id}", limits.rate_window_s,
                               limits.rate_per_buyer, seen, limits.dedupe_ttl_s, claim=claim,
                               read=assistant.memory_keys(incoming))
    if admission.count > limits.rate_per_buyer:
        response = refuse(request, name, 429, "rate", "too many messages from this buyer")
        response.headers["Retry-After"] = str(limits.rate_window_s)
        return response
    memory = admission.values

    async def logged() -> bool:
        storage = app[STORAGE]
        return await storage.read(lambda: storage.log.has_buyer_message(incoming.conversation_id, incoming.message_id))

    if admission.fresh and await logged():  # its claim is gone (Redis restarted empty, the day passed): the log remembers
        await kv.set(seen, claims.DONE, ttl=limits.dedupe_ttl_s)
        return already_claimed(request, name, incoming.message_id, claims.Held.ANSWERED)
    if not admission.fresh:
        held = await claims.settle(
            kv, seen, admission.held, claim, lease_s=limits.claim_lease_s, ttl=limits.dedupe_ttl_s, logged=logged)
        if held is not claims.Held.ABANDONED:
            return already_claimed(request, name, incoming.message_id, held)
        log.warning("message %s of channel %s was claimed %d+ s ago and never answered (its process died);"
                    " answering it now", incoming.message_id, name, limits.claim_lease_s)
        memory = tuple(await kv.get_many(assistant.memory_keys(incoming)))
    try:  # the claim is marked answered with the turn's commit: from then on copies are duplicates
        turn = await assistant.answer(incoming, memory=memory,
                                      also=lambda turn: _dispatch(app, channel, incoming, turn),
                                      keys=[(seen, claims.DONE, limits.dedupe_ttl_s)])
    except BaseException:
        await kv.delete(seen)  # not acknowledged: let the integration's retry through
        raise
    action = _action(channel, turn)
    announce_turn(app, incoming, turn, action)  # committed: the agents' chat window updates live
    await app[OUTREACH].heard(name, incoming.buyer_id, incoming.text)  # 别发了: no more proactive messages
    if action == "auto":
        app[SENDER].wake()  # now that the delivery is committed, where the sender reads it
    alerting = set(turn.intents) & config.alert_intents
    if turn.handoff or turn.angry or alerting:
        app[ALERTER].notify(_alert(incoming, turn, alerting))
    answer = {"status": "accepted", "action": action}
    if action == "auto":  # for integrations that post the reply themselves
        answer["reply"] = turn.reply
    if turn.handoff:  # acknowledged or not, the conversation now waits for a person
        answer["handoff"] = True
    return json_response(answer)


def already_claimed(request: web.Request, channel: str, message_id: str | None, held: claims.Held) -> web.Response:
    """A duplicate is acknowledged; a copy of a message still being answered is asked to come again."""
    if held is claims.Held.ANSWERED:
        request.app[METRICS].duplicates.labels(channel).inc()
        return json_response({"status": "duplicate"})
    response = refuse(request, channel, 409, "in_progress", f"message {message_id} is being answered; send it again later")
    response.headers["Retry-After"] = "5"
    return response


def _action(channel: Channel, turn: Turn) -> str:
    """auto: the bot answers on the channel (the engine's `turn.auto` decides; a handoff's acknowledgement
    goes too); agent: the message waits for a person."""
    return "auto" if turn.auto and channel.can_send else "agent"


async def _dispatch(app: web.Application, channel: Channel, incoming: Incoming, turn: Turn) -> Callable[[], None]:
    """Prepares the auto reply's delivery and/or the message's place in the agents' queue (a handoff gets
    both: the acknowledgement now, a person next), and returns their write, run inside the commit that
    stores the turn, with the card the agents' chat window shows beside the conversation."""
    storage, now, action = app[STORAGE], time.time(), _action(channel, turn)
    writes: list[Callable[[], None]] = []
    if action == "auto":
        delivery = Delivery(channel.name, incoming.conversation_id, incoming.buyer_id,
                            incoming.message_id, turn.reply)

        def deliver() -> None:
            delivery_id = storage.deliveries.put(delivery)
            storage.log.record_reply(incoming.conversation_id,
                                     LoggedMessage("bot", turn.reply, now, intents=turn.intents, delivery_id=delivery_id))
        writes.append(deliver)
    if action != "auto" or turn.handoff:
        waiting = Waiting(
            id=0, conversation_id=incoming.conversation_id, channel=channel.name,
            buyer_id=incoming.buyer_id, message_id=incoming.message_id, text=incoming.text,
            reason=_why_agent(turn), suggestions=tuple(s.to_dict() for s in turn.suggestions),
            at=now,
        )
        writes.append(lambda: storage.log.queue_for_agent(waiting))

    card = await turn_card(app, incoming, turn, action)

    def write() -> None:
        for one in writes:
            one()
        keep_card(app, card)

    return write


def _why_agent(turn: Turn) -> str:
    if turn.handoff:
        return "handoff"
    if turn.angry:
        return "angry"
    if turn.fallback:
        return "unmatched"
    if turn.held:
        return "held_by_marks"  # it would go alone, but agents recently marked this kind of reading wrong
    return "cannot_send" if turn.auto else "not_auto"  # suggest-mode intent or not confident


def _alert(incoming: Incoming, turn: Turn, alerting: set[str]) -> Alert:
    title = "买家情绪激动" if turn.angry else "需要人工接待" if turn.handoff else "需要关注"
    lines = [
        f"渠道 {incoming.channel} · 会话 {incoming.conversation_id} · 买家 {incoming.buyer_id}",
        f"买家说：{mask_phones(incoming.text)}",
        f"识别：{'、'.join(turn.intents) or '未识别'}" + (f"（{'、'.join(sorted(alerting))}）" if alerting else ""),
    ]
    return Alert(title, "\n".join(lines))
