"""Reading a short follow-up with its conversation, as an agent does.

是的 after 可以价保吗 is price_protect, 那运费谁出 after 我要退货 is return, 好的 尽快嘛 after a shipping
question is shipping (and thanks): alone, such messages are fragments, weak guesses or a bare thanks.
The conversation's topic is what the buyer's last few messages were about (each message's likeliest
intents with their scores, older messages counting less) plus what the bot or an agent last asked. A short message
that is not clear by itself gets the topic's weight added to its own evidence. Pure: tables of cases
test it without jieba or the intents' files.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.domain import Heard, Match


@dataclass(frozen=True)
class ContextOptions:
    max_chars: int = 20  # a longer message says what it is about by itself
    decay: float = 0.85  # how much a message one turn older counts
    floor: float = 0.6  # a reading weaker than this says nothing about the topic
    weight: float = 1.5  # how much the topic adds to a short message's own evidence for an intent
    clear: float = 0.85  # a request this clear stands by itself (能开发票吗 after 包邮吗 is a new topic)
    rival: float = 0.45  # a thanks or hello gives way to the topic when the message also carries it this much
    most: float = 0.85  # a reading from the conversation is a guess: it scores at most this
    # (and at least the matcher's threshold, so that it is answered; never sent alone: Match.from_context)


def topic(heard: Sequence[Heard], asked: str | None, *, ignore: Collection[str], options: ContextOptions) -> dict[str, float]:
    """Intent -> weight 0..1 of what the conversation is about: each earlier message's readings,
    the newest at full weight; the last question the bot or an agent asked counts as a clear reading.
    Intents in `ignore` (a hello, a thanks, asking for a person) are no topic."""
    weights: dict[str, float] = {}
    for age, past in enumerate(reversed(heard)):
        for intent, score in past.matches:
            if intent not in ignore and score >= options.floor:
                weights[intent] = max(weights.get(intent, 0.0), score * options.decay**age)
    if asked and asked not in ignore:
        weights[asked] = 1.0
    return weights


def in_context(matches: Sequence[Match], text: str, weights: dict[str, float], *, threshold: float,
               low: Collection[str], options: ContextOptions) -> list[Match]:
    """The message's matches read with the conversation's topic `weights`. Unchanged when the message
    is long or a clear request; otherwise the intent that its own evidence and the topic together make
    likeliest leads, scored from `threshold` (so that it is answered) to `options.most`. A clear thanks
    or hello (intents in `low`) stays one unless the message also carries the topic (好的 尽快嘛:
    shipping leads, the thanks follows)."""
    own = {m.intent: m.score for m in matches}
    best = matches[0] if matches else None
    if not weights or len(text) > options.max_chars:
        return list(matches)
    if best and best.intent in low and best.score >= threshold:
        combined = {i: own[i] + options.weight * w for i, w in weights.items() if own.get(i, 0.0) >= options.rival}
    elif best and best.score >= options.clear:
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


def asks(reply: str) -> bool:
    """Whether a reply asks the buyer something, so that their next 是的 or 好的 answers it."""
    return "？" in reply or "?" in reply
