"""The shop's rules as code: what the shop may offer for an intent, given the order and the conversation.

Pure functions of (intent, situation, rules) -> Offer. The values (thresholds, windows, gifts) come from
`policy/shop.yaml`; templates under `replies/` turn an Offer's case and facts into words.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain import ConversationState, Order, Slots


@dataclass(frozen=True)
class ShippingRules:
    free_threshold: float
    free_gap: float
    never_free_regions: tuple[str, ...]
    remote_fee: float
    default_courier: str
    couriers: tuple[str, ...]
    sf_surcharge: float
    cutoff_hour: int
    promise_hours: int
    late_compensation_rate: float
    late_compensation_cap: float
    cod_surcharge: float


@dataclass(frozen=True)
class BargainRules:
    max_discount: float
    gifts: tuple[str, ...]
    coupon: float
    handoff_after_rounds: int


@dataclass(frozen=True)
class ReturnRules:
    no_reason_days: int
    excluded: tuple[str, ...]
    platform_steps_in_hours: int
    refund_days: int


@dataclass(frozen=True)
class PriceProtectionRules:
    days: int


@dataclass(frozen=True)
class InvoiceRules:
    kinds: tuple[str, ...]
    special_needs: str
    issue_days: int


@dataclass(frozen=True)
class ShopRules:
    shop_name: str
    timezone: str
    shipping: ShippingRules
    bargaining: BargainRules
    returns: ReturnRules
    price_protection: PriceProtectionRules
    invoice: InvoiceRules
    angry_words: tuple[str, ...]


@dataclass(frozen=True)
class Situation:
    """Everything a rule may look at for one turn."""

    text: str  # the normalised message
    order: Order | None
    state: ConversationState  # before this turn
    slots: Slots  # merged with the conversation's
    now: datetime  # naive, on the shop's clock
    intents: tuple[str, ...] = ()  # every intent of this turn, for rules that combine


@dataclass(frozen=True)
class Offer:
    """What the shop may say for one intent: a case the template branches on, and the facts it may use."""

    intent: str
    case: str
    facts: dict[str, Any] = field(default_factory=dict)
    handoff: bool = False


def _hours_since(then: datetime | None, now: datetime) -> float | None:
    return None if then is None else (now - then).total_seconds() / 3600


def _fmt_money(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.005 else f"{value:.2f}"


def _fmt_time(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日{moment.hour}:{moment.minute:02d}"


def price_floor(price: float, max_discount: float) -> float:
    """The smallest price the shop accepts, rounded up to the fen so it is never below the largest discount."""
    return math.ceil(round(price * (1 - max_discount) * 100, 6)) / 100


def late_compensation(amount: float, rules: ShippingRules) -> float:
    return min(amount * rules.late_compensation_rate, rules.late_compensation_cap)


def ships_today(now: datetime, rules: ShippingRules) -> bool:
    return now.hour < rules.cutoff_hour


def free_shipping_gap(amount: float, region: str | None, rules: ShippingRules) -> float | None:
    """How much more the buyer must spend to ship free; None where nothing ships free."""
    if region and any(r in region for r in rules.never_free_regions):
        return None
    return max(rules.free_threshold - amount, 0.0)


def bargain(s: Situation, rules: ShopRules) -> Offer:
    b, ship = rules.bargaining, rules.shipping
    rnd = s.state.bargain_round + 1
    price = s.order.amount if s.order else (max(s.slots.amounts) if len(s.slots.amounts) > 1 else None)
    floor = price_floor(price, b.max_discount) if price else None
    asked = min(s.slots.amounts) if s.slots.amounts else None
    region = (s.order.region if s.order else None) or s.slots.region
    gap = free_shipping_gap(s.order.amount, region, ship) if s.order else None
    facts = {
        "round": rnd, "floor": _fmt_money(floor) if floor else None, "price": _fmt_money(price) if price else None,
        "gap": _fmt_money(gap) if gap else None, "gift": b.gifts[(rnd - 1) % len(b.gifts)] if b.gifts else None,
        "coupon": _fmt_money(b.coupon) if price and price - b.coupon >= floor else None, "threshold": _fmt_money(ship.free_threshold), "offered": None,
    }
    if "邮" in s.text or "运费" in s.text:
        if region and free_shipping_gap(0, region, ship) is None:
            return Offer("bargain", "remote_postage", {**facts, "region": region, "fee": _fmt_money(ship.remote_fee)})
        if gap is not None and 0 < gap <= ship.free_gap:
            return Offer("bargain", "free_shipping_gap", facts)
        if gap == 0:
            return Offer("bargain", "already_free", facts)
        return Offer("bargain", "free_shipping_rule", facts)
    if asked is not None and floor is not None and floor <= asked < price and rnd >= 2:
        return Offer("bargain", "meet_price", {**facts, "offered": _fmt_money(asked)})
    if rnd > b.handoff_after_rounds:
        return Offer("bargain", "handoff", facts, handoff=True)
    if rnd == 1:
        return Offer("bargain", "hold_price", facts)
    if rnd == 2:
        return Offer("bargain", "gift", facts)
    return Offer("bargain", "floor", facts)


def courier_request(asked: str, rules: ShippingRules) -> str:
    """The case for a buyer naming a courier other than the one the order would go by."""
    if asked == "顺丰" and "顺丰" in rules.couriers:
        return "courier_sf"
    return "courier_ok" if asked in rules.couriers else "courier_unavailable"


def shipping(s: Situation, rules: ShopRules) -> Offer:
    ship = rules.shipping
    o = s.order
    facts = {
        "courier": (o.courier if o and o.courier else ship.default_courier), "tracking_no": o.tracking_no if o else None,
        "cutoff": f"{ship.cutoff_hour}:00", "promise_hours": ship.promise_hours,
        "ships": "今天" if ships_today(s.now, ship) else "明天", "compensation": None,
        "sf_surcharge": _fmt_money(ship.sf_surcharge), "hours_late": None, "ship_by": None,
        "couriers": "、".join(ship.couriers),
    }
    asked = s.slots.courier
    if asked and asked in s.text and asked != facts["courier"] and (o is None or o.status in ("unpaid", "paid")):
        return Offer("shipping", courier_request(asked, ship), {**facts, "asked_courier": asked})
    if o is None:
        return Offer("shipping", "general", facts)
    if o.status == "unpaid":
        return Offer("shipping", "unpaid", facts)
    if o.status == "paid":
        waited = _hours_since(o.paid_at, s.now) or 0.0
        if waited > ship.promise_hours:
            comp = late_compensation(o.amount, ship)
            return Offer("shipping", "late", {**facts, "compensation": _fmt_money(comp), "hours_late": int(waited - ship.promise_hours)})
        paid_today_before_cutoff = o.paid_at is not None and o.paid_at.date() == s.now.date() and o.paid_at.hour < ship.cutoff_hour
        ship_by = _fmt_time(o.paid_at + timedelta(hours=ship.promise_hours)) if o.paid_at else None
        return Offer("shipping", "paid", {**facts, "ships": "今天" if paid_today_before_cutoff else facts["ships"], "ship_by": ship_by})
    if o.status == "shipped":
        took = _hours_since(o.paid_at, o.shipped_at) if o.shipped_at else None
        late = took is not None and took > ship.promise_hours  # shipped after the promise: still owed the compensation
        return Offer("shipping", "shipped", {**facts, "compensation": _fmt_money(late_compensation(o.amount, ship)) if late else None})
    if o.status in ("delivered", "completed"):
        return Offer("shipping", "delivered", facts)
    return Offer("shipping", "closed", facts)


def return_window(o: Order | None, now: datetime, rules: ReturnRules) -> dict[str, Any]:
    """Whether the 7-day no-reason window is open, and how many days are left, today included.

    The days count from the day after delivery (网络购买商品七日无理由退货暂行办法 art. 7: 签收次日起算), so a
    parcel signed for on the 1st may go back until the end of the 8th.
    """
    if o is None or o.delivered_at is None:
        return {"window_open": None, "days_left": None}
    last_day = o.delivered_at.date() + timedelta(days=rules.no_reason_days)
    left = (last_day - now.date()).days + 1
    return {"window_open": left > 0, "days_left": max(left, 0)}


def freight_payer(o: Order | None, fault: bool, rules: ShippingRules) -> str | None:
    """Who pays the return postage: the party at fault; with no fault the buyer pays the way back, and on a
    free-shipping order each side pays its own leg ("each"), otherwise the buyer pays both ("buyer")."""
    if fault:
        return "shop"
    if o is None:
        return None
    return "each" if free_shipping_gap(o.amount, o.region, rules) == 0 else "buyer"


def returns(s: Situation, rules: ShopRules) -> Offer:
    r = rules.returns
    o = s.order
    fault = "quality_issue" in s.intents or "quality_issue" in s.state.recent_intents  # reported now or earlier in the chat
    facts = {
        "days": r.no_reason_days, **return_window(o, s.now, r), "refund_days": r.refund_days,
        "freight_payer": freight_payer(o, fault, rules.shipping), "platform_hours": r.platform_steps_in_hours,
    }
    if o is None:
        return Offer("return", "rules", facts)
    if o.status == "closed":
        return Offer("return", "closed", facts)
    if o.status in ("unpaid", "paid"):
        return Offer("return", "not_shipped", facts)
    if o.status == "shipped":
        return Offer("return", "in_transit", facts)
    if fault:
        return Offer("return", "fault", facts)
    if o.has_custom_items and "custom" in r.excluded:
        return Offer("return", "custom_excluded", facts)
    if facts["window_open"] is False:
        return Offer("return", "past_window", facts)
    return Offer("return", "within_window", facts)


def quality_issue(s: Situation, rules: ShopRules) -> Offer:
    facts = {"platform_hours": rules.returns.platform_steps_in_hours, **return_window(s.order, s.now, rules.returns)}
    return Offer("quality_issue", "report", facts)


def cancel_order(s: Situation, rules: ShopRules) -> Offer:
    facts = {"refund_days": rules.returns.refund_days}
    status = s.order.status if s.order else None
    case = {"unpaid": "unpaid", "paid": "paid", "shipped": "shipped", "delivered": "delivered", "completed": "delivered", "closed": "closed"}.get(status, "general")
    return Offer("cancel_order", case, facts)


def address_change(s: Situation, rules: ShopRules) -> Offer:
    status = s.order.status if s.order else None
    if status in ("shipped", "delivered", "completed"):
        return Offer("address_change", "after_shipping", {}, handoff=True)
    if status == "closed":
        return Offer("address_change", "closed")
    return Offer("address_change", "before_shipping" if status else "general")


def price_protect(s: Situation, rules: ShopRules) -> Offer:
    days = rules.price_protection.days
    waited = _hours_since(s.order.paid_at if s.order else None, s.now)
    within = None if waited is None else waited <= days * 24
    case = "rules" if within is None else ("within" if within else "past")
    return Offer("price_protect", case, {"days": days, "within": within})


def invoice(s: Situation, rules: ShopRules) -> Offer:
    inv = rules.invoice
    case = "special" if ("专票" in s.text or "专用" in s.text or "增值税" in s.text) else "general"
    return Offer("invoice", case, {"kinds": "、".join(inv.kinds), "special_needs": inv.special_needs, "issue_days": inv.issue_days})


def payment(s: Situation, rules: ShopRules) -> Offer:
    ship = rules.shipping
    facts = {"cutoff": f"{ship.cutoff_hour}:00", "cod_surcharge": _fmt_money(ship.cod_surcharge), "ships": "今天" if ships_today(s.now, ship) else "明天"}
    status = s.order.status if s.order else None
    return Offer("payment", {"unpaid": "unpaid", None: "general", "closed": "closed"}.get(status, "paid"), facts)


def human(s: Situation, rules: ShopRules) -> Offer:
    return Offer("human", "handoff", {}, handoff=True)


def bad_review(s: Situation, rules: ShopRules) -> Offer:
    return Offer("bad_review", "repair", {"platform_hours": rules.returns.platform_steps_in_hours})


RULES: dict[str, Callable[[Situation, ShopRules], Offer]] = {
    "bargain": bargain,
    "shipping": shipping,
    "return": returns,
    "quality_issue": quality_issue,
    "cancel_order": cancel_order,
    "address_change": address_change,
    "price_protect": price_protect,
    "invoice": invoice,
    "payment": payment,
    "human": human,
    "bad_review": bad_review,
}


# The facts each intent's offers carry (None where a case has no value), so `validate` can check
# that a template uses no variable the policy never provides.
FACTS: dict[str, frozenset[str]] = {
    "bargain": frozenset({'round', 'floor', 'price', 'gap', 'gift', 'coupon', 'threshold', 'offered', 'region', 'fee'}),
    "shipping": frozenset({'courier', 'tracking_no', 'cutoff', 'promise_hours', 'ships', 'compensation', 'sf_surcharge', 'hours_late', 'asked_courier', 'ship_by', 'couriers'}),
    "return": frozenset({'days', 'window_open', 'days_left', 'refund_days', 'freight_payer', 'platform_hours'}),
    "quality_issue": frozenset({'platform_hours', 'window_open', 'days_left'}),
    "cancel_order": frozenset({'refund_days'}),
    "address_change": frozenset(),
    "price_protect": frozenset({'days', 'within'}),
    "invoice": frozenset({'kinds', 'special_needs', 'issue_days'}),
    "payment": frozenset({'cutoff', 'cod_surcharge', 'ships'}),
    "human": frozenset(),
    "bad_review": frozenset({'platform_hours'}),
}


def offer_for(intent: str, situation: Situation, rules: ShopRules) -> Offer:
    """The rule for an intent; intents with no rule of their own (greeting, thanks) get a plain case."""
    rule = RULES.get(intent)
    if rule is None:
        return Offer(intent, "default")
    offer = rule(situation, rules)
    return replace(offer, facts={name: None for name in FACTS[intent]} | offer.facts)


def is_angry(text: str, rules: ShopRules) -> bool:
    return any(word in text for word in rules.angry_words)


def order_facts(s: Situation, rules: ShopRules) -> dict[str, Any]:
    """The policy facts an agent sees on the order card beside the conversation."""
    facts: dict[str, Any] = {"bargain_round": s.state.bargain_round}
    o = s.order
    if o is None:
        return facts
    facts["free_shipping_gap"] = free_shipping_gap(o.amount, o.region, rules.shipping)
    facts |= return_window(o, s.now, rules.returns)
    if o.paid_at and o.status == "paid":
        facts["ship_by"] = (o.paid_at + timedelta(hours=rules.shipping.promise_hours)).isoformat(timespec="minutes")
    return facts
