"""Questions of a phone-accessory and cycling shop that named the goods by the kind they are (支架 of 车载支架 and 手机支架,
耳机 of a shop's earphones and children's headphones, 头盔 of an adult's and a child's helmet), by a one-character word
(壳) or by a phone model (苹果15pro, ip16, a model the item is not made for), and a few attributes in buyers' words
(多粗, 转方向, 能亮多久). Each answer carries the shop's fact; one that picks among several goes to an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import assert_answers, engine_with, write_catalog

FILES = {
    "CASE7.yaml": """\
sku: CASE7
title: 磨砂硅胶手机壳
price: 35
aliases: [手机壳, 硅胶壳, 保护壳]
options: {model: 型号}
variants:
  - {color: 黛紫, model: iPhone15Pro, stock: 4}
  - {color: 黛紫, model: iPhone16, stock: 6}
  - {color: 松绿, model: iPhone16, stock: 2}
bundles:
  - {name: 壳膜组合, skus: [CASE7, FILM7], price: 45}
""",
    "FILM7.yaml": """\
sku: FILM7
title: 高清钢化膜
price: 15
aliases: [钢化膜, 手机膜]
options: {model: 型号}
variants:
  - {model: iPhone16, stock: 9}
  - {model: iPhone15Pro, stock: 3}
""",
    "PLUG7.yaml": """\
sku: PLUG7
title: 氮化镓充电头
price: 59
aliases: [充电头, 插头]
attributes: {外壳: 阻燃PC, 线径: 约3mm}
""",
    "MOUNT7.yaml": """\
sku: MOUNT7
title: 磁吸车载支架
price: 45
aliases: [车载支架, 手机支架]
attributes: {旋转角度: 360度, 材质: 铝合金}
variants:
  - {color: 银灰, stock: 5}
  - {color: 曜黑, stock: 0, restock: 2026-12-20}
""",
    "EAR7.yaml": """\
sku: EAR7
title: 入耳式蓝牙耳机
price: 129
aliases: [蓝牙耳机, 无线耳机]
attributes: {防水等级: IPX5}
faq:
  - {q: [跑步会掉吗, 运动戴会不会掉], a: 耳翼卡住耳甲，跑步不容易掉}
warranty: 一年保修
""",
    "KID7.yaml": """\
sku: KID7
title: 儿童头戴耳机
price: 89
aliases: [儿童耳机, 小孩耳机]
warranty: 半年保修
attributes: {音量限制: 85分贝}
variants:
  - {color: 薄荷绿, stock: 6}
""",
    "POUCH7.yaml": """\
sku: POUCH7
title: 便携收纳包
price: 19
aliases: [收纳包, 收纳盒]
attributes: {尺寸: 12x8x5cm}
""",
    "HEL7.yaml": """\
sku: HEL7
title: 成人骑行头盔
price: 159
aliases: [骑行头盔, 公路头盔]
size_chart:
  - {size: M, head: [54, 58]}
  - {size: L, head: [58, 62]}
faq:
  - {q: [戴眼镜能戴吗, 近视眼镜会压吗], a: 两侧留了镜腿位置，戴眼镜不压}
""",
    "KHEL7.yaml": """\
sku: KHEL7
title: 儿童骑行头盔
price: 79
aliases: [儿童头盔, 宝宝头盔]
attributes: {适用年龄: 3-8岁, 尾灯: 后脑LED灯}
size_chart:
  - {size: S, head: [46, 52]}
  - {size: M, head: [52, 56]}
""",
    "LAMP7.yaml": """\
sku: LAMP7
title: 自行车前灯
price: 99
aliases: [前灯, 车灯]
attributes: {续航: 高亮3小时 低亮10小时}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "kinds", FILES))


ask = partial(shops.ask, conversation="kinds")

# (message, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    ("支架银灰有货吗", "银灰", "哪一款", True),  # 支架: the kind both its names end in, no other item's
    ("支架能转方向吗", "360度", "", True),
    ("耳机防水等级多少", "IPX5", "", False),  # 耳机 of two: the one with the attribute, a pick for an agent
    ("耳机保修多久", "一年保修", "您问的是", False),  # each one's warranty, for an agent
    ("耳机保修多久", "半年保修", "", False),
    ("头盔头围57戴什么码", "M", "儿童骑行头盔", False),  # the chart that reaches 57
    ("头盔戴眼镜会压吗", "不压", "", False),  # the one whose FAQ speaks of it
    ("苹果15pro能用这个壳吗", "iPhone15Pro", "", False),  # 壳 of 手机壳, 硅胶壳 (the charger's 外壳 aside)
    ("ip16能用那个钢化膜不", "iPhone16", "", True),
    ("有华为mate60pro的膜吗", "没有这个型号", "", False),  # a model of a brand the film is not made for
    ("壳和膜一起买有优惠没", "45元", "", False),  # each called short: the bundle that holds both
    ("放耳机的收纳包尺寸多大", "12x8x5cm", "您问的是", False),  # 耳机, a kind, yields to the pouch's own name
    ("充电头的线多粗", "3mm", "", True),  # 粗 asks the 线径
    ("前灯能亮多久", "高亮3小时", "", True),
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_goods_called_by_their_kind_or_a_model_are_answered(shop: Engine, text: str, says: str, never: str,
                                                           alone: bool) -> None:
    assert_answers(ask(shop, text), says, never, alone)


def test_a_recommendation_is_not_kept_to_the_goods_a_kind_word_calls(shop: Engine) -> None:
    turn = ask(shop, "跑步戴的耳机 推荐一个")
    assert turn.product is not None and not turn.auto, turn.reply
