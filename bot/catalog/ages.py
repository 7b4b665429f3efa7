"""A child's age a question gives (6岁男孩) against the ages an item is for (3-8岁, 6岁以上)."""
from __future__ import annotations

import re

import cn2an

from .model import Product


AGE = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:周岁|岁)(?!以[上下])")  # 6岁男孩, 三岁
# the ages an attribute gives in years or months (18个月以上, 2-8岁, 6个月-3岁, 3岁以下), read in months for a child's age
_MONTH_SPAN = re.compile(r"(\d{1,3})\s*(岁|个月)?\s*[-~～到至]\s*(\d{1,3})\s*(岁|个月)|(\d{1,3})\s*(岁|个月)(?:及以上|以上|\+)|"
                         r"(\d{1,3})\s*(岁|个月)(?:及以下|以下|以内)")
_AGED = re.compile(r"龄|岁|年纪|适用|人群")  # the names of the attributes that give the ages an item is for
AGE_SPAN = re.compile(r"(\d{1,2})\s*[-~到至]\s*(\d{1,2})\s*岁|(\d{1,2})\s*岁(?:以上|及以上|\+)|(\d{1,2})\s*岁(?:以下|以内)")


def age_asked(text: str) -> int | None:
    """The child's age a text gives (6岁男孩, 三岁的孩子)."""
    if not (m := AGE.search(text)):
        return None
    figure = m.group(1)
    try:
        return int(figure) if figure.isdigit() else int(cn2an.cn2an(figure, "smart"))
    except (ValueError, KeyError):
        return None


def age_spans(product: Product) -> list[tuple[str, int, int]]:
    """The ages an item is for, as its attributes or tags write them: (the words, from, to) of 3-8岁, 6岁以上."""
    said = [v for n, v in product.attributes.items() if "岁" in v or "年龄" in n] + list(product.suits)
    spans = []
    for words in said:
        for m in AGE_SPAN.finditer(words):
            low, high, above, below = m.groups()
            span = (int(low), int(high)) if low else (int(above), 99) if above else (0, int(below))
            spans.append((m.group(0), *span))
    return spans


def fits_age(product: Product, age: int | None) -> bool | None:
    """Whether an item is for a child of this age; None when the text gives no age or the item no ages."""
    spans = age_spans(product)
    if age is None or not spans:
        return None
    return any(low <= age <= high for _, low, high in spans)


def month_spans(product: Product) -> list[tuple[str, str, float, float]]:
    """The ages an item's attributes say it is for, in months: (name, value, from, to) of 适用年龄: 18个月以上 or
    适用年龄: 2-8岁 (24 to 96); only attributes named for ages, not 更换周期: 2-3个月."""
    months = {"岁": 12.0, "个月": 1.0}
    spans = []
    for name, value in product.attributes.items():
        if not _AGED.search(name):
            continue
        for m in _MONTH_SPAN.finditer(value):
            low, low_unit, high, high_unit, above, above_unit, below, below_unit = m.groups()
            if low:
                spans.append((name, value, int(low) * months[low_unit or high_unit], int(high) * months[high_unit]))
            elif above:
                spans.append((name, value, int(above) * months[above_unit], float("inf")))
            else:
                spans.append((name, value, 0.0, int(below) * months[below_unit]))
    return spans
