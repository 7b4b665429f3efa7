"""Micro-F1 of review aspects against a labelled file (`{"id","text","aspects"}` per line).

    .venv/bin/python scripts/eval_reviews.py /work/shared/eval/reviews_dev.jsonl [--errors]

Prints the micro-F1 and each aspect's precision, recall and F1, so a trainer sees which cues to work on;
--errors lists the reviews the cues got wrong, with the cue each aspect was found by.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.reviews.aspects import ASPECTS, load_aspects  # noqa: E402
from bot.reviews.classify import classify  # noqa: E402
from bot.reviews.scoring import Counts  # noqa: E402
from bot.text import Normaliser  # noqa: E402


def read_labelled(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not isinstance(row.get("text"), str) or not isinstance(row.get("aspects"), list):
                raise SystemExit(f"{path}:{n}: each line needs a text and a list of aspects")
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path)
    parser.add_argument("--aspects", type=Path, default=ROOT / "aspects")
    parser.add_argument("--errors", action="store_true", help="list the reviews the cues got wrong")
    args = parser.parse_args()
    normalise = Normaliser()
    aspects = load_aspects(args.aspects, normalise)
    total = Counts()
    per_aspect = {name: Counts() for name in ASPECTS}
    for row in read_labelled(args.labelled):
        hits = classify(normalise(row["text"]), aspects)
        gold, predicted = set(row["aspects"]), {h.aspect for h in hits}
        total = total.plus(gold, predicted)
        for name in ASPECTS:
            per_aspect[name] = per_aspect[name].plus(gold & {name}, predicted & {name})
        if args.errors and gold != predicted:
            found = "; ".join(f"{h.aspect}<{h.reason}>" for h in hits)
            print(f"{row.get('id')}\tgold={','.join(sorted(gold))}\t{found}\t{row['text'][:80]}")
    for name, c in per_aspect.items():
        print(f"{name:18} precision {c.precision:.2f} recall {c.recall:.2f} F1 {c.f1:.2f} (tp {c.tp} fp {c.fp} fn {c.fn})")
    print(f"micro-F1 {total.f1:.3f} (precision {total.precision:.3f}, recall {total.recall:.3f})")


if __name__ == "__main__":
    main()
