"""Ways buyers of shoes, luggage and groceries ask that the catalogue once misread, on a catalogue of our own: a
weight against a chart by foot length, a man's and a woman's shoe one name calls, what a sole lifts (增高), which
shoes to wear for an occasion, when a sold-out colour ships, a capacity in 升, a suitcase 撑大 on a plane, a pillow
睡扁, what one size costs more, a fruit's weight against its width across, a figure at the end of a span (90 of
85-90mm) taken for the value asked, a word bared of its 子 that another word holds (包子 in 面包), how many a weight
holds (5斤有几个) read as stock, a delivery question of an item whose title says how it ships (顺丰冷链), and a bundle
called by its own name (母子箱) with no item named. Each row failed before; its plain neighbour still reads as it did."""
from __future__ import annotations

from functools import partial

import pytest

from bot.catalog.cues import says_word
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "RUNM.yaml": """\
sku: RUNM
title: 男款缓震慢跑鞋 网面透气
price: 289
aliases: [跑步鞋, 跑鞋, 男款跑鞋]
attributes: {鞋面: 飞织网面, 中底: 发泡中底}
variants:
  - {color: 黑色, size: "41", stock: 6}
  - {color: 黑色, size: "42", stock: 4}
size_chart:
  - {size: "41", foot: 255}
  - {size: "42", foot: 260}
size_note: 正码
faq:
  - {q: [体重大能穿吗, 200斤能穿不, 胖子能穿吗], a: 中底偏软，体重170斤以内穿着最舒服}
warranty: 六十天内开胶包换
suits: [跑步, 健身]
""",
    "RUNW.yaml": """\
sku: RUNW
title: 女款轻盈慢跑鞋 软底
price: 259
aliases: [跑步鞋, 跑鞋, 女款跑鞋]
attributes: {鞋面: 双层网布}
variants:
  - {color: 白色, size: "37", stock: 5}
size_chart:
  - {size: "37", foot: 235}
warranty: 三十天内开胶包换
suits: [跑步, 跳操]
""",
    "BAN1.yaml": """\
sku: BAN1
title: 厚底帆布鞋
price: 139
aliases: [帆布鞋, 厚底鞋]
attributes: {鞋底: 硫化橡胶底, 底厚: 后跟约4cm}
variants:
  - {color: 米白, size: "38", stock: 9}
suits: [学生]
""",
    "DRESS1.yaml": """\
sku: DRESS1
title: 男士正装德比鞋 牛皮
price: 399
aliases: [皮鞋, 德比鞋]
variants:
  - {color: 黑色, size: "42", stock: 3}
suits: [结婚, 商务]
""",
    "BAG1.yaml": """\
sku: BAG1
title: 复古斜挎小方包
price: 199
aliases: [小方包, 斜挎包]
variants:
  - {color: 黑色, stock: 12}
  - {color: 墨绿, stock: 0, restock: 2026-12-16}
""",
    "CASE1.yaml": """\
sku: CASE1
title: 翻盖商务登机箱 18寸
price: 429
aliases: [登机箱, 翻盖箱]
attributes: {容量: 约30L, 翻盖: 前置翻盖取电脑}
variants:
  - {color: 银色, stock: 5}
""",
    "CASE2.yaml": """\
sku: CASE2
title: 可扩展拉杆箱
price: 259
aliases: [拉杆箱, 扩展箱, 登机箱]
attributes: {轮子: 飞机万向轮}
variants:
  - {color: 灰色, size: 20寸, stock: 7, price: 259}
  - {color: 灰色, size: 24寸, stock: 4, price: 299}
bundles:
  - {name: 20寸+24寸 母子箱组合, skus: [CASE2, CASE2], price: 519}
faq:
  - {q: [扩展开了还能登机吗, 撑开以后能带上飞机吗], a: 不能，扩展后厚度超出登机尺寸，登机前把扩展拉链拉上}
""",
    "NECK1.yaml": """\
sku: NECK1
title: 记忆棉护颈枕
price: 59
aliases: [护颈枕, 颈枕]
variants:
  - {color: 灰色, stock: 30}
warranty: 二十天内回弹不好免费换新
""",
    "FLOUR1.yaml": """\
sku: FLOUR1
title: 家用小麦粉 中筋
price: 25
aliases: [面粉, 小麦粉]
attributes: {用途: 做馒头、包子、饺子}
variants:
  - {size: 2.5kg, stock: 20}
faq:
  - {q: [能做面包吗, 烤面包行吗], a: 做面包要用高筋粉，这款中筋的不太合适}
""",
    "ORANGE1.yaml": """\
sku: ORANGE1
title: 高山脐橙
price: 39
aliases: [脐橙, 橙子]
attributes: {果径: 70-80mm}
variants:
  - {size: 5斤, stock: 40}
""",
    "APPLE1.yaml": """\
sku: APPLE1
title: 山地红富士
price: 59
aliases: [红富士, 富士]
attributes: {果径: 75mm指75-80mm，85mm指85-90mm, 材质说明: 316不锈钢果篮}
variants:
  - {size: 75mm, stock: 12}
  - {size: 85mm, stock: 0, restock: 2026-12-19}
""",
    "LUNCH1.yaml": """\
sku: LUNCH1
title: 不锈钢饭盒
price: 45
aliases: [饭盒]
variants:
  - {color: 银色, stock: 15}
faq:
  - {q: [有盖吗, 带盖吗], a: 有盖，硅胶圈密封不漏汤}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "shoes_luggage", FILES))


ask = partial(shops.ask, conversation="s")

# (message, what the first suggestion says, what it must not say, sent alone? (None: either))
ROWS = [
    # a weight is no measure of a chart by foot length: the shop's entry on heavy wearers answers it
    ("我两百斤 男款跑鞋能穿吗", "170斤以内", "脚长", False),
    # 男款 said before a name two shoes share is the man's shoe
    ("男款跑鞋200斤能穿不", "170斤以内", "脚长", None),
    ("男款跑步鞋质保多久", "六十天", "三十天", False),
    # 增高 asks what the sole lifts; 鞋底多厚 the 底厚 beside the sole's make
    ("帆布鞋增高多少", "后跟约4cm", "", True),
    ("帆布鞋底多厚", "后跟约4cm", "", True),
    # which shoes to wear for an occasion is a recommendation, for an agent
    ("结婚当新郎穿啥鞋好", "德比鞋", "", False),
    # when a sold-out colour ships is when it comes back
    ("小方包墨绿的啥时候能发", "12月16日", "", False),
    # 多少升 asks the capacity, not the 翻盖 the item is called by
    ("翻盖的登机箱装得多吗 多少升", "约30L", "", False),
    # 撑大 and 上飞机 are the entry's 撑开 and 带上飞机
    ("扩展箱撑大了还能上飞机不", "不能", "万向轮", False),
    # 睡扁 is a fault the warranty names as 回弹不好
    ("颈枕睡扁了能换吗", "回弹不好", "", False),
    # how much more a size costs: its price, for an agent to set beside the other's
    ("拉杆箱24寸贵多少", "299", "", False),
    # a bundle called by its own name with no item named: that bundle, for an agent
    ("母子箱一起买多少钱", "519", "", False),
    # a fruit's weight is not its width across
    ("橙子一个多重", "", "70-80mm", False),
    # 包子 is not the 面包 of the entry on bread
    ("面粉能做包子吗", "", "", False),
    # a figure at the end of a value's span is no value checked: 90 of 85mm指85-90mm, whose 85mm is sold out
    ("红富士90的有吗", "", "是的", False),
]
STILL = [  # the neighbours that read as before
    ("男款跑鞋和女款跑鞋哪个轻", "女款轻盈慢跑鞋", "", False),  # each named by its own name: which one?
    ("面粉能做面包吗", "高筋粉", "", True),
    ("饭盒有盖子吗", "有盖", "", None),  # 盖 said as a word of its own: the entry speaks to 盖子
    ("帆布鞋鞋底是啥做的", "硫化橡胶底", "后跟", None),
    ("红富士是316的吗", "316不锈钢", "", None),  # a figure the value holds whole is still checked
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_way_of_asking_is_read(shop: Engine, text: str, says: str, never: str, alone: bool | None) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, turn.auto if alone is None else alone)


@pytest.mark.parametrize("text, says, never, alone", STILL, ids=[r[0] for r in STILL])
def test_the_plain_neighbour_reads_as_before(shop: Engine, text: str, says: str, never: str, alone: bool | None) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply and not (never and never in turn.reply), turn.reply
    assert alone is None or turn.auto is alone, turn.reply


def test_an_in_stock_colour_that_ships_when_is_a_delivery_question(shop: Engine) -> None:
    turn = ask(shop, "小方包黑色的啥时候能发")
    assert turn.product is None and turn.intents == ("shipping",), (turn.intents, turn.reply)


@pytest.mark.parametrize("word, texts, said", [
    ("包子", ("能做面包吗", "做面包要用高筋粉"), False),  # 包 only inside 面包
    ("盖子", ("有盖吗", "有盖，硅胶圈密封"), True),  # 盖 as a word of its own
    ("盖子", ("带盖子吗",), True),
    ("袋子", ("能放进袋里吗",), True),
    ("不配", ("配充电器吗",), True),  # bared of its 不 (配不配), as before
])
def test_a_word_bared_of_its_zi_is_said_only_as_a_word_of_its_own(word: str, texts: tuple[str, ...], said: bool) -> None:
    assert says_word(word, texts) is said


GROCER = {
    "CHERRY1.yaml": """\
sku: CHERRY1
title: 进口车厘子 顺丰冷链 2斤礼盒
price: 139
aliases: [车厘子, 樱桃]
attributes: {产地: 智利}
variants:
  - {size: 2斤, stock: 10}
bundles:
  - {name: 进口车厘子礼盒, skus: [CHERRY1, CHERRY1], price: 259}
""",
    "APPLE2.yaml": """\
sku: APPLE2
title: 高原苹果
price: 49
aliases: [苹果]
attributes: {果径: 80mm左右}
variants:
  - {size: 5斤, stock: 10}
  - {size: 10斤, stock: 4}
faq:
  - {q: [一箱多少个, 10斤有几个, 大概多少个], a: 10斤装约18-22个，以重量为准}
""",
}


@pytest.fixture(scope="module")
def grocer(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "grocer", GROCER))


@pytest.mark.parametrize("text, never", [
    ("车厘子顺丰吗", "默认发中通"),  # the item says it goes 顺丰冷链: the shop's delivery rule may not hold for it
    ("车厘子是冷链发货吗", "默认中通"),
    ("苹果5斤有几个", "有货"),  # how many a weight holds, no stock question
])
def test_what_the_item_says_of_itself_waits_rather_than_a_generic_answer(grocer: Engine, text: str, never: str) -> None:
    turn = ask(grocer, text)
    assert not turn.auto and never not in turn.reply, (turn.intents, turn.reply)


@pytest.mark.parametrize("text, says", [
    ("苹果什么时候发货", "发货"),  # the item says nothing of how it ships: the shop's rule, alone
    ("苹果10斤还有吗", "10斤"),  # 还有 asks what is left
    ("进口车厘子2斤有货吗", "有货"),  # a bundle's name that holds the item's own is no bundle asked
])
def test_the_plain_delivery_and_stock_questions_read_as_before(grocer: Engine, text: str, says: str) -> None:
    turn = ask(grocer, text)
    assert turn.auto and says in turn.reply, (turn.intents, turn.reply)
