"""The typed values that flow through the pipeline: slots, matches, orders, conversation state.

Everything here is plain data with no behaviour beyond (de)serialisation, so every package can
import it without pulling in jieba, Jinja or a database.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from bot.jsontext import dumps

ORDER_STATUSES = ("unpaid", "paid", "shipped", "delivered", "completed", "closed")


class InputError(ValueError):
    """Input from outside (a message, an order, a file) is malformed; the text says what to fix."""


@dataclass(frozen=True)
class Slots:
    """Values pulled out of one message; amounts in yuan."""

    order_id: str | None = None
    amounts: tuple[float, ...] = ()
    quantity: int | None = None
    courier: str | None = None
    phone: str | None = None
    region: str | None = None
    height_cm: float | None = None  # the buyer's height, for size advice (一米六五, 165cm, 165/110斤)
    weight_jin: float | None = None  # the buyer's weight in 斤, as Chinese shops' size charts give it

    def merged_over(self, older: "Slots") -> "Slots":
        """This message's slots, with the gaps filled from earlier turns."""
        return Slots(
            order_id=self.order_id or older.order_id,
            amounts=self.amounts or older.amounts,
            quantity=self.quantity if self.quantity is not None else older.quantity,
            courier=self.courier or older.courier,
            phone=self.phone or older.phone,
            region=self.region or older.region,
            height_cm=self.height_cm or older.height_cm,
            weight_jin=self.weight_jin or older.weight_jin,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id, "amounts": list(self.amounts), "quantity": self.quantity,
            "courier": self.courier, "phone": self.phone, "region": self.region,
            "height_cm": self.height_cm, "weight_jin": self.weight_jin,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Slots":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "amounts" in known:
            known["amounts"] = tuple(float(a) for a in known["amounts"])
        return cls(**known)


@dataclass(frozen=True)
class Match:
    """One intent the matcher found, with the evidence a trainer can read."""

    intent: str
    score: float  # 0..1
    reason: str  # e.g. "keyword 包邮" or "example 能便宜点吗"
    clause: str = ""  # the part of the message that matched
    from_context: bool = False  # read from the conversation rather than the message: a guess, never sent alone
    cue: str = ""  # the trainer's keyword found for this intent, if any: a reading the examples alone make is less sure
    asks: bool = True  # its clause, or the phrase around it, asks or requests in words (bot.text.Asking.in_clause)

    def to_dict(self) -> dict[str, Any]:
        cue = {"cue": self.cue} if self.cue else {}  # the keyword that made it: what the agents' marks count (bot/marks.py)
        return {"name": self.intent, "score": round(float(self.score), 3), "reason": self.reason, **cue}


@dataclass(frozen=True)
class Item:
    sku: str
    title: str
    price: float
    qty: int = 1
    custom: bool = False
    presale: bool = False  # sold ahead of stock: ships by the time its listing states (`ships_by`)
    ships_by: datetime | None = None  # the listing's stated shipping time for a presale or custom-made item
    out_of_stock: bool = False  # the warehouse cannot fill it

    @property
    def cost(self) -> float:
        """What the line of the order costs: its price times its count."""
        return self.price * self.qty


EARLIEST, LATEST = datetime(1970, 1, 2), datetime(2999, 12, 31)  # the rules add days to these times


def parse_time(value: Any, name: str) -> datetime | None:
    """An ISO 8601 time from outside; a time the shop's rules cannot count days from (year 1,
    year 9999) is a mistake, refused here rather than overflowing in a rule."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        if not isinstance(value, str):
            raise InputError(f"{name}: {value!r} is not an ISO 8601 time")
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(f"{name}: {value!r} is not an ISO 8601 time") from exc
    if not EARLIEST <= moment.replace(tzinfo=None) <= LATEST:
        raise InputError(f"{name}: {value!r} is not between {EARLIEST.year} and {LATEST.year}")
    return moment


def number(value: Any, name: str, kind: type = float, *, most: float = 1e9) -> Any:
    """A finite amount or count from JSON, from 0 to `most`: NaN, infinities, negative prices and
    counts too large to store are refused with the field's name."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InputError(f"{name} must be a number, not {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{name} must be a number, not {value!r}")
    if not 0 <= value <= most:  # also false for NaN
        raise InputError(f"{name} must be a number from 0 to {most:g}, not {value!r}")
    if kind is int and value != int(value):
        raise InputError(f"{name} must be a whole number, not {value!r}")
    return kind(value)


MAX_ID_CHARS = 128  # platforms' ids are far shorter; a longer one is garbage that would be stored and shown
# A chat message or review as long as the platforms let anyone type: WeChat and WeCom cap a text message
# at 2,048 bytes, Qianniu and JD's chat a few hundred characters, DingTalk 5,000. The engine reads only
# the first part of it (bot.text.MAX_CHARS); a longer text is a client's mistake or a flood, refused.
MAX_MESSAGE_CHARS = 4000


def id_text(value: Any, name: str, *, required: bool = False, max_chars: int = MAX_ID_CHARS) -> str | None:
    """Ids and names: strings, or numbers some integrations send for ids."""
    if value is None or value == "":
        if required:
            raise InputError(f"{name} is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{name} must be a string, not {value!r}")
    text = str(value)
    if len(text) > max_chars:
        raise InputError(f"{name} is {len(text)} characters long; at most {max_chars}")
    return text


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{name} must be true or false, not {value!r}")
    return value


def message_text(value: Any, name: str) -> str:
    """A buyer's message or review: a string of at most MAX_MESSAGE_CHARS characters."""
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string, not {value!r}"[:200])
    if len(value) > MAX_MESSAGE_CHARS:
        raise InputError(f"{name} is {len(value)} characters long; chat platforms allow a few thousand,"
                         f" this service at most {MAX_MESSAGE_CHARS}")
    return value


_PRESALE_TITLE = re.compile(r"(?<!非)预售")


def _item(data: Any, n: int) -> Item:
    where = f"order item {n}"
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a JSON object with sku, title, price and qty")
    flags = {key: _flag(data.get(key, False), f"{where} {key!r}") for key in ("custom", "presale", "out_of_stock")}
    title = id_text(data.get("title"), f"{where} 'title'", max_chars=500) or ""
    flags["presale"] = flags["presale"] or _PRESALE_TITLE.search(title) is not None  # 【预售】腊肠: the listing says it
    return Item(
        sku=id_text(data.get("sku"), f"{where} 'sku'") or "",
        title=title,
        price=number(data.get("price", 0), f"{where} 'price'"),
        qty=number(data.get("qty", 1), f"{where} 'qty'", int, most=100_000),
        ships_by=_whole_day(data.get("ships_by"), parse_time(data.get("ships_by"), f"{where} 'ships_by'")),
        **flags,
    )


_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _whole_day(value: Any, moment: datetime | None) -> datetime | None:
    """A listing's date with no time (ships_by "2027-04-12", 12号前发) gives the shop that whole day: on the 12th
    the item is not late yet, so the date is read as its last second, not its first."""
    if moment is not None and isinstance(value, str) and _DATE_ONLY.fullmatch(value):
        return moment.replace(hour=23, minute=59, second=59)
    return moment


@dataclass(frozen=True)
class Order:
    """An order as IM integrations send it: amounts in yuan, times in ISO 8601, region the province."""

    order_id: str
    status: str
    amount: float
    items: tuple[Item, ...] = ()
    region: str | None = None
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    courier: str | None = None
    tracking_no: str | None = None
    shipping_fee: float | None = None  # postage the buyer paid; 0 when the order shipped free (差几块包邮 too)
    repeat_buyer: bool = False  # the buyer has bought here before

    @classmethod
    def from_dict(cls, data: Any) -> "Order":
        """Checks every field's type and range; raises InputError naming the field to fix."""
        if not isinstance(data, dict):
            raise InputError("order must be a JSON object")
        for key in ("order_id", "status", "amount"):
            if key not in data:
                raise InputError(f"order is missing {key!r}")
        status = data["status"]
        if not isinstance(status, str) or status not in ORDER_STATUSES:
            raise InputError(f"order status {status!r} is not one of {', '.join(ORDER_STATUSES)}")
        items = data.get("items") or []
        if not isinstance(items, list):
            raise InputError(f"order 'items' must be a list of objects, not {items!r}")
        return cls(
            order_id=id_text(data["order_id"], "order 'order_id'", required=True) or "",
            status=status,
            amount=number(data["amount"], "order 'amount'"),
            items=tuple(_item(item, n) for n, item in enumerate(items, 1)),
            region=id_text(data.get("region"), "order 'region'"),
            paid_at=parse_time(data.get("paid_at"), "order field 'paid_at'"),
            shipped_at=parse_time(data.get("shipped_at"), "order field 'shipped_at'"),
            delivered_at=parse_time(data.get("delivered_at"), "order field 'delivered_at'"),
            courier=id_text(data.get("courier"), "order 'courier'"),
            tracking_no=id_text(data.get("tracking_no"), "order 'tracking_no'"),
            shipping_fee=None if data.get("shipping_fee") is None else number(data["shipping_fee"], "order 'shipping_fee'"),
            repeat_buyer=_flag(data.get("repeat_buyer", False), "order 'repeat_buyer'"),
        )

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["items"] = [{f.name: getattr(i, f.name) for f in fields(i)} for i in self.items]
        for item in out["items"]:
            item["ships_by"] = item["ships_by"].isoformat() if item["ships_by"] else None
        for key in ("paid_at", "shipped_at", "delivered_at"):
            out[key] = out[key].isoformat() if out[key] else None
        return out

    @property
    def has_custom_items(self) -> bool:
        return any(i.custom for i in self.items)


@dataclass(frozen=True)
class Heard:
    """What one earlier buyer message seemed to be about: its likeliest intents with their scores.
    A short follow-up (是的, 那运费谁出) is read against these."""

    matches: tuple[tuple[str, float], ...] = ()
    # the context cues' words the message named (换货, 退货): what a later 怎么取消 cancels (`ContextCues.gives_way_after`)
    words: tuple[str, ...] = ()
    # the intents the message said its matter is not (我地址没有错: address_change): no topic from this message on
    denied: tuple[str, ...] = ()

    @classmethod
    def of(cls, matches: Sequence[Match], *, floor: float, answered: str | None = None, tie: float = 0.0,
           words: tuple[str, ...] = (), denied: tuple[str, ...] = ()) -> "Heard":
        """The readings at `floor` or above, best first. The reading the bot `answered` leads when it was chosen over a
        better one by more than a near tie (`tie`): for a cue of its own beside the other's word (电话改成另一个号 beside
        快递: the address), so the conversation is about what was answered; on a near tie the two are as much the
        message's, and the score order stands."""
        kept = [m for m in matches if m.score >= floor]
        lead = next((m for m in kept if m.intent == answered), None)
        if lead is not None and kept[0].score - lead.score > tie:
            kept.sort(key=lambda m: m is not lead)
        return cls(tuple((m.intent, round(float(m.score), 3)) for m in kept if m.intent not in denied), words, denied)

    def to_json(self) -> Any:
        """The JSON form: the readings' pairs, or with words or denials an object (a state stored before they existed
        reads the same)."""
        pairs = [[i, s] for i, s in self.matches]
        return {"matches": pairs, "words": list(self.words), "denied": list(self.denied)} if self.words or self.denied else pairs

    @classmethod
    def from_json(cls, data: Any) -> "Heard":
        pairs, words, denied = (data["matches"], data["words"], data["denied"]) if isinstance(data, dict) else (data, (), ())
        return cls(tuple((str(i), float(s)) for i, s in pairs), tuple(map(str, words)), tuple(map(str, denied)))


@dataclass(frozen=True)
class ConversationState:
    """What the bot remembers of one conversation between turns; stored as JSON with an expiry."""

    conversation_id: str
    recent_intents: tuple[str, ...] = ()  # newest last, at most a few
    slots: Slots = field(default_factory=Slots)
    bargain_round: int = 0
    turns: int = 0
    repair: dict[str, Any] | None = None  # set when the conversation is a bad-review repair
    handed_off: bool = False  # a human was asked for and no agent has answered yet
    heard: tuple[Heard, ...] = ()  # the buyer's last messages as read, newest last
    asked: str | None = None  # the intent the last reply (the bot's or an agent's) asked the buyer about
    item_sku: str | None = None  # the catalogue item the conversation is about (这款, 它)
    # what the last reply answered: a catalogue answer's kind (stock, price...), "" for any other reply; None before
    # the first. A bare follow-up (手表呢) asks again what was asked then, a guess the bot never sends alone
    # unless it was a stock question (alone.stands_alone).
    last_kind: str | None = None
    # the colour, size and options the buyer last named of item_sku (透明粉 of TR90镜框有粉色吗): a follow-up that names
    # another of its values (52口的呢) asks of the variant holding both
    item_variant: tuple[str, ...] = ()

    def after_turn(self, intents: list[str], slots: Slots, *, handoff: bool = False, keep: int = 4,
                   heard: Heard | None = None, asked: str | None = None, keep_heard: int = 3,
                   item_sku: str | None = None, product_kind: str | None = None,
                   variant: tuple[str, ...] = ()) -> "ConversationState":
        """The state once a buyer message is answered: `heard` is that message as read, `asked` the
        intent the reply asked about (None: it asked nothing), `variant` the values a product answer's question named
        of `item_sku`; an answer of the same item naming none keeps the values named before."""
        recent = (self.recent_intents + tuple(intents))[-keep:] if intents else self.recent_intents
        return replace(
            self,
            recent_intents=recent,
            heard=(self.heard + (heard or Heard(),))[-keep_heard:],
            asked=asked,
            slots=slots.merged_over(self.slots),
            bargain_round=self.bargain_round + (1 if "bargain" in intents else 0),
            turns=self.turns + 1,
            handed_off=self.handed_off or handoff,
            item_sku=item_sku or self.item_sku,
            last_kind=product_kind or "",
            item_variant=variant if variant or (item_sku and item_sku != self.item_sku) else self.item_variant,
        )

    def answered_by_agent(self, *, asked: str | None = None) -> "ConversationState":
        """An agent replied: the bot may answer again, and the buyer's next message answers the
        agent's question (`asked`, the intent it was about) rather than the bot's."""
        return replace(self, handed_off=False, asked=asked)

    def to_json(self) -> str:
        """Written field by field: dataclasses.asdict deep-copies, and this runs on every message."""
        return dumps({
            "conversation_id": self.conversation_id, "recent_intents": list(self.recent_intents),
            "slots": self.slots.to_dict(), "bargain_round": self.bargain_round, "turns": self.turns,
            "repair": self.repair, "handed_off": self.handed_off, "item_sku": self.item_sku,
            "heard": [h.to_json() for h in self.heard], "asked": self.asked,
            "last_kind": self.last_kind, "item_variant": list(self.item_variant),
        })

    @classmethod
    def from_json(cls, text: str) -> "ConversationState":
        data = json.loads(text)
        return cls(
            conversation_id=data["conversation_id"],
            recent_intents=tuple(data.get("recent_intents", ())),
            slots=Slots.from_dict(data.get("slots", {})),
            bargain_round=int(data.get("bargain_round", 0)),
            turns=int(data.get("turns", 0)),
            repair=data.get("repair"),
            handed_off=bool(data.get("handed_off", False)),
            heard=tuple(Heard.from_json(h) for h in data.get("heard", ())),
            asked=data.get("asked"),
            item_sku=data.get("item_sku"),
            last_kind=data.get("last_kind"),
            item_variant=tuple(str(v) for v in data.get("item_variant", ())),
        )
