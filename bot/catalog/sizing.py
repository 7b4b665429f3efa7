"""Size advice: the buyer's measures, read from the slots (height, weight) and from the question (脚长, 头围, 胸围, the
size they usually wear), against a chart that goes by any of them. Clothes go by height and weight or by 胸围, 腰围
and 背长, shoes by foot length, helmets and hats by head circumference; the chart's rows say which, and the advice
weighs only those."""
from __future__ import annotations

import re

from bot.domain import Slots

from . import measuring
from .measuring import Named
from .model import MEASURES, PLAUSIBLE, Measures, SizeRow, in_unit

# 平时穿42的, 平常都是L码, 一般穿四十二码: the size worn elsewhere
_USUAL = re.compile(r"(?:平时|平常|一般|日常|平日|之前|以前|正常)\s*(?:都|就)?\s*(?:是|穿|买|拍|选|戴)?(?:的是)?\s*"
                    r"([2-6]?x{0,3}[sml]|\d{2,3}(?:\.5)?|[三四五][十]?[一二三四五六七八九]?(?:点五)?)\s*(?:码|号|的|$|\s|，|,)",
                    re.IGNORECASE)


def _measure(measure: str, name: str, text: str, named: Named) -> float | None:
    """The first figure given for a measure so named, in the chart's unit, when it is one such a measure can be."""
    least, most = PLAUSIBLE[measure]
    for given in measuring.said(text):
        if named(given.name).endswith(name) and least <= (value := in_unit(measure, given.figure, given.unit)) <= most:
            return value
    return None


def foot_length(text: str, named: Named = measuring.as_written) -> float | None:
    """脚长 in mm: 26.5 with no unit is in cm, as buyers write it."""
    return _measure("foot", "脚长", text, named)


def head_size(text: str, named: Named = measuring.as_written) -> float | None:
    """头围 in cm (560mm is 56cm)."""
    return _measure("head", "头围", text, named)


# a weight under what the slots take for a person's (猫九斤, 狗八斤, 两公斤半, 四斤多, 3.5kg): a pet's, when the chart
# goes by a pet's weight; 多 and 半 add half a unit, 装 makes it a bag's (5斤装)
_LIGHT = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d)?|[一二两三四五六七八九十]{1,3}(?:点[一二三四五六七八九])?)\s*(多)?\s*"
                    r"(斤|公斤|kg|千克)\s*(半|多)?(?!\s*(?:装|的?(?:袋|包|罐|盒|桶)))", re.IGNORECASE)
_KG = ("公斤", "kg", "千克")


def light_weight(text: str, values: tuple[str, ...] = ()) -> float | None:
    """The first weight in 斤 a text gives in a pet's figures (two jin to a kilogram), none of the item's own
    values (`values`: a bag of 2.5kg is no cat's weight)."""
    written = {re.sub(r"公斤|千克", "kg", v.lower()) for v in values}
    for m in _LIGHT.finditer(text):
        value = measuring.figure(m.group(1))
        if value is None or any(f"{value:g}{'kg' if m.group(3).lower() in _KG else '斤'}" in v for v in written):
            continue
        value += 0.5 if m.group(2) or m.group(4) else 0.0
        return value * 2 if m.group(3).lower() in _KG else value
    return None


def usual_size(text: str, sizes: set[str]) -> str | None:
    """The size a buyer usually wears (平时穿42的, 一般L码), when it is one of the item's sizes."""
    worn = list(_USUAL.finditer(text))  # most questions say none: then the sizes are not looked at
    by_lower = {s.lower(): s for s in sizes} if worn else {}
    for m in worn:
        said = m.group(1).lower()
        if not said[0].isascii():
            figure = measuring.figure(said)
            said = f"{figure:g}" if figure else said
        if said in by_lower:
            return by_lower[said]
    return None


def body(text: str) -> dict[str, float]:
    """The hand's and body's measures a text gives, each in its chart's unit when it is one such a measure can be
    (手指一圈53毫米 -> finger 53, 手腕十六厘米半 -> wrist 16.5, 指围5.2cm -> finger 52, 腰围2尺2 -> waist 73.3)."""
    out = {}
    for measure, (value, unit) in measuring.body_measures(text).items():
        least, most = PLAUSIBLE[measure]
        if least <= (value := in_unit(measure, value, unit)) <= most:
            out[measure] = value
    return out


# a child's age gives size advice only where the question asks which or whether (宝宝5个月用几号, 两岁喝几段, 六岁读几级, 新生儿能用吗,
# 哪段合适, 还能吃三段吗), not beside another question (宝宝5个月 奶粉有货吗)
_AGE_ASKS = re.compile(r"几[段号码阶级度]|多少度|哪[个款种一段号码阶级]|什么[段号码阶级]|多大|选|还是|(?:能|可以?)(?:直接)?[用喝吃]|[用喝吃][哪几什啥]|能不能|适合|合适|"
                       r"多少[片粒块颗张]|[要拿买拍拼玩]多少")  # 九岁了 拼图要多少片的: which of a puzzle's sizes by age


# the height of the goods or of what they hold, said where a size is asked (陶瓷盆 植株高30cm 选哪个, 株高十五厘米, 连盆高
# 五十八, 绿植40厘米高, 我的植物大概25cm): a plant's for its pot, a chart's `height` of no person; 身高 is the slots' (bot.slots),
# a person's; a figure in cm of the goods' own width (口径20cm, 25cm的盆) is none
_FIGURE = r"(?P<{}>\d{{1,3}}(?:\.\d)?|[一二两三四五六七八九十百]{{1,4}})"
_GOODS_HEIGHT = re.compile(r"(?:株高?|(?<!身)高度?)\s*(?:是|有|大概|大约|约|差不多|在)?\s*" + _FIGURE.format("figure")
                           + r"\s*(?P<unit>cm|厘米|公分|mm|毫米|米)?"
                           + r"|(?<![径\d.])" + _FIGURE.format("figure2") + r"\s*(?P<unit2>cm|厘米|公分)(?!\s*的?(?:盆|口径|直径))", re.IGNORECASE)
# ...where it asks which size: as an age does, or by a count of the chart's unit (用几加仑的, 选几号)
_HEIGHT_ASKS = re.compile(r"[用买拿配要选]几|几[\u4e00-\u9fff]{1,2}的?(?:合适|好)?$")


def goods_height(text: str) -> float | None:
    """The height in cm of what a question sizes goods for (植株高五十公分 -> 50, 植株高一米 -> 100), when it asks which
    size: a figure after 高 or 株, in cm unless its unit says otherwise, or one written in cm."""
    if not (_AGE_ASKS.search(text) or _HEIGHT_ASKS.search(text)) or not (m := _GOODS_HEIGHT.search(text)):
        return None
    raw, unit = (m.group("figure"), m.group("unit")) if m.group("figure") else (m.group("figure2"), m.group("unit2"))
    if (value := measuring.figure(raw)) is None:
        return None
    unit = (unit or "").lower()
    value = value * 100 if unit == "米" or (not unit and value < 3) else value / 10 if unit in ("mm", "毫米") else value
    return value if 1 <= value <= 300 else None


# a bare figure said of the one who plays, wears or sits (我155, 女生158, 孩子125, 我才145, or a message's first word: 182 弹几寸),
# with no unit after it: a height when the chart goes by height alone (`reading._tall`); by height and weight it may be
# either (我110 穿什么码), and the slots read only a figure whose unit or word says which
_PERSON = r"我|本人|自己|女生|男生|女孩|男孩|孩子|小孩|娃|儿子|女儿|闺女|宝宝|宝贝|老公|老婆|弟弟|妹妹|学生|他|她"
_BARE_HEIGHT = re.compile(rf"(?:(?:{_PERSON})(?:家的?|的)?(?:才|只有|有|是|大概|差不多|快)?\s*|^)(?P<figure>[89]\d|1\d\d|2[01]\d)"
                          r"(?![\d.]|\s*(?:[斤码号岁元块寸个件套把台年月天度平米]|kg|公斤|cm|厘米|公分|w|ml|mm))", re.IGNORECASE)


def person_height(text: str) -> float | None:
    """The height in cm of a bare figure said of a person where the question asks which size (我155 尤克里里选几寸)."""
    if not (_AGE_ASKS.search(text) or _HEIGHT_ASKS.search(text) or _SIZE_ASKED.search(text)):
        return None
    m = _BARE_HEIGHT.search(text)
    return float(m.group("figure")) if m else None


_SIZE_ASKED = re.compile(r"几寸|多大|尺寸|哪个|什么[码号]|几[码号]")


def age(text: str, most: float = measuring.CHILD_YEARS) -> float | None:
    """A child's age in months (5个月, 两岁, 一岁半; 新生儿 0), or anyone's up to `most` years, when the question asks
    which size or whether it suits."""
    return measuring.age_in_months(text, most) if _AGE_ASKS.search(text) else None


def measures(slots: Slots, text: str, sizes: set[str], named: Named = measuring.as_written) -> Measures:
    """Everything a question gives for size advice: the slots' height and weight, the foot length, the head
    circumference, the finger, wrist and hand circumferences, the chest, waist and back, a child's age and the size
    usually worn that the text says (`named`: the shops' name of a buyer's word for a measure, 脚掌长 -> 脚长)."""
    return Measures(height=slots.height_cm or goods_height(text), weight=slots.weight_jin, foot=foot_length(text, named), head=head_size(text, named),
                    **body(text), age=age(text), usual=usual_size(text, sizes))


def used(chart: tuple[SizeRow, ...], given: Measures) -> list[str]:
    """The measures both the chart goes by and the buyer gave."""
    return [m for m in MEASURES if given.of(m) is not None and any(r.span(m) for r in chart)]


def off_chart(chart: tuple[SizeRow, ...], given: Measures) -> bool:
    """Whether a question gives measures of the body, none of which the chart goes by, and no size usually worn
    (腰围2尺4 of jeans charted by height and weight, 两百斤 of shoes charted by foot length): no size advice the chart
    can give, so the shop's own words (a FAQ entry on 几尺的腰穿什么码, on 200斤能穿不) answer it."""
    return any(given.of(m) is not None for m in MEASURES) and given.usual is None and not used(chart, given)


def complete(chart: tuple[SizeRow, ...], given: Measures) -> bool:
    """Whether the buyer gave every measure the chart goes by (一米一 alone may fit two rows by weight)."""
    return all(given.of(m) is not None for m in MEASURES if any(r.span(m) for r in chart))


def advise_size(chart: tuple[SizeRow, ...], given: Measures) -> tuple[str, str | None] | None:
    """(size, the next size when the buyer sits between two) from a chart; None when off the chart.
    The first row that fits every measure wins; a buyer whose height says one size and weight the next is between
    them, and so is a foot between two rows of a shoe chart (262mm between 42 = 260 and 43 = 265)."""
    measured = used(chart, given)
    if not measured:
        return None
    fitting = [r for r in chart if r.fits(given)]
    if fitting:
        nxt = fitting[1].size if len(fitting) > 1 else None  # 58斤 fits 130 (48-62) and 140 (58-76): say both
        return fitting[0].size, nxt
    firsts = [next((r.size for r in chart if r.span(m) and r.holds(m, given.of(m))), None) for m in measured]
    if all(firsts):
        order = [r.size for r in chart]
        low, high = min(firsts, key=order.index), max(firsts, key=order.index)
        return low, high if high != low else None
    return _gap(chart, measured[0], given.of(measured[0])) if len(measured) == 1 else None


def _gap(chart: tuple[SizeRow, ...], measure: str, value: float) -> tuple[str, str] | None:
    """(the row just under, the row just over) for a measure that falls between two rows."""
    rows = [r for r in chart if r.span(measure)]
    under = [r for r in rows if r.span(measure)[1] < value]
    over = [r for r in rows if r.span(measure)[0] > value]
    if not under or not over:
        return None
    return max(under, key=lambda r: r.span(measure)[1]).size, min(over, key=lambda r: r.span(measure)[0]).size


def beyond_chart(chart: tuple[SizeRow, ...], given: Measures) -> tuple[str, str] | None:
    """(the chart's smallest size, "below") for a buyer under its first row in some measure and over it in none
    (158cm 85斤 against M from 90斤), or (its largest, "above") the same way past its last row: the nearest size,
    which an agent confirms, since the chart does not say how it fits."""
    if not chart or not used(chart, given):
        return None
    for row, edge, side in ((chart[0], "below", 0), (chart[-1], "above", 1)):
        spans = [(v, span) for m in MEASURES if (v := given.of(m)) is not None and (span := row.span(m))]
        inside = all(span[0] <= v if side else v <= span[1] for v, span in spans)
        past = any(v > span[1] if side else v < span[0] for v, span in spans)
        if spans and inside and past:
            return row.size, edge
    return None


# what a size note says of the whole range: 尺码偏小半码 (one size up on the size usually worn), 版型偏大 (one down),
# 尺码标准 / 按平时的码数拍 (the same); not 脚宽的拍大一码, which is for some feet only
_RUNS_SMALL = re.compile(r"(?<![不别])偏小")
_RUNS_LARGE = re.compile(r"(?<![不别])偏大")
_RUNS_TRUE = re.compile(r"标准|正码|正常|按平时|不偏大不偏小|不偏小不偏大")


def runs(note: str) -> str | None:
    """How a size note says the item runs: "small" (偏小), "large" (偏大), "true" (尺码标准), or None when it says none."""
    small, large = bool(_RUNS_SMALL.search(note)), bool(_RUNS_LARGE.search(note))
    if small != large:
        return "small" if small else "large"
    return "true" if _RUNS_TRUE.search(note) else None


def by_note(note: str, sizes: list[str], usual: str) -> str | None:
    """The size to choose for a buyer who usually wears `usual`, as the size note says the item runs (`sizes` in
    the shop's order, smallest first); None when the note says neither, or the next size is not sold."""
    fit = runs(note)
    if usual not in sizes or fit is None:
        return None
    at = sizes.index(usual) + {"small": 1, "large": -1, "true": 0}[fit]
    return sizes[at] if 0 <= at < len(sizes) else None


def usual_row(chart: tuple[SizeRow, ...], size: str) -> SizeRow | None:
    """The chart's row of the size a buyer usually wears, for what it says of the fit (42码 = 脚长260mm)."""
    return next((r for r in chart if r.size == size), None)
