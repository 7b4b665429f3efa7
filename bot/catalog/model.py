"""The catalogue's typed values: products with their variants, size chart, FAQ and bundles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import ahocorasick

from bot.memo import per_text


@dataclass(frozen=True)
class Variant:
    color: str | None
    size: str | None
    stock: int
    restock: date | None = None  # when a sold-out variant comes back
    price: float | None = None  # its own price (30ml 129, 50ml 189); None: the product's
    # named choices beyond colour and size, in the file's order: (("switch", "青轴"),), (("model", "iPhone15"),)
    options: tuple[tuple[str, str], ...] = ()

    def option(self, key: str) -> str | None:
        return next((value for k, value in self.options if k == key), None)

    @property
    def values(self) -> tuple[str, ...]:
        """What the variant is, as the file writes it: its colour, its size and its options' values."""
        return tuple(p for p in (self.color, self.size, *(value for _, value in self.options)) if p)

    @property
    def label(self) -> str:
        return " ".join(self.values) or "默认款"

    def to_dict(self) -> dict[str, Any]:
        out = {"color": self.color, "size": self.size, "stock": self.stock,
               "restock": self.restock.isoformat() if self.restock else None}
        return out | ({"price": self.price} if self.price is not None else {}) | (
            {"options": dict(self.options)} if self.options else {})


Span = tuple[float, float]
# What a size chart may go by, with the unit shop staff write it in: clothes by height and weight, shoes by foot
# length, helmets and hats by head circumference, rings by the finger's circumference (圈号 by 指围 in mm), bracelets
# and watches by the wrist's, bangles by the hand's (圈口 by 手掌围 in cm), and a baby's or a pet's goods by age in
# months (奶嘴, 奶粉段数 by 月龄, 1岁 is 12; 幼犬粮 to 12, 老年犬粮 from 84, a cat may live 25 years), and clothes also by
# the body's girths and length in cm: 胸围 (bras, suits, a dog's harness and coat), 腰围 (trousers, skirts, belts; 2尺2
# is read in cm) and 背长 (a pet's coat, neck to tail), and a knee brace by the knee's girth (膝围, cm, round the middle
# of the kneecap). The one place chart keys and units are defined; the order is the order the card and the advice list
# them.
MEASURES = {"height": "cm", "weight": "斤", "foot": "mm", "head": "cm", "finger": "mm", "wrist": "cm", "hand": "cm",
            "age": "月", "chest": "cm", "waist": "cm", "back": "cm", "knee": "cm"}
_SLOTS_MEASURES = ("height", "weight")  # the measures the slots read (bot.slots), kept over a conversation
# The figures such a measure can be, in those units: anything else is a mistake, or another measure.
PLAUSIBLE = {"foot": (90.0, 350.0), "head": (30.0, 75.0), "finger": (30.0, 100.0), "wrist": (8.0, 30.0),
             "hand": (10.0, 35.0), "age": (0.0, 1200.0), "chest": (15.0, 160.0), "waist": (15.0, 160.0),
             "back": (8.0, 120.0), "knee": (15.0, 80.0)}
_CM, _MM, _CHI = ("cm", "厘米", "公分"), ("mm", "毫米"), ("尺", "市尺")
# a length in cm when its unit is not written and the figure is under this, in mm from it (no finger is 5.4mm round)
_CM_BELOW = {"foot": 40, "head": 100, "finger": 15, "wrist": 40, "hand": 50, "chest": 200, "waist": 200, "back": 150, "knee": 150}
_KIND = re.compile(r"[\u4e00-\u9fff]{2,}")  # a kind of goods two names end in (Product.kinds): two characters or more
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")  # a model letter or a figure of an item's name (Product.name_tokens)


def in_unit(measure: str, value: float, unit: str | None = None) -> float:
    """A figure of a measure in the chart's unit (`MEASURES`), from the unit written, or with none from the figure
    itself, as shops and buyers write both: no foot is 25.5mm long and no head 560cm round; an age in years is
    twelve months each; a 市尺 (腰围2尺2) is a third of a metre."""
    if measure == "age":
        return round(value * 12, 1) if unit in ("岁", "周岁", "年") else value
    if measure not in _CM_BELOW:
        return value
    if unit in _CHI:
        return round(value * (100 if MEASURES[measure] == "cm" else 1000) / 3, 1)
    in_cm = unit in _CM or (unit is None and value < _CM_BELOW[measure])
    if MEASURES[measure] == "mm":
        return round(value * 10, 1) if in_cm else value
    return round(value / 10, 1) if unit in _MM or (unit is None and value >= _CM_BELOW[measure]) else value


@dataclass(frozen=True)
class Measures:
    """A buyer's measures for size advice, in the chart's units (foot length in mm), and the size they
    usually wear (平时穿42): what a size question gives besides its words."""

    height: float | None = None
    weight: float | None = None
    foot: float | None = None
    head: float | None = None
    finger: float | None = None
    wrist: float | None = None
    hand: float | None = None
    age: float | None = None
    chest: float | None = None
    waist: float | None = None
    back: float | None = None
    knee: float | None = None
    usual: str | None = None

    def of(self, measure: str) -> float | None:
        return getattr(self, measure)

    def __bool__(self) -> bool:
        return self.usual is not None or any(self.of(m) is not None for m in MEASURES)

    def beside_height_weight(self) -> bool:
        """Whether it gives more than a height and a weight, which the slots keep from earlier turns: what the question
        itself says (a bool of a copy without them, without making the copy, which every product question asked)."""
        return self.usual is not None or any(self.of(m) is not None for m in MEASURES if m not in _SLOTS_MEASURES)


@dataclass(frozen=True)
class SizeRow:
    """One size of a chart, by the measures of `MEASURES` it gives, both ends included: 42码 = 脚长 [260, 260]."""

    size: str
    height: Span | None = None
    weight: Span | None = None
    foot: Span | None = None
    head: Span | None = None
    finger: Span | None = None
    wrist: Span | None = None
    hand: Span | None = None
    age: Span | None = None
    chest: Span | None = None
    waist: Span | None = None
    back: Span | None = None
    knee: Span | None = None

    def span(self, measure: str) -> Span | None:
        return getattr(self, measure)

    def holds(self, measure: str, value: float | None) -> bool:
        """Whether one measure fits this row; a measure not given, or not on the row, does not say no."""
        span = self.span(measure)
        return value is None or span is None or span[0] <= value <= span[1]

    def fits(self, measures: Measures) -> bool:
        return all(self.holds(m, measures.of(m)) for m in MEASURES)

    def to_dict(self) -> dict[str, Any]:
        """height and weight always (the card's first columns), foot and head where the row gives them."""
        spans = {m: list(s) if (s := self.span(m)) else None for m in MEASURES}
        return {"size": self.size, **{m: v for m, v in spans.items() if v is not None or m in ("height", "weight")}}


@dataclass(frozen=True)
class Faq:
    questions: tuple[str, ...]
    answer: str
    line: int = 0


@dataclass(frozen=True)
class Bundle:
    name: str
    skus: tuple[str, ...]
    price: float

    @cached_property
    def called(self) -> str:
        """What buyers call it: its name before a note in brackets (厨房三件套 of 厨房三件套（炸锅+水壶）), lower case;
        worked out once, as every product question reads it for each of the shop's bundles."""
        return re.split(r"[（(]", self.name)[0].strip().lower()

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """The words a bundle's name calls it by, without 组合, 套装 or 装 (子母箱 of 20寸+24寸 子母箱组合), of three
        characters or more: what a buyer may call it with no item named."""
        return tuple(s for run in re.findall(r"[\u4e00-\u9fff]+", self.called)
                     if run != (s := re.sub(r"(?:组合|套装|套餐|礼盒|装)$", "", run)) and len(s) > 2)


@dataclass(frozen=True, eq=False)  # one object per file: compared and hashed by identity
class Product:
    sku: str
    title: str
    price: float
    aliases: tuple[str, ...] = ()
    category: str = ""
    item_ids: tuple[str, ...] = ()  # the platforms' item ids, as in a pasted link (?id=...)
    attributes: dict[str, str] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()
    size_chart: tuple[SizeRow, ...] = ()
    size_note: str = ""  # 偏大/偏小 and what to do about it
    shade_note: str = ""  # which 色号 for which skin tone
    usage: str = ""  # 用法: how much, how often, in which order
    faq: tuple[Faq, ...] = ()
    genuine: str = ""
    warranty: str = ""
    bundles: tuple[Bundle, ...] = ()
    related: tuple[str, ...] = ()
    suits: tuple[str, ...] = ()  # needs it is recommended for: 送老人, 送礼, 办公...
    # the variants' named choices beyond colour and size: key -> what buyers call it (switch -> 轴体, model -> 型号)
    options: dict[str, str] = field(default_factory=dict)
    # other ways buyers write a variant's value: iPhone15ProMax -> (15pm, 大屏15) (case, spaces, width and the
    # trainers' word groups, such as 苹果 for iphone, are read without being listed here)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path = Path()
    line: int = 0
    aliases_line: int = 0  # where the file lists the aliases, for the warnings on them

    @property
    def names(self) -> tuple[str, ...]:
        """What buyers may call it: its title and its aliases."""
        return (self.title, *self.aliases)

    @cached_property
    def lower_names(self) -> tuple[str, ...]:
        """`names` as a normalised message writes them (lower case), worked out once per product."""
        return tuple(n.lower() for n in self.names)

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        """The model letters and figures of its names (ih, 1.6, 65w's 65): what tells two items of one kind apart
        (bot.catalog.resolve reads them for each question, so they are worked out once per product)."""
        return frozenset(t for name in self.lower_names for t in _TOKEN.findall(name))

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """The kind of goods two of its names end in, two characters or more and no name of its own (耳机 of 蓝牙耳机
        and 无线耳机, 支架 of 车载支架 and 手机支架): what a buyer calls the item for short (支架有黑色吗)."""
        names = self.lower_names
        return tuple(dict.fromkeys(end for i, a in enumerate(names) for b in names[i + 1:]
                                   if (end := _common_end(a, b)) not in names and _KIND.fullmatch(end)))

    @cached_property
    def item_names(self) -> tuple[str, ...]:
        """`lower_names` that name only the item, not one of its variants: a shop selling 贵妃芒 and 金煌芒 as colours
        of one mango may list them as aliases too, and 金煌芒3斤装 then asks for that colour as well as the size."""
        values = {x.lower() for v in self.variants for x in v.values}
        return tuple(n for n in self.lower_names if n not in values)

    @property
    def how_to_use(self) -> str:
        """The usage note, or the attribute a shop wrote it in before the field existed (用法: 洁面后取2-3滴)."""
        return self.usage or next((v for n, v in self.attributes.items() if n in ("用法", "使用方法")), "")

    def option_values(self, key: str) -> tuple[str, ...]:
        """The values a dimension of the variants takes (color, size or an option's key), in file order."""
        found = (v.color if key == "color" else v.size if key == "size" else v.option(key) for v in self.variants)
        return tuple(dict.fromkeys(x for x in found if x))

    @property
    def in_stock(self) -> bool:
        return not self.variants or any(v.stock > 0 for v in self.variants)

    def card(self) -> dict[str, Any]:
        """What the agents' window shows beside the order card."""
        return {
            "sku": self.sku, "title": self.title, "price": self.price,
            "variants": [v.to_dict() for v in self.variants], "options": dict(self.options),
            "size_chart": [r.to_dict() for r in self.size_chart],
            "attributes": dict(self.attributes),
            "shade_note": self.shade_note, "usage": self.how_to_use,
        }


def _common_end(a: str, b: str) -> str:
    """The longest ending two names share."""
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return a[len(a) - k:]


# words that hold a one-character item name without naming it: a unit (毫米, 平米, 一米八) or a colour (米色, 米白)
_NO_NAME = re.compile(r"[毫厘千分平公]米|立方米?|(?:\d|[一两二三四五六七八九十])米[一二三四五六七八九]?|米[色白黄]")


@dataclass(frozen=True)
class Catalog:
    products: dict[str, Product] = field(default_factory=dict)  # by SKU, in file order

    def get(self, sku: str | None) -> Product | None:
        return self.products.get(sku.upper()) if sku else None

    @cached_property
    def _names(self) -> ahocorasick.Automaton:
        """Every name of every product (lower case) and each kind their names end in (`Product.kinds`) -> its length,
        the positions of the products it names, in catalogue order, and whether it is a kind: one pass over a message
        finds them all, overlapping ones too (保温杯子)."""
        index = ahocorasick.Automaton()
        by_name: dict[str, list[int]] = {}
        for n, product in enumerate(self.products.values()):
            for name in product.lower_names:
                by_name.setdefault(name, []).append(n)
        products = list(self.products.values())
        kinds = {kind: [n for n, p in enumerate(products) if any(m.endswith(kind) for m in p.lower_names)]
                 for kind in dict.fromkeys(k for p in products for k in p.kinds if k not in by_name)}
        # 耳机 of a shop's 蓝牙耳机 and 儿童耳机: every item a name of which ends in the kind
        for name, positions in (*by_name.items(), *kinds.items()):
            index.add_word(name, (len(name), positions, name in kinds))
        if by_name:
            index.make_automaton()
        return index

    @cached_property
    def _needs(self) -> re.Pattern[str] | None:
        """The needs the shop tags its items with (suits: 下酒, 煲汤), longest first: words that may hold a name."""
        tags = sorted({t.lower() for p in self.products.values() for t in p.suits if len(t) > 1}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, tags))) if tags else None

    def _said(self, text: str) -> list[list[int]]:
        """The positions of the products each name found in the text names; a name inside a longer one found there
        is no name of its own: 小电饭煲 is not also 电饭煲, nor is the 酒 of 下酒, a need an item is tagged with."""
        if not len(self._names):
            return []
        found = [(end + 1 - length, end + 1, positions, kind) for end, (length, positions, kind) in self._names.iter(text)]
        if not found:  # most messages name no item: no word to look for around a name
            return []
        # a kind of goods calls items only where no item's own name is said (眼镜 beside 眼镜布 names the cloth)
        named = [(start, end, positions) for start, end, positions, kind in found if not kind]
        hits = named or [(start, end, positions) for start, end, positions, _ in found]
        # the 米 of 毫米 and 米色 is no rice (every such word holds 米 or 立方: a text with neither skips the pattern)
        words = [m.span() for m in _NO_NAME.finditer(text)] if "米" in text or "立方" in text else []
        words += [m.span() for m in self._needs.finditer(text)] if self._needs else []
        return [positions for start, end, positions in hits
                if not any(s <= start and end <= e and e - s > end - start for s, e in (*((s, e) for s, e, _ in hits), *words))]

    def named(self, text: str) -> list[Product]:
        """Products the text calls by their title or an alias (短袖, 杯子), in catalogue order."""
        return list(self._named(text))

    @per_text()
    def _named(self, text: str) -> tuple[Product, ...]:
        """The items a text names, kept for the last few texts: answering one message, the engine and the desk ask
        three or four times."""
        products = list(self.products.values())
        return tuple(products[n] for n in sorted({n for positions in self._said(text) for n in positions}))

    def bundle_named(self, text: str, *, asked: bool = False) -> Bundle | None:
        """The one bundle a text calls by its own name: its own word for itself that holds no item's name (子母箱 of 20寸+24寸
        子母箱组合), or its whole name before a note in brackets (情侣表 of 情侣表（机械男表+石英女表）, 厨房三件套), of three
        characters or more that no item's name holds, or two when the text asks about a bundle (`asked`: 情侣表一套多少钱)."""
        return self._bundle_named(text, asked)

    @per_text()
    def _bundle_named(self, text: str, asked: bool) -> Bundle | None:
        """`bundle_named`, kept for the last few texts: the engine's checks and the desk's resolvers ask it of one message
        three or four times, each a pass over every bundle."""
        found = {b.name: b for b, stems in self._bundle_stems
                 if any(stem in text for stem in stems) or ((name := b.called) and len(name) > (1 if asked else 2)
                                                            and name in text and (asked or not any(name in n for n in self._lower_names)))}
        return next(iter(found.values())) if len(found) == 1 else None

    def by_bundle_name(self, text: str) -> Product | None:
        """The item of the one bundle the text calls by its name (`bundle_named`), when it is a bundle of one item only
        (子母箱 of 20寸+24寸 子母箱组合): that item, asked of with no item named."""
        bundle = self.bundle_named(text)
        return self.get(bundle.skus[0]) if bundle is not None and len(set(bundle.skus)) == 1 else None

    @cached_property
    def _lower_names(self) -> frozenset[str]:
        """Every item's names as a normalised message writes them, worked out once: what no bundle's own name may be."""
        return frozenset(n for p in self.products.values() for n in p.lower_names)

    @cached_property
    def _bundle_stems(self) -> tuple[tuple[Bundle, tuple[str, ...]], ...]:
        """Each bundle with its own words for itself that hold no item's name (清洁剂 of 小白鞋+清洁剂套装 is the item):
        worked out once, as every product question reads them."""
        return tuple((b, tuple(s for s in b.stems if not any(n in s for n in self._lower_names)))
                     for b in dict.fromkeys(b for p in self.products.values() for b in p.bundles))

    def bundles_said(self, text: str) -> list[Bundle]:
        """The shop's bundles whose own word for themselves the text says (子母箱 of 子母箱组合)."""
        return [b for b, stems in self._bundle_stems if any(stem in text for stem in stems)]

    def named_each(self, text: str) -> list[tuple[Product, ...]]:
        """The products each name the text says calls, a name a time: 精华和面霜 is (serum, eye serum), (face cream)."""
        products = list(self.products.values())
        return [tuple(products[n] for n in positions) for positions in self._said(text)]

    def named_alone(self, text: str) -> list[Product]:
        """Products the text calls by a name no other product has (贡缎四件套, not 四件套, which two sets share)."""
        products = list(self.products.values())
        return [products[n] for n in sorted({positions[0] for positions in self._said(text) if len(positions) == 1})]

    @cached_property
    def _bundles(self) -> dict[str, tuple[Bundle, ...]]:
        """SKU -> the bundles that hold it, its own file's first, worked out once per catalogue."""
        holding: dict[str, list[Bundle]] = {sku: list(p.bundles) for sku, p in self.products.items()}
        for p in self:
            for bundle in p.bundles:
                for sku in dict.fromkeys(bundle.skus):
                    if sku in holding and bundle not in holding[sku]:
                        holding[sku].append(bundle)
        return {sku: tuple(bundles) for sku, bundles in holding.items()}

    def bundles_with(self, product: Product) -> tuple[Bundle, ...]:
        """The bundles that hold a product: its own, and those another item's file lists it in (耳机+充电宝套装
        written in the power bank's file is the earphones' bundle too)."""
        return self._bundles.get(product.sku, product.bundles)

    def __bool__(self) -> bool:
        return bool(self.products)

    def __iter__(self):
        return iter(self.products.values())


def money(value: float | None) -> str | None:
    """A price or measure as the replies write it: 39, 39.9, 0.75; no trailing zeros."""
    if value is None:
        return None
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
