"""The shop's own answers: each item's FAQ entries matched against a question, and whether the entry found says
what the question asks.

A FAQ entry holds one to three questions, too few for fitted vectors, so the word matcher's examples alone
decide (`FaqIndex`); a score says only how alike the wording is, so the checks here (`speaks_to`, `says_each`,
`says_figures`) decide whether the entry answers the very thing asked, and `closest_faq` finds the entry a
paraphrase the matcher misses is about, as a suggestion for an agent."""
from __future__ import annotations

import re
from collections.abc import Callable

from bot.intents import Intent
from bot.matcher import Matcher, MatchOptions
from bot.memo import per_text

from . import asks
from .cues import says_word
from .model import Catalog, Faq, Product

FAQ_STRONG = 0.75  # a shop's own answer this close wins over the generic readings
FAQ_SURE = 0.6  # from here a FAQ answer may be sent by itself
FAQ_MIN = 0.45  # from here it is the agent's first suggestion
FAQ_CLAIM = 0.6  # a question this close to a FAQ is a product question whatever the matcher said
FAQ_SAYS = 0.2  # a question this close to a FAQ entry that says each of its words is a product question too
FAQ_ALONE = 0.7  # ...and from here, with each word asked said by the entry, it may go out with no agent
# Words of one character that carry no content of their own in a question (the asking, the pointing): any other
# (软 of 鞋底软不软, 小 of 会不会小) is something asked, which the answer must speak to for it to go out alone.
# Narrower than `FUNCTION_CHARS` (characters a paraphrase may leave out): 跟, 用, 多 may be what is asked.
EMPTY_WORDS = frozenset("吗呢吧啊呀哦嘛么的了是有没不会能可要还也都就很太这那个些一吃下上得着买")
_WHERE = frozenset({"里面", "里边", "里头", "上面", "外面"})  # where in the goods: 里面加淀粉没 asks of 淀粉
# characters that ask or point rather than say what is asked about
FUNCTION_CHARS = frozenset("的了吗呢吧啊呀么嘛是有不会能可以这那个什怎样哪要还就都也很太多少几在和跟给让把被我你他她它们吃用")
_ASKING_CHARS = frozenset("啥咋何么什哪怎几多")  # the characters of 啥土, 咋样: the asking, whatever is asked
# characters that start a count or point at someone: 一个 of 一个人 is no 一个月, 我 of 我想 no 我家
_NO_SHORT_FORM = frozenset("一二两三四五六七八九十几半每我你他她它咱这那")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


class FaqIndex:
    """Every item's FAQ entries, each an "intent" of its questions (`alike_said`) in a matcher of their own, and the
    best entry of each item for a text. The tokenizer keeps its recent cuts, so the desk and the FAQ matcher cut a
    text once. A text is scored against the FAQ when the engine asks whether the desk claims it and again to answer
    it: the last few scores are kept (`scores`), which saves repeats within a message, not across buyers."""

    def __init__(self, catalog: Catalog, alike: tuple[tuple[str, ...], ...], words: Callable[[str], list[str]],
                 normalise: Callable[[str], str]) -> None:
        self._words = words
        faqs = [Intent(name=f"{p.sku}#{n}", description="", mode="auto", examples=alike_said(f.questions, alike, words, normalise))
                for p in catalog for n, f in enumerate(p.faq)]
        # Each FAQ is an "intent" of one to three questions: too few for fitted vectors, so examples alone decide.
        options = MatchOptions(top_k=max(len(faqs), 1), learned_weight=0.0, learned_agreement=0.0)
        self._faq = Matcher(faqs, words=words, normalise=normalise, options=options) if faqs else None
        self._near = short_forms({w for p in catalog for f in p.faq for q in f.questions for w in words(normalise(q))})

    @per_text()
    def scores(self, text: str) -> dict[str, tuple[float, int]]:
        """The best FAQ of each product for a text: sku -> (score, index), kept for the last few texts (callers only
        read it)."""
        best: dict[str, tuple[float, int]] = {}
        asked = self.in_faq_words(text) if self._faq and text else ""
        for m in self._faq.match(asked) if asked and self._faq.may_find(asked) else []:
            sku, n = m.intent.rsplit("#", 1)
            if m.score > best.get(sku, (0.0, 0))[0]:
                best[sku] = (m.score, int(n))
        return best

    def in_faq_words(self, text: str) -> str:
        """The text with a buyer's short form of a FAQ word written out (有盖吗 -> 有盖子吗, 送勺吗 -> 送勺子吗):
        jieba cuts 盖 and 盖子 as different words, which share nothing when the question is scored."""
        for word in self._words(text):
            if (full := self._near.get(word)) is not None:
                text = re.sub(f"{re.escape(word)}(?!{re.escape(full[len(word):])})",
                              lambda m: full if len(word) > 1 or short_here(text, m.end(), full) else word, text)
        return text


def faq_says(product: Product, faq: tuple[float, int] | None, words: list[str]) -> bool:
    """Whether the item's closest FAQ entry, near enough (`FAQ_SAYS`), says each word of a question that asks
    something in a word of two characters or more."""
    words = [w for w in words if w not in _WHERE]
    return bool(faq and faq[0] >= FAQ_SAYS and any(len(w) > 1 and w not in asks.ASKING_WORDS and not asks.ASKING.match(w)
                                                   for w in words)
                and speaks_to(product.faq[faq[1]], words))


def by_faq_alone(catalog: Catalog, faq: dict[str, tuple[float, int]], words: list[str]) -> Product | None:
    """The one item with a FAQ entry near a question that names no item (`FAQ_MIN`) and says each word it asks
    (换粮要几天 and the cat food's entry on 换粮, not the litter's on 一包用几天), the words of its names aside (无谷粮 of
    无谷猫粮): a guess at the item, so its answer waits for an agent; None when no item's entry, or more than one
    item's, does."""
    words = [w for w in words if not asks.ASKING.match(w)]  # 几天 asks; the entry says 7天
    near = [p for sku, (score, n) in faq.items() if score >= FAQ_MIN and (p := catalog.get(sku)) is not None
            and says_each(p.faq[n], [w for w in words if not any(w in name for name in (p.title, *p.lower_names))])]
    return near[0] if len(near) == 1 else None


def alike_said(questions: tuple[str, ...], groups: tuple[tuple[str, ...], ...], words: Callable[[str], list[str]],
               normalise: Callable[[str], str]) -> tuple[str, ...]:
    """A FAQ entry's questions, each also in the other words of a group of the trainers' `alike` it says (孕妇能用吗:
    怀孕能用吗, 孕期能用吗): a buyer's word for the shop's is as close to the entry. One group a question."""
    out = list(questions)
    for question in questions:
        said = words(normalise(question))
        group = next((g for g in groups if any(w in g for w in said)), None)
        if group is not None:
            word = next(w for w in said if w in group)
            out += [question.replace(word, other) for other in group if other != word and word in question]
    return tuple(dict.fromkeys(out))


def short_forms(vocabulary: set[str]) -> dict[str, str]:
    """Short forms of the FAQ's words: the start of exactly one of them that is no word of the FAQ itself
    (盖 of 盖子, 勺 of 勺子; not 领, which starts 领口 and 领子), nor a character that only asks or points (是 of 是不是,
    有 of 有没有), nor a count or a person (一个 of 一个月, 我 of 我家). Chinese only: jieba keeps a Latin word
    whole, and m is a size, not the start of mac."""
    starts: dict[str, set[str]] = {}
    for word in vocabulary:
        for end in range(1, len(word)):
            if _CJK.fullmatch(word[:end]):
                starts.setdefault(word[:end], set()).add(word)
    return {start: next(iter(words)) for start, words in starts.items() if len(words) == 1 and start not in vocabulary
            and start[0] not in _NO_SHORT_FORM and not (len(start) == 1 and start in FUNCTION_CHARS)}


def short_here(text: str, at: int, full: str) -> bool:
    """Whether one character before `at` is the short form of `full`: before the asking or nothing (有盖吗, 能洗不), or
    before what `full` goes on to say, typed otherwise (快接键 of 快捷键); the 地 of 地暖 is no 地毯."""
    after = text[at:at + 2]
    return not after or not _CJK.fullmatch(after[0]) or after[0] in FUNCTION_CHARS or bool(set(after) & set(full[1:]))


def closest_faq(product: Product, plain: str) -> int | None:
    """The FAQ entry whose questions and answer share the most of a question's characters, when one clearly does
    (会不会往外冒毛 and the entry on 钻绒 that says 冒出; 丢洗衣机里洗 and the one that says 机洗): a paraphrase the
    word matcher misses; a question of one such character (有灯吗), the one entry whose questions say it. Only a
    suggestion for an agent."""
    asked = {c for c in plain if _CJK.fullmatch(c)} - FUNCTION_CHARS
    if len(asked) == 1:
        holding = [n for n, f in enumerate(product.faq) if asked <= set("".join(f.questions))]
        return holding[0] if len(holding) == 1 else None
    if len(asked) < 2 or not product.faq:
        return None
    shared = sorted(((len(asked & set("".join((*f.questions, f.answer)))), n) for n, f in enumerate(product.faq)), reverse=True)
    best, n = shared[0]
    runner_up = shared[1][0] if len(shared) > 1 else 0
    if best == 1:  # 有异味吗 and the one entry whose questions say 味 (有没有味道), when no other entry shares a character
        asking = [m for m, f in enumerate(product.faq) if asked & set("".join(f.questions))]  # asked
        return n if runner_up == 0 and asking == [n] and len(asked) <= 3 and not asked & _ASKING_CHARS else None
    return n if best >= 2 and best >= len(asked) / 4 and best > runner_up else None


def content(plain: str) -> set[str]:
    """The characters of a question that say what it asks about, not how it asks (家 三 口 of 一家三口能吃多久)."""
    return {c for c in plain if _CJK.fullmatch(c)} - FUNCTION_CHARS - _ASKING_CHARS


def says_most(said: str, others: list[str], plain: str) -> bool:
    """Whether a text of the item's file (`said`) shares two or more of a question's characters that say what it asks,
    and more of them than each of the file's other texts (`others`) does."""
    asked = content(plain)
    most = len(asked & set(said.lower()))
    return most >= 2 and all(len(asked & set(o.lower())) < most for o in others)


def says_figures(entry: Faq, plain: str) -> bool:
    """Whether a FAQ entry says each figure of the question: 脚长19.5穿几码 is not answered in full by a table of
    whole centimetres, though the entry is the right one."""
    said = "".join((*entry.questions, entry.answer))
    return all(figure in said for figure in re.findall(r"\d+(?:\.\d+)?", plain))


def speaks_to_none(note: str, words: list[str]) -> bool:
    """Whether a question has words of two characters or more and a note says none of them (冬天 of a note on bed
    sizes)."""
    content = [w for w in words if len(w) > 1 and not asks.ASKING.match(w) and w not in asks.ASKING_WORDS]
    return bool(content) and not any(w in note for w in content)


def no_figures(words: list[str]) -> list[str]:
    """The words of a question but its figures (平时穿41码: the entry on sizes speaks to it, though its example is 42;
    `says_figures` decides whether the figure is answered too)."""
    return [w for w in words if not asks.FIGURE.fullmatch(w)]


def speaks_to(entry: Faq, words: list[str]) -> bool:
    """Whether a FAQ entry says each word of a question: 能装热水吗 is close to 能装牛奶吗 but asks
    about 热水, which that entry never mentions, and 冰水 is not 冰箱 and 开水 for sharing their characters, nor 包子
    面包 for holding its 包."""
    said = tuple(t.lower() for t in (*entry.questions, entry.answer))
    return all(says_word(w, said) for w in words if len(w) > 1 and w not in asks.ASKING_WORDS)


def says_each(entry: Faq, words: list[str]) -> bool:
    """`speaks_to`, single characters included: the 软 of 鞋底软不软 is what is asked, and 鞋底滑不滑 never
    says it."""
    said = "".join((*entry.questions, entry.answer)).lower()
    return speaks_to(entry, words) and all(
        w in said for w in words if len(w) == 1 and w not in EMPTY_WORDS and not asks.ASKING.match(w)
        and not asks.FIGURE.fullmatch(w) and w not in asks.ASKING_WORDS)


def said_by(entry: Faq) -> str:
    """What a FAQ entry says, its questions and its answer, in lower case."""
    return "".join((*entry.questions, entry.answer)).lower()
