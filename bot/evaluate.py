"""Scoring the matcher on a labelled file: accuracy, per-intent P/R/F1, confusion, misses.

`other` in the labels means the bot should fall back; a prediction of None is written `other` here.
In-scope accuracy counts a fallback on an in-scope message as wrong.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot import jsontext
from bot.domain import InputError

OTHER = "other"


@dataclass(frozen=True)
class Case:
    line: int
    text: str
    labels: tuple[str, ...]
    id: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    predicted: str  # an intent name, or OTHER for a fallback

    @property
    def correct(self) -> bool:
        return self.predicted in self.case.labels

    @property
    def in_scope(self) -> bool:
        return self.case.labels != (OTHER,)


@dataclass(frozen=True)
class PerIntent:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    outcomes: list[Outcome]
    per_intent: dict[str, PerIntent] = field(default_factory=dict)
    confusion: dict[str, Counter] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return _ratio(sum(o.correct for o in self.outcomes), len(self.outcomes))

    @property
    def in_scope_accuracy(self) -> float:
        scoped = [o for o in self.outcomes if o.in_scope]
        return _ratio(sum(o.correct for o in scoped), len(scoped))

    @property
    def other_fallback_rate(self) -> float:
        others = [o for o in self.outcomes if not o.in_scope]
        return _ratio(sum(o.predicted == OTHER for o in others), len(others))

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def summary(self) -> dict[str, float]:
        return {
            "messages": len(self.outcomes),
            "accuracy": round(self.accuracy, 4),
            "in_scope_accuracy": round(self.in_scope_accuracy, 4),
            "other_fallback_rate": round(self.other_fallback_rate, 4),
            "macro_f1": round(_ratio(sum(p.f1 for p in self.per_intent.values()), len(self.per_intent)), 4),
        }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def read_cases(path: Path) -> Iterator[Case]:
    """Labelled lines `{"text", "labels"}`; raises InputError naming the first malformed line, or
    the file when it cannot be read."""
    try:
        handle = Path(path).open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the labelled file: {exc.strerror}") from None
    found = 0
    with handle:
        for n, line in enumerate(handle, 1):
            try:
                raw = line.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{path}:{n}: not UTF-8 text; save the file as UTF-8") from None
            if not raw.strip():
                continue
            try:
                data = jsontext.parse(raw)
            except ValueError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc})") from exc
            labels = data.get("labels") if isinstance(data, dict) else None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not labels or not isinstance(labels, list):
                raise InputError(f"{path}:{n}: each line needs \"text\" (a string) and \"labels\" (a non-empty list)")
            found += 1
            yield Case(n, data["text"], tuple(str(label) for label in labels), str(data.get("id", n)))
    if not found:  # figures of nothing would read as a bot that gets everything wrong
        raise InputError(f"{path}: no labelled lines; each line is {{\"text\": ..., \"labels\": [...]}}")


def score(outcomes: Iterable[Outcome]) -> Report:
    outcomes = list(outcomes)
    confusion: dict[str, Counter] = defaultdict(Counter)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    support: Counter = Counter()
    for o in outcomes:
        gold = o.predicted if o.correct else o.case.labels[0]
        confusion[gold][o.predicted] += 1
        support[gold] += 1
        if o.correct:
            tp[o.predicted] += 1
        else:
            fp[o.predicted] += 1
            fn[gold] += 1
    per_intent = {}
    for name in sorted(set(support) | set(fp)):
        p = _ratio(tp[name], tp[name] + fp[name])
        r = _ratio(tp[name], tp[name] + fn[name])
        per_intent[name] = PerIntent(p, r, _ratio(2 * p * r, p + r), support[name])
    return Report(outcomes, per_intent, dict(confusion))


def format_report(report: Report, *, misses: int = 200) -> str:
    s = report.summary()
    lines = [
        f"messages: {s['messages']}",
        f"accuracy: {s['accuracy']:.3f}",
        f"in-scope accuracy: {s['in_scope_accuracy']:.3f}",
        f"other falling back: {s['other_fallback_rate']:.3f}",
        f"macro F1: {s['macro_f1']:.3f}",
        "",
        f"{'intent':<16}{'prec':>7}{'recall':>7}{'f1':>7}{'n':>6}",
    ]
    for name, m in report.per_intent.items():
        lines.append(f"{name:<16}{m.precision:>7.2f}{m.recall:>7.2f}{m.f1:>7.2f}{m.support:>6}")
    names = list(report.per_intent)
    lines += ["", "confusion (rows: expected, columns: predicted)", " " * 16 + "".join(f"{n[:6]:>7}" for n in names)]
    for gold in names:
        row = report.confusion.get(gold, Counter())
        lines.append(f"{gold:<16}" + "".join(f"{row.get(p, 0) or '.':>7}" for p in names))
    lines += ["", "misclassified:"]
    for o in report.misses[:misses]:
        lines.append(f"  line {o.case.line}: expected {'/'.join(o.case.labels)}, got {o.predicted}: {o.case.text[:80]}")
    return "\n".join(lines)
