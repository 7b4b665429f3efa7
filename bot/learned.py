"""What the examples teach, fitted at every load: one weighted vector per intent (numpy, no training step).

Each example is a bag of character n-grams (1-3) and words. A feature weighs more when it is rare among
the examples (inverse document frequency) and when the intents that use it are few (one minus the entropy
of its spread over intents: 包邮 says bargain, 一下 says nothing). An intent's vector is the sum of its
examples' unit vectors, itself made a unit vector; a message's closeness to an intent is its cosine with that
vector over the typical cosine of the intent's own examples, so 600 varied examples weigh no less than 40.
Many examples saying the same thing in different words pull the vector towards what they share, which is
how sentences nobody wrote down still find their intent. Fitting 10,000 examples takes well under a second.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

NGRAMS = {1: 1.0, 2: 1.0, 3: 1.0}  # character n-gram sizes and their weights
WORD_WEIGHT = 1.0
EXACT_UP_TO = 400  # examples; see IntentVectors.without


@dataclass(frozen=True)
class Weighting:
    """How a feature's fitted weight is made: `spread`, how much a feature concentrated in one intent gains over one
    spread over all; `character`, how much more a single character weighs than its rarity and spread say."""

    spread: float = 1.0
    character: float = 1.0


# A bank of few examples an intent (the matcher's `MatchOptions.learned_dense`) leans on the concentrated features and on
# single characters more: with 40 examples an intent, one character often carries a request by itself (退, 寄, 票, 催) in
# words no example wrote. With 40 plain examples an intent (scripts/baselines.py --plain 40 --draws 5) this lifted the gap
# over TF-IDF + LinearSVC by 1 to 2 points on both readable tuning files (character 0.5 cost 2 to 3, 2 less than 1.5);
# over the shipped bank (about 200 an intent) it cost the shipped bot a few tenths of a point on dev, so that keeps 1 and 1.
# In the vectors' weights, not in NGRAMS, so the bags other readers are fitted on (bot/second.py) stay as they are.
SPARSE = Weighting(spread=2.0, character=1.5)


def features(chars: str, words: Sequence[str]) -> dict[str, float]:
    """The bag of a text: character n-grams of its bare characters, and its words (marked apart)."""
    bag: dict[str, float] = {}
    get = bag.get  # a plain dict: a Counter's += on a new key goes through Python, several times slower
    for n, weight in NGRAMS.items():
        for i in range(len(chars) - n + 1):
            gram = chars[i : i + n]
            bag[gram] = get(gram, 0.0) + weight
    for w in words:
        word = "\x00" + w
        bag[word] = get(word, 0.0) + WORD_WEIGHT
    return bag


def _afresh(key: str) -> str:
    """A new string equal to `key` (slicing the whole of a string gives the string itself)."""
    return (key + " ")[:-1]


def _kind_weights(keys: Iterable[str], character: float) -> np.ndarray:
    """Each feature's factor by its kind: `character` for a single character (words are marked, never one long)."""
    return np.array([character if len(key) == 1 else 1.0 for key in keys], dtype=float)


@dataclass(frozen=True)
class BagTable:
    """Bags as one sparse table (entries row by row): each feature's column, and one (row, column, value) per entry.
    Built once at load and shared by the readers fitted on the examples (IntentVectors, bot/second.py)."""

    index: dict[str, int]
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    size: int  # bags (rows)

    @classmethod
    def of(cls, bags: Sequence[dict[str, float]]) -> BagTable:
        index: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, bag in enumerate(bags):
            for feature, value in bag.items():
                rows.append(row)
                cols.append(index.setdefault(feature, len(index)))
                vals.append(value)
        return cls(index, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=float),
                   len(bags))

    def plus(self, bags: Sequence[dict[str, float]]) -> BagTable:
        """This table with `bags` as more rows after its own (new features get new columns); itself unchanged."""
        if not bags:
            return self
        more = BagTable.of(bags)
        index = dict(self.index)
        columns = np.array([index.setdefault(feature, len(index)) for feature in more.index], dtype=np.int64)
        return BagTable(index, np.concatenate([self.rows, more.rows + self.size]), np.concatenate([self.cols, columns[more.cols]]),
                        np.concatenate([self.values, more.values]), self.size + more.size)


class IntentVectors:
    """Cosine of a message with each intent's fitted vector."""

    def __init__(self, bags: Sequence[dict[str, float]], labels: Sequence[int], intents: int,
                 weighting: Weighting = Weighting()) -> None:
        self._intents, self._weighting = intents, weighting
        self._bags, self._labels = bags, labels  # kept for an exact refit in `without`
        self.table = table = BagTable.of(bags)
        index = table.index
        self._index = index
        rows_a, cols_a, vals_a = table.rows, table.cols, table.values
        labels_a = np.asarray(labels, dtype=np.int64)
        self._weights = (self._feature_weights(cols_a, labels_a[rows_a], len(bags), len(index), intents, weighting.spread)
                         * _kind_weights(index, weighting.character))
        weighted = vals_a * self._weights[cols_a]
        norms = np.sqrt(np.bincount(rows_a, weights=weighted**2, minlength=len(bags)))
        self._rows, self._cols, self._owner = rows_a, cols_a, labels_a[rows_a]
        # Entries run example by example; examples come intent by intent (as the matcher lists them), else sorted here.
        self._owner_sorted = self._owner if np.all(np.diff(self._owner) >= 0) else None
        self._row_starts = np.searchsorted(rows_a, np.arange(len(bags) + 1))
        self._unit = weighted / np.maximum(norms[rows_a], 1e-12)
        self._sums = np.zeros((intents, len(index)))
        np.add.at(self._sums, (self._owner, cols_a), self._unit)
        self._squares = np.einsum("ij,ij->i", self._sums, self._sums)
        centroids = self._sums / np.maximum(np.sqrt(self._squares)[:, None], 1e-12)
        # How close an intent's own examples are to its vector: an intent of 600 varied examples has a
        # diffuse vector that no single sentence comes near, one of 40 alike ones a tight vector.
        self._typical = np.array([self._typical_of(i, centroids[i]) for i in range(intents)])
        # What `scores` reads, by lookup position: the features most examples have first, each under a key made afresh
        # in that order. A message's features are mostly common ones, so its lookups touch a few neighbouring pages
        # of the index, the weights and the centroids instead of pages spread over 30,000 features: the same numbers.
        self._order = np.argsort(-np.bincount(cols_a, minlength=len(index)), kind="stable")  # position -> column
        keys = list(index)
        self._lookup = {_afresh(keys[col]): n for n, col in enumerate(self._order.tolist())}
        self._weight_list = self._weights[self._order].tolist()  # read a feature at a time in `scores`
        self._centroids = np.ascontiguousarray(centroids.T[self._order])  # one row per feature: a message's rows summed
        self._replaced: dict[int, tuple[np.ndarray, float]] = {}  # intent -> (vector by position, typical), see `without`

    def _typical_of(self, intent: int, centroid: np.ndarray, gone: frozenset[int] = frozenset()) -> float:
        """Mean cosine of the intent's examples (but `gone`) with `centroid`; 1 when it has none."""
        if self._owner_sorted is not None:
            start, end = np.searchsorted(self._owner_sorted, [intent, intent + 1])
            mine: slice | np.ndarray = slice(start, end)
        else:
            mine = self._owner == intent
        rows, cols, unit = self._rows[mine], self._cols[mine], self._unit[mine]
        if gone:
            keep = ~np.isin(rows, list(gone))
            rows, cols, unit = rows[keep], cols[keep], unit[keep]
        if not rows.size:
            return 1.0
        first = int(rows.min())
        own = np.bincount(rows - first, weights=unit * centroid[cols])
        typical = float(own[np.unique(rows - first)].mean())
        return typical if typical > 0 else 1.0

    def without(self, rows: list[int]) -> IntentVectors:
        """A copy that acts as if the examples `rows` were not there, for the leave-one-out check, which asks
        this of every example: refitted from scratch in a small bank, where one example moves the feature
        weights; in a large one (over EXACT_UP_TO examples, where a refit per example would take minutes)
        only the intents' vectors are refitted and the weights, which one example hardly moves, kept."""
        if len(self._bags) <= EXACT_UP_TO:
            gone_rows = set(rows)
            keep = [n for n in range(len(self._bags)) if n not in gone_rows]
            return IntentVectors([self._bags[n] for n in keep], [self._labels[n] for n in keep], self._intents,
                                 self._weighting)
        copy = object.__new__(IntentVectors)
        copy.__dict__.update(self.__dict__)
        gone = frozenset(rows)
        replaced = dict(self._replaced)
        for intent in sorted({int(self._labels[r]) for r in gone}):
            spans = [np.arange(self._row_starts[r], self._row_starts[r + 1]) for r in gone if self._labels[r] == intent]
            entries = np.concatenate(spans)
            cols, removed = np.unique(self._cols[entries], return_inverse=True)
            delta = np.bincount(removed, weights=self._unit[entries])
            vector = self._sums[intent].copy()
            vector[cols] -= delta
            # |sum - delta|^2 from the stored |sum|^2, touching only the removed features
            square = self._squares[intent] - 2 * float(self._sums[intent, cols] @ delta) + float(delta @ delta)
            vector /= max(math.sqrt(max(square, 0.0)), 1e-12)
            replaced[intent] = (vector[self._order], self._typical_of(intent, vector, gone))
        copy._replaced = replaced
        return copy

    @staticmethod
    def _feature_weights(cols: np.ndarray, owners: np.ndarray, examples: int, size: int, intents: int, spread_weight: float
                         ) -> np.ndarray:
        """Inverse document frequency times (1 + how concentrated the feature is in few intents)."""
        df = np.bincount(cols, minlength=size).astype(float)
        spread = np.zeros((size, max(intents, 1)))
        np.add.at(spread, (cols, owners), 1.0)
        p = spread / np.maximum(spread.sum(axis=1, keepdims=True), 1e-12)
        entropy = -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=1)
        concentration = 1.0 - entropy / math.log(intents) if intents > 1 else np.ones(size)
        return np.log((examples + 1) / (df + 0.5)) * (1.0 + spread_weight * concentration)

    def weight(self, feature: str) -> float:
        """A character n-gram's fitted weight (0 for one no example has); for reports and tests."""
        n = self._index.get(feature)
        return float(self._weights[n]) if n is not None else 0.0

    def scores(self, bag: dict[str, float]) -> np.ndarray:
        """Closeness to each intent: the cosine with its vector over its own examples' typical cosine, at
        most 1. A feature no example has still counts in the message's length, with weight 1, so a message
        saying mostly unknown things scores low."""
        index, weights, known, weighted, unknown = self._lookup, self._weight_list, [], [], 0.0
        for feature, value in bag.items():
            if (col := index.get(feature)) is None:
                unknown += value * value
            else:
                known.append(col)
                weighted.append(value * weights[col])  # as numpy multiplies: the same double, without 2 array calls
        if not known:
            return np.zeros(self._intents)
        # take, dot and in-place division: the same arithmetic as indexing, @ and new arrays, with fewer
        # copies, on a dozen features a clause
        cols = np.array(known, dtype=np.intp)
        vals = np.array(weighted)
        norm = math.sqrt(float(vals.dot(vals)) + unknown) or 1.0
        closeness = vals.dot(self._centroids.take(cols, axis=0))
        closeness /= norm
        closeness /= self._typical
        for intent, (vector, typical) in self._replaced.items():
            closeness[intent] = (vals @ vector[cols]) / norm / typical
        return np.minimum(closeness, 1.0, out=closeness)
