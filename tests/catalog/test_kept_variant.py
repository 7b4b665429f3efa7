"""Stock said in the words buyers and shops use (有货), each variant in stock listed when the question names only part
of one (M码的有吗: which colours), and the conversation's variant kept: a follow-up naming another value of the item
(30L的呢 after 有雾霾蓝吗) asks of the variant holding both. Beside them, questions that are no product need (有什么礼品:
a freebie asked) and a warranty asked before buying (开线了保修不, 坏了包换不)."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.catalog import asks
from bot.catalog.remedies import remedy_offered
from bot.domain import ConversationState
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "BAG5.yaml": """\
sku: BAG5
title: 通勤防泼水双肩包
price: 159
aliases: [双肩包, 背包, 书包]
attributes: {面料: 900D涤纶, 产地: 越南}
variants:
  - {color: 雾霾蓝, size: 20L, stock: 6}
  - {color: 雾霾蓝, size: 30L, stock: 4}
  - {color: 燕麦白, size: 20L, stock: 9}
  - {color: 燕麦白, size: 30L, stock: 0, restock: 2026-12-21}
  - {color: 碳黑, size: 30L, stock: 12}
warranty: 背带开线、拉链坏一年内免费维修
suits: [学生, 通勤]
""",
    "CUP5.yaml": """\
sku: CUP5
title: 陶瓷随行杯
variants: [{color: 奶咖, stock: 15}, {color: 薄荷绿, stock: 3}]
warranty: 收到有破损直接寄新的
price: 69
suits: [送礼, 办公]
aliases: [随行杯, 陶瓷杯]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = write_catalog(tmp_path_factory, "kept_variant", FILES)
    return engine_with(folder)


ask = partial(shops.ask, conversation="kept")


# (earlier messages, question, what the reply says, what it never says)
STOCK = [
    ((), "双肩包碳黑的有吗", "碳黑有货", "现货"),  # 有货, as buyers and the shop's writers say it
    ((), "背包20L的还有吗", "雾霾蓝 20L、燕麦白 20L", ""),  # the size named: each colour of it in stock
    (("双肩包有雾霾蓝吗",), "30L的呢", "雾霾蓝 30L有货", "碳黑"),  # the colour asked before, kept
    (("双肩包雾霾蓝20L有吗",), "那燕麦白呢", "燕麦白 20L有货", "雾霾蓝"),  # the colour replaced, the size kept
    (("双肩包有碳黑吗",), "20L的呢", "燕麦白 20L", ""),  # no 碳黑 20L: the size alone, nothing kept
    (("双肩包有燕麦白吗",), "随行杯呢", "奶咖", "燕麦白"),  # another item: its own variants
]


@pytest.mark.parametrize(("history", "text", "says", "never"), STOCK)
def test_stock_and_the_conversations_variant(shop: Engine, history: tuple[str, ...], text: str, says: str,
                                              never: str) -> None:
    turn = ask(shop, text, history=history)
    assert says in turn.reply, turn.reply
    assert not never or never not in turn.reply, turn.reply


def test_the_variant_named_is_kept_in_the_state_until_another_item_is_asked_of(shop: Engine) -> None:
    first = ask(shop, "双肩包有雾霾蓝吗")
    assert first.state.item_variant == ("雾霾蓝",)
    priced = shop.reply("多少钱", state=first.state, now=shops.NOW)  # names no value: the colour stays
    assert priced.state.item_variant == ("雾霾蓝",)
    again = ConversationState.from_json(priced.state.to_json())
    assert again.item_variant == ("雾霾蓝",)
    other = shop.reply("随行杯有货吗", state=again, now=shops.NOW)
    assert other.state.item_sku == "CUP5" and other.state.item_variant == ()


# (message, whether it asks for a freebie rather than naming a need)
FREEBIES = [
    ("有什么礼品呀", True), ("买这个送小礼物吗", True), ("有赠品没", True), ("有礼物送吗", True),
    ("想买个礼品送长辈", False), ("有什么礼品推荐吗", False), ("送什么礼物好", False), ("适合当礼物吗", False),
    ("想送个礼物 预算两百", False),
]


@pytest.mark.parametrize(("text", "freebie"), FREEBIES)
def test_a_freebie_asked_is_no_need_for_a_gift(shop: Engine, text: str, freebie: bool) -> None:
    assert bool(asks.FREEBIE.search(text)) is freebie
    assert shop.desk is not None
    assert ("送礼" in shop.desk.reader.needs(text)) is not freebie


@pytest.mark.parametrize(("text", "says"), [
    ("双肩包背带开线了保修不", "免费维修"),  # before buying: the warranty, not a complaint's reply
    ("随行杯碎了包换不", "直接寄新的"),  # the exchange asked, which the shop words as sending a new one
    ("背包是哪国产的", "越南"),
])
def test_warranty_and_origin_asked_of_an_item(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)


def test_a_new_one_sent_is_the_exchange_asked() -> None:
    assert remedy_offered("一年内断芯直接寄新的", "了包换")
    assert not remedy_offered("一年内免费维修", "了包换")
