"""Recommendations from a catalogue in the issue's format, which tags no needs (no `suits`): an item suits a need
when its own words say it (中老年, 礼盒, 加厚保暖, 适合跑步), unless they say it does not (孕妇慎用); with none that
does, what the budget buys, for the agent to choose among and worded as no claim that it suits. Always a suggestion
for an agent, never sent alone."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.catalog.loading import load_catalog
from bot.catalog.needs import described, says, stated, suits
from bot.domain import ConversationState
from bot.engine import Engine

from .shops import engine_with, shipped_words, write_catalog

NOW = datetime(2026, 12, 5, 10, 0)

FILES = {
    "TEA1.yaml": """\
sku: TEA1
title: 高山红茶礼盒
price: 168
aliases: [红茶, 茶叶礼盒]
attributes: {产地: 福建武夷山, 包装: 礼盒装，适合送长辈}
variants:
  - {size: 250g, stock: 10}
""",
    "SOCK1.yaml": """\
sku: SOCK1
title: 加厚羊毛袜
price: 39
aliases: [羊毛袜, 袜子]
attributes: {材质: 羊毛70%, 厚度: 加厚保暖}
variants:
  - {color: 灰色, size: 均码, stock: 30}
""",
    "RUN1.yaml": """\
sku: RUN1
title: 轻量缓震跑鞋
price: 459
aliases: [跑鞋, 运动鞋]
attributes: {适用: 日常跑步、健身, 鞋底: EVA缓震}
variants:
  - {color: 黑色, size: "42", stock: 5}
""",
    "OIL1.yaml": """\
sku: OIL1
title: 薰衣草按摩精油
price: 89
aliases: [精油, 按摩油]
attributes: {成分: 薰衣草精油, 注意: 孕妇慎用}
variants:
  - {size: 30ml, stock: 12}
""",
    "MAT1.yaml": """\
sku: MAT1
title: 加厚瑜伽垫
price: 99
category: 运动装备
aliases: [瑜伽垫]
attributes: {厚度: 8mm}
variants:
  - {color: 紫色, stock: 5}
""",
    "POLE1.yaml": """\
sku: POLE1
title: 碳素登山杖
price: 129
category: 运动户外
aliases: [登山杖]
attributes: {重量: 200g}
variants:
  - {color: 黑色, stock: 5}
""",
    "CUP1.yaml": """\
sku: CUP1
title: 玻璃随手杯
price: 29
aliases: [玻璃杯, 杯子]
attributes: {容量: 400ml, 材质: 高硼硅玻璃}
variants:
  - {color: 透明, stock: 50}
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory):
    return write_catalog(tmp_path_factory, "untagged", FILES)


@pytest.fixture(scope="module")
def engine(folder) -> Engine:
    return engine_with(folder)


@pytest.mark.parametrize("text, must, must_not", [
    # 送长辈 in the tea's attributes says it suits 老人 (and a gift); nothing else does
    ("想送老人点东西 两百以内", ("高山红茶礼盒",), ("羊毛袜", "跑鞋")),
    # 加厚保暖: the socks suit winter
    ("东北冬天 有啥保暖的推荐", ("加厚羊毛袜",), ("跑鞋", "精油")),
    # a need in the items' own words that no need of the trainers' list names: 跑步
    ("想送男朋友个跑步用的 有推荐吗", ("轻量缓震跑鞋",), ("精油",)),
    # none suits a student by its words: what 100元 buys, claiming nothing, dearest first
    ("学生党 预算一百以内有啥推荐", ("100元以内的有", "加厚瑜伽垫", "薰衣草按摩精油", "加厚羊毛袜", "玻璃随手杯"),
     ("适合学生", "跑鞋")),
    # 瑜伽 in an item's name says more than 运动 in two items' category: the mat first, then the shoe its alias
    # 运动鞋 names, then the pole of the category 运动户外
    ("练瑜伽 有啥运动的推荐", ("推荐：加厚瑜伽垫（99元）、轻量缓震跑鞋（459元）、碳素登山杖（129元）",), ()),
])
def test_a_recommendation_reads_the_items_own_words(engine: Engine, text, must, must_not) -> None:
    turn = engine.reply(text, state=ConversationState("t"), order=None, now=NOW)
    assert turn.product is not None and turn.product.kind == "recommend", turn.reply
    for word in must:
        assert word in turn.reply, turn.reply
    for word in must_not:
        assert word not in turn.reply, turn.reply
    assert turn.auto is False, turn.reply


@pytest.mark.parametrize("text, word, expected", [
    ("注意：孕妇慎用", "孕妇", False),
    ("不适合3岁以下儿童", "儿童", False),
    ("3岁以上儿童可用", "儿童", True),
    ("适合送长辈", "长辈", True),
    ("孕妇慎用，儿童可以用", "儿童", True),  # the 慎用 is the 孕妇's
    ("", "老人", False),
])
def test_what_an_items_words_say_of_a_need(text: str, word: str, expected: bool) -> None:
    assert says(text, word) is expected


def test_tags_decide_when_the_shop_wrote_them(folder) -> None:
    words = shipped_words()
    catalog = load_catalog(folder)
    tea, oil = catalog.get("TEA1"), catalog.get("OIL1")
    assert suits(tea, "老人", words) and suits(tea, "送礼", words)  # 送长辈, 礼盒
    assert not suits(oil, "孩子", words)
    assert "孕妇慎用" in described(oil) and not suits(oil, "孕妇", words)
    tagged = type(tea)(**{**vars(tea), "suits": ("办公",)})  # the shop's tags, once written, are what counts
    assert suits(tagged, "办公", words) and not suits(tagged, "老人", words)


def test_a_need_of_the_items_words_is_one_some_items_say(folder) -> None:
    catalog, words = load_catalog(folder), shipped_words()
    assert stated(["跑步", "推荐"], catalog, words) == ("跑步",)
    # 玻璃 is said by one item: a need; 东西 and 推荐 only ask; 老人 is one of the trainers' needs, read by them
    assert stated(["东西", "老人", "玻璃"], catalog, words) == ("玻璃",)
