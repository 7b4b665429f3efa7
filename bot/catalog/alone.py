"""Whether a product answer may go out by itself (`stands_alone`): the one rule on top of each kind's own reading.
A wrong answer sent alone costs far more than a right one an agent sends with a click, so every part of the answer
must rest on plain evidence: the item named, a fact asked, the shop's own words read, the whole message answered."""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import groupby

from bot.text import clauses

from . import asks, sizing
from .answers import JUDGEMENTS, ProductAnswer
from .attributes import attributes_asked, rivals
from .cues import kind_cues
from .faq import EMPTY_WORDS, FAQ_ALONE, says_each
from .kinds import HUE, NO_COLOUR, asks_left, asks_left_of, asks_stock, kind_of, one_of_the_item, only_named
from .model import Product, money
from .reading import COLOR_WORD, HUES, PLAIN_COLOR, Question, Reader, asks_something
from .resolve import LINK as _LINK
from .variants import label_pattern, values_named, variant_labels, without_variants
from .wanted import colours_asked

# answers that say nothing of what is in stock, however much of the question's words they say
_STOCKLESS = frozenset({"faq", "attribute", "usage", "shade", "genuine", "warranty"})
# a unit a question asks in (多少毫升, 一斤多少钱) and how an answer may write it: 50g does not say how many ml
_UNITS = {"毫升": ("毫升", "ml"), "公斤": ("公斤", "千克", "kg"), "千克": ("公斤", "千克", "kg"), "克": ("克", "g"),
          "斤": ("斤",), "毫安": ("毫安", "mah"), "厘米": ("厘米", "cm"), "毫米": ("毫米", "mm"), "升": ("升", "l"),
          "米": ("米", "m"), "瓦": ("瓦", "w"), "寸": ("寸",)}  # 窗帘多少钱一米: priced by the metre, which 68元一件 does
# not say; 耳机快充多少瓦: watts, which 充电10分钟听歌2小时 does not say; 轮子几寸: inches, which PU闪光轮 does not say
_ASKED_UNIT = re.compile(r"(?:多少|几|一|每|1)\s*(毫升|公斤|千克|毫安|厘米|毫米|克|斤|升|米|瓦|寸)(?![a-z\d一二三四五六七八九])")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def stands_alone(read: Reader, product: Product | None, answer: ProductAnswer, q: Question, *, named: bool) -> bool:
    """The one rule on top of each kind's own reading for an answer to go out with no agent: everything it
    rests on was read from plain evidence, not guessed. A wrong answer sent alone costs far more than a right
    one an agent sends with a click (it is still the first suggestion), so any guess waits:
    - the item: the buyer's link, SKU or name for it, the conversation's or the order's one item, or the
      bundle that holds the items named; not one picked among several (保温杯和马克杯哪个..., an order of
      two items where the question fits one), by a part's name or by the FAQ alone;
    - the kind: a fact asked, not a judgement of the buyer's needs (`JUDGEMENTS`);
    - what the kind reads (`_read_plainly`): a FAQ entry well above the bar that says each word asked, size
      advice from every measure the chart has, a colour as the shop names it;
    - the whole message: one question (保温杯多少钱 能刻英文吗 waits), a count a bundle holds (三个杯子一起买),
      every word accounted for (一米七五 一百四 裤子穿什么码 read as stock);
    - the words: as typed, not read through a pinyin slip put right (普尔茶 read as 普洱茶);
    - the question: the message's own, not a bare follow-up (手表呢, 8mm呢) that asks again whatever the
      conversation asked before (头盔多重 → 手表呢 asks the weight, not the stock), unless that was stock or a variant's
      price too (汤锅22的多少钱 → 20的呢); nor a
      bare name opening a conversation (短袖呢, 杯子的), a fragment of a chat the bot never saw."""
    return (named and not q.slipped and answer.kind not in JUDGEMENTS and product is not None
            and not (only_named(product, q) and not q.after == answer.kind in ("stock", "price"))
            and _read_plainly(read, product, answer, q) and _one_question(read, product, answer, q)
            and _counted(product, answer, q) and _says_what_is_named(product, answer, q, read.wanted(product, q.text).label)
            and not _part_meant(product, answer, q)
            and not _unaccounted(answer, q, read.words(without_variants(product, q.plain)),
                                 kind_cues(answer.kind, read.vocab)))


def _read_plainly(read: Reader, product: Product, answer: ProductAnswer, q: Question) -> bool:
    """Whether the kind's reading rests on the shop's own words rather than a likeness. A FAQ entry near
    the bar may share the question's shape but not what it asks (鞋底软不软 against 鞋底滑不滑); a chart
    read with only a height may fit two rows by weight (一米一 穿哪个码); a colour the item lacks may be a
    shade the shop names otherwise (深蓝 against 浅蓝色, 灰 against 燕麦色), so "we have no 灰" is for an
    agent to say; and a variant named in a question that asks nothing of stock (麻辣的辣吗) is not a stock
    question."""
    if answer.kind in _STOCKLESS and asks_left(q.text) and not (
            answer.kind == "faq" and asks_left_of(product.faq[read.faq.scores(q.plain).get(product.sku, (0.0, 0))[1]])):
        return False  # 还有没 asks whether any is left, which an entry on how many a box holds never says
    if answer.kind == "faq":
        score, n = read.faq.scores(q.plain).get(product.sku, (0.0, 0))
        return score >= FAQ_ALONE and says_each(product.faq[n], q.words)
    if answer.kind == "size" and not sizing.used(product.size_chart, q.measures) and (
            given := read.by_table(product, q.text)):
        picked = given[0].pick(given[1])
        return picked is not None and picked[1] is None and picked[2] is None  # one row holds the measure
    if answer.kind == "size":  # every measure the chart goes by; a size worn elsewhere only as a shoe size
        chart = product.size_chart
        return sizing.complete(chart, q.measures) or bool(
            q.measures.usual and not sizing.used(chart, q.measures) and any(r.foot for r in chart) and not product.size_note)
    colours = product.option_values("color")
    if answer.kind == "stock" and asks.COLOURS_ASKED.search(q.text) and (not colours or
            any(NO_COLOUR.search(c) for c in colours) or not any(HUE.search(c) for c in colours)):
        return False  # 车厘子什么颜色 of a shop writing its packs (2斤装, 5斤原箱) as colours, 花生油有几种颜色 of oil sold by
        # the litre, 16kg的壶铃什么颜色 of one sold by weight: the goods' colour is asked, which no list of sizes says
    if answer.kind == "stock":
        held = read.wanted(product, q.text).color
        sized = any(v.size for v in product.variants)  # 有42码吗 of a watch: the size is another item's
        return asks_stock(product, q) and (sized or held or not asks.SIZE_WORD.search(q.plain)) and all(
            _colour_read(product, said, held) for said in colours_asked(q.plain, COLOR_WORD))
    if answer.kind in ("attribute", "price") and not _says_units(q.text, answer.text):
        return False  # 红枣一斤多少钱 answered 39.9元一件, 面霜多少毫升 answered 50g
    if answer.kind == "attribute" and rivals(product, q.plain, q.words, read.vocab):
        return False  # 连衣裙有多长: 多长 is the buyers' word for 袖长, and 裙长 is a length too
    if answer.kind == "attribute" and asks.OPEN_ASK.search(q.text) and not asks.YES_NO.search(q.text):
        # an open question (烧开要多久) is answered by the attribute it names, not by one whose value only shares
        # a word of it (断电保护: 烧开自动断电); a value found in a yes/no question (能煮粥吗) says yes or no
        return bool(attributes_asked(replace(product, attributes=dict.fromkeys(product.attributes, "")),
                                     q.plain, q.words, read.vocab))
    return True


def _one_question(read: Reader, product: Product, answer: ProductAnswer, q: Question) -> bool:
    """Whether every question of the message reads as the one this answer gives: the same kind of
    answer, the same FAQ entry or the same attributes (能送人吗 有礼盒吗: half an answer is no answer)."""
    asked = [c for c in clauses(q.text) if asks_something(c)]
    if len(asked) < 2:
        return True
    readings = set()
    for clause in asked:
        part = read.part(q, clause)
        faq = read.faq.scores(part.plain).get(product.sku)
        kind = kind_of(read, product, part, faq)
        detail = faq[1] if kind == "faq" and faq else (
            tuple(attributes_asked(product, part.plain, part.words, read.vocab)) if kind == "attribute" else
            read.wanted(product, part.text) if kind == "stock" else None)  # 黑色M有吗 L呢: two variants asked
        readings.add((kind, detail))
    return len(readings) == 1 and next(iter(readings))[0] != "unanswered"


def _counted(product: Product, answer: ProductAnswer, q: Question) -> bool:
    """A price asked for several of the item is the price of a bundle of that many (两个杯子 -> 情侣对杯);
    三个杯子 with only a pair on offer is the shop's call. Bundle words that only count one of an item sold as a set
    (保暖内衣一套多少钱 of a 保暖内衣套装: its own price, or the two-set deal?) ask no bundle for sure."""
    count = q.slots.quantity or 1
    if count < 2:
        return answer.kind not in ("price", "bundle") or not one_of_the_item(product, q.text)
    if answer.kind not in ("price", "bundle"):
        return True
    return any(len(b.skus) == count and set(b.skus) == {product.sku} for b in product.bundles)


def _says_what_is_named(product: Product, answer: ProductAnswer, q: Question, read: str) -> bool:
    """Whether the answer says each colour, size or option of the item the question names, and each figure it gives:
    an answer read from one of two variants asked (一个奶咖S一个浅灰M 有货吗), or blind to a figure (喂10顿, 还有5条吗,
    放得下30cm的锅吗), leaves part of the question unanswered, however right what it says. A figure of the item's
    names (65W充电器), of a variant it names or of a link, a count the bundle answered holds (`_counted`), and the
    measures size advice reads (脚长26.5, answered 脚长265mm; `_read_plainly` checks them) are said; a figure of another
    variant than the one read (`read`: 核桃奶香5斤 read as 奶香 alone, answered with 原味 5斤装) is not."""
    said = answer.text.lower()
    text = _LINK.sub(" ", q.text)
    for name in sorted(product.item_names, key=len, reverse=True):  # the 白 of 小白鞋 is no colour asked
        text = text.replace(name, " ")
    named = values_named(product, text)
    if any(value not in said for value in named) and not (answer.kind == "price" and _priced_as_named(product, named, said)):
        return False
    labels = variant_labels(product)
    for label in labels:
        text = re.sub(label_pattern(label), " ", text)
    counted = {str(q.slots.quantity)} if q.slots.quantity and answer.kind in ("bundle", "price") else set()
    # a figure of the item's variants that was not read as one of them (`read`: 5 of 5斤 beside 2斤装 and 5斤装 written
    # otherwise) is said by the answer only where it lists another variant, which says nothing of the one asked
    valued = {f for label in labels for f in _FIGURE.findall(label)} - set(_FIGURE.findall(read))
    return answer.kind == "size" or all((figure in said and figure not in valued) or figure in counted
                                        for figure in _FIGURE.findall(text))


def _part_meant(product: Product, answer: ProductAnswer, q: Question) -> str | None:
    """The one variant or bundle of the item alone whose own name ends with the name the buyer calls the item by (饺子粉
    of 中筋饺子粉, 对戒 of 情侣对戒（两只）), when the answer does not say it: the buyer may mean that variant or bundle
    (饺子粉能做蛋糕吗 asks of the 中筋 flour, 对戒多少钱 the pair's price), which an answer about the item as a whole passes
    over."""
    said = answer.text.lower()
    for name in (n for n in product.item_names if n in q.text):
        holders = {h for h in (*(x.lower() for v in product.variants for x in v.values),
                               *(b.called for b in product.bundles if set(b.skus) == {product.sku}))  # not 电饭煲+背包
                   if h != name and h.endswith(name)}
        if len(holders) == 1 and (held := holders.pop()) not in said and held not in q.text:
            return held
    return None


def _priced_as_named(product: Product, named: list[str], said: str) -> bool:
    """Whether a price answer quotes each price of the variants holding every value named, the price of no colour
    depending on it (香芋紫瑜伽垫多少钱: 6mm 89元, 8mm 109元, whatever the colour); none holds them all (奶咖S和浅灰M), no."""
    holding = [v for v in product.variants if all(any(value in x.lower() for x in v.values) for value in named)]
    return bool(holding) and all(money(product.price if v.price is None else v.price) in said for v in holding)


def _unaccounted(answer: ProductAnswer, q: Question, words: list[str], cues: tuple[re.Pattern[str], ...] | None) -> list[str]:
    """The words of a question (`words`, its colours and sizes taken out) that neither the answer nor the asking
    accounts for, for the kinds of answer with no reading of their own that checks it (a FAQ, an attribute, a
    need are checked as they are read): the words of what the kind asks (有货, 穿什么码, 多少钱), figures of a
    height, weight or count, and the words that only ask (还有, 有没有, 是不是); `cues`: the kind's (kind_cues)."""
    if cues is None:
        return []
    spoken = [m.group(0) for pattern in cues for m in pattern.finditer(q.text)]
    said = [answer.text.lower(), *spoken]
    # a word is accounted for by what says it; a said word inside a longer one only when it is no single
    # character (码 accounts for 码, not for 密码). A single character asked (小 of 会不会小) is accounted for
    # only by the kind's own words: the 小 of 48小时 in the answer says nothing of it; but characters jieba cut
    # one by one from a word it does not know (试 饮 装) are that word, which the answer may say.
    runs = [w for _, run in groupby(words, key=len) for w in _joined(list(run), answer.text.lower())]
    return [w for w in runs if not (asks.ASKING.match(w) or w in asks.ASKING_WORDS or asks.FIGURE.fullmatch(w)
                                    or (len(w) == 1 and (w in EMPTY_WORDS or any(w in s for s in spoken)))
                                    or (len(w) > 1 and any(w in s or (len(s) > 1 and s in w) for s in said)))]


def _joined(words: list[str], answer: str) -> list[str]:
    """Single characters in a row as the one word the answer says (试饮装), else each on its own."""
    joined = "".join(words)
    return [joined] if len(words) > 1 and len(words[0]) == 1 and joined in answer else words


def _says_units(question: str, answer: str) -> bool:
    """Whether an answer writes each unit the question asks in (多少毫升: ml or 毫升; 一斤多少钱: 斤)."""
    said = answer.lower()
    return all(any(u in said for u in _UNITS[m.group(1)]) for m in _ASKED_UNIT.finditer(question))


def _colour_read(product: Product, said: str, held: str | None) -> bool:
    """Whether a colour the buyer names (粉的, 深蓝色) is read for sure: every character of it is in the colour the
    answer is about (`held`: 白 of 白色, 粉 of 兔子粉, the one colour holding that hue), or it is a hue none of the
    item's colours shares and each is a plain colour name (灰色 against 红色 and 藏青色). 深蓝 is not 浅蓝色, nor
    米白 白色, and 灰 against 燕麦色 or 星空, or against 浅灰 and 深灰, may be goods the shop names otherwise."""
    core = said.rstrip("的款色").removeprefix("纯")
    if held and set(core) <= set(held.lower()):
        return True
    colors = [v.color.lower() for v in product.variants if v.color]
    hues = {h for h in HUES if set(h) & set(core)}
    return bool(colors) and all(PLAIN_COLOR.fullmatch(c) and not any(set(h) & set(c) for h in hues) for c in colors)
