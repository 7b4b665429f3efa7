"""A reply sent alone must answer the words asked, not merely share one of them: a warranty that says 瓶子破损包赔 does not
answer whether the oil comes in a bottle; the shipping times do not say whether the rice is freshly milled; the shop's
invoice rule does not say what a gift box holds. Such questions get the item's own facts for an agent, or wait. Cases on
a grocer's and a jeweller's catalogue of our own."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Item, Order
from bot.engine import Engine

from .shops import NOW, ask, engine_with, write_catalog

FILES = {
    "OIL1.yaml": """\
sku: OIL1
title: 冷榨核桃油 玻璃瓶装
price: 88
aliases: [核桃油]
attributes: {颜色: 浅金黄色, 工艺: 低温冷榨}
variants:
  - {size: 250ml, stock: 12}
  - {size: 500ml, stock: 0, restock: 2026-12-20}
warranty: 漏油、瓶子破损包赔
""",
    "SOAP1.yaml": """\
sku: SOAP1
title: 山羊奶洁面皂
price: 39
aliases: [洁面皂, 香皂]
variants:
  - {size: 100g, stock: 40}
warranty: 未拆封7天无理由退换；使用后过敏凭照片可申请退货
""",
    "RICE1.yaml": """\
sku: RICE1
title: 响水稻花香大米 5kg
price: 79
aliases: [响水米]
attributes: {加工: 下单后现磨现发, 产地: 黑龙江宁安}
variants:
  - {size: 5kg, stock: 50}
""",
    "BOX1.yaml": """\
sku: BOX1
title: 坚果年货礼盒
price: 168
aliases: [坚果礼盒]
variants:
  - {color: 红盒, stock: 20}
faq:
  - {q: [盒子里有价签吗, 里面放发票吗], a: 礼盒里不放价签和发票，可以直接送人}
""",
    "LYCH1.yaml": """\
sku: LYCH1
title: 妃子笑荔枝 顺丰冷链 3斤装
price: 99
aliases: [荔枝]
variants:
  - {size: 3斤, stock: 30}
""",
    "FLOUR1.yaml": """\
sku: FLOUR1
title: 小麦面粉
price: 25
aliases: [面粉, 包子粉]
attributes: {用途: 高筋做吐司；中筋做包子馒头；低筋做蛋糕}
variants:
  - {size: 高筋吐司粉, stock: 10}
  - {size: 中筋包子粉, stock: 10}
  - {size: 低筋蛋糕粉, stock: 10}
""",
    "RING1.yaml": """\
sku: RING1
title: 纯银素圈戒指
price: 89
aliases: [素圈, 对戒]
variants:
  - {size: 12号, stock: 9}
bundles:
  - {name: 情侣对戒（两只）, skus: [RING1, RING1], price: 159}
""",
    "SERUM1.yaml": """\
sku: SERUM1
title: 维C亮肤精华
price: 149
aliases: [精华, 维C精华]
variants:
  - {size: 30ml, stock: 15}
faq:
  - {q: [用了刺痛正常吗, 涂了脸上刺刺的], a: 少数人初用会轻微刺痒，是维C不耐受，先隔天用一周再天天用}
warranty: 未拆封7天无理由退换；使用后过敏凭照片可申请退货
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "words_answered", FILES))


@pytest.mark.parametrize("text, says", [
    ("核桃油有瓶子吗", "瓶子破损包赔"),  # shares 瓶子 with the warranty, asks nothing of what the shop does
    ("洁面皂会过敏吗", "过敏凭照片"),  # shares 过敏: whether it causes one is not what the warranty says
])
def test_a_warranty_that_only_shares_a_word_waits(engine, text, says):
    turn = ask(engine, text)
    assert says in turn.reply, turn.reply  # still the agent's first suggestion
    assert turn.auto is False


@pytest.mark.parametrize("text, says", [
    ("核桃油瓶子碎了咋办", "瓶子破损包赔"),  # what the shop does about a broken bottle: the warranty answers
    ("洁面皂保修吗", "无理由退换"),
])
def test_a_warranty_asked_for_still_answers(engine, text, says):
    assert says in ask(engine, text).reply


def test_a_colour_asked_of_goods_sold_by_size_is_the_attribute(engine):
    turn = ask(engine, "核桃油是什么颜色")
    assert "浅金黄色" in turn.reply, turn.reply  # not the stock of 250ml and 500ml


def test_colours_of_goods_with_no_colour_get_no_list_of_sizes_alone(tmp_path_factory):
    files = {"OIL2.yaml": "sku: OIL2\ntitle: 压榨菜籽油\nprice: 69\naliases: [菜籽油]\nvariants:\n"
                          "  - {size: 5L, stock: 9}\n  - {size: 1.8L, stock: 0, restock: 2026-12-20}\n"}
    turn = ask(engine_with(write_catalog(tmp_path_factory, "no_colours", files)), "菜籽油有几种颜色")
    assert turn.auto is False, turn.reply


@pytest.mark.parametrize("text, says", [
    ("响水米发货是新磨的吗", "现磨现发"),  # what the rice sent is like: its own attribute, for an agent
    ("响水米发货前挑过吗", None),
    ("发货是新批次吗", None),  # no item named: which one?, never the shipping times
])
def test_what_the_goods_sent_are_like_is_no_shipping_question(engine, text, says):
    turn = ask(engine, text)
    assert turn.auto is False, turn.reply
    assert "点前付款" not in turn.reply and "小时内" not in turn.reply, turn.reply
    if says:
        assert says in turn.reply, turn.reply


@pytest.mark.parametrize("text", ["响水米什么时候发货", "发的是顺丰吗"])
def test_when_and_by_whom_stay_the_shipping_reply(engine, text):
    turn = ask(engine, text)
    assert turn.intents == ("shipping",), (turn.intents, turn.reply)


def test_the_courier_asked_of_an_item_sent_its_own_way_waits(engine):
    turn = ask(engine, "荔枝发什么快递")
    assert turn.auto is False and "顺丰" in turn.reply, turn.reply  # not 默认中通 alone


def test_the_courier_asked_after_a_question_on_such_an_item_waits(engine):
    turn = ask(engine, "发什么快递", history=("荔枝3斤有货吗",))
    assert turn.auto is False and "顺丰" in turn.reply, turn.reply  # the conversation's item says 顺丰冷链


@pytest.mark.parametrize("text, says", [
    ("坚果礼盒里会放发票吗", "不放价签和发票"),  # the gift box's own FAQ, not the shop's invoice rule
    ("坚果礼盒会放价签吗", "不放价签"),
])
def test_what_a_named_item_holds_inside_is_the_items_answer(engine, text, says):
    turn = ask(engine, text)
    assert says in turn.reply, (turn.intents, turn.reply)
    assert turn.auto is False


def test_what_the_conversations_item_holds_inside_is_its_answer(engine):
    turn = ask(engine, "会放发票吗", history=("坚果礼盒有货吗",))
    assert "不放价签和发票" in turn.reply and turn.auto is False, (turn.intents, turn.reply)


def test_an_invoice_asked_for_stays_the_invoice_reply(engine):
    assert ask(engine, "能开发票吗").intents == ("invoice",)


@pytest.mark.parametrize("text", [
    "包子粉能做蛋糕吗",  # 包子粉 is also the end of 中筋包子粉: the flour's 是的 of 低筋做蛋糕 may be wrong for it
    "对戒多少钱",  # 对戒 is also the end of 情侣对戒: the price of one ring may not be what is asked
])
def test_a_name_that_ends_a_variant_or_bundle_waits(engine, text):
    assert ask(engine, text).auto is False


def test_the_whole_item_named_still_goes_alone(engine):
    turn = ask(engine, "面粉能做蛋糕吗")
    assert turn.auto is True and "低筋做蛋糕" in turn.reply, turn.reply


SERUM_DELIVERED = Order("A1", "delivered", 149.0, (Item(sku="SERUM1", title="维C亮肤精华 30ml", price=149.0),),
                        delivered_at=NOW - timedelta(days=3))


@pytest.mark.parametrize("text", ["精华用了刺痛正常吗", "精华擦了脸有点刺痛"])
def test_an_allergy_the_items_faq_speaks_of_quotes_it(engine, text):
    turn = ask(engine, text, SERUM_DELIVERED)
    assert "不耐受" in turn.reply, turn.reply  # the shop's own word on that very case
    assert "停用" in turn.reply and turn.auto is False  # still the careful reply, for an agent


def test_an_allergy_the_faq_does_not_speak_of_quotes_no_entry(engine):
    turn = ask(engine, "精华用了两天过敏了 能退吗", SERUM_DELIVERED)
    assert "不耐受" not in turn.reply and "过敏凭照片" in turn.reply, turn.reply
