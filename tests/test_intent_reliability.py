"""scripts/intent_reliability.py counts, intent by intent and file by file, the readings that clear the engine's bars and
how many of them a label says: what sending.yaml's `trusted` intents are chosen on. Our own sentences."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("intent_reliability", ROOT / "scripts" / "intent_reliability.py")
reliability = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = reliability  # its dataclass looks its module up while the script loads
_spec.loader.exec_module(reliability)


def labelled(path: Path, lines: list[tuple[str, list[str]]]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "labels": ls}, ensure_ascii=False) + "\n" for t, ls in lines),
                    encoding="utf-8")
    return path


def test_each_sure_reading_is_counted_for_its_intent_and_file(engine: Engine, tmp_path: Path) -> None:
    one = labelled(tmp_path / "one.jsonl", [("能开电子发票吗", ["invoice"]), ("发票抬头写错了", ["invoice"]),
                                            ("什么时候发货", ["other"]), ("嗯", ["other"])])
    two = labelled(tmp_path / "two.jsonl", [("可以开专票吗", ["invoice"]), ("快递太慢了", ["shipping"])])
    tallies = reliability.tally(engine, [one, two])
    assert set(tallies) == {"invoice", "shipping"}  # 嗯 reads as nothing sure: not counted
    invoice, shipping = tallies["invoice"], tallies["shipping"]
    assert (invoice.read["one.jsonl"], invoice.right["one.jsonl"], invoice.read["two.jsonl"]) == (2, 2, 1)
    assert (shipping.read["one.jsonl"], shipping.right["one.jsonl"]) == (1, 0)  # read sure, labelled other
    assert shipping.worst(["one.jsonl", "two.jsonl"]) == 0.0 and invoice.worst(["one.jsonl", "two.jsonl"]) == 1.0
    assert invoice.sent == invoice.sent_right == 3  # an invoice question goes out alone
    table = reliability.table(tallies, ["one.jsonl", "two.jsonl"])
    assert "invoice" in table.splitlines()[1] and "3/3" in table


def test_follow_up_files_are_refused_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "follow.jsonl"
    path.write_text(json.dumps({"context": ["什么时候发货"], "text": "好的", "alone": ["thanks_bye"],
                                "with_context": ["thanks_bye"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert reliability.main([str(path)]) == 2
    assert "give files of single messages" in capsys.readouterr().err
