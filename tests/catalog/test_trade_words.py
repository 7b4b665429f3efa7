"""Attributes asked in the words of a trade the reader was not written for: a name jieba cuts into characters
(安卓, 充绒), an attribute named across an item's name (跑鞋底), a part of the goods in one character (刀, 线), a
count of a name ending in 数 (几节), everyday words the trainers list for a kind of name (多快 for 最高速度, 兜 for
口袋, 怎么保存 for 储存), a FAQ entry that says the word asked though worded far from it (加淀粉没), and an item's name
inside another's (小电饭煲 is not also 电饭煲), a FAQ entry or a value that alone says what is asked (有灯吗, 有窗吗). Each is answered
with the shop's fact."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog


FILES = {
    "RUN8.yaml": """\
sku: RUN8
title: 缓震慢跑鞋
price: 299
aliases: [跑鞋, 慢跑鞋]
attributes: {鞋面材质: 针织网布, 鞋底: 发泡中底加橡胶大底, 重量: 约230克}
""",
    "WAT8.yaml": """\
sku: WAT8
title: 心率运动手表
price: 499
aliases: [手表, 运动表]
attributes: {屏幕: 1.3英寸, 兼容: 安卓和苹果手机都能连, 表带: 20mm硅胶表带}
""",
    "BAG8.yaml": """\
sku: BAG8
title: 羽绒露营睡袋
price: 399
aliases: [睡袋]
attributes: {填充物: 白鸭绒, 充绒量: 600克, 尺寸: 210×80cm}
""",
    "POL8.yaml": """\
sku: POL8
title: 铝合金徒步杖
price: 69
aliases: [徒步杖, 手杖]
attributes: {节数: 四节, 长度: 60-130cm}
""",
    "BLN8.yaml": """\
sku: BLN8
title: 家用破壁料理机
price: 399
aliases: [破壁机, 料理机]
attributes: {刀片: 六叶不锈钢刀, 电源线: 1.2米, 功率: 900W}
""",
    "CAR8.yaml": """\
sku: CAR8
title: 高速遥控赛车
price: 189
aliases: [遥控车, 赛车]
attributes: {最高速度: 每小时30公里, 遥控距离: 约100米, 比例: "1:18", 充电时间: 约90分钟}
""",
    "PNT8.yaml": """\
sku: PNT8
title: 高腰运动长裤
price: 129
aliases: [运动裤, 长裤]
attributes: {面料: 锦纶氨纶, 口袋: 侧边两个口袋}
""",
    "JRK8.yaml": """\
sku: JRK8
title: 手撕牦牛肉干
price: 88
aliases: [牛肉干, 肉干]
attributes: {产地: 西藏那曲, 储存: 常温阴凉处, 保质期: 8个月}
faq:
  - {q: [是纯肉吗, 有没有淀粉], a: 整块牛肉风干，不加淀粉}
""",
    "TEA8.yaml": """\
sku: TEA8
title: 古树白茶饼
price: 268
aliases: [白茶, 茶饼]
attributes: {年份: 2018年春茶, 净含量: 357克}
""",
    "RCS8.yaml": """\
sku: RCS8
title: 迷你电饭煲1.2L
price: 129
aliases: [小电饭煲, 电饭煲]
attributes: {适用人数: 1-2人, 容量: 1.2L}
""",
    "RCL8.yaml": """\
sku: RCL8
title: 大容量电饭煲5L
price: 399
aliases: [大电饭煲, 电饭煲]
attributes: {适用人数: 4-8人, 容量: 5L}
""",
    "LMP8.yaml": """\
sku: LMP8
title: 骑行尾灯头盔
price: 219
aliases: [头盔]
attributes: {门: 双门双窗}
faq:
  - {q: [能装灯吗, 有尾灯吗], a: 后脑自带USB充电尾灯}
  - {q: [刚拆开有没有异味, 有味道吗], a: 拆开有轻微气味，通风一天就散}
  - {q: [能机洗吗, 可以放洗衣机洗吗], a: 不建议机洗，用湿布擦}
""",
    "WCH8.yaml": """\
sku: WCH8
title: 智能通话手表
price: 599
aliases: [通话手表]
attributes: {屏幕: 1.4英寸AMOLED, 表带: 22mm硅胶表带}
""",
    "MAG8.yaml": """\
sku: MAG8
title: 磁力片积木60片
price: 99
aliases: [磁力片]
attributes: {片数: 60片, 收纳: 配收纳盒}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "trades", FILES))


ask = partial(shops.ask, conversation="trades")  # the conversation its rows were written in


# (message, what the first suggestion says, what it must not say)
ROWS = [
    ("手表安卓能用吗", "安卓和苹果手机都能连", ""),  # 安卓 cut 安 卓, said whole by the value
    ("睡袋充绒多少", "充绒量：600克", ""),  # 充绒 cut 充 绒, the start of the name
    ("跑鞋底是啥做的", "鞋底：发泡中底", "针织网布"),  # 鞋底 across 跑鞋; the sole, not the upper
    ("破壁机刀是几叶的", "刀片：六叶", ""),  # a part in one character: the one name it starts
    ("破壁机线多长", "电源线：1.2米", ""),  # ... or ends
    ("徒步杖有几节", "节数：四节", ""),  # 几节 of 节数
    ("遥控车跑多快", "最高速度：每小时30公里", "充电时间"),
    ("遥控车能开多远", "遥控距离：约100米", ""),
    ("遥控车几比几的", "比例：1:18", ""),
    ("运动裤有兜吗", "口袋：侧边两个口袋", ""),
    ("牛肉干怎么保存", "储存：常温阴凉处", ""),
    ("牛肉干是哪里的", "产地：西藏那曲", ""),
    ("白茶是哪年的", "年份：2018年春茶", ""),
    ("牛肉干里面加淀粉没", "不加淀粉", ""),  # a FAQ entry that says 淀粉; 没 at the end asks
    ("小电饭煲几个人吃", "1-2人", "4-8人"),  # 小电饭煲 is not also 电饭煲
    ("磁力片带盒子吗", "磁力片积木60片", "偏大"),  # 片带 is no slip of 偏大 (大 read dai): only names are read every way
    ("头盔有异味吗", "轻微气味", ""),  # the entry that says 异味, though it scores low: no complaint
    ("头盔能扔洗衣机吗", "不建议机洗", "双门双窗"),  # the entry that says 洗衣机, not a value sharing its 机
    ("头盔有灯吗", "尾灯", ""),  # one character asked, said by one entry's questions only
    ("头盔有窗吗", "双门双窗", ""),  # one character asked, said by one value only
    ("通话手表是玻璃屏吗", "屏幕：1.4英寸", "硅胶"),  # a material claimed of a part: the part's attribute
]


@pytest.mark.parametrize("text, says, never", ROWS, ids=[r[0] for r in ROWS])
def test_an_attribute_asked_in_a_trades_words(shop: Engine, text: str, says: str, never: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None, (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply
    assert not never or never not in turn.reply, turn.reply
