"""The fields shops of other trades asked for: a size chart by foot length (shoes) or head circumference (helmets),
the size a buyer usually wears, a price per variant, a shade note and a usage note. Each is read from the YAML with
file and line for its mistakes and answered from the shop's own figures."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.catalog.loading import read_catalog
from bot.catalog.model import Measures, SizeRow
from bot.catalog.sizing import advise_size, beyond_chart, foot_length, head_size, usual_size
from bot.domain import ConversationState
from bot.engine import Engine
from bot.slots import extract

from . import shops
from .shops import NOW, engine_with, write_catalog

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


ask = partial(shops.ask, conversation="fields")  # the conversation its rows were written in


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
    ("  - {size: 43, age: [540, 720]}", None, None),  # reading glasses by the wearer's age: 45-60岁 in months
    ("  - {size: 43, age: [1300, 1400]}", 12, "'age' (月龄 months) [1300, 1400] is no 月龄"),
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


def test_a_height_of_an_earlier_turn_makes_no_later_question_a_size_one() -> None:
    """165/110斤 then 白色的有吗: the remembered height and weight are for size advice asked again, not every question."""
    from bot.engine import EnginePaths, build_engine

    engine = build_engine(EnginePaths.under(Path(__file__).resolve().parents[2]))
    state = ConversationState("remembered")
    kinds = []
    for text in ("短袖165/110斤穿什么码", "白色的有吗", "会缩水吗"):
        turn = engine.reply(text, state=state, order=None, now=NOW)
        state, kinds = turn.state, [*kinds, turn.product.kind]
    assert kinds == ["size", "stock", "faq"]


# --- a price per variant ------------------------------------------------------------------------
PRICED = {
    "ESS3.yaml": """\
sku: ESS3
title: 玻尿酸补水精华液
price: 129
aliases: [精华, 精华液]
variants:
  - {size: 30ml, stock: 20, price: 129}
  - {size: 50ml, stock: 8, price: 189}
""",
    "MAT4.yaml": """\
sku: MAT4
title: 双层TPE瑜伽垫
price: 89
aliases: [瑜伽垫, 垫子]
variants:
  - {color: 香芋紫, size: 6mm, stock: 9}
  - {color: 香芋紫, size: 8mm, stock: 4, price: 109}
  - {color: 抹茶绿, size: 6mm, stock: 0, restock: 2026-12-15}
  - {color: 抹茶绿, size: 8mm, stock: 3, price: 109}
""",
}


@pytest.fixture(scope="module")
def priced(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "priced", PRICED))


@pytest.mark.parametrize("text, says, must_not, alone", [
    ("精华50ml多少钱", ("50ml是189元",), ("129",), True),  # the variant named: its own price
    ("精华30ml的价格", ("30ml是129元",), ("189",), True),
    ("精华多少钱", ("30ml129元", "50ml189元"), (), True),  # none named: each
    ("瑜伽垫8mm多少钱", ("8mm是109元",), ("89元",), True),
    ("瑜伽垫6mm的多少钱", ("6mm是89元",), ("109",), True),  # no price of its own: the product's
    ("香芋紫瑜伽垫多少钱", ("6mm89元", "8mm109元"), (), True),  # a colour in two thicknesses: by thickness
    ("香芋紫色的瑜伽垫多少钱", ("6mm89元", "8mm109元"), (), True),  # the colour whole: its 紫色 leaves no 香芋 unanswered
])
def test_a_variant_named_gets_its_own_price(priced: Engine, text: str, says: tuple[str, ...], must_not: tuple[str, ...],
                                            alone: bool) -> None:
    turn = ask(priced, text)
    assert turn.product is not None and turn.product.kind == "price", turn.reply
    for word in says:
        assert word in turn.reply, turn.reply
    for word in must_not:
        assert word not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_variant_price_is_on_the_card_and_checked(tmp_path: Path) -> None:
    (tmp_path / "ESS3.yaml").write_text(PRICED["ESS3.yaml"].replace("price: 189", "price: 一百八"), encoding="utf-8")
    catalog, problems = read_catalog(tmp_path)
    assert [(p.line, p.severity) for p in problems] == [(7, "error")] and "'price' must be a number" in problems[0].message
    variants = catalog.get("ESS3").card()["variants"]
    assert variants[0] == {"color": None, "size": "30ml", "stock": 20, "restock": None, "price": 129.0}


# --- shade and usage notes ----------------------------------------------------------------------
NOTED = {
    "LIP6.yaml": """\
sku: LIP6
title: 丝绒哑光口红
price: 99
aliases: [口红, 唇膏]
attributes: {质地: 丝绒哑光, 净含量: 3.5g}
variants:
  - {color: 焦糖奶茶, stock: 12}
  - {color: 复古砖红, stock: 7}
  - {color: 水蜜桃粉, stock: 0, restock: 2026-12-14}
shade_note: 黄皮选复古砖红或焦糖奶茶，显白提气色；白皮三个色号都合适，水蜜桃粉最日常
usage: 先用唇部打底，从唇中往两边薄涂一层，想要更浓再叠涂；卸妆用唇部专用卸妆液
""",
    "SER8.yaml": """\
sku: SER8
title: 积雪草修护精华
price: 159
aliases: [精华, 修护精华]
attributes: {净含量: 30ml, 用法: 洁面后取三四滴按压至吸收 早晚都可以用}
variants:
  - {size: 30ml, stock: 15}
faq:
  - {q: [孕妇能用吗, 怀孕可以用吗], a: 不含酒精和A醇，孕期可以用，先在耳后试一下}
""",
}


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "noted", NOTED))


@pytest.mark.parametrize("text, kind, says, alone", [
    ("口红怎么用", "usage", ("唇中往两边薄涂",), True),
    ("口红怎么涂才好看", "usage", ("薄涂",), False),  # 好看 is asked too: for an agent
    ("口红黄皮选哪个色号", "shade", ("复古砖红",), True),
    ("口红哪个色号显白", "shade", ("显白",), True),
    ("口红黑皮涂哪个色号好看", "shade", ("复古砖红",), False),  # the note speaks of 黄皮 and 白皮, not 黑皮
    ("精华怎么用", "usage", ("三四滴",), True),  # a usage written as an attribute, before the field
    ("精华孕妇能用吗", "faq", ("孕期可以用",), True),  # a question of the FAQ stays the FAQ's
    ("口红焦糖奶茶有货吗", "stock", ("焦糖奶茶",), True),  # a shade named: its stock
])
def test_usage_and_shade_questions_get_the_shops_notes(noted: Engine, text: str, kind: str, says: tuple[str, ...],
                                                       alone: bool) -> None:
    turn = ask(noted, text)
    assert turn.product is not None and turn.product.kind == kind, turn.reply
    for word in says:
        assert word in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_the_notes_load_without_warnings_and_show_on_the_card(tmp_path: Path) -> None:
    (tmp_path / "LIP6.yaml").write_text(NOTED["LIP6.yaml"], encoding="utf-8")
    catalog, problems = read_catalog(tmp_path)
    assert problems == []  # shade_note and usage were unknown keys
    card = catalog.get("LIP6").card()
    assert card["shade_note"].startswith("黄皮选") and card["usage"].startswith("先用唇部打底")
