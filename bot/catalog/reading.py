"""How the desk reads a product question before it picks the item and the kind: the text with its pinyin slips put
right and the catalogue's item names taken out, its words, the FAQ scores, the colour, size and options of an item
it names (`Reader`), and the `Question` every reading and answer of the desk is given."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from bot.domain import Slots
from bot.lookup import automaton
from bot.memo import per_text
from bot.product_words import ProductWords
from bot.slips import Lexicon, SlipReader
from bot.slots import CHILD_WEIGHT
from bot.sounds import Sounds

from . import asks, measuring, sizes, sizing
from . import needs as needs_by
from .faq import FaqIndex
from .model import Catalog, Measures, Product
from .resolve import featured, short_names
from .size_figures import amount_unlisted
from .spellings import Spellings
from .wanted import Wanted, color_stem
from .wanted import wanted as wanted_by

_CJK = re.compile(r"[\u4e00-\u9fff]+")
# a stretch with the particles and words every question uses is written as meant, no slip (吃吗 is no 尺码)
_asks_in_passing = re.compile(r"[吗呢吧么嘛啊呀了的是有不能会要]")
# The characters of a colour's hue, one family each (蓝 and 藏青 are both blues): a colour asked whose hue no
# colour of the item shares is plainly not sold; one that shares it may be a shade the shop names otherwise.
HUES = ("红粉玫酒枣", "橙桔橘", "黄金杏", "绿青翠", "蓝青藏靛", "紫", "黑墨", "白米奶", "灰银", "棕咖驼褐")
PLAIN_COLOR = re.compile(f"[浅深纯亮暗淡{''.join(HUES)}]+色?")  # 红色, 浅蓝色, 藏青: no 燕麦色, 兔子粉, 天空蓝
COLOR_WORD = re.compile(r"(?:纯|浅|深|藏|酒|墨|米|奶|象牙|雾霾)?[红橙黄绿青蓝紫黑白灰粉棕咖金银杏](?:色|的|款)")


@dataclass(frozen=True)
class Question:
    """One product question as the desk reads it."""

    text: str  # normalised
    plain: str  # without the catalogue's item names: 保温杯 says nothing of 保温 when asking about milk
    words: list[str]
    slots: Slots
    measured: bool  # this message gives a measure for size advice (height, weight, 脚长, 头围, the size usually worn)
    today: date
    measures: Measures = Measures()
    slipped: bool = False  # read with a pinyin slip put right (保休 -> 保修): a guess at what was typed
    after: str | None = None  # what the conversation's last reply answered (ConversationState.last_kind); None: none
    unnamed: bool = False  # no item named nor in the conversation: the item was found by what is asked, which the answer names
    kept: tuple[str, ...] = ()  # the values the conversation named of the item asked about (ConversationState.item_variant)


class Reader:
    """The catalogue's words a question is read against, built once per catalogue: item names, their short forms and
    pinyin slips, attributes, variant values as buyers write them, the FAQ entries."""

    def __init__(self, catalog: Catalog, *, words: Callable[[str], list[str]],
                 normalise: Callable[[str], str], vocab: ProductWords, lexicon: Lexicon | None = None) -> None:
        self.catalog = catalog
        self.vocab = vocab  # buyers' words for needs, for what is asked and for attributes (intents/product_words.yaml)
        # A pinyin IME slip of an item's name, an attribute's or a word of what is asked (普尔茶 for 普洱茶, 保休 for
        # 保修) is read as that word; without a lexicon (tests of other behaviour) slips are not looked for.
        targets = [*(n for p in catalog for n in p.names), *(a for p in catalog for a in p.attributes), *vocab.kinds]
        names = frozenset(n for p in catalog for n in p.names)  # 瑜珈 for the alias 瑜伽: each reading of an item's name
        # the trainers' words for attributes are written as buyers write them: 含绒量 is no slip for 含容量
        everyday = tuple(w for _, words in vocab.attributes for w in words if len(w) > 1)
        self._slips = SlipReader(targets, lexicon, Sounds(), every_reading=names,
                                 written=lambda s: bool(_asks_in_passing.search(s)) or any(s in w for w in everyday)) if lexicon else None
        self.words = words
        common = {*self._tags_of(catalog), *(w for words_ in vocab.needs.values() for w in words_), *vocab.needs,
                  *(a.lower() for p in catalog for a in p.attributes)}
        # 苹果 of iPhone16 (the trainers' spellings) names a variant, not the one item whose names say 苹果手表; a word of
        # one character (壳 of 手机壳, 硅胶壳) is read only as a word of its own (`shortened`), so the 外壳 of another
        # item's attribute does not make it common
        spelled = {w.lower() for group in vocab.spellings for w in group}
        self._short = short_names(catalog, words, lambda w: w in spelled or len(w) > 1 and any(
            w in c or c in w for c in common if len(c) > 1))
        # every name and kind of goods names end in (耳机), longest first, by its rank in that order: one pass over a text finds where each is said
        self._names = automaton({name: (rank, len(name)) for rank, name in enumerate(
            sorted(dict.fromkeys(n for p in catalog for n in (*p.lower_names, *p.kinds)), key=len, reverse=True))})
        # attribute names, kept whole when names are taken out where they overlap one (鞋垫 holds the alias 鞋, 跑鞋底
        # shares its 鞋 with 鞋底)
        # attribute names and tagged needs: words that may overlap an item's name (鞋垫 of 帆布鞋垫, 下酒 of 酒)
        self._kept_whole = sorted(dict.fromkeys([*(a.lower() for p in catalog for a in p.attributes if len(a) > 1),
                                                      *(t.lower() for p in catalog for t in p.suits if len(t) > 1)]), key=len, reverse=True)
        self.faq = FaqIndex(catalog, vocab.alike, words, normalise)
        self.tags = tuple(dict.fromkeys(t for p in catalog for t in p.suits))  # needs shop staff tag items with
        # a size usually worn is one of these (平时穿42): a chart's, or a variant's (a shoe sized by its note alone)
        self.sizes = {r.size for p in catalog for r in p.size_chart} | {v.size for p in catalog for v in p.variants if v.size}
        # each item's variant values as buyers write them (苹果15promax -> iphone15promax), with the trainers' groups
        self.spellings = {p.sku: Spellings(p, vocab.spellings) for p in catalog}
        # the items with a colour or size of a name of their own (香槟金, 青轴; not 白色 or 均码, nor 200x230cm), or the
        # shop's other writing of one (复古酒红 of 09复古酒红), and with an attribute of a name a question may use (枕套):
        # what names an item when the message names none
        self.variant_named = _Holders(catalog, lambda p: (
            x for x in {x.lower() for v in p.variants for x in (v.color, v.size, v.color and color_stem(v.color),
                                                                 *p.spellings.get(v.color or "", ()),
                                                                 *p.spellings.get(v.size or "", ())) if x}
            if len(x) > 1 and _CJK.search(x) and not PLAIN_COLOR.fullmatch(x)))
        self.attribute_owners = _Holders(catalog, lambda p: (a.lower() for a in p.attributes if len(a) > 1))

    @staticmethod
    def _tags_of(catalog: Catalog) -> set[str]:
        return {t.lower() for p in catalog for t in p.suits}

    def short_one(self, text: str) -> tuple[Product, ...]:
        """The one item a text calls by a short name (磨毛的洗几次会起球不: 磨毛 of 全棉磨毛四件套), if one."""
        found = self.shortened_items(text)
        return found if len(found) == 1 else ()

    def shortened_items(self, text: str) -> tuple[Product, ...]:
        """The items a text calls by short names (壳和膜: the case and the film)."""
        return tuple(dict.fromkeys(p for w, p in self.shortened(text).items() if w in text))

    def by_variant(self, text: str) -> Product | None:
        """The one item with a colour or size of a name of its own that the text says (香槟金); of several such (三文鱼
        of the cat food's 三文鱼味 and the treats' 三文鱼), the one whose variants hold the most of what it says
        (三文鱼的五点四公斤: the food's 5.4kg too). A guess at the item, so its answer waits for an agent."""
        holding = self.variant_named.every(text)
        said = [values_said(self.wanted(p, text)) for p in holding]
        return holding[said.index(max(said))] if said and said.count(max(said)) == 1 else None

    @per_text()
    def shortened(self, text: str) -> Mapping[str, Product]:
        """The short names a text may use: one of a single character only where it is a word of its own (窝 of 窝要多大,
        not the 头 of 床头 or 头发). The resolver, `claims` and the answer ask it of one message three times or more, each
        a pass over every short name: kept for the last few texts (read only)."""
        cut = set(self.words(text))
        found = {w: p for w, p in self._short.items() if len(w) > 1 or w in cut}
        if "款" in text and (hit := featured(self.catalog, text)):
            found[hit[0]] = hit[1]  # 聚拢那款: the one item whose names hold the word said before 款
        return found

    def without_short(self, product: Product, plain: str, text: str) -> str:
        """A question's words without the short names of two words or more that called the item (男士平角), longest
        first, as its names are; a word of its own stays, as it may be what is asked (折叠 of 折叠宠物笼能折叠吗)."""
        for word in sorted((w for w, p in self.shortened(text).items() if p is product and len(self.words(w)) > 1),
                           key=len, reverse=True):
            plain = plain.replace(word, " ")
        return re.sub(r"\s+", " ", plain).strip()

    def spelled(self, product: Product, text: str) -> str:
        """The text with the item's variant values written as its file writes them (15pm -> iphone15promax)."""
        return self.spellings[product.sku].read(text)

    def for_item(self, product: Product, q: Question) -> Question:
        """The question as read of one item: its variant values written as the file writes them, a count that is a
        variant's own name or the item's no count (the 6斤 of a silk quilt made 2斤, 4斤 and 6斤, the 四件 of 四件套), and
        a pet's weight when its chart goes by one (`_weighed`)."""
        before, text = q.text, self.spelled(product, q.text)
        if text != q.text:
            plain = self.without_names(text)
            q = replace(q, text=text, plain=plain, words=self.words(plain))
        if (count := q.slots.quantity) and _counts(self.wanted(product, q.text).label, count):
            q = replace(q, slots=replace(q.slots, quantity=None))  # 金煌芒9斤多少钱: the 9斤装 asked, not nine of it;
            # 一级两斤装啥价: the 两斤装
        elif count and text != before and re.search(asks.COUNT, before) and not re.search(asks.COUNT, text):
            q = replace(q, slots=replace(q.slots, quantity=None))  # 三个J多少钱: the grade JJJ as buyers count it
        elif count and re.search(asks.COUNT, q.text) and not re.search(asks.COUNT, _without_label(q.plain, self.wanted(product, q.text))):
            q = replace(q, slots=replace(q.slots, quantity=None))  # 四件套1.8的多少钱, 五件套多少钱: the count is a name
        return _aged(product, _tall(product, _weighed(product, self._keeping(product, q))))

    def _keeping(self, product: Product, q: Question) -> Question:
        """The question with the values the conversation named of the item (`Question.kept`: 透明粉 of TR90镜框有粉色吗)
        that it does not replace, when it names another of the item's values (52口的呢, 那黑色呢) and a variant holds
        them together: a follow-up asks of that variant, not of every colour in 52口."""
        if not q.kept or not (want := self.wanted(product, q.text)):
            return q
        kept = self.wanted(product, " ".join(q.kept).lower())
        named = dict(want.options)
        added = [v for v in (kept.color if not want.color else None, kept.size if not want.size else None,
                             *(v for k, v in kept.options if k not in named)) if v]
        together = Wanted(want.color or kept.color, want.size or kept.size,
                          tuple((k, v) for k in product.options if (v := named.get(k) or dict(kept.options).get(k))))
        if not added or not any(together.holds(v) for v in product.variants):
            return q
        text = f"{' '.join(added).lower()} {q.text}"
        plain = self.without_names(text)
        return replace(q, text=text, plain=plain, words=self.words(plain))

    def as_meant(self, text: str) -> str:
        """The text with its slips read as the catalogue's words; not when it joins two items as typed (瑜伽垫加个瑜伽砖:
        the 加个 between them is one more item, no slip for 价格)."""
        meant = self._slips.read(text) if self._slips else text
        return text if meant != text and self.joins(text) else meant

    @per_text()
    def wanted(self, product: Product, text: str) -> Wanted:
        """The colour and size of the item a text names, a colour in buyers' words too (哑光 for 雾面黑). The resolvers, the
        kind of answer and the answer itself ask it of one item and message in turn: kept for the last few (items are
        told apart by identity)."""
        return wanted_by(product, self.spelled(product, text), self.vocab.written_for)

    def amount_unlisted(self, product: Product, text: str) -> str | None:
        """A bag, bottle or can of a figure the item's sizes (2kg, 10kg) do not have (有5kg装的吗, 5公斤的)."""
        return amount_unlisted([v.size for v in product.variants if v.size], text, self.vocab.spellings)

    def by_table(self, product: Product, text: str) -> tuple[sizes.SizeTable, float, str] | None:
        """The measure a text gives against a size table the shop writes in words, in buyers' words too (底围)."""
        return sizes.given(product, text, self.vocab.measure_named)

    def described_needs(self, q: Question) -> tuple[str, ...]:
        """The words of a request that name a need in the words of items the shop tagged with none (跑步 of 想送男朋友
        个跑步用的): read only once the message asks for a recommendation, since any word may be such a need."""
        return needs_by.stated(q.words, self.catalog, self.vocab)

    def joins(self, text: str) -> bool:
        """Whether a text joins two of the shop's items by 加 or + (遥控车加电池多少钱, 菜刀+砧板): the pair is asked."""
        return len(self.catalog.named(text)) > 1 and bool(asks.JOINED.search(self.without_names(text)))

    def needs(self, text: str) -> tuple[str, ...]:
        """The needs a text states, its item names aside (the 登山 of 登山杖 is no need for climbing), and a freebie asked
        for (有什么礼品呀: `asks.FREEBIE`), which names no gift to buy."""
        return needs_by.named(asks.FREEBIE.sub(" ", self.without_names(text)), self.vocab, self.tags)

    @per_text()  # asked by claims, needs and answer in turn
    def without_names(self, text: str) -> str:
        """The text with the catalogue's item names taken out; trimmed, so the FAQ matcher's one clause
        is this very text and its words are the ones already cut. An attribute name or a need the items are tagged with
        that overlaps an item's name stays whole (帆布鞋鞋垫 -> 鞋垫, not 垫; 跑鞋底 -> 鞋底, not 底; 下酒, not 下), unless the
        name holds it (保温 of 保温杯).
        Read through `without_names`, which keeps the last few."""
        said = sorted((rank, end + 1 - length, length) for end, (rank, length) in self._names.iter(text)) if len(self._names) else []
        if not said:
            return text.strip()
        named = [False] * len(text)
        spans = []
        for _, at, length in said:  # longest first, each where no longer one was found: as replacing them in turn
            if not any(named[at:at + length]):
                named[at:at + length] = [True] * length
                spans.append((at, at + length))
        for attribute in self._kept_whole:
            at = text.find(attribute)
            while at >= 0:
                end = at + len(attribute)
                if any(named[at:end]) and not any(s <= at and end <= e for s, e in spans):
                    named[at:end] = [False] * len(attribute)
                at = text.find(attribute, at + 1)
        starts = {s for s, _ in spans}  # each name taken out leaves one space, as replacing it did
        return "".join(" " if mark and (i in starts or i == 0 or not named[i - 1]) else "" if mark else ch
                       for i, (ch, mark) in enumerate(zip(text, named))).strip()

    def known(self, skus: tuple[str, ...]) -> tuple[Product, ...]:
        return tuple(dict.fromkeys(p for sku in skus if (p := self.catalog.get(sku))))

    def part(self, q: Question, clause: str) -> Question:
        """One clause of a message read as a question of its own."""
        plain = self.without_names(clause)
        return replace(q, text=clause, plain=plain, words=self.words(plain))


class _Holders:
    """The items that hold each of some words (an item's own colours, its attributes' names), as one Aho-Corasick
    automaton: `one` reads a message in one pass, not each word of each item in turn."""

    def __init__(self, catalog: Catalog, words: Callable[[Product], Iterable[str]]) -> None:
        self._products = list(catalog)
        holding: dict[str, list[int]] = {}
        for n, product in enumerate(self._products):
            for word in words(product):
                holding.setdefault(word, []).append(n)
        self._index = automaton({word: (word, positions) for word, positions in holding.items()})

    def one(self, text: str) -> Product | None:
        """The one item holding a word the text says, when one does (a guess at the item, so its answer waits for an
        agent); None when none or several do."""
        found = self.every(text)
        return found[0] if len(found) == 1 else None

    def every(self, text: str) -> list[Product]:
        """The items holding a word the text says."""
        found = {n for _, (_, positions) in self._index.iter(text) for n in positions} if len(self._index) else set()
        return [self._products[n] for n in sorted(found)]

    def of_others(self, product: Product, text: str) -> str | None:
        """A word the text says that other items hold and this one does not (象牙白 of the foundation, asked of a
        lipstick): what the buyer asks of it is none of its own."""
        mine = self._products.index(product) if product in self._products else -1
        return next((word for _, (word, positions) in self._index.iter(text) if mine not in positions), None) \
            if len(self._index) else None


def _without_label(text: str, want: Wanted) -> str:
    """The text without the colour and size it names: what else it says (a count of items bought, or none)."""
    for part in want.label.lower().split():
        text = text.replace(part, " ")
    return text


def _weighed(product: Product, q: Question) -> Question:
    """The question with the weight it gives in figures no person weighs (猫九斤, 狗八斤, 两公斤半) when the item's
    chart goes by such weights (a pet's bed, coat or drops: S 1-8斤); the slots read only a person's."""
    if q.measures.weight is not None or not any(r.weight and r.weight[0] < CHILD_WEIGHT for r in product.size_chart):
        return q
    weight = sizing.light_weight(q.text, product.option_values("size"))
    if weight is None:
        return q
    return replace(q, measured=True, measures=replace(q.measures, weight=weight))


def _tall(product: Product, q: Question) -> Question:
    """The question with a bare figure said of a person (我155, 孩子125) read as the height, when the item's chart goes
    by height alone (a guitar, a desk): no weight it could be. The slots read only a figure whose unit or word says."""
    chart = product.size_chart
    if q.measures.height is not None or not chart or not all(r.height and not r.weight for r in chart):
        return q
    height = sizing.person_height(q.text)
    if height is None or not chart[0].height[0] - 30 <= height <= chart[-1].height[1] + 30:
        return q
    return replace(q, measured=True, measures=replace(q.measures, height=height))


def _aged(product: Product, q: Question) -> Question:
    """The question with a grown-up's age read (我爸五十八岁, 63岁戴几度) when the item's chart goes by ages past a
    child's (reading glasses by 45-80岁); other questions read a child's age only."""
    if q.measures.age is not None or not any(r.age and r.age[1] > measuring.CHILD_YEARS * 12 for r in product.size_chart):
        return q
    months = sizing.age(q.text, max(r.age[1] for r in product.size_chart if r.age) / 12)
    return q if months is None else replace(q, measured=True, measures=replace(q.measures, age=months))


def values_said(want: Wanted) -> int:
    """How many of an item's variant values a text names (鸡肉味 and 5.4kg: two)."""
    return sum(map(bool, (want.color, want.size, *want.options)))


def asks_something(clause: str) -> bool:
    """Whether a clause of a message asks something: a question's words or form, or a bare 呢 (黑色M有吗 L呢 asks twice)."""
    return bool(asks.QUESTION.search(clause)) or clause.rstrip(" ?？。.!！~～啊呀").endswith("呢")


_NUMERALS = re.compile(r"[零一二两三四五六七八九十百]+")


def _counts(label: str, count: int) -> bool:
    """Whether a variant's label holds a count, in digits or Chinese numerals (9斤装, 两斤装)."""
    return bool(re.search(rf"(?<![\d.]){count}(?![\d.])", label)) or any(
        measuring.figure(n) == count for n in _NUMERALS.findall(label))
