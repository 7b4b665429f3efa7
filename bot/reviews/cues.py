"""Cues: a trainer's word or phrase that signals something in a review, found with care for negation.

A cue is plain text; `*` stands for a short gap inside one clause (`不给*退` finds 不给我退), and a leading `^`
ties it to the start of a clause (`^才收到` is 'just got it', where 五天才收到 is a late parcel). A cue right
after a negator does not count (物流不慢 is no logistics complaint), unless the negator is part of a question
(是不是假货 still doubts the goods), and neither does a cue overlapping one of the phrases a trainer listed as
exceptions (质量还可以 is no quality complaint).

A topic is a word that only names what a review talks about (客服, 快递, 价格, 屏幕): it counts when its clause
also carries a complaint word and no praise word (客服不理人, not 客服很耐心), as listed in `tone.yaml`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

GAP_CHARS = 6  # how far apart the parts of a `*` cue may be
# Longest first, so 没有 is seen before 有 could be; a cue that itself starts with one is checked before it.
NEGATORS = ("没有那么", "并没有", "不是很", "不是太", "不怎么", "没那么", "没有", "不是", "并非", "并不", "从不", "不太", "不大",
            "不够", "不", "没", "未", "别")
QUESTIONS = ("是不是", "是没是", "有没有")  # a negator inside these asks, it does not deny
LOOKALIKES = ("特别", "区别", "分别", "个别", "类别", "级别", "性别", "差别", "识别", "鉴别")  # 别 that is no 'don't'


@dataclass(frozen=True)
class Cue:
    text: str  # as the trainer wrote it, normalised
    pattern: re.Pattern[str]
    parts: tuple[str, ...] = ()  # the words between `*` gaps

    @classmethod
    def parse(cls, text: str) -> "Cue":
        anchor, body = ("^", text[1:]) if text.startswith("^") else ("", text)
        if not body.strip("*"):
            raise ValueError(f"cue {text!r} has no words; write the word or phrase that signals the aspect")
        words = tuple(p for p in body.split("*") if p)
        return cls(text, re.compile(anchor + f"(.{{0,{GAP_CHARS}}}?)".join(map(re.escape, words))), words)

    def spans(self, clause: str) -> list[tuple[int, int]]:
        """Where the cue is, skipping a `*` gap that ends in a negator (个头倒是不小 is no 个头*小), unless
        the words before the gap deny already (没包没鼠标 is still 没*鼠标)."""
        return [m.span() for m in self.pattern.finditer(clause)
                if not any(denies(gap) and not denies(part) for part, gap in zip(self.parts, m.groups()))]


def parse_cues(words: Iterable[object], normalise: Callable[[str], str]) -> tuple[Cue, ...]:
    """Cues as a trainer listed them, normalised like the reviews they are looked for in; blanks skipped."""
    cues = []
    for word in words:
        text = str(word).strip()
        anchor = "^" if text.startswith("^") else ""  # kept out of the normaliser, which drops it as noise
        body = normalise(text[len(anchor):])
        if body.strip("* "):
            cues.append(Cue.parse(anchor + body))
    return tuple(cues)


def denies(before: str) -> bool:
    """Whether text ends in words that deny what follows it (不, 没有, 不是; not the 不是 of 是不是 nor the
    别 of 特别)."""
    return before.endswith(NEGATORS) and not before.endswith(QUESTIONS + LOOKALIKES)


def negated(clause: str, start: int) -> bool:
    """Whether the words just before `start` deny what follows (不慢, 没有漏发, 不是质量问题)."""
    return denies(clause[:start])


def counting_spans(cues: Iterable[Cue], clause: str, exceptions: Iterable[Cue] = (),
                   praised: Iterable[tuple[int, int]] = (),
                   hedged: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[Cue, int, int]]:
    """Each cue occurrence that counts: not negated, not inside an exception phrase, not cut across by
    praise (`Tone.praised`: 味道不错 is no 味道*不; praise among a cue's own words, as 及时 in 不能及时, is its own),
    and not starting where the buyer only worries or does not know (`Tone.hedged`: 会不会起球)."""
    covered = [span for exc in exceptions for span in exc.spans(clause)]
    praised, hedged = list(praised), list(hedged)
    for cue in cues:
        for start, end in cue.spans(clause):
            if not negated(clause, start) and not any(start < e and s < end for s, e in covered) \
                    and not any(start < e and s < end and not _holds(cue, clause[s:e]) for s, e in praised) \
                    and not any(s <= start < e for s, e in hedged):
                yield cue, start, end


def _holds(cue: Cue, words: str) -> bool:
    """Whether a cue's own words hold these (不能及时 holds 及时; 东西*不行 holds no 不错 in its gap)."""
    return any(words in part for part in cue.parts)


def first_hit(cues: Iterable[Cue], clause: str, exceptions: Iterable[Cue] = (),
              praised: Iterable[tuple[int, int]] = (), hedged: Iterable[tuple[int, int]] = ()) -> tuple[Cue, str] | None:
    """The first cue that counts in a clause, with the text it covered; None when none does."""
    for cue, start, end in counting_spans(cues, clause, exceptions, praised, hedged):
        return cue, clause[start:end]
    return None


@dataclass(frozen=True)
class Tone:
    """Words that make a clause a complaint (差, 太慢, 不理) or praise (不错, 很快), for topics; words that
    say a thing is not there (没有, 缺, 不送), for the things a parcel should hold; and words that make the rest
    of a clause a worry (会不会, 担心: 担心会漏 is no leak) or what comes before them unknown (有没有坏的我也不知道)."""

    complaint: tuple[Cue, ...] = ()
    praise: tuple[Cue, ...] = ()
    absence: tuple[Cue, ...] = ()
    worry: tuple[Cue, ...] = ()
    unsure: tuple[Cue, ...] = ()

    def complains(self, clause: str, topic: tuple[int, int], neighbours: Iterable[str] = ()) -> bool:
        """Whether a clause complains about the topic found at `topic`: the rest of it has no praise word
        and it or a neighbouring clause has a complaint word or a denied praise word (不专业, 不太满意), as
        buyers judge a thing just after naming it (物流，真是慢)."""
        rest = clause[: topic[0]] + " " + clause[topic[1]:]
        if first_hit(self.praise, rest) is not None:
            return False
        return any(first_hit(self.complaint, part) is not None or self._denies_praise(part) for part in (rest, *neighbours))

    def praised(self, clause: str) -> list[tuple[int, int]]:
        """Where a clause praises, leaving out praise it denies (不太满意, 没及时送 praise nothing)."""
        return [span for cue in self.praise for span in cue.spans(clause) if not negated(clause, span[0])]

    def hedged(self, clause: str) -> list[tuple[int, int]]:
        """Where a clause only worries or does not know: from a worry word on (会不会, 担心, 万一), before an
        unsure word (不知道); a cue starting there is no complaint. A doubt of what the item is (不知道是不是
        假货) still counts: the doubt comes after its 不知道."""
        after = [(s, len(clause)) for cue in self.worry for s, _ in cue.spans(clause) if not negated(clause, s)]
        return after + [(0, s) for cue in self.unsure for s, _ in cue.spans(clause)]

    def _denies_praise(self, part: str) -> bool:
        return any(negated(part, start) for cue in self.praise for start, _ in cue.spans(part))


ABSENT_BEFORE, ABSENT_AFTER = 4, 6  # how near an absence word must be to the thing it says is missing


def absent_hit(things: Iterable[Cue], clause: str, tone: Tone, exceptions: Iterable[Cue] = ()) -> tuple[Cue, str] | None:
    """The first thing of a clause said to be missing (没有发票, 赠品也没有, 少了原装包), with its text: an absence
    word just before or after it, neither inside an exception (没有问题) nor asking (有没有发票)."""
    covered = [span for exc in exceptions for span in exc.spans(clause)]
    asked = [m.span() for q in QUESTIONS for m in re.finditer(q, clause)]
    gaps = [(s, e) for cue in tone.absence for s, e in cue.spans(clause)
            if not any(s < ce and cs < e for cs, ce in (*covered, *asked))]
    for cue in things:
        for start, end in cue.spans(clause):
            near = any((start - ABSENT_BEFORE <= s and e <= start) or (end <= s and e <= end + ABSENT_AFTER) for s, e in gaps)
            if near and not any(start < ce and cs < end for cs, ce in covered):
                return cue, clause[start:end]
    return None


def topic_hit(topics: Iterable[Cue], clause: str, tone: Tone, exceptions: Iterable[Cue] = (),
              neighbours: Iterable[str] = ()) -> tuple[Cue, str] | None:
    """The first topic of a clause that the clause (or one next to it) complains about, with its text."""
    for cue, start, end in counting_spans(topics, clause, exceptions, hedged=tone.hedged(clause)):
        if tone.complains(clause, (start, end), neighbours):
            return cue, clause[start:end]
    return None


def belied_hit(claims: Iterable[Cue], contrasts: Iterable[Cue], clause: str, exceptions: Iterable[Cue] = (),
               following: Iterable[str] = ()) -> tuple[Cue, str] | None:
    """The first claim of a clause (说是, 宣传) that words after it, there or in the next clause, belie (说是纯棉的，
    拿到全是化纤; 宣传能用一周，结果两天就没电): the buyer sets what was promised against what came, with no
    complaint word."""
    contrasts, following = tuple(contrasts), tuple(following)
    for cue, start, end in counting_spans(claims, clause, exceptions):
        if any(first_hit(contrasts, part) for part in (clause[end:], *following)):
            return cue, clause[start:end]
    return None
