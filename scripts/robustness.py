"""How much typing as buyers type costs: accuracy on a labelled file before and after perturbing each message.

    python scripts/robustness.py [FILE.jsonl] [--seed 13] [--intents DIR]   (default ../shared/eval/dev.jsonl)

Perturbations, each applied once to every message it fits (seeded, so the figures reproduce):
- homophone: one character of one word (two or more Chinese characters) replaced by the most frequent other
  character with the same toneless pinyin, as a pinyin IME slip does (包邮 -> 报邮, 退货 -> 推货); a
  replacement that makes another dictionary word (发货 -> 发火) is skipped, the next character tried instead;
- space: one space between two words of a clause (能便宜 点吗);
- padding: a 亲亲, a 表情 code, an emoji or tildes around the message ([微笑]能便宜点吗~~);
- repeats: a character or a question mark typed over and over (好好好好, 吗？？？？).
For each: messages perturbed, accuracy on them before and after (every message, and in-scope only: a
fallback on an in-scope message counts as wrong), and the cost in points.
"""
from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.engine import EnginePaths, build_engine
from bot.evaluate import OTHER, Case, Outcome, read_cases, score
from bot.sounds import Sounds

ROOT = Path(__file__).resolve().parent.parent
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
PADS = ("亲亲 ", "亲~", "[微笑]", "[呲牙]", "/:)", "/:handclap", "😊", "🙏", "~~", "～～")
Perturb = Callable[[str, random.Random], str | None]


class Slips:
    """Pinyin IME slips: for each character, the homophones a buyer picks by mistake, most frequent first."""

    def __init__(self, frequencies: dict[str, int], sounds: Sounds) -> None:
        self._words = frequencies
        weight: dict[str, int] = defaultdict(int)
        for word, freq in frequencies.items():
            if freq and _HAN.match(word):
                for ch in word:
                    weight[ch] += freq
        by_sound: dict[str, list[str]] = defaultdict(list)
        for ch in sorted(weight, key=weight.__getitem__, reverse=True):
            by_sound[sounds.of(ch)].append(ch)
        self._by_sound = by_sound
        self._sounds = sounds

    def slip(self, word: str, rng: random.Random) -> str | None:
        """The word with one character replaced by a homophone, not itself another dictionary word."""
        positions = list(range(len(word)))
        rng.shuffle(positions)
        for i in positions:
            for other in self._by_sound.get(self._sounds.of(word[i]), [])[:3]:
                slipped = word[:i] + other + word[i + 1 :]
                if other != word[i] and not self._words.get(slipped):
                    return slipped
        return None


def perturbations(engine, slips: Slips) -> dict[str, Perturb]:
    tokens = engine.tokenizer

    def homophone(text: str, rng: random.Random) -> str | None:
        words = [w for w in dict.fromkeys(tokens.content_words(engine.normalise(text))) if len(w) >= 2 and _HAN.match(w) and w in text]
        rng.shuffle(words)
        for word in words:
            if slipped := slips.slip(word, rng):
                return text.replace(word, slipped, 1)
        return None

    def space(text: str, rng: random.Random) -> str | None:
        words = tokens.words(text)
        cuts, at = [], 0
        for a, b in zip(words, words[1:]):
            at = text.find(a, at) + len(a)
            if at > 0 and text[at : at + len(b)] == b and _HAN.match(a[-1]) and _HAN.match(b[0]):
                cuts.append(at)
        if not cuts:
            return None
        at = rng.choice(cuts)
        return text[:at] + " " + text[at:]

    def padding(text: str, rng: random.Random) -> str | None:
        where = rng.choice(("before", "after", "both"))
        before = rng.choice(PADS) if where != "after" else ""
        after = rng.choice(PADS) if where != "before" else ""
        return before + text + after

    def repeats(text: str, rng: random.Random) -> str | None:
        stripped = text.rstrip("?？!！~～。.")
        if not stripped:
            return None
        if stripped[-1] in "吗呢啊呀吧好哦" and rng.random() < 0.5:
            return stripped + stripped[-1] * rng.randint(2, 4)
        return stripped + rng.choice("?？") * rng.randint(3, 5)

    return {"homophone": homophone, "space": space, "padding": padding, "repeats": repeats}


def predict(engine, text: str) -> str:
    reading = engine.read(text)
    return reading.chosen[0].intent if reading.chosen else OTHER


def figures(cases: list[Case], predicted: list[str]) -> tuple[float, float]:
    report = score(Outcome(c, p) for c, p in zip(cases, predicted))
    return report.accuracy, report.in_scope_accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?", default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--intents", type=Path, default=ROOT / "intents")
    args = parser.parse_args()
    paths = EnginePaths.under(ROOT)
    engine = build_engine(EnginePaths(args.intents, paths.replies, paths.policy))
    cases = list(read_cases(args.file))
    before = {c.line: predict(engine, c.text) for c in cases}
    slips = Slips(engine.tokenizer.frequencies(), Sounds())
    print(f"{args.file}: {len(cases)} messages, seed {args.seed}")
    print(f"{'perturbation':<12}{'messages':>9}   {'accuracy before -> after':>26}   {'in-scope before -> after':>26}")
    for name, perturb in perturbations(engine, slips).items():
        rng = random.Random(f"{args.seed}:{name}")
        changed = [(c, t) for c in cases if (t := perturb(c.text, rng)) is not None and t != c.text]
        if not changed:
            continue
        kept = [c for c, _ in changed]
        a0, s0 = figures(kept, [before[c.line] for c in kept])
        a1, s1 = figures(kept, [predict(engine, t) for _, t in changed])
        print(f"{name:<12}{len(changed):>9}   {a0:>8.3f} -> {a1:.3f} ({(a1 - a0) * 100:+5.1f})   "
              f"{s0:>8.3f} -> {s1:.3f} ({(s1 - s0) * 100:+5.1f})")
        for c, t in changed[:3]:
            print(f"    e.g. {c.text[:30]!r} -> {t[:34]!r}")


if __name__ == "__main__":
    main()
