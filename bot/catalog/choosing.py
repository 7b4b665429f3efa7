"""Which item a product question is about, in one order of precedence: what the message, the conversation and the
order name (`named_in`, read by `resolve`), then `RESOLVERS`, small functions tried in turn, each deciding the item
(a `Choice`: the item or items and the reason) or passing. To add a case, add one resolver where it belongs."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from bot.domain import Order
from bot.text import clauses

from . import asks, sizing
from .attributes import attributes_asked
from .faq import FAQ_MIN, FAQ_STRONG, by_faq_alone
from .kinds import note_answers
from .model import Measures, Product
from .reading import Question, Reader, asks_something, values_said
from .resolve import Resolution, named_as_another, resolve
from .sizes import SizeTable


@dataclass(frozen=True)
class Choice:
    """The item a question is about, or several each answered, and the resolver that decided (`reason`)."""

    reason: str = ""  # the resolver's name; "" when none decided
    product: Product | None = None
    each: tuple[Product, ...] = ()  # several items, each one's answer given (耳机和充电宝分别多少钱)
    guess: bool = False  # picked among several or by what is asked alone: an agent confirms
    named: bool = False  # the item itself named, for sure: the answer may go alone on what it says of it
    unnamed: bool = False  # no item named nor in the conversation: found by what is asked, which the answer names


@dataclass(frozen=True)
class Clues:
    """What the resolvers read: the question, its FAQ scores and what the message, conversation and order name."""

    reader: Reader
    text: str  # as meant
    q: Question
    faq: dict[str, tuple[float, int]]
    found: Resolution
    asked: bool  # the matcher called it a product question

    @cached_property
    def bundled(self) -> Product | None:
        """The first item of the one bundle the text calls by its name (情侣表一套多少钱), when no item was found."""
        if self.found.product or self.found.unknown:
            return None
        bundle = self.reader.catalog.bundle_named(self.text, asked=bool(asks.BUNDLE.search(self.text)))
        return self.reader.catalog.get(bundle.skus[0]) if bundle is not None else None

    @cached_property
    def together(self) -> Product | None:
        """The candidate whose bundle holds every candidate, when they are asked of together (一起, 套装)."""
        candidates = self.found.candidates
        joined = bool(candidates) and self.reader.joins(self.text)
        return holding_all(candidates) if candidates and (asks.BUNDLE.search(self.text) or joined) else None

    @cached_property
    def strong(self) -> list[str]:
        """The SKUs whose FAQ entry is near enough the question to name the item (`FAQ_STRONG`)."""
        return [sku for sku, (score, _) in self.faq.items() if score >= FAQ_STRONG]

    @property
    def nothing_named(self) -> bool:
        """Neither an item, nor candidates, nor one the catalogue lacks was found: only what is asked may tell."""
        return not (self.found.product or self.found.candidates or self.found.unknown)


def named_in(reader: Reader, raw: str, text: str, plain: str, faq: dict[str, tuple[float, int]], order: Order | None,
             remembered: str | None) -> Resolution:
    """What the message names (`resolve`), read twice more: with nothing named, the items holding a variant value it
    names are the candidates (礼盒装的多少钱 of a shop whose apples and tea both come in a gift box: each one's answer,
    never a guess among them); an item called by a short word gives way when another item's FAQ entry says the question
    and its own does not (头发吹干要多久: not the 头发 of 护发精油), unless an attribute of its own is asked (德绒的起不起球
    of underwear whose 起球 attribute says it, beside briefs whose FAQ asks 起不起球)."""
    found = resolve(reader.catalog, raw, text, order, remembered, reader.shortened(text))
    if not (found.product or found.candidates or found.unknown) and len(holding := reader.variant_named.every(text)) > 1:
        return Resolution(candidates=tuple(holding), source="variant")
    if found.source == "short" and found.product is not None and faq.get(found.product.sku, (0.0,))[0] < FAQ_STRONG and any(
            score >= FAQ_STRONG for sku, (score, _) in faq.items() if sku != found.product.sku) and not any(
            len(a) > 1 and a.lower() in plain for a in found.product.attributes):
        return Resolution()
    return found


# --- the resolvers, in order of precedence ----------------------------------------------------------------------------
def each_priced(c: Clues) -> Choice | None:
    """The price of each of several items named (耳机和充电宝分别多少钱): never a guess among them. Not an order's items
    (which one is asked), nor items asked of together (a bundle's price), nor when a bundle so named is among them or
    only one has the variant named (猫粮鸭肉梨的多少钱: the one with the flavour)."""
    cands, text = c.found.candidates, c.text
    if len(cands) > 1 and c.found.source != "order" and asks.PRICE.search(text) and not asks.BUNDLE.search(text) and not (
            c.reader.joins(text) and holding_all(cands)) and c.bundled not in cands and (
            sum(bool(c.reader.wanted(p, text)) for p in cands) != 1):
        return Choice(each=cands)
    return None


def resolved(c: Clues) -> Choice | None:
    """The item the message links or names, or the conversation's or the order's (`resolve`): named for sure unless
    called by a short word, by what it goes with or by a mark (`source`), or by a word other items' names end in too."""
    if (product := c.found.product) is None:
        return None
    source = c.found.source
    named = source not in ("short", "object", "mark") and not (
        source == "name" and named_as_another(c.reader.catalog, product, c.text))
    return Choice(product=product, named=named)


def bundle_of_all(c: Clues) -> Choice | None:
    """T恤和裤子一起买: the candidate whose bundle holds every candidate, asked of together; named for sure when each is
    named by a name of its own (中性笔和本子一起买, not one word they share: 文具一套)."""
    if c.together is None:
        return None
    return Choice(product=c.together, named=set(c.found.candidates) <= set(c.reader.catalog.named_alone(c.text)))


def bundle_among(c: Clues) -> Choice | None:
    """The candidate that is the first item of the bundle the text calls by its name."""
    if c.bundled is None or c.bundled not in c.found.candidates:
        return None
    return Choice(product=c.bundled, guess=_picked(c, c.bundled))


def narrowed(c: Clues) -> Choice | None:
    """The one candidate the question can only be about (`narrow`: its FAQ, its colours, its size chart); not among
    the holders of a variant value named, whose answers are each given."""
    if not c.found.candidates or c.found.source == "variant":
        return None
    product = narrow(c.reader, c.found.candidates, c.q, c.faq)
    return Choice(product=product, guess=_picked(c, product)) if product is not None else None


def bundle_named(c: Clues) -> Choice | None:
    """情侣表一套多少钱, no item named: the first item of the one bundle so called, a guess for an agent."""
    if c.found.candidates or c.bundled is None:
        return None
    return Choice(product=c.bundled, guess=True)


def one_strong_faq(c: Clues) -> Choice | None:
    """Nothing named: the one item whose FAQ entry says the question (`FAQ_STRONG`), as sure as if it were named."""
    if not c.nothing_named or len(c.strong) != 1 or (product := c.reader.catalog.get(c.strong[0])) is None:
        return None
    return Choice(product=product, unnamed=True)


def attribute_owner(c: Clues) -> Choice | None:
    """Nothing named, a product question: the one item with an attribute the question names, a guess."""
    return _guessed(c, c.reader.attribute_owners.one(c.text) if c.asked else None)


def size_chart(c: Clues) -> Choice | None:
    """Nothing named, a product question or a measure given: the one item charted by it (头围58戴什么码, 手腕一圈16.5 s还是m),
    a guess."""
    return _guessed(c, charted(c.reader, c.text, c.q.measures) if c.asked or c.q.measured else None)


def option_named(c: Clues) -> Choice | None:
    """Nothing named: the one item with an option value the text names (c转苹果两米多少钱, 奶白青轴), a guess."""
    return _guessed(c, optioned(c.reader, c.text))


def variant_named(c: Clues) -> Choice | None:
    """Nothing named: the one item with a colour or size of a name of its own that the text says, a guess."""
    return _guessed(c, c.reader.by_variant(c.text))


def faq_alone(c: Clues) -> Choice | None:
    """Nothing named, no entry near enough to name an item, a question (not 我买了iPad): the one item whose entry near it
    says each word asked (换粮要几天), a guess."""
    if c.strong or not asks.QUESTION.search(c.text):
        return None
    return _guessed(c, by_faq_alone(c.reader.catalog, c.faq, c.q.words))


RESOLVERS: tuple[Callable[[Clues], Choice | None], ...] = (
    each_priced, resolved, bundle_of_all, bundle_among, narrowed, bundle_named,
    one_strong_faq, attribute_owner, size_chart, option_named, variant_named, faq_alone)


def choose(clues: Clues) -> Choice:
    """The first resolver's choice; an empty one when none decides (the desk then asks which, or answers nothing)."""
    for resolver in RESOLVERS:
        if (choice := resolver(clues)) is not None:
            return replace(choice, reason=resolver.__name__)
    return Choice()


def _picked(c: Clues, product: Product) -> bool:
    """Whether an item picked among candidates is a guess: not among an order's items, nor among goods of a kind when
    its FAQ entry alone says the question (镜片防蓝光吗 of two lenses: as sure as that entry asked with no name)."""
    return c.found.source != "order" and not (c.found.source == "kind" and c.strong == [product.sku])


def _guessed(c: Clues, product: Product | None) -> Choice | None:
    """An item found by what is asked alone, when nothing was named: a guess whose answer names it."""
    return Choice(product=product, guess=True, unnamed=True) if product is not None and c.nothing_named else None


# --- readings the resolvers and the desk share --------------------------------------------------------------------------
def optioned(reader: Reader, text: str) -> Product | None:
    """The one item with an option value the text names, when it names no item (c转苹果两米多少钱: the cable's
    connector; 奶白青轴: the keyboard's switch): a guess at the item, so its answer waits for an agent."""
    found = [p for p in reader.catalog if p.options and reader.wanted(p, text).options]
    return found[0] if len(found) == 1 else None


def charted(reader: Reader, text: str, given: Measures) -> Product | None:
    """The one item whose size chart goes by a measure the message gives (头围58戴什么码: the helmet's, by 头围), or
    whose table in words holds it (卧室15平 吸顶灯买多大: the bedroom lamp's, by 8-18㎡), when it names no item: a
    guess at the item, so its answer waits for an agent."""
    found = [p for p in reader.catalog if sizing.used(p.size_chart, given) or _holds(reader.by_table(p, text))]
    return found[0] if len(found) == 1 else None


def narrow(reader: Reader, candidates: tuple[Product, ...], q: Question, faq: dict[str, tuple[float, int]]) -> Product | None:
    """The one candidate the question can only be about: its FAQ, its colours, its size chart."""
    by_faq = [p for p in candidates if faq.get(p.sku, (0.0,))[0] >= FAQ_STRONG]
    if len(by_faq) == 1:
        return by_faq[0]
    said = [values_said(reader.wanted(p, q.text)) for p in candidates]
    most = max(said) if said.count(max(said)) == 1 else -1
    asking = [c for c in clauses(q.text) if asks_something(c)]
    asked_of = {p for c in asking for p in reader.catalog.named(c)} if len(asking) < len(clauses(q.text)) else set()
    for test in (lambda p: bool(sizing.used(p.size_chart, q.measures)),  # 孩子七岁用哪款牙刷: the toothbrush charted by
                 # age, not the adults' one the bare 牙刷 names alone; 头围58: the chart that goes by 头围
                 lambda p: sizing.advise_size(p.size_chart, q.measures) is not None,  # 头盔头围57: the adults' chart
                 # that reaches 57, not the children's that stops at 56
                 lambda p: _holds(reader.by_table(p, q.text)),  # 卧室15平 吸顶灯买多大: the lamp whose table by
                 # room size holds 15㎡, not the one whose smallest is for 18㎡
                 lambda p: p in reader.catalog.named_alone(q.text),  # 被子 ... 贡缎四件套选哪个: the one named as itself
                 lambda p: p in asked_of,  # 床垫1米5乘2米的 床笠拍哪个: the one named where the message asks
                 lambda p: gives_others(p, candidates, q.text),  # 推车送雨罩吗: the pram, whatever the cover's file says
                 lambda p: speaks_of_others(p, candidates, q.text),  # 喂食器能放冻干吗: the feeder's facts say 冻干
                 lambda p: values_said(reader.wanted(p, q.text)) == most,  # 5.4公斤鸡肉味: the food in both
                 lambda p: bool(reader.wanted(p, q.text)),
                 lambda p: note_answers(p, q),  # 大米三口之家买多大的: the rice whose size note speaks of households
                 lambda p: bool(attributes_asked(p, q.plain, q.words, reader.vocab)),
                 lambda p: bool(p.size_chart) and (q.measured or bool(asks.SIZE.search(q.text))),
                 lambda p: reader.by_table(p, q.text) is not None,
                 # 头盔戴眼镜会压吗: the one whose FAQ speaks of it; not 哪个适合送老人, which weighs them all
                 lambda p: faq.get(p.sku, (0.0,))[0] >= FAQ_MIN and not asks.RECOMMEND.search(q.text)):
        fitting = [p for p in candidates if test(p)]
        if len(fitting) == 1:
            return fitting[0]
    return None


def speaks_of_others(product: Product, candidates: tuple[Product, ...], text: str) -> bool:
    """Whether the item's own facts name each other candidate as the text names it (喂食器能放冻干吗: the feeder's 适用粮
    says 冻干, the treats' file never says 喂食器; 床笠尿了会漏到床垫上吗: the sheet's FAQ says 床垫): the other item
    is what the question asks about this one."""
    said = " ".join((*product.attributes.values(), product.size_note or "", product.how_to_use,
                     *(f"{' '.join(f.questions)} {f.answer}" for f in product.faq))).lower()
    if _COMPARED.search(text):
        return False  # 烤箱和空气炸锅哪个好, 茶叶跟杯子一起买: both items are asked about, whatever one's file says
    others = [[n for n in p.lower_names if n in text] for p in candidates if p is not product]
    return bool(others) and all(names and any(n in said for n in names) for names in others)


_COMPARED = re.compile(r"[和跟与或]|还是|哪个|哪款|区别|一起")


def gives_others(product: Product, candidates: tuple[Product, ...], text: str) -> bool:
    """Whether the text names the item, then asks whether it comes with each other candidate (推车送雨罩吗, 奶瓶送不送奶嘴):
    the item before 送 is the one asked about, the others what it may come with."""
    given = _GIVES.search(text)
    if given is None:
        return False
    before, after = text[:given.start()], text[given.end():]
    others = [p for p in candidates if p is not product]
    return any(n in before for n in product.lower_names) and bool(others) and all(
        any(n in after for n in p.lower_names) and not any(n in before for n in p.lower_names) for p in others)


_GIVES = re.compile(r"(?<![能多再还给就以也请])([送赠带])(?:不\1)?")  # 送, 送不送: what comes with the item named before it


def holding_all(candidates: tuple[Product, ...]) -> Product | None:
    """A candidate with a bundle that holds every candidate: T恤和裤子一起买 asks about T恤+运动裤套装 (written in
    either item's file, or both)."""
    skus = {p.sku for p in candidates}
    return next((p for p in candidates if any(skus <= set(b.skus) for b in p.bundles)), None)



def _holds(given: tuple[SizeTable, float, str] | None) -> bool:
    """Whether a size table the buyer's measure is given against holds it in one of its rows, not past its ends."""
    return given is not None and (picked := given[0].pick(given[1])) is not None and picked[2] is None
