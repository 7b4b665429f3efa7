"""Questions asked in words the shop's file does not use, read against a small catalogue of our own (a rice
cooker, a wool scarf, a backpack): a warranty asked about what went wrong (涂层掉了给换吗), a measure asked the
way buyers ask it (多沉 for 净重, 多厚 where the file has no 厚度), a FAQ paraphrased (洗衣机 for 机洗), a
material the file does not name, and a colour two ordered items both have. Each gets the file's fact; what
is only a reading by meaning waits for an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.domain import Item, Order
from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "RC5.yaml": """\
sku: RC5
title: 智能迷你电饭煲
price: 259
aliases: [电饭煲, 电饭锅]
attributes: {容量: 3L, 内胆: 不粘涂层内胆, 功率: 500W, 机身尺寸: 28x22x21cm, 净重: 2.6kg}
variants:
  - {color: 奶白, stock: 8}
  - {color: 墨黑, stock: 3}
faq:
  - {q: [能预约吗, 可以定时煮饭吗], a: 支持24小时预约，早上起来就有热粥}
genuine: 品牌直营，机身有唯一序列号
warranty: 整机两年保修，内胆涂层脱落一年内免费换新，运输破损包赔
bundles:
  - {name: 电饭煲+背包, skus: [RC5, BP3], price: 420}
""",
    "SC2.yaml": """\
sku: SC2
title: 加厚羊毛围巾
price: 129
aliases: [围巾, 羊毛围巾]
attributes: {面料: 澳洲美利奴羊毛, 长度: 180cm, 宽度: 30cm}
variants:
  - {color: 驼色, stock: 12}
  - {color: 墨黑, stock: 0, restock: 2026-12-18}
  - {color: 浅灰, stock: 4}
  - {color: 深灰, stock: 2}
faq:
  - {q: [能机洗吗, 怎么清洗], a: 建议冷水手洗，不要机洗和烘干，平铺晾干}
  - {q: [扎不扎脖子, 会扎人吗], a: 美利奴羊毛纤维细，贴着脖子不扎}
warranty: 收到七天内起球掉色包退
suits: [冬季保暖, 送礼]
""",
    "KJ1.yaml": """\
sku: KJ1
title: 儿童摇粒绒马甲
price: 59
aliases: [马甲]
variants:
  - {size: 100, stock: 5}
  - {size: 110, stock: 5}
  - {size: 120, stock: 5}
size_chart:
  - {size: 100, height: [95, 105], weight: [28, 36]}
  - {size: 110, height: [105, 115], weight: [36, 44]}
  - {size: 120, height: [115, 125], weight: [44, 52]}
suits: [男孩, 女孩, 秋冬]
""",
    "TOY8.yaml": """\
sku: TOY8
title: 木质拼装积木
price: 79
aliases: [积木]
attributes: {材质: 榉木, 适合年龄: 3-6岁}
suits: [男孩, 女孩, 生日礼物]
""",
    "BP3.yaml": """\
sku: BP3
title: 通勤双肩背包
price: 189
aliases: [背包, 双肩包]
attributes: {面料: 防泼水牛津布, 规格: 45x30x15cm, 电脑仓: 可放15.6寸笔记本, 重量: 约0.8kg, 承重: 约15公斤}
variants:
  - {color: 墨黑, stock: 5}
  - {color: 雾灰, stock: 0, restock: 2026-12-15}
bundles:
  - {name: 背包两只装, skus: [BP3, BP3], price: 339}
  - {name: 电饭煲+背包, skus: [RC5, BP3], price: 420}
suits: [学生, 通勤]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "meaning", FILES))


TWO_ITEMS = Order("M7", "paid", 448.0, (Item(sku="RC5", title="智能迷你电饭煲", price=259.0),
                                        Item(sku="BP3", title="通勤双肩背包", price=189.0)))


ask = partial(shops.ask, conversation="meaning")  # the conversation its rows were written in


# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # a warranty asked about what went wrong, before buying: the shop's warranty, for an agent (it may be a report)
    ("电饭煲涂层掉了给换吗", "涂层脱落", "", False),
    ("围巾起球了管不管", "起球掉色包退", "", False),
    ("电饭煲摔碎了包赔吗", "破损包赔", "", False),  # what buyers say went wrong in the shop's words
    # a measure or material asked in buyers' words, whatever the shop calls it (多沉 -> 净重, 啥料子 -> 面料)
    ("电饭煲多沉", "2.6kg", "", True),
    ("围巾啥料子", "美利奴羊毛", "", True),
    ("背包多重", "0.8kg", "15公斤", True),  # 承重 is no weight of the bag
    # a measure no attribute is named for: those that may hold it, for an agent
    ("背包多厚", "45x30x15cm", "", False),
    # a pinyin slip of an attribute's name (成重 for 承重) asks for it
    ("背包能成重多少", "15公斤", "", False),
    # a hue names the one colour that holds it (灰的 -> 雾灰); with several shades, each one's stock for an agent
    ("背包灰的有吗", "雾灰", "没有灰", True),
    ("围巾灰色的还有吗", "浅灰", "没有灰", False),
    # a child's size the item lacks, written as buyers write it (130的, 130码)
    ("马甲有130的吗", "没有130码", "", False),
    # a FAQ that does not say the figure asked is the agent's to send
    ("电饭煲能预约36小时吗", "24小时预约", "", False),
    # a bundle asked in other words: 跟 / 一块拍, 拍两个有优惠没; written in both items' files
    ("电饭煲跟背包一块拍多少钱", "420元", "", False),
    ("背包拍两个有优惠没", "339元", "", False),  # read as a haggle too: an agent sends it
    ("背包买三个多少钱", "339元", "", False),  # no bundle of three: the price and the pair's, for an agent
    ("背包多少钱", "189元", "优惠组合", True),
    # two questions, each answered from the facts, one of them only for an agent: both facts
    ("电饭煲能预约吗 摔碎了包赔吗", "24小时预约", "", False),
    ("电饭煲能预约吗 摔碎了包赔吗", "破损包赔", "", False),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_question_in_other_words_gets_the_files_fact(shop: Engine, text: str, says: str, never: str,
                                                       alone: bool) -> None:
    turn = ask(shop, text)
    assert_answers(turn, says, never, alone)


def test_a_remedy_for_what_the_warranty_does_not_speak_of_gets_no_warranty(shop: Engine) -> None:
    turn = ask(shop, "围巾小了给换吗")  # an exchange for the size, not 起球掉色
    assert "包退" not in turn.reply and not turn.auto, (turn.intents, turn.reply)


@pytest.mark.parametrize("text, says", [
    ("孩子108公分 四十斤 马甲穿多大", "108cm/40斤按尺码表建议拍110码"),  # a child's height and weight
    ("女儿112 三十八斤 马甲拿哪个码", "112cm/38斤"),  # a bare height before the weight
    ("马甲 四十斤穿几码", "亲，40斤"),  # only the weight: no stray "/" before it
    ("马甲 三十六斤穿几码", "36斤在100和110之间"),  # one measure that two rows hold: both sizes
])
def test_a_childs_measurements_get_the_size_chart(shop: Engine, text: str, says: str) -> None:
    turn = ask(shop, text)
    assert says in turn.reply, turn.reply


@pytest.mark.parametrize("text, says, never", [
    ("东北太冷了 有什么推荐的", "加厚羊毛围巾", "电饭煲"),  # 东北 is a need the tag 冬季保暖 speaks to
    ("上班通勤用 推荐一个", "通勤双肩背包", "围巾"),  # the shop's own tag, said in so many words
    ("儿子上幼儿园 一百以内有什么推荐", "儿童摇粒绒马甲", "背包"),  # a child is a need the tag 男孩 speaks to
])
def test_a_need_in_buyers_words_finds_the_items_tagged_for_it(shop: Engine, text: str, says: str, never: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == "recommend", (turn.intents, turn.reply)
    assert says in turn.reply and never not in turn.reply, turn.reply


@pytest.mark.parametrize("text, says", [
    ("围巾戴着刺挠脖子吗", "贴着脖子不扎"),  # the entry that shares the question's characters, though not its words
])
def test_a_paraphrase_of_a_faq_gets_the_entry_for_an_agent_and_stays_a_faq_to_write(shop: Engine, text: str,
                                                                                      says: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and says in turn.reply, (turn.intents, turn.reply)
    assert not turn.auto and turn.product.missing_faq


@pytest.mark.parametrize("text, says, never", [
    ("积木适合8岁的孩子吗", "3-6岁", "很适合"),  # the ages the item is for, against the child's
    ("积木适合4岁孩子玩吗", "很适合", "不太适合"),
])
def test_a_childs_age_is_set_against_the_ages_an_item_is_for(shop: Engine, text: str, says: str, never: str) -> None:
    turn = ask(shop, text)
    assert says in turn.reply and never not in turn.reply, (turn.intents, turn.reply)


def test_a_recommendation_leaves_out_items_for_other_ages(shop: Engine) -> None:
    turn = ask(shop, "给8岁的外甥挑个生日礼物 有推荐吗")
    assert "木质拼装积木" not in turn.reply, turn.reply
    assert "木质拼装积木" in ask(shop, "给4岁的外甥挑个生日礼物 有推荐吗").reply


def test_a_faq_entry_must_say_each_figure_asked() -> None:
    from bot.catalog.faq import says_figures
    from bot.catalog.model import Faq
    table = Faq(("脚长多少穿几码",), "脚长18厘米穿30码，19厘米穿32码，每半厘米一个码")
    assert says_figures(table, "脚长19穿几码")
    assert not says_figures(table, "脚长19.5穿几码")  # the right entry, but 19.5 is not in it
