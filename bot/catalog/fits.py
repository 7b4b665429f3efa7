"""Whether an item fits by figures: a buyer's 27寸 and 六公斤 against the ranges its attributes give (适用尺寸: 17-32英寸,
承重: 2-9kg), in the same kind of unit whatever the shop and the buyer write it in (斤 and kg, 厘米 and mm). What an
attribute gives as a most (最高支持100W, 85mm以内) is a range from nothing; a single figure with no such word (功率:
65W) says what the item is, not what it takes, and is left to the other readings."""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from .ages import month_spans
from .measuring import age_said
from .model import Product

# a unit as written -> (its kind, the factor to that kind's unit): what a figure and a range must share to be compared
UNITS = {"英寸": ("寸", 1.0), "寸": ("寸", 1.0), "吋": ("寸", 1.0), "inch": ("寸", 1.0),
         "kg": ("kg", 1.0), "公斤": ("kg", 1.0), "千克": ("kg", 1.0), "斤": ("kg", 0.5),
         "w": ("W", 1.0), "瓦": ("W", 1.0),
         "mm": ("mm", 1.0), "毫米": ("mm", 1.0), "cm": ("mm", 10.0), "厘米": ("mm", 10.0), "公分": ("mm", 10.0),
         "mah": ("mAh", 1.0), "毫安": ("mAh", 1.0),
         "㎡": ("㎡", 1.0), "m²": ("㎡", 1.0), "平方米": ("㎡", 1.0), "平米": ("㎡", 1.0), "平方": ("㎡", 1.0), "平": ("㎡", 1.0)}
_UNIT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_FIGURE = r"\d+(?:\.\d+)?"
# a unit not followed by a letter, nor 平 by what makes it no area (平底锅, 平板, 平时)
_SAID = re.compile(rf"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百点]+)\s*({_UNIT})(?![a-z])(?!(?<=平)[底板时常铺躺角])")
_RANGE = re.compile(rf"({_FIGURE})\s*(?:{_UNIT})?\s*(?:-|~|～|到|至)\s*({_FIGURE})\s*({_UNIT})(?![a-z])", re.IGNORECASE)
_MOST = re.compile(rf"(?:最高|最大|最多|不超过)(?:支持|承重|可达)?\s*({_FIGURE})\s*({_UNIT})(?![a-z])|"
                   rf"({_FIGURE})\s*({_UNIT})\s*(?:以内|以下|之内)", re.IGNORECASE)


@dataclass(frozen=True)
class Fit:
    """One figure the buyer gives against the attribute whose range holds that kind of unit."""

    said: str  # as the buyer wrote it: 二十七寸
    name: str  # the attribute: 适用尺寸
    value: str  # its value as the file writes it: 17-32英寸
    fits: bool


def _amount(figure: str, unit: str) -> tuple[str, float] | None:
    kind, factor = UNITS[unit.lower()]
    try:
        value = float(figure) if figure[0].isdigit() else float(cn2an.cn2an(figure, "smart"))
    except (ValueError, KeyError):
        return None
    return kind, value * factor


def _ranges(value: str) -> list[tuple[str, float, float]]:
    """(kind of unit, lowest, highest) of each range an attribute's value gives."""
    out = []
    for m in _RANGE.finditer(value):
        kind, factor = UNITS[m.group(3).lower()]
        out.append((kind, float(m.group(1)) * factor, float(m.group(2)) * factor))
    for m in _MOST.finditer(value):
        figure, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        kind, factor = UNITS[unit.lower()]
        out.append((kind, 0.0, float(figure) * factor))
    return out


def by_figures(product: Product, text: str) -> list[Fit]:
    """Each figure of the question that an attribute's range of the same kind of unit holds or not, and the child's
    age against the ages the item is for; empty when any figure has no such range (27寸 against an item that gives no
    screen size is not answered by its weight)."""
    ranges = [(name, value, r) for name, value in product.attributes.items() for r in _ranges(value)]
    fits = []
    for m in _SAID.finditer(text):
        amount = _amount(m.group(1), m.group(2))
        if amount is None:
            return []
        kind, figure = amount
        holding = [(name, value, low <= figure <= high) for name, value, (k, low, high) in ranges if k == kind]
        if not holding:
            return []
        name, value, fits_one = holding[0]
        fits.append(Fit(m.group(0), name, value, any(f for _, _, f in holding) if len(holding) > 1 else fits_one))
    if (age := age_said(text)) is not None and (spans := month_spans(product)):  # 一岁半能玩吗 against 18个月以上
        fits.append(Fit(age[0], spans[0][0], spans[0][1], any(low <= age[1] <= high for _, _, low, high in spans)))
    return fits
