"""Questions of a gadget and stationery shop the reading missed: a charger's watts asked of an attribute named 快充,
a keyboard's switches changed by hand (热插拔), a unit asked that the value never writes (耳机快充多少瓦 against
充电5分钟听1小时), a FAQ entry that says more of the question than the attribute an everyday word finds (游泳 of
防水), a phone named as what earphones connect to, a repair asked after what might break, what goes with an item
just ordered, a word two items share (文具), and a choice of size beside a delivery question. Each answer carries the
shop's fact, and goes out alone only when nothing of it is a guess."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "KEY9.yaml": """\
sku: KEY9
title: 青竹68键机械键盘
price: 299
aliases: [机械键盘, 键盘]
attributes: {热插拔: 全键五脚热插拔, 键帽: PBT热升华, 连接: 蓝牙和有线双模}
variants:
  - {color: 竹青, stock: 8}
  - {color: 月白, stock: 3}
related: [MOU9]
""",
    "MOU9.yaml": """\
sku: MOU9
title: 轻量无线鼠标
price: 79
aliases: [鼠标, 无线鼠标]
attributes: {重量: 约58克}
variants:
  - {color: 竹青, stock: 10}
""",
    "PHN9.yaml": """\
sku: PHN9
title: 青柠Y3手机
price: 1299
aliases: [手机, Y3]
attributes: {快充: 44W闪充, 电池: 5000mAh, 屏幕: 6.6英寸}
faq:
  - {q: [有耳机孔吗, 能插有线耳机吗], a: 没有耳机孔，用Type-C耳机或蓝牙耳机}
""",
    "BUD9.yaml": """\
sku: BUD9
title: 挂耳运动蓝牙耳机
price: 159
aliases: [耳机, 运动耳机]
attributes: {快充: 充电5分钟听1小时, 防水: IPX5防汗, 续航: 单次8小时}
faq:
  - {q: [游泳洗澡能戴着吗], a: 不行，IPX5只防汗防雨，不能洗澡游泳}
  - {q: [苹果手机能连吗, 安卓能用吗], a: 苹果和安卓手机都能连}
""",
    "PEN9.yaml": """\
sku: PEN9
title: 按动中性笔10支
price: 15
aliases: [中性笔, 文具]
attributes: {笔尖: 0.5mm}
bundles:
  - {name: 笔和本套装, skus: [PEN9, BOK9], price: 25}
""",
    "BOK9.yaml": """\
sku: BOK9
title: 线圈笔记本
price: 12
aliases: [笔记本, 本子, 文具]
attributes: {页数: 100页}
""",
    "BAG9.yaml": """\
sku: BAG9
title: 儿童减负书包
price: 199
aliases: [书包]
variants:
  - {color: 天蓝, size: 小码, stock: 5}
  - {color: 天蓝, size: 大码, stock: 7}
size_chart:
  - {size: 小码, height: [110, 135]}
  - {size: 大码, height: [130, 160]}
warranty: 一年内开线免费维修
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "gadgets", FILES))


ask = partial(shops.ask, conversation="gadgets")  # the conversation its rows were written in

# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    ("手机充电多少瓦", "44W闪充", "", False),  # watts of 快充: 44W闪充 (充电 is no word of it, for an agent)
    ("手机快充几瓦", "44W闪充", "", True),
    ("耳机快充多少瓦", "充电5分钟听1小时", "", False),  # watts asked, none written: the value, for an agent
    ("键盘可以自己换轴吗", "全键五脚热插拔", "", False),  # 换轴 is what 热插拔 answers
    ("键盘能热插拔吗", "全键五脚热插拔", "", True),
    ("耳机戴着去游泳行不", "不能洗澡游泳", "IPX5防汗~", False),  # the entry says 戴 and 游泳; 防水 only 游泳
    ("耳机防水吗", "IPX5防汗", "", True),
    ("耳机苹果手机能连吗", "都能连", "", False),  # the phone is what the earphones connect to
    ("手机能连耳机吗", "蓝牙耳机", "", False),  # the earphones are what the phone connects to
    ("书包用坏了管修吗", "免费维修", "", False),  # what the shop repairs, asked before buying
    ("键盘下单了 再配点啥", "轻量无线鼠标", "", False),  # what goes with it
    ("文具多少钱一套", "25元", "", False),  # 文具 is the pen's word and the notebook's: neither for sure
    ("中性笔和本子一起买多少钱", "25元", "", True),  # both named: the bundle that holds them
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_gadget_question_is_answered_with_the_shops_fact(shop: Engine, text: str, says: str, never: str,
                                                          alone: bool) -> None:
    assert_answers(ask(shop, text), says, never, alone)


def test_a_size_chosen_beside_a_delivery_question_waits(shop: Engine) -> None:
    """孩子125选小码吧 几天能到: the delivery reply leaves the choice of the bag's size unanswered."""
    turn = ask(shop, "孩子125选小码吧 几天能到")
    assert not turn.auto, turn.reply
