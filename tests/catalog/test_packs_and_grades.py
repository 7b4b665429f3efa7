"""Goods sold by pack, weight, grade, variety and capacity, as a food or an appliance shop writes them in Taobao's two
axes (a variety or grade as the colour, a pack or a capacity as the size), against a small catalogue of our own:
a capacity in the buyer's unit (6升, 500克), an amount or a variety the item does not come in (1000克, 黄心柚),
which kinds there are (有几种), how two grades differ, a room's area or a household's size against the attribute
that answers it, a size's figure with its unit left out (5的呢), and a variety's name that holds another item's
(雪梨 of 雪梨味 beside a pear). What rests on a guess waits for an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "PM1.yaml": """\
sku: PM1
title: 琯溪蜜柚
price: 39
aliases: [蜜柚, 柚子]
attributes: {规格: 2个装净重约5斤（不含箱）, 储存: 常温通风处可放20天, 单果重: 约2.5斤}
variants:
  - {color: 红心柚, size: 2个装, stock: 12}
  - {color: 红心柚, size: 4个装, stock: 0, restock: 2026-12-14}
  - {color: 白心柚, size: 2个装, stock: 5}
""",
    "GQ1.yaml": """\
sku: GQ1
title: 宁夏中宁枸杞
price: 36
aliases: [枸杞]
attributes: {等级: 特优每50克约280粒；一等每50克约370粒, 保质期: 18个月}
variants:
  - {color: 特优, size: 250g, stock: 9}
  - {color: 特优, size: 500g, stock: 0, restock: 2026-12-11}
  - {color: 一等, size: 500g, stock: 14}
""",
    "DF1.yaml": """\
sku: DF1
title: 智能预约电饭煲
price: 299
aliases: [电饭煲, 电饭锅]
attributes: {适用人数: 3L适合1-3人；4L适合3-5人；5L适合5-8人, 内胆: 不粘涂层}
variants:
  - {size: 3L, stock: 6}
  - {size: 4L, stock: 3}
  - {size: 5L, stock: 0, restock: 2026-12-18}
""",
    "CS1.yaml": """\
sku: CS1
title: 家用静音除湿机
price: 899
aliases: [除湿机, 抽湿机]
attributes: {适用面积: 12L款10-30平米；20L款30-60平米, 噪音: 约38分贝}
variants:
  - {size: 12L, stock: 7}
  - {size: 20L, stock: 2}
""",
    "XL1.yaml": """\
sku: XL1
title: 砀山酥梨
price: 29
aliases: [酥梨, 梨]
variants:
  - {size: 5斤装, stock: 20}
""",
    "QG1.yaml": """\
sku: QG1
title: 古法秋梨膏
price: 58
aliases: [秋梨膏, 梨膏]
variants:
  - {color: 雪梨味, stock: 8}
  - {color: 罗汉果味, stock: 0, restock: 2026-12-12}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "packs", FILES))


ask = partial(shops.ask, conversation="packs")  # the conversation its rows were written in

# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # a capacity or a weight in the buyer's unit: 升 for L, 克 for g
    ("电饭煲5升的有吗", "12月18日", "", True),
    ("枸杞特优500克有货吗", "12月11日", "", True),
    # an amount the item does not come in, in the file's own unit, with every size it has (the sold-out one too)
    ("电饭煲有6升的吗", "没有6L的（规格只有3L、4L、5L）", "6l", True),
    ("枸杞有1000克的吗", "没有1000g的", "", True),
    # a variety whose name ends as each of the item's does, which it does not come in: said, for an agent
    ("蜜柚有黄心柚吗", "没有黄心柚", "", False),
    # which kinds there are: every variety, the sold-out ones with their date
    ("蜜柚有几种", "白心柚", "没有", True),
    # how two grades differ: the attribute whose value speaks of both, for an agent
    ("枸杞特优和一等有啥区别", "280粒", "有现货", False),
    # a room's area and a household's size in buyers' words: the attribute that answers them
    ("三十平的房间 除湿机选哪个", "10-30平米", "", False),
    ("家里五口人 电饭煲要几升的", "4L适合3-5人", "", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_pack_grade_or_capacity_question_gets_the_files_fact(shop: Engine, text: str, says: str, never: str,
                                                                alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None, (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply
    assert not never or never not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_what_kinds_asks_are_not_a_missing_flavour(shop: Engine) -> None:
    turn = ask(shop, "秋梨膏有什么口味")  # 口味 is no flavour the shop lacks
    assert "没有" not in turn.reply and "雪梨味" in turn.reply, turn.reply


def test_a_sizes_figure_without_its_unit_follows_the_conversation(shop: Engine) -> None:
    turn = ask(shop, "5的呢", history=("电饭煲3升的有货吗",))
    assert turn.product is not None and turn.product.kind == "stock", turn.reply
    assert "5L" in turn.reply and "12月18日" in turn.reply, turn.reply


def test_a_varietys_name_holding_another_items_name_is_that_variety(shop: Engine) -> None:
    both = Order.from_dict({"order_id": "P9", "status": "unpaid", "amount": 87, "items": [
        {"sku": "XL1", "title": "砀山酥梨 5斤装", "price": 29}, {"sku": "QG1", "title": "古法秋梨膏 雪梨味", "price": 58}]})
    turn = ask(shop, "雪梨的有吗", order=both)  # the 梨 of 雪梨 is no pear: the 雪梨味 of the pear syrup
    assert turn.product is not None and turn.product.sku == "QG1", turn.reply
    assert "雪梨味" in turn.reply and "酥梨" not in turn.reply, turn.reply
    plain = ask(shop, "梨有货吗")  # the pear itself, named alone
    assert plain.product is not None and plain.product.sku == "XL1", plain.reply


def test_an_amount_unlisted_reads_spans_and_the_files_unit() -> None:
    from bot.catalog.asks import amount_unlisted
    groups = (("l", "升"), ("kg", "公斤"))
    assert amount_unlisted(["30-40头", "60-80头"], "有20头的吗", groups) == "20头"
    assert amount_unlisted(["30-40头", "60-80头"], "有35头的吗", groups) is None  # inside a span: that size
    assert amount_unlisted(["50L", "80L"], "有100升的吗", groups) == "100L"
    assert amount_unlisted(["5斤装", "10斤装"], "有3斤的吗", groups) == "3斤装"
    assert amount_unlisted(["1个", "2个"], "有3个的吗", groups) is None  # a count of goods is no amount
