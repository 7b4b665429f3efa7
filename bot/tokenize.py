"""jieba word segmentation with the shop's own words, loaded once per engine.

jieba's own dictionary, cut by jieba_fast_dat (jieba's algorithm in C++ over a double-array trie: the same
cuts, a tenth of the time, and the trie is cached between starts as jieba caches its own). A private
tokenizer instead of a module-level one, so two engines (a trainer trying a variant beside the live one)
never share a dictionary.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from itertools import filterfalse
from pathlib import Path
from typing import NamedTuple

import jieba
import jieba_fast_dat

from bot.memo import per_text

# One message's clauses are cut by the matcher, the catalogue's FAQ matcher and the product desk alike: a few
# recent cuts are kept so each is cut once. Too few to outlast one message among many (it is no answer cache).
RECENT_CUTS = 16

# Particles and fillers that carry no intent: 亲 opens half of all messages.
STOPWORDS = frozenset(
    "亲 的 了 吗 嘛 呢 啊 呀 吧 哦 噢 哈 啦 么 呐 嗯 额 呃 诶 哎 滴 哒 咯 喔 在 是 我 你 您 们 这 那 个 就 也 都 还 请问 问一下 一下 "
    "麻烦 你好 您好 亲亲 老板 客服 请 想 要 能 会 可以 有 没 不 这个 那个 对".split()
)
KEEP_ALONE = frozenset("在 要 不 没 能 有 你好 您好 亲 亲亲 客服".split())  # stop words that still matter when they are all there is


def _segmenter() -> jieba_fast_dat.Tokenizer:
    """jieba's dictionary (not the fork's own) in jieba_fast_dat's trie, read from a cache file as jieba reads its
    own. A missing cache is built into a file of this process's and moved into place whole (the library writes its
    cache where it lies), so workers starting together on a fresh machine never read half of one."""
    dictionary = jieba.get_dict_file().name
    segmenter = jieba_fast_dat.Tokenizer(dictionary)
    jieba_fast_dat.setLogLevel(logging.WARNING)
    stamp = f"{dictionary}|{os.path.getmtime(dictionary)}|{metadata.version('jieba-fast-dat')}"  # a new jieba: a new cache
    key = hashlib.md5(stamp.encode()).hexdigest()
    cache = Path(tempfile.gettempdir()) / f"shopbot-jieba-{key}.dat"
    if cache.exists():
        segmenter.cache_file = str(cache)
        segmenter.initialize()
        return segmenter
    segmenter.cache_file = str(cache.with_name(f"{cache.name}.{os.getpid()}.{uuid.uuid4().hex}"))
    segmenter.initialize()
    with contextlib.suppress(OSError):  # no cache written (a read-only folder): the next start builds it again
        os.replace(segmenter.cache_file, cache)
    return segmenter


class _Tagged(NamedTuple):
    nouns: frozenset[str]  # tagged n, nz or ng
    particles: frozenset[str]  # one character tagged y: 吗 吧 呢 嘛 啦


@lru_cache(maxsize=1)
def _tagged() -> _Tagged:
    """The words jieba's dictionary (`word freq tag` a line) tags as common nouns and as particles; read once a process,
    with the segmenter (about half a second: at start-up, not on the first buyer's message)."""
    nouns, particles = set(), set()
    with jieba.get_dict_file() as fh:
        for line in fh:
            if len(fields := line.decode("utf-8").split()) > 2:
                if fields[2] in ("n", "nz", "ng"):
                    nouns.add(fields[0])
                elif fields[2] == "y" and len(fields[0]) == 1:
                    particles.add(fields[0])
    return _Tagged(frozenset(nouns), frozenset(particles))


class Tokenizer:
    def __init__(self, user_words: Iterable[tuple[str, int | None]] = ()) -> None:
        self._jieba = _segmenter()
        self._nouns, self._particles = _tagged()
        self._added: dict[str, int | None] = {}
        self.add_words(user_words)

    def add_words(self, user_words: Iterable[tuple[str, int | None]]) -> None:
        """Shop words kept whole; without a frequency a word wins over jieba's own split.
        A word already added with the same frequency is skipped: jieba would count it again."""
        for word, freq in user_words:
            if self._added.get(word, -1) != freq:
                self._jieba.add_word(word, freq=freq or 20000)
                self._added[word] = freq
                self._cut.cache_clear()  # a new word changes how texts are cut

    def words(self, text: str) -> list[str]:
        """Every word jieba finds, punctuation and spaces dropped."""
        return list(self._cut(text)[0])

    @per_text(RECENT_CUTS)
    def _cut(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A text's words and its content words (`content_words`), kept together: the matcher and the catalogue ask
        for the content words of one text in turn."""
        # most cuts are letters or digits through and through: one pass in C says so before the test word by word
        cut = self._jieba.lcut(text, HMM=False)
        words = tuple(cut) if all(map(str.isalnum, cut)) else tuple(w for w in cut if w.isalnum() or any(ch.isalnum() for ch in w))
        return words, tuple(filterfalse(STOPWORDS.__contains__, words)) or tuple(filter(KEEP_ALONE.__contains__, words))

    def frequency(self, word: str) -> int:
        """How often jieba's dictionary (or the shop's) has `word`; 0 for none."""
        return self._jieba.get_freq(word)

    @property
    def total(self) -> int:
        """The sum of all dictionary frequencies, to turn a frequency into a probability."""
        return int(self._jieba.total)

    def frequencies(self) -> dict[str, int]:
        """Every dictionary word with its frequency, the shop's included, as jieba itself holds them (its prefixes
        with 0, in its order): read from the file, for scripts."""
        with jieba.get_dict_file() as fh:
            found, _ = jieba.Tokenizer.gen_pfdict(fh)
        for word, freq in self._added.items():  # as jieba's add_word does
            found[word] = freq or 20000
            for end in range(1, len(word)):
                found.setdefault(word[:end], 0)
        return found

    def names_thing(self, word: str) -> bool:
        """Whether jieba's dictionary tags `word` a common noun (n, nz, ng: 刷新率, 保护套), not a person's, a place's or
        an organisation's name, nor a verb: what a question about the goods names."""
        return word in self._nouns

    def particle(self, word: str) -> bool:
        """Whether jieba's dictionary tags `word` a modal particle (y: 吗, 吧, 呢, 嘛), which chat ends its sentences with."""
        return word in self._particles

    def content_words(self, text: str) -> list[str]:
        """The words that carry meaning: stop words dropped unless nothing else is left."""
        return list(self._cut(text)[1])


def read_user_dictionary(lines: Iterable[str]) -> list[tuple[str, int | None]]:
    """(word, frequency) of a jieba user dictionary file: `word [freq] [tag]` per line, # comments allowed."""
    out = []
    for line in lines:
        fields = line.split("#", 1)[0].split()
        if fields:
            out.append((fields[0], int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None))
    return out
