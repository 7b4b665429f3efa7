"""Size tables a shop writes in words rather than as a height and weight chart: shoes by foot length (码数对照:
39码=脚长245mm 40码=250mm), a helmet by head circumference (头围: M码54-58cm L码58-62cm), a bra by the
under-bust (size_note: 按下胸围选：S码63-70cm，M码70-77cm). The catalogue's `size_chart` holds heights, weights,
foot lengths and head sizes (`sizing`); a file written before it took the last two, or a trade that sizes by another
measure, writes its table in an attribute or the size note, and a buyer who gives that measure (脚长26.5, 头围57)
is answered from it when the chart does not go by it.

A table is read from the shop's own text, its measure named where the shop names it (the word before the
figures, or the attribute's name); nothing here knows one trade's words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import measuring, sizing
from .model import MEASURES, Product

_SIZE = r"(?P<size>\d{2,3}(?:\.5)?|[2-6]?x{0,3}[sml]|[2-6]?xl)\s*[码号]"
_FIGURE = r"(?P<low>\d+(?:\.\d+)?)\s*(?:[-~～到至]\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<unit>mm|cm|毫米|厘米|公分)"
# 39码=脚长245mm, M码54-58cm; and the other way round, 脚长23.5cm穿37码
_SIZE_FIRST = re.compile(_SIZE + r"\s*[=＝:：]?\s*(?P<label>[\u4e00-\u9fff]{0,4}?)\s*" + _FIGURE, re.IGNORECASE)
_FIGURE_FIRST = re.compile(r"(?P<label>[\u4e00-\u9fff]{0,4}?)\s*" + _FIGURE + r"\s*(?:穿|=|＝|对应|选|拍)\s*" + _SIZE, re.IGNORECASE)
# what a measure of the body is called: a word ending in 长, 围 or 宽 (脚长, 头围, 下胸围, 腰围, 脚宽)
_MEASURE = re.compile(r"[\u4e00-\u9fff]{1,2}[长围宽]")
_MM = frozenset({"mm", "毫米"})


@dataclass(frozen=True)
class Row:
    size: str
    low: float
    high: float | None  # None: one figure per size (39码=245mm), not a range


@dataclass(frozen=True)
class SizeTable:
    source: str  # the attribute's name, or 尺码说明 for the size note: what the answer cites
    measure: str  # 脚长, 头围, 下胸围
    unit: str  # mm or cm
    rows: tuple[Row, ...]
    key: str | None = None  # the chart measure it goes by (`model.MEASURES`: finger, wrist, hand, age), read as the chart's

    @property
    def own(self) -> bool:
        """Whether the table goes by what the goods are chosen for rather than the body (度数, a room's ㎡)."""
        return self.key in _GIVEN

    def pick(self, value: float) -> tuple[str, str | None, str | None] | None:
        """(size, the next size when the value sits between two, "below"/"above" when off the table)."""
        if all(r.high is not None for r in self.rows):
            holding = [r.size for r in self.rows if r.low <= value <= r.high]  # type: ignore[operator]
            if holding:
                return holding[0], holding[1] if len(holding) > 1 else None, None
        else:
            exact = [r.size for r in self.rows if r.low == value]
            if exact:
                return exact[0], None, None
            points = sorted(self.rows, key=lambda r: r.low)
            for lower, upper in zip(points, points[1:]):
                if lower.low < value < upper.low:
                    return lower.size, upper.size, None
        ordered = sorted(self.rows, key=lambda r: r.low)
        if value < ordered[0].low:
            return ordered[0].size, None, "below"
        if value > (ordered[-1].high or ordered[-1].low):
            return ordered[-1].size, None, "above"
        return None


def _unit(raw: str) -> str:
    return "mm" if raw.lower() in _MM else "cm"


def _table(source: str, name: str, text: str) -> SizeTable | None:
    """The table a text writes, when it writes two rows or more in one unit."""
    for pattern in (_SIZE_FIRST, _FIGURE_FIRST):
        found = list(pattern.finditer(text))
        if len(found) < 2 or len({_unit(m.group("unit")) for m in found}) > 1:
            continue
        labels = [m.group("label") for m in found if m.group("label") and _MEASURE.search(m.group("label"))]
        named = (_MEASURE.findall(labels[0]) if labels else []) or _MEASURE.findall(name) or _MEASURE.findall(text[:found[0].start()])
        if not named:
            continue
        rows = tuple(Row(m.group("size").upper(), float(m.group("low")), float(m.group("high")) if m.group("high") else None)
                     for m in found)
        return SizeTable(source, named[-1], _unit(found[0].group("unit")), rows)
    return None


# a range or figure with its unit in a table keyed by the item's own sizes: 17-18cm, 51mm, 0-6个月, 6个月-6岁, 9个月以上;
# and what the goods are chosen by besides the body: a lens by the eye's 度数 (300-600度), a lamp by the room (12-18㎡)
_SPAN = re.compile(r"(?P<low>\d+(?:\.\d+)?)\s*(?P<lowunit>个月|岁)?\s*(?:[-~～到至]\s*(?P<high>\d+(?:\.\d+)?))?\s*"
                   r"(?P<unit>mm|cm|毫米|厘米|公分|个月|月龄|岁|度(?!数)|㎡|平方米|平米|平方|平(?![方米时板底]))(?P<open>以上|及以上|以下|以内)?",
                   re.IGNORECASE)
_PART = re.compile(r"[^；;，,。\n]+")
_AGES = frozenset({"个月", "月龄", "岁"})
# the units of what is not the body, the table's measure as the answer names it, and a figure of it a buyer gives
# (近视四百五十度, 我750度, 卧室大概15平, 20个平方): not 180度 of a hinge, no eye's 度数, which go by 25
_OWN_UNITS = {"度": ("degree", "度数"), "㎡": ("area", "面积")}
_AREA = ("㎡", "平方米", "平米", "平方", "平")
_GIVEN = {"degree": re.compile(r"(?P<figure>\d{2,4}|[一二两三四五六七八九十百千零]{2,6})\s*度(?![数角])"),
          "area": re.compile(r"(?P<figure>\d{1,3}(?:\.\d)?|[一二两三四五六七八九十百零]{1,4})\s*(?:多|来)?个?\s*"
                             r"(?:㎡|平方米|平米|平方|平(?![方米时板底]))")}
# what a length table measures, by a word of its name or text: 手指周长 (a ring's 圈号), 手腕 (a bracelet's length), 手掌
# (a bangle's 圈口); a table in months or years goes by age
_KEYED = (("finger", re.compile(r"手指|指围|圈号")), ("wrist", re.compile(r"手腕|腕围")),
          ("hand", re.compile(r"手掌|掌围|圈口")))
_SHOWN = {"finger": "指围", "wrist": "手腕", "hand": "手掌围", "age": "宝宝"}


def _months(figure: float, unit: str | None) -> float:
    return figure * 12 if unit == "岁" else figure


def _named_values(product: Product) -> list[str]:
    """The item's sizes and option values (10号, 54圈口, 1段, SS号), longest first: what a table keyed by them names."""
    values = {*product.option_values("size"), *(x for key in product.options for x in product.option_values(key))}
    return sorted(values, key=len, reverse=True)


def _value_at(value: str, part: str) -> re.Match[str] | None:
    """Where a part of a table says one of the item's values: as written, or its leading figure alone (选54 for 54圈口)."""
    before = "(?<![a-z0-9.])" if re.match(r"[a-z0-9]", value, re.IGNORECASE) else ""
    after = "(?![a-z0-9])" if re.search(r"[a-z0-9]$", value, re.IGNORECASE) else ""
    if m := re.search(f"{before}{re.escape(value)}{after}", part, re.IGNORECASE):
        return m
    lead = re.match(r"\d+(?:\.\d+)?(?=[\u4e00-\u9fff])", value)
    return re.search(rf"(?<![\d.\-~～到至]){lead.group(0)}(?![\d.\-~～到至]|\s*(?:mm|cm|毫米|厘米|公分|个月|岁|克|g))", part,
                     re.IGNORECASE) if lead else None


def _keyed_table(product: Product, source: str, text: str) -> SizeTable | None:
    """A table whose rows each name one of the item's own sizes or option values and the range it suits, in a unit of
    length or age (圈号对照: 手指周长50mm戴10号；51mm戴11号, 适用月龄: SS号0-1个月；S号1-3个月, 长度: 16cm适合手腕14-15cm):
    the trade's own sizes, whatever they are called."""
    values = _named_values(product)
    rows, kinds = [], set()
    for part in _PART.findall(text):
        said = [(v, m) for v in values if (m := _value_at(v, part))]
        said = [(v, m) for v, m in said if not any(m.start() >= o.start() and m.end() <= o.end() and len(w) > len(v)
                                                     for w, o in said)]  # S号 inside SS号
        if len(said) != 1:
            continue
        value, at = said[0]
        spans = [m for m in _SPAN.finditer(part) if m.end() <= at.start() or m.start() >= at.end()]
        if not spans:
            continue
        m = spans[0]
        unit = m.group("unit").lower()
        unit = "㎡" if unit in _AREA else unit
        age = unit in _AGES
        low = _months(float(m.group("low")), m.group("lowunit") or unit) if age else float(m.group("low"))
        high = (_months(float(m.group("high")), unit) if age else float(m.group("high"))) if m.group("high") else None
        if m.group("open") in ("以上", "及以上"):
            high = float("inf")
        elif m.group("open"):
            low, high = 0.0, low
        kinds.add("age" if age else unit if unit in _OWN_UNITS else _unit(unit))
        rows.append(Row(value, low, high))
    if len(rows) < 2 or len(kinds) != 1 or len({r.size for r in rows}) != len(rows):
        return None
    kind = kinds.pop()
    if kind == "age":
        return SizeTable(source, "月龄", "个月", tuple(rows), "age")
    if kind in _OWN_UNITS:
        key, measure = _OWN_UNITS[kind]
        return SizeTable(source, measure, kind, tuple(rows), key)
    key = next((k for k, words in _KEYED if words.search(source) or words.search(text)), None)
    return SizeTable(source, _SHOWN.get(key or "", source), kind, tuple(rows), key) if key else None


# ...where the question asks which size (选哪个, 买多大, 用几的), not whether the goods do (客厅20平够亮吗, 30平能用吗),
# which a FAQ entry or the 适用面积 answers
_WHICH = re.compile(r"几|多大|哪|什么|啥|选|还是|尺寸|规格")


def _given(key: str, text: str) -> float | None:
    """The figure a buyer gives in a table's own unit where a size is asked (近视四百五十度选哪个 -> 450, 卧室15平买多大
    -> 15), or None; a 度数 is a step of 25."""
    if not _WHICH.search(text) or not (m := _GIVEN[key].search(text)) or (value := measuring.figure(m.group("figure"))) is None:
        return None
    return value if key != "degree" or (0 < value <= 2000 and value % 25 == 0) else None


@lru_cache(maxsize=512)
def tables(product: Product) -> tuple[SizeTable, ...]:
    """The size tables an item's attributes and size note write (products are compared by identity, so a
    reloaded catalogue reads its own): keyed by the item's own sizes first, else by sizes as clothes and shoes write them."""
    sources = [*product.attributes.items(), ("尺码说明", product.size_note)]
    return tuple(t for name, text in sources if text and (t := _keyed_table(product, name, text) or _table(name, name, text)))


def given(product: Product, text: str, named: measuring.Named = measuring.as_written) -> tuple[SizeTable, float, str] | None:
    """(the table, the buyer's measure in its unit, how the buyer's measure is shown) when the text gives the
    measure one of the item's tables is by (脚长二十六点五 -> 265 in a table of mm; `named`: the shops' name of a
    buyer's word for a measure, 底围 -> 下胸围)."""
    body, age = sizing.body(text), sizing.age(text)
    for table in tables(product):
        value = age if table.key == "age" else _given(table.key, text) if table.key in _GIVEN else body.get(table.key) if table.key else None
        if value is None or product.option_values("size") and any(f"{value:g}{table.unit}" == v.lower() for v in product.option_values("size")):
            continue  # 手链16cm的有吗: the item's own size, no measure of the buyer's
        if table.own and ((picked := table.pick(value)) is None or picked[2] is not None):
            continue  # 卧室灯二十平能用吗 of a lamp for 8-18㎡: no size of it fits, which its 适用面积 says
        if table.key in MEASURES and table.key != "age" and MEASURES[table.key] != table.unit:
            value = value * 10 if table.unit == "mm" else value / 10
        shown = (("新生宝宝" if value == 0 else f"宝宝{value:g}个月") if table.key == "age"
                 else f"{value:g}{table.unit}" if table.key in _GIVEN else f"{table.measure}{value:g}{table.unit}")
        return table, value, shown
    for measure in measuring.said(text):
        said, value = named(measure.name), measure.figure
        for table in tables(product):
            if table.key:
                continue
            if not (table.measure.endswith(said[-2:]) or said.endswith(table.measure[-2:])):
                continue
            unit = _unit(measure.unit) if measure.unit else (
                "cm" if table.unit == "mm" and value < 100 else "mm" if table.unit == "cm" and value >= 100 else table.unit)
            value = value * 10 if (unit, table.unit) == ("cm", "mm") else value / 10 if (unit, table.unit) == ("mm", "cm") else value
            shown = f"{value:g}{table.unit}"
            return table, value, f"{table.measure}{shown}"
    return None
