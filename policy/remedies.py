"""Which remedies the shop may offer for the problems a bad review names, given the order.

Pure: (aspects, order, review time, rules) -> remedies. The remedies per aspect come from
`policy/reviews.yaml`; the windows (no-reason returns, price protection) from `policy/shop.yaml`, so a
window is written down once. Templates under `replies/review/` put the remedies into words.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Order
from policy.rules import ShopRules, return_window

REMEDIES = (
    "return_shop_freight", "exchange", "resend", "size_exchange",
    "courier_complaint", "urge_dispatch", "price_difference", "manager_follow_up",
)
RECEIVED = ("delivered", "completed")
SHIPPED = ("shipped", "delivered", "completed")


@dataclass(frozen=True)
class RemedyRules:
    """The values of policy/reviews.yaml that choose remedies."""

    by_aspect: Mapping[str, tuple[str, ...]]
    photos_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Remedy:
    code: str  # one of REMEDIES
    aspect: str  # the complaint it answers


def shop_clock(moment: datetime, timezone: str) -> datetime:
    """A time as the shop's rules read it: naive, on the shop's clock (orders may carry a UTC offset)."""
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None) if moment.tzinfo else moment


def _received(order: Order | None) -> bool:
    """Whether the buyer has the goods; with no order the shop cannot tell, so it offers and then checks."""
    return order is None or order.status in RECEIVED


def allowed(code: str, order: Order | None, at: datetime, shop: ShopRules) -> bool:
    """Whether one remedy fits this order at the time of the review."""
    if order is not None and order.status == "closed":
        return code == "manager_follow_up"  # refunded or cancelled already: nothing left to return or send
    if code in ("return_shop_freight", "exchange", "resend"):
        return _received(order)
    if code == "size_exchange":
        if order is None:
            return True
        return order.status in RECEIVED and not shop.returns.excludes(order) and return_window(order, shop_clock(at, shop.timezone), shop.returns)["window_open"] is not False
    if code == "courier_complaint":
        return order is None or order.status in SHIPPED
    if code == "urge_dispatch":
        return order is not None and order.status == "paid"
    if code == "price_difference":
        paid = order.paid_at if order else None
        return paid is not None and shop_clock(at, shop.timezone) - shop_clock(paid, shop.timezone) <= timedelta(days=shop.price_protection.days)
    return code == "manager_follow_up"


def remedies_for(aspects: Sequence[str], order: Order | None, at: datetime, rules: RemedyRules, shop: ShopRules) -> tuple[Remedy, ...]:
    """The remedies to offer, best first, each once (an exchange answers quality and fit alike)."""
    out: list[Remedy] = []
    for aspect in aspects:
        for code in rules.by_aspect.get(aspect, ()):
            if code not in {r.code for r in out} and allowed(code, order, at, shop):
                out.append(Remedy(code, aspect))
    return tuple(out)


def needs_photos(aspects: Sequence[str], rules: RemedyRules) -> bool:
    return any(a in rules.photos_for for a in aspects)
