"""Instructions one answer costs, counted by valgrind, for an A/B of speed work on a busy machine: the count does not
move with the load (other sessions' tests stretch wall and CPU times by a third or more; this count moves by a
fraction of a per cent from run to run), so two versions of the engine compare in a single run each.

    python scripts/count_instructions.py [REV_OR_DIR ...] [--messages FILE.jsonl] [--rounds 2]

Each argument is a git revision of this repository (exported to a temporary folder) or a checkout's folder; none: this
checkout. For each, the engine is built and answers every message once (the catalogue and jieba's part-of-speech
tagger load on first use), then answers them `--rounds` times more; the difference of the two runs' instructions,
over the messages answered, is one answer's count, start-up and first use left out. Needs valgrind (cachegrind with
no cache simulation: about 50 times slower than a plain run, a few minutes a version). Instructions are not time:
numpy's and rapidfuzz's C code runs more instructions a cycle than the interpreter, so this compares versions of the
engine, not the engine with the SVM (scripts/bench_engine.py does that). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Build, one warm round, then `rounds` more: run in the checkout's folder, so that its own `bot` is imported.
DRIVER = """
import json, sys
from pathlib import Path
sys.path.insert(0, ".")
from bot.domain import ConversationState
from bot.engine import EnginePaths, build_engine
engine = build_engine(EnginePaths.under(Path(".")))
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
for r in range(1 + int(sys.argv[2])):
    for n, text in enumerate(texts):
        engine.reply(text, state=ConversationState(f"r{r}-{n}"))
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(folder: Path, messages: Path, rounds: int) -> int:
    """Instructions of one run of the driver in `folder` (fixed hash seed, one BLAS thread: the same work each run)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", DRIVER, str(messages), str(rounds)],
                          cwd=folder, env=env, capture_output=True, text=True, check=True)
    found = _REFS.search(done.stderr)
    if not found:
        raise RuntimeError(f"valgrind printed no instruction count for {folder}:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def checkout(what: str, into: Path) -> Path:
    """A folder holding version `what`: a folder as it is, or a git revision of this repository exported."""
    if Path(what).is_dir():
        return Path(what).resolve()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", what], capture_output=True, check=True).stdout
    folder = into / re.sub(r"\W", "_", what)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*", default=[str(ROOT)])
    parser.add_argument("--messages", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    messages = args.messages.resolve()
    count = sum(1 for line in messages.open(encoding="utf-8") if line.strip()) * args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        for what in args.versions:
            folder = checkout(what, Path(tmp))
            per = (instructions(folder, messages, args.rounds) - instructions(folder, messages, 0)) / count
            print(f"{what}: {per / 1e6:.3f} million instructions an answer ({count} answers of {messages.name})", flush=True)


if __name__ == "__main__":
    main()
