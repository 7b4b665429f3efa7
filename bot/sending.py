"""Words that keep a sure reading from going out with no agent, from the trainers' `intents/sending.yaml`.

They never change what a message is read as, only whether its answer is sent alone (`Engine.sends_alone`):
a trainer's keyword inside a remark (快递快慢跟我没有关系) scores as high as a real question, and only
the words around it tell the two apart. Pure: tables of cases test it without the intents' files.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from functools import cached_property

from bot.text import Asking, clauses, unpadded

OPENING = "^"  # written before a remark that counts only as the message's whole first clause (^不是)
INTENT_LISTS = ("statements", "trusted", "sums")  # lists of intent names, not of words: neither normalised nor ordered
_NUMBER = re.compile(r"\d")  # a number the buyer gives asks someone to act on it


@dataclass(frozen=True)
class SendingCues:
    """`remarks`: words that make a message a remark, or a reply to something said before, rather than a
    question its reading's facts settle (和我没有关系, 又不是, 你的意思是); `opening`: such words when they are
    the message's whole first clause (不是，我说的是… contradicts; 不是明天发货吗 still asks).
    `asks`: words of a question (吗, 怎么): beside a hello or a thanks they ask for more. `requests`: words that
    ask the shop to do something (帮我): a hello or a thanks holding one (麻烦你帮我看看 谢谢) waits for an agent.
    The same two lists tell the matcher which clauses ask (`asking`, bot.text.Asking).
    `statements`: intents (not words) whose keywords a story holds as often as a question (shipping: 第三方使用你们的
    京东物流): read from a message that asks nothing, they go out alone only when the second reader agrees.
    `unanswered`: whole messages, not words, that no intent's reply answers (a story about an earlier parcel, a remark, a
    question about the platform rather than the order): the second reader learns them as one more class, and a request
    it takes for one of them waits for an agent. `trusted`: intents (not words) whose keywords name the request on every
    labelled sample (invoice: 发票 is asked about, not told in stories; `scripts/intent_reliability.py`): read as one of
    them, a message is not held back for looking like one of the `unanswered` examples. `sums`: intents (not words) whose
    reply says nothing of a sum the buyer names (payment's methods do not answer 两单一起付怎么要300元 or 我付了268元怎么又扣了15块,
    which are about the price, a refund or a charge): read from a message that names an amount of money, they wait.
    `errands`: words naming something the shop is urged to do other than send the parcel (财务, 审核, 出结果): a reading
    whose keyword only urges (催催, 能快点) beside one of them urges that, not the parcel, and waits. `addresses`: what
    buyers call the agent (the names the chat window shows, 小姐姐): beside a hello or a thanks they say nothing more.
    `grumbles`: 麻烦 said of the matter (好麻烦, 太麻烦了), not the 麻烦了 of a thanks: a thanks read beside one waits."""

    remarks: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    statements: frozenset[str] = frozenset()  # intents a statement is read as only when a second reader agrees
    unanswered: tuple[str, ...] = ()  # messages no intent answers: the second reader's one more class
    trusted: frozenset[str] = frozenset()  # intents whose readings the second reader's "none of these" never holds back
    sums: frozenset[str] = frozenset()  # intents whose reply says nothing of a sum of money the buyer names
    errands: tuple[str, ...] = ()  # what else buyers urge (财务, 审核): an urging keyword beside one is not the parcel's
    addresses: tuple[str, ...] = ()  # what buyers call the agent (好的 小王): no more words beside a thanks
    grumbles: tuple[str, ...] = ()  # 麻烦 of the matter (好麻烦): no thanks

    @classmethod
    def of(cls, remarks: Iterable[str] = (), **lists: Iterable[str]) -> SendingCues:
        """Cues as a trainer writes them, each list by its field's name: `^` before a remark that must open the message."""
        remarks = [r.strip() for r in remarks]
        return cls(remarks=tuple(r for r in remarks if not r.startswith(OPENING)),
                   opening=tuple(r.removeprefix(OPENING).strip() for r in remarks if r.startswith(OPENING)),
                   **{name: frozenset(items) if name in INTENT_LISTS else tuple(items) for name, items in lists.items()})

    def normalised(self, normalise: Callable[[str], str]) -> SendingCues:
        """The same cues in the form the engine's normaliser gives messages (繁体, full-width punctuation)."""
        return replace(self, **{f.name: tuple(map(normalise, getattr(self, f.name))) for f in fields(self)
                                if f.name not in INTENT_LISTS})

    def remark(self, text: str) -> str | None:
        """The cue that makes a normalised message a remark (`^不是` for an opening one), or None."""
        text = unpadded(text)
        first = next(iter(clauses(text)), "")
        opening = next((f"{OPENING}{o}" for o in self.opening if first == o), None)
        return opening or next((r for r in self.remarks if r in text), None)

    def errand(self, text: str) -> str | None:
        """The word of a normalised message that names something urged other than the parcel (`errands`), or None."""
        return next((e for e in self.errands if e in text), None)

    def grumble(self, text: str) -> str | None:
        """The word of a normalised message that says 麻烦 of the matter (`grumbles`: 好麻烦), or None."""
        return next((g for g in self.grumbles if g in text), None)

    def unaddressed(self, text: str) -> str:
        """A normalised message without what it calls the agent (`addresses`, longest first: 好的，小王 -> 好的，)."""
        for word in sorted(self.addresses, key=len, reverse=True):
            text = text.replace(word, "")
        return text

    @cached_property
    def asking(self) -> Asking:
        """The `asks` and `requests` words as the matcher reads them: whether a clause asks (MatchOptions.remark_margin)."""
        return Asking(self.asks, self.requests)

    def asks_in(self, text: str) -> bool:
        """Whether a normalised text holds a number, or asks or requests (`asking`)."""
        return bool(_NUMBER.search(text)) or self.asking.found(text)

    def requests_in(self, text: str) -> bool:
        """Whether a normalised text holds one of the `requests` words."""
        return self.asking.requested(text)


# the lists of words a trainer writes beside `remarks`, in the fields' order: each is normalised as messages are
WORD_LISTS = tuple(f.name for f in fields(SendingCues) if f.name not in ("remarks", "opening", *INTENT_LISTS))
