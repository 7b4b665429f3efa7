"""Keeps the held-out material across machines: packs `/work/heldout` (blind shops, situations, labels) into one
archive in the repository, and unpacks it on a new machine. The archive is read only by the measuring commands,
never by the bot or its tests, and is packed so that a search of the repository does not show its lines.

Corpus text never enters the archive: labelled corpus messages are kept as ids and labels
(`label/*_ann*.jsonl`, two annotators), and unpacking joins them with `../shared/corpus/buyer_messages.tsv` into
`messages_relabel_{tune,test}.jsonl` (the lines both annotators labelled alike); follow-ups likewise
(`ctxlabel/batchC_ann*.jsonl`, ids `session#turn` of `jddc_chat_sample.tsv`) into `context_relabel_{tune,test}.jsonl`,
alternate lines, without those `../shared/eval/context_dev.jsonl` has; and negative reviews (`revlabel/batchR_ann*.jsonl`,
ids of `negative_reviews.tsv`) into `reviews_relabel_{tune,test}.jsonl`, alternate lines.

    .venv/bin/python scripts/heldout.py pack [--source /work/heldout]
    .venv/bin/python scripts/heldout.py unpack [--target /work/heldout]
"""
from __future__ import annotations

import argparse
import json
import re
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "heldout" / "heldout.tar.xz"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "buyer_messages.tsv"
CHATS = SHARED / "corpus" / "jddc_chat_sample.tsv"
REVIEWS = SHARED / "corpus" / "negative_reviews.tsv"
BATCHES = {"A": "tune", "B": "test"}  # label batch -> the message file it becomes


def carries_corpus_text(path: Path) -> bool:
    """Files holding corpus lines themselves (the batches given to annotators, the joined message files)."""
    return path.name.startswith(("messages_", "context_relabel_", "reviews_relabel_")) or path.name == "batchC.jsonl" or (
        path.parent.name in ("label", "revlabel") and path.suffix == ".tsv")


def pack(source: Path) -> None:
    ARCHIVE.parent.mkdir(exist_ok=True)
    with tarfile.open(ARCHIVE, "w:xz") as tar:
        for path in sorted(source.rglob("*")):
            if path.is_file() and not carries_corpus_text(path):
                tar.add(path, arcname=str(path.relative_to(source)))
    print(f"{ARCHIVE}: {ARCHIVE.stat().st_size // 1024} KiB")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def agreed(first: Path, second: Path, keys: tuple[str, ...] = ("labels",)) -> list[dict]:
    """The lines two annotators labelled alike, in order."""
    return [a for a, b in zip(read_jsonl(first), read_jsonl(second), strict=True)
            if all(sorted(a[k]) == sorted(b[k]) for k in keys)]


# what the annotators saw for the corpus's placeholders
FILLED = {"姓名": "小王", "订单": "80012345678", "数字": "3", "金额": "99.00", "日期": "3/3", "时间": "10:00",
          "地址": "北京市朝阳区建国路", "站点": "朝阳站", "电话": "138****1234", "链接": "https://item.jd.com/100012345.html",
          "组织机构": "杭州小禾科技有限公司", "身份证号": "330106********1234", "邮箱": "xiaowang@example.com"}


def filled(text: str) -> str:
    return re.sub(r"\[(\w+?)x\]", lambda m: FILLED.get(m.group(1), m.group(0)), text)


def follow_up(chats: dict[str, list[str]], case_id: str) -> tuple[list[str], str]:
    """A follow-up `session#n` (the session's n-th buyer message) and the buyer's up to three messages before it."""
    session, n = case_id.rsplit("#", 1)
    said = chats[session]
    return [filled(t) for t in said[max(0, int(n) - 3):int(n)]], filled(said[int(n)])


def buyer_messages() -> dict[str, list[str]]:
    chats: dict[str, list[str]] = {}
    for line in CHATS.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 7 and cells[2] == "0":
            chats.setdefault(cells[0], []).append(cells[6].strip())
    return chats


def unpack_follow_ups(target: Path) -> None:
    chats = buyer_messages()
    dev = {(tuple(d["context"]), d["text"]) for d in read_jsonl(SHARED / "eval" / "context_dev.jsonl")}
    kept = []
    for a in agreed(*(target / "ctxlabel" / f"batchC_ann{n}.jsonl" for n in (1, 2)), keys=("alone", "with_context")):
        context, text = follow_up(chats, a["id"])
        if (tuple(context), text) not in dev:
            kept.append({"id": a["id"], "context": context, "text": text, "alone": sorted(a["alone"]),
                         "with_context": sorted(a["with_context"])})
    write_halves(target, "context_relabel", kept)


def unpack_reviews(target: Path) -> None:
    reviews = {cells[0]: cells for cells in (line.split("\t") for line in REVIEWS.read_text(encoding="utf-8").splitlines())}
    kept = [{"id": a["id"], "category": reviews[a["id"]][1], "text": reviews[a["id"]][2], "aspects": sorted(a["aspects"])}
            for a in agreed(*(target / "revlabel" / f"batchR_ann{n}.jsonl" for n in (1, 2)), keys=("aspects",))]
    write_halves(target, "reviews_relabel", kept)


def write_halves(target: Path, stem: str, kept: list[dict]) -> None:
    """Alternate lines: the tuning half and the blind half."""
    for name, part in (("tune", kept[0::2]), ("test", kept[1::2])):
        out = target / f"{stem}_{name}.jsonl"
        out.write_text("".join(json.dumps(k, ensure_ascii=False) + "\n" for k in part), encoding="utf-8")
        print(f"{out}: {len(part)} lines")


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
    unpack_follow_ups(target)
    unpack_reviews(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("pack", "unpack"))
    parser.add_argument("--source", "--target", dest="folder", type=Path, default=Path("/work/heldout"))
    args = parser.parse_args()
    pack(args.folder) if args.command == "pack" else unpack(args.folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
