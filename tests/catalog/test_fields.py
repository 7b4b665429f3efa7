"""The fields shops of other trades asked for: a size chart by foot length (shoes) or head circumference (helmets),
the size a buyer usually wears, a price per variant, a shade note and a usage note. Each is read from the YAML with
file and line for its mistakes and answered from the shop's own figures."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.catalog.loading import read_catalog
from bot.catalog.model import Measures, SizeRow
from bot.catalog.sizing import advise_size, beyond_chart, foot_length, head_size, usual_size
from bot.domain import ConversationState
from bot.engine import Engine
from bot.slots import extract

from .shops import engine_with, write_catalog

NOW = datetime(2026, 12, 5, 10, 0)
FILES = {
    "RUN7.yaml": """\
sku: RUN7
title: 缓震跑步鞋
price: 399
aliases: [跑鞋, 鞋子]
variants:
  - {color: 黑白, size: 41, stock: 5}
  - {color: 黑白, size: 42, stock: 0, restock: 2026-12-11}
  - {color: 黑白, size: 43, stock: 4}
size_chart:                     # 脚长 mm；一个数就是这个码的脚长
  - {size: 41, foot: 255}
  - {size: 42, foot: 260}
  - {size: 43, foot: 26.5}      # cm 也认
  - {size: 44, foot: 270}
""",
    "HLM2.yaml": """\
sku: HLM2
title: 一体成型骑行头盔
price: 239
aliases: [头盔, 骑行帽]
variants:
  - {color: 哑光黑, size: M, stock: 10}
  - {color: 哑光黑, size: L, stock: 6}
size_chart:                     # 头围 cm
  - {size: M, head: [54, 58]}
  - {size: L, head: [58, 62]}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "fields", FILES))


def ask(engine: Engine, text: str):
    return engine.reply(text, state=ConversationState("fields"), order=None, now=NOW)


# --- reading the file ---------------------------------------------------------------------------
def test_foot_and_head_charts_load_in_their_units(tmp_path: Path) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    catalog, problems = read_catalog(tmp_path)
    assert problems == []
    shoe, helmet = catalog.get("RUN7"), catalog.get("HLM2")
    assert [r.foot for r in shoe.size_chart] == [(255, 255), (260, 260), (265, 265), (270, 270)]  # 26.5cm is 265mm
    assert helmet.size_chart[0] == SizeRow("M", head=(54, 58))
    assert shoe.card()["size_chart"][0] == {"size": "41", "height": None, "weight": None, "foot": [255.0, 255.0]}


@pytest.mark.parametrize("row, line, message", [
    ("  - {size: 43, foot: 5}", 12, "'foot' (脚长 mm, or cm) [5, 5] is no 脚长"),
    ("  - {size: 43, foot: [270, 265]}", 12, "'foot' must be [lowest, highest]"),
    ("  - {size: 43}", 12, "needs at least one of 'height' (身高 cm), 'weight' (体重 斤), 'foot'"),
    ("  - {size: 43, head: 580}", 12, None),  # 580mm is 58cm: a head, read in cm
    ("  - {size: 43, head: 900}", 12, "'head' (头围 cm) [900, 900] is no 头围"),
])
def test_a_wrong_measure_is_named_with_file_and_line(tmp_path: Path, row: str, line: int, message: str | None) -> None:
    path = tmp_path / "RUN7.yaml"
    path.write_text(FILES["RUN7.yaml"].replace("  - {size: 43, foot: 26.5}      # cm 也认", row), encoding="utf-8")
    _, problems = read_catalog(tmp_path)
    errors = [str(p) for p in problems if p.severity == "error"]
    if message is None:
        assert errors == []
    else:
        assert any(e.startswith(f"{path}:{line}: error:") and message in e for e in errors), errors


# --- reading the buyer's measures ---------------------------------------------------------------
@pytest.mark.parametrize("text, foot", [
    ("脚长26.5穿多大", 265), ("脚长二十六点五穿几码", 265), ("我脚长265mm", 265), ("脚长是24厘米", 240),
    ("25.5cm的脚穿哪个码", 255), ("脚长二十五", 250), ("脚背高穿多大", None), ("脚长一米", None),
])
def test_a_foot_length_in_digits_or_numerals(text: str, foot: float | None) -> None:
    assert foot_length(text) == foot


@pytest.mark.parametrize("text, head", [
    ("头围58戴什么码", 58), ("头围五十八", 58), ("头围是56.5cm", 56.5), ("我头围560mm", 56), ("头围大不大", None),
])
def test_a_head_circumference_in_digits_or_numerals(text: str, head: float | None) -> None:
    assert head_size(text) == head


def test_a_head_or_foot_in_cm_is_no_height() -> None:
    assert extract("头围58cm戴什么码").slots.height_cm is None  # was read as a 58cm child
    assert extract("头围五十八公分").slots.height_cm is None
    assert extract("宝宝70公分18斤穿多大").slots.height_cm == 70  # a height still is


@pytest.mark.parametrize("text, usual", [
    ("平时穿42的这款拿多大", "42"), ("平常都是四十二码", "42"), ("一般穿L码这件呢", "L"), ("平时穿47的", None),
])
def test_the_size_usually_worn_when_the_item_has_it(text: str, usual: str | None) -> None:
    assert usual_size(text, {"41", "42", "43", "L", "XL"}) == usual


# --- the advice ---------------------------------------------------------------------------------
SHOES = tuple(SizeRow(s, foot=(f, f)) for s, f in (("41", 255), ("42", 260), ("43", 265)))
HELMETS = (SizeRow("M", head=(54, 58)), SizeRow("L", head=(58, 62)))


@pytest.mark.parametrize("chart, given, advice", [
    (SHOES, Measures(foot=260), ("42", None)),
    (SHOES, Measures(foot=262), ("42", "43")),  # between two rows: both
    (SHOES, Measures(foot=290), None),  # past the chart: beyond_chart's
    (SHOES, Measures(height=170, weight=120), None),  # the chart does not go by these
    (HELMETS, Measures(head=58), ("M", "L")),  # on both rows' edge: both
    (HELMETS, Measures(head=60, height=170), ("L", None)),  # a height beside the head says nothing here
])
def test_advice_by_foot_and_head(chart, given, advice) -> None:
    assert advise_size(chart, given) == advice


def test_beyond_a_shoe_chart_the_nearest_size() -> None:
    assert beyond_chart(SHOES, Measures(foot=290)) == ("43", "above")
    assert beyond_chart(HELMETS, Measures(head=50)) == ("M", "below")


# --- the answers --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, says, kind, alone", [
    ("跑鞋脚长26.5穿多大", ("脚长265mm", "43码"), "size", True),
    ("跑鞋脚长二十六点五穿几码", ("脚长265mm", "43码"), "size", True),
    ("跑鞋脚长262mm穿多大", ("42和43之间", "穿厚袜选43码", "42码暂时卖完了"), "size", True),
    ("头围58戴什么码", ("头围58cm", "M和L之间"), "size", False),  # only the helmet's chart goes by 头围: a guess
    ("头盔头围五十八戴什么码", ("头围58cm", "M和L之间"), "size", True),
    ("头盔头围60戴多大", ("头围60cm", "L码"), "size", True),
    ("头盔头围50戴什么码", ("最小的M码还小",), "size", False),  # off the chart: for an agent
    ("平时穿42的这款跑鞋拿多大", ("平时穿42码", "脚长260mm"), "size", True),
    ("跑鞋穿多大", ("脚长",), "ask_measurements", False),  # asks for the chart's measure, not height and weight
])
def test_size_answers_from_foot_and_head(shop: Engine, text: str, says: tuple[str, ...], kind: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == kind, turn.reply
    for word in says:
        assert word in turn.reply, turn.reply
    assert "身高" not in turn.reply
    assert turn.auto is alone, turn.reply
