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
from .shops import assert_answers, engine_with, write_catalog

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
related: [ZZ1]
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
    "ZZ1.yaml": """\
sku: ZZ1
title: 沾化冬枣
price: 45
aliases: [冬枣]
attributes: {规格: 每箱3斤净重}
variants:
  - {color: 礼盒装, size: 3斤装, stock: 4, price: 68}
  - {color: 普通装, size: 3斤装, stock: 11, price: 45}
faq:
  - {q: [表皮发红正常吗, 皮上红红的是坏了吗], a: 冬枣半红是成熟的颜色，脆甜不影响吃}
warranty: 压坏包赔，签收24小时内拍照
""",
    "HC1.yaml": """\
sku: HC1
title: 正山小种红茶
price: 88
aliases: [红茶, 小种]
variants:
  - {color: 礼盒装, stock: 3, price: 198}
  - {color: 袋装, stock: 20, price: 88}
""",
    "MH1.yaml": """\
sku: MH1
title: 徐香猕猴桃
price: 49
aliases: [猕猴桃, 奇异果]
attributes: {规格: 每箱净重约3斤, 果径: 70-90g款约55-60mm；90-110g款约60-65mm}
variants:
  - {color: 12个装, size: 70-90g, stock: 10, price: 49}
  - {color: 12个装, size: 90-110g, stock: 0, restock: 2026-12-13, price: 65}
  - {color: 24个装, size: 90-110g, stock: 3, price: 119}
""",
    "DM1.yaml": """\
sku: DM1
title: 长粒香大米
price: 59
aliases: [大米, 米]
variants:
  - {size: 10斤装, stock: 9}
""",
    "YT1.yaml": """\
sku: YT1
title: 大樱桃礼盒
price: 269
aliases: [大樱桃]
variants:
  - {size: JJJ, stock: 0, restock: 2026-12-19}
  - {size: JJJJ, stock: 2}
""",
    "NC1.yaml": """\
sku: NC1
title: 静音落地扇
price: 169
aliases: [落地扇, 风扇]
attributes: {风速: 9档, 噪音: 最低30分贝}
variants:
  - {size: 遥控款, stock: 5, price: 219}
  - {size: 机械款, stock: 8, price: 169}
warranty: 整机保修1年，电机保修5年
bundles:
  - {name: 两台遥控款, skus: [NC1, NC1], price: 399}
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
    ("电饭煲有6升的吗", "没有6L的（规格只有3L、4L、5L）", "6l", False),
    ("枸杞有1000克的吗", "没有1000g的", "", False),
    # a variety whose name ends as each of the item's does, which it does not come in: said, for an agent
    ("蜜柚有黄心柚吗", "没有黄心柚", "", False),
    # which kinds there are: every variety, the sold-out ones with their date
    ("蜜柚有几种", "白心柚", "没有", True),
    # how two grades differ: the attribute whose value speaks of both, for an agent
    ("枸杞特优和一等有啥区别", "280粒", "有货", False),
    # a room's area and a household's size in buyers' words: the attribute that answers them
    ("三十平的房间 除湿机选哪个", "10-30平米", "", False),
    ("家里五口人 电饭煲要几升的", "4L适合3-5人", "", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_pack_grade_or_capacity_question_gets_the_files_fact(shop: Engine, text: str, says: str, never: str,
                                                                alone: bool) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, alone)


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
    from bot.catalog.size_figures import amount_unlisted
    groups = (("l", "升"), ("kg", "公斤"))
    assert amount_unlisted(["30-40头", "60-80头"], "有20头的吗", groups) == "20头"
    assert amount_unlisted(["30-40头", "60-80头"], "有35头的吗", groups) is None  # inside a span: that size
    assert amount_unlisted(["50L", "80L"], "有100升的吗", groups) == "100L"
    assert amount_unlisted(["5斤装", "10斤装"], "有3斤的吗", groups) == "3斤装"
    assert amount_unlisted(["1个", "2个"], "有3个的吗", groups) is None  # a count of goods is no amount


# (message, earlier messages, what the first suggestion says, what it must not say, sent alone?)
MORE = [
    # an appliance's attributes in buyers' words: how many speeds, how loud; a part's warranty asked 保多久
    ("落地扇多少档风", (), "9档", "", True),
    ("落地扇声音大不大", (), "30分贝", "", False),
    ("落地扇电机保多久", (), "电机保修5年", "", True),
    # two of a variant the shop sells as a pair: the pair's price
    ("落地扇遥控款两台多少钱", (), "399元", "219元一件", True),
    # a variant two items come in, no item named: each one's price of it, for an agent
    ("礼盒装多少钱", (), "沾化冬枣礼盒装 3斤装68元", "哪一款", False),
    ("礼盒装多少钱", (), "正山小种红茶礼盒装198元", "", False),
    # a colour word of goods none of whose kinds is a colour: how they look, the shop's answer on it
    ("冬枣表皮发红的正常吗", (), "成熟的颜色", "没有红", True),
    # what the shop does if it happens, asked before buying: the warranty, for an agent
    ("冬枣要是压坏了咋整", (), "压坏包赔", "", False),
    # a size written as a span, said with its unit left out (90到110的) or with 到 for its hyphen
    ("猕猴桃90到110的有吗", (), "12月13日", "", True),
    ("猕猴桃24个装90-110的多少钱", (), "119元", "", True),
    # a grade of J's as buyers count the letters (三个J, 4J): that grade, not three of the item
    ("大樱桃三个J的什么时候有", (), "12月19日", "", True),
    ("大樱桃4J的有吗", (), "JJJJ有货", "", True),
    # a figure against an attribute that gives each variant's span: which variant, never "it fits" sent alone; the 米
    # of 毫米 names no rice
    ("猕猴桃62毫米的选哪个", (), "60-65mm", "可以", False),
    # how big each fruit is: the 果径, not the box's 规格 that 多大 asks too
    ("猕猴桃多大个", (), "55-60mm", "每箱", True),
    # how many of the conversation's item the buyer takes: the items bought with it, for an agent
    ("行 那我拍两箱", ("蜜柚红心柚2个装有吗",), "沾化冬枣", "", False),
]


@pytest.mark.parametrize("text, history, says, never, alone", MORE, ids=[r[0] for r in MORE])
def test_an_appliance_or_food_question_in_buyers_words(shop: Engine, text: str, history: tuple[str, ...], says: str,
                                                       never: str, alone: bool) -> None:
    turn = ask(shop, text, history=history)
    assert_answers(turn, says, never, alone)
