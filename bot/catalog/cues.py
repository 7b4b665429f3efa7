"""The words an answer speaks to, against which the words a question asks are checked (`unexplained`): each kind's
own (`kind_cues`), an attribute's, a need's, and a word bared of its 不, 子 or 完 (`bare`)."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from bot.product_words import ProductWords

from .asks import (ASKING, BUDGET, BUNDLE, FIT, GENUINE, HAVE_WORDS, OPEN, PRICE, PURCHASE, RECOMMEND, SIZE, STOCK, USAGE,
                   VARIANT_WORD, WARRANTY, WHEN)


SUITS_WORDS = ("适合", "合适", "送", "礼物", "推荐", "买给", "给", "用", "吃", "穿")  # asking whether an item suits a need


def unexplained(words: list[str], said: list[str]) -> list[str]:
    """The words of a question an answer does not speak to: 刻字收费吗 asks about 收费, which 刻字: 最多10个字
    does not answer; 送礼有包装吗 asks about 包装, which 适合送礼 does not."""
    said = [s.lower() for s in said]
    return [w for n, w in enumerate(words) if not ASKING.match(w) and not any(w in s or s in w for s in said)
            and not (n and words[n - 1] == "多" and w in _HOW_MUCH)]


_HOW_MUCH = frozenset("大长重高宽厚久远深粗细")  # the 大 of 功率多大, cut from its 多: the asking, not a word asked


# What each kind of answer with no reading of its own asks in so many words: the words a question of
# that kind may use and still be wholly answered by it (the variants, the figures and ASKING_WORDS aside).
_SIZE_TALK = re.compile(r"身高|体重|穿|选|拿|买|要|还是|斤|米|紧|松|大|小|合适|合身|够|脚长?|头围?|戴|码|平时|平常|一般|"
                        r"手指|指围|手腕|腕围|手掌|掌围|手围|一圈|周长|毫米|厘米|公分|圈口|圈号|几号|长度|多长|"  # a hand's measures
                        r"宝宝|娃|孩子|新生儿|刚出生|[\d一二两三四五六七八九十半]*个?多?(?:个月|岁半?)|几段|段|阶段?|号|用|喝|吃|拍|"  # a child's age
                        r"狗狗?|猫咪?|宠物|胸围|腰围|裤腰|背长|软尺|[\d一二两三四五六七八九]?尺[\d一二两三四五六七八九半]?寸?")  # a pet wearing it, the body's girths, 2尺2
# a figure's unit (1.2米的, 502升, 两罐装): part of the size asked, which the answer says in the item's own writing
FIGURE_UNIT = re.compile(r"\d(?:\.\d+)?\s*(?:公斤|千克|毫升|毫米|厘米|公分|[a-z]{1,2}|[\u4e00-\u9fff])|"
                         r"[一二两三四五六七八九十半]\s*(?:公斤|千克|毫升|毫米|厘米|公分|[米升斤克寸匹段号码罐包盒支条片套只件个瓶袋箱])",
                         re.IGNORECASE)
KIND_CUES: dict[str, tuple[re.Pattern[str], ...]] = {
    "stock": (STOCK, HAVE_WORDS, VARIANT_WORD, WHEN, FIGURE_UNIT, re.compile(r"有|货|卖|装|颜色|补上|[几多]条|[几多]个|几件|剩")),
    "size": (SIZE, _SIZE_TALK),
    "fit": (FIT, STOCK, HAVE_WORDS, FIGURE_UNIT, re.compile(r"有|货|款|能|用|装|的|我|是|手机|型号|机型")),
    "price": (PRICE, re.compile(r"钱|买|一个|单买|单个|一件|一只")),
    "bundle": (BUNDLE, PRICE, re.compile(r"钱|买|卖|优惠|便宜|和|加|一起")),
    "genuine": (GENUINE,),
    "warranty": (WARRANTY, WHEN, re.compile(r"坏|破|出问题|质量|给|管")),
    "recommend": (RECOMMEND, OPEN, BUDGET,  # and the words of the needs (kind_cues)
                  re.compile(r"买点|买|卖|东西|礼物|送|给|用|好|个|点|挑|选|块|元|钱|想|找|和|哪个")),
    "related": (PURCHASE, re.compile(r"好|那|就|拍|买|要|个|件|了")),
    "usage": (USAGE, re.compile(r"用|涂|抹|敷|擦|使用|次|天|早上|晚上|先|后|多少|多久")),
    # the skin tone asked (黄皮, 黑皮) is not among these: the shade note must say it for the answer to go alone
    "shade": (re.compile(r"色号|颜色|适合|[选挑]|好看|显白|涂|用|肤色|皮肤"),),
}


def kind_cues(kind: str, vocab: ProductWords) -> tuple[re.Pattern[str], ...] | None:
    """The words a question of this kind of answer may use (KIND_CUES); a recommendation's, the needs' words too."""
    cues = KIND_CUES.get(kind)
    return (*cues, vocab.need_cue) if cues is not None and kind == "recommend" else cues


def attribute_words(asked: list[tuple[str, str]], vocab: ProductWords) -> list[str]:
    """What attributes speak to: their names, values and the other words for the names."""
    return [s for name, value in asked for s in (name, value, *vocab.attribute_cues(name))]


def need_words(needs_: tuple[str, ...], vocab: ProductWords) -> list[str]:
    """What an answer on whether an item suits these needs speaks to."""
    return [*SUITS_WORDS, *needs_, *(w for n in needs_ for w in vocab.words_of_need(n))]


def bare(word: str) -> str:
    """A word without the 不 of an X不X question (配不配 -> 不配 -> 配), a noun's 子 (袋子 -> 袋) or a verb's
    完 (洗完 -> 洗): what a FAQ entry must say for the word to be answered."""
    stripped = re.sub(r"[子完]$", "", word.removeprefix("不"))
    return stripped or word


def says_word(word: str, texts: tuple[str, ...]) -> bool:
    """Whether texts say a question's word, whole or bared (`bare`); a noun's one character bared of its 子 only as a
    word of its own (有盖吗 says 盖子), not inside another word (面包 does not say 包子)."""
    said = "".join(texts)
    stripped = bare(word)
    if word in said or stripped not in said:
        return word in said
    return not (len(stripped) == 1 and word.endswith("子")) or any(stripped in _cut(t) for t in texts)


@lru_cache(maxsize=512)
def _cut(text: str) -> frozenset[str]:
    """jieba's words of a short text of the catalogue, by its own dictionary alone (no guessed words: 能放袋里吗 is
    能 放 袋 里 吗); loaded on first use, as only a word bared of its 子 needs it."""
    import jieba  # noqa: PLC0415 - its dictionary loads on first use; most questions never come here
    jieba.setLogLevel(logging.WARNING)
    return frozenset(jieba.lcut(text, HMM=False))
