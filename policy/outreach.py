"""The shop's proactive messages as pure rules: which order event starts which message and when,
which later event cancels it, and whether a due message may go out now (quiet hours, caps, the
buyer's opt-out, the order's status). Times are naive, on the shop's clock; nothing here reads a
clock or a store, so every decision is a row in a table of cases (`tests/test_outreach_rules.py`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

ORDER_EVENTS = ("created", "paid", "shipped", "delivered", "completed", "closed", "refund_requested", "refunded")
SEND, SKIP, DEFER = "send", "skip", "defer"


@dataclass(frozen=True)
class QuietHours:
    """The night, when the shop never writes first: from `start` to `end` (may wrap past midnight)."""

    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        t = moment.time()
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def next_open(self, moment: datetime) -> datetime:
        """`moment` itself outside the quiet hours, else the end of the quiet hours it falls in."""
        if not self.contains(moment):
            return moment
        end = datetime.combine(moment.date(), self.end)
        return end if end > moment else end + timedelta(days=1)


@dataclass(frozen=True)
class MessageRule:
    name: str
    on: str  # the order event that starts it
    after: timedelta  # how long after the event
    template: str  # under replies/outreach/, without .j2
    only_while: tuple[str, ...] = ()  # order statuses in which it still makes sense; () = any
    cancelled_by: tuple[str, ...] = ()  # later events that make it pointless


@dataclass(frozen=True)
class OutreachRules:
    quiet: QuietHours
    per_order: int  # proactive messages at most, for one order, ever
    per_buyer_per_day: int  # proactive messages at most, to one buyer, per day on the shop's clock
    opt_out_phrases: tuple[str, ...]
    messages: tuple[MessageRule, ...] = ()

    def rule(self, name: str) -> MessageRule | None:
        return next((r for r in self.messages if r.name == name), None)


NO_OUTREACH = OutreachRules(QuietHours(time(22), time(9)), 0, 0, (), ())


@dataclass(frozen=True)
class Planned:
    rule: str
    due: datetime


@dataclass(frozen=True)
class Counts:
    """Proactive messages already sent: for the order, and to the buyer on the shop's day of `now`."""

    order: int = 0
    buyer_today: int = 0


@dataclass(frozen=True)
class Decision:
    action: str  # send, skip (never: the reason says why) or defer (until `until`)
    reason: str = ""
    until: datetime | None = None


def plan(event: str, at: datetime, rules: OutreachRules) -> tuple[Planned, ...]:
    """The messages an event starts, each due `after` the event and moved out of the quiet hours."""
    return tuple(Planned(r.name, rules.quiet.next_open(at + r.after)) for r in rules.messages if r.on == event)


def cancelled(event: str, rules: OutreachRules) -> tuple[str, ...]:
    """The pending messages this event makes pointless (payment cancels 催付)."""
    return tuple(r.name for r in rules.messages if event in r.cancelled_by)


def decide(rule: MessageRule, *, now: datetime, status: str | None, counts: Counts, opted_out: bool,
           rules: OutreachRules) -> Decision:
    """Whether a due message goes out at `now`: the buyer's no first, then the order's status, the
    night (wait for the morning), the order's cap (never) and the buyer's daily cap (tomorrow)."""
    if opted_out:
        return Decision(SKIP, "opt_out")
    if rule.only_while and status not in rule.only_while:
        return Decision(SKIP, "status")
    if rules.quiet.contains(now):
        return Decision(DEFER, "quiet_hours", rules.quiet.next_open(now))
    if counts.order >= rules.per_order:
        return Decision(SKIP, "cap_order")
    if counts.buyer_today >= rules.per_buyer_per_day:
        tomorrow = datetime.combine(now.date() + timedelta(days=1), time(0))
        return Decision(DEFER, "cap_buyer_day", rules.quiet.next_open(tomorrow))
    return Decision(SEND)


def day_start(now: datetime) -> datetime:
    """Midnight of `now`'s day, from which the buyer's daily cap counts."""
    return datetime.combine(now.date(), time(0))


def opts_out(text: str, rules: OutreachRules) -> bool:
    """The buyer asks the shop to stop writing first (别发了, 不要再发...)."""
    squeezed = "".join(text.split())
    return any(phrase in squeezed for phrase in rules.opt_out_phrases)
