"""Reading pinyin IME slips as the words the buyer meant: 报邮 -> 包邮, 推货 -> 退货, 地只 -> 地址.

A buyer types pinyin and picks from the IME's list; a wrong pick keeps the sound and loses the word.
A stretch of the message is read as an example word that sounds the same only when it is a slip and
not ordinary writing: it is no dictionary word, it lines up with the message's own word boundaries (以打
in 可以打到 straddles two words), and as written it is far less likely than the word it sounds like
(也是 is ordinary, not a slip for 夜视). Only words the intents rely on are targets: words of two or more
examples, and the cues.
A stretch made of common words and particles only (查下此单, 很急的, 这样就好嘛) is ordinary writing as often as
a slip (那号吧, 取小了): `read(text, ordinary=False)` leaves it alone, for a caller that can tell the two apart by
what the message reads as (bot.matcher: such a slip is read where it makes the message read as another intent).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Protocol

from bot.memo import RECENT, per_text
from bot.sounds import Sounds

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


class Lexicon(Protocol):
    """What a slip reader needs of the word segmenter (bot.tokenize.Tokenizer has it)."""

    def frequency(self, word: str) -> int: ...

    def particle(self, word: str) -> bool: ...

    def words(self, text: str) -> list[str]: ...

    @property
    def total(self) -> int: ...


UNITS = frozenset("号点块元角分个件台只支双套盒包箱袋瓶斤克天日月年周次岁楼层米码寸")  # what follows a figure: no slip
COMMON = 8000  # a word as frequent as this is one of jieba's 1,000 commonest (是 下 此 急 离; not 腿 尚 爆 房)


class SlipReader:
    def __init__(self, targets: Iterable[str], lexicon: Lexicon, sounds: Sounds, *, written: Callable[[str], bool] = lambda s: False,
                 odds: float = 10.0, unknown_frequency: int = 100, every_reading: frozenset[str] = frozenset()) -> None:
        """`targets`: the words a slip may be read as, most important first; `written`: whether the
        examples write a stretch so (几码 is how buyers ask a size, no slip for 寄吗); `odds`: how many
        times more likely the target must be than the stretch as written; `unknown_frequency`: a target
        jieba does not know (包邮) counts as this common; `every_reading`: the targets known by each reading of their
        characters, not only the first (瑜伽 is yu jia as well as yu ga: 瑜珈 is read as it), names rather than
        common words (偏大 read as pian dai would take the 片带 of 磁力片带盒子吗)."""
        self._written = written
        self._lexicon = lexicon
        self._sounds = sounds
        self._odds = odds
        self._unknown = unknown_frequency
        self._log_total = math.log(max(lexicon.total, 2))
        self._by_sound: dict[tuple[str, ...], str] = {}  # its syllables -> the first target that sounds so
        for word in targets:
            if 2 <= len(word) <= 4 and _HAN.match(word):
                for key in sounds.readings(word) if word in every_reading else (sounds.syllables(word),):
                    self._by_sound.setdefault(key, word)
        # a target's first two sounds -> the lengths of the targets that start so, longest first
        lengths: dict[tuple[str, ...], set[int]] = {}
        for syllables in self._by_sound:
            lengths.setdefault(syllables[:2], set()).add(len(syllables))
        self._starts = {start: tuple(sorted(sizes, reverse=True)) for start, sizes in lengths.items()}

    def read(self, text: str, *, ordinary: bool = True) -> str:
        """`text` with each slip replaced by the word it sounds like; unchanged when none is found. Without
        `ordinary`, a stretch of ordinary writing (`_ordinary`) is no slip."""
        every, unordinary = self._read(text)
        return every if ordinary else unordinary

    @per_text(2 * RECENT)  # the engine, the catalogue and the sending decision read a message in turn
    def _read(self, text: str) -> tuple[str, str]:
        """`text` read both ways (every slip; none in ordinary writing): the matcher asks for both, and the text's sounds
        and the stretches that sound like a target are the same for each."""
        sounds = tuple(self._sounds.each(text))  # a stretch of it is a key of _by_sound
        # at each pair of sounds, the lengths of the targets starting so, looked up in C (map, any)
        starts = list(map(self._starts.get, zip(sounds, sounds[1:])))
        if not any(starts):  # half the messages: no two characters sound like the start of a target word
            return text, text
        # only the lengths some target starting with those two sounds has (most: two characters)
        found = [(i, size, word) for i, sizes in enumerate(starts) if sizes
                 for size in sizes if i + size <= len(text)
                 and (word := self._by_sound.get(sounds[i : i + size])) and word != text[i : i + size]
                 and not self._lexicon.frequency(text[i : i + size]) and not self._written(text[i : i + size])
                 and not (i and text[i - 1].isdigit() and text[i] in UNITS)]  # 3号吧 is the 3rd, no 好吧
        if not found:  # no stretch sounds like a target word it is not
            return text, text
        bounds = self._boundaries(text)
        return self._replaced(text, found, bounds, ordinary=True), self._replaced(text, found, bounds, ordinary=False)

    def _replaced(self, text: str, found: list[tuple[int, int, str]], bounds: set[int], *, ordinary: bool) -> str:
        """`text` with the stretches `found` (offset, length, target) that are slips replaced by their targets."""
        out, done = [], 0
        for i, size, word in found:
            if (i >= done and i in bounds and i + size in bounds and self._is_slip(text[i : i + size], word)
                    and (ordinary or not self._ordinary(text[i : i + size]))):
                out += [text[done:i], word]
                done = i + size
        return "".join(out) + text[done:] if out else text

    def _boundaries(self, text: str) -> set[int]:
        """Offsets where the segmenter puts a word boundary."""
        bounds, at = {0, len(text)}, 0
        for w in self._lexicon.words(text):
            found = text.find(w, at)
            if found >= 0:
                bounds |= {found, found + len(w)}
                at = found + len(w)
        return bounds

    def _ordinary(self, window: str) -> bool:
        """Whether a stretch is made of common words and particles only (下|此, 急|的, 好|嘛, 号|吧): so buyers write
        every day, and so a slip of the commonest characters reads (取|小 for 取消)."""
        return all(self._lexicon.frequency(w) >= COMMON or self._lexicon.particle(w) for w in self._lexicon.words(window))

    def _is_slip(self, window: str, word: str) -> bool:
        # log P(written) as the segmenter's words, against log P(word), both per jieba's counts.
        written = sum(math.log(max(self._lexicon.frequency(w), 1)) - self._log_total for w in self._lexicon.words(window)) + self._log_total
        meant = math.log(self._lexicon.frequency(word) or self._unknown)
        return meant - written >= math.log(self._odds)
