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

from . import measuring
from .model import Product

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


@lru_cache(maxsize=512)
def tables(product: Product) -> tuple[SizeTable, ...]:
    """The size tables an item's attributes and size note write (products are compared by identity, so a
    reloaded catalogue reads its own)."""
    sources = [*product.attributes.items(), ("尺码说明", product.size_note)]
    return tuple(t for name, text in sources if text and (t := _table(name, name, text)))


def given(product: Product, text: str, named: measuring.Named = measuring.as_written) -> tuple[SizeTable, float, str] | None:
    """(the table, the buyer's measure in its unit, how the buyer's measure is shown) when the text gives the
    measure one of the item's tables is by (脚长二十六点五 -> 265 in a table of mm; `named`: the shops' name of a
    buyer's word for a measure, 底围 -> 下胸围)."""
    for measure in measuring.said(text):
        said, value = named(measure.name), measure.figure
        for table in tables(product):
            if not (table.measure.endswith(said[-2:]) or said.endswith(table.measure[-2:])):
                continue
            unit = _unit(measure.unit) if measure.unit else (
                "cm" if table.unit == "mm" and value < 100 else "mm" if table.unit == "cm" and value >= 100 else table.unit)
            value = value * 10 if (unit, table.unit) == ("cm", "mm") else value / 10 if (unit, table.unit) == ("mm", "cm") else value
            shown = f"{value:g}{table.unit}"
            return table, value, f"{table.measure}{shown}"
    return None
