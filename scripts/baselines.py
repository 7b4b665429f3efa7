"""The matcher against two baselines trained on the very same examples, on a labelled file.

    python scripts/baselines.py [FILE.jsonl]      (default ../shared/eval/dev.jsonl)

- TF-IDF (character 1-3 grams) + LinearSVC on the intents' examples, with a fallback when the best
  decision value is below a margin chosen to give the same `other` fallback rate as the matcher;
- plain rapidfuzz fuzz.ratio nearest example, with a score cut-off chosen the same way.
Prints in-scope accuracy and the fallback rate of `other` for each.
"""
from __future__ import annotations

import sys
from pathlib import Path

from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.engine import EnginePaths, build_engine
from bot.evaluate import OTHER, Outcome, read_cases, score

ROOT = Path(__file__).resolve().parent.parent


def figures(cases: list, predictions: list[str]) -> tuple[float, float]:
    report = score(Outcome(c, p) for c, p in zip(cases, predictions))
    return report.in_scope_accuracy, report.other_fallback_rate


def with_cutoff(best: list[tuple[str, float]], cutoff: float) -> list[str]:
    return [name if value >= cutoff else OTHER for name, value in best]


def matched_cutoff(cases: list, best: list[tuple[str, float]], target_fallback: float) -> float:
    """The lowest cut-off whose fallback rate on `other` reaches the matcher's."""
    for cutoff in sorted({round(v, 3) for _, v in best}):
        if figures(cases, with_cutoff(best, cutoff))[1] >= target_fallback:
            return cutoff
    return float("inf")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev.jsonl"
    cases = list(read_cases(path))
    engine = build_engine(EnginePaths.under(ROOT))
    ours = [(r.chosen[0].intent if r.chosen else OTHER) for r in (engine.read(c.text) for c in cases)]
    in_scope, fallback = figures(cases, ours)
    examples = [(e, i.name) for i in engine.intents.values() for e in i.examples]
    print(f"{len(cases)} messages, {len(examples)} examples in {len(engine.intents)} intents")
    print(f"{'matcher (keywords + examples)':<40} in-scope {in_scope:.3f}   other falling back {fallback:.3f}")

    texts = [engine.normalise(c.text) for c in cases]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    model = LinearSVC().fit(vectorizer.fit_transform([engine.normalise(e) for e, _ in examples]), [n for _, n in examples])
    decision = model.decision_function(vectorizer.transform(texts))
    svm_best = [(model.classes_[row.argmax()], float(row.max())) for row in decision]
    cut = matched_cutoff(cases, svm_best, fallback)
    a, f = figures(cases, with_cutoff(svm_best, cut))
    print(f"{'TF-IDF + LinearSVC, same examples':<40} in-scope {a:.3f}   other falling back {f:.3f}")

    choices = [engine.normalise(e) for e, _ in examples]
    nearest = [process.extractOne(t, choices, scorer=fuzz.ratio) for t in texts]
    ratio_best = [(examples[n][1], s) if t else (OTHER, 0.0) for t, (_, s, n) in zip(texts, nearest)]
    cut = matched_cutoff(cases, ratio_best, fallback)
    a, f = figures(cases, with_cutoff(ratio_best, cut))
    print(f"{'fuzz.ratio nearest example, same examples':<40} in-scope {a:.3f}   other falling back {f:.3f}")


if __name__ == "__main__":
    main()
