"""The buyer choosing: the size usually worn against a shop's note on how an item runs (偏小半码: one up), a deal asked
on a count of one item (三根 能便宜吗: the shop's bundles), and a purchase about to be made that reads like a complaint
(拍 a photo) or a goodbye (行 那我拍个43的), answered with the related items. Each rests on the catalogue's facts; the
size from a note, the deal on a count and the purchase read past another intent wait for an agent."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.catalog.sizing import by_note
from bot.domain import ConversationState
from bot.engine import Engine

from .shops import engine_with, write_catalog

NOW = datetime(2026, 12, 5, 10, 0)

FILES = {
    "BOOT9.yaml": """\
sku: BOOT9
title: 加绒雪地靴
price: 169
aliases: [雪地靴, 棉靴]
variants:
  - {color: 黑色, size: "37", stock: 3}
  - {color: 黑色, size: "36", stock: 4}
  - {color: 黑色, size: "38", stock: 0, restock: 2026-12-14}
  - {color: 黑色, size: "39", stock: 2}
size_note: 尺码偏小半码，建议拍大一码
related: [SOCK9]
""",
    "TEE9.yaml": """\
sku: TEE9
title: 修身罗纹T恤
price: 69
aliases: [T恤]
variants:
  - {color: 黑色, size: M, stock: 5}
  - {color: 黑色, size: L, stock: 5}
size_chart:
  - {size: M, height: [155, 165], weight: [90, 115]}
  - {size: L, height: [165, 175], weight: [115, 140]}
size_note: 修身版型偏小
""",
    "SOCK9.yaml": """\
sku: SOCK9
title: 羊毛保暖袜
price: 29
aliases: [羊毛袜, 袜子]
variants:
  - {color: 灰色, size: 均码, stock: 40}
""",
    "FAN9.yaml": """\
sku: FAN9
title: 负离子吹风机
price: 259
aliases: [吹风机, 电吹风]
variants:
  - {color: 珍珠白, stock: 6}
  - {color: 深空灰, stock: 2}
related: [SOCK9]
""",
    "CORD9.yaml": """\
sku: CORD9
title: 编织快充线
price: 29
aliases: [数据线, 充电线]
variants:
  - {size: 1米, stock: 30}
  - {size: 2米, stock: 20}
bundles:
  - {name: 两根装, skus: [CORD9, CORD9], price: 49}
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "choosing", FILES))


def ask(engine: Engine, *texts: str):
    state = ConversationState("t")
    for text in texts:
        turn = engine.reply(text, state=state, order=None, now=NOW)
        state = turn.state
    return turn


@pytest.mark.parametrize("note, usual, expected", [
    ("尺码偏小半码，建议拍大一码", "37", "38"),
    ("版型偏大，可以拍小一码", "M", "S"),
    ("尺码标准，按平时的码数拍；脚背高或脚宽的拍大一码", "37", "37"),  # 脚宽的 is for some feet only
    ("鞋型正常，不偏大不偏小", "38", "38"),
    ("喜欢宽松的可以拍大一码", "37", None),  # says nothing of how the item runs
    ("尺码偏小", "39", None),  # no bigger size sold
    ("尺码偏小", "40", None),  # not one of its sizes
])
def test_the_size_usually_worn_as_the_note_says_the_item_runs(note, usual, expected) -> None:
    assert by_note(note, ["S", "M", "L"] if usual in "SML" else ["36", "37", "38", "39"], usual) == expected


@pytest.mark.parametrize("text", ["雪地靴平时穿37的 拍几码", "雪地靴 孩子平常穿37码 这款选哪个"])
def test_a_note_that_the_item_runs_small_moves_the_usual_size_up(engine: Engine, text: str) -> None:
    turn = ask(engine, text)
    assert turn.product is not None and turn.product.kind == "size", turn.reply
    assert "建议拍38码" in turn.reply and "偏小半码" in turn.reply and "12月14日" in turn.reply, turn.reply
    assert turn.auto is False  # read from a note, not a chart: an agent confirms


def test_a_deal_on_a_count_of_one_item_is_its_bundles(engine: Engine) -> None:
    turn = ask(engine, "数据线我要三根 能便宜吗")
    assert turn.product is not None and turn.product.kind == "bundle", turn.reply
    assert "两根装49元" in turn.reply and turn.auto is False  # three asked, a pair on offer: the shop's call


@pytest.mark.parametrize("texts, must", [
    (("那我拍一个吹风机",), ("负离子吹风机", "羊毛保暖袜")),  # 拍 reads like a photo of a complaint
    (("好的 那我要一个珍珠白的吹风机",), ("珍珠白", "羊毛保暖袜")),
    (("雪地靴有37码吗", "行 那我拍个37的黑色"), ("黑色 37", "羊毛保暖袜")),  # reads like a goodbye
])
def test_a_purchase_about_to_be_made_gets_the_related_items(engine: Engine, texts, must) -> None:
    turn = ask(engine, *texts)
    assert turn.product is not None and turn.product.kind == "related", turn.reply
    for word in must:
        assert word in turn.reply, turn.reply
    assert turn.auto is False


@pytest.mark.parametrize("text", ["吹风机坏了 我拍个视频给你", "我要一个说法 吹风机用一次就不出风"])
def test_a_complaint_that_names_a_purchase_stays_a_complaint(engine: Engine, text: str) -> None:
    turn = ask(engine, text)
    assert turn.product is None and "quality_issue" in turn.intents, (turn.intents, turn.reply)


def test_between_two_sizes_a_note_that_the_item_runs_small_picks_the_larger(engine: Engine) -> None:
    turn = ask(engine, "T恤 170 110斤穿什么码")
    assert "M和L之间" in turn.reply and "这款偏小，建议选L码" in turn.reply, turn.reply
