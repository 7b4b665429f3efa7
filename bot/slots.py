"""Pulling order numbers, amounts, quantities, couriers, phones and regions out of a message.

Chinese numerals are read with cn2an, but only where a unit follows (三十块, 两百元, 五件): converting
every numeral would turn 看一下 into 看1下.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from bot.domain import Slots
from bot.text import clauses

COURIERS = ("顺丰", "中通", "圆通", "韵达", "申通", "极兔", "京东物流", "京东快递", "邮政", "ems", "德邦", "天天", "百世")
REGIONS = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)

# how each courier is named where its name is also an everyday word: 天天 is "every day" (我天天等你们发货) unless a
# courier word follows or a sending verb comes before it (发天天, 天天快递); 邮政储蓄 and 邮政银行 are a bank
_COURIER_WRITTEN = {"天天": r"(?<=[发走用寄换])天天|天天(?=快递|物流)", "邮政": r"邮政(?!储蓄|银行)"}
_COURIER_PATTERNS = tuple((c, re.compile(_COURIER_WRITTEN.get(c, re.escape(c)))) for c in COURIERS)
# whether any is named at all, in one pass (the first of the list that is named is the one taken)
_COURIER_NAMED = re.compile("|".join(p.pattern for _, p in _COURIER_PATTERNS))
_REGION_NAMED = re.compile("|".join(map(re.escape, REGIONS)))
_SPACES = re.compile(r"\s+")

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
_BARE_PRICE = re.compile(r"^\D{0,6}?(?<!满)(\d{1,5}(?:\.\d+)?)\D{0,4}$")  # 80整吧 / 就75吧; 满99包邮吗 names the threshold
_OFFER_WORDS = ("吧", "行不", "可以吗", "可以不", "行吗", "卖不卖", "整")  # in a short message of a bare figure, a price offered
_BARE_NUMERAL = re.compile(rf"^[^\d{_CN_NUM}]{{0,3}}([{_CN_NUM}]{{2,8}})[^\d{_CN_NUM}]{{0,4}}$")  # ...in numerals: 一百七可以不
# ...and beside a clause that is a bare figure, in a longer message (268 行的话我马上付款, 150 最后的价 不行就不要了)
_OFFER_AROUND = ("行的话", "可以的话", "能的话", "行就", "可以就", "给就", "不行就", "不行我", "最后", "卖不卖", "给不给", "准话",
                 "行我就", "可以我就", "行我马上", "行我立马", "可以我马上", "可以我立马")  # 二百五十五 行我就拍
# ...in digits or in numerals (三百三十五 能行我立马付): a numeral of two characters at least, so 一 alone is no price
_BARE_FIGURE = re.compile(rf"^(\d{{1,5}}(?:\.\d+)?|[{_CN_NUM}]{{2,8}})$")
# ...and right after the figure, in digits or numerals, in a clause of a longer message (190吧 行就拍 不行算了; 170包邮 行就下单;
# 二百六十五卖不卖 行我就拍)
_OFFERED = re.compile(rf"^\D{{0,6}}?(?<!满)(\d{{1,5}}(?:\.\d+)?|(?<![{_CN_NUM}])[{_CN_NUM}]{{2,8}})\s*(?:吧|行不|可以吗|行吗|卖不卖|整|包邮)\D{{0,4}}$")
# what, right after a figure, makes it an amount read elsewhere (15块), a count, a time or a size rather than a price named
_NOT_A_PRICE = r"[块元个件包盒箱双份台瓶袋斤支条套只张本桶罐根副顶把饼天号点折分秒月年岁码度]|公斤|千克|厘米|米|小时|周|期"
# A bare figure a price word names (降到179了, 现在卖159, 便宜了15, 降价25): what the goods cost now or what the price fell by, not
# a count, a time or a size.
# (今天一看119, 付了239 今天活动219, 实付119 现在页面直接115了: the price seen now, and what was paid after a coupon, as a price protection
# tells it)
_PRICE_NAMED = re.compile(r"(?:降到|降价到|降成|跌到|变成|变|现价|现在|只卖|才卖|卖到|降了|降价了|降价|便宜了|跌了|活动价|活动|到手价|到手|原价|我买的|我拍的|我付的"
                          r"|实付|一看|看到|刷到|页面上?)\s*(?:(?:了|是|就|只|才|卖|只要|直接|显示)\s*){0,2}"
                          rf"(\d{{1,6}}(?:\.\d{{1,2}})?)(?![\d.%:：]|\s*(?:{_NOT_A_PRICE}|kg|cm|ml|g))", re.IGNORECASE)
# ...and a price told before the word of buying it (139买的, 159入的)
_PRICE_PAID = re.compile(rf"(?<![\d.])(\d{{1,6}}(?:\.\d{{1,2}})?)\s*(?:买的|拍的|入的|下的单)")
# ...and the new price or the fall in numerals (降到一百七十二了, 便宜了二十): two characters at least, so 一 alone is no price
_PRICE_NAMED_CN = re.compile(rf"(?:降到|降价到|降成|跌到|卖到|降了|降价了|便宜了|跌了)\s*(?:了|是|就|只|才|卖|只要)?\s*"
                             rf"([{_CN_NUM}]{{2,8}})(?![{_CN_NUM}]|\s*(?:{_NOT_A_PRICE}|快))")  # 二十快: 快 typed for 块
# What JD's chat window pastes in when a buyer opens a chat from an order, or from the JD Express app
# (its entry label 京东快递(移动端)), and the entries of its menu of topics that name none (订单业务咨询, 商品信息咨询,
# 请选择咨询订单: read as a hello, they hid the request beside them): labels, not words of the buyer.
_ORDER_CARD = re.compile(
    r"(?:咨询订单号|订单编号|订单号|商品id|订单金额|下单时间)\s*[:：]?\s*[¥￥]?[0-9a-z*.:\-]*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|京东快递\s*\(移动端\)|订单业务咨询|商品信息咨询|请选择咨询订单",
    re.IGNORECASE,
)
_UNITS = "个件包盒箱双份台瓶袋斤支条套只张本桶罐根副顶把饼"
# A buyer's height and weight for size advice, in the ways they are typed: 一米六五, 1米65, 1.65m,
# 165cm, 身高165; 110斤, 一百一十斤, 55kg; or a pair 165/110 (height first, weight in 斤 or kg).
CHILD_HEIGHT, CHILD_WEIGHT = 45, 10  # cm and 斤 with their unit said: a baby's (68公分 17斤) too
_CN_DIGIT = "零一二三四五六七八九"  # 〇 reads as 零
# 一米六五一百一十斤: the weight may follow with no space, its numeral starting 一百 / 九十
_HEIGHT_CN = re.compile(rf"[一1]\s*米\s*([{_CN_DIGIT}〇]{{1,2}}|\d{{1,2}})(?![\d〇]|[{_CN_DIGIT}](?![百十]))")
_HEIGHT_DECIMAL = re.compile(r"(?<![\d.])1\.(\d{1,2})\s*(?:米|m)(?![a-z])")
_HEIGHT_CM = re.compile(rf"(?:(?<![\d.])(\d{{2,3}})|([{_CN_NUM}]{{3,6}}))\s*(?:cm|厘米|公分)")  # 68公分: a baby too
_HEIGHT_SAID = re.compile(rf"(?:身高|个子|个头|净身高)\s*[:：是有]?\s*(?:(\d{{2,3}})(?![\d.])|(一百[{_CN_NUM}]{{1,4}})(?![{_CN_NUM}])"
                          rf"|([一][{_CN_DIGIT}][{_CN_DIGIT}〇])(?![{_CN_NUM}]))")  # 身高一六五: digit by digit
# 168的个子, 一米六八的身高: the figure before what it measures
_HEIGHT_NAMED_AFTER = re.compile(rf"(?<![\d.])(1[3-9]\d)\s*(?:cm|厘米|公分)?\s*的?\s*(?:个子|个头|身高)")
# 5尺2, 五尺三: the height in 市尺 (a third of a metre), as older buyers give it
_HEIGHT_CHI = re.compile(r"(?<![\d.两二一])([4-6四五六])\s*尺\s*([0-9一二三四五六七八九])(?![\d])|(?:身高|个子|(?<!\w)我是?)\s*([4-6四五六])\s*尺(?!\s*[0-9一二三四五六七八九])")
# after a weight, a bare figure that can only be a height (110斤 165): not a size asked (穿130还是140, 160码)
_HEIGHT_AFTER_WEIGHT = re.compile(r"(?<![\d.穿拍买选要是或码号])(1[4-9]\d)(?![\d.]|\s*(?:[码号的元块岁]|cm|厘米|公分|还是|或))")
_PAIR = re.compile(r"(?<![\d.])(1[3-9]\d)\s*(?:cm|厘米)?\s*[/,，、\s]\s*(\d{2,3}(?:\.\d)?)\s*(斤|kg|公斤|千克)?(?![\d.多])")
_WEIGHT = re.compile(rf"(?:(?<![\d.])(\d{{1,3}}(?:\.\d)?)|([{_CN_NUM}]{{1,6}}))\s*([来多])?\s*(斤|kg|公斤|千克)(?!装)")
# a bare figure just before a weight is the height (儿子122 五十八斤), as in the pair 165/110
_HEIGHT_BEFORE_WEIGHT = re.compile(rf"(?<![\d.])(\d{{2,3}})\s*[/,，、\s]?\s*(?=(?:\d{{1,3}}(?:\.\d)?|[{_CN_NUM}]{{1,6}})\s*[来多]?\s*(?:斤|kg|公斤|千克))")
_WEIGHT_SAID = re.compile(rf"体重\s*[:：是有]?\s*(?:(\d{{2,3}}(?:\.\d)?)(?![\d.])|([{_CN_NUM}]{{2,6}})(?![{_CN_NUM}]))")
_WEIGHT_NAMED_AFTER = re.compile(rf"(?:(?<![\d.])(\d{{2,3}})|(?<![{_CN_NUM}])([{_CN_NUM}]{{2,6}}))\s*斤?\s*的?\s*体重")  # 一百二的体重
# after a height, a bare figure with no unit is the weight in 斤 (一米六八 一百二), unless a unit says otherwise
_WEIGHT_BARE = re.compile(rf"(?:(?<![\d.])(\d{{2,3}})(?![\d.])|(?<![{_CN_NUM}])([{_CN_NUM}]{{2,5}})(?![{_CN_NUM}]))"
                          rf"(?!\s*(?:[{_UNITS}块元钱码号岁年天月斤多]|kg|公斤|千克|cm|厘米|米))")
# a figure in cm of another measure than the height (头围58cm, 脚长26cm, 腰围70cm): size advice reads it elsewhere
_OTHER_MEASURE = re.compile(r"(?:[头腰胸臀腿臂颈]围|脚长|脚宽|肩宽|脚|头)\s*(?:[:：是有]|大概|差不多|约)?\s*$")
# 170包邮 is a price; 35一盒 is a unit's price, not one piece (拿两盒 counts them)
_QUANTITY = re.compile(rf"((?<!\d)\d{{1,6}}|(?<![{_CN_NUM}\d])[{_CN_NUM}]{{1,12}})\s*[{_UNITS}](?!邮)")
# ...and its figure is that price (45一个的杯子, 29一盒的袜子)
_PRICE_EACH = re.compile(rf"(?<![\d.])(\d{{1,5}}(?:\.\d{{1,2}})?)(?=一[{_UNITS}])")
# 买两块, 要三块: pieces counted after a purchase word; a bare 两块 is money (便宜两块, 两块钱)
_PIECES = re.compile(rf"(?<=[买要拍来])(\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*块(?!钱)")
# Every slot but the courier and the region is a figure (and the order card's labels go whatever follows them)
_FIGURE = re.compile(rf"[\d{_CN_NUM}]")


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
    found += [float(m.group(1)) for m in _PRICE_NAMED.finditer(text)]
    found += [float(m.group(1)) for m in _PRICE_PAID.finditer(text)]
    found += [float(m.group(1)) for m in _PRICE_EACH.finditer(text)]
    found += [n for n in (_cn_to_number(m.group(1)) for m in _PRICE_NAMED_CN.finditer(text)) if n is not None]
    if not found:
        bare = _BARE_PRICE.match(text) or _BARE_NUMERAL.match(text)
        if bare and any(w in text for w in _OFFER_WORDS):
            found += _figure(bare.group(1))
        elif offered := next(filter(None, map(_OFFERED.match, clauses(text))), None):
            found += _figure(offered.group(1))
        elif any(w in text for w in _OFFER_AROUND) and (figure := next(filter(None, map(_BARE_FIGURE.match, clauses(text))), None)):
            found += _figure(figure.group(1))
    return tuple(found)


def _figure(value: str) -> list[float]:
    """A bare figure in digits or numerals (335, 三百三十五); none when the numerals make no number."""
    number = float(value) if value[0].isdigit() else _cn_to_number(value)
    return [number] if number is not None else []


def _quantity(text: str) -> int | None:
    m = _QUANTITY.search(text) or _PIECES.search(text)
    if not m:
        return None
    raw = m.group(1)
    value = int(raw) if raw.isdigit() else _cn_to_number(raw)
    return int(value) if value is not None else None


def _jin(value: float, unit: str | None) -> float:
    """Weights in 斤; a bare figure under 75 is read as kg (nobody old enough to ask weighs 70斤 or less)."""
    if unit in ("kg", "公斤", "千克") or (unit is None and value < 75):
        return value * 2
    return value


def _digits(numeral: str) -> str:
    return "".join(str(_CN_DIGIT.index(c)) if c in _CN_DIGIT else "0" if c == "〇" else c for c in numeral)


def _height(text: str) -> tuple[float | None, str]:
    """The height in cm and the text without it."""
    if m := _HEIGHT_CN.search(text):
        tail = _digits(m.group(1))
        return float(100 + int(tail.ljust(2, "0"))), text[: m.start()] + " " + text[m.end():]
    if m := _HEIGHT_DECIMAL.search(text):
        return float(100 + int(m.group(1).ljust(2, "0"))), text[: m.start()] + " " + text[m.end():]
    if m := _HEIGHT_CM.search(text) or _HEIGHT_BEFORE_WEIGHT.search(text):
        value = float(m.group(1)) if m.group(1) else _cn_to_number(m.group(2))
        if value and CHILD_HEIGHT <= value <= 220 and not _OTHER_MEASURE.search(text[: m.start()]):
            return value, text[: m.start()] + " " + text[m.end():]
    if m := _HEIGHT_NAMED_AFTER.search(text) or _HEIGHT_SAID.search(text):  # 身高 stays: it tells the matcher what is asked
        figure = next(n for n in range(1, len(m.groups()) + 1) if m.group(n))
        raw = m.group(figure)
        value = float(raw) if raw.isdigit() else float(_digits(raw)) if figure == 3 else _cn_to_number(raw)
        if value and CHILD_HEIGHT <= value <= 220:
            return value, text[: m.start(figure)] + " " + text[m.end(figure):]
    if m := _HEIGHT_CHI.search(text):  # 5尺2: 5.2 of a third of a metre
        whole, tenth = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), "0")
        chi = float(_digits(whole)) + float(_digits(tenth)) / 10
        return float(round(chi * 100 / 3)), text[: m.start()] + " " + text[m.end():]
    return None, text


def _weight(text: str) -> tuple[float | None, str]:
    """The weight in 斤 and the text without it."""
    if m := _WEIGHT.search(text):
        value = float(m.group(1)) if m.group(1) else _cn_to_number(m.group(2))
        if value and m.group(3) == "多":  # 九十多斤 is about 95; 一百多斤 says too little to choose a size by
            value = value + 5 if value % 10 == 0 and value % 100 else None
        if value and CHILD_WEIGHT <= _jin(value, m.group(4)) <= 400:
            return _jin(value, m.group(4)), text[: m.start()] + " " + text[m.end():]
    if m := _WEIGHT_NAMED_AFTER.search(text) or _WEIGHT_SAID.search(text):
        value = float(m.group(1)) if m.group(1) else _cn_to_number(m.group(2))
        if value:
            figure = 1 if m.group(1) else 2
            return _jin(value, None), text[: m.start(figure)] + " " + text[m.end(figure):]
    return None, text


def _bare_weight(text: str) -> tuple[float | None, str]:
    """A weight in 斤 given with no unit after a height (一米六八 一百二, 1米7 130): 80 to 250 of them."""
    for m in _WEIGHT_BARE.finditer(text):
        value = float(m.group(1)) if m.group(1) else _cn_to_number(m.group(2))
        if value and 80 <= value <= 250:
            return value, text[: m.start()] + " " + text[m.end():]
    return None, text


def body(text: str) -> tuple[float | None, float | None, str]:
    """(height cm, weight 斤, the text without them): 165/110斤, 一米六五 一百一十斤, 身高165 体重55kg."""
    if m := _PAIR.search(text):
        weight = _jin(float(m.group(2)), m.group(3))
        if 40 <= weight <= 400:
            return float(m.group(1)), weight, text[: m.start()] + " " + text[m.end():]
    height, text = _height(text)
    weight, text = _weight(text)
    if height is not None and weight is None:
        weight, text = _bare_weight(text)
    if weight is not None and height is None and (m := _HEIGHT_AFTER_WEIGHT.search(text)):
        height, text = float(m.group(1)), text[: m.start()] + " " + text[m.end():]
    return height, weight, text


def _named(rest: str) -> tuple[str | None, str | None]:
    """The courier and the region a message names, the first of each list that it names."""
    return (next((c for c, p in _COURIER_PATTERNS if p.search(rest)), None) if _COURIER_NAMED.search(rest) else None,
            next((r for r in REGIONS if r in rest), None) if _REGION_NAMED.search(rest) else None)


def extract(text: str) -> Extraction:
    """Slots of a normalised message; the returned text has phone and order numbers removed."""
    if not _FIGURE.search(text):  # no digit and no numeral (most messages): no figure to read
        rest = _ORDER_CARD.sub(" ", text)
        courier, region = _named(rest)
        return Extraction(slots=Slots(courier=courier, region=region), rest=_SPACES.sub(" ", rest).strip())
    phone_match = _PHONE.search(text)
    phone = phone_match.group(0) if phone_match else None
    rest = _PHONE.sub(" ", text)
    order = _ORDER_LABELLED.search(rest) or _ORDER_BARE.search(rest)
    order_id = order.group(1).upper() if order else None
    if order:
        rest = rest[: order.start(1)] + " " + rest[order.end(1):]
    rest = _ORDER_CARD.sub(" ", rest)
    height, weight, rest = body(rest)  # before amounts and quantities: 一米 is no money, 110斤 no count
    courier, region = _named(rest)
    slots = Slots(
        order_id=order_id,
        amounts=_amounts(rest),
        quantity=_quantity(rest),
        courier=courier,
        phone=phone,
        region=region,
        height_cm=height,
        weight_jin=weight,
    )
    return Extraction(slots=slots, rest=_SPACES.sub(" ", rest).strip())
