"""Traps for the send-alone decision on a catalogue of our own (a kettle, a slow cooker, wool slippers): questions
whose catalogue answer looks factual but is not the fact asked. Each row failed on the code before (the answer went
out by itself); the answer stays the agent's first suggestion."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Item, Order
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "KE1.yaml": """sku: KE1
title: 双层防烫电水壶1.5L
price: 99
aliases: [电水壶, 烧水壶]
attributes: {容量: 1.5L, 功率: 1500W, 断电保护: 烧开自动断电 干烧断电, 壶身: 双层防烫, 内胆: 304不锈钢}
variants:
  - {color: 奶白, stock: 10}
  - {color: 雾蓝, stock: 0, restock: 2026-12-12}
""",
    "SC1.yaml": """sku: SC1
title: 陶瓷内胆电炖锅2L
price: 189
aliases: [电炖锅, 炖锅, 慢炖锅]
attributes: {容量: 2L, 内胆: 白瓷内胆, 预约: 可预约12小时, 功能: 煲汤 煮粥 炖燕窝 隔水炖}
variants:
  - {color: 米白, stock: 8}
""",
    "SL1.yaml": """sku: SL1
title: 羊毛混纺居家拖鞋
price: 69
aliases: [拖鞋, 棉拖]
attributes: {鞋面: 羊毛混纺, 鞋底: 防滑橡胶底}
variants:
  - {color: 灰色, size: "38", stock: 5}
  - {color: 灰色, size: "40", stock: 5}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "sentalone", FILES))


ask = partial(shops.ask, conversation="s")  # the conversation its rows were written in


# (message, what the first suggestion says, sent alone?)
ROWS = [
    # an open question (多久, 多少) answered by an attribute whose value only shares a word of it: 断电保护 says
    # 烧开 but not how long it takes
    ("电水壶烧开要多久", "烧开自动断电", False),
    ("电水壶烧开多久断电", "烧开自动断电", True),  # 断电 names the attribute: its value is the answer
    ("电炖锅能煮粥吗", "煮粥", True),  # a value in a yes/no question says yes
    ("电水壶功率多少", "1500W", True),
    ("电水壶内胆是304的吗", "304", True),
]


@pytest.mark.parametrize("text, says, alone", ROWS, ids=[row[0] for row in ROWS])
def test_an_attribute_answers_alone_only_the_question_its_name_is_asked_by(shop: Engine, text: str, says: str,
                                                                           alone: bool) -> None:
    turn = ask(shop, text)
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_question_of_an_ordered_item_read_as_shipping_waits_with_the_items_fact(shop: Engine) -> None:
    """能预约吗 of an order's slow cooker reads like booking a delivery: the shipping reply went out alone."""
    order = Order("S1", "unpaid", 288.0, (Item(sku="SC1", title="陶瓷内胆电炖锅2L 米白", price=189.0),
                                          Item(sku="KE1", title="双层防烫电水壶1.5L 奶白", price=99.0)))
    turn = ask(shop, "能预约吗", order)
    assert "12小时" in turn.reply, turn.reply
    assert not turn.auto


CHOICES = ["行 就40的了 谢谢", "好的 那就灰色的吧 谢谢", "好嘞 我这就去拍了"]


@pytest.mark.parametrize("text", CHOICES)
def test_a_choice_after_a_product_answer_is_no_mere_thanks(shop: Engine, text: str) -> None:
    """Picking a size or colour of the item just asked about, or saying one buys it, reads like a thanks or a
    payment question; sent alone, the thanks passes over the choice (is 40 in stock? what goes with it?)."""
    state = ask(shop, "拖鞋多少钱").state
    assert state.item_sku == "SL1"
    assert not ask(shop, text, state=state).auto


def test_a_thanks_with_no_choice_still_goes_alone(shop: Engine) -> None:
    state = ask(shop, "拖鞋多少钱").state
    assert ask(shop, "好的 谢谢", state=state).auto


UNITS = [  # a unit asked in that the answer does not write: 50g says nothing of millilitres
    ("电水壶容量多少毫升", "1.5L", False),
    ("电水壶能装多少升", "1.5L", True),
    ("电水壶多少钱一斤", "99元", False),
    ("电水壶多少钱", "99元", True),
]


@pytest.mark.parametrize("text, says, alone", UNITS, ids=[row[0] for row in UNITS])
def test_an_answer_goes_alone_only_in_the_unit_asked(shop: Engine, text: str, says: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_size_asked_of_an_item_sold_in_no_sizes_is_another_items(shop: Engine) -> None:
    """After the kettle's price, 有40码吗 with slippers in the order asks about the slippers: the kettle's colours
    are no answer to send alone."""
    order = Order("S2", "unpaid", 69.0, (Item(sku="SL1", title="羊毛混纺居家拖鞋 灰色 38", price=69.0),))
    state = ask(shop, "电水壶多少钱", order).state
    assert not ask(shop, "有40码吗", order, state=state).auto
