"""A clothes shop's wordings the reader once took for something else, against a small catalogue of our own: 一套 of
an item sold as a set (a set's price, for an agent, not a bundle), 洗了缩不缩水 (what washing would do, not a complaint), and 会往下
滑吗 (what the goods do, answered by the FAQ entry that says it rather than an attribute sharing a character)."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "SY1.yaml": """\
sku: SY1
title: 女士珊瑚绒睡衣套装
price: 99
aliases: [睡衣, 家居服, 睡衣套装]
attributes: {面料: 珊瑚绒, 适用温度: 零下5度到10度}
variants:
  - {color: 粉色, size: M, stock: 6}
  - {color: 粉色, size: L, stock: 3}
faq:
  - {q: [洗了会缩水吗, 会缩水吗], a: 珊瑚绒基本不缩水，冷水洗不要烘干}
  - {q: [会掉色吗, 洗了褪色吗], a: 第一次洗有少量浮色，之后不掉色}
  - {q: [裤腰会掉吗, 会不会往下掉], a: 松紧腰头，不往下掉}
bundles:
  - {name: 睡衣两套装, skus: [SY1, SY1], price: 179}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "clothes", FILES))


ask = partial(shops.ask, conversation="clothes")
PAID = Order.from_dict({"order_id": "C1", "status": "paid", "amount": 99,
                        "items": [{"sku": "SY1", "title": "女士珊瑚绒睡衣套装 粉色 M", "price": 99}]})


def test_one_set_of_an_item_sold_as_a_set_is_its_price_for_an_agent(shop: Engine) -> None:
    turn = ask(shop, "睡衣一套多少钱")
    assert "99元" in turn.reply and "两套装" not in turn.reply and not turn.auto  # or did they mean the two-set deal?
    assert "179" in ask(shop, "睡衣两套一起买多少钱").reply  # two are the bundle


@pytest.mark.parametrize("text, says", [
    ("睡衣洗了缩不缩水", "不缩水"),
    ("睡衣洗了掉不掉色", "不掉色"),  # read as a complaint before
    ("睡衣裤子穿着会往下滑吗", "不往下掉"),  # not 适用温度: 零下5度, whose 下 only shares a character
])
def test_what_the_goods_would_do_is_the_faqs(shop: Engine, text: str, says: str) -> None:
    assert says in ask(shop, text, PAID).reply


def test_what_happened_is_still_a_complaint(shop: Engine) -> None:
    assert "不缩水" not in ask(shop, "睡衣洗了缩水了", PAID).reply


UNLISTED = Order.from_dict({"order_id": "C2", "status": "paid", "amount": 129,
                            "items": [{"sku": "MJ9", "title": "加厚法兰绒毛毯 灰色", "price": 129}]})


def test_a_question_of_an_ordered_item_the_catalogue_lacks_is_no_complaint(shop: Engine) -> None:
    turn = ask(shop, "这个毯子掉毛厉害吗", UNLISTED)
    assert "没查到" in turn.reply and "毛毯" in turn.reply and not turn.auto


def test_a_fault_of_an_ordered_item_the_catalogue_lacks_is_still_a_complaint(shop: Engine) -> None:
    assert "没查到" not in ask(shop, "这个毯子掉毛了", UNLISTED).reply
