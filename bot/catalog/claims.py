"""The value a yes/no question claims for the item (是景德镇的吗, 是50ml的吗, 是真皮的吗), and whether the item's
attributes say yes to it (`confirms`) or can only be about it while saying otherwise (`contradicted`)."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.product_words import ProductWords

from .asks import ASKING, ASKING_WORDS, PLAIN_CHARS, YES_NO
from .model import Product


# 是景德镇的吗, 是50ml的吗, 是日本产的吗: the value a yes/no question claims for the item
CLAIM = re.compile(r"(?:是不是|是)\s*(?P<claim>[^，,。！？?\s是]{1,10}?)\s*(?:产|生产|出产|做)?的?(?:吗|么|嘛|呀)?[？?]?$")
QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*([a-z]+|毫升|毫安|千克|公斤|克|斤|升|厘米|毫米|米|瓦|小时|寸)?")
PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz"})  # jieba tags 景德镇 nr, 若羌 nrt, 和田 nz: names of places among them
NEGATION = re.compile(r"[无不没非否未]|(?<![\d.])0(?=[\u4e00-\u9fff])|零添加")  # 0添加白砂糖, 0蔗糖: a no too
# what a material is made of, in the characters its names share (真皮, 纯棉, 羊毛, 不锈钢, 实木): a claim of one asks the material
MATERIAL = re.compile(r"[皮革棉麻丝毛绒纤塑钢铁铝铜木竹瓷陶硅]|玻璃|合金|尼龙|涤纶|帆布")  # 无香精 says no to 香精: never a yes


@dataclass(frozen=True)
class Amount:
    figure: float
    unit: str


def _amounts(text: str) -> list[Amount]:
    return [Amount(float(m.group(1)) * (10000 if m.group(2) else 1), m.group(3) or "")
            for m in QUANTITY.finditer(text.lower())]


@lru_cache(maxsize=256)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's part-of-speech cut of a short text (loaded on first use: only a claimed value needs it)."""
    import jieba  # noqa: PLC0415 - its dictionary loads on first use; most messages never come here
    import jieba.posseg  # noqa: PLC0415
    jieba.setLogLevel(logging.WARNING)
    return tuple((p.word, p.flag) for p in jieba.posseg.lcut(text))


def _is_place(text: str, tags: frozenset[str]) -> bool:
    cut = [(w, f) for w, f in tagged(text) if w.strip()]
    return bool(cut) and all(f in tags for _, f in cut)


def claim_of(text: str) -> str | None:
    """The value a yes/no question claims: 无香 of 是无香的吗, 景德镇 of 是景德镇产的吗."""
    m = CLAIM.search(text.lower())
    return m.group("claim") if m and YES_NO.search(text) else None


def contradicted(product: Product, text: str, vocab: ProductWords) -> list[tuple[str, str]]:
    """The attributes a yes/no question's claimed value can only be about, when no value says it: 是50ml的吗
    against 净含量: 50g (the same figure or unit), 是景德镇的吗 against 产地: 广东潮州 (a place against the
    values that start with one). The real value is for an agent to send: the claim may be right in words the
    catalogue does not use, or about something else."""
    if not (claim := claim_of(text)):
        return []
    values = {name: value.lower() for name, value in product.attributes.items()}
    if any(claim in v for v in values.values()) or any(claim in n for n in product.lower_names):
        return []
    if said := _amounts(claim):
        fits = [name for name, v in values.items()
                if any(a.unit == s.unit and a.unit or a.figure == s.figure for a in _amounts(v) for s in said)]
    elif re.fullmatch(r"[\u4e00-\u9fff]{2,6}", claim) and _is_place(claim, PLACE_TAGS):
        fits = [name for name, v in values.items() if tagged(v) and tagged(v)[0][1] == "ns"]  # 广东潮州, 上海
    elif MATERIAL.search(claim):  # 是真皮的吗 against 鞋面材质: 飞织网面: the item's material, whatever it is
        part = set(MATERIAL.sub("", claim)) - PLAIN_CHARS  # 玻璃屏: the 屏幕's, not any value of glass or silicone
        fits = ([name for name in values if part & set(name)] or [name for name in values if vocab.material.search(name)]
                or [name for name, v in values.items() if MATERIAL.search(v)])  # 鞋面: 网面+合成革
    else:
        fits = []
    return [(name, product.attributes[name]) for name in fits]


def confirms(text: str, words: list[str], found: list[tuple[str, str]]) -> bool:
    """Whether attributes say yes to a yes/no question: each one's value holds a word asked (骨瓷的吗 against
    材质: 骨瓷), says no to nothing (有香精吗 against 无香精 is a no) and gives no other figure in the unit of one the
    question claims (10斤的是净重吗 against 10斤装净重约9斤: the 净重 is another weight)."""
    asked = [w.lower() for w in words if len(w) > 1 and w not in ASKING_WORDS and not ASKING.match(w)]
    # the attribute's own name in its value is no yes: 起不起球 against 起球: 抗起球处理，可能轻微起球
    return bool(YES_NO.search(text) and found and asked) and all(
        any(w in value.lower() for w in asked if w != name.lower()) and not NEGATION.search(value)
        and not _another_figure(text, value.lower()) for name, value in found)


_MEASURED = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(斤|公斤|千克|kg|克|g|毫升|ml|升|l|毫米|mm|厘米|cm|米|m)(?![a-z])")


def _another_figure(text: str, value: str) -> bool:
    """Whether a value gives a figure in the unit of a figure the text names other than that one (4.5斤 beside 5斤)."""
    said = {(m.group(1), m.group(2)) for m in _MEASURED.finditer(text)}
    return any(m.group(2) == unit and m.group(1) != figure for figure, unit in said for m in _MEASURED.finditer(value))
