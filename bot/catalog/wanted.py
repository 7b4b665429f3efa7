"""The variant of an item a question names (`wanted`: 纯白的 -> 白色, l码 -> L, 02号 -> "#02 豆沙"), the colours it
asks for, one it asks for that the item lacks (`flavour_unlisted`), and whether it asks which variants there are or
which to choose (`options_listed`, `choice_asked`)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .asks import CJK_ONLY
from .model import Product, Variant
from .size_figures import by_factor, by_figure, by_metres, by_span


@dataclass(frozen=True)
class Wanted:
    """A variant the buyer names: a colour and/or a size of the item."""

    color: str | None = None
    size: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # named choices beyond colour and size: (("switch", "青轴"),)

    def __bool__(self) -> bool:
        return bool(self.color or self.size or self.options)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(p for p in (self.color, self.size, *(v for _, v in self.options)) if p)

    @property
    def label(self) -> str:
        return " ".join(self.values)

    def holds(self, variant: Variant) -> bool:
        """Whether a variant is one the buyer names: the same colour, size and options where the buyer says them."""
        return ((self.color is None or variant.color == self.color) and (self.size is None or variant.size == self.size)
                and all(variant.option(k) == v for k, v in self.options))


def sold_out(product: Product, want: Wanted) -> bool:
    """Whether every variant of the item a buyer names is sold out (酒红 of a bag whose 酒红 comes back on the 13th)."""
    held = [v for v in product.variants if want.holds(v)] if want else []
    return bool(held) and all(v.stock <= 0 for v in held)


HUE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[是有要的拿买个这那纯浅深淡亮暗偏种款和跟或还码号]))([红橙黄绿青蓝紫黑白灰粉棕咖金银杏米驼卡])(?:色|的|款|系)")  # a hue as buyers name it: 粉的, 蓝色


# A colour by a name of its own (珊瑚色, 香槟色, 牛油果色), asked for: 有珊瑚色吗, 出粉色吗; not 颜色, 什么色, 褪色
COLOUR_NAMED = re.compile(r"(?:有没有|有木有|没有|出不出|有|出|要|想要)(?:那种|这种)?([\u4e00-\u9fff]{1,3}?色)(?:的|款|系)?(?:吗|么|没|不|呢|嘛|$)")
_NO_COLOUR = re.compile(r"[颜别其什啥几哪这那本原褪掉特角脸气货种些个同出变染]")


def colours_asked(text: str, plain_colours: re.Pattern[str]) -> list[str]:
    """The colours a text names: plain ones (`plain_colours`: 白色, 浅蓝的) and ones asked for by a name of
    their own (珊瑚色 of 有珊瑚色吗)."""
    said = [m.group(0) for m in plain_colours.finditer(text)]
    return said + [m.group(1) for m in COLOUR_NAMED.finditer(text)
                   if not _NO_COLOUR.search(m.group(1)) and not any(m.group(1) in s or s in m.group(1) for s in said)]


_FLAVOUR_SAID = re.compile(r"([\u4e00-\u9fff]{1,5})味(?!道)")
_ASKING_LEAD = re.compile(r"^[有没是要的还那这个款种啥什么哪些]+")


def flavour_unlisted(product: Product, text: str) -> str | None:
    """A flavour or variety the text asks for that none of the item's is, when the shop writes its colours or sizes as
    such: a flavour (有羊肉味的吗 of 鸡肉味 and 牛肉味, 五香味 of 原味 and 椒盐: Taobao's 颜色分类 of a food), or a kind
    all of whose names end alike (台农芒 of 贵妃芒 and 金煌芒, 荆条蜜 of 百花蜜 and 槐花蜜, 小果 of 中果 and 大果); the
    item's own names aside, and figures (四十头 may be in 30-40头, which `amount_unlisted` reads)."""
    if KINDS_LISTED.search(text):
        return None  # 有什么口味: which there are, not one missing
    for name in product.lower_names:
        text = text.replace(name, " ")
    for values in (product.option_values("color"), product.option_values("size")):
        values = [v.lower() for v in values]
        ends = {v[-1] for v in values}
        end = ends.pop() if len(values) > 1 and len(ends) == 1 else "味" if any(v.endswith("味") for v in values) else ""
        if not CJK_ONLY.fullmatch(end) or end in "色装款码号":
            continue
        pattern = _FLAVOUR_SAID if end == "味" else re.compile(f"([\u4e00-\u9fff]{{1,5}}){end}")
        for m in pattern.finditer(text):
            said = _ASKING_LEAD.sub("", m.group(1))
            if said and said != "口" and not re.fullmatch(r"[零一二两三四五六七八九十百]+", said) and not any(
                    said in v or v.removesuffix(end) in said for v in values):
                return f"{said}{end}"
    return None


def hued(product: Product, text: str) -> list[str]:
    """The item's colours that hold a hue the text names (蓝色 -> 深蓝, 浅蓝): a colour asked for that the item
    has in some shade is not missing, though which shade is meant is an agent's call."""
    for name in product.lower_names:
        text = text.replace(name, " ")
    hues = {m.group(1) for m in HUE.finditer(text)}
    return list(dict.fromkeys(v.color for v in product.variants if v.color and hues & set(v.color)))


def color_stem(color: str) -> str:
    """What buyers say of a colour: 白 of 白色, 金色 of 金色礼盒; and of a flavour a shop writes as a colour: 鸭肉梨 of
    鸭肉梨味 (not 原 of 原味)."""
    if len(color) > 1 and color.endswith("色") or len(color) > 2 and color.endswith("味"):
        return color[:-1]
    return color[: color.index("色") + 1] if "色" in color[1:] else color


def _coded(colors: list[str], text: str) -> str | None:
    """The colour whose shade number (01 of "#01 正红", n25) or whose name beside it (正红) the text says, alone
    among the item's colours."""
    parts: dict[str, list[str]] = {}
    for c in colors:
        if re.search(r"\d", c):  # a shade written with its number: 色号 as cosmetics shops write them
            for part in re.findall(r"[a-z]*\d+[a-z]*|[\u4e00-\u9fff]{2,}", c.lower()):
                parts.setdefault(part, []).append(c)
    for part, holding in parts.items():
        if len(holding) == 1 and re.search(rf"(?<![a-z0-9]){re.escape(part)}(?![a-z0-9])", text):
            return holding[0]
    return None


def _by_part(colors: list[str], text: str, colour_words: Callable[[str], tuple[str, ...]]) -> str | None:
    """The one colour a part of whose name the text says, when no other colour's name has that part (珍珠 of
    珍珠白, 香芋 of 香芋紫), or a buyers' word for such a part (哑光 for the 雾面 of 雾面黑: `colour_words`)."""
    parts = {c: {c[:end] for end in range(2, len(c)) if CJK_ONLY.fullmatch(c[:end])} | set(colour_words(c)) for c in colors}
    said = [c for c, own in parts.items()
            if any(p in text and not any(p in parts[o] for o in colors if o != c) for p in own)]
    return said[0] if len(said) == 1 else None


def _no_words(colour: str) -> tuple[str, ...]:
    return ()


def wanted(product: Product, text: str, colour_words: Callable[[str], tuple[str, ...]] = _no_words) -> Wanted:
    """The colour and size of the item the text names (纯白的 -> 白色, l码 -> L). The item's own names are
    no variant: the 白 of 小白鞋 is not the colour 白色. `colour_words`: buyers' words for a part of a colour's
    name (哑光 for 雾面), the trainers' `spellings`."""
    # not 金煌芒, a name of a mango sold as 贵妃芒 and 金煌芒: that variant is asked too; nor the 蜜 of a honey's 枣花蜜
    held = [x for x in {x.lower() for v in product.variants for x in v.values} if any(n in x for n in product.item_names)]
    for name in product.item_names:
        text = _name_out(text, name, held)
    colors = sorted(dict.fromkeys(v.color for v in product.variants if v.color), key=len, reverse=True)  # file order breaks ties
    color = next((c for c in colors if c.lower() in text), None)
    if color is None:  # 白 of 白色; not the 混色 that 混色A and 混色B share: which one is not said
        stems = [color_stem(c).lower() for c in colors]
        color = next((c for c, stem in zip(colors, stems) if stem in text and stems.count(stem) == 1), None)
    if color is None:  # 02号 or 豆沙 of "#02 豆沙": a shade's number or its name, when no other colour has it
        color = _coded(colors, text)
    if color is None:  # 粉的 of 兔子粉, 棕色 of 小熊棕: the one colour whose name holds the hue asked
        holding = hued(product, text)
        color = holding[0] if len(holding) == 1 else None
    if color is None:
        color = _by_part(colors, text, colour_words)
    sizes = sorted(dict.fromkeys([*(v.size for v in product.variants if v.size), *(r.size for r in product.size_chart)]), key=len, reverse=True)
    # a size starting with a Chinese character is said after a SKU too (sn06特大号), and 大号 is no part of it
    size = next((s for s in sizes if re.search(rf"{'(?<![a-z0-9])' if s[:1].isascii() else ''}{re.escape(s.lower())}(?![a-z0-9])", text)), None)
    if size is None:  # 小样 of 15g小样: the words of a size written with figures, when no other size has them
        words = {w: [s for s in sizes if w in s] for s in sizes for w in re.findall(r"[\u4e00-\u9fff]{2,}", s)}
        size = next((found[0] for w, found in words.items() if len(found) == 1 and w in text), None)
    if size is None:  # 12包 of 80抽×12包: a part of a size written as a product, when no other size has it
        size = by_factor(sizes, text)
    if size is None:  # 一米八的床 of 1.8m床: a width in metres as buyers say it
        size = by_metres(sizes, text)
    if size is None:  # 98的呢 of 98L and 118L: the one size of that figure, its unit left out
        size = by_figure(sizes, text)
    if size is None:  # 38码 of slippers sized 36-37, 38-39: the one size whose span holds it
        size = by_span(sizes, text)
    return Wanted(color, size, tuple((key, value) for key in product.options if (value := _named(product.option_values(key), text))))


# 有哪几种, 分几款, 都有什么品种: which kinds the item comes in, whatever its file calls them (蜜种, 侧吸/顶吸, 口味)
KINDS_LISTED = re.compile(r"(?:有|分|出)(?:哪几[种款个样]|哪些[种款样]|几[种款样]|什么[品款]种|哪些品种|几个品种|啥品种|什么口味|哪些口味|几种口味|几个口味|啥口味)")


def options_listed(product: Product, text: str) -> bool:
    """Whether the text asks which values an option has (有几种轴, 有哪些接口, 都有什么型号), by the option's name or by
    the one last character all its values share (轴 of 青轴, 红轴); or which kinds an item of several colours or sizes
    comes in (蜂蜜有哪几种, 油烟机有几种)."""
    if (kinds := KINDS_LISTED.search(text)) and any(len(product.option_values(k)) > 1 for k in ("color", "size")) and not any(
            name in text[kinds.start():kinds.end() + len(name) + 1] for name in product.attributes):
        return True  # not 有哪几种口味 of a gift box whose 口味 lists what it holds: the attribute says them
    for key, name in product.options.items():
        values = product.option_values(key)
        words = {name, *({values[0][-1]} if len(values) > 1 and len({v[-1] for v in values}) == 1 and not values[0][-1].isascii() else ())}
        if any(re.search(rf"(?:哪些|哪几种|几种|几个|什么|啥|多少种)(?:的)?{re.escape(w)}", text) for w in words):
            return True
    return False


_CHOOSE = r"(?:选|挑|拍|买|用|要|入)(?:什么|哪个|哪种|哪款|啥|哪)(?:的)?"


def choice_asked(product: Product, text: str) -> bool:
    """Whether the text asks which of the item's sizes or options to choose by the one last character all their
    values share (选什么轴 of 青轴, 红轴, 茶轴): advice among the item's own variants, not among the shop's items."""
    for values in (product.option_values("size"), *(product.option_values(k) for k in product.options)):
        ends = {v[-1] for v in values}
        if len(values) > 1 and len(ends) == 1 and CJK_ONLY.fullmatch(end := ends.pop()) and re.search(_CHOOSE + end, text):
            return True
    # 干皮选哪种 of a sunscreen made 清爽型 and 滋润型: which of the kinds the item comes in
    return bool(_PICK_ONE.search(text)) and any(len(product.option_values(k)) > 1 for k in ("color", "size", *product.options)) or any(
        _either_said(values, text) for values in (product.option_values("size"), *(product.option_values(k) for k in product.options)))


def _either_said(values: tuple[str, ...], text: str) -> bool:
    """Whether the text sets two of the values against each other around 还是, each by what only it has (选高的还是低的 of
    低枕 and 高枕)."""
    if "还是" not in text or len(values) < 2:
        return False
    before, _, after = text.partition("还是")
    own = {v: {c for c in v if CJK_ONLY.fullmatch(c) and not any(c in o for o in values if o != v)} for v in values}
    first = {v for v, chars in own.items() if chars & set(before[-4:])}
    second = {v for v, chars in own.items() if chars & set(after[:4])}
    return len(first) == len(second) == 1 and first != second


_PICK_ONE = re.compile(r"(?:选|挑|拿|入)(?:哪种|哪款|哪一种|哪一款|哪个|什么样|什么款|啥款)|(?:哪种|哪款)(?:好|合适|适合)|"
                       r"(?:用|买|要)(?:哪种|哪款|哪个)(?:比较)?(?:好|合适)")


def _name_out(text: str, name: str, values: list[str]) -> str:
    """The text without an item's name, except where it is part of a variant's value said (the 蜜 of 枣花蜜)."""
    if not values:
        return text.replace(name, " ")
    inside = [(m.start(), m.end()) for v in values for m in re.finditer(re.escape(v), text)]
    return re.sub(re.escape(name), lambda m: m.group(0) if any(s <= m.start() and m.end() <= e for s, e in inside) else " ", text)


def _named(values: tuple[str, ...], text: str) -> str | None:
    """The longest of an option's values (青轴, iphone15pro) the text says as a whole; a value ending in a Chinese
    character ends where it is said (2段800克 says 2段)."""
    return next((v for v in sorted(values, key=len, reverse=True)
                 if re.search(rf"(?<![a-z0-9]){re.escape(v.lower())}{_whole_end(v)}", text)), None)


def _whole_end(value: str) -> str:
    """What may not follow a value said as a whole: a Latin letter or digit after one ending in either (iphone15 is not
    iphone15pro, nor 15 the 150), nothing after one ending in a Chinese character."""
    if not re.search(r"[a-z0-9]$", value.lower()):
        return ""
    return f"(?![a-z0-9]){_LONGER if value[-1].isdigit() else ''}"


_LONGER = r"(?![\s\-_]?[a-z])"  # iphone15 plus is no iPhone15: a model ending in a figure, then a word of a longer one
