"""Pre-sale questions worded as buyers type them in trades the demo shop does not sell (bedding, kitchenware,
stationery, sauces, a garment steamer), against a small catalogue of our own: a price asked 多钱, a restock asked
什么时候补, a colour by a name of its own the item lacks (樱花色), a bed's width in metres as buyers say it (一米八,
1米2), which of the item's own variants to choose (选什么尖), a flavour named in a question on how hot it is (香辣的
辣吗), a fault asked about before buying (坏了给保吗, 睡塌了给换吗), 含绒量 apart from a 容量 of the same sound, a count
of goods asked with a space before 便宜, an item known only by its one colour, a link pasted with a restock question
the matcher reads as delivery, a question that ends in 不, and one item named as itself beside a name two items
share. What rests on a guess waits for an agent."""
from __future__ import annotations

import pytest

from bot.engine import Engine

from .shops import ask, assert_answers, engine_with, write_catalog

FILES = {
    "QB1.yaml": """\
sku: QB1
title: 加厚白鸭绒冬被
price: 459
aliases: [鸭绒被, 冬被, 被子]
item_ids: ["880000000101"]
attributes: {填充物: 90%白鸭绒, 充绒量: 200x230cm充绒2斤 220x240cm充绒2.5斤, 面料: 全棉防钻绒布}
variants:
  - {color: 月光白, size: 200x230cm, stock: 6}
  - {color: 月光白, size: 220x240cm, stock: 0, restock: 2026-12-17}
  - {color: 藕荷粉, size: 200x230cm, stock: 3}
faq:
  - {q: [能机洗吗, 可以水洗吗], a: 不建议机洗，脏了送干洗}
warranty: 一年内跑绒、开线免费换新
related: [CD1]
""",
    "QB2.yaml": """\
sku: QB2
title: 冰丝凉感夏被
price: 129
aliases: [夏被, 空调被, 被子]
attributes: {面料: 冰丝}
variants:
  - {color: 浅灰, size: 150x200cm, stock: 10}
""",
    "CD1.yaml": """\
sku: CD1
title: 纯棉磨毛床单
price: 89
aliases: [床单, 磨毛床单]
attributes: {面料: 100%棉 磨毛工艺}
variants:
  - {color: 燕麦色, size: 1.5m床, stock: 8, price: 89}
  - {color: 燕麦色, size: 1.8m床, stock: 0, restock: 2026-12-14, price: 99}
  - {color: 燕麦色, size: 2.0m床, stock: 2, price: 109}
size_note: 按床的宽度拍，1.8米的床拍1.8m床
""",
    "FH1.yaml": """\
sku: FH1
title: 保温不锈钢饭盒
price: 79
aliases: [饭盒, 保温饭盒]
attributes: {容量: 1.2L, 材质: 316不锈钢内胆}
variants:
  - {color: 奶油白, stock: 12}
  - {color: 薄荷绿, stock: 0, restock: 2026-12-19}
warranty: 内胆一年保修
""",
    "GB1.yaml": """\
sku: GB1
title: 铱金尖练字钢笔
price: 59
aliases: [钢笔]
attributes: {笔尖: 铱金尖, 上墨: 吸墨器和墨囊两用}
variants:
  - {color: 墨黑, size: EF尖, stock: 20}
  - {color: 墨黑, size: F尖, stock: 15}
size_note: 写小字、记笔记选EF尖；日常签字、书写偏粗选F尖
warranty: 笔尖一年内断裂免费换新
""",
    "LJ1.yaml": """\
sku: LJ1
title: 手工香辣牛肉酱
price: 29
aliases: [牛肉酱, 辣酱]
item_ids: ["880000000606"]
attributes: {净含量: 210克, 保质期: 12个月}
variants:
  - {color: 原味, stock: 30}
  - {color: 香辣, stock: 12}
faq:
  - {q: [香辣的很辣吗, 辣不辣], a: 香辣是微辣偏香，怕辣的拍原味}
bundles:
  - {name: 三瓶装, skus: [LJ1, LJ1, LJ1], price: 79}
""",
    "TS1.yaml": """\
sku: TS1
title: 便携手持挂烫机
price: 199
aliases: [挂烫机, 熨斗]
attributes: {功率: 1200W, 电机: 静音水泵}
variants:
  - {color: 云朵白, stock: 9}
  - {color: 雾霾蓝, stock: 0, restock: 2026-12-13}
faq:
  - {q: [熨完衣服会潮吗, 会不会湿], a: 蒸汽颗粒细，熨完挂五分钟就干，不会潮}
warranty: 整机一年保修，水泵两年；非人为损坏免费换新
related: [CD1]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "wordings", FILES))


# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    ("牛肉酱一瓶多钱", "29元", "", False),  # 多钱: the price, as buyers type 多少钱
    ("饭盒薄荷绿什么时候补", "12月19日", "", True),  # 什么时候补: the restock date
    ("饭盒有木有樱花色", "没有樱花色", "", False),  # a colour the item lacks, by a name no plain hue has
    ("床单 一米八的床拍哪个", "1.8m床", "", False),  # a bed's width in Chinese numerals: the size of that width
    ("床单有1米2的吗", "没有1.2米", "", False),  # a width none of the sizes has: said to be missing, by an agent
    ("钢笔选什么尖", "写小字", "", False),  # which of the item's own nibs: the shop's note on choosing
    ("平时记笔记 钢笔选哪个尖", "EF尖", "", False),
    ("牛肉酱能放多久 香辣的辣吗", "微辣", "有货", False),  # 香辣 is named, how hot it is asked: the FAQ, not stock
    ("挂烫机水泵坏了给保吗", "水泵两年", "抱歉", False),  # a fault asked before buying: the warranty, for an agent
    ("鸭绒被睡塌了给换吗", "免费换新", "", False),  # ...in words the warranty does not use (塌 for 跑绒, 开线)
    ("冬被含绒量多少", "90%白鸭绒", "", True),  # 含绒量 is no slip for the 容量 of the lunch box
    ("牛肉酱我要三瓶 能便宜吗", "79元", "9.5折", True),  # a count with a space before 便宜: the shop's three-jar price
    ("月光白的220x240什么时候有", "12月17日", "", False),  # no item named: the one whose colour it is, a guess
    ("鸭绒被填的什么 能机洗不", "不建议机洗", "", True),  # 能机洗不 asks too: both answers
    ("家里被子是200x230的 床单选哪个规格", "纯棉磨毛床单", "您问的是", False),  # 床单 named as itself, 被子 two items'
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_buyers_wording_gets_the_files_fact(shop: Engine, text: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, alone)


def test_a_link_pasted_with_a_restock_question_is_the_items_stock(shop: Engine) -> None:
    """Read as delivery by the matcher (几号能到货), the question is the linked item's restock: for an agent."""
    turn = ask(shop, "https://item.taobao.com/item.htm?id=880000000606 香辣的几号能到货")
    assert turn.product is not None and turn.product.kind == "stock" and "香辣" in turn.reply, turn.reply
    assert not turn.auto, turn.reply


@pytest.mark.parametrize("text, claimed", [
    ("挂烫机熨完了衣服会不会湿", True),  # what would happen after ironing: a question about the goods
    ("挂烫机熨完了衣服就湿了", False),  # what happened: a report for an agent
])
def test_what_the_catalogue_claims_from_another_reading(shop: Engine, text: str, claimed: bool) -> None:
    assert shop.desk is not None
    assert shop.desk.claims(text) is claimed


@pytest.mark.parametrize("text, asks_stock", [
    ("挂烫机出粉色吗", True),  # 出粉色吗: does it come in pink (it does not: that is for the stock answer to say)
    ("挂烫机出什么问题了", False),
])
def test_whether_a_colour_is_made_is_a_stock_question(shop: Engine, text: str, asks_stock: bool) -> None:
    assert shop.desk is not None
    assert shop.desk.asks_of_item(text) is asks_stock


@pytest.mark.parametrize("text, metres", [
    ("一米八的床", [1.8]), ("1米5", [1.5]), ("两米的床", [2.0]), ("1.5的", [1.5]),
    ("身高一米六五", []),  # a height, not a width
    ("99.9元", []), ("2.5公分", []),
])
def test_widths_in_metres_as_buyers_say_them(text: str, metres: list[float]) -> None:
    from bot.catalog.size_figures import metres_said
    assert metres_said(text) == metres
