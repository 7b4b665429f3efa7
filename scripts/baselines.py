"""The matcher against two baselines trained on the very same examples, on a labelled file.

    python scripts/baselines.py [FILE.jsonl ...] [--plain 40] [--draws 1]     (default ../shared/eval/dev.jsonl)

Two settings: the shipped intents (examples, keywords, negative examples), and plain examples only
(`--plain N`: N of each intent's shipped examples drawn with a fixed seed, no keywords, no negative examples,
no follow-ups), which shows how far the examples alone carry the matcher. Which 40 are drawn moves the gap by
several points, so `--draws N` repeats the plain setting with N seeds (13, 14, ...) and prints the mean gap.

- TF-IDF (character 1-3 grams) + LinearSVC on the intents' examples, with a fallback when the best
  decision value is below a margin chosen to give the same `other` fallback rate as the matcher;
- plain rapidfuzz fuzz.ratio nearest example, with a score cut-off chosen the same way;
- the matcher itself with its threshold moved the same way (`matcher_steps`: what it reads each message as at
  every threshold, the remarks' margin moving with it), so all three are compared at one fallback rate.
Prints in-scope accuracy and the fallback rate of `other` for each, and with `--draws` over 1 the mean gap
between the matcher and the SVM at 0.75 and 0.85 of `other` falling back, with its range over the draws.
"""
from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import replace
from pathlib import Path
from statistics import mean

from ruamel.yaml import YAML

from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.engine import Engine, EnginePaths, build_engine
from bot.evaluate import OTHER, Case, Outcome, read_cases, score
from bot.intents import SENDING_FILE, load_intents, user_words_file

ROOT = Path(__file__).resolve().parent.parent


Steps = list[tuple[float, str]]  # one message: (cut-off, what it reads as at any cut-off up to this one), descending


def figures(cases: list, predictions: list[str]) -> tuple[float, float]:
    report = score(Outcome(c, p) for c, p in zip(cases, predictions))
    return report.in_scope_accuracy, report.other_fallback_rate


def with_cutoff(found: list[Steps], cutoff: float) -> list[str]:
    """Each message's reading at `cutoff`: that of its lowest step still at or above it, else a fallback."""
    return [next((name for value, name in reversed(steps) if value >= cutoff), OTHER) for steps in found]


def matched_cutoff(cases: list, found: list[Steps], target_fallback: float) -> float:
    """The lowest cut-off whose fallback rate on `other` reaches the matcher's."""
    for cutoff in sorted({round(v, 3) for steps in found for v, _ in steps}):
        if figures(cases, with_cutoff(found, cutoff))[1] >= target_fallback:
            return cutoff
    return float("inf")


def plain_examples(source: EnginePaths, per_intent: int, into: Path, seed: int = 13) -> EnginePaths:
    """A copy of the shop's files whose intents keep `per_intent` examples each, drawn with a fixed seed, and nothing else
    of theirs (no keywords, negative examples, follow-ups)."""
    (into / "intents").mkdir()
    yaml = YAML()
    for intent in load_intents(source.intents):
        examples = sorted(intent.examples)
        random.Random(f"{seed}:{intent.name}").shuffle(examples)
        data = {"name": intent.name, "mode": intent.mode, "priority": intent.priority, "examples": examples[:per_intent]}
        with (into / "intents" / f"{intent.name}.yaml").open("w", encoding="utf-8") as fh:
            yaml.dump(data, fh)
    # The shop's language, not the intents' cues: the words jieba is taught, and the words that ask or request, which
    # tell the matcher a clause that asks from a remark (no intent's evidence)
    for language in (user_words_file(source.intents), source.intents / SENDING_FILE):
        if language.exists():
            (into / "intents" / language.name).write_bytes(language.read_bytes())
    return EnginePaths(into / "intents", source.replies, source.policy)


def matcher_steps(engine: Engine, cases: list[Case]) -> list[Steps]:
    """What the matcher reads each message as at every threshold. Its choice changes only where the threshold passes
    a reading's `clearance` (its score, less the remark margin for a remark), so it is asked once at each of those."""
    matcher = engine.matcher
    keep = matcher.options
    found = []
    try:
        for case in cases:
            matches = engine.read(case.text).matches
            steps = []
            for value in sorted({matcher.clearance(m) for m in matches}, reverse=True):
                matcher.options = replace(keep, threshold=value)
                chosen = matcher.chosen(matches)
                steps.append((value, chosen[0].intent if chosen else OTHER))
            found.append(steps)
    finally:
        matcher.options = keep
    return found


def compare(label: str, engine: Engine, cases: list[Case], rates: tuple[float, ...]) -> dict[float, dict[str, float]]:
    """The matcher at its own threshold; then it and the two baselines at the same fallback rates of `other`.
    Returns the in-scope accuracy of each at each of `rates`."""
    examples = [(e, i.name) for i in engine.intents.values() for e in i.examples]
    ours = [(r.chosen[0].intent if r.chosen else OTHER) for r in (engine.read(c.text) for c in cases)]
    in_scope, fallback = figures(cases, ours)
    print(f"{label}: {len(examples)} examples in {len(engine.intents)} intents")
    print(f"  {'matcher at its threshold':<42} in-scope {in_scope:.3f}   other falling back {fallback:.3f}")

    texts = [engine.normalise(c.text) for c in cases]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    model = LinearSVC().fit(vectorizer.fit_transform([engine.normalise(e) for e, _ in examples]), [n for _, n in examples])
    decision = model.decision_function(vectorizer.transform(texts))
    choices = [engine.normalise(e) for e, _ in examples]
    nearest = [process.extractOne(t, choices, scorer=fuzz.ratio) for t in texts]
    best = {
        "matcher": matcher_steps(engine, cases),
        "TF-IDF + LinearSVC, same examples": [[(float(row.max()), model.classes_[row.argmax()])] for row in decision],
        "fuzz.ratio nearest example, same examples": [[(s, examples[n][1])] if t else [] for t, (_, s, n) in zip(texts, nearest)],
    }
    at: dict[float, dict[str, float]] = {}
    for rate in (fallback, *rates):
        for name, found in best.items():
            a, f = figures(cases, with_cutoff(found, matched_cutoff(cases, found, rate)))
            print(f"  {name:<42} in-scope {a:.3f}   other falling back {f:.3f}   (cut-off for {rate:.3f})")
            at.setdefault(rate, {})[name] = a
    return at


RATES = (0.75, 0.85)
SVM = "TF-IDF + LinearSVC, same examples"


def plain_gaps(draws: list[dict[float, dict[str, float]]]) -> list[str]:
    """The plain setting's summary at each rate: the matcher's and the SVM's mean, and the gap with its range."""
    lines = []
    for rate in RATES:
        gaps = [d[rate]["matcher"] - d[rate][SVM] for d in draws]
        lines.append(f"{len(draws)} draws, at {rate:.2f} of other falling back: matcher {mean(d[rate]['matcher'] for d in draws):.3f},"
                     f" SVM {mean(d[rate][SVM] for d in draws):.3f}, gap {100 * mean(gaps):+.1f} points"
                     f" ({100 * min(gaps):+.1f} to {100 * max(gaps):+.1f})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="*", default=[ROOT.parent / "shared" / "eval" / "dev.jsonl"])
    parser.add_argument("--plain", type=int, default=40, help="examples per intent in the plain-examples setting")
    parser.add_argument("--draws", type=int, default=1, help="plain-example draws (seeds 13, 14, ...) to average over")
    args = parser.parse_args()
    paths = EnginePaths.under(ROOT)
    engine = build_engine(paths)
    plain = {}  # the same draws for every file
    for seed in range(13, 13 + max(args.draws, 1)):
        with tempfile.TemporaryDirectory() as tmp:
            plain[seed] = build_engine(plain_examples(paths, args.plain, Path(tmp), seed), tokenizer=engine.tokenizer)
    summary = []
    for file in args.files:
        cases = list(read_cases(file))
        print(f"{file}: {len(cases)} messages")
        compare("shipped intents (examples, keywords, negative examples)", engine, cases, RATES)
        draws = [compare(f"plain examples only ({args.plain} a intent, no keywords, seed {seed})", drawn, cases, RATES)
                 for seed, drawn in plain.items()]
        if len(draws) > 1:
            summary += [f"{file.name}, plain, {line}" for line in plain_gaps(draws)]
    print("\n".join(summary))


if __name__ == "__main__":
    main()
