"""Keeps the held-out material across machines: packs `/work/heldout` (blind shops, situations, labels) into one
archive in the repository, and unpacks it on a new machine. The archive is read only by the measuring commands,
never by the bot or its tests, and is packed so that a search of the repository does not show its lines.

Corpus text never enters the archive: labelled corpus lines are kept as ids and labels (`*_ann1.jsonl`,
`*_ann2.jsonl`, two annotators), and unpacking joins them with `../shared/corpus` and keeps the lines both labelled
alike. Each labelling round is one batch (table `ROUNDS`): single messages (`label/`, ids of `buyer_messages.tsv`),
follow-ups (`ctxlabel/`, ids `session#turn` of `jddc_chat_sample.tsv`, without the lines
`../shared/eval/context_dev.jsonl` has) and negative reviews (`revlabel/`, ids of `negative_reviews.tsv`). A round
becomes a tuning file, a blind file, or both as alternate lines.

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
# (folder, batch, file stem, halves): the message files each labelling round becomes; halves = alternate lines
# into `STEM_tune` and `STEM_test`, else a batch kept whole under the stem given
ROUNDS = (("label", "A", "messages_relabel_tune", False), ("label", "B", "messages_relabel_test", False),
          ("label", "C", "messages_relabel2_tune", False),
          ("ctxlabel", "C", "context_relabel", True), ("ctxlabel", "D", "context_relabel2_tune", False),
          ("revlabel", "R", "reviews_relabel", True), ("revlabel", "S", "reviews_relabel2_tune", False))


def carries_corpus_text(path: Path) -> bool:
    """Files holding corpus lines themselves (the batches given to annotators, the joined message files)."""
    return path.name.startswith(("messages_", "context_relabel", "reviews_relabel")) or (
        path.parent.name in ("label", "ctxlabel", "revlabel") and path.name.startswith("batch") and "_ann" not in path.name)


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


def message_lines(kept: list[dict]) -> list[dict]:
    text = dict(line.rstrip("\n").split("\t", 1) for line in CORPUS.read_text(encoding="utf-8").splitlines()[1:])
    return [{"id": a["id"], "text": text[a["id"]], "labels": sorted(a["labels"])} for a in kept]


def follow_up_lines(kept: list[dict]) -> list[dict]:
    chats = buyer_messages()
    dev = {(tuple(d["context"]), d["text"]) for d in read_jsonl(SHARED / "eval" / "context_dev.jsonl")}
    lines = []
    for a in kept:
        context, text = follow_up(chats, a["id"])
        if (tuple(context), text) not in dev:
            lines.append({"id": a["id"], "context": context, "text": text, "alone": sorted(a["alone"]),
                          "with_context": sorted(a["with_context"])})
    return lines


def review_lines(kept: list[dict]) -> list[dict]:
    reviews = {cells[0]: cells for cells in (line.split("\t") for line in REVIEWS.read_text(encoding="utf-8").splitlines())}
    return [{"id": a["id"], "category": reviews[a["id"]][1], "text": reviews[a["id"]][2], "aspects": sorted(a["aspects"])}
            for a in kept]


# per folder: the label keys both annotators must agree on, and how agreed lines are joined with the corpus
KINDS = {"label": (("labels",), message_lines), "ctxlabel": (("alone", "with_context"), follow_up_lines),
         "revlabel": (("aspects",), review_lines)}


def write_lines(out: Path, lines: list[dict]) -> None:
    out.write_text("".join(json.dumps(k, ensure_ascii=False) + "\n" for k in lines), encoding="utf-8")
    print(f"{out}: {len(lines)} lines")


def unpack(target: Path) -> None:
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(target, filter="data")
    for folder, batch, stem, halves in ROUNDS:
        annotators = [target / folder / f"batch{batch}_ann{n}.jsonl" for n in (1, 2)]
        if not all(a.exists() for a in annotators):
            continue
        keys, join = KINDS[folder]
        lines = join(agreed(*annotators, keys=keys))
        if halves:
            write_lines(target / f"{stem}_tune.jsonl", lines[0::2])
            write_lines(target / f"{stem}_test.jsonl", lines[1::2])
        else:
            write_lines(target / f"{stem}.jsonl", lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("pack", "unpack"))
    parser.add_argument("--source", "--target", dest="folder", type=Path, default=Path("/work/heldout"))
    args = parser.parse_args()
    pack(args.folder) if args.command == "pack" else unpack(args.folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
