"""scripts/heldout.py keeps the held-out material across machines without carrying corpus text into the repository:
the annotators' files hold ids and labels, and only lines both labelled alike are kept."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("heldout", ROOT / "scripts" / "heldout.py")
heldout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(heldout)


@pytest.mark.parametrize("path, carries", [
    ("messages_relabel_test.jsonl", True),
    ("label/batchA.tsv", True),
    ("label/batchA_ann1.jsonl", False),
    ("context_relabel_tune.jsonl", True),
    ("ctxlabel/batchC.jsonl", True),
    ("ctxlabel/batchC_ann2.jsonl", False),
    ("ctxlabel/batchD.jsonl", True),
    ("context_relabel2_tune.jsonl", True),
    ("revlabel/batchS.tsv", True),
    ("reviews_relabel_test.jsonl", True),
    ("revlabel/batchR.tsv", True),
    ("revlabel/batchR_ann1.jsonl", False),
    ("shop37/questions_test.jsonl", False),
    ("situations9_test.jsonl", False),
])
def test_files_holding_corpus_lines_stay_out_of_the_archive(path: str, carries: bool) -> None:
    assert heldout.carries_corpus_text(Path("/h") / path) is carries


def test_only_lines_both_annotators_labelled_alike_are_kept(tmp_path: Path) -> None:
    one, two = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    one.write_text("".join(json.dumps(x) + "\n" for x in [
        {"id": "m1", "labels": ["shipping"]}, {"id": "m2", "labels": ["return", "cancel_order"]},
        {"id": "m3", "labels": ["other"]}]))
    two.write_text("".join(json.dumps(x) + "\n" for x in [
        {"id": "m1", "labels": ["shipping"]}, {"id": "m2", "labels": ["cancel_order", "return"]},
        {"id": "m3", "labels": ["thanks_bye"]}]))
    assert [a["id"] for a in heldout.agreed(one, two)] == ["m1", "m2"]


def test_a_follow_up_is_rebuilt_with_the_buyers_three_messages_before_it() -> None:
    chats = {"s1": ["在吗", "订单[订单x]什么时候发", "地址是[地址x]", "好的", "尽快"]}
    assert heldout.follow_up(chats, "s1#4") == (["订单80012345678什么时候发", "地址是北京市朝阳区建国路", "好的"], "尽快")
