"""Questions in the short forms buyers use, against a small catalogue of our own (cushions, a lotion, an ordered
candle the catalogue lacks): an item called by the one word of its name only it has (天鹅绒的 for 天鹅绒靠垫), a
bundle or a price asked without 买 or 钱 (一起多少, 两瓶多少, 多少一个), which of an item's kinds to choose (油皮选哪种),
and a question naming an ordered item the shop does not list. What rests on a guess waits for an agent."""
from __future__ import annotations

import pytest

from bot.domain import Order
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "KD1.yaml": """\
sku: KD1
title: 天鹅绒靠垫
price: 59
aliases: [靠垫, 抱枕, 天鹅绒靠垫]
attributes: {面料: 短毛绒, 尺寸: 45x45cm}
variants:
  - {color: 墨绿, stock: 7}
  - {color: 姜黄, stock: 0, restock: 2026-12-15}
faq:
  - {q: [会掉毛吗, 掉不掉毛], a: 短毛绒锁边处理，不掉毛}
bundles:
  - {name: 绒面加亚麻靠垫各一个, skus: [KD1, KD2], price: 99}
""",
    "KD2.yaml": """\
sku: KD2
title: 棉麻靠垫
price: 49
aliases: [靠垫, 抱枕, 亚麻靠垫]
attributes: {面料: 棉麻混纺, 尺寸: 45x45cm}
variants:
  - {color: 米白, stock: 12}
faq:
  - {q: [能机洗吗, 可以水洗吗], a: 外套可以拆下来机洗}
  - {q: [会掉毛吗, 掉不掉毛], a: 棉麻的首次洗有少量浮毛}
""",
    "RY1.yaml": """\
sku: RY1
title: 保湿乳液
price: 88
aliases: [乳液, 保湿乳]
attributes: {净含量: 100ml, 适用肤质: 清爽款给油皮 滋润款给干皮}
variants:
  - {color: 清爽款, stock: 20}
  - {color: 滋润款, stock: 9}
bundles:
  - {name: 乳液两瓶装, skus: [RY1, RY1], price: 159}
suits: [油皮, 干皮]
""",
}
FILES["CF1.yaml"] = """\
sku: CF1
title: 纯羊毛冬被
price: 499
aliases: [羊毛被, 被子]
attributes: {填充物: 澳洲羊毛, 适用季节: 3斤春秋盖，5斤冬天盖}
variants:
  - {color: 3斤, size: 150x200cm, stock: 4, price: 399}
  - {color: 5斤, size: 150x200cm, stock: 2, price: 599}
  - {color: 5斤, size: 200x230cm, stock: 6, price: 799}
size_note: 1.2米床盖150x200cm，1.5米和1.8米床盖200x230cm
faq:
  - {q: [有没有味道, 有羊膻味吗], a: 羊毛经过清洗除味，拆开通风一天就没味了}
  - {q: [能晒吗, 可以拿出去晒吗], a: 可以晒，别在正午暴晒}
"""
CANDLE = Order.from_dict({"order_id": "C1", "status": "paid", "amount": 69,
                          "items": [{"sku": "XX9", "title": "雪松香薰蜡烛", "price": 69}]})
CUSHION = Order.from_dict({"order_id": "C2", "status": "paid", "amount": 49,
                           "items": [{"sku": "KD2", "title": "棉麻靠垫 米白", "price": 49}]})


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "short", FILES))


@pytest.mark.parametrize("text, says", [
    ("天鹅绒的会掉毛吗", "不掉毛"),  # the cushion named by its 天鹅绒 only, not the other 靠垫
    ("天鹅绒的是什么面料", "短毛绒"),
])
def test_an_item_called_by_the_word_only_it_has_is_answered_for_an_agent(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert says in turn.reply
    assert not turn.auto  # a guess at the item


def test_a_short_word_does_not_take_over_the_order(engine: Engine) -> None:
    turn = ask(engine, "天鹅绒的能机洗吗", order=CUSHION)
    assert "短毛绒" not in turn.reply and "不掉毛" not in turn.reply


@pytest.mark.parametrize("text, says", [
    ("天鹅绒靠垫和亚麻靠垫一起多少", "99"),  # the bundle, not each price
    ("乳液两瓶多少", "159"),
    ("乳液多少一瓶", "88"),
])
def test_a_bundle_or_price_asked_without_buy_or_money(engine: Engine, text: str, says: str) -> None:
    assert says in ask(engine, text).reply


def test_which_kind_of_the_item_to_choose_is_its_own_not_another_item(engine: Engine) -> None:
    reply = ask(engine, "油皮选哪种乳液").reply
    assert "清爽款" in reply and "推荐" not in reply


@pytest.mark.parametrize("text", ["蜡烛烧起来呛不呛", "蜡烛会不会熏得头疼"])
def test_a_question_naming_an_ordered_item_the_catalogue_lacks_is_looked_up(engine: Engine, text: str) -> None:
    turn = ask(engine, text, order=CANDLE)
    assert "没查到" in turn.reply and "蜡烛" in turn.reply
    assert not turn.auto


def test_a_figure_that_names_a_variant_is_no_count(engine: Engine) -> None:
    reply = ask(engine, "羊毛被5斤200x230的多少钱").reply  # 5斤 is the quilt's weight, not five quilts
    assert "799" in reply and "优惠" not in reply


def test_how_big_of_goods_sized_by_the_bed_is_the_shops_note(engine: Engine) -> None:
    assert "200x230cm" in ask(engine, "1米8的床 羊毛被要多大的").reply


def test_which_kind_by_an_attribute_when_the_note_speaks_of_other_things(engine: Engine) -> None:
    assert "5斤冬天" in ask(engine, "羊毛被冬天选哪种").reply  # the note is on beds, the attribute on seasons


@pytest.mark.parametrize("text, says", [("羊毛被有没有异味", "除味"), ("羊毛被能不能晒太阳", "别在正午")])
def test_a_faq_in_other_words_by_the_one_character_only_its_questions_say(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert says in turn.reply and not turn.auto
