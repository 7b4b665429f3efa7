"""A food and drink shop's questions against a small catalogue of our own: a liquor's strength asked as 度数 or
多少度, a honey's thickness as 浓度 (written 波美度), what goods are made or brewed of, a box's list of flavours that
says nothing of how sweet they are, a child's age against a cereal's stages, how tea is made, a pack written in
Chinese numerals (两斤装), a kind of honey whose name holds the item's alias, a need holding a name (下酒), and a gift
for one's boss, which is no call for the shop's."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "GL1.yaml": """\
sku: GL1
title: 东北纯粮高粱酒 42度 475ml
price: 168
aliases: [高粱酒, 粮食酒, 酒]
attributes: {酒精度: 42%vol, 原料: 高粱 大米 玉米, 香型: 浓香型, 净含量: 475ml}
variants:
  - {size: 单瓶, stock: 30}
  - {size: 四瓶礼箱, stock: 0, restock: 2026-12-17, price: 599}
faq:
  - {q: [喝了上头吗, 第二天头疼吗], a: 纯粮酿造不易上头，请适量饮用}
related: [YG1]
suits: [送领导, 送礼, 宴请]
""",
    "PP1.yaml": """\
sku: PP1
title: 云南野生蜂蜜
price: 66
aliases: [蜂蜜, 蜜]
options: {flavor: 蜜种}
attributes: {波美度: 41度, 配料: 蜂蜜, 保质期: 18个月}
variants:
  - {flavor: 枇杷蜜, size: 500g, stock: 25}
  - {flavor: 椴树蜜, size: 500g, stock: 0, restock: 2026-12-20}
faq:
  - {q: [能用开水冲吗, 多少度的水冲], a: 用40℃以下温水冲，开水会破坏活性物质}
  - {q: [变白了是不是坏了, 结晶正常吗], a: 天冷结晶是正常现象，隔水温热即可化开}
""",
    "SB1.yaml": """\
sku: SB1
title: 手工酥饼礼盒 12枚
price: 59
aliases: [酥饼, 糕点]
attributes: {口味: 绿豆 红豆 紫薯 椰蓉, 配料: 小麦粉 白砂糖 黄油 绿豆沙, 保质期: 45天, 储存方法: 阴凉干燥处，拆袋后两天内吃完}
variants:
  - {size: 12枚盒装, stock: 40}
  - {size: 24枚盒装, stock: 0, restock: 2026-12-19, price: 109}
faq:
  - {q: [甜不甜, 会不会太甜, 太甜了吗], a: 少糖配方，甜度适中}
""",
    "MF1.yaml": """\
sku: MF1
title: 婴儿高铁米粉
price: 45
aliases: [米粉, 宝宝米粉]
variants:
  - {size: 一段原味, stock: 12}
  - {size: 二段果蔬, stock: 20}
size_chart:
  - {size: 一段原味, age: [6, 12]}
  - {size: 二段果蔬, age: [12, 36]}
size_note: 按月龄选，吞咽好的可以早一点换二段
""",
    "HC1.yaml": """\
sku: HC1
title: 武夷山正山小种红茶
price: 128
aliases: [红茶, 正山小种]
options: {grade: 等级}
attributes: {产地: 福建武夷山, 保质期: 24个月}
variants:
  - {grade: 特级, size: 一斤装, stock: 6, price: 238}
  - {grade: 一级, size: 半斤装, stock: 15, price: 68}
  - {grade: 一级, size: 两斤装, stock: 4, price: 248}
usage: 沸水冲泡，每次5克，第一泡10秒出汤
genuine: 武夷山桐木关茶厂直供，每罐有溯源码
""",
    "YG1.yaml": """\
sku: YG1
title: 五香卤味鸭脖
price: 39
aliases: [鸭脖]
variants:
  - {size: 250g, stock: 30}
warranty: 收到胀袋或变质拍照联系客服补发
suits: [下酒, 追剧]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "food", FILES))


ask = partial(shops.ask, conversation="food")  # the conversation its rows were written in

# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # a drink's strength: 多少度 and 度数 ask for its 酒精度
    ("高粱酒多少度", "42%vol", "", True),
    ("高粱酒度数是多少", "42%vol", "", True),
    # a honey's thickness, asked as 浓度, written as 波美度
    ("蜂蜜浓度多少", "41度", "", True),
    # what the goods are made or brewed of
    ("高粱酒用什么粮食酿的", "高粱 大米 玉米", "", True),
    ("酥饼什么原料做的", "黄油", "", True),
    # 甜不甜 is the shop's own answer on sweetness, not the list of flavours the box holds
    ("酥饼甜不甜", "甜度适中", "紫薯", True),
    ("酥饼甜吗", "甜度适中", "紫薯", False),
    # which flavours: the list of them, not the boxes it is sold in
    # how long it keeps is its shelf life, though the storage note names days too
    ("酥饼能放几天", "45天", "", True),
    ("酥饼怎么保存", "阴凉干燥处", "", True),
    ("酥饼什么口味", "紫薯", "", True),
    ("酥饼有哪几种口味", "紫薯", "24枚", True),
    # a child's age, asked which stage suits or whether it may eat one
    ("宝宝两岁了 米粉哪段合适", "二段果蔬", "", True),
    ("娃十个月 能直接吃二段米粉吗", "一段原味", "", False),
    # how tea is made: the usage note; proof that it is what it says: the genuine statement
    ("红茶怎么泡", "沸水冲泡", "", True),
    ("红茶怎么保证是武夷山的", "溯源码", "", True),
    # a pack written in Chinese numerals is its name, not a count: its own price
    ("红茶一级两斤装啥价", "248", "", True),
    # what the shop does if some arrive spoiled, asked before buying: its warranty
    ("鸭脖收到有坏的咋办", "拍照联系客服补发", "", True),
    # whether a change means it has gone off, which reads like a complaint: the shop's entry on it, for an agent
    ("蜂蜜放了一阵变白了是坏了吗", "结晶是正常现象", "", False),
    ("蜂蜜冬天变白了 坏了吗", "结晶是正常现象", "", False),  # the same with no 是
    # what goes with an item, which reads like a haggle: the related items, for an agent
    ("高粱酒我要了 再配点啥好", "鸭脖", "", False),
    # a kind of honey whose name holds the item's alias (蜜): that kind's stock
    ("枇杷蜜还有吗", "有货", "12月20日", True),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_food_or_drink_question_gets_the_files_fact(shop: Engine, text: str, says: str, never: str,
                                                      alone: bool) -> None:
    assert_answers(ask(shop, text), says, never, alone)


def test_a_strength_asked_of_the_ordered_drink(shop: Engine) -> None:
    order = Order.from_dict({"order_id": "F1", "status": "paid", "amount": 168, "items": [
        {"sku": "GL1", "title": "东北纯粮高粱酒 42度 单瓶", "price": 168, "qty": 1}]})
    assert_answers(ask(shop, "这个多少度", order=order), "42%vol", "", True)


def test_a_need_holding_an_items_name_is_that_need(shop: Engine) -> None:
    turn = ask(shop, "有啥下酒的小吃推荐")  # the 酒 of 下酒 is no drink asked about: the snacks tagged 下酒
    assert turn.product is not None and "鸭脖" in turn.reply and "高粱酒" not in turn.reply, turn.reply


def test_a_gift_for_ones_boss_is_a_recommendation_not_a_call_for_the_boss(shop: Engine) -> None:
    turn = ask(shop, "送领导的酒 预算两百以内 推荐个")
    assert turn.product is not None and "高粱酒" in turn.reply, turn.reply
    assert turn.intents[0] == "product_info" and not turn.auto, turn.intents
    boss = ask(shop, "叫你们领导出来")  # the shop's boss is still asked for
    assert boss.intents[0] == "human", boss.intents
