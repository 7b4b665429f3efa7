"""A product answer written out: the facts of the kind read (`Answers.about`), the prices of several items, the
items a recommendation names, each rendered in the shop's own templates (`replies/product/*.j2`). An answer that
states the catalogue's facts may be sent by itself (`ProductAnswer.factual`); one that is a guess says so (`sure`),
and the desk decides whether it goes out alone (`alone.stands_alone`)."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from bot.render import RenderError, render

from . import asks
from . import needs as needs_by
from .ages import age_asked, age_spans, fits_age
from .attributes import answers_degree, attributes_asked, measures_near, near_values, part_named, units_near
from .claims import confirms, contradicted
from .cues import attribute_words, need_words, unexplained
from .faq import FAQ_MIN, FAQ_SURE, says_figures, speaks_to
from .fitting import fit_advice, size_advice
from .kinds import accessories, shade_advice
from .model import Product, money
from .reading import Question, Reader
from .resolve import Resolution
from .variants import compared, spanning, stock, variant_prices, wanted_variants

log = logging.getLogger(__name__)

TEMPLATES = "product"  # replies/product/<kind>.j2
FACTUAL = frozenset({"stock", "size", "attribute", "faq", "genuine", "warranty", "bundle", "recommend", "related", "accessories",
                     "price", "suits", "usage", "shade", "fit"})
PICKS = 3  # items a recommendation names

LOOSE_PICKS = 5  # ...and when none is known to suit the need: what the budget buys, for the agent to choose among
# Answers that weigh the buyer's needs (送老人, 预算一百五, 适合学生吗) rather than state what was asked: a
# judgement read from need words, which an agent sends.
JUDGEMENTS = frozenset({"recommend", "suits"})
_UNIT_ENDED = re.compile(r"\d\s*(?:kg|g|ml|l|cm|mm)$", re.IGNORECASE)  # a size that is a measure (1-2.5kg, 500ml)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# a length or a weight asked (多长, 多宽, 多重), which only a value with a figure answers: t恤多长 is not answered by 袖长: 短袖
# alone (连衣裙有多长 is, by 裙长: 约115cm beside it)
_LENGTH_ASKED = re.compile(r"多[长宽高深粗远重沉]")
_FIGURED = re.compile(r"\d|[一二两三四五六七八九十半]")


@dataclass(frozen=True)
class ProductAnswer:
    kind: str  # one of FACTUAL, or which_item, unknown_item, ask_measurements, size_note, prices, unanswered
    text: str
    sku: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    sure: bool = True  # false for a FAQ answer that is only the closest one: an agent checks it
    variant: tuple[str, ...] = ()  # the colour, size and options the question named of the item (透明粉, 52口)

    @property
    def factual(self) -> bool:
        """It states the catalogue's facts, so it may go out with no agent."""
        return self.kind in FACTUAL and self.sure

    @property
    def missing_faq(self) -> bool:
        """A question about a known item that the catalogue cannot answer: a FAQ to add."""
        return (self.kind == "unanswered" or bool(self.facts.get("faq_guess"))) and self.sku is not None


class Answers:
    """Writes the answer of each kind from the item's facts, as the Reader reads the question, in the shop's templates."""

    def __init__(self, read: Reader, env: SandboxedEnvironment) -> None:
        self._read, self._env = read, env

    def _render(self, kind: str, context: dict[str, Any], seed: str, sku: str | None, facts: dict[str, Any]) -> ProductAnswer:
        try:
            text = render(self._env, f"{TEMPLATES}/{kind}", {**context, "seed": seed})
        except RenderError as exc:
            log.error("product template failed: %s", exc)
            text, kind = "亲，这个问题客服帮您确认一下，请稍等~", "unanswered" if kind in FACTUAL else kind
        return ProductAnswer(kind, text, sku, facts)

    def which(self, found: Resolution, seed: str, *, genuine: bool = False) -> ProductAnswer:
        """Which item the buyer means; of an item the catalogue lacks, that an agent confirms it, and when the buyer asks
        whether it is genuine (`genuine`), the after-sale every item has, the one assurance given without its facts."""
        if found.unknown:
            context = {"named": found.unknown, "genuine": genuine}
            return self._render("unknown_item", context, seed, None, {"product_question": "unknown_item"})
        titles = [p.title for p in found.candidates]
        return self._render("which_item", {"candidates": titles}, seed, None, {"product_question": "which_item"})

    def prices(self, products: tuple[Product, ...], text: str, seed: str) -> ProductAnswer:
        """The price of each item a message names, or of the variants of it named (礼盒装: each item's gift box): a
        suggestion for an agent, who sees whether a variant's or a bundle's price was meant."""
        items = [{"title": p.title, "price": money(p.price), "sku": p.sku,
                  "variants": variant_prices(p, want) if (want := self._read.wanted(p, text)) else []} for p in products]
        facts = {"product_question": "prices", "priced": "、".join(p.sku for p in products)}
        return replace(self._render("prices", {"items": items}, seed, None, facts), sure=False)

    def recommend(self, q: Question, seed: str, among: tuple[Product, ...] = ()) -> ProductAnswer:
        """The shop's items for a stated need and budget; among the ones named, when the buyer compares some."""
        needs = tuple(dict.fromkeys((*self._read.needs(q.text), *self._read.described_needs(q))))
        budget, around = asks.budget(q.text) or (max(q.slots.amounts) if q.slots.amounts else None, False)
        age = age_asked(q.text)  # 6岁男孩: not an item for 0-3 years
        affordable = [p for p in among or self._read.catalog if p.in_stock and fits_age(p, age) is not False
                      and (budget is None or p.price <= budget * (1.2 if around else 1.0))]
        weights = {p.sku: [needs_by.weight(p, n, self._read.vocab) for n in needs] for p in affordable}
        # a need few items suit tells them apart more than one many suit (瑜伽 of two items, 装备 of four outdoor ones)
        suiting = [sum(1 for w in weights.values() if w[n]) or 1 for n in range(len(needs))]
        score = {sku: sum(x / k for x, k in zip(w, suiting)) for sku, w in weights.items()}
        # the items that suit a need, those that suit most and most plainly first (瑜伽 in the name before 女生 in a FAQ)
        fitting = [p for p in affordable if score[p.sku]]
        # none suits: what the budget buys, for the agent to choose among, worded as no claim that it suits
        loose = not fitting and bool(needs)
        # then the items whose own words say the buyer's (宝宝 of 满月礼 for a baby's romper before a schoolbag that
        # says 儿童)
        said = [w.lower() for n in needs for w in self._read.vocab.words_of_need(n) if w in q.text]
        echo = {p.sku: sum(needs_by.says(needs_by.described(p), w) for w in said) for p in affordable}
        fitting = fitting or affordable
        fitting.sort(key=lambda p: (-score[p.sku], -echo[p.sku], -p.price if budget else 0, p.sku))
        picks = [{"title": p.title, "price": money(p.price), "sku": p.sku} for p in fitting[:LOOSE_PICKS if loose else PICKS]]
        first = weights[fitting[0].sku] if fitting and not loose else []
        context = {"picks": picks, "need": "、".join(n for n, w in zip(needs, first) if w),  # what the first pick suits
                   "budget": money(budget) if budget else None, "loose": loose}
        facts = {"product_question": "recommend", "recommended": "、".join(p["sku"] for p in picks) or None}
        advice = self._render("recommend" if picks else "no_recommendation", context, seed, None, facts)
        return advice if all(first) and len(first) == len(needs) else replace(advice, sure=False)

    def about(self, product: Product, kind: str, q: Question, faq: tuple[float, int] | None, seed: str) -> ProductAnswer:
        context: dict[str, Any] = {"item": {"title": product.title, "price": money(product.price), "sku": product.sku},
                                   "unnamed": q.unnamed}
        sure = True
        facts: dict[str, Any] = {"item": product.card(), "product_question": kind}
        if kind == "size":
            kind = size_advice(self._read, product, q, context, facts)
            # 加长款 and 1-2.5kg, not 加长款码 and 1-2.5kg码
            context.setdefault("own", False)
            context.setdefault("ma", "" if _CJK.fullmatch(str(context.get("size") or "")[-1:]) or _UNIT_ENDED.search(str(context.get("size") or "")) else "码")
            # off the chart, the nearest size; from the size usually worn by what the note says: for an agent to confirm
            sure = not (context.get("beyond") or context.get("by_note"))
        elif kind == "stock":
            kind = stock(self._read, product, q, context, facts)
            sure = not context.get("unlisted")
        elif kind == "fit":
            sure = fit_advice(self._read, product, q, context, facts)
        elif kind == "faq":
            entry = product.faq[faq[1]]
            context["answer"], facts["faq"] = entry.answer, entry.questions[0]
            sure = faq[0] >= FAQ_SURE and speaks_to(entry, q.words) and says_figures(entry, q.plain)
            facts["faq_guess"] = faq[0] < FAQ_MIN  # found by shared characters only: still a FAQ to write
        elif kind == "attribute":
            asked = attributes_asked(product, q.plain, q.words, self._read.vocab)
            spanned = spanning(product, q)  # the grades' spans first: 85mm以上 asks them, whatever 以上 of 净重9斤以上 says
            context["attributes"] = (list(dict.fromkeys([*spanned, *asked])) or compared(product, q) or near_values(product, q.words)
                                     or contradicted(product, q.plain, self._read.vocab)
                                     or measures_near(product, q.plain) or units_near(product, q.plain)
                                     or part_named(product, q.plain))
            sure = bool(asked) and (all(answers_degree(q.plain, name, value, self._read.vocab) for name, value in context["attributes"])
                    and not unexplained(q.words, attribute_words(context["attributes"], self._read.vocab))
                    and not self._read.vocab.claims_unsaid(q.plain, context["attributes"])  # 能美白吗 of 补水保湿
                    and not (_LENGTH_ASKED.search(q.plain) and not any(_FIGURED.search(v) for _, v in context["attributes"])))
            context["yes"] = sure and confirms(q.text, q.words, asked)
        elif kind == "price" and (q.slots.quantity or 1) == 1 and any(v.price is not None for v in product.variants):
            context["variant_prices"] = variant_prices(product, self._read.wanted(product, q.text))  # 50ml多少钱: its own
        elif kind == "price" and (q.slots.quantity or 1) > 1:  # 两个一起多少钱: a bundle's price (`alone._counted` decides
            count = q.slots.quantity                           # whether it goes alone)
            own = [b for b in product.bundles if set(b.skus) == {product.sku}]
            bundles = [b for b in own if len(b.skus) == count]
            kind = "bundle" if bundles else "price"  # 买三件 with only a pair on offer: the price and the pair's, for an agent
            context["bundles"] = [self._bundle(b) for b in bundles or own]
        elif kind == "price" and len(product.variants) > 1 and self._read.wanted(product, q.text):
            sure = False  # 1000g那种多少钱: the file holds one price, not each variant's; an agent confirms it
        elif kind in ("usage", "shade"):
            context["note"] = product.how_to_use if kind == "usage" else shade_advice(product)
        elif kind in ("genuine", "warranty"):
            context["statement"] = getattr(product, kind)
            kind = kind if context["statement"] else "unanswered"
            # 鼓包了给换吗 may report what happened; 山茶油有瓶子吗 and 会过敏吗 share a word with 瓶子破损包赔 and 过敏可退货
            # but ask nothing of what the shop does: the statement is only an agent's suggestion
            sure = kind != "warranty" or (bool(asks.WARRANTY.search(q.text) or asks.RETURN_ASKED.search(q.text))
                                          and not (asks.REMEDY.search(q.text) and not asks.WARRANTY.search(q.text)))
        elif kind == "bundle":
            context["bundles"] = [self._bundle(b) for b in self._read.catalog.bundles_with(product)]
            kind = kind if context["bundles"] else "unanswered"
        elif kind == "suits":
            needs = self._read.needs(q.text)
            age = age_asked(q.text)  # 适合3岁孩子吗 against 6岁以上: the ages the item is for decide too
            context["need"] = (f"{age}岁的" if age is not None else "") + "、".join(needs)
            context["fits"] = all(needs_by.suits(product, n, self._read.vocab) for n in needs) and fits_age(product, age) is not False
            context["ages"] = "、".join(dict.fromkeys(w for w, _, _ in age_spans(product)))
            context["others"] = [{"title": p.title, "price": money(p.price)} for p in self._read.catalog
                                 if p is not product and p.in_stock and all(needs_by.suits(p, n, self._read.vocab) for n in needs)
                                 and fits_age(p, age) is not False][:2]
            sure = not unexplained(q.words, need_words(needs, self._read.vocab))  # 送礼有包装吗 asks about 包装 too
        elif kind == "related":
            want = self._read.wanted(product, q.text)
            chosen = wanted_variants(product, want)
            if want and chosen and not any(v.stock for v in chosen):
                kind = stock(self._read, product, q, context, facts)  # what they want is sold out: say so first
            context["related"] = [{"title": p.title, "price": money(p.price)} for s in product.related if (p := self._read.catalog.get(s))]
            context["wanted"] = want.label
        elif kind == "accessories":  # which of them the buyer means, and whether it is for sale at all, an agent reads
            context["accessories"] = [{"title": p.title, "price": money(p.price)} for p in accessories(self._read.catalog, product)]
            sure = False
        if kind == "unanswered":
            context["question"] = q.text
        if kind != "related" and asks.HAPPENED.search(q.text) and not asks.QUESTION.search(q.text):
            sure = False  # 洗了缩水了 reports what happened: the facts may help the agent, the buyer needs a person
        answer = self._render(kind, context, seed, product.sku, facts)
        return answer if sure else replace(answer, sure=False)

    def _bundle(self, bundle: Any) -> dict[str, Any]:
        items = [p for s in bundle.skus if (p := self._read.catalog.get(s))]
        separately = sum(p.price for p in items)
        return {"name": bundle.name, "price": money(bundle.price), "items": [p.title for p in items],
                "saving": money(separately - bundle.price) if separately > bundle.price else None}
