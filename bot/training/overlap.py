"""The leave-one-out check: for each example, where would the bot send it if that example were not
in the files? An example that then goes to another intent sits in the other intent's territory:
the two intents overlap, and buyers who word it slightly differently will get the wrong answer.

One index serves every example: the example under test is masked (scored as nothing) in a shallow
copy of the matcher, with the word weights it alone supported recomputed, instead of rebuilding the
index per example, so ~1,000 examples take about a second. It relies on the matcher's internals
(`_examples`, `_idf`, the postings, the learned vectors); the tests check its answers against real rebuilds.
"""
from __future__ import annotations

import copy
import math
from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bot.engine import Engine
from bot.intents import Problem
from bot.matcher import _bigrams


@dataclass(frozen=True)
class Crossing:
    """An example of `intent` that the bot, without it, sends to `went_to` (None: falls back)."""

    intent: str
    example: str
    path: Path
    line: int
    went_to: str | None
    score: float
    evidence: str  # the matcher's reason: "keyword X" or "example Y"

    def problem(self) -> Problem:
        if self.went_to is None:
            text = (f"example '{self.example}' of '{self.intent}' is not matched without itself "
                    f"(best {self.score:.2f}): no other example or keyword covers it")
        else:
            text = (f"example '{self.example}' of '{self.intent}' would go to '{self.went_to}' without itself "
                    f"({self.score:.2f}, {self.evidence}): the two intents overlap; reword it or move it")
        return Problem(self.path, self.line, text, "warning")


class _Weights:
    """The matcher's word weights with a few changed; None: no example uses the word any more, so
    it takes the unknown-word weight, as in a rebuild. Only `get` is asked for."""

    def __init__(self, changed: dict[str, float | None], base: dict[str, float]) -> None:
        self._changed, self._base = changed, base

    def get(self, word: str, default: float | None = None) -> float | None:
        if word in self._changed:
            value = self._changed[word]
            return default if value is None else value
        return self._base.get(word, default)


class _Masker:
    """Shallow copies of an engine whose matcher acts as if some examples were not in the files:
    they leave the candidate postings, and the word weights (inverse intent frequency) are
    corrected for the words only they gave their intent - what a rebuild would compute."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        m = engine.matcher
        self._users: dict[tuple[str, int], set[int]] = defaultdict(set)  # (word, intent) -> examples
        self._spread: dict[str, set[int]] = defaultdict(set)  # word -> intents using it
        self._having: dict[str, set[int]] = defaultdict(set)  # word -> examples
        for n, ex in enumerate(m._examples):
            for w in ex.words:
                self._users[(w, ex.intent)].add(n)
                self._spread[w].add(ex.intent)
                self._having[w].add(n)
        self._intents = max(len(m.intents), 1)

    def without(self, positions: list[int]) -> Engine:
        m = self.engine.matcher
        gone = set(positions)
        matcher = copy.copy(m)
        # ChainMaps over the shared index: only the lists that held the examples are copied
        postings, bigram_postings, word_hits = {}, {}, {}
        for n in gone:
            ex = m._examples[n]
            for w in set(ex.words):
                postings[w] = [k for k in m._postings.get(w, ()) if k not in gone]
                word_hits[w] = np.array(postings[w] * 3, dtype=np.int32)  # as Matcher builds it: a word weighs three pairs
            for g in set(_bigrams(ex.chars)):
                bigram_postings[g] = np.array([k for k in m._bigram_postings.get(g, ()) if k not in gone], dtype=np.int32)
        idf, examples = m._idf, list(m._examples)
        changed = {w for n in gone for w in set(m._examples[n].words)
                   if not self._users[(w, m._examples[n].intent)] - gone}  # the intent no longer uses w
        if changed:
            fixed = {}
            for w in changed:
                spread = {i for i in self._spread[w] if self._users[(w, i)] - gone}
                fixed[w] = 0.2 + math.log((self._intents + 1) / len(spread)) if spread else None
            matcher._idf = _Weights(fixed, idf)
            for n in {k for w in changed for k in self._having[w]} - gone:
                examples[n] = replace(examples[n], weight=sum(matcher._weight(w) for w in set(examples[n].words)))
        for n in gone:  # never a candidate now; scored as nothing all the same
            examples[n] = replace(examples[n], words=(), word_set=frozenset(), chars="\x00", weight=math.inf)
        matcher._examples, matcher._postings = examples, ChainMap(postings, m._postings)
        matcher._vectors = m._vectors.without(positions)
        matcher._bigram_postings = ChainMap(bigram_postings, m._bigram_postings)
        matcher._word_hits = ChainMap(word_hits, m._word_hits)
        masked = copy.copy(self.engine)
        masked.matcher = matcher
        return masked


def leave_one_out(engine: Engine) -> Iterator[Crossing]:
    """Every example whose intent changes when it is left out (to another intent or to none)."""
    positions: dict[tuple[int, str], list[int]] = {}
    for n, ex in enumerate(engine.matcher._examples):
        positions.setdefault((ex.intent, ex.text), []).append(n)
    index = {intent.name: i for i, intent in enumerate(engine.matcher.intents)}
    masker = _Masker(engine)
    for intent in engine.matcher.intents:
        for example in dict.fromkeys(intent.examples):
            found = positions.get((index[intent.name], example))
            # an example of stop words only (麻烦啦) is not in the index: the engine as it is decides
            reading = (masker.without(found) if found else engine).read(example)
            chosen = reading.chosen[0] if reading.chosen else None
            if chosen is not None and chosen.intent == intent.name:
                continue
            best = chosen or (reading.matches[0] if reading.matches else None)
            yield Crossing(intent.name, example, intent.path, intent.lines.get(example, 0),
                           chosen.intent if chosen else None, best.score if best else 0.0,
                           best.reason if best else "")


def crossings(engine: Engine) -> list[Crossing]:
    """For `validate`: the examples that, without themselves, go to another intent."""
    return [c for c in leave_one_out(engine) if c.went_to is not None]


def by_pair(found: list[Crossing], *, most: int = 10) -> str:
    """The intent pairs that share the most examples, most first: with hundreds of warnings, where
    rewording or moving examples does the most good."""
    pairs = Counter((c.intent, c.went_to) for c in found)
    rows = [f"  {n:4}  {intent} -> {went_to}" for (intent, went_to), n in pairs.most_common(most)]
    return "\n".join([f"overlap by intent pair (examples of the first the bot would send to the second), top {len(rows)}:",
                      *rows])
