"""Finding which intents a buyer message carries, with the evidence for each.

Kinds of evidence, each scored 0..1 and combined per intent (noisy-or):
- keywords: a trainer's strong cue found in the message (`*` allows a short gap);
- examples: rapidfuzz similarity between the message's words and an example's words, weighted by how
  much of each side the shared words cover (rare words weigh more than common ones), an amount
  (一百块, 115元) read as 元 on both sides; a close example counts in proportion to how near the message
  is to its intent as a whole;
- learned: the message's closeness to each intent's vector fitted from all its examples (bot/learned.py), weighing more
  in a bank of few examples an intent (`MatchOptions.learned_dense`);
- follow-ups: a short phrase that continues the conversation's last intent.
Before that, a message is read as typed: 亲亲 padding dropped, pinyin IME slips read as the words they
sound like (bot/slips.py), a space read both as a comma and as a slip of the thumb.
A message is matched clause by clause as well as whole, so two requests in one message give two intents.
No training step: the index and the vectors are rebuilt from the YAML files at every load.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from operator import add

import ahocorasick
import numpy as np
from rapidfuzz import fuzz, process

from bot.domain import Match
from bot.intents import Intent
from bot.learned import SPARSE, BagTable, IntentVectors, Weighting, features
from bot.lookup import automaton
from bot.memo import per_text
from bot.slips import Lexicon, SlipReader
from bot.sounds import Sounds
from bot.text import Asking, clauses, phrases, unpadded

Scorer = Callable[[str, str], float]
_NOT_TEXT = re.compile(r"[\s\W_]+")
# A run of digits or numerals is read from its start ((?<!...)) at a bounded length: one pass over
# a message of thousands of them, not one a character (bot.slots reads amounts the same way).
_AMOUNT = re.compile(r"(?:(?<![\d.])\d{1,12}(?:\.\d{1,6})?|(?<![零一二两三四五六七八九十百千万])[零一二两三四五六七八九十百千万]{1,12})"
                     r"\s*(?:块钱|块|元)")
_NUMBER = re.compile(r"(?:(?<![\d.])\d{1,12}(?:\.\d{1,6})?|(?<![一二两三四五六七八九十百千])[一二两三四五六七八九十百千]{1,12}(?=[块元]))"
                     r"\s*(?:块钱|块|元|rmb)?整?")


def _amounts_as_unit(text: str) -> str:
    """一百块, 115元 and 80块钱 all read 元, so a counter-offer matches an example whatever its figure
    (jieba keeps 一百块 as one word, which 115 块 never shares). A text naming no unit (most) skips the regex, which
    tries its lookbehinds at every character."""
    return _AMOUNT.sub("元", text) if "块" in text or "元" in text else text


def _bare(text: str) -> str:
    """The text's letters and figures only. A clause is mostly that already (`str.isalnum` is the `\\w` of a `str`
    pattern less the underscore, read in C without the pattern's per-character class tests): returned as it is."""
    return text if text.isalnum() else _NOT_TEXT.sub("", text)


_DIGITS = re.compile(r"\d+")
_GIVEN = re.compile(r"[\d@]")  # a figure or an e-mail the buyer hands over: something to act on, not a closing
# A question said after a closing's cue: a word, then 吗/么 (什么, 怎么 too) or a question mark. Not 呢 (没有了呢 closes)
# nor 嘛, which urges as often as it asks (好的 尽快嘛: the parcel, and thanks).
_ASKED_ON = re.compile(r"[\u4e00-\u9fff].*[吗么?？]")


def _said_after(rest: str, closing_words: tuple[str, ...]) -> str:
    """What a message says after a closing's cue once the closing's own words are gone: 好的谢谢? says nothing more, while
    谢谢啊? or 好的小王? still reads as asking (a thanks with a question may be a retort; an agent reads it)."""
    for word in closing_words:
        rest = rest.replace(word, "")
    return rest


def _whole(text: str) -> str:
    """A message as a `whole_message` phrase is compared with it: no punctuation, emoji or spaces, and no figures
    (3 好 is an order's stub and a yes: the buyer's words are 好)."""
    return _DIGITS.sub("", _bare(text))


# Sounds said before a phrase and particles after it, which change nothing of what a whole message says: 嗯嗯 好 and
# 好哈 are 好, 哦 没事 and 要得哈 the phrases written; a trainer writes the phrase once, not each way it is voiced.
_VOICED_BEFORE = "嗯恩哦噢喔额呃"
_VOICED_AFTER = "哈呢呀啊啦哦喔"


def _unvoiced(key: str) -> str:
    """A `_whole` key without the sounds before it and the particles after it (the phrase itself when that is all)."""
    return key.lstrip(_VOICED_BEFORE).rstrip(_VOICED_AFTER) or key


def _numbers_as_hash(text: str) -> str:
    return _NUMBER.sub("#", text)


def _bigrams(chars: str) -> list[str]:
    return [chars[i : i + 2] for i in range(len(chars) - 1)] or ([chars] if chars else [])


CUE_PAIR = 2  # a cue this short is read only where the message's words do not cut it in two (_across_words)
_NOTHING = (0.0, "")  # no evidence yet
_Evidence = tuple[float, str, float, str, float]  # keyword score and cue, example score and example, learned score


def _cue_score(length: int, covered: float) -> float:
    """A cue's score before `keyword_weight`: a longer cue is more specific; a cue covering most of a short message
    is nearly certain."""
    return 0.7 + 0.05 * min(length, 4) + 0.1 * min(covered, 1.0)


def _scaled(score: float, covered: float, agreeing: float) -> float:
    """An example's score counted by the share of its words the clause has and by how near the clause is to its
    intent (each at most 1: a factor of 1 leaves it as it is), in that order."""
    if covered < 1.0:
        score *= covered
    if agreeing < 1.0:
        score *= agreeing
    return score


def _strongest(k_score: float, kw: str, e_score: float, ex: str, l_score: float) -> str:
    """A match's reason, as a trainer reads it: the strongest of its three kinds of evidence."""
    return max((k_score, f"keyword {kw}"), (e_score, f"example {ex}"), (l_score, "learned from the examples"))[1]


_Hit = tuple[tuple[int, int], ...]  # where a cue was found: the span of each of its parts (一个 for a plain cue)


def _inside_others(hits: dict[_Keyword, list[_Hit]]) -> set[_Keyword]:
    """Cues each of whose hits lies within the words of a longer cue of another intent: in 刚买还没到就便宜了,
    刚买*便宜 (price_protect) holds 便宜 (bargain), and the buyer's words are the longer cue's. A word in a
    cue's gap is not its (退货 in 支持退货吗 stays return's, whatever 支持*吗 says)."""
    def inside(kw: _Keyword, hit: _Hit) -> bool:
        start, end = hit[0][0], hit[-1][1]
        return any(other.intent != kw.intent and other.length > kw.length and s <= start and end <= e
                   for other, where in hits.items() for found in where for s, e in found)
    return {kw for kw, where in hits.items() if all(inside(kw, hit) for hit in where)}


@dataclass(frozen=True)
class MatchOptions:
    threshold: float = 0.58  # below this the bot falls back instead of guessing
    top_k: int = 3
    second_intent_min: float = 0.8  # a second request must be this clear to be answered too
    negative_cutoff: float = 0.9  # a message this close to a negative example never gets that intent
    follow_up_max_chars: int = 10  # longer messages stand on their own
    keyword_weight: float = 0.8
    learned_weight: float = 0.4  # the message's closeness to an intent's fitted vector (bot/learned.py)
    learned_min: float = 0.2  # closeness below this is no evidence on its own (it still damps examples)
    # A bank whose intents have fewer examples than this (the median intent's count) leans on the vectors more:
    # learned_weight times the square root of how many times fewer, at most `learned_boost_max` times. With 40 examples
    # an intent the nearest example is a noisy guess while the vector still pools them all (leave-one-out over such a
    # bank: the vector alone picks the right intent 0.80 of the time, the nearest example 0.71); with hundreds, a near
    # example is usually a paraphrase of the message. Such a bank also weighs its vectors' features the sparse way
    # (bot/learned.py's SPARSE). The shipped bank (about 200 an intent) is above it.
    learned_dense: int = 160
    learned_boost_max: float = 2.0
    learned_agreement: float = 0.6  # an example counts fully when the message is this close to its intent (0: always)...
    near_duplicate: float = 0.85  # ...or when the message has this much of its word weight (weighted Dice)
    word_weight: float = 0.4  # shared words (weighted Dice)
    whole_weight: float = 0.3  # the clause against the whole example
    inside_weight: float = 0.4  # the example found inside a longer clause
    phrase_chars: int = 5  # an example this long found inside a clause counts fully
    example_coverage: float = 0.4  # a clause sharing less of an example's word weight than this counts in proportion
    max_candidates: int = 12  # examples scored in full per clause, picked by shared words and character pairs
    joined_sureness: float = 0.9  # a phrase read with its spaces taken out scores this share
    max_clauses: int = 4  # a long rant is read by its first clauses; its request is almost always there
    low_priority_other_words: int = 2  # a hello or a thanks with more words than this beside it is not one
    low_priority_yields_to: float = 0.7  # a clear hello or thanks gives way only to a request this clear...
    low_priority_margin: float = 0.25  # ...or one scoring within this of it
    yield_margin: float = 0.03  # a near tie, where an intent gives way to those of its `yields_to`
    # A reading no cue supports, of a clause that asks and requests nothing, must clear the threshold by this much: a
    # remark that shares a word with an example (新包装比以前的好看 ~ 包装有几种, 东西都收到了是吧 ~ 下周能收到吗)
    # is not a request. Relative, so that one cut-off (a lower one for a bank with no keywords) moves both.
    remark_margin: float = 0.08
    # A question about a thing no example or cue names (刷新率多少, 有降压线吗), read as an `open_names` intent (the goods),
    # clears the threshold with this much less: the shop's items, parts and features are more than any examples name.
    # Only the best reading, this far ahead of the next: a thing named beside another request's words is no sign.
    open_margin: float = 0.11
    open_lead: float = 0.1


@dataclass(frozen=True, eq=False)  # told apart by identity: its hash is read per hit, in C
class _Keyword:
    intent: int
    text: str
    pattern: re.Pattern[str] | None  # for cues with a `*` gap

    @cached_property
    def length(self) -> int:
        """Its characters, the gap aside: a longer cue is more specific."""
        return len(self.text.replace("*", ""))

    @cached_property
    def pair(self) -> bool:
        """A plain cue of CUE_PAIR characters (see Matcher._across_words)."""
        return self.pattern is None and len(self.text) == CUE_PAIR


@dataclass(frozen=True, slots=True)  # read a dozen times a clause: slots, no dict per example
class _Example:
    intent: int
    text: str
    words: tuple[str, ...]
    chars: str  # the example without spaces or punctuation
    word_set: frozenset[str] = frozenset()
    weight: float = 0.0  # summed word weights, set once the weights are known


class Matcher:
    """An index over intents' examples and keywords; `match` is pure and thread-safe."""

    def __init__(
        self,
        intents: Sequence[Intent],
        *,
        words: Callable[[str], list[str]],
        normalise: Callable[[str], str],
        options: MatchOptions = MatchOptions(),
        scorer: Scorer = fuzz.ratio,
        lexicon: Lexicon | None = None,
        asking: Asking = Asking(),
        names_thing: Callable[[str], bool] | None = None,
    ) -> None:
        """`names_thing`: whether a word names a thing (a common noun: bot.tokenize.Tokenizer.names_thing); without it
        no reading leans to an `open_names` intent."""
        self.intents = list(intents)
        self._names_thing = names_thing
        self._asking = asking  # the trainers' words that ask or request (intents/sending.yaml): see _remark
        self.options = options
        self._words = words
        self._scorer = scorer
        examples = [
            _Example(i, ex, tuple(ws), _bare(plain))
            for i, intent in enumerate(self.intents)
            for ex in intent.examples
            if (ws := words(plain := _amounts_as_unit(normalise(ex))))
        ]
        self._idf = self._word_weights(examples)
        # weights summed in the words' order, not a set's (which each process's hash seed orders: the last bit would differ)
        self._examples = [
            replace(ex, word_set=frozenset(ex.words), weight=sum(self._weight(w) for w in dict.fromkeys(ex.words))) for ex in examples
        ]
        sparseness = self._sparseness(options)
        # No vectors where nothing would use them (the catalogue's FAQ: one to three questions an "intent"). A sparse bank
        # weighs its features the sparse way (learned.SPARSE).
        self._vectors = IntentVectors([features(ex.chars, ex.words) for ex in self._examples],
                                      [ex.intent for ex in self._examples], len(self.intents),
                                      SPARSE if sparseness > 1.0 else Weighting()) \
            if options.learned_weight or options.learned_agreement else None
        self._learned_weight = options.learned_weight * sparseness
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._bigram_postings: dict[str, list[int]] = defaultdict(list)
        for n, ex in enumerate(self._examples):
            for w in dict.fromkeys(ex.words):
                self._postings[w].append(n)
            for g in dict.fromkeys(_bigrams(ex.chars)):
                self._bigram_postings[g].append(n)
        # Postings as arrays, so counting shared pairs and words is one numpy pass; a word weighs three pairs.
        self._word_hits = {w: np.array(postings * 3, dtype=np.int32) for w, postings in self._postings.items()}
        self._bigram_postings = {g: np.array(p, dtype=np.int32) for g, p in self._bigram_postings.items()}
        self._lengths = np.array([len(ex.chars) for ex in self._examples], dtype=np.int64)
        self._longest = int(self._lengths.max(initial=0))
        self._keywords = [
            _Keyword(i, kw, re.compile(".{0,6}".join(f"({re.escape(part)})" for part in kw.split("*"))) if "*" in kw else None)
            for i, intent in enumerate(self.intents)
            for kw in (normalise(k) for k in intent.keywords)
            if kw.strip("*")
        ]
        # One Aho-Corasick pass over the text finds every plain cue, overlapping ones included.
        # A gap cue (什么时候*发) is tried only where its first part was found.
        by_literal: dict[str, list[_Keyword]] = defaultdict(list)
        for kw in self._keywords:
            by_literal[kw.text.split("*", 1)[0]].append(kw)
        self._cues = ahocorasick.Automaton()
        for literal, kws in by_literal.items():
            self._cues.add_word(literal, kws)
        if by_literal:
            self._cues.make_automaton()
        # Without a lexicon (tests of other behaviour) typing slips are not looked for.
        self._slips = SlipReader(self._slip_targets(), lexicon, Sounds(), written=self._written) if lexicon else None
        self._lexicon = lexicon
        # Negative examples by length (a stable sort), so a message is compared only with those of about its length.
        negatives = sorted(((i, normalise(neg)) for i, intent in enumerate(self.intents) for neg in intent.negative_examples),
                           key=lambda pair: len(pair[1]))
        self._negative_intents = [i for i, _ in negatives]
        self._negative_texts = [neg for _, neg in negatives]
        self._negative_lengths = [len(neg) for neg in self._negative_texts]
        self._follow_ups = {intent.name: [_numbers_as_hash(normalise(f)) for f in intent.follow_ups] for intent in self.intents}
        self._whole_messages = {key: (i, phrase) for i, intent in enumerate(self.intents) for phrase in intent.whole_message
                                if (key := _unvoiced(_whole(normalise(phrase))))}
        self._index_of = {intent.name: i for i, intent in enumerate(self.intents)}
        self._low = frozenset(i for i, intent in enumerate(self.intents) if intent.priority == "low")
        self._closings = frozenset(i for i, intent in enumerate(self.intents) if intent.closing)
        self._farewells = {i: tuple(normalise(w) for w in self.intents[i].farewells) for i in self._closings}
        self._all_farewells = tuple(w for i in sorted(self._closings) for w in self._farewells[i])
        self._news_over = tuple(normalise(w) for i in sorted(self._closings) for w in self.intents[i].settled)
        self._news_open = tuple(normalise(w) for i in sorted(self._closings) for w in self.intents[i].unsettled)
        # a closing's own plain cues, which said again after its cue ask nothing on (好的谢谢?)
        self._closing_words = {i: tuple(sorted({kw.text for kw in self._keywords if kw.intent == i and "*" not in kw.text}))
                               for i, intent in enumerate(self.intents) if intent.closing}
        self._open = frozenset(i for i, intent in enumerate(self.intents) if intent.open_names)
        self._cue_words = frozenset(w for kw in self._keywords for part in kw.text.split("*") for w in words(part))
        # plain cues that a longer word of asking holds (多长 in 多长时间): where that word is said, the cue is its form
        asking_words = [w for w in (*asking.asks, *asking.requests) if w]
        self._in_asking = {kw: held for kw in self._keywords if kw.pattern is None
                           if (held := tuple(w for w in asking_words if kw.text in w and len(w) > len(kw.text)))}
        self._low_words = frozenset(w for ex in self._examples if ex.intent in self._low for w in ex.words) | frozenset(
            w for kw in self._keywords if kw.intent in self._low for part in kw.text.split("*") for w in words(part))

    def _sparseness(self, options: MatchOptions) -> float:
        """How much more the vectors weigh in this bank (`MatchOptions.learned_dense`): 1 for a bank as dense as that."""
        counts = np.bincount([ex.intent for ex in self._examples], minlength=len(self.intents))
        typical = float(np.median(counts[counts > 0])) if counts.any() else 0.0
        if not typical or typical >= options.learned_dense:
            return 1.0
        return min(math.sqrt(options.learned_dense / typical), options.learned_boost_max)

    def _written(self, text: str) -> bool:
        """Whether the examples write `text` so: each pair of its characters is in some example."""
        return all(text[i : i + 2] in self._bigram_postings for i in range(len(text) - 1))

    def _slip_targets(self) -> list[str]:
        """Words a typing slip may be read as: the cues' words, then words of two or more examples, most used first."""
        used: dict[str, int] = defaultdict(int)
        for ex in self._examples:
            for w in ex.word_set:
                used[w] += 1
        cues = [part for kw in self._keywords for part in kw.text.split("*")]
        return cues + sorted((w for w, n in used.items() if n >= 2), key=lambda w: (-used[w], w))

    def _word_weights(self, examples: list[_Example]) -> dict[str, float]:
        """Inverse intent frequency: a word used by one intent's examples says more than one used by all."""
        n = max(len(self.intents), 1)
        spread: dict[str, set[int]] = defaultdict(set)
        for ex in examples:
            for w in ex.words:
                spread[w].add(ex.intent)
        return {w: 0.2 + math.log((n + 1) / len(s)) for w, s in spread.items()}

    def _weight(self, word: str) -> float:
        """A word's weight; one no example has weighs by its length (worked out only then: most words are known)."""
        weight = self._idf.get(word)
        return weight if weight is not None else 1.0 + 0.2 * min(len(word), 3)

    def _candidates(self, chars: str, query: dict[str, float]) -> list[int]:
        """The examples worth scoring in full, ranked by cheap evidence counted in C, so a bank of 10,000
        examples costs what a hundred do: a shared word counts as three shared character pairs. Most hits
        first; among equals, the examples nearest the clause's length (a stable sort: the same choice every run)."""
        size, bigrams, word_hits = len(chars), self._bigram_postings, self._word_hits
        pairs = set(map(add, chars, chars[1:])) if size > 1 else {chars}  # each pair joined in C; counts: any order
        lists = [p for p in map(bigrams.get, pairs) if p is not None]
        lists += [p for p in map(word_hits.get, query) if p is not None]
        if not lists:
            return []
        hits = np.bincount(np.concatenate(lists) if len(lists) > 1 else lists[0], minlength=len(self._examples))
        sharing = (hits >= (1 if size <= 3 else 2)).nonzero()[0]  # a few hundred at most
        if len(sharing) <= 1:
            return sharing.tolist()
        # one stable sort of one key: most hits first, then the smallest gap (always under `longer`)
        longer = self._longest + size + 1
        rank = np.abs(self._lengths[sharing] - size) - hits[sharing] * longer
        return sharing[rank.argsort(kind="stable")[: self.options.max_candidates]].tolist()

    def _example_scores(self, chars: str, words: list[str], closeness: list[float]) -> dict[int, tuple[float, str]]:
        """Best example per intent, from three views of similarity:
        shared words (weighted Dice, rare words count more), the whole clause against the example
        (rapidfuzz ratio), and the example found inside a longer clause (rapidfuzz partial_ratio).
        Only examples sharing a word or two character pairs with the clause are scored. An example counts
        fully when the clause has nearly all its words (a near duplicate: a sentence just taught is answered
        at once) or is close to its intent as a whole (`closeness`); one close example in an intent the
        message hardly resembles otherwise counts in proportion."""
        o = self.options
        best: dict[int, tuple[float, str]] = {}
        # An example sharing no word with the clause counts nothing (its coverage is 0): a clause none of
        # whose words any example has (most messages, against the catalogue's FAQ) needs no candidates at all.
        if o.example_coverage and not any(w in self._postings for w in words):
            return best
        query = {w: self._weight(w) for w in words}  # dict order, not set order: ties break the same every run
        query_weight = sum(query.values())
        size, ratio, partial, examples = len(chars), self._scorer, fuzz.partial_ratio, self._examples
        coverage, agreement, near = o.example_coverage, o.learned_agreement, o.near_duplicate
        word_weight, whole_weight, inside_weight, phrase_chars = o.word_weight, o.whole_weight, o.inside_weight, o.phrase_chars
        terms = tuple(query.items())
        # The loop runs a dozen times a clause: the arithmetic is written out (no calls to min), with the
        # same operations in the same order as min(1.0, x) would give, so the same scores. The character views are
        # worked out last and only when they can matter: the score rises with each of them, so with the view at its
        # best (100) it is a bound, and an example whose bound does not beat its intent's best so far is passed over
        # (partial_ratio costs more than the rest of an example together). The best found is the same.
        for n in self._candidates(chars, query):
            ex = examples[n]
            word_set, shared = ex.word_set, 0
            for w, weight in terms:  # summed in the clause's order, as sum() would
                if w in word_set:
                    shared += weight
            if not shared and coverage:
                continue  # two character pairs in common, no word: it would score 0
            ex_chars, ex_weight = ex.chars, ex.weight
            dice = 2 * shared / ((query_weight + ex_weight) or 1.0)
            # 需要怎么操作 shares only 怎么操作 with 天猫退货怎么操作: the character views score that high, yet the example's
            # point, 退货, is missing: it counts by the share it has
            covered = shared / (ex_weight * coverage) if coverage and ex_weight else 1.0
            agreeing = closeness[ex.intent] / agreement if dice < near and agreement else 1.0
            held = best.get(ex.intent, _NOTHING)[0]
            if len(ex_chars) <= size:
                inside = len(ex_chars) / phrase_chars
                reach = inside if inside < 1.0 else 1.0
            else:
                reach = 0.0  # a longer example is not inside the clause
            words_part = word_weight * dice
            if _scaled(words_part + (whole_weight * 100.0 + inside_weight * (100.0 * reach)) / 100.0, covered, agreeing) <= held:
                continue
            whole = ratio(chars, ex_chars)
            if reach and _scaled(words_part + (whole_weight * whole + inside_weight * (100.0 * reach)) / 100.0,
                                 covered, agreeing) <= held:
                continue
            contained = partial(ex_chars, chars) * reach if reach else 0.0
            score = _scaled(words_part + (whole_weight * whole + inside_weight * contained) / 100.0, covered, agreeing)
            if score > held:
                best[ex.intent] = (score, ex.text)
        return best

    def _keyword_scores(self, text: str) -> dict[int, tuple[float, str]]:
        best: dict[int, tuple[float, str]] = {}
        found: dict[_Keyword, list[int]] = defaultdict(list)  # cue -> where each of its hits ends
        for end, kws in self._cues.iter(text) if len(self._cues) else ():
            for kw in kws:
                found[kw].append(end)
        if not found:  # most clauses: no cue at all
            return best
        hits = {kw: [((end - len(kw.text) + 1, end + 1),) for end in ends] if kw.pattern is None else
                [tuple(m.span(g) for g in range(1, m.re.groups + 1)) for m in kw.pattern.finditer(text)]
                for kw, ends in found.items()}
        hits = {kw: where for kw, where in hits.items() if where}
        dropped = self._across_words(text, found) | (_inside_others(hits) if len(hits) > 1 else set())  # alone: inside no other
        if self._in_asking:
            dropped |= self._asked_with(text, hits)
        for kw in (k for k in hits if k not in dropped):
            length = kw.length
            score = _cue_score(length, length / max(len(text), 1))
            if score > best.get(kw.intent, (0.0, ""))[0]:
                best[kw.intent] = (score, kw.text)
        return best

    def _asked_with(self, text: str, hits: dict[_Keyword, list[_Hit]]) -> set[_Keyword]:
        """Cues each of whose hits lies within a longer word of asking (the trainers' `asks`): 多长时间 asks how long
        something takes, and the 多长 inside it is no question about an item's length (这根线多长 still is)."""
        dropped: set[_Keyword] = set()
        for kw in hits.keys() & self._in_asking.keys():
            spans = [(m.start(), m.end()) for w in self._in_asking[kw] for m in re.finditer(re.escape(w), text)]
            if all(any(s <= hit[0][0] and hit[-1][1] <= e for s, e in spans) for hit in hits[kw]):
                dropped.add(kw)
        return dropped

    def _across_words(self, text: str, found: dict[_Keyword, list[int]]) -> set[_Keyword]:
        """Two-character cues that the message's words cut in two, the first character ending another word the
        examples use: 下单|买 holds no 单买, 现在|不 no 在不, 没有|货 no 有货. Such a hit is a coincidence of the
        characters, not the buyer's word (送|几个 is 送几: each character starts its word; 几电|能到, a slip, is
        cut 电能|到 by a word no buyer writes)."""
        short = {kw: ends for kw, ends in found.items() if kw.pair}
        if not short or self._lexicon is None:
            return set()
        spans = self._spans(text)
        starts = {at for at, _ in spans}
        ending = {at + len(word) - 1 for at, word in spans if len(word) > 1 and word in self._postings}  # words the examples use
        return {kw for kw, ends in short.items() if all(end in starts and end - 1 in ending for end in ends)}

    def in_own_words(self, text: str, cue: str) -> bool:
        """Whether a trainer's keyword found in `text` is words of the message: each part of it (定制*多久: 定制 and 多久)
        starts and ends where a word does. 没|讲价|退 says 讲价; 邮寄|了 holds 寄了 and 怎么|调度 holds 怎么调 only as
        characters across words, which name nothing. Without a lexicon every keyword counts."""
        if not cue or self._lexicon is None:
            return bool(cue)
        spans = self._spans(text)
        starts, ends = {at for at, _ in spans}, {at + len(word) for at, word in spans}
        return all(any(hit.start() in starts and hit.end() in ends for hit in re.finditer(re.escape(part), text))
                   for part in cue.split("*") if part)

    def _spans(self, text: str) -> list[tuple[int, str]]:
        """The message's words (the lexicon's cut, punctuation left out), each with where it starts in `text`."""
        spans, pos = [], 0
        for word in self._lexicon.words(text) if self._lexicon is not None else ():
            at = text.find(word, pos)
            if at >= 0:
                spans.append((at, word))
                pos = at + len(word)
        return spans

    def _score_clause(self, clause: str, words: list[str] | None) -> dict[int, tuple[float, _Evidence]]:
        """Keyword, example and learned evidence combined as independent signals (noisy-or): all beat either;
        intent -> (score, its evidence). With no `words` only keywords are looked for (a whole message is
        compared clause by clause)."""
        o = self.options
        keywords = self._keyword_scores(clause)
        if not keywords and ("块" in clause or "元" in clause):  # 还要十五块运费: a figure inside the cue 要运费
            keywords = self._keyword_scores(_AMOUNT.sub("", clause))
        examples: dict[int, tuple[float, str]] = {}
        learned: dict[int, float] = {}
        if words is not None:
            chars = _bare(_amounts_as_unit(clause))  # the clause's characters, amounts read as 元
            if self._vectors is not None:
                closeness = self._vectors.scores(features(chars, words)).tolist()
                learned = {i: c for i, c in enumerate(closeness) if c >= o.learned_min}
            else:  # examples alone decide (the catalogue's FAQ): the vectors would be computed for nothing
                closeness = []
            examples = self._example_scores(chars, words, closeness)
        found: dict[int, tuple[float, _Evidence]] = {}
        keyword_weight, learned_weight = o.keyword_weight, self._learned_weight
        for i in sorted(keywords.keys() | examples.keys() | learned.keys()):  # each capped at 1 (no calls to min)
            k_score, kw = keywords.get(i, _NOTHING)
            k_score *= keyword_weight
            e_score, ex = examples.get(i, _NOTHING)
            l_score = learned.get(i, 0.0) * learned_weight
            l_score = 1.0 if l_score > 1.0 else l_score
            score = 1 - (1 - k_score) * (1 - (1.0 if e_score > 1.0 else e_score)) * (1 - l_score)
            found[i] = (score, (k_score, kw, e_score, ex, l_score))
        return found

    def _vetoed(self, text: str) -> set[int]:
        """The intents of the negative examples the message is this close to. fuzz.ratio is 1 - distance / (a + b)
        of the two lengths, and the distance is at least their difference: a negative much shorter or longer than
        the message cannot reach the cutoff, and is not compared (the lengths kept are a generous superset)."""
        cutoff = self.options.negative_cutoff
        start, end = 0, len(self._negative_texts)
        if cutoff > 0:
            slack = max(1.0 - cutoff, 0.0)
            start = bisect_left(self._negative_lengths, math.floor(len(text) * (1 - slack) / (1 + slack)))
            end = bisect_right(self._negative_lengths, math.ceil(len(text) * (1 + slack) / (1 - slack))) if slack < 1 else end
        if start >= end:  # none of about its length (or no negative examples at all, as in the catalogue's FAQ)
            return set()
        close = process.extract(text, self._negative_texts[start:end], scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=None)
        return {self._negative_intents[start + n] for _, _, n in close}

    def _beside_courtesy(self, words: Iterable[str]) -> int:
        """How many words a hello's or a thanks' examples never use (numbers aside) are beside it; a word typed
        over and over counts once (我们的我们的没有了谢谢 is still a thanks)."""
        return sum(1 for w in set(words) if w not in self._low_words and not w.isdigit())

    def _says_more(self, words: Iterable[str]) -> bool:
        """Whether a message says more than a hello or a thanks: words their examples never use.
        "好的，客人已经拒签了" is no thank-you, and answering it as one would close the conversation."""
        return self._beside_courtesy(words) > self.options.low_priority_other_words

    def _closing_clause(self, text: str, parts: list[str], words: dict[str, list[str]]) -> str | None:
        """The last clause of a message that says more than a thanks, when that clause says nothing but the closing's words
        (…那等销售跟我对接吧 谢谢 tells where things stand and ends the chat; `_ranked` keeps the closing only when the clause
        holds one of its `farewells`), and the message asks or requests nothing and gives nothing to act on (a figure, an
        e-mail: abc@qq.com 麻烦你了 hands something over); else None."""
        last = parts[-1]
        if last != clauses(text)[-1] or self._beside_courtesy(words[last]) or self._asking.found(text) or _GIVEN.search(text):
            return None
        return last

    @staticmethod
    def _asks_on(text: str, evidence: _Evidence, closing_words: tuple[str, ...]) -> bool:
        """Whether a message asks something after the cue a closing was read by: 好的，可以了是吗 and 好的再发两盒吗
        close nothing; what they ask is for an agent to read (没有了 谢谢 and 没啦?谢谢 end on the closing). The
        closing's own words after its cue ask nothing, however many question marks follow (好的谢谢???)."""
        cue = evidence[1] if evidence[0] else ""
        at = text.find(cue) if cue and "*" not in cue else -1
        return at >= 0 and _ASKED_ON.search(_said_after(text[at + len(cue):], closing_words)) is not None

    def _as_typed(self, text: str) -> str:
        """A normalised message read as typed: the 亲亲 padding dropped, pinyin IME slips read as the words they sound like."""
        text = unpadded(text)
        return self._typed(text) if self._slips else text

    @per_text()
    def _typed(self, text: str) -> str:
        """The text with its slips read. A slip in ordinary writing (a stretch of common words and particles, which
        slips.SlipReader leaves alone without `ordinary`: 那号吧 and 取小了, but also 查下此单 and 这样就好嘛, no 瑕疵 nor
        号码) is read only where it makes the message read as another intent, more surely than as written by more than a near
        tie (`yield_margin`), or as one where
        as written it read as none (那号吧: 好吧). Read only where the message reads as nothing, a slip cost 0.5 points more
        in scope on messages_cal3 (-5.4): 好的 帮我取小订单 reads as a thanks as written."""
        assert self._slips is not None
        sure, every = self._slips.read(text, ordinary=False), self._slips.read(text)
        if every == sure:
            return sure
        was, now = self._first(sure), self._first(every)
        # a near tie is no surer: 查询下此单 丢件赔偿呢 asks after a lost parcel (丢件, as written), no flaw (下此 as 瑕疵)
        surer = was is None or (now is not None and now.intent != was.intent and now.score - was.score > self.options.yield_margin)
        return every if now is not None and surer else sure

    def _first(self, text: str) -> Match | None:
        """The reading a text read as typed is answered with, if any (no conversation: a slip is in the text)."""
        chosen = self.chosen(self._ranked(text))
        return chosen[0] if chosen else None

    def may_find(self, text: str) -> bool:
        """Whether `match` may find anything in a normalised text. False only when it surely finds nothing: a bank with
        no cues, follow-ups, whole-message phrases, fitted vectors or slip reader (the catalogue's FAQ) scores a reading
        by the words it shares with an example, and every word of every reading is a stretch of the text or of the text
        without its spaces (an amount read as 元 aside), so a text holding none of the examples' words shares none. A
        caller skips `match` on it (most messages, against the FAQ)."""
        if (len(self._cues) or self._whole_messages or self._vectors is not None or self._slips is not None
                or not self.options.example_coverage or any(self._follow_ups.values())):
            return True
        words = self._example_words
        if not len(words):
            return False
        if self._words_of_amounts and ("元" in text or "块" in text):
            return True
        despaced = "".join(text.split())
        return any(True for _ in words.iter(text)) or (despaced != text and any(True for _ in words.iter(despaced)))

    @cached_property
    def _words_of_amounts(self) -> bool:
        """Whether a word of the examples holds 元, which an amount in a message is read as (一百块 -> 元)."""
        return any("元" in word for word in self._postings)

    @cached_property
    def _example_words(self) -> ahocorasick.Automaton:
        """Every word of the examples, for `may_find`: one pass over a text finds any of them."""
        return automaton(dict.fromkeys(self._postings, True))

    def example_table(self) -> tuple[BagTable, list[str]]:
        """The examples' bags (bot.learned.features) as one table, a row each, and each row's intent name: what
        another reader is fitted on (the learned vectors' own table when they are fitted)."""
        table = self._vectors.table if self._vectors is not None else \
            BagTable.of([features(ex.chars, ex.words) for ex in self._examples])
        return table, [self.intents[ex.intent].name for ex in self._examples]

    def bag(self, text: str) -> dict[str, float]:
        """The bag of a whole normalised message read as `match` reads it (padding dropped, typing slips read); the
        same dict for the same text a while (callers only read it)."""
        return self._bag(text)

    @per_text()  # the sending decision asks for a message's bag after `match` read it
    def _bag(self, text: str) -> dict[str, float]:
        return self._bag_of(self._as_typed(text))

    def heard_bag(self, text: str) -> dict[str, float]:
        """The bag of a normalised text with every slip the slip reader hears in it read, in ordinary writing too: how
        the second reader learns sending.yaml's `unanswered` sentences. Not `bag`, whose slips in ordinary writing
        hang on what the message reads as: a change there would refit that reader and move sends nobody asked about.
        Read as written instead (three sentences change: 没个说法 is read as 每个), the refit moved six sends on the
        tuning pools, two more wrong and one less."""
        text = unpadded(text)
        return self._bag_of(self._slips.read(text) if self._slips else text)

    def _bag_of(self, text: str) -> dict[str, float]:
        plain = _amounts_as_unit(text)
        return features(_bare(plain), self._words(plain))

    def words_beside_courtesy(self, text: str) -> int:
        """How many words of a normalised message a hello or a thanks never uses, read as `match` reads it:
        the engine sends a hello or a thanks by itself only when the message is little else. A message that is one of
        their `whole_message` phrases as written (haode, 客气啦, 要得哈; a figure beside it is something more) has none."""
        text = self._as_typed(text)
        found = self._whole_messages.get(_unvoiced(_bare(text))) if self._whole_messages else None
        if found is not None and found[0] in self._low:
            return 0
        return self._beside_courtesy(w for part in clauses(text)[: self.options.max_clauses]
                                     for w in self._words(_amounts_as_unit(part)))

    def _follow_up(self, text: str, recent_intents: Sequence[str]) -> Match | None:
        """A short message continuing a recent intent; `#` in a follow-up stands for any number or amount
        (`#吧` matches 80吧, 80元整吧 and 八十块吧). In a longer message, a short clause with a figure continues it
        the way a follow-up with `#` does: 260行不行 of 260行不行 行我就拍 is the price offered, what follows its
        condition; a figure alone (200 of 200 最后一次) is what the conversation's figures are about."""
        if len(text) <= self.options.follow_up_max_chars:
            said = [(text, False)]
        else:
            said = [(c, True) for c in clauses(text) if len(c) <= self.options.follow_up_max_chars and _NUMBER.search(c)]
        for part, figures_only in said:
            hashed = _numbers_as_hash(part)
            for name in reversed(recent_intents):
                for phrase in self._follow_ups.get(name, ()):
                    if phrase and (not figures_only or "#" in phrase) and (phrase in hashed or fuzz.ratio(hashed, phrase) >= 80
                                                                           or (figures_only and hashed == "#")):
                        return Match(name, self.options.threshold + 0.05, f"follow-up of {name}: {phrase}", text)
        return None

    def _readings(self, text: str, parts: list[str], words: dict[str, list[str]]) -> list[tuple[str, list[str] | None, float]]:
        """What to score, with how sure each reading is: the whole message (its cues only when it has several
        clauses), each clause, and each phrase with its spaces taken out, since a space may be a comma (好的 尽快嘛)
        or a slip of the thumb (我地址 弄错了); the reading that ignores the buyer's space is the less sure one."""
        if len(parts) == 1:
            return [(text, words[parts[0]], 1.0)]
        joined = [j for p in phrases(text)[: self.options.max_clauses] if " " in p and (j := p.replace(" ", "")) not in words]
        return ([(text, None, 1.0)] + [(part, words[part], 1.0) for part in parts]
                + [(j, self._words(_amounts_as_unit(j)), self.options.joined_sureness) for j in joined])

    def match(self, text: str, *, recent_intents: Sequence[str] = ()) -> list[Match]:
        """Top-k intents for a normalised message, best first; follow-ups read in the light of `recent_intents`."""
        if not text:
            return []
        return self._ranked(self._as_typed(text), recent_intents)

    def _ranked(self, text: str, recent_intents: Sequence[str] = ()) -> list[Match]:
        """`match` of a text already read as typed."""
        parts = clauses(text)[: self.options.max_clauses]
        words = {part: self._words(_amounts_as_unit(part)) for part in parts}  # jieba never joins words across punctuation
        best: dict[int, tuple[float, _Evidence, str]] = {}  # intent -> (score, evidence, clause)
        for part, part_words, sureness in self._readings(text, parts, words):
            for i, (score, evidence) in self._score_clause(part, part_words).items():
                if score * sureness > best.get(i, _NOTHING)[0]:
                    best[i] = (score * sureness, evidence, part)
        self._add_whole_message(text, best)
        for i in self._vetoed(text):
            best.pop(i, None)
        for i in self._closings & best.keys():
            if self._asks_on(text, best[i][1], self._closing_words[i]):
                best.pop(i)
        if best.keys() & self._low and self._says_more(w for part in parts for w in words[part]):
            ends = self._closing_clause(text, parts, words)
            best = {i: b for i, b in best.items()
                    if i not in self._low or (ends is not None and any(w in ends for w in self._farewells.get(i, ())))}
        # Matches (and their reasons) are made for the few that are returned only (a stable sort: equal scores
        # keep their order).
        top = sorted(best.items(), key=lambda item: item[1][0], reverse=True)[: self.options.top_k]
        asking = {c: self._asking.in_clause(c, text) for c in {c for _, (_, _, c) in top}}  # once a clause: they often share one
        ranked = [Match(self.intents[i].name, score, _strongest(*evidence), clause, cue=evidence[1] if evidence[0] else "",
                        asks=asking[clause]) for i, (score, evidence, clause) in top]
        if recent_intents and (not ranked or ranked[0].score < self.options.threshold):
            follow = self._follow_up(text, recent_intents)
            if follow:
                ranked = [follow] + [m for m in ranked if m.intent != follow.intent]
        return ranked[: self.options.top_k]

    def _add_whole_message(self, text: str, best: dict[int, tuple[float, _Evidence, str]]) -> None:
        """A message that is one of an intent's `whole_message` phrases is that intent as surely as a cue covering
        it: 哦好 and 嗯嗯好 close a topic, while the clause 好 of 好，那我去申请 is no thanks, so no example may say 好."""
        said = _whole(text)
        found = self._whole_messages.get(_unvoiced(said)) if self._whole_messages else None  # the FAQ's have none
        if found is None:
            return
        i, phrase = found
        score = _cue_score(len(said), 1.0) * self.options.keyword_weight  # a cue covering the whole message, as said
        held = best.get(i)
        if held is None or score > held[0]:
            best[i] = (score, (score, phrase, 0.0, "", 0.0), text)
        elif not held[1][0]:  # an example says it more surely (在？ against 在吗): the phrase is still a trainer's cue
            best[i] = (held[0], (score, phrase) + held[1][2:], held[2])

    def chosen(self, matches: Sequence[Match]) -> list[Match]:
        """The intents to answer: the best that clears the threshold, and a second request from another clause
        (never a hello or a thanks: those only stand for a message by themselves).

        A low-priority intent (a hello, a thanks) gives way to a real request that also clears the
        threshold, unless that request is only a faint echo beside a plain thank-you
        ("没有啦 谢谢你了" is no complaint because an example mentions 没有) or a remark (`_remark`) that the hello or the
        thanks reads clearer than: 今天就送到了 谢谢你 tells the news and says goodbye."""
        o = self.options
        clear = [m for m in matches if self.clearance(m, matches) >= o.threshold]
        if not clear:
            return []
        if o.remark_margin and self._index_of[clear[0].intent] in self._low:  # news told before a clearer goodbye asks nothing
            clear = [clear[0], *(m for m in clear[1:] if not self._remark(m))]
        if self._news_over and any(self._index_of[m.intent] in self._closings and any(w in m.clause for w in self._all_farewells)
                                   for m in clear):  # 退款已经到账了，谢谢啦: a thanks in so many words, not 好评 of 追加了好评
            clear = [m for m in clear if not self._settled(m)]
        real = [m for m in clear if self.intents[self._index_of[m.intent]].priority != "low"]
        if real and (real[0].score >= o.low_priority_yields_to or real[0].score >= clear[0].score - o.low_priority_margin):
            clear = real
        first = self._yielded(clear)
        # A second answer is a second request: a hello beside a thanks (谢谢 辛苦了 不打扰了) is no new conversation.
        second = next((m for m in clear if m is not first and m.score >= o.second_intent_min and m.clause != first.clause
                       and self._index_of[m.intent] not in self._low), None)
        return [first, second] if second else [first]

    def clearance(self, match: Match, matches: Sequence[Match] = ()) -> float:
        """The score a reading is held to the threshold with: a remark's (`_remark`) less `remark_margin`; the best of
        `matches`, `open_lead` ahead of the next, asking about a new thing (`_names_new_thing`), more `open_margin`."""
        o = self.options
        if self._remark(match):
            return match.score - o.remark_margin
        leads = bool(matches) and matches[0] is match and (len(matches) < 2 or match.score - matches[1].score >= o.open_lead)
        return match.score + o.open_margin if leads and self._names_new_thing(match) else match.score

    def _names_new_thing(self, match: Match) -> bool:
        """A reading of an `open_names` intent (the goods), of a clause that asks and names a thing that no example or
        cue names: 刷新率是多少 and 有降压线吗 ask about a feature and a part of an item that the examples never wrote.
        The service's requests are told in the words the examples use (快递, 退货, 发票); a thing the bot has no word for
        is most often the goods'. A reading from the conversation is no such question."""
        if (self._names_thing is None or not match.asks or match.from_context or not match.clause
                or self._index_of[match.intent] not in self._open):
            return False
        return any(w not in self._postings and w not in self._cue_words and self._names_thing(w)
                   for w in self._words(_amounts_as_unit(match.clause)))

    def _remark(self, match: Match) -> bool:
        """A reading that only tells: no trainer's cue, of a clause that asks and requests nothing (`Match.asks`). 你家东西的质量一直挺好 shares 质量 with 质量真差 and is no complaint: the request such a reading
        stands for is asked in words. A hello or a thanks never asks, and what buyers report (an intent file's
        `reported`: 洗了缩水了) is told; neither is a remark. The conversation's readings and follow-ups ask (`asks`)."""
        intent = self.intents[self._index_of[match.intent]]
        return not match.asks and not match.cue and intent.priority != "low" and not intent.reported

    def _settled(self, match: Match) -> bool:
        """A request read from a clause that tells news that is over (a closing's `settled` words, none of its `unsettled`
        ones, its farewells aside) and asks nothing: beside a thanks, 退款已经到账了 and 快递员联系我了 close the topic
        they name (退款还没到账 谢谢 and 发票抬头写错了 谢谢 do not). What buyers report (`reported`) is never news that is over."""
        intent = self.intents[self._index_of[match.intent]]
        if match.asks or intent.priority == "low" or intent.reported:
            return False
        told = _said_after(match.clause, self._all_farewells)
        return any(w in told for w in self._news_over) and not any(w in told for w in self._news_open)

    def _yielded(self, clear: Sequence[Match]) -> Match:
        """The best reading, unless its intent gives way (`yields_to`) to another scoring within `yield_margin` of it:
        那我发什么快递退回 is a return told through its parcel, though 发什么快递 scores a hair above 快递退回; or, for an
        intent that `yields_on_cue`, to another that a cue holds as its own does (快递员 beside 换货: the exchange's courier)."""
        best = clear[0]
        intent = self.intents[self._index_of[best.intent]]
        on_cue = intent.yields_on_cue and bool(best.cue)
        return next((m for m in clear[1:] if m.intent in intent.yields_to
                     and (best.score - m.score <= self.options.yield_margin or (on_cue and m.cue))), best)
