"""Which of the shop's items meet a buyer's stated need (送老人, 跑步用, 敏感肌): the needs the shop tagged an item
with (`suits`), or, for an item it tagged with none (the issue's format has no such field), what the item's own
words say: its names, category, attributes, notes and FAQ (中老年, 礼盒装, 加厚保暖, 适合跑步), unless they say it
does not suit (孕妇慎用, 不适合3岁以下). A recommendation is always a suggestion an agent sends: this only decides
which items the suggestion names first."""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from bot.lookup import automaton
from bot.product_words import ProductWords

from .model import Catalog, Product

# what an item's words say of a need it does not suit: 孕妇慎用, 不适合儿童, 3岁以下勿用
_NOT_BEFORE = re.compile(r"(?:不适合|不建议|不宜|禁止|避免|不能给|不可给|勿给|忌)[^，,。；;！!]{0,5}$")
_NOT_AFTER = re.compile(r"^[^，,。；;！!]{0,3}(?:慎用|勿用|禁用|不宜|忌用|不适合|不建议|不能用|不可用|请勿)")
# words of a request for a recommendation that say nothing of the need itself (推荐, 实用, 东西, 以内)
_ASKING = re.compile(r"(?:推荐|预算|以内|以下|之内|左右|上下|不超过|东西|实用|好用|什么|啥|哪|有没有|适合|合适|买|送|给|想|"
                     r"一下|一点|一个|用的|用品|价位|价格|便宜|性价比|款|个|点|的|吗|呢|呀|吧|好|用|有|要|挑|选|下|些|家里|平时|经常|需要|第一次|装备|东东)+")
_FIGURE = re.compile(r"[\d.零一二两三四五六七八九十百千万块元]+")
COMMON = 0.5  # a word more than this share of the untagged items say tells them apart no better than none


@lru_cache(maxsize=512)
def described(product: Product) -> str:
    """An item's own words, lower case: what is read of it when the shop tagged it with no needs (products are
    compared by identity, so a reloaded catalogue reads its own)."""
    parts = [*product.names, product.category, *product.attributes, *product.attributes.values(), product.size_note,
             product.how_to_use, *(w for f in product.faq for w in (*f.questions, f.answer))]
    return "\n".join(p for p in parts if p).lower()


def says(text: str, word: str) -> bool:
    """Whether a text says a word, not in saying it does not suit (孕妇慎用, 不适合老人)."""
    at = text.find(word)
    while at >= 0:
        if not (_NOT_BEFORE.search(text[max(0, at - 8):at]) or _NOT_AFTER.search(text[at + len(word):at + len(word) + 8])):
            return True
        at = text.find(word, at + 1)
    return False


def suits(product: Product, need: str, vocab: ProductWords) -> bool:
    """Whether an item suits a need: its tags say it (the need's core or one of buyers' words for it in a tag:
    冬季 in 冬季保暖), or, untagged, its own words say the need or a sign of it (老人: 中老年, 孝敬长辈)."""
    words = vocab.words_of_need(need)
    if product.suits:
        return any(need in tag or tag.removeprefix("送") in words or any(w in tag for w in words) for tag in product.suits)
    return any(says(described(product), w.lower()) for w in (need, *vocab.signs_of(need)))


def weight(product: Product, need: str, vocab: ProductWords) -> int:
    """How plainly an item suits a need, to rank a recommendation: 2 when its tags say it or, untagged, its names do
    (瑜伽 of 瑜伽裤); 1 when only its other words do (女生 in a FAQ, 装备 of 户外装备); 0 when it does not suit."""
    if not suits(product, need, vocab):
        return 0
    if product.suits:
        return 2
    names = "\n".join(product.names).lower()  # a category (户外装备) is shared by many: no more than any other word
    return 2 if any(says(names, w.lower()) for w in (need, *vocab.signs_of(need))) else 1


def stated(words: list[str], catalog: Catalog, vocab: ProductWords) -> tuple[str, ...]:
    """The words of a request for a recommendation that name a need in the untagged items' own words (跑步, 出差,
    补水 of 经常出差 有啥实用的): said by some of them, not by most, and neither asking nor a need's core word."""
    untagged = [described(p) for p in catalog if not p.suits]
    if not untagged:
        return ()
    said_by_any = "\n".join(untagged)  # a word none of them says (most) is passed over in one look
    found = []
    for word in dict.fromkeys(w.lower() for w in words):
        if (len(word) < 2 or word not in said_by_any or word in vocab.core_words or _ASKING.fullmatch(word)
                or _FIGURE.fullmatch(word)):
            continue
        share = sum(says(text, word) for text in untagged) / len(untagged)
        if 0 < share <= COMMON:
            found.append(word)
    return tuple(found)


def named(text: str, vocab: ProductWords, tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The needs a text names, as the cores shops tag items with (老人, 送礼...), and the shop's own tags it
    says in so many words (满月礼, 户外: `tags`, the catalogue's)."""
    cores = vocab.needs_said(text)
    index = _tag_index(tags)
    said = {n for _, positions in index.iter(text) for n in positions} if len(index) else ()
    return cores + tuple(t for n, t in enumerate(tags) if n in said
                         and not any(t.removeprefix("送") in vocab.words_of_need(c) for c in cores)) if said else cores


@lru_cache(maxsize=8)
def _tag_index(tags: tuple[str, ...]) -> ahocorasick.Automaton:
    """Each tag's words (送 aside, two characters or more) -> the positions of the tags they are: one pass over a text
    finds the tags it says."""
    of: dict[str, list[int]] = {}
    for n, tag in enumerate(tags):
        if len(core := tag.removeprefix("送")) > 1:
            of.setdefault(core, []).append(n)
    return automaton(of)
