"""An item's variants in a question and in its answer: which colours, sizes and options a question names
(`values_named`, `without_variants`), their stock (`stock`: the variants asked, what else there is, none of a value
the item lacks), their prices, and the attributes that tell two of them apart (`compared`, `spanning`)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from . import asks
from . import fits as fits_by
from .model import Product, money
from .reading import COLOR_WORD, Question, Reader
from .size_figures import factors, metres_unlisted, without_widths
from .wanted import Wanted, color_stem, colours_asked, flavour_unlisted, hued

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def stock(read: Reader, product: Product, q: Question, context: dict[str, Any], facts: dict[str, Any]) -> str:
    """The stock of the variants asked, filling the template's `context` and the answer's `facts`; the kind rendered
    ("unanswered" for an item sold in one kind only). A value the item lacks is said to be none, and what else there
    is; where the buyer may mean a value the shop names otherwise, `unlisted` leaves the answer to an agent."""
    if not product.variants:
        return "unanswered"
    want = read.wanted(product, q.text)
    chosen = wanted_variants(product, want)
    colour_said = next(iter(colours_asked(q.plain, COLOR_WORD)), None)  # not the 红色 of 口红色号: the item's names say no colour
    sizes = {v.size.lower() for v in product.variants if v.size}
    size_said = next((m for m in asks.SIZE_WORD.finditer(q.plain) if m.group(1) not in sizes), None)
    shades = hued(product, q.text) if not want.color else []
    if shades:  # 蓝色的有吗 against 深蓝 and 浅蓝: each shade's stock, and an agent sees which was meant
        chosen = [v for v in product.variants if v.color in shades and (want.size is None or v.size == want.size)]
        want = replace(want, color="/".join(shades))
        context["unlisted"] = True
    elif not want.color and (flavour := flavour_unlisted(product, q.text)):
        context.update(missing=flavour, unlisted=True)  # 有羊肉味的吗 of 鸡肉味 and 牛肉味: said by an agent, since
        chosen = []  # 清香 may be the shop's 绿茶味
    elif not want.color and colour_said and any(v.color for v in product.variants):
        context["missing"] = colour_said.rstrip("的款")
        chosen = []
    elif not want and (other := read.variant_named.of_others(product, q.text)):
        context.update(missing=other, unlisted=True)  # 口红的象牙白: the foundation's shade; an agent confirms
        chosen = []
    elif not want.size and size_said and sizes:
        context["missing"] = _size_named(size_said, sizes)
        chosen = []
    elif not want.size and (width := width_unlisted(product, q.text)) is not None:
        context["missing"] = f"{width:g}米的"  # 有1米的吗 of a fitted sheet from 1.2 m: 没有1米的
        chosen = []
    elif not want.size and (amount := read.amount_unlisted(product, q.text)):
        # 有5kg装的吗 of a food in 2kg and 10kg bags: 没有5kg的（规格只有2kg、10kg）, the sold-out ones too
        context["missing"] = f"{amount}的（规格只有{'、'.join(product.option_values('size'))}）"
        chosen = []
    elif (unknown := read.spellings[product.sku].unknown(q.text, measures=True)) and (
            unknown[0] in product.options or unknown[0] == "size" and not want.size):
        key, said = unknown  # 3米 of a cable of 1米 and 2米: 没有3米的（线长只有1米、2米）; 8公斤 of a washer: 规格只有…
        context["missing"] = f"{said}的（{product.options.get(key, '规格')}只有{'、'.join(product.option_values(key))}）"
        context["unlisted"] = read.spellings[product.sku].guessed(*unknown)  # 粉轴: perhaps 静音轴 cut short
        chosen = []
    elif not chosen and sum(map(bool, (want.color, want.size, *want.options))) > 1:
        context["unlisted"] = True  # 灰色 S: both exist, not together; the file may only have left it out
    if context.get("missing") and not (want.color or colour_said or context.get("unlisted")):
        context["custom"] = _made_to_order(product)  # 床垫有2米2的吗: none, but the shop makes other sizes to order
        # 哑铃有12kg的吗 of one sold in 10kg and 15kg: the file lists what is on sale, not all the shop can get or make,
        # so "none" is the first suggestion and an agent says it
        context["unlisted"] = True
    # What else there is: the same colour in other sizes, the same size in other colours, or everything.
    near = [v for v in product.variants if v.stock > 0 and v not in chosen
            and (want.color is None or v.color == want.color or want.size is not None and v.size == want.size
                 or any(v.option(k) == value for k, value in want.options))]
    in_stock = [v for v in product.variants if v.stock > 0]
    context.update(
        wanted=want.label,
        found=[variant(v, q.today) for v in chosen] if want else [],
        available=_grouped(near if want and near else in_stock),
        sold_out=[variant(v, q.today) for v in product.variants if v.stock == 0],
        when=bool(asks.WHEN.search(q.text)),
        counted=_counted_in(q.text),
        in_stock=[variant(v, q.today) for v in in_stock],
    )
    context.setdefault("missing", None if chosen or not want else want.label)
    context.setdefault("custom", None)
    facts["stock_of"] = want.label or "全部"
    return "stock"


def _counted_in(text: str) -> str | None:
    """The measure word a question counts what is left in (还剩几个 -> 个, 库存多少 -> 件), or None when it asks no count:
    the stock answer then says how many, not only 有货."""
    m = asks.COUNT_LEFT.search(text)
    return (m.group("unit") or "件") if m else None


_TO_ORDER = re.compile(r"定做|定制|订做|订制")


def _made_to_order(product: Product) -> str | None:
    """What the shop says of making the item to order (能定做吗 -> 可以定做，15天发货), when it does: its FAQ entry on
    it, else the note or attribute that says so. A size the item lacks is then not plainly "none"."""
    for entry in product.faq:
        if any(_TO_ORDER.search(q) for q in entry.questions) and _TO_ORDER.search(entry.answer):
            return entry.answer
    for said in (product.size_note, *product.attributes.values()):
        if clause := next((c for c in re.split(r"[；;。]", said or "") if _TO_ORDER.search(c)), None):
            return clause.strip("，, ")
    return None


def _size_named(said: re.Match[str], sizes: set[str]) -> str:
    """A size the item lacks as the buyer wrote it (17号 of a ring sold in 10号-16号, XXL码): in 号 when the buyer or the
    item's own sizes say 号, else in 码."""
    word = said.group(0)
    unit = word[-1] if word[-1] in "码号" else "号" if sizes and all(s.endswith("号") for s in sizes) else "码"
    return f"{said.group(1).upper()}{unit}"


def width_unlisted(product: Product, text: str) -> float | None:
    """A width in metres the text gives that none of the item's sizes has (1米 of sheets for 1.2 to 2 m beds)."""
    return metres_unlisted([v.size for v in product.variants if v.size], text)


def wanted_variants(product: Product, want: Wanted) -> list[Any]:
    return [v for v in product.variants if want.holds(v)]


def variant_prices(product: Product, want: Wanted) -> list[dict[str, str | None]]:
    """The prices of the variants asked (all of them when none is named), by size or by colour when each has one
    price, else by variant: 30ml 129元, 50ml 189元. A variant with no price of its own costs the product's."""
    chosen = wanted_variants(product, want) or list(product.variants)
    for part in ("size", "color") if len(chosen) > 1 else ():  # one variant asked is said whole (鸭肉梨味 5.4kg)
        by: dict[str | None, set[float]] = {}
        for v in chosen:
            by.setdefault(getattr(v, part), set()).add(product.price if v.price is None else v.price)
        if None not in by and all(len(prices) == 1 for prices in by.values()):
            return [{"label": label, "price": money(prices.pop())} for label, prices in by.items()]
    return [{"label": v.label, "price": money(product.price if v.price is None else v.price)} for v in chosen]


def _grouped(variants: list[Any]) -> list[str]:
    """白色 S/M/XL, 黑色 M: variants by colour, the sizes (and options: 青轴 of a keyboard) of each together."""
    by_color: dict[str, list[str]] = {}
    for v in variants:
        by_color.setdefault(v.color or "", []).append(" ".join(x for x in v.values if x != v.color))
    return [f"{c}{' ' if c and any(sizes) else ''}{'/'.join(s for s in sizes if s)}" for c, sizes in by_color.items()]


def variant(v: Any, today: date) -> dict[str, Any]:
    restock = v.restock if v.restock and v.restock >= today else None
    return {"label": v.label, "stock": v.stock, "restock": f"{restock.month}月{restock.day}日" if restock else None}


def variant_labels(product: Product) -> list[str]:
    """The item's colours, sizes and options as a question may say them (复古黑, 130, 试饮装 of 50克试饮装, the 白 of
    白色), longest first: l of xl, 1 of 110 are no values of their own."""
    labels = {x.lower() for v in product.variants for x in (*v.values, v.color and color_stem(v.color)) if x}
    labels |= {run for label in labels for run in _CJK_RUN.findall(label)}
    labels |= {f for label in labels for f in factors(label)}  # 12包 of 80抽×12包
    return sorted(labels, key=len, reverse=True)


def label_pattern(label: str) -> str:
    before = "(?<![a-z0-9])" if re.match(r"[a-z0-9]", label) else ""
    after = "(?![a-z0-9])" if re.search(r"[a-z0-9]$", label) else ""
    return f"{before}{re.escape(label)}{after}"


def values_named(product: Product, text: str) -> list[str]:
    """The item's variant values a text says, each once, longest first where two overlap (奶咖 S, 浅灰 M)."""
    taken = [False] * len(text)
    found = []
    for label in variant_labels(product):
        for m in re.finditer(label_pattern(label), text):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append(label)
    return list(dict.fromkeys(found))


def without_variants(product: Product, text: str) -> str:
    """The text without the item's colours and sizes as said (复古黑, 抹茶味, 130码, 粉的): they are accounted for
    as wholes, so that what is left is what else the buyer asks (the 辣 of 麻辣的辣吗)."""
    if colors := [v.color.lower() for v in product.variants if v.color]:
        # a colour word inside one of the item's colours is left to it: the 紫色 of 香芋紫色, taken alone, left 香芋
        inside = [(m.start(), m.end()) for c in set(colors) for m in re.finditer(re.escape(c), text)]
        text = COLOR_WORD.sub(lambda m: m.group(0) if any(s < m.start() < e for s, e in inside) else " ", text)
    for label in variant_labels(product):
        text = re.sub(f"{label_pattern(label)}[味色款码号]?", " ", text)
    return without_widths([v.size for v in product.variants if v.size], text)  # 一米八 of 1.8m床

# asks how two of an item's kinds differ (特级和一级有啥区别, J和JJ差多大, 中果大果差在哪)
_DIFFERENCE = re.compile(r"区别|差别|差多少|差在哪|差多大|差几|有啥不同|有什么不同|不一样|对比")


def compared(product: Product, q: Question) -> list[tuple[str, str]]:
    """The attributes whose values speak of each of two or more of the item's variant values a question compares
    (等级: 特级每斤约60颗；一级每斤约80颗 for 特级和一级有啥区别): the shop's own words on how they differ. The answer
    waits for an agent: the buyer may mean the taste or the price."""
    if not _DIFFERENCE.search(q.text):
        return []
    text = q.text
    for name in sorted(product.item_names, key=len, reverse=True):
        text = text.replace(name, " ")
    named = values_named(product, text)
    if len(named) < 2:
        return []
    return [(n, v) for n, v in product.attributes.items() if all(x in v.lower() for x in named)]


def spanning(product: Product, q: Question) -> list[tuple[str, str]]:
    """The attributes that give each of the item's variants a span (果径: J级24-26mm；JJ级26-28mm…) and hold a figure the
    question gives in their unit (28mm, 62毫米): which variant that figure is, for an agent to say. A figure that is itself
    a variant's name (红富士85mm的有吗 of apples sold as 75mm, 80mm and 85mm) names that variant, no measure to place."""
    return list(dict.fromkeys((f.name, f.value) for f in fits_by.by_figures(product, q.text)
                              if len(values_named(product, f.value.lower())) > 1 and not values_named(product, f.said.lower())))
