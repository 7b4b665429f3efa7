"""A music shop's, an optician's and a lamp shop's questions, against a small catalogue of our own: how many are left
(还剩几把) said by the count, a bare figure said of a person (我150) read as the height beside a chart by height alone,
another item's name that the item's own FAQ speaks of (小提琴送琴盒吗: the case it comes with, not the case sold
alone), a question of the goods beside a parcel question waiting for an agent, a lens chosen by the eye's 度数 and a
lamp by the room's ㎡ from tables the shop writes in words, reading glasses chosen by a grown-up's age, and 有多重 of
a variant asking its weight, not its stock."""
from __future__ import annotations

from functools import partial

import pytest

from bot.catalog import sizes, sizing
from bot.catalog.loading import load_catalog
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "VN1.yaml": """\
sku: VN1
title: 实木入门小提琴
category: 乐器
price: 680
aliases: [小提琴, 提琴]
attributes: {面板: 云杉实木, 重量: 4/4约480克；3/4约420克}
variants:
  - {size: 3/4, color: 亮光, stock: 4}
  - {size: 4/4, color: 亮光, stock: 11}
  - {size: 4/4, color: 哑光, stock: 0, restock: 2026-12-20}
size_chart:
  - {size: 3/4, height: [130, 150]}
  - {size: 4/4, height: [150, 190]}
faq:
  - {q: [送琴盒吗, 带盒子吗], a: 随琴附赠轻便琴盒和松香一块}
  - {q: [新手能拉吗, 零基础可以吗], a: 出厂装好琴码和音柱，零基础也能上手}
genuine: 厂家直营，琴内贴有编号标签
warranty: 面板开裂一年内免费修
""",
    "CS1.yaml": """\
sku: CS1
title: 防压小提琴琴盒
price: 159
aliases: [琴盒, 提琴盒]
attributes: {外壳: ABS硬壳}
variants:
  - {size: 3/4, stock: 8}
  - {size: 4/4, stock: 14}
""",
    "LN1.yaml": """\
sku: LN1
title: 清晰非球面镜片
price: 168
aliases: [镜片, 近视片]
options: {index: 折射率}
variants:
  - {index: "1.56", stock: 50}
  - {index: "1.61", stock: 30, price: 228}
  - {index: "1.67", stock: 12, price: 338}
size_note: 250度以内选1.56，250-550度选1.61，550度以上选1.67
""",
    "LM1.yaml": """\
sku: LM1
title: 书房圆形吸顶灯
price: 199
aliases: [书房灯, 圆灯]
attributes: {适用面积: 6-16平米}
variants:
  - {size: 38cm, stock: 20}
  - {size: 48cm, stock: 9, price: 249}
size_note: 6-10平米的书房选38cm，10-16平米选48cm
""",
    "RG1.yaml": """\
sku: RG1
title: 轻便老花镜
price: 59
aliases: [老花镜, 花镜]
attributes: {镜框: 板材}
variants:
  - {size: 100度, stock: 10}
  - {size: 200度, stock: 10}
  - {size: 300度, stock: 10}
size_chart:                       # the wearer's age in months: 40 to 83 years
  - {size: 100度, age: [480, 600]}
  - {size: 200度, age: [600, 720]}
  - {size: 300度, age: [720, 1000]}
size_note: 按年龄选是大概，先试戴更准
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "counts", FILES))


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(write_catalog(tmp_path_factory, "counts_files", FILES))


ask = partial(shops.ask, conversation="counts")


@pytest.mark.parametrize("text, says, alone", [
    ("小提琴3/4还剩几把", "还有4把", True),       # the count asked, in the buyer's measure word
    ("琴盒库存还有多少", "4/4 14件", True),        # no variant named: each one's count
    ("琴盒4/4现货有几个", "还有14个", True),
    ("小提琴4/4哑光的剩几把", "12月20日", True),   # none left: its restock date
])
def test_how_many_are_left_is_said_by_the_count(shop: Engine, text: str, says: str, alone: bool) -> None:
    assert_answers(ask(shop, text), says, "", alone)


@pytest.mark.parametrize("text, height", [
    ("我150 小提琴选哪个", 150.0), ("孩子135 买哪个尺寸", 135.0), ("182 拉几号的", 182.0),
    ("我要150的 有吗", None),      # no size asked: a figure of the goods
    ("我150 有货吗", None),        # nothing asked of the size
    ("我150斤 选哪个", None),      # a weight
])
def test_a_bare_figure_said_of_a_person_is_a_height_where_a_size_is_asked(text: str, height: float | None) -> None:
    assert sizing.person_height(text) == height


def test_a_bare_height_is_read_against_a_chart_by_height_alone(shop: Engine) -> None:
    assert_answers(ask(shop, "我160 小提琴选哪个"), "4/4", "", True)


def test_another_items_name_the_items_faq_speaks_of_stays_in_its_question(shop: Engine) -> None:
    assert_answers(ask(shop, "小提琴送琴盒吗"), "轻便琴盒", "", False)


@pytest.mark.parametrize("text, says", [
    ("小提琴有琴盒送吗 今天能发吗", "轻便琴盒"),   # the FAQ clause, beside the dispatch time
    ("4/4亮光什么时候有 到了能发吗", ""),          # a size two items share, its stock asked beside shipping
    ("老花镜送镜片吗 顺丰发吗", ""),               # whether another item comes with it, which no file says
])
def test_a_question_of_the_goods_beside_a_parcel_question_waits(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert says in turn.reply and not turn.auto, turn.reply


@pytest.mark.parametrize("text, says", [
    ("镜片 近视四百度选哪个", "1.61"),
    ("镜片我700度用几的", "1.67"),
    ("书房灯 房间12平买多大", "48cm"),
])
def test_a_table_by_what_the_goods_are_for_gives_the_size(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == "size" and says in turn.reply, turn.reply
    assert "码" not in turn.reply and "宽松" not in turn.reply, turn.reply


def test_a_figure_past_such_a_table_is_no_size_of_it(shop: Engine) -> None:
    turn = ask(shop, "书房灯二十平的房间能用吗")
    assert "6-16平米" in turn.reply, turn.reply


@pytest.mark.parametrize("text, value", [("近视四百五十度选哪个", 450.0), ("铰链能掰180度吗", None), ("卧室十五平买多大", 15.0),
                                         ("书房十五平够亮吗", None)])  # not a size asked: the FAQ's or the 适用面积's
def test_a_buyers_figure_in_a_tables_own_unit(catalog, text: str, value: float | None) -> None:
    product = catalog.get("LM1" if "平" in text else "LN1")
    given = sizes.given(product, text)
    assert (given[1] if given else None) == value


def test_reading_glasses_are_chosen_by_a_grown_ups_age(shop: Engine) -> None:
    turn = ask(shop, "我爸五十八岁 老花镜买多少度的")
    assert "200度" in turn.reply and "58岁" in turn.reply and "宝宝" not in turn.reply, turn.reply


def test_how_heavy_a_variant_is_asks_its_weight(shop: Engine) -> None:
    turn = ask(shop, "小提琴3/4的有多重")
    assert turn.product is not None and turn.product.kind == "attribute" and "420克" in turn.reply, turn.reply
