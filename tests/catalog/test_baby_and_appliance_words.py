"""Attributes a baby shop and a small-appliance shop are asked about in buyers' own words (湿了看得出来吗 for a
nappy's 湿显线, 换尿布方便吗 for a romper's 开口, 门槛 for a robot vacuum's 越障高度, 沙发底 for its 机身高度, 加糖 for
a food's 添加), a value that says "none added" (0添加白砂糖) never confirmed as a yes, a trade-in (以旧换新) that is no
warranty question, something missing said after 了 (少了一块咋办) read as a warranty question, a need of pet owners
(养狗) recommended from the shop's tag, and an item's parts and refills (有配件卖吗) answered with the related items
that are such. Each is answered with the shop's fact."""
from __future__ import annotations

import pytest

from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "NAP7.yaml": """\
sku: NAP7
title: 轻薄透气婴儿尿片
price: 99
aliases: [尿片]
attributes: {湿显线: 尿湿后线条变绿, 厚度: 约2mm}
variants:
  - {size: M码, stock: 10}
""",
    "PUR7.yaml": """\
sku: PUR7
title: 宝宝苹果果泥
price: 39
aliases: [果泥]
attributes: {添加: 0添加白砂糖、不加盐, 保质期: 12个月}
""",
    "ROM7.yaml": """\
sku: ROM7
title: 新生儿纯棉爬服
price: 69
aliases: [爬服]
attributes: {开口方式: 斜襟系带+裆下按扣, 面料: 纯棉}
""",
    "PUZ7.yaml": """\
sku: PUZ7
title: 木质动物拼图
price: 45
aliases: [拼图]
attributes: {材质: 椴木}
warranty: 缺片少块免费补寄，7天无理由退换
""",
    "VAC7.yaml": """\
sku: VAC7
title: 激光导航扫地机器人
price: 1699
aliases: [扫地机器人, 扫地机]
attributes: {越障高度: 2.5cm, 机身高度: 8.9cm, 续航: 约150分钟}
faq:
  - {q: [以旧换新怎么弄, 旧机器能抵钱吗], a: 旧扫地机可抵150元，拍下前找客服登记}
warranty: 整机保修一年
related: [PAK7, HUM7]
suits: [家用, 养宠]
""",
    "PAK7.yaml": """\
sku: PAK7
title: 扫地机器人滤网边刷耗材包
price: 89
category: 配件
aliases: [耗材包]
""",
    "HUM7.yaml": """\
sku: HUM7
title: 卧室静音加湿器
price: 159
aliases: [加湿器]
attributes: {适用面积: 15-35㎡, 额定功率: 20W, 额定电压: 220V, 电源线长: 1.5米}
""",
    "BLK7.yaml": """\
sku: BLK7
title: 软胶早教积木
price: 59
aliases: [积木]
attributes: {适用年龄: 10个月以上, 更换周期: 2-3个月, 材质: 软胶}
""",
    "BAL7.yaml": """\
sku: BAL7
title: 儿童平衡车
price: 259
aliases: [平衡车]
attributes: {适用年龄: 2-6岁, 承重: 最大30kg}
""",
    "BOD7.yaml": """\
sku: BOD7
title: 纯棉包屁衣
price: 49
aliases: [包屁衣]
variants:
  - {size: 66码, stock: 5}
  - {size: 73码, stock: 5}
  - {size: 80码, stock: 5}
size_chart:
  - {size: 66码, age: [3, 5]}
  - {size: 73码, age: [5, 9]}
  - {size: 80码, age: [9, 18]}
""",
    "FOT7.yaml": """\
sku: FOT7
title: 恒温泡脚桶
price: 199
aliases: [泡脚桶]
attributes: {桶深: 约35cm, 容量: 12L}
""",
    "NOO7.yaml": """\
sku: NOO7
title: 宝宝蔬菜碎碎面
price: 29
aliases: [碎碎面]
attributes: {添加: 无添加食用盐 无白砂糖}
faq:
  - {q: [加盐了吗, 有盐吗], a: 没有加盐，一岁内宝宝可以吃}
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "baby_appliances", FILES))


@pytest.mark.parametrize(("text", "says"), [
    ("尿片湿了看得出来吗", "线条变绿"),
    ("爬服换尿布方便吗", "裆下按扣"),
    ("果泥有没有加糖", "0添加白砂糖"),
    ("扫地机过门槛行不行", "2.5cm"),
    ("扫地机能钻进沙发底吗", "8.9cm"),
    ("加湿器费电吗", "20W"),
    ("加湿器110v能用吗", "220V"),
    ("加湿器线多长", "1.5米"),
    ("泡脚桶多深", "35cm"),
    ("泡脚桶能放多少水", "12L"),
])
def test_an_attribute_asked_in_buyers_words_is_answered_with_it(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert turn.product is not None, turn.reply
    assert says in turn.reply, turn.reply


def test_a_value_that_says_none_is_added_is_no_yes(engine: Engine) -> None:
    turn = ask(engine, "果泥添加了糖吗")
    assert "0添加白砂糖" in turn.reply, turn.reply
    assert "是的" not in turn.reply, turn.reply


def test_a_trade_in_is_answered_from_the_faq_not_the_warranty(engine: Engine) -> None:
    turn = ask(engine, "扫地机以旧换新咋弄")
    assert "150元" in turn.reply, turn.reply
    assert "保修" not in turn.reply, turn.reply


def test_something_missing_said_after_le_asks_the_warranty_and_waits(engine: Engine) -> None:
    turn = ask(engine, "拼图要是少了一块咋办")
    assert "免费补寄" in turn.reply, turn.reply
    assert not turn.auto, turn.reply  # it may be a report of goods received: an agent sends it


def test_a_pet_owner_is_recommended_the_item_tagged_for_pets(engine: Engine) -> None:
    turn = ask(engine, "家里养狗掉毛 推荐个啥")
    assert "激光导航扫地机器人" in turn.reply, turn.reply
    assert not turn.auto, turn.reply


def test_a_keyword_for_a_person_inside_an_items_name_is_the_goods(engine: Engine) -> None:
    assert "2.5cm" in ask(engine, "扫地机器人门槛能过吗").reply
    assert ask(engine, "扫地机器人门槛能过吗 别用机器人回复我").product is None


@pytest.mark.parametrize(("text", "says"), [("加湿器卧室二十平够吗", "在范围内"), ("加湿器50平的客厅够不", "超出")])
def test_a_room_in_square_metres_is_read_against_the_area_it_suits(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert "15-35㎡" in turn.reply and says in turn.reply, turn.reply


def test_the_faq_asked_in_the_buyers_word_wins_over_the_attribute_that_word_names(engine: Engine) -> None:
    assert "没有加盐" in ask(engine, "碎碎面加盐没").reply


@pytest.mark.parametrize(("text", "says"), [
    ("一岁半能玩积木吗", "在范围内"),   # 18 months against 10个月以上, not the 2-3个月 of how often it is replaced
    ("八个月的宝宝可以玩积木吗", "超出"),
    ("平衡车三岁能骑吗", "在范围内"),
    ("平衡车一岁半可以骑不", "超出"),
])
def test_a_childs_age_is_read_against_the_ages_the_item_is_for(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert "适用年龄" in turn.reply and says in turn.reply, turn.reply


def test_half_a_year_is_six_months_on_a_chart_by_age(engine: Engine) -> None:
    assert "73码" in ask(engine, "宝宝半岁包屁衣穿什么码").reply


def test_an_items_parts_are_the_related_items_that_are_parts_for_an_agent(engine: Engine) -> None:
    turn = ask(engine, "扫地机有配件卖吗")
    assert "耗材包（89元）" in turn.reply and "加湿器" not in turn.reply, turn.reply
    assert not turn.auto


def test_an_item_relating_no_parts_is_not_answered_with_its_related_items(engine: Engine) -> None:
    turn = ask(engine, "加湿器有配件卖吗")
    assert turn.product is None or turn.product.kind != "accessories", turn.reply


def test_a_clause_asking_of_an_item_beside_another_request_is_answered_too_for_an_agent(engine: Engine) -> None:
    turn = ask(engine, "尿片M码有吗 能开发票吗")
    assert "M码" in turn.reply and "发票" in turn.reply, turn.reply
    assert turn.intents[-1] == "product_info" and not turn.auto
