"""The life of a proactive message: an order event writes its timers (and cancels the ones it makes
pointless) in one commit; when a timer falls due, the pure rules decide, the template is rendered and
checked for compliance, and the timer leaves `pending` in the same commit that logs the message and
queues its delivery, so it is sent once and never lost. Several processes claim due timers with a
lease; a lease that ran out (its process died) lets another take the timer."""
from __future__ import annotations

import logging
import time
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2.sandbox import SandboxedEnvironment
from prometheus_client import Counter

from bot.compliance import ComplianceError, ensure_compliant
from bot.domain import Order
from bot.render import RenderError, render
from bot.storage import Delivery, LoggedMessage, Storage, Waiting
from bot.storage.outreach import CANCELLED, SENT, SKIPPED, Timer
from bot.storage.sql import Connection
from policy.outreach import DEFER, SEND, Counts, Decision, OutreachRules, cancelled, day_start, decide, opts_out, plan
from policy.rules import ShopRules

from .event import OrderEvent

log = logging.getLogger(__name__)
TEMPLATE_DIR = "outreach"
# what a proactive message's template may use (`validate` holds the templates to it)
CONTEXT = frozenset({"shop", "order", "cutoff", "pays_today", "courier", "seed", "choose"})


@dataclass(frozen=True)
class Taken:
    """What an order event did: `duplicate` when its id was seen before (nothing done again)."""

    status: str
    scheduled: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "scheduled": list(self.scheduled), "cancelled": list(self.cancelled)}


@dataclass(frozen=True)
class Outcome:
    """One due timer handled: sent (queued for delivery), agent (the channel cannot send: an agent
    sends it), skipped (never: reason), deferred (later: reason) or taken (another process had it)."""

    timer_id: int
    rule: str
    order_id: str
    channel: str
    buyer_id: str
    conversation_id: str
    action: str
    reason: str = ""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Outreach:
    def __init__(self, rules: OutreachRules, shop: ShopRules, storage: Storage, counter: Counter, *,
                 lease_s: float = 60.0, batch: int = 50) -> None:
        self.rules, self._shop, self._storage, self._counter = rules, shop, storage, counter
        self.tz = ZoneInfo(shop.timezone)
        self._lease_s, self._batch = lease_s, batch

    def local(self, ts: float) -> datetime:
        """A moment on the shop's clock, naive, as the rules read it."""
        return datetime.fromtimestamp(ts, self.tz).replace(tzinfo=None)

    def epoch(self, local: datetime) -> float:
        return local.replace(tzinfo=self.tz).timestamp()

    async def take(self, channel: str, event: OrderEvent) -> Taken:
        """Stores the order, cancels what the event makes pointless and schedules what it starts, in
        one commit with the event's id, so an event seen twice is acknowledged once."""
        storage, timers, order = self._storage, self._storage.outreach, event.order
        planned = plan(event.event, self.local(event.at.timestamp()), self.rules)
        stops = cancelled(event.event, self.rules)

        def write(_db: Connection) -> Taken:
            if not timers.first_sight(channel, event.event_id):
                return Taken("duplicate")
            storage.orders.put(order)
            gone = timers.cancel(channel, order.order_id, stops, f"event:{event.event}")
            started = () if timers.opted_out(channel, order.order_id) else tuple(
                p.rule for p in planned if timers.schedule(channel, order.order_id, p.rule, event.buyer_id,
                                                           event.conversation_id, self.epoch(p.due)))
            return Taken("accepted", started, tuple(gone))

        taken = await storage.commit(write)
        for rule in taken.cancelled:
            self._counter.labels(rule, "cancelled", f"event:{event.event}").inc()
        return taken

    async def heard(self, channel: str, buyer_id: str | None, text: str) -> list[tuple[str, str]]:
        """A buyer's message: when it says 别发了, nothing more is sent first for their orders;
        (order, rule) of the timers stopped. Any other message is the normal conversation's."""
        if not buyer_id or not opts_out(text, self.rules):
            return []
        stopped = await self._storage.commit(lambda _db: self._storage.outreach.opt_out(channel, buyer_id))
        for _, rule in stopped:
            self._counter.labels(rule, "skipped", "opt_out").inc()
        return stopped

    async def run_due(self, now: float, *, env: SandboxedEnvironment, can_send: Callable[[str], bool]) -> list[Outcome]:
        """Handles every timer due by `now` (the clock's moment, or a replayed one), batch by batch."""
        outcomes: list[Outcome] = []
        while True:
            claimed = await self._storage.commit(
                lambda _db: self._storage.outreach.claim(now, self._batch, self._lease_s))
            if not claimed:
                return outcomes
            outcomes += await self._handle(claimed, now, env, can_send)
            if len(claimed) < self._batch:
                return outcomes

    async def _handle(self, claimed: list[Timer], now: float, env: SandboxedEnvironment,
                      can_send: Callable[[str], bool]) -> list[Outcome]:
        """Decides and renders each claimed timer, then settles the batch in one commit; the counts
        of this batch's sends join the stored ones, so one batch never passes a cap."""
        moment = self.local(now)
        since = self.epoch(day_start(moment))
        by_order, by_buyer = Tally[tuple[str, str]](), Tally[tuple[str, str]]()
        planned: list[tuple[Outcome, Callable[[], bool]]] = []
        known = await self._storage.read(lambda: [self._known(timer, since) for timer in claimed])
        for timer, (order, stored, opted_out) in zip(claimed, known):
            rule = self.rules.rule(timer.rule)
            counts = Counts(stored.order + by_order[(timer.channel, timer.order_id)],
                            stored.buyer_today + by_buyer[(timer.channel, timer.buyer_id)])
            decision = Decision("skip", "rule_removed") if rule is None else decide(
                rule, now=moment, status=order.status if order else None, counts=counts,
                opted_out=opted_out, rules=self.rules)
            if decision.action == SEND and rule is not None:
                text = self._text(rule.template, timer, order, moment, env)
                if text is None:
                    decision = Decision("skip", "template")
                else:
                    sending = can_send(timer.channel)
                    by_order[(timer.channel, timer.order_id)] += 1
                    by_buyer[(timer.channel, timer.buyer_id)] += 1
                    planned.append(self._send(timer, text, now, sending))
                    continue
            planned.append(self._settle(timer, decision))
        done = await self._storage.commit(lambda _db: [write() for _, write in planned])
        outcomes = [o if ok else Outcome(**{**o.to_dict(), "action": "taken"}) for (o, _), ok in zip(planned, done)]
        for o in outcomes:
            if o.action != "taken":
                outcome = {"sent": "sent", "agent": "sent", "deferred": "skipped"}.get(o.action, "skipped")
                self._counter.labels(o.rule, outcome, o.reason or o.action).inc()
        return outcomes

    def _known(self, timer: Timer, since: float) -> tuple[Order | None, Counts, bool]:
        """What the store says about a due timer: its order, what was sent already (for its order,
        and to its buyer since `since`) and whether the buyer opted out. Reads: run via `Storage.read`."""
        timers = self._storage.outreach
        return (self._storage.orders.get(timer.order_id),
                Counts(timers.sent_for_order(timer.channel, timer.order_id),
                       timers.sent_to_buyer(timer.channel, timer.buyer_id, since)),
                timers.opted_out(timer.channel, timer.order_id))

    def _text(self, template: str, timer: Timer, order: Order | None, moment: datetime,
              env: SandboxedEnvironment) -> str | None:
        """The message, rendered and checked; None (logged) when the template fails or breaks the rules."""
        shipping = self._shop.shipping
        context = {
            "shop": {"name": self._shop.shop_name}, "order": order.to_dict() if order else {"order_id": timer.order_id},
            "cutoff": f"{shipping.cutoff_hour}:00", "pays_today": moment.hour < shipping.cutoff_hour,
            "courier": shipping.default_courier, "seed": f"{timer.order_id}:{timer.rule}",
        }
        name = f"{TEMPLATE_DIR}/{template}"
        try:
            return ensure_compliant(render(env, name, context), name)
        except (RenderError, ComplianceError) as exc:
            log.error("proactive message %s for order %s held back: %s", timer.rule, timer.order_id, exc)
            return None

    def _send(self, timer: Timer, text: str, now: float, sending: bool) -> tuple[Outcome, Callable[[], bool]]:
        """The message logged in the buyer's conversation as the bot's, and queued for delivery (or,
        when the channel takes no replies, put before an agent), if the timer is still ours."""
        storage = self._storage
        message = LoggedMessage("bot", text, time.time(), f"outreach:{timer.id}", intents=(f"outreach:{timer.rule}",))
        delivery = Delivery(timer.channel, timer.conversation_id, timer.buyer_id,
                            f"outreach:{timer.rule}:{timer.order_id}", text)
        waiting = Waiting(id=0, conversation_id=timer.conversation_id, channel=timer.channel, buyer_id=timer.buyer_id,
                          message_id=f"outreach:{timer.id}", text=text, reason="outreach",
                          suggestions=({"text": text, "intent": f"outreach:{timer.rule}"},), at=time.time())

        def write() -> bool:
            if not storage.outreach.settle(timer, SENT if sending else SKIPPED, "" if sending else "cannot_send", at=now):
                return False
            storage.log.open_conversation(timer.conversation_id, timer.channel, timer.buyer_id, message.at)
            if sending:
                storage.log.record_reply(timer.conversation_id, message)
                storage.deliveries.put(delivery)
            else:
                storage.log.queue_for_agent(waiting)
            return True

        outcome = Outcome(timer.id, timer.rule, timer.order_id, timer.channel, timer.buyer_id, timer.conversation_id,
                          "sent" if sending else "agent", "" if sending else "cannot_send", text)
        return outcome, write

    def _settle(self, timer: Timer, decision: Decision) -> tuple[Outcome, Callable[[], bool]]:
        timers = self._storage.outreach
        if decision.action == DEFER and decision.until is not None:
            until = self.epoch(decision.until)

            def write() -> bool:
                timers.defer(timer, until)
                return True
            action = "deferred"
        else:
            def write() -> bool:
                return timers.settle(timer, CANCELLED if decision.reason == "status" else SKIPPED, decision.reason)
            action = "skipped"
        return Outcome(timer.id, timer.rule, timer.order_id, timer.channel, timer.buyer_id, timer.conversation_id,
                       action, decision.reason), write

    async def next_due(self) -> float | None:
        return await self._storage.read(self._storage.outreach.next_due)
