"""What buyers ask whether an item does (能美白吗: the trainers' `claims` of an attribute), a buyer's word for the
word a FAQ entry writes (怀孕 for 孕妇: the trainers' `alike`), whether a named item may be used (油皮可以用…不),
goods of a kind the shop does not list (你们卖眼霜吗), a need answered with 用啥好, and a variant's name inside a
question of what the item does (能保湿吗 of an item sold as 保湿型). Each is answered with the right fact; a claim
the item's values do not say, or a word read as another, waits for an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import engine_with, shipped_words, write_catalog

FILES = {
    "TNR4.yaml": """\
sku: TNR4
title: 积雪草舒缓爽肤水
price: 89
aliases: [爽肤水, 化妆水]
attributes: {净含量: 200ml, 功效: 保湿 舒缓泛红, 用法: 洁面后倒在手心轻拍 早晚可用}
variants:
  - {color: 保湿型, stock: 20}
  - {color: 清爽型, stock: 0, restock: 2026-12-21}
faq:
  - {q: [孕妇能用吗, 哺乳期可以用吗], a: 无酒精无香精，孕期哺乳期都可以用}
  - {q: [油皮能用吗, 会不会闷痘], a: 水状质地不黏，油皮也能用}
suits: [干皮, 敏感肌]
""",
    "EAR4.yaml": """\
sku: EAR4
title: 入耳式降噪蓝牙耳机
price: 199
aliases: [耳机, 蓝牙耳机]
attributes: {续航: 单次8小时, 功效: 主动降噪}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "claims_alike", FILES))


ask = partial(shops.ask, conversation="claims_alike")


# (message, what the first suggestion says, whether it may go out alone)
ROWS = [
    ("爽肤水能美白吗", "保湿 舒缓泛红", False),  # a claim its value does not say: for an agent, with the value
    ("这个爽肤水能祛痘不", "保湿 舒缓泛红", False),
    ("爽肤水早上能用吗", "早晚可用", False),  # 早上 is not what the shop wrote (早晚): an agent confirms
    ("怀孕三个月了爽肤水能用吗", "孕期哺乳期都可以用", False),  # 怀孕 for the entry's 孕妇
    ("大油皮可以用爽肤水不", "油皮也能用", False),
    ("你们卖眼霜吗", "眼霜", False),  # goods of a kind the shop does not list: no record of them
]


@pytest.mark.parametrize("text, says, alone", ROWS)
def test_a_claim_or_a_buyers_word_gets_the_right_fact(shop: Engine, text: str, says: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_claim_the_value_says_is_a_yes(shop: Engine) -> None:
    turn = ask(shop, "耳机能降噪吗")
    assert "主动降噪" in turn.reply


def test_a_variant_named_in_what_the_item_does_is_no_stock_question(shop: Engine) -> None:
    turn = ask(shop, "爽肤水能保湿吗")  # 保湿 is the 保湿型's name too, and the 补/有 of stock is not asked
    assert "功效" in turn.reply and "有货" not in turn.reply, turn.reply


def test_a_need_asked_with_which_to_use(shop: Engine) -> None:
    assert "积雪草舒缓爽肤水" in ask(shop, "我是敏感肌 用啥好").reply


def test_the_trainers_claims_and_alike_groups_are_read() -> None:
    words = shipped_words()
    assert "美白" in words.attribute_cues("功效")
    assert words.claims_unsaid("能美白吗", [("功效", "补水保湿")]) == ["美白"]
    assert words.claims_unsaid("能补水吗", [("功效", "补水保湿")]) == []
    assert any({"孕妇", "怀孕"} <= set(group) for group in words.alike)
