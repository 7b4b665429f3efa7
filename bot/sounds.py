"""How characters sound: toneless pinyin, so a pinyin IME slip (报邮 for 包邮, 推货 for 退货) can be read
as the word the buyer meant.

Buyers type pinyin and pick a character from the IME's list; a wrong pick keeps the sound and loses the
character. pypinyin's table of readings ships in its wheel: nothing is downloaded.
"""
from __future__ import annotations

import unicodedata
from itertools import islice, product

from pypinyin.pinyin_dict import pinyin_dict


def _toneless(reading: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))


# A sound as one character, so that a text's sounds are a string: the supplementary private-use plane, which the
# normaliser drops from buyers' text (a character with no sound stands for itself, and is never taken for one).
_FIRST_CODE = 0xF0000
_NO_SOUND = "\U0010ffff"


class _Codes(dict[int, str]):
    """A `str.translate` table from a character to its sound's code, filled as characters are met."""

    def __init__(self, sounds: Sounds) -> None:
        super().__init__()
        self._sounds = sounds

    def __missing__(self, char: int) -> str:
        code = self[char] = self._sounds.code(self._sounds.of(chr(char)))
        return code


class Sounds:
    """Toneless pinyin of each Chinese character (its first, most common reading)."""

    def __init__(self) -> None:
        self._sound: dict[str, str] = {}  # filled as characters are met: the full table takes 0.2 s to build
        self._code_of: dict[str, str] = {}  # a sound -> its code
        self._codes = _Codes(self)

    def of(self, ch: str) -> str:
        """The character's sound; anything without one (a letter, a digit) stands for itself, marked
        so that the letter a never sounds like 啊."""
        sound = self._sound.get(ch)
        if sound is None:
            readings = pinyin_dict.get(ord(ch))
            sound = self._sound[ch] = _toneless(readings.split(",", 1)[0]) if readings else f"<{ch}>"
        return sound

    def codes(self, text: str) -> str:
        """The sound of each character of `text` as one character (`code`): a stretch of it is a dict key, and an
        Aho-Corasick automaton finds sounds in it in one pass."""
        return text.translate(self._codes)

    def code(self, sound: str) -> str:
        """One character standing for a sound. A character with no sound (`of` marks it <x>) stands for itself, or
        for one noncharacter if it lies in the codes' plane: no target's sound holds either."""
        if sound.startswith("<"):
            return sound[1] if ord(sound[1]) < _FIRST_CODE else _NO_SOUND
        code = self._code_of.get(sound)
        if code is None:  # pinyin has a few hundred sounds: the plane's 130,000 codes never run out
            code = self._code_of[sound] = chr(_FIRST_CODE + len(self._code_of))
        return code

    def syllables(self, text: str) -> tuple[str, ...]:
        """The sound of a string: 包邮 and 报邮 both give ("bao", "you")."""
        return tuple(map(self.of, text))

    def readings(self, text: str, most: int = 8) -> list[tuple[str, ...]]:
        """Every sound of a string, each character in each of its readings (瑜伽: ("yu", "ga"), ("yu", "jia"),
        ("yu", "qie")), the first reading first; at most `most` of them."""
        return list(islice(product(*(self._readings(ch) for ch in text)), most))

    def _readings(self, ch: str) -> list[str]:
        readings = pinyin_dict.get(ord(ch))
        return list(dict.fromkeys(_toneless(r) for r in readings.split(","))) if readings else [self.of(ch)]
