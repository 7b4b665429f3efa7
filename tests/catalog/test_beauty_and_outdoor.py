"""Questions of make-up, personal care and outdoor goods in their buyers' words: how long make-up stays on (持久,
脱妆), a motor's speed (多少转), a shoe's drop (前后掌差), whether a jacket breathes (捂汗), what a lining or a set holds
(里头, 都有些啥); which items go with one bought (有啥推荐一起买的: the related items, not its bundles); a bundle asked
of two names when one of them calls two items (面膜 of a sheet mask and a sleeping mask), or by its own name (四只装):
the bundle, not the shop's multi-buy rule nor one item's price; a return on a ground the item's own warranty names;
an item known only by a colour the shop also writes otherwise (焦糖 of 03焦糖奶咖); and which shade, asked by the
lips' own colour (唇色偏暗) or as between two shades (在亮白和自然之间): the shop's shade note."""
from __future__ import annotations

import pytest

from bot.engine import Engine

from .shops import ask, assert_answers, engine_with, write_catalog

FILES = {
    "LIP9.yaml": """\
sku: LIP9
title: 水光镜面唇釉
price: 99
aliases: [唇釉]
attributes: {持妆: 约5小时（少喝水更久）, 质地: 水光镜面}
""",
    "GUN9.yaml": """\
sku: GUN9
title: 迷你静音筋膜枪
price: 259
aliases: [筋膜枪]
attributes: {转速: 1800-3200转/分钟, 档位: 四档, 重量: 约450克}
""",
    "TRL9.yaml": """\
sku: TRL9
title: 抓地越野跑鞋
price: 459
aliases: [越野鞋]
attributes: {落差: 6mm, 鞋面材质: 单层网布, 大底: 防滑橡胶}
""",
    "RAN9.yaml": """\
sku: RAN9
title: 轻量骑行雨衣
price: 189
aliases: [雨衣]
attributes: {透湿量: 5000g/㎡/24h, 防水: 静水压5000mm}
""",
    "BOT9.yaml": """\
sku: BOT9
title: 儿童防滑棉靴
price: 139
aliases: [棉靴]
attributes: {内里: 仿羊羔绒, 鞋底: 牛筋底}
""",
    "TEA9.yaml": """\
sku: TEA9
title: 白瓷功夫茶具礼盒
price: 299
aliases: [茶具, 茶具礼盒]
attributes: {内含: 一壶四杯加公道杯和茶盘, 材质: 德化白瓷}
""",
    "KET9.yaml": """\
sku: KET9
title: 玻璃煮茶壶
price: 159
aliases: [煮茶壶]
bundles:
  - {name: 煮茶壶配杯组合, skus: [KET9, CUP9], price: 199}
related: [CUP9]
""",
    "CUP9.yaml": """\
sku: CUP9
title: 耐热玻璃品茗杯
price: 59
aliases: [品茗杯]
bundles:
  - {name: 四只装, skus: [CUP9, CUP9, CUP9, CUP9], price: 199}
""",
    "SPR9.yaml": """\
sku: SPR9
title: 清透防晒喷雾
price: 89
aliases: [防晒喷雾]
faq:
  - {q: [敏感肌能用吗, 用了会刺痛吗, 脸上刺痛正常吗], a: 敏感肌可以用，少数人第一次用会轻微刺痛，几分钟就消}
warranty: 未拆封7天无理由退换；使用后如出现红肿刺痛，凭照片可申请退货
""",
    "CND9.yaml": """\
sku: CND9
title: 木芯香薰蜡烛
price: 79
aliases: [香薰蜡烛, 蜡烛]
warranty: 未拆封支持7天无理由退换；拆封后非质量问题不退换
""",
    "NAI9.yaml": """\
sku: NAI9
title: 免烤速干指甲油
price: 39
aliases: [指甲油]
variants:
  - {color: 03焦糖奶咖, size: 正装, stock: 5}
  - {color: 03焦糖奶咖, size: 小瓶装, stock: 0, restock: 2026-12-22}
  - {color: 05雾霾蓝灰, size: 正装, stock: 9}
  - {color: 05雾霾蓝灰, size: 小瓶装, stock: 4}
spellings:
  03焦糖奶咖: [焦糖, 奶咖]
  小瓶装: [小瓶]
""",
    "TNT9.yaml": """\
sku: TNT9
title: 丝绒染唇液
price: 69
aliases: [染唇液]
variants:
  - {color: 03砖红, stock: 8}
  - {color: 06蜜桃粉, stock: 6}
shade_note: 唇色暗沉的选03砖红遮盖力好；唇色浅的选06蜜桃粉更自然
""",
    "FND9.yaml": """\
sku: FND9
title: 奶油肌粉底霜
price: 149
aliases: [粉底霜]
variants:
  - {color: 01亮白, stock: 8}
  - {color: 02自然, stock: 6}
shade_note: 冷白皮选01亮白，黄皮选02自然；夹在两个色号中间的选深一号
""",
    "MSK1.yaml": """\
sku: MSK1
title: 玻尿酸补水面膜
price: 89
aliases: [面膜, 补水面膜]
bundles:
  - {name: 面膜加爽肤水组合, skus: [MSK1, TON9], price: 169}
""",
    "MSK2.yaml": """\
sku: MSK2
title: 免洗睡眠面膜
price: 109
aliases: [面膜, 睡眠面膜]
""",
    "TON9.yaml": """\
sku: TON9
title: 清爽爽肤水
price: 99
aliases: [爽肤水]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "beauty_outdoor", FILES))


ROWS = [  # (question, what the answer says, what it never says, whether it goes out alone)
    ("唇釉持久吗", "持妆：约5小时", "", True),
    ("唇釉喝水会不会脱妆", "持妆：约5小时", "", False),  # 喝水 is not in the value: an agent sends it
    ("筋膜枪最高多少转", "转速：1800-3200转/分钟", "重量", False),
    ("越野鞋前后掌差多少", "落差：6mm", "", True),
    ("雨衣骑车穿捂汗吗", "透湿量：5000g", "", False),
    ("棉靴里头是什么毛", "内里：仿羊羔绒", "牛筋底", True),
    ("茶具礼盒都有些啥", "内含：一壶四杯", "", True),
    ("煮茶壶买了 有啥推荐一起买的", "耐热玻璃品茗杯", "组合", False),  # what goes with it, not the bundle's price
    ("面膜和爽肤水一起买有优惠没", "169", "", False),  # 面膜 calls two masks; one is in a bundle with the toner
    ("品茗杯四只装多少", "199", "", False),  # the bundle by its name: not the price of one cup
    # a return on a ground the item's warranty names, though a FAQ entry on the same ground scores higher
    ("防晒喷雾用了刺痛可以退吗", "凭照片可申请退货", "几分钟就消", False),
    ("蜡烛拆了不喜欢能退吗", "拆封后非质量问题不退换", "", False),  # the item's exception, though 拆了 reads as a report
    ("焦糖小瓶的还有吗", "12月22日", "", False),  # no item named: the one whose colour the shop also writes 焦糖, a guess
    ("我唇色偏暗 染唇液哪个盖得住", "唇色暗沉的选03砖红", "", False),  # the lips' colour, as a skin tone: the shade note
    ("粉底霜在亮白和自然之间 该挑哪个", "选深一号", "", False),  # between two shades: the shade note
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_a_question_in_the_trades_words_gets_the_shops_fact(shop: Engine, text: str, says: str, never: str,
                                                            alone: bool) -> None:
    assert_answers(ask(shop, text), says, never, alone)


def test_a_bundle_asked_with_a_price_word_stays_a_bundle(shop: Engine) -> None:
    turn = ask(shop, "煮茶壶有啥一起买便宜的")  # a cheaper buy together: the bundle, not the related items
    assert turn.product is not None and "199" in turn.reply, (turn.intents, turn.reply)
