"""`teach-faq`: a shop answer lands in the product's file with nothing else changed (comments,
layout), and mistakes are refused before anything is written."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog import load_catalog
from bot.catalog.teach import teach_faq
from bot.domain import InputError
from tests.training.conftest import run_bot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    return tmp_path / "catalog"


def test_the_answer_is_one_new_line_and_the_comments_stay(catalog: Path) -> None:
    path = catalog / "B2.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    taught = teach_faq(catalog, "b2", "会褪色吗", "不会褪色，图案是釉下彩")
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[: taught.line - 1] + after[taught.line:] == before  # only the new line differs
    assert after[taught.line - 1] == "  - {q: [会褪色吗], a: 不会褪色，图案是釉下彩}"
    assert before[0].startswith("# 手绘陶瓷马克杯")
    faq = load_catalog(catalog).get("B2").faq
    assert faq[-1].questions == ("会褪色吗",) and faq[-1].line == taught.line


def test_a_product_without_faq_gets_the_list(catalog: Path) -> None:
    path = catalog / "F1.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("faq:"), text.index("genuine:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    teach_faq(catalog, "F1", "能带上飞机吗", "可以，电池容量符合民航规定")
    assert load_catalog(catalog).get("F1").faq[0].answer == "可以，电池容量符合民航规定"


@pytest.mark.parametrize("sku, question, answer, message", [
    ("ZZ9", "会褪色吗", "不会", "no product 'ZZ9'"),
    ("B2", "能不能放洗碗机", "可以", "already answers"),
    ("B2", "  ", "不会", "both the question and the answer"),
])
def test_mistakes_are_refused_and_nothing_is_written(catalog: Path, sku, question, answer, message) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in catalog.glob("*.yaml")}
    with pytest.raises(InputError, match=message):
        teach_faq(catalog, sku, question, answer)
    assert {p.name: p.read_text(encoding="utf-8") for p in catalog.glob("*.yaml")} == before


def test_the_command_says_where_and_how_the_bot_now_answers(catalog: Path) -> None:
    done = run_bot("teach-faq", "B2", "会褪色吗", "不会褪色，图案是釉下彩", "--catalog", str(catalog))
    assert done.returncode == 0, done.stderr
    assert f"{catalog / 'B2.yaml'}:19" in done.stdout and "faq (sent by itself)" in done.stdout
    refused = run_bot("teach-faq", "NOPE", "会褪色吗", "不会", "--catalog", str(catalog))
    assert refused.returncode == 2 and "no product 'NOPE'" in refused.stderr


def test_classify_reads_the_catalogue_it_is_given(catalog: Path) -> None:
    path = catalog / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{color: 白色, size: L, stock: 0, restock: 2026-12-12}", "{color: 白色, size: L, stock: 3}"), encoding="utf-8")
    line = '{"text": "白色L码还有吗", "order": {"order_id": "X1", "status": "paid", "amount": 59, "items": [{"sku": "A1", "title": "T恤", "price": 59}]}}\n'
    def classify(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "run_bot.py"), "classify", "--now", "2026-12-05T10:00", *extra],
                              input=line, capture_output=True, text=True, encoding="utf-8", timeout=120)

    shipped, variant = classify(), classify("--catalog", str(catalog))
    assert "12月12日补货" in json.loads(shipped.stdout)["reply"]
    assert json.loads(variant.stdout)["product"] == {"kind": "stock", "sku": "A1"}
    assert "有货" in json.loads(variant.stdout)["reply"]
