"""Attributes asked in buyers' own words (甜度 and 糖度 told in a fruit's 口感, 摘 for its 采摘时间) that no attribute name says (风力 for a dryer's 风速, 充电要多久 for a
charge's time apart from how long it lasts, 没水了 for a humidifier's 缺水保护, 调温度 for a kettle's 温控, 灰大 for
a litter's 粉尘, 车能看见 for a lead's 反光条, 多长时间换一次 for a filter's 更换周期, 包里有什么 for what a pack
holds), a part that broke asked to be bought alone (盖子丢了能单独买吗: the shop's FAQ, not a complaint), needs
that single out whom or what the goods are for (男朋友 against the items tagged for a girlfriend, 减肥, 搬新家, 空气干,
懒得), how long to wait for a colour sold out (还要等多久: its restock date), a child's age against two items a
bare name says (孩子七岁用哪款牙刷: the one charted by age, not the adults' one called 牙刷), and a bundle asked by its
whole name with no word of a bundle (厨房两件套多少钱, 电水壶两只装多少钱 where 水壶 names two items); 有啥搭配的吗 asks
for the related items, and 便宜点的 with a need said (住宿舍) for a recommendation, not a haggle."""
from __future__ import annotations

import pytest

from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "DRY8.yaml": """\
sku: DRY8
title: 折叠静音吹风机
price: 259
aliases: [吹风机, 风筒]
attributes: {风速: 最大风速55m/s, 温度档位: 2档热风+冷风, 额定功率: 1400W}
suits: [送女友, 宿舍]
""",
    "SHV8.yaml": """\
sku: SHV8
title: 三刀头电动剃须刀
price: 229
aliases: [剃须刀, 刮胡刀]
attributes: {充电时间: 约1.5小时, 续航: 约45天, 防水等级: IPX7}
faq:
  - {q: [刀头多久换一次, 刀片用多久], a: 刀头建议一年一换}
suits: [送男友, 送父母]
""",
    "HUM8.yaml": """\
sku: HUM8
title: 卧室静音加湿器3L
price: 149
aliases: [加湿器]
attributes: {水箱容量: 3L, 缺水保护: 水箱见底自动断电, 额定功率: 22W}
""",
    "KET8.yaml": """\
sku: KET8
title: 不锈钢温控电水壶
price: 119
aliases: [电水壶, 烧水壶, 水壶]
attributes: {容量: 1.5L, 温控: 50-100℃五档可调, 保温: 12小时}
faq:
  - {q: [盖子坏了能单独买吗, 壶盖丢了能配吗, 底座能另外买吗], a: 壶盖和底座都能单独配，找客服拍配件链接}
suits: [办公, 乔迁]
bundles:
  - {name: 电水壶两只装, skus: [KET8, KET8], price: 209}
  - {name: 厨房两件套（炸锅+水壶）, skus: [KET8, FRY8], price: 349}
""",
    "POT8.yaml": """\
sku: POT8
title: 玻璃养生水壶
price: 129
aliases: [养生壶, 水壶]
attributes: {容量: 1.5L}
""",
    "FRY8.yaml": """\
sku: FRY8
title: 家用大容量空气炸锅
price: 269
aliases: [空气炸锅, 炸锅]
attributes: {容量: 6L, 额定功率: 1450W}
suits: [减脂, 家用]
related: [KET8]
""",
    "MST8.yaml": """\
sku: MST8
title: 办公室桌面小型加湿器
price: 89
aliases: [小加湿器, 桌面加湿器]
attributes: {水箱容量: 0.5L}
suits: [办公, 干燥]
""",
    "MOP8.yaml": """\
sku: MOP8
title: 免手洗平板拖把
price: 59
aliases: [拖把]
attributes: {拖布: 超细纤维}
suits: [懒人, 家用]
variants:
  - {color: 灰色, stock: 20}
  - {color: 蓝色, stock: 0, restock: 2026-12-21}
""",
    "BRA8.yaml": """\
sku: BRA8
title: 成人声波电动牙刷
price: 159
aliases: [电动牙刷, 牙刷]
attributes: {续航: 约40天}
""",
    "BRC8.yaml": """\
sku: BRC8
title: 儿童声波电动牙刷
price: 99
aliases: [儿童牙刷, 儿童电动牙刷]
attributes: {续航: 约20天}
size_chart:                               # 月龄
  - {size: 小童款, age: [36, 72]}
  - {size: 大童款, age: [72, 144]}
""",
    "LIT8.yaml": """\
sku: LIT8
title: 膨润土结团猫砂10斤
price: 39
aliases: [猫砂]
attributes: {粉尘: 过筛两遍 低粉尘, 结团: 遇水两秒结团}
""",
    "LEA8.yaml": """\
sku: LEA8
title: 中大型犬胸背牵引绳
price: 79
aliases: [牵引绳, 胸背]
attributes: {反光条: 两侧缝有反光条, 长度: 1.2米}
""",
    "FIL8.yaml": """\
sku: FIL8
title: 净水杯替换滤芯3只装
price: 49
aliases: [滤芯]
attributes: {更换周期: 约30天一只, 内含: 滤芯3只 密封圈1个}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "appliance_words", FILES))


@pytest.mark.parametrize("text, says", [
    ("吹风机风力大不大", "55m/s"),
    ("剃须刀充电要多久", "1.5小时"),
    ("加湿器没水了会自动停吗", "自动断电"),
    ("电水壶能调温度吗", "50-100℃"),
    ("猫砂灰大不大", "低粉尘"),
    ("晚上遛狗车能看见吗 牵引绳", "反光条"),
    ("滤芯多长时间换一次", "30天"),
    ("滤芯包里有什么", "密封圈"),
])
def test_an_attribute_asked_in_buyers_words_is_answered_with_its_value(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None, (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply


@pytest.mark.parametrize("text", ["电水壶盖子坏了能单独买吗", "烧水壶底座摔坏了能另外买吗"])
def test_a_broken_part_asked_to_be_bought_alone_is_the_shops_faq_not_a_complaint(shop: Engine, text: str) -> None:
    turn = ask(shop, text)
    assert turn.intents == ("product_info",), (turn.intents, turn.reply)
    assert "单独配" in turn.reply, turn.reply


def test_a_part_that_broke_with_nothing_asked_of_buying_stays_a_complaint(shop: Engine) -> None:
    turn = ask(shop, "电水壶盖子坏了")
    assert turn.product is None or "单独配" not in turn.reply, (turn.intents, turn.reply)


@pytest.mark.parametrize("text, first, never", [
    ("给男朋友买个礼物 推荐下", "剃须刀", "吹风机"),
    ("送女朋友 推荐个啥", "吹风机", "剃须刀"),
    ("最近在减肥 买个啥好", "空气炸锅", None),
    ("朋友搬新家 送什么好", "电水壶", None),
    ("办公室空气太干了 有啥推荐", "加湿器", None),
    ("懒得弯腰拖地 有什么推荐的", "拖把", None),
    ("住宿舍用 便宜点的吹风机有吗", "吹风机", None),
])
def test_a_need_that_singles_out_whom_or_what_for_puts_its_items_first(shop: Engine, text: str, first: str,
                                                                        never: str | None) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == "recommend", (turn.intents, turn.reply)
    pick = turn.reply.split("推荐：")[1].split("、")[0]
    assert first in pick, turn.reply
    assert never is None or never not in pick, turn.reply


def test_how_long_to_wait_for_a_colour_sold_out_is_its_restock_date(shop: Engine) -> None:
    turn = ask(shop, "蓝色的拖把还要等多久")
    assert turn.product is not None and turn.product.kind == "stock", (turn.intents, turn.reply)
    assert "12月21" in turn.reply or "12-21" in turn.reply, turn.reply


@pytest.mark.parametrize("text, size", [("孩子七岁用哪款牙刷", "大童款"), ("牙刷 我家宝宝四岁选哪个", "小童款")])
def test_a_childs_age_picks_the_item_charted_by_age_among_those_a_name_says(shop: Engine, text: str, size: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.sku == "BRC8", (turn.intents, turn.reply)
    assert size in turn.reply, turn.reply


@pytest.mark.parametrize("text, says", [("厨房两件套多少钱", "349"), ("电水壶两只装多少钱", "209")])
def test_a_bundle_asked_by_its_whole_name_gets_its_price(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == "bundle", (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply


def test_an_items_price_asked_by_a_name_two_items_share_is_each_ones(shop: Engine) -> None:
    turn = ask(shop, "水壶多少钱")
    assert "119" in turn.reply and "129" in turn.reply, turn.reply


def test_what_goes_with_an_item_asked_as_what_to_pair_it_with_is_its_related_items(shop: Engine) -> None:
    turn = ask(shop, "炸锅有啥搭配的吗")
    assert turn.product is not None and turn.product.kind == "related", (turn.intents, turn.reply)
    assert "电水壶" in turn.reply, turn.reply


FRUIT = {
    "APL9.yaml": """\
sku: APL9
title: 山地红富士苹果 10斤装
price: 69
aliases: [苹果, 红富士]
attributes: {采摘时间: 10月下旬霜降后采摘, 口感: 脆甜多汁，糖度15度左右, 单果重: 约250克}
""",
}


@pytest.fixture(scope="module")
def fruit(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "fruit", FRUIT))


@pytest.mark.parametrize("text, says", [
    ("苹果甜度多少", "15度"), ("红富士糖度高吗", "15度"),       # 甜度, 糖度: told inside the 口感
    ("苹果啥时候摘的", "10月下旬"), ("红富士是几月摘的", "霜降"),  # 采摘时间 asked as 摘
])
def test_fruit_and_food_attributes_asked_in_buyers_words(fruit: Engine, text: str, says: str) -> None:
    assert says in ask(fruit, text).reply
