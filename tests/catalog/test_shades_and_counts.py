"""A shade asked by skin tone of a shop that writes its shade advice in the size note, a shade of another item asked
of this one (唇釉的瓷白: the cushion's), a figure against a range asked in the buyers' 夹得上, and a count of goods
with the item's name between it and the 多少. Each gets the shop's fact; none goes out by itself."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "CSH5.yaml": """\
sku: CSH5
title: 水光气垫粉底
price: 159
aliases: [气垫, 气垫粉底]
variants:
  - {color: 瓷白, stock: 8}
  - {color: 暖米, stock: 14}
size_note: 色号按肤色选：偏白选瓷白，偏黄或偏黑选暖米
""",
    "GLS5.yaml": """\
sku: GLS5
title: 镜面水光唇釉
price: 59
aliases: [唇釉]
variants:
  - {color: 蜜桃色, stock: 30}
  - {color: 番茄红, stock: 12}
bundles:
  - {name: 唇釉两支装, skus: [GLS5, GLS5], price: 99}
""",
    "LMP5.yaml": """\
sku: LMP5
title: 夹子护眼台灯
price: 129
aliases: [台灯, 夹子灯]
attributes: {夹口: 适合桌板厚度10-60mm, 功率: 8W}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "shades_counts", FILES))


ask = partial(shops.ask, conversation="shades_counts")


# (message, what the first suggestion says)
ROWS = [
    ("皮肤有点黑 气垫要啥色", "偏黄或偏黑选暖米"),  # the shade advice the shop wrote in its size note
    ("唇釉的瓷白有货吗", "没有瓷白"),  # the cushion's shade, asked of the lip glaze
    ("桌子七厘米厚 台灯夹得上吗", "超出"),  # 七厘米 against 10-60mm
    ("买三支唇釉多少", "99"),  # no bundle of three: the price and the pair's, for an agent
]


@pytest.mark.parametrize("text, says", ROWS)
def test_the_shops_fact_waits_for_an_agent(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert says in turn.reply, turn.reply
    assert not turn.auto, turn.reply


def test_the_colours_asked_of_an_item_named_are_its_stock(shop: Engine) -> None:
    turn = ask(shop, "唇釉有几个颜色")  # may read like a complaint about colour: the variants asked in so many words
    assert "蜜桃色" in turn.reply and "番茄红" in turn.reply, turn.reply


def test_which_to_use_of_the_conversations_item_is_its_own_advice(shop: Engine) -> None:
    turn = ask(shop, "偏黄的用哪个好", history=("气垫有几个色号",))
    assert "偏黄或偏黑选暖米" in turn.reply, turn.reply


def test_an_ordered_item_the_catalogue_lacks_is_not_the_shops_item_of_a_shared_word(shop: Engine) -> None:
    order = Order.from_dict({"order_id": "L1", "status": "paid", "amount": 45,
                             "items": [{"sku": "ZZ9", "title": "床头夹子灯 小夜灯款", "price": 45}]})
    turn = ask(shop, "这个夹子灯能充电吗", order)  # the ordered night light, which the catalogue lacks, not the desk lamp
    assert "没查到" in turn.reply and "护眼台灯" not in turn.reply and not turn.auto, turn.reply
    assert "夹子护眼台灯" in ask(shop, "夹子灯多少钱", order).reply  # pointing at nothing: the shop's own lamp
