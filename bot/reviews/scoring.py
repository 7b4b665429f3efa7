"""Micro-averaged precision, recall and F1 over aspect sets, as the acceptance evaluation scores them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def plus(self, gold: set[str], predicted: set[str]) -> "Counts":
        return Counts(self.tp + len(gold & predicted), self.fp + len(predicted - gold), self.fn + len(gold - predicted))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
