"""A pet shop's questions, against a small catalogue of our own: goods sized by the pet's weight (a dog's raincoat,
worming tablets sold by the pet's kilograms), weights no person weighs (狗六斤, 三公斤半, 七斤多) read against such a
chart and never from the item's own values (2-4kg的), a chart by weight alone asking for the weight only, an item id
pasted with no link, and a size asked of a link the shop does not know."""
from __future__ import annotations

from functools import partial

import pytest

from bot.catalog import sizing
from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "RC1.yaml": """\
sku: RC1
title: 狗狗四脚雨衣
price: 58
aliases: [雨衣, 狗雨衣, 宠物雨衣]
item_ids: ["55500011"]
attributes: {面料: 防水涤纶, 款式: 四脚连帽}
variants:
  - {color: 明黄, size: XS, stock: 5}
  - {color: 明黄, size: S, stock: 8}
  - {color: 明黄, size: M, stock: 0, restock: 2026-12-14}
  - {color: 明黄, size: L, stock: 3}
  - {color: 天蓝, size: S, stock: 2}
size_chart:                         # the dog's weight, 斤
  - {size: XS, weight: [1, 5]}
  - {size: S, weight: [5, 9]}
  - {size: M, weight: [9, 14]}
  - {size: L, weight: [14, 20]}
warranty: 开胶30天内包换
""",
    "QT1.yaml": """\
sku: QT1
title: 犬用体内驱虫片
price: 39
aliases: [驱虫片, 打虫片]
item_ids: ["55500012"]
attributes: {适用: 仅限犬用, 产地: 法国}
variants:
  - {size: 2-4kg, stock: 10, price: 39}
  - {size: 4-8kg, stock: 0, restock: 2026-12-12, price: 49}
size_chart:                         # the dog's weight, 斤
  - {size: 2-4kg, weight: [4, 8]}
  - {size: 4-8kg, weight: [8, 16]}
""",
    "GF1.yaml": """\
sku: GF1
title: 冻干双拼狗粮
price: 79
aliases: [狗粮, 双拼粮]
attributes: {粗钙: ≥1.2%, 粗蛋白: ≥32%, 产地: 江苏}
variants:
  - {color: 牛肉味, size: 1kg, stock: 9, price: 79}
  - {color: 牛肉味, size: 6kg, stock: 0, restock: 2026-12-15, price: 329}
  - {color: 羊肉味, size: 1kg, stock: 4, price: 85}
  - {color: 羊肉味, size: 6kg, stock: 3, price: 349}
faq:
  - {q: [泪痕重能吃吗, 吃了会有泪痕吗, 去泪痕吗], a: 不含人工色素，低盐配方，对泪痕有帮助}
""",
    "GF2.yaml": """\
sku: GF2
title: 幼犬羊奶狗粮
price: 69
aliases: [狗粮, 幼犬粮]
attributes: {适用年龄: 2到12月龄幼犬}
variants:
  - {color: 原味, size: 2kg, stock: 5}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "pets", FILES))


ask = partial(shops.ask, conversation="pets")


@pytest.mark.parametrize("text, weight", [
    ("狗六斤穿哪个码", 6.0),
    ("三公斤半的狗", 7.0),
    ("七斤多 穿哪个", 7.5),
    ("狗狗八斤半", 8.5),
    ("十二斤的狗", 12.0),
    ("买5斤装的", None),  # a bag's weight
    ("狗粮两袋", None),
])
def test_a_pets_weight_is_read_in_digits_and_numerals(text: str, weight: float | None) -> None:
    assert sizing.light_weight(text) == weight


def test_the_items_own_values_are_no_pets_weight() -> None:
    assert sizing.light_weight("4-8kg的还有吗", ("2-4kg", "4-8kg")) is None
    assert sizing.light_weight("狗三公斤 选2-4kg的吗", ("2-4kg", "4-8kg")) == 6.0


@pytest.mark.parametrize("text, says, never", [
    ("雨衣 狗六斤穿哪个码", "S码", "身高"),
    ("我家狗三公斤半 雨衣拿多大", "S码", "身高"),
    ("狗狗雨衣 十二斤的狗穿几码", "M码", "身高"),
    ("驱虫片 狗七斤多吃哪个", "2-4kg", "2-4kg码"),  # a size that is a measure takes no 码
])
def test_a_chart_by_the_pets_weight_advises_a_size(shop: Engine, text: str, says: str, never: str) -> None:
    reply = ask(shop, text).reply
    assert says in reply and never not in reply


def test_a_weight_two_rows_hold_says_both(shop: Engine) -> None:
    reply = ask(shop, "雨衣 狗九斤选哪个码").reply
    assert "S" in reply and "M" in reply and "之间" in reply


def test_a_chart_by_weight_alone_asks_for_the_weight_only(shop: Engine) -> None:
    reply = ask(shop, "雨衣穿什么码").reply
    assert "体重" in reply and "身高" not in reply


def test_a_variant_named_by_kilograms_is_asked_of_not_weighed(shop: Engine) -> None:
    turn = ask(shop, "驱虫片4-8kg的还有货吗")
    assert "12月12日" in turn.reply and "之间" not in turn.reply


def test_an_item_id_pasted_alone_names_the_item(shop: Engine) -> None:
    assert "天蓝" in ask(shop, "55500011 天蓝的有吗").reply
    assert "法国" in ask(shop, "55500012 哪里产的").reply


def test_a_size_asked_of_an_unknown_link_is_left_to_an_agent(shop: Engine) -> None:
    turn = ask(shop, "https://item.taobao.com/item.htm?id=99900077 这个有XL吗")
    assert "没查到" in turn.reply and not turn.auto


@pytest.mark.parametrize("text, says", [
    ("双拼粮有3kg装的吗", "没有3kg"),  # a bag the item does not come in, its unit the bags' own
    ("双拼粮有3公斤的吗", "没有3kg"),  # 公斤 is the trainers' kg
    ("双拼粮羊肉的6公斤多少钱", "羊肉味 6kg是349元"),  # the flavour without its 味; one bag's price said whole
    ("狗粮羊肉的1kg多少钱", "85元"),  # two items are 狗粮: the flavour says which
    ("双拼粮蛋白质有多少", "32%"),  # 粗蛋白 asked as 蛋白质
])
def test_a_food_by_flavour_and_bag(shop: Engine, text: str, says: str) -> None:
    assert says in ask(shop, text).reply


def test_the_faq_of_an_item_not_named_names_it(shop: Engine) -> None:
    turn = ask(shop, "我家狗泪痕重 能吃吗")
    assert "冻干双拼狗粮" in turn.reply and "泪痕" in turn.reply and not turn.auto


def test_a_flavour_the_item_lacks_is_said_by_an_agent(shop: Engine) -> None:
    turn = ask(shop, "双拼粮有鸭肉味的吗")
    assert "没有鸭肉味" in turn.reply and "牛肉味" in turn.reply and not turn.auto
    assert "有货的是：牛肉味 1kg" in ask(shop, "双拼粮有牛肉味的吗").reply  # one it has is its stock


def test_a_recommendation_that_names_an_item_is_among_that_item(shop: Engine) -> None:
    reply = ask(shop, "冬天带狗出门 雨衣推荐哪个").reply
    assert "狗狗四脚雨衣" in reply and "驱虫片" not in reply and "狗粮" not in reply


LIFE_STAGES = """\
sku: LS1
title: 全阶段鸭肉狗粮
price: 99
aliases: [鸭肉粮]
variants:
  - {size: 幼犬粮, stock: 6}
  - {size: 成犬粮, stock: 4}
  - {size: 老年犬粮, stock: 0, restock: 2026-12-20}
size_chart:                         # the dog's age in months: a dog lives past 18 years, a child's cap
  - {size: 幼犬粮, age: [2, 12]}
  - {size: 成犬粮, age: [12, 84]}
  - {size: 老年犬粮, age: [84, 240]}
"""


def test_a_pets_age_chart_runs_past_a_childs_years(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A senior dog's food charted to 20 years loads (the age cap was once a child's 18) and is advised by the years."""
    engine = engine_with(write_catalog(tmp_path_factory, "stages", {"LS1.yaml": LIFE_STAGES}))
    reply = ask(engine, "鸭肉粮 狗狗九岁了吃哪种", conversation="stages").reply
    assert "老年犬粮" in reply and "12月20" in reply
