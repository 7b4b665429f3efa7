"""How steady the auto-send decisions are under a trainer's small edit: a trainer who moves, drops or adds a few
examples should see what they edited change, not sends elsewhere that their edit has nothing to do with.

    python scripts/steadiness.py [--intents DIR] [--edits N] [--size 3] [--seed S] FILE.jsonl [FILE.jsonl ...]

Each of N edits, drawn at random and each made on its own to a copy of the intents folder, is one of: move `size`
examples of one intent to another, drop `size` examples of one intent, add `size` examples to one (one of its own
examples with a hello before it or a particle after it, as a trainer writes a variant). The engine is rebuilt from the
edited copy, as a hot reload rebuilds it, and every message of the files answered as the first of its conversation;
a flip is a message whose `Turn.auto` differs from the unedited folder's. "same reading" counts the flips whose
intents did not change: only the sending decision moved, which is what the refitted second reader (bot/second.py)
does on its own. Prints each edit and the mean and worst flips; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's engine, not the one the virtualenv was installed from

from bot.domain import ConversationState  # noqa: E402
from bot.engine import Engine, EnginePaths, build_engine  # noqa: E402
from bot.evaluate import Case, read_cases  # noqa: E402

HELLOS = ("你好，", "在吗 ", "亲 ", "请问")
PARTICLES = ("呢", "啊", "呀", "哈")


@dataclass(frozen=True)
class Decision:
    intents: tuple[str, ...]
    auto: bool


@dataclass(frozen=True)
class Flips:
    edit: str
    flips: int
    same_reading: int  # flips whose intents did not change
    seconds: float  # the rebuild of the engine from the edited folder


def decisions(engine: Engine, cases: list[Case]) -> list[Decision]:
    out = []
    for case in cases:
        turn = engine.reply(case.text, state=ConversationState(f"steady:{case.id}"))
        out.append(Decision(tuple(turn.intents), turn.auto))
    return out


def intent_files(folder: Path, yaml: YAML) -> dict[Path, dict]:
    """Each intent file of the folder (a `name` and `examples`), read for a round trip."""
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "name" in data and data.get("examples"):
            out[path] = data
    return out


def variant(example: str, rng: random.Random, taken: set[str]) -> str | None:
    """One of an intent's own examples as a trainer might write it again: a hello before it or a particle after it."""
    for _ in range(8):
        text = rng.choice(HELLOS) + example if rng.random() < 0.5 else example.rstrip("？?。！!") + rng.choice(PARTICLES)
        if text not in taken:
            return text
    return None


def edit(folder: Path, rng: random.Random, size: int, yaml: YAML) -> str:
    """Make one random edit in `folder`'s intent files; returns what it did."""
    files = intent_files(folder, yaml)
    paths = [p for p, d in files.items() if len(d["examples"]) > 3 * size]
    kind = rng.choice(("move", "drop", "add"))
    source = rng.choice(paths)
    examples = files[source]["examples"]
    if kind == "add":
        taken = {str(e) for d in files.values() for e in d["examples"]}
        added = [t for t in (variant(str(rng.choice(examples)), rng, taken) for _ in range(size)) if t]
        examples.extend(added)
        said = f"add {len(added)} to {files[source]['name']}"
    else:
        picked = sorted(rng.sample(range(len(examples)), size), reverse=True)
        moved = [examples.pop(i) for i in picked]
        said = f"drop {size} of {files[source]['name']}"
        if kind == "move":
            target = rng.choice([p for p in paths if p != source])
            files[target]["examples"].extend(moved)
            _dump(target, files[target], yaml)
            said = f"move {size} from {files[source]['name']} to {files[target]['name']}"
    _dump(source, files[source], yaml)
    return said


def _dump(path: Path, data: dict, yaml: YAML) -> None:
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSON-lines files of single messages")
    parser.add_argument("--intents", type=Path, default=ROOT / "intents", help="the intents folder to edit copies of")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--size", type=int, default=3, help="examples each edit moves, drops or adds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cases = [case for path in args.files for case in read_cases(path)]
    shop = EnginePaths.under(ROOT)
    yaml = YAML()
    yaml.width = 4096
    base = build_engine(EnginePaths(args.intents, shop.replies, shop.policy, shop.aspects, shop.catalog))
    before = decisions(base, cases)
    print(f"{len(cases)} messages, {sum(d.auto for d in before)} sent alone by the unedited folder")
    results = []
    for n in range(args.edits):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "intents"
            shutil.copytree(args.intents, folder)
            said = edit(folder, random.Random(args.seed * 1000 + n), args.size, yaml)
            start = time.perf_counter()
            engine = build_engine(EnginePaths(folder, shop.replies, shop.policy, shop.aspects, shop.catalog),
                                  tokenizer=base.tokenizer)
            seconds = time.perf_counter() - start
            after = decisions(engine, cases)
        flipped = [(b, a) for b, a in zip(before, after) if b.auto != a.auto]
        results.append(Flips(said, len(flipped), sum(b.intents == a.intents for b, a in flipped), seconds))
        r = results[-1]
        print(f"{said:<48} flips {r.flips:>3} (same reading {r.same_reading:>3})   rebuilt in {r.seconds:.2f} s", flush=True)
    flips = [r.flips for r in results]
    same = [r.same_reading for r in results]
    print(f"flips per edit: mean {statistics.fmean(flips):.1f}, worst {max(flips)}; same reading: mean "
          f"{statistics.fmean(same):.1f}, worst {max(same)}; rebuild mean {statistics.fmean(r.seconds for r in results):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
