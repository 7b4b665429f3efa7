"""A second, independent reader of the trainers' examples, asked only whether an answer goes out by itself.

The matcher reads a message by keywords, fuzzy example matches and each intent's centroid (bot/learned.py);
this one is a discriminative linear model over the same bag of character n-grams and words, TF-IDF weighted:
logistic regression fitted at every load (scikit-learn's SGDClassifier, a few passes over the examples in an order
their own words set, `_order`: the same weights every load, and nearly the same after a trainer's small edit). Two
readers built differently agree on most right readings and disagree on a good share of the wrong ones, which is
what a precision bar wants (`Engine.sends_alone`). It never changes a reading.
Fitting the shipped 4,000 examples takes about 0.15 s of CPU, a 10,000-example bank about 0.3 s, on the table of
bags the learned vectors already built (`BagTable`); a message costs one gather over its known features, and only
the messages whose sending it decides ask it.
Besides the intents it knows one more class, `UNANSWERED`: the trainers' examples of messages no intent answers
(`intents/sending.yaml`'s `unanswered`: a story about an earlier parcel, a remark, a question about the platform),
so that it can say "none of these" where the matcher, which only weighs the intents against each other, cannot.
"""
from __future__ import annotations

import math
import warnings
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier

from bot.learned import BagTable

EPOCHS = 3  # passes over the examples: 5 sent the same share as rightly on the tuning samples, at 1.4x the fit time
ALPHA = 1e-5  # L2 penalty: small, the examples are few and their n-grams many
UNANSWERED = "(unanswered)"  # the class of sending.yaml's `unanswered` examples; no intent file may use the name


class SecondReader:
    """Each intent's chance for a message's bag (bot.learned.features), by a model fitted on the examples."""

    def __init__(self, intents: Sequence[str], index: Mapping[str, int], idf: np.ndarray, weights: np.ndarray,
                 bias: np.ndarray) -> None:
        self.intents = tuple(intents)
        self._index, self._idf, self._weights, self._bias = index, idf, weights, bias  # weights: feature x intent

    @classmethod
    def fit(cls, table: BagTable, labels: Sequence[str]) -> SecondReader | None:
        """The reader the examples make (`table`: their bags, a row each; `labels`: each row's intent), or None when
        fewer than two intents have examples (nothing to tell apart)."""
        intents = sorted(set(labels))
        if len(intents) < 2:
            return None
        df = np.bincount(table.cols, minlength=len(table.index)).astype(float)
        idf = np.log((1 + table.size) / (1 + df)) + 1.0  # smoothed, as scikit-learn's TfidfTransformer
        weights = _tf(table.values) * idf[table.cols]
        weights /= np.maximum(np.sqrt(np.bincount(table.rows, weights=weights**2, minlength=table.size)), 1e-12)[table.rows]
        x = csr_matrix((weights, (table.rows, table.cols)), shape=(table.size, len(table.index)))
        order = _order(table, labels)
        model = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, shuffle=False)
        with warnings.catch_warnings():  # a fixed number of passes is the point, not convergence
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x[order], np.asarray(labels)[order])
        coef, bias = model.coef_, model.intercept_
        classes = [str(c) for c in model.classes_]
        if len(classes) == 2:  # a binary model has one row: the second class against the first
            coef, bias = np.vstack([-coef[0], coef[0]]), np.array([-bias[0], bias[0]])
        return cls(classes, table.index, idf, np.ascontiguousarray(coef.T), np.asarray(bias, dtype=float))

    def chances(self, bag: Mapping[str, float]) -> dict[str, float]:
        """Each intent's chance, summing to 1 (one-vs-rest sigmoids normalised, as scikit-learn's predict_proba);
        features no example has are left out, so a message of unknown words gets the intents' priors."""
        cols, values = [], []
        for feature, value in bag.items():
            if (col := self._index.get(feature)) is not None:
                cols.append(col)
                values.append(value)
        decision = self._bias.copy()
        if cols:
            at = np.asarray(cols, dtype=np.intp)
            x = _tf(np.asarray(values, dtype=float)) * self._idf.take(at)
            x /= math.sqrt(float(x @ x)) or 1.0
            decision += x @ self._weights.take(at, axis=0)
        odds = 1.0 / (1.0 + np.exp(-decision))
        odds /= odds.sum() or 1.0
        return dict(zip(self.intents, odds.tolist()))

    def chance(self, bag: Mapping[str, float], intent: str) -> float | None:
        """The chance of `intent`, or None when no example of it was there to learn from (no opinion)."""
        if intent not in self.intents:
            return None
        return self.chances(bag)[intent]


def _tf(counts: np.ndarray) -> np.ndarray:
    """Sublinear term frequency: a character typed three times is not three times the evidence."""
    return 1.0 + np.log(np.maximum(counts, 1e-12))


def _order(table: BagTable, labels: Sequence[str]) -> np.ndarray:
    """The rows in the order SGD passes over them: by a checksum of each example's features and intent, so that the
    order is the same whatever order the files and their lines come in, and an example moved, dropped or added moves
    only itself. A seeded shuffle reorders every example when one is added, and a few passes in so different an order end
    in weights far enough apart that moving, dropping or adding three examples flipped 14 of some 470 sends on two
    pools, none of them about the edit (0.6-0.8 now: `scripts/steadiness.py`)."""
    names = [""] * len(table.index)
    for feature, col in table.index.items():
        names[col] = feature
    bounds = np.searchsorted(table.rows, np.arange(table.size + 1))  # rows come in order (BagTable)
    keys = [zlib.crc32("\x1f".join([label, *(names[c] for c in table.cols[a:b])]).encode())
            for label, a, b in zip(labels, bounds[:-1], bounds[1:])]
    return np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
