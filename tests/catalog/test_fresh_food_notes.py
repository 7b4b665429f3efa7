"""A fresh-food shop's own words against its attributes: how long a pack lasts a household, how many fruit a jin holds
and which grade to send as a gift are in the shop's size note, not in an attribute that shares a character; what to do
about fruit that comes hard is the FAQ's answer, not the attribute that says it is sent hard; a grade named by its
figure (45mm of a fruit sold as 40mm, 45mm and 50mm) is that grade, not a measure to place; a duration asked is not
answered by a date (采摘时间). Each against a small catalogue of our own."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, shipped_words, write_catalog

FILES = {
    "SJ1.yaml": """\
sku: SJ1
title: 广西砂糖橘 现摘现发 5斤装
price: 32
aliases: [砂糖橘, 沙糖桔, 小橘子]
attributes:
  果径: 40mm指40-45mm，45mm指45-50mm，50mm指50-55mm
  单果重: 40mm约25克，45mm约35克，50mm约45克
  采摘时间: 2026年11月下旬开园采摘
  储存: 通风阴凉处可放10-12天
variants:
  - {size: 40mm, stock: 30}
  - {size: 45mm, stock: 12, price: 38}
  - {size: 50mm, stock: 0, restock: 2026-12-15, price: 45}
size_note: 40mm一斤约二十个，45mm一斤约十四个；拿去送长辈挑50mm大果，看着体面
warranty: 坏果包赔，签收24小时内拍照
""",
    "MG1.yaml": """\
sku: MG1
title: 海南金煌芒 青皮发货 9斤装
price: 69
aliases: [金煌芒, 芒果]
attributes:
  熟度: 七八成熟青果发出，到家后需要放软
  产地: 海南三亚
variants:
  - {size: 9斤装, stock: 20}
faq:
  - {q: [收到是硬的吗, 怎么还是生的, 什么时候能吃], a: 青果发货，常温放两到四天，表皮一按有弹性就能吃；装进纸袋里熟得快些}
  - {q: [表皮有黑斑正常吗, 皮上黑点是坏了吗], a: 黑斑是糖分渗出的糖斑，果肉没坏，削皮就行}
  - {q: [要不要洗, 怎么洗, 洗了再切吗], a: 吃之前用清水冲一下外皮再切，不用泡}
warranty: 坏果包赔，签收24小时内拍照，按坏果个数赔
""",
    "CY1.yaml": """\
sku: CY1
title: 压榨菜籽油 5L桶
price: 79
aliases: [菜籽油, 菜油]
attributes:
  工艺: 物理压榨
  保质期: 18个月
  储存: 避光阴凉处，开盖后拧紧
variants:
  - {size: 5L, stock: 40}
  - {size: 2.5L, stock: 25, price: 42}
size_note: 一家四口5L大约吃一个半月；两个人吃选2.5L
faq:
  - {q: [冬天凝固了是坏了吗, 油里有白色絮状物], a: 低温下菜籽油会凝固发白，放到暖和的地方就能恢复，不影响吃}
genuine: 油厂直供，每批附第三方检测报告
warranty: 漏油、桶破包换
""",
    "GM1.yaml": """\
sku: GM1
title: 儿童鸡蛋挂面
price: 26
aliases: [挂面, 儿童面]
attributes:
  配料: 小麦粉、鸡蛋
  食盐: 不另外添加
  保质期: 12个月
variants:
  - {size: 300g, stock: 18}
faq:
  - {q: [加盐了吗, 有没有盐], a: 没有加盐，适合一岁以内的宝宝}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "fresh", FILES))


ask = partial(shops.ask, conversation="fresh")

# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # the size note, not an attribute sharing a character of it (单果重, 储存): held for an agent, a note on choosing
    ("菜籽油5L四口人能吃多久", "一个半月", "", False),
    ("砂糖橘40mm的一斤大约几个", "约二十个", "约25克", False),
    ("送长辈的砂糖橘挑哪种", "50mm", "", False),
    # what to do about fruit that comes unripe: the FAQ's answer, not the attribute that says it is sent unripe
    ("金煌芒到家硬硬的怎么办", "两到四天", "", False),
    # ...and not the warranty when the entry says more of it
    ("芒果表皮长黑斑咋办", "糖斑", "", False),
    ("金煌芒皮上黑斑咋整", "糖斑", "", False),
    ("菜籽油冬天结块了咋办", "恢复", "漏油", False),
    # a grade named by its figure is that grade: its stock, sent by itself
    ("砂糖橘50mm的有吗", "12月15日", "40-45mm", True),
    # a duration asked is answered by a span of time, not by the date the fruit was picked
    ("砂糖橘买回去放多久会坏", "10-12天", "11月下旬", False),
    # the 检测 of a return (送去检测) is the report the item's genuine statement says it has
    ("菜籽油有检测报告没", "第三方检测报告", "退换", False),
    # 放盐 is the FAQ's 加盐
    ("儿童挂面放盐了没", "没有加盐", "", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_fresh_food_question_gets_the_shops_own_words(shop: Engine, text: str, says: str, never: str,
                                                         alone: bool) -> None:
    assert_answers(ask(shop, text), says, never, alone)


def test_a_clause_beside_an_invoice_gets_its_own_answer(shop: Engine) -> None:
    turn = ask(shop, "菜籽油2.5L多少钱 能开专票吗")  # the price of the clause that asks it, not the stock of 2.5L
    assert "42" in turn.reply and "有货" not in turn.reply, turn.reply
    assert not turn.auto, turn.reply


def test_a_clause_its_faq_entry_says_word_for_word_is_answered_beside_shipping(shop: Engine) -> None:
    turn = ask(shop, "芒果要洗吗 发顺丰吗")  # 洗 is all the first clause asks, one character: the entry on washing, held
    assert turn.product is not None and "清水冲" in turn.reply, (turn.intents, turn.reply)
    assert not turn.auto, turn.reply


def test_putting_salt_or_sugar_in_is_read_as_adding_it() -> None:
    alike = shipped_words().alike  # a shop's FAQ writes 加盐了吗, a buyer 放盐了没
    assert any({"加盐", "放盐"} <= set(group) for group in alike)
    assert any({"加糖", "放糖"} <= set(group) for group in alike)
