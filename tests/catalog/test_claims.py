"""A yes/no question that claims a value (是云南的吗, 是500克的吗), a part of the goods named by one character
(什么底, 啥面), a foot length the FAQ answers and the prices of two items in one message, read against a small
catalogue of our own (a hiking boot, a tin of black tea). A claim the value holds answers 是的 and may go out
alone; a claim it contradicts gets the real value, for an agent to send."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.catalog.attributes import attributes_asked
from bot.catalog.claims import confirms, contradicted
from bot.catalog.loading import read_catalog
from bot.engine import Engine

from .shops import ask, assert_answers, engine_with, shipped_words, write_catalog

WORDS = shipped_words()
FILES = {
    "BOOT7.yaml": """\
sku: BOOT7
title: 防滑登山靴
price: 329
aliases: [登山靴, 徒步鞋, 靴子]
attributes: {靴面: 磨砂牛皮拼接网布, 大底: 耐磨橡胶齿纹, 内衬: 防水透气膜, 重量: 单只约520克, 产地: 福建晋江}
variants:
  - {color: 棕色, size: 41, stock: 4}
  - {color: 棕色, size: 42, stock: 6}
size_note: 鞋码偏大半码，厚袜子按平时的码拍
genuine: 品牌直营，鞋舌内侧有防伪码
faq:
  - {q: [脚长多少穿几码, 按脚长怎么选码], a: 脚长25cm穿41码，25.5cm穿42码，再长的选43码}
""",
    "TEA9.yaml": """\
sku: TEA9
title: 罐装滇红茶
price: 88
aliases: [红茶, 滇红]
attributes: {净含量: 250克, 产地: 云南凤庆, 储存: 密封避光, 香精: 无添加香精}
variants:
  - {size: 250克, stock: 20}
  - {size: 50克试饮装, stock: 0, restock: 2026-12-20}
bundles:
  - {name: 两罐装, skus: [TEA9, TEA9], price: 168}
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory, "claims", FILES)


@pytest.fixture(scope="module")
def shop(folder: Path) -> Engine:
    return engine_with(folder)


# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # the value holds the claim: 是的, alone
    ("红茶是云南的吗", "是的", "", True),
    ("登山靴是晋江产的吗", "福建晋江", "", True),
    # a place the value does not name: the real place, for an agent
    ("红茶是福建的吗", "云南凤庆", "是的", False),
    ("登山靴是越南产的吗", "福建晋江", "是的", False),
    # a figure or unit the value does not say: the real amount, for an agent
    ("红茶是500克的吗", "250克", "是的", False),
    ("滇红是250ml的吗", "250克", "是的", False),
    # a value that says no to the asked word is never a yes
    ("红茶有香精吗", "无添加香精", "是的", True),
    # a part named by one character: the one attribute whose name ends with it
    ("登山靴什么底", "耐磨橡胶齿纹", "", True),
    ("靴子啥面的", "磨砂牛皮", "", True),
    # with only a size note, a FAQ that speaks to the question is the suggestion (25.5 is one figure, not two
    # clauses); whether it goes alone is the FAQ's closeness rule, which this wording does not pass
    ("脚长25.5穿多大的登山靴", "25.5cm穿42码", "", False),
    ("登山靴偏大吗", "偏大半码", "", False),
    # buyers' words: 啥时候有 asks for stock, 真假 whether it is genuine
    ("红茶试饮装啥时候有", "12月20日", "", True),
    ("登山靴怎么验真假", "防伪码", "", False),  # the genuine statement; the matcher is unsure of it, so an agent sends it
    # 我买的 is the item bought, not a purchase being made
    ("我买的登山靴多重", "520克", "", False),  # the weight, not 买了 read as a purchase; 买 leaves it to an agent
    # 一起多少 asks a price without 钱: two of them, the bundle's
    ("红茶两罐一起多少", "168", "", True),
    # no item named: the one item with an attribute of that name, a guess an agent confirms
    ("内衬防水吗", "防水透气膜", "", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_claimed_value_or_a_named_part_is_answered_from_the_attribute(
        shop: Engine, text: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text, conversation="claims")
    assert_answers(turn, says, never, alone)


@pytest.fixture(scope="module")
def products(folder: Path):
    catalog, _ = read_catalog(folder)
    return catalog.get("BOOT7"), catalog.get("TEA9")


def test_a_claim_no_value_can_be_about_finds_nothing(products) -> None:
    boot, tea = products
    assert contradicted(tea, "是高山茶吗", WORDS) == []  # no place, no figure: nothing to set against it
    assert contradicted(boot, "是云南凤庆的吗", WORDS) == [("产地", "福建晋江")]
    assert contradicted(tea, "是云南凤庆的吗", WORDS) == []  # the value says it: not a contradiction
    assert contradicted(tea, "有几种", WORDS) == []  # no claim at all


def test_a_part_name_shared_by_two_attributes_asks_neither(products) -> None:
    boot, _ = products
    assert attributes_asked(boot, "什么底", ["什么", "底"], WORDS) == [("大底", "耐磨橡胶齿纹")]
    two = replace(boot, attributes={"大底": "橡胶", "中底": "EVA"})
    assert attributes_asked(two, "什么底", ["什么", "底"], WORDS) == []
    assert attributes_asked(boot, "什么时候发货", ["什么", "时候", "发货"], WORDS) == []


def test_a_value_that_refuses_the_word_does_not_confirm() -> None:
    assert confirms("有香精吗", ["有", "香精", "吗"], [("香精", "无添加香精")]) is False
    assert confirms("是云南的吗", ["是", "云南", "的", "吗"], [("产地", "云南凤庆")]) is True
    assert confirms("产地是哪里", ["产地", "是", "哪里"], [("产地", "云南凤庆")]) is False  # no yes/no question


def test_the_prices_of_two_named_items_are_each_given_for_an_agent(shop: Engine) -> None:
    turn = ask(shop, "登山靴和红茶分别多少钱", conversation="prices")
    assert turn.product is not None and turn.product.kind == "prices", turn.reply
    assert "329元" in turn.reply and "88元" in turn.reply, turn.reply
    assert turn.auto is False


def test_a_claim_the_value_holds_asks_for_it_however_jieba_cuts_it(products) -> None:
    _, tea = products
    assert attributes_asked(tea, "是无添的吗", ["是", "无", "添", "的", "吗"], WORDS) == [("香精", "无添加香精")]
    assert attributes_asked(tea, "无添吗", ["无", "添", "吗"], WORDS) == []  # no claim: single characters ask nothing
