"""Reading a short follow-up with its conversation, as an agent does.

是的 after 可以价保吗 is price_protect, 那运费谁出 after 我要退货 is return, 好的 尽快嘛 after a shipping
question is shipping (and thanks): alone, such messages are fragments, weak guesses or a bare thanks.
The conversation's topic is what the buyer's last few messages were about (each message's likeliest
intents with their scores, older messages counting less) plus what the bot or an agent last asked. A short message
that is not clear by itself gets the topic's weight added to its own evidence. Pure: tables of cases
test it without jieba or the intents' files.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from bot.domain import Heard, Match, Slots


@dataclass(frozen=True)
class ContextOptions:
    max_chars: int = 20  # a longer message says what it is about by itself
    decay: float = 0.75  # how much a message one turn older counts (是的 answers the newest message most)
    # a reading weaker than this says nothing about the topic: the matcher's threshold (MatchOptions), so that what
    # the bot answered is what the conversation is about (是的 after a product question it answered at 0.58 goes on with it)
    floor: float = 0.58
    weight: float = 1.5  # how much the topic adds to a short message's own evidence for an intent
    clear: float = 0.85  # a request this clear stands by itself (能开发票吗 after 包邮吗 is a new topic)
    rival: float = 0.45  # a thanks or hello gives way to the topic when the message also carries it this much
    most: float = 0.85  # a reading from the conversation is a guess: it scores at most this
    # (and at least the matcher's threshold, so that it is answered; never sent alone: Match.from_context)
    asked: float = 1.0  # what the bot or an agent last asked about counts this much
    runner_up: float = 0.6  # an earlier message's other readings count this share of their score
    after_closing: float = 0.7  # after a thanks that closed it, the topic counts this share
    near: float = 0.05  # an earlier message's readings this close are as much what it is about
    passing: float = 0.5  # a topic weighing less than this share of the conversation's main one was touched in passing


# Punctuation, spaces and digits: what is left of 好的，尽快！！ once its words are taken out says nothing.
_NOTHING = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class ContextCues:
    """Words that say how a follow-up meets its conversation, from the trainers' `intents/context.yaml`.

    `carry_on`: urging or waiting (尽快, 催一下, 要多久): a message made of these and `fillers` only
    has no topic of its own and goes on with the conversation's (a refund, a price protection, a parcel).
    `bare`: yes and no (是的, 没有, 不是): a message made of these and `fillers` only answers what the
    conversation asked; what its words score alone is noise (没有 is no complaint).
    `gives_way`: intent -> topics: a short message read as the intent is read as one of those topics
    when the conversation is about it (白条 after 钱退到哪 says where the refund goes, not how to pay); an intent
    with `gives_way_on` words gives way only when the message holds one of them (那运费呢 after a return asks its postage,
    while 少点呗 or 便宜了8块 after it is a haggle or a price drop of its own).
    `keeps`: intent -> topics: a short message read as the intent by a keyword in its own words keeps that reading when
    the conversation is about one of those topics (忘了讲价 after a payment question is a haggle).
    `holds`: the buyer pausing to look or think (稍等, 我看下): a message made of these and `fillers` only asks
    nothing of the topic and reads as it reads alone.
    `acknowledges`: intent -> words: a message made of the words and `fillers` only, in a conversation, takes
    in what was said and is read as the intent (哦 after an answer: thanks_bye).
    `conditions`: a condition the buyer sets on what else the message says (行就拍 不行就算了): the thanks word in it
    (算了) closes nothing while the message says more (`conditioned`).
    `urges`: intent -> words: urging said first, with no conversation, that buyers mean of the intent (催一下 with nothing
    before it is the parcel), where other urging (等多久?) names nothing.
    `after_closing`: the buyer's yes-sounds (嗯嗯): a message made of these and `fillers` only, right after the buyer's own
    thanks closed the topic, goes on closing it rather than answering the topic again."""

    carry_on: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    gives_way: Mapping[str, frozenset[str]] = field(default_factory=dict)
    bare: tuple[str, ...] = ()
    holds: tuple[str, ...] = ()
    acknowledges: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    conditions: tuple[str, ...] = ()
    keeps: Mapping[str, frozenset[str]] = field(default_factory=dict)
    urges: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    after_closing: tuple[str, ...] = ()
    gives_way_on: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    gives_way_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    denials: tuple[str, ...] = ()

    def yields_to(self, intent: str, text: str, said: Collection[str] = (), cue: str = "") -> frozenset[str]:
        """The topics a message read as `intent` gives way to: `gives_way`'s, when `text` holds one of the intent's
        `gives_way_on` words or the reading rests on one (`cue`, a keyword: 有*的吗 says only that something is asked),
        or the intent names none, or when the buyer's earlier messages `said` one of its `gives_way_after` words (怎么取消
        after 换货申请我点错了 cancels the exchange request)."""
        words = self.gives_way_on.get(intent)
        named = (not words or cue in words or any(map(text.__contains__, words))
                 or any(w in said for w in self.gives_way_after.get(intent, ())))
        return self.gives_way.get(intent, frozenset()) if named else frozenset()

    def words_in(self, text: str) -> tuple[str, ...]:
        """The `gives_way_after` words `text` names, kept with the message as heard (`Heard.words`)."""
        return tuple(sorted({w for words in self.gives_way_after.values() for w in words if w in text}))

    def carries_on(self, text: str) -> bool:
        """Whether `text` urges or waits and says nothing else."""
        return self._made_of(text, "carry_on")

    def says_nothing(self, text: str) -> bool:
        """Whether `text` only says yes or no."""
        return self._made_of(text, "bare")

    def holds_on(self, text: str) -> bool:
        """Whether `text` only asks the agent to wait while the buyer looks or thinks."""
        return self._made_of(text, "holds")

    def urged(self, text: str) -> str | None:
        """The intent whose urging words (`urges`) `text` holds: 帮忙催一下 urges the parcel; None otherwise."""
        return next((intent for intent, words in self.urges.items() if any(map(text.__contains__, words))), None)

    def acknowledged(self, text: str) -> str | None:
        """The intent `text` is read as when it only takes in what was said (哦: thanks_bye); None otherwise."""
        return next((intent for intent in self.acknowledges if self._made_of(text, ("acknowledges", intent))), None)

    def still_closing(self, text: str) -> bool:
        """Whether `text` only says 嗯 (`after_closing`), which after a closing thanks takes leave."""
        return self._made_of(text, "after_closing")

    def conditions_in(self, text: str) -> tuple[str, ...]:
        """The conditions `text` sets (不行就算了), when it says something beside them and the fillers, a figure included
        (268 行的话我马上付款 is set on the price); none otherwise: a condition said alone (不行就算了 after a refusal) is
        the buyer giving up, a goodbye."""
        found = tuple(filter(text.__contains__, self._longest_first["conditions"]))
        alone = self._made_of(text, "conditions") and not any(ch.isdigit() for ch in text)
        return () if not found or alone else found

    def _made_of(self, text: str, cues: str | tuple[str, str]) -> bool:
        lists = self._longest_first
        return _made_of(text, lists[cues], lists["fillers"])

    @cached_property
    def _longest_first(self) -> dict[str | tuple[str, str], tuple[str, ...]]:
        """Each list of words by name (an acknowledgement's by its intent) sorted longest first, once: a message
        is read against them often."""
        lists: dict[str | tuple[str, str], Sequence[str]] = {
            "carry_on": self.carry_on, "fillers": self.fillers, "bare": self.bare, "holds": self.holds, "conditions": self.conditions,
            "after_closing": self.after_closing,
            **{("acknowledges", intent): words for intent, words in self.acknowledges.items()}}
        return {name: tuple(sorted(words, key=len, reverse=True)) for name, words in lists.items()}


def _made_of(text: str, cues: Sequence[str], fillers: Sequence[str]) -> bool:
    """Whether `text` holds one of `cues` at least, and nothing else but `fillers`, punctuation and digits; both
    lists longest first, so that a phrase is taken out before a shorter one it holds."""
    if not any(map(text.__contains__, cues)):  # most messages hold none (looked for in C)
        return False
    rest = text
    for phrase in cues:
        if phrase in rest:
            rest = rest.replace(phrase, " ")
    for filler in fillers:
        if filler in rest:
            rest = rest.replace(filler, " ")
    return not _NOTHING.sub("", rest)


def conditioned(matches: Sequence[Match], text: str, *, cues: ContextCues, threshold: float,
                options: ContextOptions, recent: Sequence[str] = ()) -> list[Match]:
    """The message's matches when it sets a condition (`ContextCues.conditions_in`): 190吧 行就拍 不行算了 is a haggle with
    the buyer's own price, and 算了 in it no goodbye, nor 付款 in 268 行的话我马上付款 a payment, so a reading whose cue is in
    the condition is taken out. What
    the condition is on is asked: the reading the message carries next, when at least `options.rival` or of the
    conversation's last intent (`recent`), leads from `threshold` (so that it is answered) as a guess that never goes
    out alone."""
    conditions = cues.conditions_in(text)
    if not conditions:
        return list(matches)
    kept = [m for m in matches if not (m.cue and any(m.cue in c for c in conditions))]
    lead = kept[0] if kept else None
    if lead and lead.score < threshold and (lead.score >= options.rival or (recent and lead.intent == recent[-1])):
        kept[0] = replace(lead, score=threshold, reason=f"{lead.reason}, beside the condition {conditions[0]}",
                          from_context=True, asks=True)  # the condition asks (行就拍): no remark
    elif lead and lead.score >= threshold:
        kept[0] = replace(lead, asks=True)  # ...a reading clear by itself too
    return kept


def denied(matches: Sequence[Match], denials: Sequence[str], *, asks: Callable[[str], bool]) -> tuple[str, ...]:
    """The intents a message says its matter is not: a reading whose keyword, in a clause that does not ask, holds a
    denial or follows one closely (我地址没有错, 不是质量问题, 也不是需要退换货). 是不是地址错了 asks, and 没收到 is the
    parcel's own complaint, no denial of it."""
    return tuple(m.intent for m in matches if m.cue and not asks(m.clause) and _denies(m.clause, m.cue, denials))


def _denies(clause: str, cue: str, denials: Sequence[str]) -> bool:
    hit = re.search(".{0,6}".join(map(re.escape, cue.split("*"))), clause)
    return bool(hit) and any(d in clause[max(0, hit.start() - len(d) - 2):hit.end()] for d in denials)


def topic(heard: Sequence[Heard], asked: str | None, *, ignore: Collection[str], options: ContextOptions,
          closed: str | None = None) -> dict[str, float]:
    """Intent -> weight 0..1 of what the conversation is about: each earlier message's readings,
    the newest at full weight, a message's later readings a share (`options.runner_up`); the last
    question the bot or an agent asked counts as a clear reading. Intents in `ignore` (a hello, a thanks,
    asking for a person) are no topic, nor what a message `denied` from that message back (我地址没有错 after 地址好像错了),
    and when the newest message `closed` it (a thanks: `closed_by`), the topic counts less."""
    weights: dict[str, float] = {}
    gone: set[str] = set()
    for age, past in enumerate(reversed(heard)):
        gone.update(past.denied)
        for rank, (intent, score) in enumerate(_on_topic(past, {*ignore, *gone}, options)):
            share = 1.0 if rank == 0 else options.runner_up
            weights[intent] = max(weights.get(intent, 0.0), score * share * options.decay**age)
    if closed:
        weights = {i: w * options.after_closing for i, w in weights.items()}
    if asked and asked not in ignore:
        weights[asked] = max(weights.get(asked, 0.0), options.asked)
    return weights


def _on_topic(past: Heard, ignore: Collection[str], options: ContextOptions) -> list[tuple[str, float]]:
    return [(intent, score) for intent, score in past.matches if intent not in ignore and score >= options.floor]


def as_heard(matches: Sequence[Match], text: str, *, cues: ContextCues, options: ContextOptions) -> list[Match]:
    """A message's readings as the conversation goes on with them: a best reading that gives way (`ContextCues.gives_way`)
    to another reading of the same message scoring about as well (`options.near`) puts that one first: 能取消换货申请吗
    is the order's cancellation and the exchange about equally, and what follows is about the exchange; 降价了 能退我差价吗
    is about the price protection its refund is. What the message is answered with is left as it reads."""
    best = matches[0] if matches else None
    if best is None or best.score < options.floor:
        return list(matches)
    topics = cues.gives_way.get(best.intent, frozenset())
    other = next((m for m in matches if m.intent in topics and m.score >= max(options.floor, best.score - options.near)), None)
    return [other, *(m for m in matches if m is not other)] if other else list(matches)


def closed_by(heard: Sequence[Heard], *, ignore: Collection[str], options: ContextOptions, closing: Collection[str]) -> str | None:
    """The intent (one of `closing`: a thanks) the buyer's newest message closed the topic with, when it said nothing
    else the conversation could be about (好的 谢谢, not 好的 那发票呢); None otherwise."""
    last = heard[-1].matches if heard else ()
    return last[0][0] if last and last[0][0] in closing and not _on_topic(heard[-1], ignore, options) else None


def in_context(matches: Sequence[Match], text: str, weights: dict[str, float], *, threshold: float,
               low: Collection[str], options: ContextOptions, cues: ContextCues = ContextCues(),
               ongoing: bool = False, named: bool = False, closed: str | None = None, asks: bool = False,
               said: Collection[str] = ()) -> list[Match]:
    """The message's matches read with the conversation's topic `weights`. Unchanged when the message
    is long or a clear request; otherwise the intent that its own evidence and the topic together make
    likeliest leads, scored from `threshold` (so that it is answered) to `options.most`. A clear thanks
    or hello (intents in `low`) stays one unless the message also carries the topic (好的 尽快嘛:
    shipping leads, the thanks follows). A message that only urges or waits (`cues.carry_on`) or says yes
    or no (`cues.bare`) takes the topic whatever its own words score; a reading that gives way to the topic
    (`cues.gives_way`, by its words or those the buyer `said` before) does, when it is one at all (`options.floor`: a
    faint payment reading of 我要怎么操作 is none). A message that only holds the agent while the buyer looks (`cues.holds`) stays as
    it reads alone, and one that only takes in what was said (`cues.acknowledges`: 哦, 收到了) is read as that intent
    when the conversation is `ongoing` (the bot or an agent has answered the buyer), topic or none, unless it `asks`
    (收到了吗); so is a bare 嗯 (`cues.after_closing`) right after a thanks of the buyer's `closed` the topic. A request that
    `stands` by itself is left as it reads: clear, or `named` (its best reading rests on a trainer's keyword in the
    message's own words) in a conversation about a topic it keeps against (`cues.keeps`)."""
    own = {m.intent: m.score for m in matches}
    best = matches[0] if matches else None
    if len(text) > options.max_chars:
        return list(matches)
    urges = cues.carries_on(text)
    if not urges and cues.holds_on(text):  # 稍等 我看下: the buyer asks nothing of the topic (还要等一下吗 urges)
        return list(matches)
    taken_in = cues.acknowledged(text) if (ongoing or weights) and not asks else None
    taken_in = taken_in or (closed if closed and cues.still_closing(text) else None)
    if taken_in and own.get(taken_in, 0.0) < threshold:  # 哦。 after an answer: it has been heard
        reason = f"context: {taken_in}, taking in what was said"
        # what else its words score is noise, as a bare yes's is (到账了 names no refund to ask about)
        return [Match(taken_in, threshold, reason, text, from_context=True),
                *(m for m in matches if m.intent != taken_in and m.score < threshold)]
    if not weights or taken_in:
        return list(matches)
    yields = _yields(best, text, weights, cues=cues, options=options, said=said)
    if urges:  # 能帮忙催一下啊: the urging words are the message's only evidence
        combined = {i: options.weight * w for i, w in weights.items()}
    elif yields:
        combined = {i: own.get(i, 0.0) + options.weight * weights[i] for i in yields} | {best.intent: min(best.score, options.most)}
    elif best and best.intent in low and best.score >= threshold:
        combined = {i: own[i] + options.weight * w for i, w in weights.items() if own.get(i, 0.0) >= options.rival}
    elif cues.says_nothing(text):  # 没有: an answer to the conversation's question, however its words score alone
        combined = {i: options.weight * w for i, w in weights.items()}
    elif best and stands(matches, weights, named=named, keeps=cues.keeps.get(best.intent, frozenset()), options=options):
        return list(matches)
    else:
        combined = {i: own.get(i, 0.0) + options.weight * weights.get(i, 0.0) for i in own.keys() | weights.keys()}
    if not combined:
        return list(matches)
    # Ties go to the intent the message itself favours, then by name: the same reading every run.
    lead = max(sorted(combined), key=lambda i: (combined[i], own.get(i, 0.0)))
    # Any topic the conversation has carries a fragment (是的 after a faint product question): the
    # reading is only a guess for the agent, never sent alone, and the bare fallback helps nobody.
    score = max(min(combined[lead], options.most), threshold)
    if combined[lead] < options.floor or score <= own.get(lead, 0.0):
        return list(matches)
    reason = f"context: {lead} earlier in the conversation ({weights.get(lead, 0.0):.2f})"
    return [Match(lead, score, reason, text, from_context=True), *(m for m in matches if m.intent != lead)]


def _yields(best: Match | None, text: str, weights: Mapping[str, float], *, cues: ContextCues,
            options: ContextOptions, said: Collection[str] = ()) -> frozenset[str]:
    """The topics a message's best reading gives way to (`ContextCues.yields_to`), when the reading is one at all
    (`options.floor`: a faint payment reading of 我要怎么操作 gives way to nothing) and the topic more than touched in
    passing (`options.passing` of what the conversation is most about): 我付款好了 after a shipping question is no
    return for a return named beside the payment two messages back."""
    if best is None or best.score < options.floor or not weights:
        return frozenset()
    least = options.passing * max(weights.values())
    return frozenset(i for i in cues.yields_to(best.intent, text, said, best.cue) if weights.get(i, 0.0) >= least)


def stands(matches: Sequence[Match], weights: Mapping[str, float], *, named: bool, keeps: Collection[str],
           options: ContextOptions) -> bool:
    """Whether a message's best reading (`matches[0]`) is its own whatever the conversation's topic `weights`: it is clear
    (能开发票吗 after 包邮吗), or `named` by a keyword in the message's own words while the topic is one the reading `keeps`
    against (the trainers' `keeps`: 付过钱了忘了讲价 after a payment question is a haggle, 定制的杯子要做多久 after a product
    question asks the making time) and no keyword of the topic's is in the message. A keyword only across words (邮寄|了
    holds 寄了) names nothing; a message that names the topic too goes on with it, as the guess it is."""
    top = max(weights, key=weights.__getitem__)
    return matches[0].score >= options.clear or (named and top in keeps and not any(m.cue for m in matches if m.intent == top))


def answers_alone(rest: str, slots: Slots) -> bool:
    """Whether a message with no words left (`rest`, once its slots are taken out) still answers the conversation:
    an order number, a phone or an amount it carries, figures (3 3 after 保价: the prices paid and seen), or a question
    mark (？ after 申请价保: the buyer asking after it again)."""
    return slots != Slots() or any(ch.isdigit() or ch in "?？" for ch in rest)


def asks(reply: str) -> bool:
    """Whether a reply asks the buyer something, so that their next 是的 or 好的 answers it."""
    return "？" in reply or "?" in reply


def with_courtesy(chosen: Sequence[Match], matches: Sequence[Match], *, low: Collection[str], threshold: float) -> list[Match]:
    """The intents to answer once a follow-up is read with its conversation: the topic, and the thanks or
    hello the message also carries (好的 尽快嘛: the parcel, and thanks), which the matcher drops beside
    a request. Readings of the message alone are left as they are."""
    if len(chosen) != 1 or not chosen[0].from_context:
        return list(chosen)
    courtesy = next((m for m in matches if m.intent in low and m.score >= threshold and m.intent != chosen[0].intent), None)
    return [*chosen, courtesy] if courtesy else list(chosen)
