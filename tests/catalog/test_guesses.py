"""A product answer resting on a guess waits for an agent (`alone.stands_alone`), read against a catalogue of our
own written to tempt the guesses: colours named as shops name them (小鸭黄, 恐龙绿), a size chart by height and
weight where one measure fits two rows, a FAQ entry shaped like questions it does not answer, an order of two
items, needs an item suits. Each row the old rule sent alone without the right fact (or on a guess) now waits,
still carrying what the catalogue says as the first suggestion; beside each, the plain case that still goes out."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "RC5.yaml": """\
sku: RC5
title: 儿童卡通雨衣
price: 69
aliases: [雨衣, 斗篷雨衣, 儿童雨衣]
attributes: {面料: 涤纶涂层, 帽檐: 透明加宽, 书包位: 有}
variants:
  - {color: 小鸭黄, size: S, stock: 8}
  - {color: 小鸭黄, size: M, stock: 5}
  - {color: 恐龙绿, size: M, stock: 0, restock: 2026-12-18}
  - {color: 恐龙绿, size: L, stock: 6}
size_chart:
  - {size: S, height: [90, 115], weight: [25, 40]}
  - {size: M, height: [110, 130], weight: [38, 55]}
  - {size: L, height: [128, 150], weight: [52, 80]}
faq:
  - {q: [面料闷不闷, 穿着闷吗], a: 内层是网眼衬，穿着不闷}
  - {q: [能背书包穿吗, 可以罩住书包吗], a: 背后留了书包位，背着书包也能穿}
suits: [上学, 雨天]
""",
    "MUG6.yaml": """\
sku: MUG6
title: 儿童吸管保温杯
price: 59
aliases: [保温杯, 吸管杯, 水杯]
attributes: {容量: 400ml, 材质: 316不锈钢内胆}
variants:
  - {color: 白色, stock: 10}
  - {color: 深蓝色, stock: 4}
faq:
  - {q: [能放洗碗机吗, 洗碗机能洗吗], a: 杯身可以放洗碗机，吸管和盖子建议手洗}
  - {q: [送吸管刷吗, 有没有配刷子], a: 每只杯子送一把吸管刷}
suits: [上学, 送礼]
""",
    "NUT8.yaml": """\
sku: NUT8
title: 炭烤腰果
price: 39
aliases: [腰果]
variants:
  - {color: 椒盐, stock: 9}
  - {color: 香辣, stock: 0, restock: 2026-12-20}
""",
}
ORDERS = {"R2": Order.from_dict({"order_id": "R2", "status": "unpaid", "amount": 128, "items": [
    {"sku": "RC5", "title": "儿童卡通雨衣 小鸭黄 M", "price": 69},
    {"sku": "MUG6", "title": "儿童吸管保温杯 白色", "price": 59}]})}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = write_catalog(tmp_path_factory, "guesses", FILES)
    return engine_with(folder)


ask = partial(shops.ask, conversation="g")  # the conversation its rows were written in


# (message, order, what the first suggestion still says, sent alone?)
COLOURS = [  # "we have no X" is for an agent unless X is plainly none of the item's colours
    ("雨衣有红色吗", None, "小鸭黄", False),  # 小鸭黄 and 恐龙绿 are the shop's names: red may be one of them
    ("保温杯有浅蓝的吗", None, "深蓝色", False),  # a blue, but not the one asked
    ("保温杯有米白的吗", None, "白色", False),  # 米白 is not 白色
    ("雨衣恐龙绿L有吗", None, "恐龙绿 L", True),  # the colour as the shop writes it
    ("雨衣有黄的吗", None, "小鸭黄", True),  # the one colour holding the hue asked
    ("保温杯有红色吗", None, "没有红色", True),  # 白色 and 深蓝色 are plain names, and no red is among them
    ("保温杯深蓝色还有吗", None, "深蓝色", True),
]
STOCK = [  # a variant named in a question that asks nothing of stock is no stock question
    ("腰果香辣的辣吗", None, "香辣", False),  # how hot, not whether there is any
    ("腰果香辣的呢", None, "12月20日", False),  # read as stock, but a bare name said first waits: a fragment of a chat
]
ACCOUNTED = [  # a single character asked is accounted for by the kind's own words, not by the answer's other text
    ("那我拍个M的雨衣 会不会小", None, "拍下", False),  # 小 is asked; the 小 of 48小时 says nothing of it
    ("好的 那我拍个小鸭黄M的雨衣", None, "拍下", True),
]
SIZES = [  # size advice from every measure the chart has: one of them may fit two rows by the other
    ("孩子一米一二 雨衣穿什么码", None, "码", False),  # 112cm fits S and M by height
    ("四十斤 雨衣拿哪个码", None, "码", False),
    ("一米二 五十斤 雨衣穿什么码", None, "M码", True),
]
FAQS = [  # a FAQ entry well above the bar that says each word asked, single characters included
    ("雨衣面料硬不硬", None, "", False),  # shaped like 面料闷不闷, but 硬 is asked and the entry never says it
    ("雨衣面料闷不闷", None, "不闷", True),
]
ITEMS = [  # an item picked among the order's two by what the question fits is a guess
    ("能放洗碗机吗", "R2", "洗碗机", False),
    ("保温杯能放洗碗机吗", "R2", "洗碗机", True),  # named
]
JUDGEMENTS = [  # a recommendation or whether an item suits a need weighs need words: an agent sends it
    ("给上学的孩子挑个东西 一百以内", None, "保温杯", False),
    ("雨衣适合上学穿吗", None, "适合", False),
]
DELIVERY = [  # 送不送 of a thing is no delivery question: what comes with an item is the catalogue's
    ("雨衣送不送鞋套", None, "儿童卡通雨衣", False),  # no FAQ says: a missing FAQ, not the shipping times
    ("雨衣什么时候发货", None, "", None),  # a delivery question naming an item stays one
    ("水杯送不送吸管刷", None, "每只杯子送一把吸管刷", True),  # the FAQ's own question: its answer, alone
]
TABLES = COLOURS + STOCK + ACCOUNTED + SIZES + FAQS + ITEMS + JUDGEMENTS


@pytest.mark.parametrize("text, order, says, alone", TABLES + DELIVERY[:1], ids=[row[0] for row in TABLES + DELIVERY[:1]])
def test_an_answer_resting_on_a_guess_waits_with_the_facts(shop: Engine, text: str, order: str | None, says: str,
                                                          alone: bool) -> None:
    turn = ask(shop, text, ORDERS.get(order))
    assert turn.product is not None, turn.intents
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_delivery_question_naming_an_item_is_still_a_delivery_question(shop: Engine) -> None:
    text = DELIVERY[1][0]
    turn = ask(shop, text)
    assert turn.product is None and turn.intents == ("shipping",), (turn.intents, turn.reply)


def test_what_comes_with_an_item_asked_as_its_faq_is_answered_alone(shop: Engine) -> None:
    """水杯送不送吸管刷 asks the FAQ's own question (送吸管刷吗); 送不送 of a thing no longer reads as delivery."""
    text, _, says, alone = DELIVERY[2]
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply and turn.auto is alone, (turn.intents, turn.reply)


COUNTED = [  # how many come with the item named before 送几个 is the item's; 送几个 alone or asked for (能多送) is a gift ask
    ("雨衣送几个鞋套", "product_info"),
    ("保温杯配几个杯盖", "product_info"),
    ("送几个鞋套", "bargain"),
    ("雨衣能多送几个鞋套吗", "bargain"),
]


@pytest.mark.parametrize("text, intent", COUNTED, ids=[row[0] for row in COUNTED])
def test_how_many_come_with_an_item_is_the_catalogues_not_a_gift_ask(shop: Engine, text: str, intent: str) -> None:
    turn = ask(shop, text)
    assert turn.intents == (intent,), (turn.intents, turn.reply)
    assert (turn.product is not None) is (intent == "product_info"), turn.reply
