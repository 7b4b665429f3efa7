"""An answer goes out alone only when it covers the message: traps on a pet shop of our own (cat food in two bags, a cat
bed whose sizes cost differently, a feeder sold out in pink, flower pots, two chargers), in situations the earlier traps
never listed. Each row marked False went out by itself on the code before (a shipping or invoice reply to a question of an
item's variant, one of two variants answered, a count the answer is blind to, an item named by a word that ends another
item's name); the rows marked True are right answers that must still go alone."""
from __future__ import annotations

import pytest

from bot.domain import Item, Order
from bot.catalog.resolve import named_as_another
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "CF1.yaml": """sku: CF1
title: 冻干双拼猫粮
price: 89
aliases: [猫粮, 冻干猫粮]
attributes: {净含量: 1.5kg 或 4kg, 保质期: 18个月, 产地: 山东青岛}
variants:
  - {size: 1.5kg, stock: 40, price: 89}
  - {size: 4kg, stock: 0, restock: 2026-12-15, price: 199}
""",
    "BD1.yaml": """sku: BD1
title: 加厚保暖猫窝
price: 69
aliases: [猫窝, 宠物窝]
attributes: {面料: 短毛绒, 尺寸: S号40cm M号50cm L号60cm}
variants:
  - {color: 奶咖, size: S, stock: 8, price: 69}
  - {color: 奶咖, size: M, stock: 5, price: 89}
  - {color: 奶咖, size: L, stock: 0, restock: 2026-12-18, price: 109}
  - {color: 浅灰, size: M, stock: 11, price: 89}
""",
    "FD1.yaml": """sku: FD1
title: 定时自动喂食器
price: 259
aliases: [喂食器, 自动喂食器]
item_ids: ["800100000006"]
attributes: {容量: 4L, 定时: 一天最多8餐}
variants:
  - {color: 白色, stock: 15}
  - {color: 粉色, stock: 0, restock: 2026-12-20}
""",
    "PO1.yaml": """sku: PO1
title: 北欧陶瓷花盆
price: 35
aliases: [花盆, 陶瓷盆]
attributes: {材质: 高温陶瓷, 底孔: 有底孔 配托盘}
variants:
  - {color: 白色, size: 小号, stock: 40, price: 35}
  - {color: 墨绿, size: 中号, stock: 12, price: 59}
""",
    "CU1.yaml": """sku: CU1
title: 定制遮光窗帘
price: 68
aliases: [窗帘, 遮光帘]
attributes: {计价: 按成品宽度每米68元, 面料: 雪尼尔}
""",
    "DR1.yaml": """sku: DR1
title: 针织连衣裙
price: 189
aliases: [连衣裙, 针织裙]
attributes: {裙长: 约115cm, 袖长: 长袖, 领型: 半高领}
""",
    "TU1.yaml": """sku: TU1
title: 德绒保暖内衣套装
price: 109
aliases: [保暖内衣, 秋衣秋裤]
attributes: {件数: 上衣+裤子一套}
bundles:
  - {name: 保暖内衣两套装, skus: [TU1, TU1], price: 199}
""",
    "CH1.yaml": """sku: CH1
title: 65W氮化镓快充头
price: 129
aliases: [充电器, 充电头, 氮化镓]
""",
    "CH2.yaml": """sku: CH2
title: 20W苹果快充头
price: 49
aliases: [苹果充电器, 苹果充电头]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "covered", FILES))


FEEDER_BOUGHT = Order("P9", "paid", 259.0, (Item(sku="FD1", title="定时自动喂食器 白色", price=259.0),))

# (message, what the first suggestion says or None, sent alone?)
NOT_THE_CATALOGUES = [
    # the restock date is the answer; the shipping times went out alone
    ("喂食器粉色什么时候发货", None, False),
    ("https://item.taobao.com/item.htm?id=800100000006 粉的几号能发", None, False),
    ("猫粮4kg的下单了多久能到", None, False),
    ("猫粮什么时候到货", None, False),  # the 4kg bag is sold out: the restock date, or the delivery time?
    # half the message is the catalogue's: the invoice reply went out alone
    ("喂食器能开发票吗 有几个颜色", None, False),
    # the shipping times to a question that names no variant nor stock, or of the buyer's own goods, still go
    ("喂食器什么时候发货", "16:00", True),
]


@pytest.mark.parametrize("text, says, alone", NOT_THE_CATALOGUES, ids=[row[0] for row in NOT_THE_CATALOGUES])
def test_a_reply_not_the_catalogues_waits_when_the_message_asks_of_an_items_variant(shop: Engine, text: str,
                                                                                  says: str | None, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.auto is alone, turn.reply
    assert says is None or says in turn.reply, turn.reply


def test_the_colour_of_the_buyers_own_parcel_is_no_question_of_stock(shop: Engine) -> None:
    turn = ask(shop, "我买的白色喂食器什么时候发货", FEEDER_BOUGHT)
    assert turn.intents == ("shipping",) and turn.auto, turn.reply


COVERED = [
    # one of two variants asked answered: which one depended on the order of a set
    ("我要两个猫窝 一个奶咖S一个浅灰M 有货吗", None, False),
    # a count the stock answer is blind to
    ("花盆要50个白色小号 有那么多吗", "白色", False),
    ("喂食器一天能喂10顿吗", None, False),
    # priced by the metre: 68元一件 does not say so
    ("窗帘多少钱一米", "68", False),
    # 多长 is the trainers' word for each length named so (裙长 and 袖长): both are said, and nothing is a guess
    ("连衣裙有多长", "115cm", True),
    ("连衣裙的裙长是多少", "115cm", True),
    # the item is itself a set: its own price, or the two-set deal?
    ("保暖内衣一套多少钱", None, False),
    ("保暖内衣两套多少钱", "199", True),
    # 充电器 ends 苹果充电器 too: which charger is a guess
    ("充电器多少钱", "129", False),
    # the answers that say what was named still go
    ("苹果充电器多少钱", "49", True),
    ("猫粮4kg多少钱", "199", True),
    ("猫窝奶咖L号有货吗", "12月18日", True),
    ("喂食器粉色还有吗", "12月20日", True),
    ("花盆墨绿中号有吗", "墨绿", True),
    ("喂食器容量多大", "4L", True),
]


@pytest.mark.parametrize("text, says, alone", COVERED, ids=[row[0] for row in COVERED])
def test_an_answer_goes_alone_only_when_it_says_each_variant_figure_and_item_named(shop: Engine, text: str,
                                                                               says: str | None, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None, turn.reply
    assert turn.auto is alone, turn.reply
    assert says is None or says in turn.reply, turn.reply


def test_a_follow_up_naming_a_variant_of_the_conversations_item_is_not_sent_the_shipping_times(shop: Engine) -> None:
    turn = ask(shop, "粉色的什么时候能发", history=("喂食器多少钱",))
    assert not turn.auto, turn.reply


@pytest.mark.parametrize("text, others", [
    ("充电器多少钱", ["CH2"]),  # 充电器 ends 苹果充电器: either charger
    ("充电头有货吗", ["CH2"]),
    ("苹果充电器多少钱", []),  # the name said is the item's own
    ("氮化镓的充电器多少钱", []),  # ...beside one another item's name ends
])
def test_a_name_that_ends_another_items_name_is_one_decision(shop: Engine, text: str, others: list[str]) -> None:
    product = shop.desk.catalog.get("CH2" if text.startswith("苹果") else "CH1")
    assert [p.sku for p in named_as_another(shop.desk.catalog, product, text)] == others
