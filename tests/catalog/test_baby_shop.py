"""A baby shop's questions the readings of other trades missed: a question of an item beside an invoice or a delivery
(雨罩有味没 能开发票不), which another reply alone would leave unanswered; 加个 between two items (推车加个雨罩), one more
item and no slip for 价格; goods the buyer means to buy for someone (想买个礼品送长辈), a recommendation though 买…送
reads like a haggle, while a freebie asked (送个小礼品吧) stays the haggle's; a child's age in half months (四个半月); and
what an item named first comes with (奶瓶送奶嘴不: the bottle is asked about, though the teat's file names bottles too)."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "ST9.yaml": "{sku: ST9, title: 轻便折叠婴儿推车, price: 699, aliases: [推车, 婴儿车], suits: [送礼, 出行],"
                " attributes: {车重: 5.8kg, 适用年龄: 0-36个月},"
                " variants: [{color: 燕麦灰, stock: 12}, {color: 雾霾蓝, stock: 0, restock: 2026-12-20}],"
                " bundles: [{name: 推车雨罩套装, skus: [ST9, RC9], price: 739}]}",
    "RC9.yaml": "{sku: RC9, title: 推车防风雨罩, price: 59, aliases: [雨罩, 防风罩],"
                " faq: [{q: [有没有味道, 会不会有异味], a: EVA材质无异味，拆开晾一晚就行}]}",
    "BT9.yaml": "{sku: BT9, title: 宽口径玻璃奶瓶, price: 79, aliases: [奶瓶], attributes: {材质: 高硼硅玻璃, 配件: 含一个奶嘴和防尘盖}}",
    "NZ9.yaml": "{sku: NZ9, title: 宽口径硅胶奶嘴, price: 39, aliases: [奶嘴], attributes: {材质: 食品级硅胶, 更换周期: 2-3个月},"
                " faq: [{q: [别的奶瓶能用吗], a: 适配本店宽口径奶瓶}],"
                " variants: [{size: S号, stock: 9}, {size: M号, stock: 9}, {size: L号, stock: 9}],"
                " size_chart: [{size: S号, age: [0, 3]}, {size: M号, age: [3, 6]}, {size: L号, age: [6, 18]}]}",
    "SB9.yaml": "{sku: SB9, title: 纯棉婴儿睡袋, price: 129, aliases: [睡袋], attributes: {面料: A类纯棉}, suits: [送礼, 孩子]}",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "baby_shop", FILES))


ask = partial(shops.ask, conversation="baby")


@pytest.mark.parametrize(("text", "says"), [
    ("雨罩有味没 能开发票不", "无异味"),  # the FAQ worded far from 有味没: the invoice reply alone would pass over it
    ("雨罩有味没 发什么快递", "无异味"),
    ("睡袋啥面料的 能开票吗", "纯棉"),
    ("推车是铝合金的吗 什么时候发货", ""),  # a question its file cannot answer: the shipping times alone leave it
])
def test_a_question_of_an_item_beside_another_request_waits(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert not turn.auto, turn.reply
    assert says in turn.reply, (turn.intents, turn.reply)


@pytest.mark.parametrize(("text", "says"), [
    ("推车加个雨罩一共多少", "739"),  # two items joined by 加个: their bundle
    ("推车加个多少", "699"),  # 加个 with no second item is the slip for 价格: the price
])
def test_jia_ge_between_two_items_joins_them(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)


@pytest.mark.parametrize(("text", "intent"), [
    ("想买个礼品送长辈", "product_info"),  # 买…送: goods to give, not a freebie asked
    ("想买点东西送刚生宝宝的同事", "product_info"),
    ("打算给我外甥挑个礼物", "product_info"),
    ("我想买两个 送个小礼品吧", "bargain"),  # a freebie asked with 吧 is the haggle's
    ("买两件送什么", "bargain"),
])
def test_goods_meant_for_someone_are_a_recommendation(shop: Engine, text: str, intent: str) -> None:
    turn = ask(shop, text)
    assert turn.intents == (intent,), (turn.intents, turn.reply)
    assert not turn.auto, turn.reply


@pytest.mark.parametrize(("text", "says", "sku"), [
    ("宝宝四个半月了 奶嘴换几号", "M号", "NZ9"),  # 4.5 months, in the M row
    ("宝宝两个半月 奶嘴用几号", "S号", "NZ9"),
    ("奶瓶送奶嘴不", "含一个奶嘴", "BT9"),  # the bottle named before 送: the teat is what it may come with
    ("奶瓶送不送奶嘴", "含一个奶嘴", "BT9"),
])
def test_ages_in_half_months_parts_changed_and_what_comes_with(shop: Engine, text: str, says: str, sku: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.sku == sku and says in turn.reply, (turn.intents, turn.reply)


def test_a_clause_that_is_the_other_requests_own_question_goes_alone(shop: Engine) -> None:
    turn = ask(shop, "推车什么时候发货 能开票吗")  # both clauses are answered by the shipping and invoice replies
    assert turn.auto, turn.reply
