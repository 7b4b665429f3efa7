"""A bookshop's and a garden shop's questions, against a small catalogue of our own: a signed edition sold out for good
whose FAQ entry says so (never 暂时卖完了), a book's binding, printing and page size asked in buyers' words, an e-book
asked with the invoice's keyword 电子版, a reading level chosen by the child's age, a notebook's price by the copy,
whether something goes with the item, a pirated copy asked of, a pot chosen by the plant's height, a table's height
asked in other words, and 是纯棉的不 asked with a closing 不."""
from __future__ import annotations

from functools import partial

import pytest

from bot.catalog import sizing
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "NV1.yaml": """\
sku: NV1
title: 北风里的钟声
price: 45
aliases: [钟声, 北风小说]
attributes:
  作者: 林问溪
  版次: 2024年3月第1版
  印次: 2025年6月第2次印刷
  装帧: 精装 圆脊
  开本: 32开
options: {edition: 版本}
spellings:
  作者签名版: [签名版, 签名本]
variants:
  - {edition: 普通版, stock: 80}
  - {edition: 作者签名版, stock: 0, price: 68}
faq:
  - {q: [签名本还会再有吗, 签名版能补吗], a: 签名版只印了300册，已经全部售罄，不会再补货}
genuine: 出版社直供，正版图书
related: [TB1]
""",
    "TB1.yaml": """\
sku: TB1
title: 棉麻读书包
price: 39
aliases: [读书包, 书包袋]
attributes: {材质: 10安棉麻帆布, 尺寸: 宽35cm 高40cm}
variants:
  - {color: 原色, stock: 30}
related: [NV1]
""",
    "EN1.yaml": """\
sku: EN1
title: 小海豚英语读本
price: 158
aliases: [英语读本, 海豚英语]
variants:
  - {size: 一级, stock: 20}
  - {size: 二级, stock: 15}
  - {size: 三级, stock: 9}
size_chart:                         # the child's age in months
  - {size: 一级, age: [36, 66]}
  - {size: 二级, age: [66, 96]}
  - {size: 三级, age: [96, 132]}
""",
    "NB1.yaml": """\
sku: NB1
title: 牛皮纸笔记本
price: 12
aliases: [牛皮本, 牛皮纸本]
variants:
  - {size: A5, stock: 50, price: 12}
  - {size: B5, stock: 40, price: 16}
size_note: A5小巧放包里，B5写字空间大
faq:
  - {q: [a5和b5哪个大, b5的一本多大, 选a5还是b5], a: A5像半本杂志，B5接近一本课本}
""",
    "PT1.yaml": """\
sku: PT1
title: 粗陶花盆 口径14/18/24cm
price: 19
aliases: [粗陶盆, 陶盆]
variants:
  - {size: 口径14cm, stock: 12, price: 19}
  - {size: 口径18cm, stock: 9, price: 29}
  - {size: 口径24cm, stock: 4, price: 45}
size_chart:                         # the plant's height in cm
  - {size: 口径14cm, height: [8, 26]}
  - {size: 口径18cm, height: [22, 45]}
  - {size: 口径24cm, height: [45, 80]}
attributes: {换盆: 新盆比旧盆大2-4cm}
related: [SE2]
""",
    "DS1.yaml": """\
sku: DS1
title: 折叠野餐小桌
price: 88
aliases: [野餐桌, 折叠桌]
attributes: {桌面尺寸: 60×40cm, 桌高: 45cm, 收纳尺寸: 60×12×8cm}
variants:
  - {color: 原木, stock: 10}
""",
    "SE2.yaml": """\
sku: SE2
title: 阳台菜种
price: 4.5
aliases: [菜种, 种子]
options: {variety: 品种}
spellings:
  樱桃萝卜: [小萝卜, 水萝卜]
attributes: {采收时间: 樱桃萝卜播后30天可拔, 发芽率: 90%}
variants:
  - {variety: 樱桃萝卜, stock: 50}
  - {variety: 油麦菜, stock: 20}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "books", FILES))


ask = partial(shops.ask, conversation="books")


def test_an_edition_sold_out_for_good_is_answered_by_the_shops_own_word(shop: Engine) -> None:
    turn = ask(shop, "钟声签名本还有吗")
    assert "不会再补货" in turn.reply and "暂时卖完" not in turn.reply, turn.reply


@pytest.mark.parametrize("text, says", [
    ("钟声是硬壳的吗", "精装"),
    ("北风里的钟声是首印吗", "第2次印刷"),
    ("钟声是几开的", "32开"),
    ("读书包几安的", "10安"),
])
def test_a_books_facts_are_asked_in_buyers_words(shop: Engine, text: str, says: str) -> None:
    assert says in ask(shop, text).reply


def test_an_e_book_asked_by_the_invoice_keyword_is_the_books_question(shop: Engine) -> None:
    turn = ask(shop, "钟声有电子版吗")
    assert "发票" not in turn.reply and not turn.auto, turn.reply
    assert "发票" in ask(shop, "钟声能开电子发票吗").reply  # 票 said: the invoice's


@pytest.mark.parametrize("text, months", [("6岁的孩子买几级", 72.0), ("孩子三岁半读哪一级", 42.0)])
def test_a_level_chosen_by_age_is_a_size_question(text: str, months: float) -> None:
    assert sizing.age(text) == months


def test_a_reading_level_is_advised_by_the_childs_age(shop: Engine) -> None:
    assert "二级" in ask(shop, "英语读本 6岁的娃买几级").reply


def test_a_variants_price_by_the_copy(shop: Engine) -> None:
    turn = ask(shop, "牛皮本b5的多少钱一本")
    assert "16" in turn.reply, turn.reply


@pytest.mark.parametrize("text, says", [("读书包有搭配的东西吗", "钟声"), ("陶盆还要买点啥不", "菜种")])
def test_whether_anything_goes_with_the_item_is_its_related_items(shop: Engine, text: str, says: str) -> None:
    assert says in ask(shop, text).reply


@pytest.mark.parametrize("text", ["钟声是不是盗版", "钟声是原创的还是仿的"])
def test_a_pirated_copy_asked_of_is_the_genuine_statement(shop: Engine, text: str) -> None:
    assert "正版图书" in ask(shop, text).reply


@pytest.mark.parametrize("text, height", [
    ("陶盆 植株高30cm 选哪个", 30.0),
    ("株高十五厘米 选几号", 15.0),
    ("连盆高五十八 用哪个", 58.0),
    ("植株高一米 用哪个", 100.0),
    ("植株高30cm", None),  # no size asked
])
def test_the_goods_height_is_read_where_a_size_is_asked(text: str, height: float | None) -> None:
    assert sizing.goods_height(text) == height


@pytest.mark.parametrize("text, says, never", [
    ("陶盆 植株高三十公分 买哪个口径", "口径18cm", "身高和体重"),
    ("粗陶盆 株高12厘米 选几号", "口径14cm", "身高和体重"),
    ("陶盆 植株高五十 用哪个", "口径24cm", "超出"),
])
def test_a_pot_is_chosen_by_the_plants_height(shop: Engine, text: str, says: str, never: str) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, alone=turn.auto)


def test_a_chart_by_height_alone_asks_only_how_tall(shop: Engine) -> None:
    """A pot charted by the plant's height asked of with no height: the question back asks how tall, not for a
    body's height and weight."""
    turn = ask(shop, "粗陶盆选几号的")
    assert "多高" in turn.reply and "体重" not in turn.reply and not turn.auto, turn.reply


def test_a_measure_of_a_part_is_asked_in_other_words(shop: Engine) -> None:
    assert "45cm" in ask(shop, "野餐桌桌面离地多高").reply  # 桌高, asked as 多高 of the 桌


def test_a_material_asked_with_a_closing_bu_gets_the_value_for_an_agent(shop: Engine) -> None:
    turn = ask(shop, "读书包是纯棉的不")
    assert "棉麻帆布" in turn.reply and not turn.auto, turn.reply
