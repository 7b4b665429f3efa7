"""Questions a new trade puts to the reader, against a small catalogue of our own for two trades the demo shop does
not sell (sports gear and shoes; skincare and make-up): a count of goods in the trade's measure words (三根, 两支), a
question asked with 啥 or 木有, a need that is only part of an item's name (the 登山 of 登山杖), a size read from a
table the shop writes in words (脚长 against 尺码对照, 头围 against M码54-58cm), an item or a word written with a
character of the same sound (徒涉鞋, 保休), a measure asked by its unit (多少毫升 against 净含量: 50ml), and a
material the file does not name (真皮 against 网面). What rests on a reading by meaning waits for an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Order
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "WS1.yaml": """\
sku: WS1
title: 低帮透气徒步鞋
price: 429
aliases: [徒步鞋, 户外鞋]
attributes: {鞋面: 透气网面+合成革, 大底: 橡胶耐磨底, 码数对照: 39码=脚长245mm 40码=250mm 41码=255mm 42码=260mm 43码=265mm}
variants:
  - {color: 沙棕, size: 40, stock: 4}
  - {color: 沙棕, size: 41, stock: 6}
  - {color: 沙棕, size: 42, stock: 0, restock: 2026-12-16}
  - {color: 墨黑, size: 43, stock: 2}
size_note: 鞋型标准，按脚长选码；脚背高的拍大一码
warranty: 三个月内开胶免费换新
suits: [徒步, 爬山, 送爸爸]
""",
    "HL1.yaml": """\
sku: HL1
title: 山地骑行头盔
price: 199
aliases: [头盔, 骑行盔]
attributes: {头围尺寸: M码55-58cm L码58-61cm, 重量: 约280克, 壳体: PC外壳+EPS内衬, 通风孔: 12个}
variants:
  - {color: 亮白, size: M, stock: 6}
  - {color: 亮白, size: L, stock: 3}
warranty: 一年内卡扣损坏免费寄配件
""",
    "WP1.yaml": """\
sku: WP1
title: 铝合金徒步手杖
price: 69
aliases: [手杖, 徒步杖]
attributes: {杖身: 航空铝合金, 调节范围: 60-130cm}
variants:
  - {color: 银灰, stock: 30}
faq:
  - {q: [手杖调多长合适, 身高多少调多长], a: 平地按身高乘0.7调，上坡调短一点}
bundles:
  - {name: 手杖两支装, skus: [WP1, WP1], price: 125}
suits: [徒步, 爬山, 送老人]
""",
    "LT1.yaml": """\
sku: LT1
title: 玻尿酸补水乳液
price: 139
aliases: [乳液, 补水乳]
attributes: {净含量: 120ml, 保质期: 3年 开封后一年内用完, 适用肤质: 干皮 混干皮 敏感肌, 质地: 清爽不黏}
variants:
  - {size: 120ml, stock: 20}
  - {size: 30ml旅行装, stock: 0, restock: 2026-12-12}
genuine: 品牌官方授权，瓶底有防伪码
warranty: 过敏七天内可退
suits: [送女朋友, 干皮]
""",
    "LP1.yaml": """\
sku: LP1
title: 柔雾唇釉
price: 119
aliases: [唇釉]
attributes: {净含量: 4g, 保质期: 3年, 香味: 淡淡果香}
variants:
  - {color: "#11 枫叶红", stock: 6}
  - {color: "#12 肉桂", stock: 0, restock: 2026-12-10}
  - {color: "#13 蜜桃粉", stock: 4}
""",
    "HD1.yaml": """\
sku: HD1
title: 恒温卷发棒
price: 169
aliases: [卷发棒]
attributes: {档位: 五档调温, 电压: 220V, 功率: 45W, 线长: 2.5米}
variants:
  - {color: 象牙白, stock: 9}
warranty: 一年保修
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "trades", FILES))


ask = partial(shops.ask, conversation="trades")  # the conversation its rows were written in


# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # a count in the trade's measure word, priced: the item's price and its own bundle, for an agent
    ("手杖我要三根 怎么算", "125元", "", False),
    ("手杖买两支有优惠没", "125元", "", True),  # the pair the shop sells as one
    # a numbered size the item lacks, asked with 木有: said to be missing
    ("徒步鞋有45码的木有", "没有45码", "", False),
    # asked with 啥: a question about the goods, not a complaint
    ("徒步鞋是啥大底", "橡胶耐磨底", "", True),
    # the 爬山 of a need said, not the 徒步 of the item's name: the FAQ on the length, not whether it suits
    ("我一米七 徒步杖调多长合适", "0.7", "很适合", False),
    # a need and an open question in buyers' words (买点啥好): a recommendation
    ("带我爸去爬山 给他买点啥好", "徒步", "乳液", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_new_trades_question_gets_the_files_fact(shop: Engine, text: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, alone)


@pytest.mark.parametrize("text, says, alone", [
    ("脚长二十六点五 徒步鞋穿几码", "43码", True),  # a foot length in Chinese numerals, in cm, against a table in mm
    ("徒步鞋 脚长250mm拿多大的", "40码", True),
    ("徒步鞋脚长25.8穿多大", "在41和42之间", False),  # between two rows: both, for an agent
    ("头盔头围57选什么码", "M码", True),  # a range per size, written in the attribute's value
    ("头盔 我头围58", "在M和L之间", False),  # the edge two ranges share
    ("徒步鞋脚长28穿几码", "43码", False),  # off the table: the nearest size, for an agent
])
def test_a_measure_against_a_size_table_written_in_words(shop: Engine, text: str, says: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == "size", (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_a_size_table_is_read_from_the_shops_words() -> None:
    from bot.catalog.model import Product
    from bot.catalog.sizes import tables
    note = Product("BR9", "运动文胸", 99, size_note="按下胸围选：S码63-70cm，M码70-77cm；大胸拍大一码")
    (table,) = tables(note)
    assert (table.measure, table.unit, [r.size for r in table.rows]) == ("下胸围", "cm", ["S", "M"])
    assert table.pick(72) == ("M", None, None)
    weight = Product("SH9", "跑鞋", 99, attributes={"重量": "单只约235克(42码)", "中底": "前掌25mm 后跟33mm"})
    assert tables(weight) == ()  # a figure beside one size, and figures of no size, are no table


@pytest.mark.parametrize("text, says, never", [
    ("补水如液是正品吗", "防伪码", ""),  # 如液 for 乳液, the item's name
    ("徒步鞋保休多久", "开胶免费换新", ""),  # 保休 for 保修, the word of what is asked
    ("手杖能调多长", "60-130cm", ""),  # no attribute named for the length: the value written in cm
    ("徒步鞋是真皮的吗", "透气网面+合成革", "是的"),  # a material no value says: the item's material
])
def test_a_reading_by_sound_or_by_meaning_gets_the_fact_for_an_agent(shop: Engine, text: str, says: str,
                                                                     never: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)
    assert not never or never not in turn.reply, turn.reply
    assert not turn.auto, turn.reply


def test_a_question_written_as_meant_is_no_slip(shop: Engine) -> None:
    assert shop.desk is not None
    assert shop.desk.reader.as_meant("乳液干皮用吃吗") == "乳液干皮用吃吗"  # 吃吗 sounds like 尺码 but is plain writing


def test_a_count_asked_may_be_the_titles_own_figure() -> None:
    from bot.catalog.attributes import units_near
    from bot.catalog.model import Product
    blocks = Product("MB1", "磁力积木64片", 99, attributes={"材质": "ABS"})
    assert units_near(blocks, "有多少片") == [("规格", "64片")]
    assert units_near(blocks, "有多少颗") == []


@pytest.mark.parametrize("text, says, never, alone", [
    ("唇釉有12号吗", "#12 肉桂暂时卖完了", "", True),  # a shade by its number, as cosmetics shops write them
    ("唇釉蜜桃粉还有吗", "#13 蜜桃粉", "没有", True),  # ...or by the name beside the number
    ("唇釉会过期吗", "3年", "抱歉", True),  # 过 of 过期 is no report of what happened
    ("卷发棒有几档", "五档调温", "抱歉", True),  # 几 asks, whatever measure word follows
    ("唇釉是什么味道的", "淡淡果香", "", True),  # an everyday word for what the shop's name says (香味)
    ("乳液防伪怎么查", "防伪码", "", False),  # 防伪 asks whether the goods are genuine
    ("乳液油皮能用吗", "干皮 混干皮 敏感肌", "是的", False),  # a skin type the value does not say: the value, for an agent
    ("卷发棒线有几米", "2.5米", "抱歉", False),  # a length asked by its unit, read as a complaint by the matcher
    ("头盔有几个孔", "通风孔：12个", "", True),  # 几个孔: the attribute whose name ends with what is counted
    ("卷发棒出国能用吗", "220V", "", False),  # the attribute that may answer it, for an agent
])
def test_a_cosmetics_question_in_everyday_words(shop: Engine, text: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)
    assert not never or never not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


TWINS = {
    "KT1.yaml": """\
sku: KT1
title: 不锈钢电水壶1.5L
price: 89
aliases: [电水壶, 水壶]
attributes: {容量: 1.5L, 重量: 约900克}
variants:
  - {color: 银色, stock: 7}
warranty: 一年保修
""",
    "KT2.yaml": """\
sku: KT2
title: PRO恒温电水壶1.8L
price: 199
aliases: [电水壶, 水壶, 恒温壶]
attributes: {容量: 1.8L, 壶盖: 可拆卸壶盖, 保温: 12小时恒温}
variants:
  - {color: 奶白, stock: 3}
  - {color: 银色, stock: 0, restock: 2026-12-20}
faq:
  - {q: [壶盖可以拆吗, 盖子能拆下来洗吗], a: 壶盖可以整个拆下来清洗}
warranty: 两年包修
""",
}


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "twins", TWINS))


@pytest.mark.parametrize("text, says, never", [
    ("1.5的水壶多重", "900克", "哪一款"),  # a figure only one title has names that item
    ("pro水壶保修几年", "两年包修", "12小时"),  # a model letter; 几年 is no question of hours
    ("水壶够1.5个人用吗", "还是", ""),  # 1.5 people is no 1.5L: still ask which
    ("恒温壶壶盖能拆吗", "整个拆下来清洗", ""),  # the shop's own answer to the very question, over the attribute
])
def test_an_item_among_two_of_one_name(twins: Engine, text: str, says: str, never: str) -> None:
    turn = ask(twins, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)
    assert not never or never not in turn.reply, turn.reply


def test_a_question_about_an_ordered_item_the_catalogue_lacks_says_so(twins: Engine) -> None:
    from bot.domain import Item
    order = Order("K9", "paid", 59.0, (Item(sku="ST9", title="折叠露营凳", price=59.0),))
    turn = ask(twins, "这个凳子承重多少", order)
    assert turn.product is not None and turn.product.kind == "unknown_item" and not turn.auto, (turn.intents, turn.reply)
    assert ask(twins, "https://item.taobao.com/item.htm?id=5550001").product is None  # a link and nothing asked


def test_a_colour_both_ordered_items_have_gets_each_ones_stock_for_an_agent(twins: Engine) -> None:
    from bot.domain import Item
    order = Order("K8", "unpaid", 288.0, (Item(sku="KT1", title="不锈钢电水壶1.5L", price=89.0),
                                          Item(sku="KT2", title="PRO恒温电水壶1.8L", price=199.0)))
    turn = ask(twins, "这个有银色吗", order)
    assert "不锈钢电水壶1.5L" in turn.reply and "PRO恒温电水壶1.8L" in turn.reply and "12月20日" in turn.reply, turn.reply
    assert not turn.auto


def test_two_measures_asked_at_once_are_both_answered(shop: Engine) -> None:
    turn = ask(shop, "头盔多沉 有几个孔")  # 多沉 asks, like 多重
    assert "280克" in turn.reply and "12个" in turn.reply, (turn.intents, turn.reply)
