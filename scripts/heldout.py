"""Keeps the held-out material across machines: packs `/work/heldout` (blind shops, situations, labels) into one
archive in the repository, and unpacks it on a new machine. The archive is read only by the measuring commands,
never by the bot or its tests, and is packed so that a search of the repository does not show its lines.

Corpus text never enters the archive: labelled corpus messages are kept as ids and labels
(`label/*_ann*.jsonl`, two annotators), and unpacking joins them with `../shared/corpus/buyer_messages.tsv` into
`messages_relabel_{tune,test}.jsonl` (the lines both annotators labelled alike).

    .venv/bin/python scripts/heldout.py pack [--source /work/heldout]
    .venv/bin/python scripts/heldout.py unpack [--target /work/heldout]
"""
from __future__ import annotations

import argparse
import json
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "heldout" / "heldout.tar.xz"
CORPUS = ROOT.parent / "shared" / "corpus" / "buyer_messages.tsv"
BATCHES = {"A": "tune", "B": "test"}  # label batch -> the message file it becomes


def carries_corpus_text(path: Path) -> bool:
    """Files holding corpus lines themselves (the batches given to annotators, the joined message files)."""
    return path.name.startswith("messages_") or (path.parent.name == "label" and path.suffix == ".tsv")


def pack(source: Path) -> None:
    ARCHIVE.parent.mkdir(exist_ok=True)
    with tarfile.open(ARCHIVE, "w:xz") as tar:
        for path in sorted(source.rglob("*")):
            if path.is_file() and not carries_corpus_text(path):
                tar.add(path, arcname=str(path.relative_to(source)))
    print(f"{ARCHIVE}: {ARCHIVE.stat().st_size // 1024} KiB")


def agreed(first: Path, second: Path) -> list[dict]:
    """The lines two annotators labelled alike, in order."""
    one, two = ([json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()] for p in (first, second))
    return [a for a, b in zip(one, two, strict=True) if sorted(a["labels"]) == sorted(b["labels"])]


def unpack(target: Path) -> None:
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(target, filter="data")
    text = dict(line.rstrip("\n").split("\t", 1) for line in CORPUS.read_text(encoding="utf-8").splitlines()[1:])
    for batch, name in BATCHES.items():
        lines = agreed(target / "label" / f"batch{batch}_ann1.jsonl", target / "label" / f"batch{batch}_ann2.jsonl")
        out = target / f"messages_relabel_{name}.jsonl"
        out.write_text("".join(json.dumps({"id": a["id"], "text": text[a["id"]], "labels": sorted(a["labels"])},
                                          ensure_ascii=False) + "\n" for a in lines), encoding="utf-8")
        print(f"{out}: {len(lines)} messages")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("pack", "unpack"))
    parser.add_argument("--source", "--target", dest="folder", type=Path, default=Path("/work/heldout"))
    args = parser.parse_args()
    pack(args.folder) if args.command == "pack" else unpack(args.folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
