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


class Sounds:
    """Toneless pinyin of each Chinese character (its first, most common reading)."""

    def __init__(self) -> None:
        self._sound: dict[str, str] = {}  # filled as characters are met: the full table takes 0.2 s to build

    def of(self, ch: str) -> str:
        """The character's sound; anything without one (a letter, a digit) stands for itself, marked
        so that the letter a never sounds like 啊."""
        sound = self._sound.get(ch)
        if sound is None:
            readings = pinyin_dict.get(ord(ch))
            sound = self._sound[ch] = _toneless(readings.split(",", 1)[0]) if readings else f"<{ch}>"
        return sound

    def each(self, text: str) -> list[str]:
        """The sound of each character of `text`."""
        sounds = list(map(self._sound.get, text))  # in C: nearly every character was met before
        return [sound if sound is not None else self.of(ch) for ch, sound in zip(text, sounds)] if None in sounds else sounds

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
