"""Pulling order numbers, amounts, quantities, couriers, phones and regions out of a message.

Chinese numerals are read with cn2an, but only where a unit follows (三十块, 两百元, 五件): converting
every numeral would turn 看一下 into 看1下.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from bot.domain import Slots

COURIERS = ("顺丰", "中通", "圆通", "韵达", "申通", "极兔", "京东物流", "京东快递", "邮政", "ems", "德邦", "天天", "百世")
REGIONS = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
# What logs and the inbox must never keep, in the raw text as buyers type it: with +86 or 86 in
# front, spaced or hyphenated (138-1234-5678), in full-width digits (\d is any Unicode digit).
_PHONE_MASK = re.compile(r"(?<!\d)((?:[+＋]?[8８][6６][-\s－]?)?[1１][3-9３-９]\d)[-\s－]?\d{4}[-\s－]?(\d{4})(?!\d)")
_ORDER_LABELLED = re.compile(r"(?:订单号?|单号|订单编号)\s*[:：]?\s*([a-z]?\d{5,20})", re.IGNORECASE)
_ORDER_BARE = re.compile(r"(?<![\d.])(t\d{3,8}|\d{10,20})(?![\d.])", re.IGNORECASE)
_CN_NUM = "零〇一二两三四五六七八九十百千万"
# Every run of digits or numerals is read from its start only ((?<!...) before it) and at a bounded
# length, so a message of thousands of digits costs one pass, not one pass per digit (a 2,000-digit
# message took 0.18 s of the event loop with \d+).
_CN_AMOUNT = re.compile(rf"(?<![{_CN_NUM}])([{_CN_NUM}]{{1,12}}(?:点[{_CN_NUM}]{{1,6}})?)\s*(块|元|米|快)")
_AMOUNT = re.compile(r"(?:¥|￥|rmb)\s*(\d{1,12}(?:\.\d{1,6})?)|(?<![\d.])(\d{1,12}(?:\.\d{1,6})?)\s*(?:块钱|块|元|快钱)",
                     re.IGNORECASE)
_BARE_PRICE = re.compile(r"^\D{0,6}?(\d{1,5}(?:\.\d+)?)\D{0,4}$")  # 80整吧 / 就75吧
# What JD's chat window pastes in when a buyer opens a chat from an order: labels, not words of the buyer.
_ORDER_CARD = re.compile(
    r"(?:咨询订单号|订单编号|订单号|商品id|订单金额|下单时间)\s*[:：]?\s*[¥￥]?[0-9a-z*.:\-]*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?",
    re.IGNORECASE,
)
_UNITS = "个件包盒箱双份台瓶袋斤支条套只张本桶罐"
_QUANTITY = re.compile(rf"((?<!\d)\d{{1,6}}|(?<![{_CN_NUM}])[{_CN_NUM}]{{1,12}})\s*[{_UNITS}]")


@dataclass(frozen=True)
class Extraction:
    """The slots of a message and its text with numbers that are slots taken out."""

    slots: Slots
    rest: str


def mask_phones(text: str) -> str:
    """138****5678: what logs and the inbox keep of a phone number, however it is written."""
    return _PHONE_MASK.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def _cn_to_number(numeral: str) -> float | None:
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _amounts(text: str) -> tuple[float, ...]:
    found = [float(a or b) for a, b in _AMOUNT.findall(text)]
    found += [n for n in (_cn_to_number(m.group(1)) for m in _CN_AMOUNT.finditer(text)) if n is not None]
    if not found:
        bare = _BARE_PRICE.match(text)
        if bare and any(w in text for w in ("吧", "行不", "可以吗", "行吗", "卖不卖", "整")):
            found.append(float(bare.group(1)))
    return tuple(found)


def _quantity(text: str) -> int | None:
    m = _QUANTITY.search(text)
    if not m:
        return None
    raw = m.group(1)
    value = int(raw) if raw.isdigit() else _cn_to_number(raw)
    return int(value) if value is not None else None


def extract(text: str) -> Extraction:
    """Slots of a normalised message; the returned text has phone and order numbers removed."""
    phone_match = _PHONE.search(text)
    phone = phone_match.group(0) if phone_match else None
    rest = _PHONE.sub(" ", text)
    order = _ORDER_LABELLED.search(rest) or _ORDER_BARE.search(rest)
    order_id = order.group(1).upper() if order else None
    if order:
        rest = rest[: order.start(1)] + " " + rest[order.end(1):]
    rest = _ORDER_CARD.sub(" ", rest)
    slots = Slots(
        order_id=order_id,
        amounts=_amounts(rest),
        quantity=_quantity(rest),
        courier=next((c for c in COURIERS if c in rest), None),
        phone=phone,
        region=next((r for r in REGIONS if r in rest), None),
    )
    return Extraction(slots=slots, rest=re.sub(r"\s+", " ", rest).strip())
