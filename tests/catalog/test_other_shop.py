"""A second shop's catalogue, written here (shoes in numbered sizes, a desk lamp, loose-leaf tea): the
readings that the demo catalogue never put to the test. Each answer still carries the catalogue's fact;
only one that certainly answers the question goes out alone."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.catalog.attributes import attributes_asked
from bot.catalog.wanted import wanted
from bot.catalog.loading import read_catalog
from bot.domain import Item, Order
from bot.engine import Engine
from bot.slots import extract

from . import shops
from .shops import assert_answers, engine_with, shipped_words, write_catalog

WORDS = shipped_words()
FILES = {
    "RUN3.yaml": """\
sku: RUN3
title: 轻量透气跑步鞋
price: 219
aliases: [跑鞋, 小白鞋, 运动鞋, 鞋]
attributes: {鞋面: 飞织网面, 鞋底: EVA缓震, 鞋垫: 可拆卸记忆棉}
variants:
  - {color: 白色, size: 38, stock: 5}
  - {color: 白色, size: 39, stock: 0, restock: 2026-12-19}
  - {color: 灰色, size: 40, stock: 7}
  - {color: 灰色, size: 41, stock: 2}
size_note: 鞋码偏小半码，脚背高的拍大一码
""",
    "LMP2.yaml": """\
sku: LMP2
title: 护眼阅读台灯
price: 149
aliases: [台灯, 护眼灯]
attributes: {高度: 45cm, 尺寸: 底座15x15cm, 色温档位: 三档可调, 功率: 8W, 重量: 约1.2公斤}
variants:
  - {color: 米白, stock: 11}
faq:
  - {q: [送礼有礼盒吗, 包装怎么样], a: 每台都配硬壳礼盒包装，可以代写贺卡}
genuine: 国家3C认证，品牌直营
warranty: 一年内非人为故障免费换新
related: [TEA5]
suits: [送礼, 学生]
""",
    "TEA5.yaml": """\
sku: TEA5
title: 高山乌龙茶
price: 58
aliases: [乌龙茶, 茶叶]
attributes: {产地: 福建安溪, 保质期: 18个月}
variants:
  - {size: 100g, stock: 30}
  - {size: 250g, stock: 12}
  - {size: 5g试饮装, stock: 0, restock: 2026-12-21}
bundles:
  - {name: 两罐装, skus: [TEA5, TEA5], price: 108}
  - {name: 台灯+茶礼盒, skus: [LMP2, TEA5], price: 189}
related: [LMP2]
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory, "shop", FILES)


@pytest.fixture(scope="module")
def shop(folder: Path) -> Engine:
    return engine_with(folder)


TEA_ORDER = Order("K1", "unpaid", 58.0, (Item(sku="TEA5", title="高山乌龙茶 100g", price=58.0),))


ask = partial(shops.ask, conversation="other-shop")  # the conversation its rows were written in


# (message, earlier messages, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # the 白 of the alias 小白鞋 is no colour: size 40 is asked, which only the grey has
    ("小白鞋40码有吗", (), "40有货", "白色", True),
    # a numbered size the item lacks is said to be missing, not answered with the stock of another
    ("跑鞋有44码的吗", (), "没有44码", "白色 38有", False),
    ("跑鞋39码有吗", (), "12月19日", "没有39", True),
    # a size question on an item with no size chart: the shop's note, for an agent to send
    ("平时穿39 跑鞋拍几码", (), "偏小半码", "身高", False),
    # 多高 asks the shop's 高度, not the 尺寸 that buyers also ask with 多高
    ("台灯有多高", (), "45cm", "底座", True),
    # a word of the shop's attribute name asks for it (色温 of 色温档位)
    ("台灯色温能调吗", (), "三档可调", "", True),
    # the file holds one price, not each variant's: a variant's price waits
    ("250g的茶叶多少钱", (), "58元", "", False),
    ("乌龙茶多少钱", (), "58元", "", True),
    ("乌龙茶怎么卖", (), "58元", "", True),  # 怎么卖 after an item's name asks its price, not how to pay
    # read by the matcher as shipping, the stock of a named item is the catalogue's answer, which waits for an agent
    # beside that reading
    ("39码啥时候能到货", ("跑鞋有39码吗",), "12月19日", "", False),
    # read by the matcher as a complaint, a warranty question asked before buying is the shop's warranty
    ("台灯质量有问题怎么办", (), "非人为故障", "", True),
    # 进口 asks where it is made; 重吗 its weight
    ("乌龙茶是进口的吗", (), "福建安溪", "", True),
    ("台灯重吗", (), "1.2公斤", "", True),
    # two questions, each answered in full, are answered together; 多高 and 保修几年 are questions too
    ("台灯多高 保修几年", (), "45cm", "", True),
    ("台灯多高 保修几年", (), "非人为故障", "", True),
    ("乌龙茶多少钱 包邮吗", (), "58元", "", False),
    ("乌龙茶多少钱 有没有礼盒", (), "58元", "", False),
    ("乌龙茶多少钱 保质期多久", (), "18个月", "", True),
    ("帮我写张贺卡 乌龙茶多少钱 保质期多久", (), "58元", "", False),  # a request besides the questions
    # an attribute name that holds the item's name (鞋垫 holds the alias 鞋) is still asked whole; whether
    # 可拆卸 says 拿出来 is an agent's call
    ("跑鞋鞋垫能拿出来吗", (), "可拆卸记忆棉", "", False),
    # a bundle written in another item's file holds this one too
    ("台灯有套装吗", (), "189元", "", True),
    # a need the answer leaves a word of unexplained gives way to a FAQ that says it (包装 -> 礼盒); that FAQ is
    # only near the bar, so an agent sends it
    ("台灯送礼有包装吗", (), "硬壳礼盒", "很适合", False),
    # a question whose words the genuine or warranty statement says is answered by it
    ("台灯有3C认证吗", (), "国家3C认证", "", True),
    # ...asked whether; asked which or where (哪个品牌, 哪生产的) a statement that only names the word answers nothing
    ("台灯是哪个品牌的", (), "", "品牌直营", False),
]


@pytest.mark.parametrize("text, history, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_second_shop_is_answered_from_its_own_facts(shop: Engine, text: str, history: tuple[str, ...],
                                                       says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text, history=history)
    assert_answers(turn, says, never, alone)


@pytest.mark.parametrize("text, height, weight", [
    ("一米六八 一百二 穿M还是L", 168, 120),  # a bare figure after a height is the weight in 斤
    ("身高一百七十三 体重一百三十五斤", 173, 135),  # 身高 and 体重 with Chinese numerals
    ("一米六五一百一十斤穿什么码", 165, 110),  # no space between height and weight
    ("一米七 一百块能买到吗", 170, None),  # a figure with a unit of money is no weight
])
def test_heights_and_weights_in_chinese_numerals(text: str, height: float, weight: float | None) -> None:
    slots = extract(text).slots
    assert (slots.height_cm, slots.weight_jin) == (height, weight)


def test_the_items_own_name_names_no_colour(folder: Path) -> None:
    catalog, problems = read_catalog(folder)
    assert not [p for p in problems if p.severity == "error"], problems
    shoe = catalog.get("RUN3")
    assert wanted(shoe, "小白鞋有货吗").color is None
    assert wanted(shoe, "白的小白鞋有货吗").color == "白色"


def test_the_shops_own_attribute_name_wins_over_a_common_word_for_another(folder: Path) -> None:
    lamp = read_catalog(folder)[0].get("LMP2")
    assert attributes_asked(lamp, "有多高", ["多高"], WORDS) == [("高度", "45cm")]
    assert attributes_asked(lamp, "底座尺寸多大", ["底座", "尺寸", "多大"], WORDS) == [("尺寸", "底座15x15cm")]



def test_a_bundle_of_the_ordered_item_is_its_bundle_not_a_haggle(shop: Engine) -> None:
    turn = ask(shop, "两罐一起买多少钱", order=TEA_ORDER)
    assert turn.product is not None and "108元" in turn.reply, (turn.intents, turn.reply)


@pytest.mark.parametrize("text, says", [
    ("什么时候能发货 250g的乌龙茶还有吗", "250g有货"),  # read as shipping too: the stock half is the catalogue's
    ("买了乌龙茶还要买什么", "护眼阅读台灯"),  # read as a haggle: what goes with the tea
])
def test_a_product_half_of_another_reading_is_suggested_not_sent(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)
    assert not turn.auto


def test_the_words_of_a_size_written_with_figures_name_it(folder: Path) -> None:
    tea = read_catalog(folder)[0].get("TEA5")
    assert wanted(tea, "有试饮装吗").size == "5g试饮装"
    assert wanted(tea, "250g的呢").size == "250g"


def test_a_shipping_question_in_a_product_conversation_stays_a_shipping_question(shop: Engine) -> None:
    turn = ask(shop, "什么时候发货", history=("跑鞋有39码吗",))
    assert turn.product is None and turn.intents == ("shipping",), (turn.intents, turn.reply)
