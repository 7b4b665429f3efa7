"""The shop's rules as code: what the shop may offer for an intent, given the order and the conversation.

Pure functions of (intent, situation, rules) -> Offer. The values (thresholds, windows, gifts) come from
`policy/shop.yaml`; templates under `replies/` turn an Offer's case and facts into words.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, Literal

import ahocorasick

Payer = Literal["buyer", "shop"]

from bot.domain import ConversationState, Item, Order, Slots
from bot.lookup import automaton
from bot.memo import per_text
from bot.slots import COURIERS
from bot.text import clauses


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
    custom_make_days: int  # a custom-made item without a stated date ships within this many days of payment
    stuck_after_days: int  # a parcel this long on the way: the shop chases the courier, offers 补发 or a refund
    inspect_on_delivery: bool  # buyers may check the parcel in front of the courier and refuse a crushed one


@dataclass(frozen=True)
class BargainRules:
    max_discount: float
    gifts: tuple[str, ...]
    coupon: float
    handoff_after_rounds: int
    gift_min_amount: float  # an order below this gets no gift
    meet_from_round: int  # a buyer's own price is met at the earliest on this ask
    free_gap_from_round: int  # 差几块包邮 is granted at the earliest on this ask (a returning buyer: at once)
    multi_piece: dict[int, float]  # pieces -> discount for buying several, never past max_discount
    coupon_combinable: bool  # 抵价券 with other offers
    coupon_covers_postage: bool


@dataclass(frozen=True)
class FreightInsuranceRules:
    """退货运费险 the shop gives with an order: on a return for no reason it pays the buyer's postage back, so who
    would otherwise pay it (`freight_payer`) matters only without it."""

    given: bool  # whether the shop gives it at all
    min_amount: float  # on orders from this amount; items with no 7天无理由 (`ReturnRules.excluded`) never get it


@dataclass(frozen=True)
class ReturnRules:
    no_reason_days: int
    excluded: tuple[str, ...]
    platform_steps_in_hours: int
    refund_days: int
    address: str  # where returns go
    courier: str  # the courier returns should use
    refusal_freight: Payer  # who pays both legs when a buyer refuses a parcel with no reason: buyer or shop
    freight_insurance: FreightInsuranceRules

    def excludes(self, o: Order | None) -> bool:
        """Whether an order holds an item the shop never takes back for no reason (a custom-made one, when `excluded`
        names custom): the one place the return reply, the 运费险 and a review's size exchange ask it."""
        return bool(o and o.has_custom_items and "custom" in self.excluded)


@dataclass(frozen=True)
class PriceProtectionRules:
    days: int


@dataclass(frozen=True)
class InvoiceRules:
    kinds: tuple[str, ...]
    special_needs: str
    issue_days: int
    paper_postage: Payer  # who pays the postage of a paper invoice: shop or buyer


@dataclass(frozen=True)
class ServiceRules:
    platform: str  # where the shop sells: chat and payment stay there (off-platform contact is punished)
    remind_favorite: bool  # a goodbye with no purchase reminds the buyer to 收藏店铺


@dataclass(frozen=True)
class ShopRules:
    shop_name: str
    timezone: str
    shipping: ShippingRules
    bargaining: BargainRules
    returns: ReturnRules
    price_protection: PriceProtectionRules
    invoice: InvoiceRules
    service: ServiceRules
    angry_words: tuple[str, ...]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # policy/cues.yaml: situation -> its cue words

    def says(self, text: str, situation: str) -> bool:
        """Whether a message carries one of a situation's cues; `a+b` needs both parts."""
        said = self._said(text)
        words, pairs = self._split_cues.get(situation, (frozenset(), {}))
        return not words.isdisjoint(said) or any(all(map(said.__contains__, parts)) for part in said for parts in pairs.get(part, ()))

    @cached_property
    def _split_cues(self) -> dict[str, tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]]:
        """Each situation's cues split once, not at every message: (plain words, the parts of the `a+b` ones by their
        first part)."""
        split: dict[str, tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]] = {}
        for situation, cues in self.cues.items():
            pairs: dict[str, list[tuple[str, ...]]] = {}
            for parts in (tuple(c.split("+")) for c in cues if "+" in c):
                pairs.setdefault(parts[0], []).append(parts)
            split[situation] = (frozenset(c for c in cues if "+" not in c), {first: tuple(p) for first, p in pairs.items()})
        return split

    @per_text()
    def _said(self, text: str) -> frozenset[str]:
        """Every cue and part of a cue of any situation that the text holds, found in one pass (the empty string, held by
        every text, too); kept for the last few texts, as the rules ask of one message's cues several times a reply."""
        return frozenset((*(word for _, word in self._cue_words.iter(text)), "")) if len(self._cue_words) else frozenset(("",))

    @cached_property
    def _cue_words(self) -> ahocorasick.Automaton:
        """The cues of every situation and the parts of the `a+b` ones, each word its own value."""
        return automaton({w: w for cues in self.cues.values() for c in cues for w in c.split("+") if w})


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
    answers: bool = True  # the reply settles the question with facts; False: it holds or asks, an agent sends it
    # other intents of the same message this reply answers too (a return covers 不想要了 on a delivered order): their
    # own replies would say it again or contradict it, so the turn answers without them (`answering`)
    covers: frozenset[str] = frozenset()


def answering(offers: list[Offer]) -> list[Offer]:
    """The offers a turn answers with: none that another offer of the turn covers, and one reply of each intent (a
    haggle telling a drop gets price protection's, which its own reading gives too)."""
    kept = [o for o in offers if not any(o.intent in other.covers for other in offers if other is not o)]
    return [o for n, o in enumerate(kept) if all(o.intent != earlier.intent for earlier in kept[:n])]


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


def round_up(value: float) -> int:
    """A price said to a buyer: whole yuan, rounded up so it never goes under what the rule allows."""
    return math.ceil(round(value, 6))


def goods_value(o: Order) -> float:
    """What the goods of an order cost, its postage left out: 满99包邮 and the 95% floor are the goods' (88元 of goods
    and 10元 postage is 11元 short of free shipping, not 1). The items' prices say it whether or not the integration
    counted the postage into the amount; with no items, the amount less the postage."""
    return sum(i.cost for i in o.items) if o.items else o.amount - (o.shipping_fee or 0.0)


def item_price(o: Order | None) -> float | None:
    """The one item's unit price when the order holds one kind of item: never the order total."""
    kinds = {(i.sku, i.price) for i in o.items} if o else set()
    return next(iter(kinds))[1] if len(kinds) == 1 else None


def multi_piece_offer(pieces: int, unit: float | None, b: BargainRules) -> dict[str, Any]:
    """The rules' price for buying several: the best tier the quantity reaches, rounded up to the yuan."""
    reached = [n for n in b.multi_piece if n <= pieces]
    if not reached:
        return {"pieces": min(b.multi_piece), "tiers": _tiers(b), "unit_price": None, "discount": None}
    discount = b.multi_piece[max(reached)]
    unit_price = _fmt_money(round_up(unit * (1 - discount))) if unit else None
    # the buyer's own count and its discount (拿两个: 97折), not a tier they did not ask about
    return {"pieces": pieces, "tiers": _tiers(b), "unit_price": unit_price, "discount": discount_name(discount)}


def _tiers(b: BargainRules) -> str:
    return "，".join(f"{n}件{discount_name(d)}" for n, d in sorted(b.multi_piece.items()))


def discount_name(discount: float) -> str:
    """A discount as shops write it: 0.03 is 97折, 0.05 95折, 0.1 9折."""
    tenths = round((1 - discount) * 100, 1)
    return f"{tenths / 10:g}折" if tenths % 10 == 0 else f"{tenths:g}折"


SENT = ("shipped", "delivered", "completed")
BOUGHT = ("paid", *SENT)  # paid for: a fall in price since is price protection's


def bargain(s: Situation, rules: ShopRules) -> Offer:
    """A haggle, round by round; before payment it also answers a word about the price falling (不降价的话 送个赠品吧):
    there is no price paid to protect yet. Whether the shop gives 运费险 is the return rule's question (送运费险吗 reads
    like asking for a gift): answered by it here unless the turn reads a return too (包邮吗 送运费险吗: each its own)."""
    if rules.says(s.text, "freight_insurance") and "return" not in s.intents:
        return returns(s, rules)
    # 赠品木有收到 客服答应送的收纳袋: a gift promised and missing from the goods received is the shop's slip, not a haggle
    if shop_slip(s, rules):
        return quality_issue(s, rules)
    # 到了我直接拒签 要扣运费吗 on a shipped order: a refusal's postage, not the price
    if s.order is not None and s.order.status in SENT and rules.says(s.text, "refused_freight"):
        return returns(s, rules)
    # 不想要了 退的话运费怎么算 on goods received: who pays a return's postage, not the price
    if received(s.order) and rules.says(s.text, "sending_back") and not rules.says(s.text, "price_dropped"):
        return returns(s, rules)
    offer = _haggle(s, rules)
    unpaid = s.order is not None and s.order.status == "unpaid"
    return replace(offer, covers=offer.covers | {"price_protect"}) if unpaid and offer.intent == "bargain" else offer


def _haggle(s: Situation, rules: ShopRules) -> Offer:
    b, ship = rules.bargaining, rules.shipping
    o = s.order
    rnd = s.state.bargain_round + 1
    returning = bool(o and o.repeat_buyer)
    price = goods_value(o) if o else (max(s.slots.amounts) if len(s.slots.amounts) > 1 else None)
    floor = round_up(price_floor(price, b.max_discount)) if price else None
    floor = min(floor, price) if floor is not None else None
    asked = min(s.slots.amounts) if s.slots.amounts else None
    region = s.slots.region or (o.region if o else None)  # 改成新疆的 运费一样吗: the region the buyer asks about
    gap = free_shipping_gap(goods_value(o), region, ship) if o else None
    unit = item_price(o)
    gift = b.gifts[(rnd - 1) % len(b.gifts)] if b.gifts and (price is None or price >= b.gift_min_amount) else None
    facts = {
        "round": rnd, "floor": _fmt_money(floor) if floor else None, "price": _fmt_money(price) if price else None,
        "item_price": _fmt_money(unit) if unit else None, "returning": returning,
        "gap": _fmt_money(gap) if gap else None, "gift": gift,
        "coupon": _fmt_money(b.coupon) if price and price - b.coupon >= floor else None, "threshold": _fmt_money(ship.free_threshold), "offered": None,
        "days": rules.price_protection.days,
        "bought": None if o is None or o.status not in BOUGHT else "sent" if o.status in SENT else "paid",
    }
    if (coupon := coupon_missed(s, rules)) is not None:
        return coupon
    # 人家店都送小样 给我也塞一个 on a 47元 order, paid or not: the gifts start at an amount, which the reply names
    if rules.says(s.text, "gift_ask") and price is not None and price < b.gift_min_amount:
        return Offer("bargain", "gift_threshold", {**facts, "gift_min": _fmt_money(b.gift_min_amount),
                                                   "gift_gap": _fmt_money(b.gift_min_amount - price)})
    if rules.says(s.text, "coupon_rules") or rules.says(s.text, "coupon_missed"):  # not paid yet: the rules say why
        return Offer("bargain", "coupon_rules", {**facts, "combinable": b.coupon_combinable, "covers_postage": b.coupon_covers_postage})
    if facts["bought"] and rules.says(s.text, "price_dropped"):  # 昨天买的今天便宜了15: price protection's answer
        return price_protect(s, rules)
    # 拼多多同款便宜20 能补不: price protection covers this shop's own price, not another shop's
    if facts["bought"] and rules.says(s.text, "other_shop"):
        return Offer("bargain", "other_shop", facts)
    # paid for: the price cannot change, price protection can; 拍下先别付款 and 我帮您改价 mean nothing once it is paid
    if facts["bought"] == "sent":
        return Offer("bargain", "already_bought", facts)
    # 170包邮 行就拍 names a price, postage beside it; 差11块包邮 names the gap
    offers_less = asked is not None and price is not None and a_price(asked, price) and asked < price
    if rules.says(s.text, "postage") and not offers_less:
        if region and free_shipping_gap(0, region, ship) is None:
            return Offer("bargain", "remote_postage", {**facts, "region": region, "fee": _fmt_money(ship.remote_fee)})
        if facts["bought"]:  # the postage is paid with the order: it shipped free, or it is not changed now
            return Offer("bargain", "already_free" if gap == 0 else "already_bought", facts)
        if gap is not None and 0 < gap <= ship.free_gap:
            won = returning or rnd >= b.free_gap_from_round
            return Offer("bargain", "free_shipping_gap" if won else "free_shipping_hold", facts)
        if gap == 0:
            return Offer("bargain", "already_free", facts)
        return Offer("bargain", "free_shipping_rule", facts)
    if facts["bought"]:
        return Offer("bargain", "already_bought", facts)
    pieces = s.slots.quantity or 0
    if b.multi_piece and (pieces >= 2 or rules.says(s.text, "multi_piece")):
        # 35一盒的袜子 拿两盒: with no order, the one price the buyer names is the unit's
        named = s.slots.amounts[0] if o is None and len(s.slots.amounts) == 1 else None
        return Offer("bargain", "multi_piece", {**facts, **multi_piece_offer(pieces, unit or named, b)})
    # 价格不让就算了 送点啥总行吧: a gift asked for instead of a price, given once the price has been refused
    # 价格就不砍了 送点啥赠品不, 买这么多 赠品能多给点不: asked for outright, with no lower price asked, from the first ask
    # 买这么贵 不送点啥吗 of an order: a gift asked, and no lower price, is asked for outright too
    gift_only = rnd == 1 and (rules.says(s.text, "gift_only") or (o is not None and not rules.says(s.text, "price_ask")))
    if rules.says(s.text, "gift_ask") and not returning and (2 <= rnd or gift_only) and rnd <= b.handoff_after_rounds:
        return Offer("bargain", "gift", {**facts, "coupon": None} if rnd == 1 else facts)  # the coupon is a repeat ask's
    if asked is not None and floor is not None and floor <= asked < price and rnd >= b.meet_from_round:
        return Offer("bargain", "meet_price", {**facts, "offered": _fmt_money(asked)})
    if rnd > b.handoff_after_rounds:
        return Offer("bargain", "handoff", facts, handoff=True, answers=False)
    if rnd == 1 and not returning:
        # 便宜点我立马付: the price stays, and a gift for paying now closes the sale (seed 000: 已退为进 送些小礼物, and
        # 跟进未付款's 付款的话可获得赠送的小礼品); the coupon is a repeat ask's
        return Offer("bargain", "gift_for_paying", {**facts, "coupon": None}) if gift and rules.says(s.text, "pay_now") \
            else Offer("bargain", "hold_price", facts)
    if rnd <= 2:
        return Offer("bargain", "gift", facts)
    return Offer("bargain", "floor", facts)


def courier_request(asked: str, rules: ShippingRules) -> str:
    """The case for a buyer naming a courier other than the one the order would go by."""
    if asked == "顺丰" and "顺丰" in rules.couriers:
        return "courier_sf"
    return "courier_ok" if asked in rules.couriers else "courier_unavailable"


def ships_on(o: Order, now: datetime, rules: ShippingRules) -> str:
    """The day a paid order goes out: today when paid today before the cutoff, else as a payment made now would."""
    paid_today_before_cutoff = o.paid_at is not None and o.paid_at.date() == now.date() and o.paid_at.hour < rules.cutoff_hour
    return "今天" if paid_today_before_cutoff or ships_today(now, rules) else "明天"


_LISTED_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")


def listed_ship_day(item: Item, since: datetime) -> datetime | None:
    """When an item ships by its listing: the integration's ships_by, else, for a presale, the day its title states
    (【预售】腊肠 1月20日起发货; seed 000: 预售和定制以信息中描述时间为准), the first such day from `since`, all of it."""
    if item.ships_by or not item.presale or not (m := _LISTED_DAY.search(item.title)):
        return item.ships_by
    try:
        day = datetime(since.year, int(m[1]), int(m[2]), 23, 59, 59)
        return day if day.date() >= since.date() else day.replace(year=since.year + 1)
    except ValueError:  # a day the month or the year does not have
        return None


def ship_due(o: Order, rules: ShippingRules) -> datetime | None:
    """When the shop promised to ship: 48 h from payment, or a presale or custom-made item's stated time
    (its listing's date, else the custom-making days), whichever is latest."""
    if o.paid_at is None:
        return None
    due = o.paid_at + timedelta(hours=rules.promise_hours)
    for item in o.items:
        if listed := listed_ship_day(item, o.paid_at):
            due = max(due, listed)
        elif item.custom:
            due = max(due, o.paid_at + timedelta(days=rules.custom_make_days))
    return due


def _parcel_trouble(text: str, rules: ShopRules, *, signed: bool) -> str | None:
    """A parcel gone wrong, as the buyer tells it: lost, signed for but not received, or stuck on the way."""
    if signed and (rules.says(text, "not_received") or rules.says(text, "lost")):
        return "signed_not_received"
    if rules.says(text, "lost"):
        return "lost"
    if not signed and rules.says(text, "sent_back") and not buyer_refused(text, rules):  # 物流显示退回了 我没拒收: checked
        return "sent_back"  # like a parcel lost on the way; 我拒收的那个 退回你们那了 is the refusal's refund
    if rules.says(text, "stuck"):
        return "stuck"
    return None


def courier_change_shipped(s: Situation, rules: ShopRules) -> str | None:
    """The courier a buyer asks a shipped parcel be changed to (以经发出了是吧 能换成顺丰不), whatever read it (换 is an
    exchange's word too): the parcel is on its way with its own; None when no change of courier is asked."""
    o = s.order
    if o is None or o.status != "shipped" or not o.courier:
        return None
    return next((c for c in rules.shipping.couriers if c != o.courier and re.search(f"(?:换|改|转)(?:成|个|为|发|走)?{c}", s.text)), None)


def told_plainly(s: Situation, rules: ShopRules) -> bool:
    """Whether the shipping facts answer the message: 香港能寄吗, 新疆几天到 ask whether and how the goods go to a place,
    which the shipping times say nothing of; nor do they or the tracking number speak of the courier as a person, or of
    a call or a message about the delivery (快递员说不可以, 打快递员电话没人接). Such replies are the agent's first
    suggestion."""
    return not rules.says(s.text, "courier_contact")


def buyer_refused(text: str, rules: ShopRules) -> bool:
    """Whether the buyer says they refused the parcel at the door (我拒收的那个), not that they did not (我没拒收)."""
    return rules.says(text, "refused_by_buyer") and not rules.says(text, "not_refused")


def sf_not_given(s: Situation, rules: ShopRules) -> bool:
    """Whether the buyer paid the 顺丰 surcharge (加了12块选顺丰) for an order sent by another courier: a service paid for
    and not given (seed 000), whatever the message was read as (a price, a refund, the parcel)."""
    o = s.order
    return o is not None and o.status in SENT and bool(o.courier) and o.courier != "顺丰" and rules.says(s.text, "sf_paid")


def cod_collected(s: Situation, rules: ShopRules) -> bool:
    """Whether the buyer of a sent order tells what the courier collected on delivery (选的货到付款 快递员收了149): the
    surcharge told beforehand (seed 004: 货到付款的价格稍微要贵一点), not the return's 到付."""
    o = s.order
    return o is not None and o.status in SENT and rules.says(s.text, "cod") and rules.says(s.text, "cod_charged") \
        and not rules.says(s.text, "sending_back")


# A review threatened over a problem the shop must act on (快递五天不动 再不到就差评) is answered by handling the problem:
# the apology, the chase and the remedy; asking what went wrong, as the review's own reply does, asks what was said.
THREAT = frozenset({"bad_review"})


def shipping(s: Situation, rules: ShopRules) -> Offer:
    ship = rules.shipping
    o = s.order
    facts = {
        "courier": (o.courier if o and o.courier else ship.default_courier), "tracking_no": o.tracking_no if o else None,
        "cutoff": f"{ship.cutoff_hour}:00", "promise_hours": ship.promise_hours,
        "ships": "今天" if ships_today(s.now, ship) else "明天", "compensation": None,
        "sf_surcharge": _fmt_money(ship.sf_surcharge), "hours_late": None, "ship_by": None,
        "couriers": "、".join(ship.couriers), "made_to_order": bool(o and any(i.custom or i.presale or i.ships_by for i in o.items)),
        # made for the buyer with no date on the listing: the shop's own making days count from payment
        "custom_made": bool(o and any(i.custom and not i.ships_by for i in o.items)),
        "custom_make_days": ship.custom_make_days, "inspect": ship.inspect_on_delivery, "days": ship.stuck_after_days,
        # 问三遍了 到底发不发: the buyer kept asking or is angry, and hears sorry before the times
        "sorry": is_angry(s.text, rules) or rules.says(s.text, "asked_again") or rules.says(s.text, "slow_reply"),
        "asked_again": rules.says(s.text, "asked_again"),
        "weekend": rules.says(s.text, "weekend"),  # 周末发货吗: the shop ships every day
    }
    if rules.says(s.text, "inspect") and (o is None or o.status in ("unpaid", "paid", "shipped")):
        # a crushed box at the door (外箱破了 要不要签) is checked and refused there: no after-sale complaint yet
        return Offer("shipping", "inspect", facts, covers=frozenset({"quality_issue"}))
    if rules.says(s.text, "extend_receipt"):  # settled by neither the seeds nor the shop: an agent does it
        return Offer("shipping", "extend_receipt", facts, answers=False)
    if sf_not_given(s, rules):  # the surcharge goes back, which an agent pays
        return Offer("shipping", "sf_not_given", facts, answers=False,
                     covers=frozenset({"price_protect", "return", "bargain", "payment", "quality_issue"}))
    asked = s.slots.courier
    if asked == facts["courier"]:  # 中通到不了 发圆通吧, 极兔能发不 中通太慢: the other one named (the shop's or not), when
        # asked for or the default refused
        asked = next((c for c in dict.fromkeys((*ship.couriers, *COURIERS)) if c != asked and c in s.text and (
            rules.says(s.text, "courier_refused") or re.search(f"(?:发|换|改|要|用|走|寄)(?:成|个)?{c}", s.text)
            or re.search(f"{c}(?:能|可以|能不能|可不可以)?(?:发|走|寄)", s.text))), asked)
    if asked and asked in s.text and asked != facts["courier"] and (o is None or o.status in ("unpaid", "paid")):
        # 付好了 能改发顺丰吗 今天能发不: on a paid order, the day it goes out is said with the courier
        paid_ships = ships_on(o, s.now, ship) if o is not None and o.status == "paid" else None
        return Offer("shipping", courier_request(asked, ship), {**facts, "asked_courier": asked, "paid_ships": paid_ships},
                     covers=frozenset({"payment"} if paid_ships else ()))  # 付好了: the payment needs no word of its own
    if (other := courier_change_shipped(s, rules)) is not None:  # 已经发出了吧 能换成顺丰不: on its way, not changed now
        return Offer("shipping", "courier_shipped", {**facts, "asked_courier": other}, answers=told_plainly(s, rules),
                     covers=frozenset({"return", "cancel_order", "bargain"}))
    if (change := order_change(s, rules)) is not None:  # 选成M了 我要L的 还没发吧: the order changed before it ships
        return change
    before_delivery = o is None or o.status in ("unpaid", "paid", "shipped")
    # 两单能合一个包裹发不 运费能退不: neither the seeds nor the shop settle merging parcels or the postage then, so an
    # agent checks with the warehouse and nothing is promised
    if (o is None or o.status in ("unpaid", "paid")) and rules.says(s.text, "merge_orders"):
        return Offer("shipping", "merge", facts, answers=False, covers=frozenset({"return", "bargain", "payment"}))
    # 刚付完 还想要一袋 能加到这个订单里吗: a paid order's items are not changed; the new one is bought as its own order
    # (补拍) and going in one parcel is the warehouse's, as with merging: nothing promised
    if o is not None and o.status == "paid" and rules.says(s.text, "add_to_order"):
        return Offer("shipping", "add_item", facts, answers=False, covers=frozenset({"return", "bargain", "payment", "product_info"}))
    # 给我放快递柜了 我去不了: left where the buyer did not ask; the courier is asked to bring it, which an agent follows up
    if o is not None and o.status in ("shipped", "delivered") and rules.says(s.text, "left_elsewhere") \
            and not rules.says(s.text, "not_received"):
        return Offer("shipping", "left_elsewhere", facts, answers=False, covers=THREAT)
    # 放门口就行, 放驿站也行: the shop notes the wish and passes it on, but where the parcel is left is the courier's, so
    # the reply promises nothing and an agent sends it (README: calls about the delivery are the agents')
    if before_delivery and rules.says(s.text, "leave_at"):
        return Offer("shipping", "leave_at", facts, answers=False)
    # 送朋友的 别放价签小票 帮我备注下: a note for the packing, taken down and passed to the warehouse; an agent sends it
    if (o is None or o.status in ("unpaid", "paid")) and rules.says(s.text, "packing_note"):
        return Offer("shipping", "packing_note", facts, answers=False, covers=frozenset({"payment", "bargain", "invoice"}))
    # 快递员说要加8块派送费: the postage is paid; asking the buyer for more is punished (seed 000), so the buyer pays
    # nothing and the shop takes it up with the courier
    if o is not None and o.status == "shipped" and rules.says(s.text, "courier_fee"):
        return Offer("shipping", "courier_fee", facts, answers=False, covers=frozenset({"bargain", "human"}))
    told = told_plainly(s, rules)
    # a parcel signed for (我现在签收了 是不是自动发的) is past what the times before shipping say
    signed = rules.says(s.text, "signed")
    timed = told and not signed and not (s.slots.region and s.slots.region in s.text)
    # 西藏能发吗 满99包不包: a region that never ships free, named before the goods go out, is answered with its postage
    # 能寄到香港不: places outside the mainland the shop's postage table does not list; an agent says whether and how
    if (o is None or o.status in ("unpaid", "paid")) and rules.says(s.text, "overseas"):
        return Offer("shipping", "overseas", facts, answers=False, covers=frozenset({"bargain"}))
    if (o is None or o.status in ("unpaid", "paid")) and (remote := remote_region(s, rules)):
        return Offer("shipping", "remote", {**facts, "region": remote, "fee": _fmt_money(ship.remote_fee),
                                            "threshold": _fmt_money(ship.free_threshold)}, answers=False,
                     covers=frozenset({"bargain"} if rules.says(s.text, "postage") else ()))  # 包不包邮 is answered here
    if o is None:
        trouble = _parcel_trouble(s.text, rules, signed=signed)
        return Offer("shipping", trouble, facts, answers=False, covers=THREAT) if trouble else \
            Offer("shipping", "general", facts, answers=timed)
    if o.status == "unpaid":
        # 预售的现在拍啥时候发 22号能赶上不: the listing's date; a day the buyer needs it by is the courier's, never promised
        presale = max(filter(None, (listed_ship_day(i, s.now) for i in o.items)), default=None)
        if presale is not None:
            return Offer("shipping", "presale_unpaid", {**facts, "ship_by": f"{presale.month}月{presale.day}日"},
                         answers=timed and not rules.says(s.text, "arrival_asked"))
        if facts["custom_made"]:  # 刻字的能加急不: the making days from a payment made now; a faster make is never promised
            made = s.now + timedelta(days=ship.custom_make_days)
            return Offer("shipping", "custom_unpaid", {**facts, "ship_by": f"{made.month}月{made.day}日", "rush": rules.says(s.text, "rush")},
                         answers=timed and not rules.says(s.text, "rush"))
        return Offer("shipping", "unpaid", facts, answers=timed)
    if o.status == "paid":
        due = ship_due(o, ship)
        if any(i.out_of_stock for i in o.items):
            # what the warehouse cannot send is owed for, not the rest of the order that ships (Tmall: 缺货 30% of the goods)
            comp = late_compensation(sum(i.cost for i in o.items if i.out_of_stock), ship)
            return Offer("shipping", "out_of_stock", {**facts, "compensation": _fmt_money(comp)}, answers=False, covers=THREAT)
        # a presale whose day neither the integration nor its title gives: not the 48 h, and the day an agent looks up
        if o.paid_at is not None and any(i.presale and listed_ship_day(i, o.paid_at) is None for i in o.items):
            return Offer("shipping", "presale_undated", facts, answers=False)
        if due is not None and s.now > due:
            comp = late_compensation(o.amount, ship)
            return Offer("shipping", "late", {**facts, "compensation": _fmt_money(comp), "hours_late": int((s.now - due).total_seconds() // 3600),
                                             "ship_by": _fmt_time(due)}, answers=False, covers=THREAT)  # money owed: an agent pays it
        return Offer("shipping", "paid", {**facts, "ships": ships_on(o, s.now, ship), "ship_by": _fmt_time(due) if due else None,
                                          "due_today": due is not None and due.date() == s.now.date() and facts["made_to_order"]},
                     answers=timed)
    if o.status == "shipped":
        if buyer_refused(s.text, rules):  # 我拒收的那个 退回你们那了 钱啥时候退: the refusal's refund, not a parcel to chase
            return returns(s, rules)
        due = ship_due(o, ship)
        late = due is not None and o.shipped_at is not None and o.shipped_at > due  # shipped after the promise: still owed
        facts = {**facts, "compensation": _fmt_money(late_compensation(o.amount, ship)) if late else None}
        # 拿到了 物流咋还显示运输中: the tracking lags the parcel; 一单分两个快递 到了一个: the other parcel is on its way
        for case in ("tracking_lag", "split_parcel"):
            if rules.says(s.text, case) and not rules.says(s.text, "not_received"):
                return Offer("shipping", case, facts, answers=False, covers=frozenset({"quality_issue", "product_info"}))
        on_the_way = _hours_since(o.shipped_at, s.now)
        trouble = _parcel_trouble(s.text, rules, signed=False)
        if trouble is None and on_the_way is not None and on_the_way > ship.stuck_after_days * 24:
            trouble = "stuck"
        # 五天没动静 直接给我退款吧, 显示退回了 地址电话都没错: the refund asked and the address told are the trouble's remedy
        return Offer("shipping", trouble, facts, answers=False, covers=THREAT | {"return", "cancel_order", "address_change"}) if trouble else \
            Offer("shipping", "shipped", facts, answers=told and not late)  # a late shipment's compensation is paid by an agent
    if o.status in ("delivered", "completed"):
        if goods_told(s, rules):  # 签收了 拆开灯罩裂成几块, 到手两罐 少一罐: the goods' problem, not the parcel's way
            return quality_issue(s, rules)
        if _parcel_trouble(s.text, rules, signed=True):
            return Offer("shipping", "signed_not_received", facts, answers=False, covers=THREAT)
        # 说好48小时 拖了4天才发: shipped after the promise, the 30% is owed even once the parcel has arrived
        if _shipped_late(o, s.now, ship) and (rules.says(s.text, "shipped_late") or "bad_review" in s.intents):
            return Offer("shipping", "late_arrived", {**facts, "compensation": _fmt_money(late_compensation(o.amount, ship))},
                         answers=False, covers=THREAT)  # money owed: an agent pays it
        return Offer("shipping", "delivered", facts, answers=told)
    return Offer("shipping", "closed", facts, answers=told)


def shop_slip(s: Situation, rules: ShopRules) -> bool:
    """Whether the message tells of goods received that are wrong or missing: the shop's own slip, whatever it was read as."""
    return received(s.order) and (rules.says(s.text, "wrong_item") or rules.says(s.text, "missing"))


def goods_told(s: Situation, rules: ShopRules) -> bool:
    """Whether the message tells of the goods received: the shop's slip or a fault."""
    return shop_slip(s, rules) or (received(s.order) and (rules.says(s.text, "goods_fault") or rules.says(s.text, "allergy")))


def remote_region(s: Situation, rules: ShopRules) -> str | None:
    """The region the message names, when no order goes there free (改成内蒙古的, 西藏能发吗); None otherwise."""
    region = s.slots.region
    named = region is not None and region in s.text
    return region if named and free_shipping_gap(0, region, rules.shipping) is None else None


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
    """Who pays the return postage: the party at fault; with no fault the buyer pays the way back, and on an
    order that shipped free each side pays its own leg ("each"), otherwise the buyer pays both ("buyer")."""
    if fault:
        return "shop"
    if o is None:
        return None
    if o.shipping_fee is not None:  # what the buyer really paid: an order let through the 差几块包邮 gap shipped free too
        return "each" if o.shipping_fee == 0 else "buyer"
    return "each" if free_shipping_gap(o.amount, o.region, rules) == 0 else "buyer"


def insured(o: Order | None, rules: ReturnRules) -> bool | None:
    """Whether an order comes with the shop's 运费险: given, on an order from its amount, with no item that cannot go
    back for no reason (a custom one: there is no such return to insure). None with no order."""
    if o is None:
        return None
    insurance = rules.freight_insurance
    return insurance.given and o.amount >= insurance.min_amount and not rules.excludes(o)


def _item_marks(title: str) -> frozenset[str]:
    """What a buyer calls an item of an order by: the two-character words of its title's first part and the kind its
    last character names (骨瓷饭碗: 饭碗, 碗; 木质汤勺: 汤勺, 勺)."""
    head = re.sub(r"[^\u4e00-\u9fff]", "", title.split()[0].split("】")[-1]) if title.split() else ""
    return frozenset(head[n:n + 2] for n in range(len(head) - 1)) | ({head[-1]} if head else set())


def item_sent_back(s: Situation, rules: ShopRules) -> Item | None:
    """The one item of an order of several that the buyer sends back, keeping the rest (饭盒留着 只退餐具): each clause
    naming one item says whether it goes back (`return_item`) or stays (`keep_item`). None when the order holds one
    kind of item, or the message names no single item to send back."""
    o = s.order
    if o is None or len({i.sku for i in o.items}) < 2:
        return None
    back = []
    for clause in clauses(s.text):
        named = [i for i in o.items if any(m in clause for m in _item_marks(i.title))]
        if len(named) == 1 and rules.says(clause, "return_item") and not rules.says(clause, "keep_item"):
            back.append(named[0])
    return back[0] if len({i.sku for i in back}) == 1 else None


def returns(s: Situation, rules: ShopRules) -> Offer:
    r = rules.returns
    o = s.order
    one = item_sent_back(s, rules)
    # 颜色跟想的不一样 不想要了: the goods are not to the buyer's taste, which the reading of a complaint does not make a fault
    taste = rules.says(s.text, "not_as_imagined")
    fault = ((not taste and ("quality_issue" in s.intents or "quality_issue" in s.state.recent_intents))  # reported now or earlier
             or rules.says(s.text, "damaged_parcel")
             or (received(o) and (rules.says(s.text, "goods_fault") or rules.says(s.text, "photo_sent"))))
    facts = {
        "days": r.no_reason_days, **return_window(o, s.now, r), "refund_days": r.refund_days,
        "freight_payer": freight_payer(o, fault, rules.shipping), "platform_hours": r.platform_steps_in_hours,
        "address": r.address, "return_courier": r.courier, "refusal_freight": r.refusal_freight,
        "insured": insured(o, r), "insurance_given": r.freight_insurance.given,
        "insurance_min": _fmt_money(r.freight_insurance.min_amount),
        "custom": r.excludes(o),
        # 我买了运费险: the buyer's own, bought at payment (the order card does not show it), pays the postage back
        "buyer_insured": rules.says(s.text, "insurance_bought"),
        "postage_asked": rules.says(s.text, "postage"),  # 运费算谁的: who pays is said with the window, not after it
        # 只退餐具: the item the buyer sends back of several, and what comes back for it
        "item": one.title.split()[0] if one else None, "item_refund": _fmt_money(one.cost) if one else None,
        # 穿了两次 能换黑的吗: no reason needs goods that can be sold again, which an agent judges
        "used": received(o) and not fault and rules.says(s.text, "used_goods"),
    }
    if (coupon := coupon_missed(s, rules)) is not None:
        return coupon
    if (twice := duplicate_order(s, rules)) is not None:  # 拍了两单 退一单: the spare order refunded, not a return
        return twice
    # a parcel stuck, lost or sent back, with a refund asked (五天没动静了 直接退款吧): the chase and 补发 or a refund;
    # two orders to go in one parcel (第二单运费能退不): the shipping question, not a return
    if o is not None and ((o.status == "shipped" and _parcel_trouble(s.text, rules, signed=False))
                          or (o.status in ("unpaid", "paid") and rules.says(s.text, "merge_orders"))):
        return shipping(s, rules)
    if courier_change_shipped(s, rules) is not None:  # 能换成顺丰不 on a shipped parcel: its courier, not an exchange
        return shipping(s, rules)
    # 退货单号填错了: how it is corrected the sources do not say; the number is taken down and an agent sees to it
    if rules.says(s.text, "return_tracking_wrong"):
        return Offer("return", "tracking_fix", facts, answers=False)
    if received(o) and rules.says(s.text, "wrong_item"):  # 买的墨绿 到手是酒红的 能给换不: the shop's slip, both legs its own
        return quality_issue(s, rules)
    # 用了两天过敏了 能退不: whether that is a fault nothing settles, so the complaint's careful reply, not the return's rules;
    # 照片发你了 换个新的: a problem the buyer has shown is the complaint's remedy, the photo not asked for again
    if received(o) and (rules.says(s.text, "allergy") or (fault and rules.says(s.text, "photo_sent"))):
        return quality_issue(s, rules)
    # 说丢件了给我退了款 结果快递又送来了: neither the seeds nor the shop settle it; an agent looks, nothing is given away
    if rules.says(s.text, "refunded_then_arrived"):
        return Offer("return", "refunded_then_arrived", facts, answers=False, covers=frozenset({"shipping"}))
    if rules.says(s.text, "refused_freight"):
        return Offer("return", "refused_freight", {**facts, "freight_payer": "shop" if fault else r.refusal_freight},
                     covers=_return_covers(s, rules))
    # a small flaw the buyer keeps for some money back (能用 懒得退了 补偿点吧): the complaint's partial refund, not a return
    if received(o) and rules.says(s.text, "keep_for_compensation"):
        return quality_issue(s, rules)
    # 有运费险吗, 不喜欢想退 有运费险吗: whether this order has it, who pays the postage without it, and, once delivered,
    # whether it may still go back; a fault's apology, photo and remedy are said with it
    if rules.says(s.text, "freight_insurance"):
        return Offer("return", "freight_insurance", facts, covers=_return_covers(s, rules) | ({"quality_issue"} if fault else set()))
    # 改成蓝色的, 地址换成青海的 before the order ships: the order is changed (its 地址 is no return address)
    if (change := order_change(s, rules)) is not None:
        return change
    asked = s.slots.courier
    if asked and asked in s.text and asked != r.courier and (o is None or o.status in ("delivered", "completed")):
        return Offer("return", "return_courier", {**facts, "asked_courier": asked})  # 退货能用顺丰寄吗: the partner courier
    if rules.says(s.text, "return_address"):  # 运费到付行吧 beside it is answered here (who pays the way back), not by payment
        return Offer("return", "return_address", facts, covers=frozenset({"payment"} if rules.says(s.text, "cod") else ()))
    # 换L 可L贵20 要补差价不: the exchange is the rules', who pays a dearer size's difference no rule says, so an agent does
    if received(o) and not fault and facts["window_open"] and not facts["custom"] and rules.says(s.text, "exchange_difference"):
        return Offer("return", "exchange_difference", facts, answers=False, covers=frozenset({"price_protect", "bargain"}))
    # what the buyer says of the parcel sent back (你们周四就签收了) is part of the wait, not a delivery to look up
    if rules.says(s.text, "exchange_waiting"):
        return Offer("return", "exchange_waiting", facts, answers=False, covers=THREAT | {"shipping"})
    # 退回去的你们周一签收了 钱几号能到: when it is due; with no day named, how refunds go and which return it is
    pending = rules.says(s.text, "refund_pending")
    asks_when = rules.says(s.text, "refund_when_asked") and rules.says(s.text, "return_arrived")
    asked = received(o) and rules.says(s.text, "refund_asked")  # 退货寄出了 几天能退款: counted from its arrival
    due = refund_due(s, rules) if pending or asks_when or asked else None
    if asks_when and due is None and not pending:
        return Offer("return", "refund_when", facts, answers=False)
    if due is not None and s.now.date() <= due:  # 23号就签收了 钱咋还没退, on the 25th: not due yet (or due today), the date
        return Offer("return", "refund_due", {**facts, "refund_by": f"{due.month}月{due.day}日（{WEEKDAYS[due.weekday()]}）"},
                     answers=False, covers=THREAT | {"shipping"})
    # 上次退的货钱还没到 with no day named: that earlier return's days (below), not this order's refund late
    if asks_when or (pending and not (due is None and rules.says(s.text, "earlier_return"))):
        return Offer("return", "refund_pending", facts, answers=False, covers=THREAT | {"shipping"})
    if rules.says(s.text, "earlier_return"):  # another order's return: when its money comes, not this order's refund
        return Offer("return", "refund_when", facts, answers=False)
    if asked:
        return Offer("return", "refund_days", facts, covers=frozenset({"shipping"}))
    if rules.says(s.text, "wrong_refund_reason") and not _reason_is_true(o, s.now, rules):
        return Offer("return", "wrong_reason", facts)
    if o is None:
        return Offer("return", "rules", facts)
    # 不想要了 退了吧 on a paid order: cancelling it is what the return's reply tells, for this order and its items
    covers = frozenset({"cancel_order"}) if o.status != "unpaid" else frozenset()
    covers |= _return_covers(s, rules)
    if o.status == "closed":
        return Offer("return", "closed", facts, covers=covers)
    if o.status in ("unpaid", "paid"):
        return Offer("return", "not_shipped", facts, covers=covers)
    if fault:
        return Offer("return", "fault", facts, covers=covers)
    if o.status == "shipped":
        return Offer("return", "in_transit", facts, covers=covers)
    if r.excludes(o):
        return Offer("return", "custom_excluded", facts, covers=covers)
    if facts["window_open"] is False:
        return Offer("return", "past_window", facts, covers=covers)
    return Offer("return", "within_window", facts, covers=covers, answers=not facts["used"])


WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_DAY_NAMED = re.compile(r"(?<!\d)([12]?\d|3[01])\s*[号日](?![内了前后])")  # 23号, not 7日内 or 3日了


def add_working_days(day: date, n: int) -> date:
    """The nth working day after `day` (Monday to Friday; the shop's clock knows no holidays)."""
    while n > 0:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def refund_due(s: Situation, rules: ShopRules) -> date | None:
    """When a return's money is due, from the day the buyer says the shop signed for it (你们23号就签收了, 周一就签收了,
    昨天签收的): the refund days are working days from its arrival. None when the message names no such day."""
    if not rules.says(s.text, "return_arrived"):
        return None
    arrived = day_named(s.text, s.now.date())
    return add_working_days(arrived, rules.returns.refund_days) if arrived is not None else None


_WEEKDAY_NAMED = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_DAYS_AGO = {"今天": 0, "昨天": 1, "前天": 2}


def day_named(text: str, today: date) -> date | None:
    """The day on or before `today` a message names: a day of the month (23号, in this month or the last), a day of
    the week (周一: the latest such day before today), or 今天/昨天/前天; None when it names none."""
    if m := _DAY_NAMED.search(text):
        day = int(m.group(1))
        month = today.replace(day=1) if day <= today.day else (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        try:
            return month.replace(day=day)
        except ValueError:  # a day the month does not have
            return None
    if m := _WEEKDAY_NAMED.search(text):  # 周四就签收了 said on a Thursday: a week ago (today would be 今天)
        weekday = "一二三四五六日".find(m.group(1).replace("天", "日"))
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    ago = next((n for word, n in _DAYS_AGO.items() if word in text), None)
    return today - timedelta(days=ago) if ago is not None else None


def coupon_missed(s: Situation, rules: ShopRules) -> Offer | None:
    """A coupon the buyer did not get on a paid order (付款时5元券没抵上 能退我5块吗): neither the seeds nor the shop
    settle what is given back, so the reply holds and an agent looks; before payment the coupon's rules answer it."""
    o = s.order
    if o is None or o.status not in BOUGHT or not rules.says(s.text, "coupon_missed"):
        return None
    return Offer("bargain", "coupon_missed", {}, answers=False, covers=frozenset({"return", "payment", "price_protect"}))


def _return_covers(s: Situation, rules: ShopRules) -> frozenset[str]:
    """What a return's reply answers besides: once the goods are received, 不想要了 (cancelling is past, the reply says how
    to send them back) and what the buyer says of them (版型不适合我 想退: the reason to send them back, not a question for
    the catalogue); once they are sent, the postage asked of beside a return (运费不用我出吧) is the return's, not
    a haggle's, whose answer (the price cannot change) says nothing of it."""
    o = s.order
    sent = o is not None and o.status in SENT
    arrived = o is not None and o.status in ("delivered", "completed")
    return frozenset({"cancel_order", "product_info"} if arrived else ()) | \
        frozenset({"bargain"} if sent and rules.says(s.text, "postage") else ())


def order_change(s: Situation, rules: ShopRules) -> Offer | None:
    """A colour or size changed before the order ships (能换成蓝色的吗, 拍错了 改成L): the order is changed, if the stock
    allows, which an agent checks; nothing is refunded or sent back. What is changed to a place (地址换成青海的) is the
    address. None when that is not what the message says."""
    if s.order is None or s.order.status not in ("unpaid", "paid") or not rules.says(s.text, "change_variant"):
        return None
    wanted = wanted_variant(s.text)
    if rules.says(s.text, "address_named") or (s.slots.region is not None and s.slots.region in (wanted or "")):
        return address_change(s, rules)
    return Offer("return", "change_before_shipping", {"wanted": wanted}, answers=False,
                 covers=frozenset({"cancel_order"}))


_WANTED = re.compile(r"(?:换成|改成|改为|换个|换一个|改个|我要(?![改换退])|想要(?![改换退])|要的是)([^，。？！\s吗呢吧的了]{1,6})")


def wanted_variant(text: str) -> str | None:
    """What the buyer wants the item changed to (换成蓝色的 -> 蓝色, 改成xl码 -> XL码: sizes as shops write them), for the
    reply to repeat; None when unsaid."""
    m = _WANTED.search(text)
    return re.sub(r"[a-z]+", lambda size: size.group().upper(), m.group(1)) if m and m.group(1) not in _UNNAMED else None


_UNNAMED = frozenset({"别的", "其他", "一下", "颜色", "色", "尺码", "码", "码数", "尺寸", "款", "款式", "大一码", "小一码"})  # no variant named


def _reason_is_true(o: Order | None, now: datetime, rules: ShopRules) -> bool:
    """Whether 缺货 or 未按约定时间发货 really happened: then the buyer chose the right reason and the shop owes it."""
    return o is not None and (_shipped_late(o, now, rules.shipping) or any(i.out_of_stock for i in o.items))


def _shipped_late(o: Order | None, now: datetime, rules: ShippingRules) -> bool:
    """Whether an order went out after the promise, or is still not out past it."""
    due = ship_due(o, rules) if o is not None else None
    return due is not None and (o.shipped_at or now) > due


def received(o: Order | None) -> bool:
    """Whether the buyer has the goods: what they say of them is a complaint's, not the catalogue's or a parcel's."""
    return o is not None and (o.delivered_at is not None or o.status in ("delivered", "completed"))


def quality_issue(s: Situation, rules: ShopRules) -> Offer:
    """A problem with the goods received: apology, a photo, the remedy at the shop's cost. A wrong item is the shop's
    own mistake (发错货): the right one goes out. Once the goods arrived, what the complaint names of them (我要的原味,
    发成了辣味) is its detail, not a question for the catalogue: the reply covers the product reading."""
    o = s.order
    if o is not None and o.status == "unpaid" and "bargain" in s.intents:
        return bargain(s, rules)  # nothing is sent before payment: 再少点嘛 少了就付 is the haggle's 少, no part missing
    if o is not None and not received(o) and rules.says(s.text, "inspect"):
        return shipping(s, rules)  # 能先拆开看看再签吗 上回的碗全碎了: before delivery, checking at the door answers it
    if o is not None and not received(o) and rules.says(s.text, "refused_freight"):
        return returns(s, rules)  # 外箱压坏了 能不能拒签: refusing a crushed box, the shop pays its postage
    if o is not None and not received(o) and rules.says(s.text, "packing_note"):
        return shipping(s, rules)  # 包裹里别放小票: a note for the packing, nothing wrong with goods not yet sent
    facts = {"platform_hours": rules.returns.platform_steps_in_hours, **return_window(o, s.now, rules.returns),
             "courier": rules.shipping.default_courier, "photo_sent": rules.says(s.text, "photo_sent")}
    covers = frozenset({"product_info"}) if received(o) else frozenset()
    if received(o) and rules.says(s.text, "allergy"):
        # 擦了两天起红疹: whether an allergy is a fault is not settled; stop using it, a doctor if bad, a photo, an agent
        return Offer("quality_issue", "allergy", facts, answers=False, covers=covers | {"return"})
    if rules.says(s.text, "wrong_item"):
        case = "wrong_item"
    elif rules.says(s.text, "missing"):  # the part that did not come goes out, by the courier a question beside asks about
        return Offer("quality_issue", "missing", facts, covers=covers | {"shipping"})
    elif received(o) and facts["window_open"] is False and rules.says(s.text, "warranty"):
        # 保修期还在吧 咋修, past the return window: the shop names no warranty term, so an agent checks and says the repair
        return Offer("quality_issue", "warranty", facts, answers=False, covers=covers)
    elif received(o) and rules.says(s.text, "keep_for_compensation"):
        # a flaw the buyer lives with for some money back (能用 不退了 补偿点吧): how much is an agent's to settle
        return Offer("quality_issue", "partial_refund", facts, answers=False, covers=covers | {"return"})
    else:
        case = "report"
    # a photo the buyer says was sent is an agent's to look at: the reply that says it is being checked waits for one
    return Offer("quality_issue", case, facts, covers=covers, answers=not facts["photo_sent"])


def cancel_order(s: Situation, rules: ShopRules) -> Offer:
    """A shipped order can only be refused: who pays the postage of a refusal without a reason is said with it."""
    if (change := order_change(s, rules)) is not None:  # 拍错了 改成L: the order changed, not cancelled
        return change
    if counter_offer(s):  # 再贵真不要了 beside the price named: the haggle's
        return bargain(s, rules)
    if (twice := duplicate_order(s, rules)) is not None:
        return twice
    if rules.says(s.text, "refused_freight"):  # 不想要了 到了我不签 运费咋算: who pays a refusal's postage
        return returns(s, rules)
    if s.order is not None and s.order.status == "shipped" and _parcel_trouble(s.text, rules, signed=False):
        return shipping(s, rules)  # 五天没动静了 不要了: the parcel chased, 补发 or a refund, not a refusal at the door
    if received(s.order) and item_sent_back(s, rules) is not None:
        return returns(s, rules)  # 饭盒留着 餐具不想要了: that item goes back, the order stands
    facts = {"refund_days": rules.returns.refund_days, "refusal_freight": rules.returns.refusal_freight}
    status = s.order.status if s.order else None
    case = {"unpaid": "unpaid", "paid": "paid", "shipped": "shipped", "delivered": "delivered", "completed": "delivered", "closed": "closed"}.get(status, "general")
    return Offer("cancel_order", case, facts)


def address_change(s: Situation, rules: ShopRules) -> Offer:
    """Before shipping the address is changed; to a region that never ships free (改成内蒙古的) from one that did, the
    reply says the postage it costs."""
    status = s.order.status if s.order else None
    if status in ("unpaid", "paid") and s.slots.region is None and not rules.says(s.text, "address_named") \
            and (change := order_change(s, rules)) is not None:  # 选成M了 帮忙改下: the item's size, not the address
        return change
    if status in ("shipped", "delivered", "completed"):
        return Offer("address_change", "after_shipping", {}, handoff=True)
    if status == "closed":
        return Offer("address_change", "closed")
    remote = remote_region(s, rules)
    already = s.order is not None and remote is not None and free_shipping_gap(0, s.order.region, rules.shipping) is None
    facts = {"region": remote, "fee": _fmt_money(rules.shipping.remote_fee)} if remote and not already else {}
    # the region's postage and that the parcel has not gone yet are said here: shipping's reply would say them again
    return Offer("address_change", "before_shipping" if status else "general", facts,
                 covers=frozenset({"shipping"} if remote and status else ()))


def a_price(figure: float, price: float) -> bool:
    """Whether a figure a buyer names beside an item's price is a price (降到179, 170包邮 on 179) rather than a
    difference (降了10块, 差11块包邮): over half the price. A drop or a gap as large as a price is seldom told."""
    return figure > price / 2


def price_drop(s: Situation) -> float | None:
    """What the price fell by, each piece, as the buyer tells it: two figures are the price paid and the price now;
    one figure over half the price paid is the price now (降到179 on 199: 20), a smaller one the drop itself (降了10块).
    Of several figures that are prices, the lowest is the price now and the next above it the price paid (用了10块券
    实付119 现在115: 4, the coupon's figure no price). None when the figures say no drop smaller than the price paid."""
    paid = item_price(s.order) or (s.order.amount if s.order else None)
    figures = s.slots.amounts
    prices = sorted(f for f in figures if paid and a_price(f, paid))
    if len(prices) >= 2:
        drop = prices[1] - prices[0]
    elif len(figures) >= 2:
        drop = max(figures) - min(figures)
    elif figures and paid and a_price(figures[0], paid):
        drop = paid - figures[0]
    else:
        drop = figures[0] if figures else None
    return drop if drop and drop > 0 and (paid is None or drop < paid) else None


def price_protect(s: Situation, rules: ShopRules) -> Offer:
    """Within the days after payment the difference is refunded: named when the buyer tells the new price or the drop,
    with an apology first when the buyer is angry about it (刚付完款就降 坑人)."""
    if rules.says(s.text, "exchange_difference"):  # a dearer size swapped in, not a price that fell
        return returns(s, rules)
    days = rules.price_protection.days
    waited = _hours_since(s.order.paid_at if s.order else None, s.now)
    within = None if waited is None else waited <= days * 24
    case = "rules" if within is None else ("within" if within else "past")
    drop = price_drop(s)
    pieces = sum(i.qty for i in s.order.items) if s.order and item_price(s.order) else 1
    paid_at = s.order.paid_at if s.order else None
    facts = {"days": days, "within": within, "difference": _fmt_money(drop) if drop else None,
             # 价保从收到货算吧: the days count from payment, so the reply names the moment they end
             "until": _fmt_time(paid_at + timedelta(days=days)) if paid_at else None,
             "total": _fmt_money(drop * pieces) if drop and pieces > 1 else None, "angry": is_angry(s.text, rules)}
    # 便宜了15 能补吗 reads as a haggle too: the drop is what it tells, the difference what answers it; before payment
    # (不降价的话 送个赠品吧) there is nothing to protect, and the haggle answers
    unpaid = s.order is not None and s.order.status == "unpaid"
    return Offer("price_protect", case, facts, covers=frozenset() if unpaid else frozenset({"bargain"}))


def invoice(s: Situation, rules: ShopRules) -> Offer:
    """Never a charge for an invoice: refusing one or asking the buyer for the tax or its postage is punished."""
    inv = rules.invoice
    facts = {"kinds": "、".join(inv.kinds), "special_needs": inv.special_needs, "issue_days": inv.issue_days,
             "paper_postage": inv.paper_postage, "paper": False}
    # 收货都5天了 发票呢: past the days it is issued in, the invoice is late; an agent has it issued now, and the days
    # the buyer counts are the invoice's, not the parcel's
    delivered_at = s.order.delivered_at if s.order else None
    late = delivered_at is not None and s.now - delivered_at > timedelta(days=inv.issue_days)
    # 要专票 需要啥资料 多久能开好 is a first request, not a late invoice: what a 专票 needs and the days answer it
    first_special = rules.says(s.text, "special_invoice") and not rules.says(s.text, "invoice_missing")
    if late and (rules.says(s.text, "invoice_missing") or (rules.says(s.text, "invoice_when") and not first_special)):
        return Offer("invoice", "overdue", facts, answers=False, covers=frozenset({"shipping"}))
    # 你们客服说开专票要加六个点 是真的吗: the shop's own agent asked a charge, which is owned with an apology; the 是真的吗
    # asks of that answer, not of the goods
    if rules.says(s.text, "invoice_charge") and rules.says(s.text, "agent_said"):
        return Offer("invoice", "charge", {**facts, "sorry": True}, covers=frozenset({"product_info", "human"}))
    # 发票金额能写200不: an invoice states what was really paid, never another amount (the order's is named)
    if rules.says(s.text, "invoice_amount"):
        return Offer("invoice", "amount", {**facts, "paid": _fmt_money(s.order.amount) if s.order else None})
    # 纸质的 寄过来邮费谁出: the postage asked of is the paper invoice's, not a return's or the parcel's
    paper = rules.says(s.text, "invoice_paper")
    covers = frozenset({"return", "shipping"}) if paper else frozenset()
    for case in ("invoice_reissue", "invoice_charge", "invoice_paper"):
        if rules.says(s.text, case):
            return Offer("invoice", case.removeprefix("invoice_"), {**facts, "paper": paper}, covers=covers)
    # 能开专票不 啥时候开出来: what a 专票 needs, and when (its reply says both)
    # 都能开哪种 多久能开出来: the kinds and the days (general's reply says both)
    kinds = rules.says(s.text, "invoice_kinds")  # 专票普票都能开吗: both kinds, not what a 专票 needs
    case = "special" if rules.says(s.text, "special_invoice") and not kinds else \
        "when" if rules.says(s.text, "invoice_when") and not kinds else "general"
    return Offer("invoice", case, facts)


def counter_offer(s: Situation) -> bool:
    """Whether the buyer of an unpaid order names a lower price for it (220吧 220我就付款 再贵不要了): a haggle, however
    the paying or the not buying beside it read."""
    o = s.order
    if o is None or o.status != "unpaid" or not s.slots.amounts:
        return False
    value = goods_value(o)
    return any(a_price(a, value) and a < value for a in s.slots.amounts)


def duplicate_order(s: Situation, rules: ShopRules) -> Offer | None:
    """手滑拍了两单 钱都付了 退一单: the order paid twice over is refunded before it ships, the other goes out; which of
    the two is the buyer's to apply for, so the reply names no order and an agent sends it. None when not told."""
    o = s.order
    if o is None or o.status != "paid" or not rules.says(s.text, "duplicate_order"):
        return None
    return Offer("cancel_order", "duplicate", {"refund_days": rules.returns.refund_days, "refusal_freight": rules.returns.refusal_freight},
                 answers=False, covers=frozenset({"payment", "return"}))


def payment(s: Situation, rules: ShopRules) -> Offer:
    ship = rules.shipping
    facts = {"cutoff": f"{ship.cutoff_hour}:00", "cod_surcharge": _fmt_money(ship.cod_surcharge), "ships": "今天" if ships_today(s.now, ship) else "明天",
             "platform": rules.service.platform, "courier": ship.default_courier, "couriers": "、".join(ship.couriers)}
    if rules.says(s.text, "off_platform"):  # its reply is the refusal itself: the off_platform reading adds it once more
        return Offer("payment", "off_platform", facts, answers=not rules.says(s.text, "cod"), covers=frozenset({"off_platform"}))
    if (coupon := coupon_missed(s, rules)) is not None:
        return coupon
    if rules.says(s.text, "charged_twice"):  # 扣了我两回钱: the payment records are checked; nothing is promised unseen
        return Offer("payment", "charged_twice", facts, answers=False)
    if counter_offer(s):
        return bargain(s, rules)
    if (twice := duplicate_order(s, rules)) is not None:
        return twice
    # 花呗分三期免息吗: chosen on the platform's payment page, which shows the terms; nothing settles who pays the interest
    if rules.says(s.text, "installments"):
        return Offer("payment", "installments", facts)
    status = s.order.status if s.order else None
    # 22号付的款 到现在没发, 付好了 啥时候发: the shipping promise and times answer
    if status == "paid" and any(rules.says(s.text, cue) for cue in ("not_sent", "ship_asked", "add_to_order", "packing_note")):
        return shipping(s, rules)
    if status == "unpaid" and rules.says(s.text, "cod"):
        return Offer("payment", "cod_unpaid", facts)
    if cod_collected(s, rules):  # 快递员收了149 网上139: the surcharge, checked by an agent against what was collected
        return Offer("payment", "cod_collected", facts, answers=False, covers=frozenset({"shipping", "bargain", "return"}))
    if status in SENT and rules.says(s.text, "cod"):  # 退货我发到付: once the goods are sent, 到付 is the way back's postage
        return returns(s, rules)
    return Offer("payment", {"unpaid": "unpaid", None: "general", "closed": "closed"}.get(status, "paid"), facts)


def off_platform(s: Situation, rules: ShopRules) -> Offer:
    """The refusal of a transfer or a contact off the platform. Beside 货到付款 a transfer is the buyer paying the courier
    on delivery (到付 见面微信转给快递员), which the refusal says nothing of: an agent answers it."""
    return Offer("off_platform", "refuse", {"platform": rules.service.platform}, answers=not rules.says(s.text, "cod"))


def human(s: Situation, rules: ShopRules) -> Offer:
    """The acknowledgement goes out at once (it answers); the conversation waits, flagged, for a person. A buyer who
    threatens (投诉, 12315) hears an apology and that the problem is being handled, not excuses (the seeds: 说句抱歉,
    话题一转, 马上给您解决问题). A complaint that tells the shop's own slip (寄来的是普洱 再不解决我就打12315: a wrong or
    missing item) hears its remedy in the same breath, as the seeds' 马上切入解决问题 asks."""
    angry = is_angry(s.text, rules)
    if angry and (problem := _threatened(s, rules)) is not None:
        return replace(problem, handoff=True)
    goods = next((slip for slip in ("wrong_item", "missing") if angry and rules.says(s.text, slip)), None)
    # 问了半天也没人回: the seeds' 反应速度; a buyer kept waiting hears sorry for the wait before anything else
    return Offer("human", "complaint" if angry else "handoff", {"goods": goods, "waited": rules.says(s.text, "slow_reply")},
                 handoff=True, answers=True)


def _threatened(s: Situation, rules: ShopRules) -> Offer | None:
    """The problem a complaint threatens over, when a rule handles it (快递一个礼拜不动 投诉你们, 降了30 不退差价就
    12315): its reply, apology first, is the answer, as the seeds' 马上切入解决问题 asks. None when none is told."""
    o = s.order
    if o is not None and o.status == "shipped" and _parcel_trouble(s.text, rules, signed=False):
        return shipping(s, rules)
    if o is not None and o.status in BOUGHT and rules.says(s.text, "price_dropped"):
        return price_protect(s, rules)
    if received(o) and (rules.says(s.text, "goods_fault") or rules.says(s.text, "photo_sent")):
        return quality_issue(s, rules)  # 照片早发了 漏水还不处理 我去12315: the fault's remedy, the photo not asked again
    return None


def bad_review(s: Situation, rules: ShopRules) -> Offer:
    """A question about reviews is answered plainly and never with anything of value: 好评返现 gets a clear no,
    a buyer who wants to update a review once the problem is fixed is told where, offered nothing. A bad review
    threatened over a problem with the goods, told now or earlier, is that problem handled at once (goods): the
    apology, the photo and the remedy, which the complaint's own reply would say again."""
    if rules.says(s.text, "cashback"):
        return Offer("bad_review", "cashback", {"platform_hours": None})
    if rules.says(s.text, "amend_review"):
        return Offer("bad_review", "amend", {"platform_hours": None})
    facts = {"platform_hours": rules.returns.platform_steps_in_hours}
    # 拖了四天才发 不给说法就差评: the promise the shop broke is answered, with the compensation it owes; 还不发 再不发我给差评
    # on a paid order: when it goes out, after the apology (the seeds: 先道歉, 马上切入解决问题)
    if (rules.says(s.text, "shipped_late") and _shipped_late(s.order, s.now, rules.shipping)) or \
            (s.order is not None and s.order.status == "paid" and rules.says(s.text, "not_sent")):
        return shipping(s, rules)
    # the fault told now (袜子脱线了 不赔30就差评) or earlier: the photo and the remedy, never money to drop the review
    if "quality_issue" in s.intents or "quality_issue" in s.state.recent_intents or goods_told(s, rules):
        return Offer("bad_review", "goods", facts, covers=frozenset({"quality_issue"}))
    return Offer("bad_review", "repair", facts)


def thanks_bye(s: Situation, rules: ShopRules) -> Offer:
    bought = s.order is not None and s.order.status not in ("unpaid", "closed")
    return Offer("thanks_bye", "after_purchase" if bought else "no_purchase", {"remind_favorite": rules.service.remind_favorite})


def product_info(s: Situation, rules: ShopRules) -> Offer:
    """No catalogue answers yet: the reply asks what the buyer means, so an agent sends it. A stock question about a
    paid order the warehouse cannot fill (缺货了吗 怎么还不发) is about that order: the shop's out-of-stock promise
    answers it (shipping's), not the catalogue's stock; on goods received, a part missing or a wrong item is the
    complaint's and a size asked to be exchanged the return's."""
    o = s.order
    if o is not None and o.status == "paid" and any(i.out_of_stock for i in o.items) and rules.says(s.text, "stock_asked"):
        return shipping(s, rules)
    if goods_told(s, rules):  # 保温杯没有盖子 怎么用, 充了一次电就鼓起来了 还能用吗: the goods' problem, not how they are used
        return quality_issue(s, rules)
    if o is not None and o.status == "paid" and rules.says(s.text, "not_sent"):  # 刻字的保温杯付了八天了 还没发出来: the order's
        return shipping(s, rules)  # shipping promise, whatever the item's name made the catalogue read
    if o is not None and o.status in ("unpaid", "paid") and s.slots.courier and s.slots.courier in s.text:
        return shipping(s, rules)  # 换成顺丰 补多少钱: the courier's price, not the goods'
    if (change := order_change(s, rules)) is not None:  # 尺码拍成S了 换成M: the order changed before it ships
        return change
    if received(o) and rules.says(s.text, "exchange_asked"):  # 收到的毛衣偏大 还给换不: an exchange, not the size chart
        return returns(s, rules)
    return Offer("product_info", "default", answers=False)


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
    "off_platform": off_platform,
    "thanks_bye": thanks_bye,
    "product_info": product_info,
}


# The facts each intent's offers carry (None where a case has no value), so `validate` can check
# that a template uses no variable the policy never provides.
FACTS: dict[str, frozenset[str]] = {
    "bargain": frozenset({'round', 'floor', 'price', 'gap', 'gift', 'coupon', 'threshold', 'offered', 'region', 'fee',
                          'item_price', 'returning', 'days', 'combinable', 'covers_postage', 'pieces', 'tiers', 'unit_price',
                          'bought', 'gift_min', 'gift_gap', 'discount'}),
    "shipping": frozenset({'courier', 'tracking_no', 'cutoff', 'promise_hours', 'ships', 'compensation', 'sf_surcharge', 'hours_late',
                           'asked_courier', 'ship_by', 'couriers', 'made_to_order', 'custom_make_days', 'inspect', 'days',
                           'custom_made', 'sorry', 'asked_again', 'region', 'fee', 'threshold', 'weekend', 'rush',
                           'due_today', 'paid_ships'}),
    "return": frozenset({'days', 'window_open', 'days_left', 'refund_days', 'freight_payer', 'platform_hours', 'address', 'return_courier',
                         'refusal_freight', 'wanted', 'insured', 'insurance_given', 'insurance_min', 'custom', 'buyer_insured',
                         'asked_courier', 'refund_by', 'postage_asked', 'item', 'item_refund', 'used'}),
    # item_rule, item_faq: the delivered item's own rule on an open case and its FAQ entry on a reaction, which the engine
    # reads from the catalogue
    "quality_issue": frozenset({'platform_hours', 'window_open', 'days_left', 'courier', 'photo_sent', 'item_rule', 'item_faq'}),
    "cancel_order": frozenset({'refund_days', 'refusal_freight'}),
    "address_change": frozenset({'region', 'fee'}),
    "price_protect": frozenset({'days', 'within', 'difference', 'total', 'angry', 'until'}),
    "invoice": frozenset({'kinds', 'special_needs', 'issue_days', 'paper_postage', 'sorry', 'paper', 'paid'}),
    "payment": frozenset({'cutoff', 'cod_surcharge', 'ships', 'platform', 'courier', 'couriers'}),
    "human": frozenset({'goods', 'waited'}),
    "bad_review": frozenset({'platform_hours'}),
    "off_platform": frozenset({'platform'}),
    "thanks_bye": frozenset({'remind_favorite'}),
    "product_info": frozenset(),
}


# Readings of a message that may tell what the buyer paid for the courier or at the door (补了顺丰的钱 发的中通 差价退不退,
# 货到付款 快递员多收了十块): a price, the price falling, the payment or the parcel
READ_AS_DELIVERY_PAID = frozenset({"bargain", "price_protect", "payment", "shipping"})


def paid_for_delivery(s: Situation, rules: ShopRules) -> Callable[[Situation, ShopRules], Offer] | None:
    """The rule for a surcharge the buyer paid, whatever the message was read as: 顺丰 paid for and another courier
    sent (shipping's, refunded by an agent), or what the courier collected on delivery (payment's, checked)."""
    if sf_not_given(s, rules):
        return shipping
    if cod_collected(s, rules):
        return payment
    return None


def offer_for(intent: str, situation: Situation, rules: ShopRules) -> Offer:
    """The rule for an intent; intents with no rule of their own (greeting, thanks) get a plain case."""
    rule = RULES.get(intent)
    if rule is None:
        return Offer(intent, "default")
    if intent in READ_AS_DELIVERY_PAID:
        rule = paid_for_delivery(situation, rules) or rule
    offer = rule(situation, rules)  # another intent's reply when that answers it (a drop after paying: price protection)
    return replace(offer, facts={name: None for name in FACTS[offer.intent]} | offer.facts)


def is_angry(text: str, rules: ShopRules) -> bool:
    return any(map(text.__contains__, rules.angry_words))


def order_facts(s: Situation, rules: ShopRules) -> dict[str, Any]:
    """The policy facts an agent sees on the order card beside the conversation."""
    facts: dict[str, Any] = {"bargain_round": s.state.bargain_round}
    o = s.order
    if o is None:
        return facts
    facts["free_shipping_gap"] = free_shipping_gap(goods_value(o), o.region, rules.shipping)
    facts |= return_window(o, s.now, rules.returns)
    due = ship_due(o, rules.shipping)
    if due and o.status == "paid":
        facts["ship_by"] = due.isoformat(timespec="minutes")
    return facts
