"""Questions whose object is another item or a measure written the buyers' way, against a small home-and-pet catalogue
of our own: a mattress made to order, a bed protector sized by the mattress, a crawling mat sized in centimetres, a
food bin in litres, a cat food for grown cats, a wash with a usage note beside how often to use it, a pet crate its
buyers call by its last character. What rests on a guess waits for an agent; nothing wrong goes out alone."""
from __future__ import annotations

import pytest

from bot.catalog.faq import short_forms, short_here
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "LG1.yaml": """\
sku: LG1
title: 凉感记忆棉床垫
price: 899
aliases: [床垫, 记忆棉床垫]
attributes: {厚度: 15cm, 尺寸: 0.9x2.0m、1.2x2.0m，其他尺寸可以定做}
variants:
  - {color: 灰色, size: 0.9x2.0m, stock: 4, price: 899}
  - {color: 灰色, size: 1.2x2.0m, stock: 6, price: 1099}
faq:
  - {q: [能定做吗, 别的尺寸能做吗], a: 可以定做，长宽都能做，定做10天左右发货}
""",
    "GN1.yaml": """\
sku: GN1
title: 三层隔尿垫
price: 69
aliases: [隔尿垫, 防尿垫]
attributes: {面料: 竹纤维表层}
variants:
  - {color: 米色, size: 0.9x2.0m, stock: 8, price: 59}
  - {color: 米色, size: 1.2x2.0m, stock: 5, price: 69}
faq:
  - {q: [尿了会透到床垫上吗, 会不会渗下去], a: 三层防渗，尿湿了也不会透到床垫上}
""",
    "PX1.yaml": """\
sku: PX1
title: 加厚宝宝爬行垫
price: 159
aliases: [爬行垫, 爬爬垫]
attributes: {厚度: 2cm, 材质: XPE}
variants:
  - {color: 森林款, size: 150x180cm, stock: 9, price: 159}
  - {color: 森林款, size: 180x200cm, stock: 3, price: 199}
""",
    "CT1.yaml": """\
sku: CT1
title: 密封储粮桶
price: 49
aliases: [储粮桶, 粮桶]
attributes: {材质: 食品级PP}
variants:
  - {color: 透明, size: 10L, stock: 20, price: 49}
  - {color: 透明, size: 15L, stock: 7, price: 65}
""",
    "MC1.yaml": """\
sku: MC1
title: 鸡肉成猫粮
price: 79
aliases: [成猫粮]
attributes: {适用年龄: 成猫（12月龄以上）, 粗蛋白: ≥36%}
variants:
  - {color: 鸡肉味, size: 2kg, stock: 15, price: 79}
  - {color: 鸡肉味, size: 4.5kg, stock: 4, price: 159}
faq:
  - {q: [换粮要注意什么, 怎么换粮], a: 建议5天慢慢过渡换粮，新粮一天天加多}
""",
    "XM1.yaml": """\
sku: XM1
title: 宠物温和洗毛精
price: 39
aliases: [洗毛精, 宠物沐浴露]
attributes: {用法: 打湿毛发后挤在手心揉出泡沫再涂抹, 频率: 一周一次}
variants:
  - {color: 清香, stock: 30}
""",
    "HK1.yaml": """\
sku: HK1
title: 折叠宠物笼
price: 129
aliases: [狗笼, 猫笼, 宠物笼]
attributes: {材质: 加粗铁丝}
variants:
  - {color: 黑色, size: M, stock: 6}
faq:
  - {q: [能折叠吗, 收起来占地方吗], a: 可以整个折叠，收起来厚度约8cm}
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "across", FILES))


@pytest.mark.parametrize("text, says, alone", [
    # a size the item lacks, of an item made to order: none in stock, and what the shop says of making it, for an
    # agent (whether the shop makes or gets that size is its call)
    ("床垫有1.8米的吗", ("没有1.8米", "可以定做"), False),
    # two lengths in the other unit the buyer uses, and two lengths no variant has
    ("爬行垫一米五乘一米八的有吗", ("150x180cm",), None),
    ("爬行垫有200x240的吗", ("没有200x240",), None),
    # 升 for L after a figure; a variant and 多少 alone asks its price
    ("储粮桶有20升的吗", ("没有20", "10L"), None),
    ("储粮桶15升的多少", ("65",), True),
    # a figure in Chinese with 点 is the variant's 4.5kg
    ("成猫粮四点五公斤的有货吗", ("4.5kg", "有货"), None),
    # how often, beside a usage note: the attribute that says it
    ("洗毛精多久用一次", ("一周一次",), True),
    ("洗毛精怎么用", ("揉出泡沫",), True),
    # a kitten asked of a food for grown cats: its ages, no yes
    ("小猫能吃这个成猫粮吗", ("12月龄以上",), None),
])
def test_a_measure_or_word_written_the_buyers_way_is_read(engine: Engine, text: str, says: tuple[str, ...],
                                                          alone: bool | None) -> None:
    turn = ask(engine, text)
    assert all(s in turn.reply for s in says), turn.reply
    assert "是的" not in turn.reply
    if alone is not None:
        assert turn.auto is alone, turn.reply


@pytest.mark.parametrize("text, sku, says", [
    # the item named where the message asks, the other one giving the measure
    ("床垫1米2乘2米的 隔尿垫拍哪个", "GN1", "1.2x2.0m"),
    # the item whose own facts name the other (the protector's FAQ speaks of 床垫)
    ("隔尿垫尿了会透到床垫上不", "GN1", "不会透到床垫"),
    # a bed in centimetres is a width in metres
    ("床是120x200的 隔尿垫用哪个", "GN1", "1.2x2.0m"),
    # the item called by the last character its names share, said as a word of its own
    ("笼能折叠吗", "HK1", "折叠"),
])
def test_the_item_asked_about_is_found_and_the_answer_waits(engine: Engine, text: str, sku: str, says: str) -> None:
    turn = ask(engine, text)
    assert turn.product is not None and turn.product.sku == sku, turn.reply
    assert says in turn.reply
    assert not turn.auto  # picked among items or by a short name: a guess an agent confirms


def test_two_items_compared_are_not_narrowed_by_one_file_naming_the_other(engine: Engine) -> None:
    turn = ask(engine, "床垫和隔尿垫哪个更防水")
    assert not turn.auto
    assert turn.product is None or turn.product.sku != "GN1" or "不会透到床垫" not in turn.reply


def test_a_question_read_as_shipping_that_one_faq_answers_waits(engine: Engine) -> None:
    """要几天 is the shipping keyword, 换粮 the cat food's FAQ: the shipping times alone would answer nothing asked."""
    turn = ask(engine, "换粮要几天")
    assert not turn.auto
    assert "5天" in turn.reply


@pytest.mark.parametrize("vocabulary, expected", [
    ({"一个月"}, {}),  # a count starts no short form: 一个人 is no 一个月人
    ({"是不是", "地毯"}, {"地": "地毯", "是不": "是不是"}),  # 是 alone only asks
])
def test_short_forms_leave_counts_and_asking_alone(vocabulary: set[str], expected: dict[str, str]) -> None:
    assert short_forms(vocabulary) == expected


@pytest.mark.parametrize("text, at, full, expected", [
    ("有盖吗", 2, "盖子", True),  # before the asking
    ("快接键吗", 1, "快捷键", True),  # before what the word goes on to say, typed otherwise
    ("地暖能用吗", 1, "地毯", False),  # 地暖 is no 地毯
])
def test_a_short_form_of_one_character_stands_for_the_word_only_there(text: str, at: int, full: str, expected: bool) -> None:
    assert short_here(text, at, full) is expected
