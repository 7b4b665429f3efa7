"""What a digital-accessories shop needs of the format, against a small catalogue of our own: variants with named
choices beyond colour and size (a keyboard's switch, a cable's connector and length, a case's phone model), the
ways buyers write a value (苹果15promax, 15pm, iphone 15 pro max, 两米, typec), and whether an item fits what the
buyer has (能用吗, 适配吗, 15promax能装吗, 有苹果13的膜吗), answered from the variants or from the attributes that say
what the item fits. Each mistake in the new fields is named with its file and line."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.catalog import read_catalog
from bot.catalog.spellings import Spellings
from bot.engine import Engine
from bot.intents import ConfigError, load_product_words
from bot.text import Normaliser

from . import shops
from .shops import engine_with, shipped_words, write_catalog

FILES = {
    "KB7.yaml": """\
sku: KB7
title: 三模机械键盘
price: 299
aliases: [键盘, 机械键盘]
attributes: {键数: 87键, 兼容系统: Windows Mac iPad 安卓}
options: {switch: 轴体}
variants:
  - {color: 曜石黑, switch: 青轴, stock: 13}
  - {color: 曜石黑, switch: 红轴, stock: 0, restock: 2026-12-15}
  - {color: 奶白, switch: 茶轴, stock: 6}
""",
    "CB7.yaml": """\
sku: CB7
title: 编织快充数据线
price: 29
aliases: [数据线, 充电线]
options: {connector: 接口, length: 线长}
variants:
  - {connector: C转C, length: 1米, stock: 120}
  - {connector: C转C, length: 2米, stock: 64, price: 35}
  - {connector: C转Lightning, length: 1米, stock: 75, price: 39}
  - {connector: C转Lightning, length: 2米, stock: 0, restock: 2026-12-08, price: 45}
spellings:
  C转Lightning: [苹果线, c转苹果]
""",
    "PC7.yaml": """\
sku: PC7
title: 磁吸硅胶手机壳
price: 39
aliases: [手机壳, 壳]
options: {model: 型号}
variants:
  - {color: 午夜黑, model: iPhone15Pro, stock: 18}
  - {color: 午夜黑, model: iPhone15ProMax, stock: 0, restock: 2026-12-10}
  - {color: 远峰蓝, model: iPhone15ProMax, stock: 6}
  - {color: 午夜黑, model: 华为Mate60, stock: 12}
spellings:
  iPhone15ProMax: [大屏15]
""",
    "DK7.yaml": """\
sku: DK7
title: 七合一扩展坞
price: 169
aliases: [扩展坞, 拓展坞]
attributes: {接口: HDMI USB3.0 网口, 适用设备: Type-C笔记本 MacBook 华为Mate60}
variants:
  - {color: 深空灰, stock: 31}
""",
    "ZJ7.yaml": """\
sku: ZJ7
title: 单屏显示器支架
price: 199
aliases: [显示器支架, 支架]
attributes: {适用尺寸: 17-32英寸, 承重: 2-9kg, 桌板厚度: 夹装10-85mm 穿孔10-50mm}
variants:
  - {color: 黑色, stock: 23}
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory, "accessories", FILES)


@pytest.fixture(scope="module")
def shop(folder: Path) -> Engine:
    return engine_with(folder)


@pytest.fixture(scope="module")
def catalog(folder: Path):
    read, problems = read_catalog(folder)
    assert not problems, problems
    return read


ask = partial(shops.ask, conversation="accessories")  # the conversation its rows were written in


# --- named options: stock, restock, price and what is missing, in the option's own name ----------------------------
@pytest.mark.parametrize("text, says, lacks", [
    ("键盘奶白茶轴有货吗", ["奶白 茶轴", "有货"], ["卖完"]),
    ("机械键盘红轴什么时候有货", ["红轴", "12月15日"], []),
    ("数据线c转lightning两米的还有吗", ["C转Lightning 2米", "12月8日"], []),
    ("数据线c转c 2米多少钱", ["35"], []),
])
def test_a_named_option_is_read_for_stock_restock_and_price(shop: Engine, text: str, says: list[str], lacks: list[str]) -> None:
    reply = ask(shop, text).reply
    assert all(s in reply for s in says) and not any(s in reply for s in lacks), reply


def test_the_agents_card_and_a_variant_say_the_options(catalog) -> None:
    keyboard = catalog.get("KB7")
    assert keyboard.options == {"switch": "轴体"} and keyboard.variants[0].label == "曜石黑 青轴"
    assert keyboard.card()["variants"][0]["options"] == {"switch": "青轴"}
    assert keyboard.option_values("switch") == ("青轴", "红轴", "茶轴")


# --- how buyers write a value --------------------------------------------------------------------------------------
@pytest.mark.parametrize("written, meant", [
    ("苹果15promax", "iphone15promax"),  # 苹果 for iphone: the trainers' group
    ("iphone 15 pro max", "iphone15promax"),  # spaces
    ("ＩＰＨＯＮＥ15ＰＲＯ", "iphone15pro"),  # full-width, as the normaliser gives it half-width and lower case
    ("15pm", "iphone15promax"),  # the brand left out, pm for pro max
    ("大屏15", "iphone15promax"),  # the shop's own spelling
    ("mate60", "华为mate60"),
    ("15", "15"),  # a bare figure names no model
    ("苹果15pro", "iphone15pro"),  # not the start of 15 pro max
])
def test_a_value_is_read_however_buyers_write_it(catalog, written: str, meant: str) -> None:
    spelled = Spellings(catalog.get("PC7"), shipped_words().spellings)
    assert spelled.read(Normaliser()(written)) == meant  # messages reach the desk normalised


@pytest.mark.parametrize("written, meant", [("typec转typec两米", "c转c 2米"), ("苹果线2米", "c转lightning 2米"),
                                            ("c转苹果", "c转lightning")])
def test_a_connector_and_a_length_are_read_as_the_file_writes_them(catalog, written: str, meant: str) -> None:
    assert Spellings(catalog.get("CB7"), shipped_words().spellings).read(written) == meant


def test_a_model_written_like_the_items_but_none_of_them_is_found(catalog) -> None:
    spelled = Spellings(catalog.get("PC7"), shipped_words().spellings)
    assert spelled.unknown(spelled.read("有苹果13的吗")) == ("model", "苹果13")
    assert spelled.unknown(spelled.read("苹果15promax的有吗")) is None


# --- compatibility ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, says, alone", [
    ("手机壳15promax能装吗", ["iPhone15ProMax", "远峰蓝", "12月10日"], True),  # yes, with each colour's stock
    ("我的华为mate60能用这个壳吗", ["华为Mate60", "有货"], True),
    ("有苹果13的手机壳吗", ["不适配", "没有这个型号", "iPhone15Pro"], False),  # another generation: the shop knows
    ("苹果15p能用这个壳吗", ["不适配", "iPhone15Pro"], False),  # 15p may be a model written short: an agent reads it
    ("macbook能用这个扩展坞吗", ["适用设备", "MacBook"], False),  # from the attributes: for an agent
    ("我手机是小米14 能用这个壳吗", ["不适配", "小米14", "iPhone15Pro"], True),  # another brand's model
    ("iphone15 pro max能用这个壳吗", ["有适配iPhone15ProMax"], True),
    ("手机壳三星s24能装吗", ["不适配", "三星s24"], True),  # a brand, a series' letter, a figure
])
def test_a_compatibility_question_is_answered_from_the_variants_or_the_attributes(
        shop: Engine, text: str, says: list[str], alone: bool) -> None:
    turn = ask(shop, text)
    assert all(s in turn.reply for s in says), turn.reply
    assert turn.auto is alone, turn.reply


@pytest.mark.parametrize("text", ["数据线有3米的吗", "数据线c转c三米的有吗"])
def test_a_length_the_cable_lacks_is_said_missing_in_the_options_name(shop: Engine, text: str) -> None:
    reply = ask(shop, text).reply
    assert "没有3米的（线长只有1米、2米）" in reply.replace("三米", "3米") and "C转C 1米" in reply, reply


def test_a_model_ending_in_a_figure_is_not_the_start_of_a_longer_one(catalog) -> None:
    from bot.catalog.wanted import wanted
    assert wanted(catalog.get("PC7"), "华为mate60 pro能用吗").options == ()  # no Mate60 Pro here: not the Mate60
    assert wanted(catalog.get("PC7"), "华为mate60能用吗").options == (("model", "华为Mate60"),)


def test_a_switch_the_keyboard_lacks_is_said_missing_for_an_agent(shop: Engine) -> None:
    turn = ask(shop, "键盘有粉轴吗")  # 粉轴 is read by its last character only: it may be 静音轴 cut short
    assert "没有粉轴的（轴体只有青轴、红轴、茶轴）" in turn.reply and not turn.auto


@pytest.mark.parametrize("text, says", [("c转苹果两米多少钱", ["C转Lightning 2米", "45"]),
                                        ("奶白青轴什么时候到货", ["三模机械键盘", "奶白 青轴"])])
def test_an_option_value_names_the_item_when_no_name_does_for_an_agent(shop: Engine, text: str, says: list[str]) -> None:
    turn = ask(shop, text)
    assert all(s in turn.reply for s in says) and not turn.auto, turn.reply


@pytest.mark.parametrize("text, says", [("机械键盘有几种轴", ["青轴", "红轴", "茶轴"]),
                                        ("数据线有哪些接口", ["C转C", "C转Lightning"])])
def test_which_values_an_option_has_is_a_question_of_the_variants(shop: Engine, text: str, says: list[str]) -> None:
    reply = ask(shop, text).reply
    assert all(s in reply for s in says), reply


def test_a_missing_option_is_named_in_the_buyers_terms(shop: Engine) -> None:
    reply = ask(shop, "有苹果12的手机壳吗").reply
    assert "这个型号（苹果12）" in reply and "尺码" not in reply and "码" not in reply.replace("型号", "")


@pytest.mark.parametrize("text, says", [
    ("显示器二十七寸的 六公斤 支架撑得住吗", ["17-32英寸", "2-9kg", "都在范围内"]),
    ("三十四寸的显示器支架能装吗", ["17-32英寸", "超出了范围"]),
    ("显示器20斤 支架撑得住吗", ["2-9kg", "超出了范围"]),  # 20斤 is 10kg
    ("桌子五厘米厚 支架能夹吗", ["夹装10-85mm", "都在范围内"]),  # 5cm is 50mm
])
def test_a_figure_is_compared_with_the_range_an_attribute_gives_in_any_unit_of_its_kind(
        shop: Engine, text: str, says: list[str]) -> None:
    reply = ask(shop, text).reply
    assert all(s in reply for s in says), reply


def test_a_figure_with_no_range_of_its_kind_is_not_read_as_fitting(catalog) -> None:
    from bot.catalog.fits import by_figures
    assert by_figures(catalog.get("ZJ7"), "65w的能用吗") == []  # no attribute gives a range in watts
    assert [f.fits for f in by_figures(catalog.get("ZJ7"), "27寸 6kg")] == [True, True]


# --- validation ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, line, severity, says", [
    ("options: {switch: 轴体}\nvariants:\n  - {color: 黑, swich: 青轴, stock: 1}\n", 5, "warning", "unknown key 'swich'"),
    ("variants:\n  - {color: 黑, switch: 青轴, stock: 1}\n", 4, "warning", "declare it under 'options:'"),
    ("options: {size: 尺寸}\nvariants:\n  - {color: 黑, stock: 1}\n", 3, "error", "'size' is a variant key already"),
    ("options: {Switch: 轴体}\nvariants:\n  - {color: 黑, stock: 1}\n", 3, "error", "small latin letters"),
    ("options: {switch: }\nvariants:\n  - {color: 黑, stock: 1}\n", 3, "error", "needs what buyers call it"),
    ("options: {switch: 轴体}\nvariants:\n  - {color: 黑, stock: 1}\n", 3, "warning", "no variant gives 'switch'"),
    ("options: [switch]\n", 3, "error", "'options' must be a mapping"),
    ("variants:\n  - {color: 黑, stock: 1}\nspellings:\n  白色: [纯白]\n", 6, "error", "'白色' is no variant's"),
    ("variants:\n  - {color: 黑, stock: 1}\nspellings:\n  黑: []\n", 6, "error", "needs a list of texts"),
    ("variants:\n  - {color: 黑, stock: 1}\n  - {color: 白, stock: 1}\nspellings:\n  黑: [暗色]\n  白: [暗色]\n", 8, "error",
     "stands for both 黑 and 白"),
    ("options: {switch: 轴体}\nvariants:\n  - {switch: 青轴, stock: 1}\n  - {switch: 青轴, stock: 2}\n", 6, "error",
     "listed twice"),
])
def test_a_mistake_in_the_new_fields_is_named_with_its_line(tmp_path: Path, text: str, line: int, severity: str,
                                                           says: str) -> None:
    (tmp_path / "X1.yaml").write_text(f"sku: X1\ntitle: 测试商品\n{text}price: 10\n", encoding="utf-8")
    _, problems = read_catalog(tmp_path)
    found = [p for p in problems if says in p.message]
    assert found, problems
    assert (found[0].path.name, found[0].line, found[0].severity) == ("X1.yaml", line, severity)


def test_a_spelling_group_of_one_word_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "product_words.yaml").write_text("spellings:\n  - [iphone, 苹果]\n  - [华为]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_product_words(tmp_path)
    assert [(p.line, "two or more words" in p.message) for p in raised.value.problems] == [(3, True)]
    (tmp_path / "product_words.yaml").write_text("spellings:\n  - [iphone, 苹果, IP]\n", encoding="utf-8")
    assert load_product_words(tmp_path).spellings == (("iphone", "苹果", "ip"),)
