"""Engine benchmark: start-up, messages per second, p50/p99 latency of one message through
match + policy + render (the answer alone, and with the three suggestions an agent sees), on the shipped intents and on a generated bank of 10,000 examples, the
resident memory, and a TF-IDF + LinearSVC classifier's per-message cost on the same messages, timed beside
the whole answer block by block, and the ratio of the two (the target: at most 0.5); with --rounds over 1, also
the ratio of each message's fastest round summed, which a stall of a shared machine moves less.

    python scripts/bench_engine.py [--messages FILE.jsonl] [--bank 10000]

Messages come from a labelled JSONL file (default ../shared/eval/dev.jsonl) or, if it is missing,
from the shipped intents' own examples. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's engine, not the one the virtualenv was installed from

from bot.domain import ConversationState  # noqa: E402
from bot.engine import Engine, EnginePaths, build_engine  # noqa: E402
from bot.intents import load_intents  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def time_replies(engine: Engine, texts: list[str], rounds: int, *, suggestions: bool = False) -> list[float]:
    """Seconds per message, each a fresh one-turn conversation so no state piles up. The answer
    alone is what the bot sends on a channel; `suggestions` also renders the three an agent sees."""
    out = []
    for r in range(rounds):
        for n, text in enumerate(texts):
            state = ConversationState(f"b{r}-{n}")
            start = time.perf_counter()
            turn = engine.reply(text, state=state)
            if suggestions:
                turn.suggestions  # noqa: B018 - rendered on first access
            out.append(time.perf_counter() - start)
    return out


def time_reads(engine: Engine, texts: list[str], rounds: int) -> list[float]:
    """Seconds per message of classification alone (normalise, slots, match): what the SVM does."""
    out = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            engine.read(text)
            out.append(time.perf_counter() - start)
    return out


def report(label: str, seconds: list[float]) -> None:
    micro = [s * 1e6 for s in seconds]
    print(
        f"{label:<34} {len(micro) / sum(seconds):>8.0f} msg/s   p50 {percentile(micro, 0.5):>6.0f} µs   "
        f"p99 {percentile(micro, 0.99):>6.0f} µs   mean {statistics.fmean(micro):>6.0f} µs"
    )


def generated_bank(source: EnginePaths, size: int, into: Path) -> EnginePaths:
    """A copy of the shop's files whose intents are padded to `size` examples with recombined phrases."""
    shutil.copytree(source.replies, into / "replies")
    (into / "policy").mkdir()
    shutil.copy(source.policy, into / "policy" / "shop.yaml")
    (into / "intents").mkdir()
    intents = load_intents(source.intents)
    rng = random.Random(7)
    per_intent = size // len(intents)
    yaml = YAML()
    for intent in intents:
        pool = list(intent.examples)
        examples = list(pool)
        while len(examples) < per_intent:
            a, b = rng.choice(pool), rng.choice(pool)
            examples.append(a[: max(len(a) // 2, 1)] + b[len(b) // 2 :] + rng.choice("的了吗呢啊吧哦"))
        data = {"name": intent.name, "mode": intent.mode, "examples": examples, "keywords": list(intent.keywords)}
        with (into / "intents" / f"{intent.name}.yaml").open("w", encoding="utf-8") as fh:
            yaml.dump(data, fh)
    if (source.intents / "dictionary.txt").exists():
        shutil.copy(source.intents / "dictionary.txt", into / "intents" / "dictionary.txt")
    return EnginePaths.under(into)


def svm_predictor(paths: EnginePaths) -> Callable[[str], object] | None:
    """TF-IDF (char 1-3 grams) + LinearSVC fitted on the intents' examples: predicts one message."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError:
        return None
    intents = load_intents(paths.intents)
    x = [e for i in intents for e in i.examples]
    y = [i.name for i in intents for _ in i.examples]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    model = LinearSVC().fit(vectorizer.fit_transform(x), y)
    return lambda text: model.predict(vectorizer.transform([text]))


def time_side_by_side(engine: Engine, predict: Callable[[str], object], texts: list[str], rounds: int,
                      block: int = 50) -> tuple[list[float], list[float]]:
    """Seconds per message of the whole answer and of the SVM's prediction, taken in turns over blocks of
    `block` messages (each in its own warm caches), so that other work on the machine weighs on both alike
    and their ratio holds."""
    ours, svm = [], []
    for r in range(rounds):
        for at in range(0, len(texts), block):
            for n, text in enumerate(texts[at : at + block], start=at):
                state = ConversationState(f"s{r}-{n}")
                start = time.perf_counter()
                engine.reply(text, state=state)
                ours.append(time.perf_counter() - start)
            for text in texts[at : at + block]:
                start = time.perf_counter()
                predict(text)
                svm.append(time.perf_counter() - start)
    return ours, svm


def fastest_each(seconds: list[float], messages: int) -> float:
    """The sum over messages of each one's fastest time, from times listed round after round."""
    return sum(min(seconds[n::messages]) for n in range(messages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--bank", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    paths = EnginePaths.under(ROOT)
    process = psutil.Process()
    rss_before = process.memory_info().rss

    start = time.perf_counter()
    engine = build_engine(paths)
    startup = time.perf_counter() - start
    if args.messages.exists():
        texts = [json.loads(line)["text"] for line in args.messages.open(encoding="utf-8") if line.strip()]
    else:
        texts = [e for i in engine.intents.values() for e in i.examples]
    time_replies(engine, texts[:50], 1)  # warm caches (templates compile on first use)
    rss = process.memory_info().rss

    print(f"messages: {len(texts)} from {args.messages if args.messages.exists() else 'the intents'} x {args.rounds} rounds")
    print(f"start-up (jieba dictionary, intents, index, templates): {startup * 1000:.0f} ms")
    print(f"resident memory with the engine loaded: {rss / 2**20:.0f} MB (process before loading: {rss_before / 2**20:.0f} MB)")
    shipped = sum(len(i.examples) for i in engine.intents.values())
    report(f"engine, shipped intents ({shipped} ex)", time_replies(engine, texts, args.rounds))
    report("  of which classification alone", time_reads(engine, texts, args.rounds))
    report("  with three suggestions (assist)", time_replies(engine, texts, args.rounds, suggestions=True))

    with tempfile.TemporaryDirectory() as tmp:
        bank_paths = generated_bank(paths, args.bank, Path(tmp))
        start = time.perf_counter()
        bank = build_engine(bank_paths, tokenizer=None)
        bank_startup = time.perf_counter() - start
        n = sum(len(i.examples) for i in bank.intents.values())
        time_replies(bank, texts[:50], 1)
        print(f"start-up with the generated bank: {bank_startup * 1000:.0f} ms")
        report(f"engine, generated bank ({n} ex)", time_replies(bank, texts, args.rounds))
        report("  of which classification alone", time_reads(bank, texts, args.rounds))

    predict = svm_predictor(paths)
    if predict:
        ours, svm = time_side_by_side(engine, predict, texts, args.rounds)
        report("TF-IDF + LinearSVC, one at a time", svm)
        report("  the answer, timed beside it", ours)
        print(f"the whole answer costs {statistics.fmean(ours) / statistics.fmean(svm):.2f}x the SVM's prediction "
              f"(means, timed in turns over the same messages); the target is at most 0.5x")
        if args.rounds > 1:  # a stall of the shared machine lands in one round, not in a message's fastest
            fastest_ours, fastest_svm = fastest_each(ours, len(texts)), fastest_each(svm, len(texts))
            print(f"each message's fastest of {args.rounds} rounds, summed: the answer {fastest_ours * 1e6 / len(texts):.0f} µs, "
                  f"the SVM {fastest_svm * 1e6 / len(texts):.0f} µs a message: {fastest_ours / fastest_svm:.2f}x")


if __name__ == "__main__":
    main()
