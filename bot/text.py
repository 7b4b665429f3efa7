"""Normalising buyer text before anything else looks at it.

Buyers write in full-width, in Traditional characters, with emoji, 表情 codes, links, runs of ？？？ and
好好好好, and pad a message with 亲亲.
The matcher should see none of that; numbers and order numbers are kept (the slot extractor reads them)
and replaced in the matching text by nothing, so an order number never looks like an example.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import opencc

# A long rant is read by its first part: what a buyer asks comes first, buyers' messages run to a
# hundred characters, and this bounds the engine's time on any message (bot.domain.MAX_MESSAGE_CHARS
# is what the service accepts at all).
MAX_CHARS = 300

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufe00-\ufe0f\ufeff\ufffd]")  # incl. emoji joiners, variation selectors
_STICKER = re.compile(r"\[[^\[\]\s]{1,6}\]|/:[a-z0-9_?]{1,8}", re.IGNORECASE)  # [微笑] [表情] /:handclap
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_REPEATED_PUNCT = re.compile(r"([!?.,~;:。，！？、…~])\1+")
_SPACES = re.compile(r"\s+")
_REPEATED_CHAR = re.compile(r"([\u4e00-\u9fff])\1{2,}")  # 好好好好, 啊啊啊 read as 好好, 啊啊
_SEP = r"[\s~,.!，。！、]"
_PAD_BEFORE = re.compile(rf"^(?:(?:亲亲|亲们|亲爱的)+{_SEP}*|亲{_SEP}+)")
_PAD_AFTER = re.compile(rf"(?:{_SEP}*(?:亲亲|亲们)+|{_SEP}+亲){_SEP}*$")
_DROPPED = frozenset(("So", "Sk", "Co", "Cs"))
# The OK signs buyers send alone to say 好的 (👌 closes a chat as 好的 does): read as that word, where every other
# pictograph and 表情 code is dropped as noise. Not a thumbs-up, folded hands or a rose: buyers pad messages with them
# (好评👍, 我再等等🙏), and 🌹🌹 alone is a greeting card, not an answer.
_MEANT = {"👌": "好的", "🆗": "好的", "[ok]": "好的"}
_MEANT_SYMBOL = re.compile("|".join(k for k in _MEANT if not k.startswith("[")))
# A character that may be dropped: anything but the Han characters, ASCII and CJK punctuation that are not
# symbols (most messages have none, and then no character's category is looked up).
_MAYBE_DROPPED = re.compile("[^\u4e00-\u9fff" + "".join(
    re.escape(ch) for ch in map(chr, [*range(128), *range(0x3000, 0x3040)]) if unicodedata.category(ch) not in _DROPPED) + "]")
_PUNCT = "!?.,~;:。，！？、…～\"'“”‘’()（）【】《》<>\\/|-_=+*&^%$#@`"


class Normaliser:
    """Holds the OpenCC converter, which is built once (it reads its dictionaries from disk)."""

    def __init__(self) -> None:
        self._t2s = opencc.OpenCC("t2s")

    def __call__(self, text: str) -> str:
        """Text as the matcher sees it: simplified, half-width, lower-case, no emoji, links or noise."""
        text = coerce_text(text)[:MAX_CHARS]
        text = unicodedata.normalize("NFKC", text)
        text = _CONTROL.sub("", text)
        if ":" in text or "." in text:  # every link has one (most messages: none)
            text = _URL.sub(" ", text)
        text = _STICKER.sub(_sticker_meant, text)
        # Emoji and pictographs are symbols (So/Sk); private-use and broken surrogates go too.
        if _MAYBE_DROPPED.search(text):
            text = _MEANT_SYMBOL.sub(_meant, text)
            text = "".join(" " if unicodedata.category(ch) in _DROPPED else ch for ch in text)
        text = self._t2s.convert(text).lower()
        # functions, not templates: a template is parsed through Python at every call, a match or none
        text = _REPEATED_PUNCT.sub(_first_group, text)
        text = _REPEATED_CHAR.sub(_first_group_twice, text)
        return _SPACES.sub(" ", text).strip()


def _meant(m: re.Match[str]) -> str:
    return f" {_MEANT[m.group()]} "


def _sticker_meant(m: re.Match[str]) -> str:
    return f" {_MEANT.get(m.group().lower(), '')} "


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _first_group_twice(m: re.Match[str]) -> str:
    return m.group(1) * 2


def coerce_text(value: object) -> str:
    """Any message payload as text: bytes are decoded leniently, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def is_meaningful(normalised: str) -> bool:
    """Whether anything is left to match once punctuation and digits are gone."""
    return any(not ch.isspace() and ch not in _PUNCT and not ch.isdigit() for ch in normalised)


def unpadded(normalised: str) -> str:
    """A message without the 亲 / 亲亲 a buyer pads it with, unless that is all there is (then it is a hello)."""
    if "亲" not in normalised:  # most messages: no padding to look for (each pattern tries every position)
        return normalised
    rest = _PAD_AFTER.sub("", _PAD_BEFORE.sub("", normalised))
    return rest if is_meaningful(rest) else normalised


# a full stop between two digits is a decimal point (脚长24.5, 1.5米), not the end of a clause
_DOT = r"(?<!\d)\.|\.(?!\d)"


_PHRASE_END = re.compile(rf"(?:[!?,;。，！？、…~；]|{_DOT})+")
_CLAUSE_END = re.compile(rf"(?:[!?,;。，！？、…~；\s]|{_DOT})+")


def phrases(normalised: str) -> list[str]:
    """Split a message at its punctuation only: spaces stay inside a phrase."""
    if normalised.isalnum():  # no punctuation, space or full stop at all (`clauses`)
        return [normalised]
    parts = _PHRASE_END.split(normalised)
    return [p.strip() for p in parts if p.strip()]


_A_NOT_A = re.compile(r"(\w)[不没]\1")
# ...or cut short at the end of a clause (对不, 能到不, 发了没), but for 还没, 也不 and the like, which tell (not yet, not either)
_A_NOT = re.compile(r"[^\W\d还也都就可再我你他她不没别][不没](?=[\s,，。!！~、]|$)")


def _question_form(text: str) -> bool:
    """The question's own forms, whatever its words: a question mark, and a verb asked as A-not-A (能不能, 有没有, 送不送,
    or cut short: 对不, 发了没), looked for only where the text has a 不 or 没 (the pattern tries its word at every character)."""
    return "?" in text or "？" in text or (("不" in text or "没" in text)
                                                       and (_A_NOT_A.search(text) is not None or _A_NOT.search(text) is not None))


@dataclass(frozen=True)
class Asking:
    """Words that ask (吗, 怎么) and words that request (帮我, 我要): the trainers' `asks` and `requests` of
    intents/sending.yaml, one list for every rule that asks whether a buyer asks. With the question's own forms (a
    question mark, 能不能) they tell a clause that asks from one that tells (新包装比以前的好看, 东西都收到了是吧:
    MatchOptions.remark_margin) and a thanks that asks for more from one that closes the chat (Engine.sends_alone)."""

    asks: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()

    @cached_property
    def _words(self) -> re.Pattern[str] | None:
        words = sorted({w for w in (*self.asks, *self.requests) if w}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    def found(self, text: str) -> bool:
        """Whether a text asks something or requests something in so many words, or in a question's form."""
        return _question_form(text) or (self._words is not None and self._words.search(text) is not None)

    def requested(self, text: str) -> bool:
        """Whether a text holds one of the `requests` words."""
        return any(r in text for r in self.requests)

    def in_clause(self, clause: str, normalised: str) -> bool:
        """Whether a clause of a message asks or requests, read with the phrase around it (the words between two
        punctuation marks): in 我地址 弄错了吗 both halves ask. A message of one clause keeps its question mark."""
        if self.found(clause):
            return True
        for phrase in phrases(normalised):
            if clause in phrase or clause in phrase.replace(" ", ""):
                return self.found(phrase)
        return False


def asking_clauses(normalised: str, asking: Asking) -> list[str]:
    """The clauses of a message that ask or request (`asking`), each read with the punctuation after it: in 好的，明天
    能到对吧? the question mark belongs to the last clause, not to the 好的 before it."""
    found, start = [], 0
    for end in [*_CLAUSE_END.finditer(normalised), None]:
        clause = normalised[start:end.start() if end else len(normalised)]
        if clause and (asking.found(clause) or (end is not None and _question_form(end.group()))):
            found.append(clause)
        if end is not None:
            start = end.end()
    return found


def clauses(normalised: str) -> list[str]:
    """Split a message into the parts a buyer separated with punctuation or spaces. A message of letters and figures
    only (many: a clause read again, too) is one clause, found in C without the pattern's look-behind at each character."""
    if normalised.isalnum():
        return [normalised]
    parts = _CLAUSE_END.split(normalised)
    return [p for p in parts if p]
