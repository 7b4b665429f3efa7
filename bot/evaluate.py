"""Scoring the matcher on a labelled file: accuracy, per-intent P/R/F1, confusion, misses.

`other` in the labels means the bot should fall back; a prediction of None is written `other` here.
In-scope accuracy counts a fallback on an in-scope message as wrong.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import jsontext
from bot.domain import ConversationState, InputError

if TYPE_CHECKING:
    from bot.engine import Engine

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
    auto: bool = False  # the webhook would send the answer with no agent (`Turn.auto`)

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

    @property
    def auto_share(self) -> float:
        """Of all messages, those the webhook would answer by itself."""
        return _ratio(sum(o.auto for o in self.outcomes), len(self.outcomes))

    @property
    def auto_precision(self) -> float:
        """Of the messages the webhook would answer by itself, those answered with a right intent."""
        sent = [o for o in self.outcomes if o.auto]
        return _ratio(sum(o.correct for o in sent), len(sent))

    def summary(self) -> dict[str, float]:
        return {
            "messages": len(self.outcomes),
            "accuracy": round(self.accuracy, 4),
            "in_scope_accuracy": round(self.in_scope_accuracy, 4),
            "other_fallback_rate": round(self.other_fallback_rate, 4),
            "macro_f1": round(_ratio(sum(p.f1 for p in self.per_intent.values()), len(self.per_intent)), 4),
            "auto_share": round(self.auto_share, 4),
            "auto_precision": round(self.auto_precision, 4),
        }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) of each non-blank line; raises InputError naming the first line that
    is not JSON, or the file when it cannot be read."""
    try:
        handle = Path(path).open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the labelled file: {exc.strerror}") from None
    with handle:
        for n, line in enumerate(handle, 1):
            try:
                raw = line.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{path}:{n}: not UTF-8 text; save the file as UTF-8") from None
            if not raw.strip():
                continue
            try:
                yield n, jsontext.parse(raw)
            except ValueError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc})") from exc


def is_context_file(path: Path) -> bool:
    """Whether a labelled file holds follow-ups in their conversation (`context`, `with_context`)."""
    first = next(_json_lines(path), (0, None))[1]
    return isinstance(first, dict) and "with_context" in first


def _labels(value: Any) -> tuple[str, ...] | None:
    if not value or not isinstance(value, list):
        return None
    return tuple(str(label) for label in value)


def read_cases(path: Path) -> Iterator[Case]:
    """Labelled lines `{"text", "labels"}`; raises InputError naming the first malformed line, or
    the file when it cannot be read."""
    found = 0
    for n, data in _json_lines(path):
        labels = _labels(data.get("labels")) if isinstance(data, dict) else None
        if not labels or not isinstance(data.get("text"), str):
            raise InputError(f"{path}:{n}: each line needs \"text\" (a string) and \"labels\" (a non-empty list)")
        found += 1
        yield Case(n, data["text"], labels, str(data.get("id", n)))
    if not found:  # figures of nothing would read as a bot that gets everything wrong
        raise InputError(f"{path}: no labelled lines; each line is {{\"text\": ..., \"labels\": [...]}}")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up after the same buyer's earlier messages (oldest first), with two labels: read
    alone, and read in its conversation."""

    line: int
    id: str
    context: tuple[str, ...]
    text: str
    alone: tuple[str, ...]
    with_context: tuple[str, ...]

    @property
    def needs_context(self) -> bool:
        return set(self.alone) != set(self.with_context)


def read_follow_ups(path: Path) -> list[FollowUp]:
    """Lines `{"context": [...], "text", "alone": [...], "with_context": [...]}`; raises InputError
    naming the first malformed line."""
    cases = []
    for n, data in _json_lines(path):
        context = data.get("context") if isinstance(data, dict) else None
        alone = _labels(data.get("alone")) if isinstance(data, dict) else None
        with_context = _labels(data.get("with_context")) if isinstance(data, dict) else None
        if (not isinstance(context, list) or not all(isinstance(c, str) for c in context)
                or not isinstance(data.get("text"), str) or not alone or not with_context):
            raise InputError(f"{path}:{n}: each line needs \"context\" (a list of strings), \"text\" (a string), "
                             "\"alone\" and \"with_context\" (non-empty lists of intents)")
        cases.append(FollowUp(n, str(data.get("id", n)), tuple(context), data["text"], alone, with_context))
    if not cases:
        raise InputError(f"{path}: no labelled lines; each line is {{\"context\": [...], \"text\": ..., "
                         "\"alone\": [...], \"with_context\": [...]}}")
    return cases


@dataclass(frozen=True)
class FollowUpOutcome:
    case: FollowUp
    with_context: str  # the bot's intent reading the conversation first, OTHER for a fallback
    alone: str  # the bot's intent reading the follow-up by itself
    auto: bool = False  # the reply read with the conversation would go out with no agent (`Turn.auto`)

    def in_conversation(self) -> Outcome:
        """The follow-up as one message answered in its conversation, against its `with_context` labels: what
        the auto-send figures count."""
        case = self.case
        return Outcome(Case(case.line, case.text, case.with_context, case.id), self.with_context, self.auto)


@dataclass(frozen=True)
class ContextReport:
    outcomes: list[FollowUpOutcome]

    def accuracy(self, *, context: bool, needs_context: bool = False) -> float:
        """Right against the `with_context` labels, reading the conversation or not; over every
        line, or the lines whose labels differ."""
        chosen = [o for o in self.outcomes if o.case.needs_context or not needs_context]
        return _ratio(sum((o.with_context if context else o.alone) in o.case.with_context for o in chosen), len(chosen))

    @property
    def alone_accuracy(self) -> float:
        """The follow-ups read alone, against the `alone` labels: the single-message figure."""
        return _ratio(sum(o.alone in o.case.alone for o in self.outcomes), len(self.outcomes))

    @property
    def misses(self) -> list[FollowUpOutcome]:
        return [o for o in self.outcomes if o.with_context not in o.case.with_context]


def format_context_report(report: ContextReport, *, misses: int = 200) -> str:
    needing = sum(o.case.needs_context for o in report.outcomes)
    lines = [
        f"follow-ups: {len(report.outcomes)}, of which {needing} need the conversation (their two labels differ)",
        f"{'':<36}{'all':>8}{'need it':>9}",
        f"{'accuracy with the conversation':<36}{report.accuracy(context=True):>8.3f}"
        f"{report.accuracy(context=True, needs_context=True):>9.3f}",
        f"{'accuracy without (the text alone)':<36}{report.accuracy(context=False):>8.3f}"
        f"{report.accuracy(context=False, needs_context=True):>9.3f}",
        f"(the text alone against the `alone` labels: {report.alone_accuracy:.3f})",
        _auto_line(score(o.in_conversation() for o in report.outcomes)) + " (with the conversation)",
        "",
        "misclassified with the conversation:",
    ]
    for o in report.misses[:misses]:
        before = " / ".join(c[:30] for c in o.case.context)
        lines.append(f"  line {o.case.line}: expected {'/'.join(o.case.with_context)}, got {o.with_context} "
                     f"(alone {o.alone}): {before} -> {o.case.text[:40]}")
    return "\n".join(lines)


def outcome_of(engine: Engine, case: Case) -> Outcome:
    """A labelled message answered as the webhook answers a conversation's first message."""
    turn = engine.reply(case.text, state=ConversationState(f"eval:{case.id}"))
    return Outcome(case, turn.intents[0] if turn.intents else OTHER, turn.auto)


def follow_up_outcome(engine: Engine, case: FollowUp) -> FollowUpOutcome:
    """The follow-up read as a live chat reads it (its earlier messages first, in one conversation),
    and by itself."""
    state = ConversationState(f"eval:{case.id}")
    for earlier in case.context:
        state = engine.reply(earlier, state=state).state
    turn = engine.reply(case.text, state=state)
    alone = engine.read(case.text).chosen
    return FollowUpOutcome(case, turn.intents[0] if turn.intents else OTHER, alone[0].intent if alone else OTHER, turn.auto)


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


def _auto_line(report: Report) -> str:
    sent = [o for o in report.outcomes if o.auto]
    wrong = sum(not o.correct for o in sent)
    return (f"answered by itself (auto): {report.auto_share:.3f} of messages, {report.auto_precision:.3f} of them to a "
            f"right intent ({wrong} wrong of {len(sent)})")


def format_report(report: Report, *, misses: int = 200) -> str:
    s = report.summary()
    lines = [
        f"messages: {s['messages']}",
        f"accuracy: {s['accuracy']:.3f}",
        f"in-scope accuracy: {s['in_scope_accuracy']:.3f}",
        f"other falling back: {s['other_fallback_rate']:.3f}",
        f"macro F1: {s['macro_f1']:.3f}",
        _auto_line(report),
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
