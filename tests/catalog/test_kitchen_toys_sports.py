"""Cookware, toys and sports goods (issue 14, three blind shops of these trades): a knee brace sized by 膝围, goods sold
by weight whose colour is an attribute, a size the item lacks, a price asked again of another size, inches asked of a
wheel, a child's age beside 要多少块, two items joined by 加, the needs buyers state for where the goods are used, and
attribute words of these trades (耐多少度, 怎么量, 绑在哪, 孔多大, 塞的什么). A shop of our own; each row was answered
otherwise before (a size note instead of the size, a stock list sent alone for a colour, "none" sent alone)."""
from __future__ import annotations

import pytest

from bot.catalog import read_catalog
from bot.catalog.sizing import body
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "HT1.yaml": """sku: HT1
title: 篮球加压护膝
price: 49
aliases: [护膝, 篮球护膝]
attributes: {材质: 锦纶弹力针织, 规格: 单只装, 量法: 腿伸直，绕膝盖骨中间一圈量}
size_chart:                       # 膝围 cm
  - {size: S, knee: [31, 34]}
  - {size: M, knee: [34, 37]}
  - {size: L, knee: [37, 41]}
size_note: 加压款，贴腿
variants:
  - {size: S, stock: 8}
  - {size: M, stock: 8}
  - {size: L, stock: 0, restock: 2026-12-19}
""",
    "YQ1.yaml": """sku: YQ1
title: 实心橡胶药球
price: 89
aliases: [药球, 重力球]
attributes: {颜色: 按重量区分（3kg绿、5kg蓝、8kg橙）, 材质: 实心橡胶}
variants:
  - {size: 3kg, stock: 12, price: 89}
  - {size: 5kg, stock: 9, price: 119}
  - {size: 8kg, stock: 0, restock: 2026-12-22, price: 159}
""",
    "TG1.yaml": """sku: TG1
title: 珐琅铸铁炖锅
price: 299
aliases: [炖锅, 珐琅锅]
attributes: {材质: 铸铁内壁耐高温珐琅, 耐温: 最高260℃, 锅深: 约9cm, 锅盖: 铸铁自压盖}
variants:
  - {size: 20cm, stock: 6, price: 299}
  - {size: 24cm, stock: 4, price: 369}
bundles:
  - {name: 炖锅配木勺, skus: [TG1, MS1], price: 319}
""",
    "MS1.yaml": """sku: MS1
title: 榉木长柄汤勺
price: 29
aliases: [汤勺, 木勺]
attributes: {长度: 32cm}
variants:
  - {color: 原木色, stock: 30}
""",
    "HX1.yaml": """sku: HX1
title: 儿童轮滑鞋
price: 199
aliases: [轮滑鞋, 溜冰鞋]
attributes: {轮子: PU静音轮, 佩戴位置: 脚踝处用魔术贴和卡扣固定}
variants:
  - {size: S, stock: 5}
suits: [户外, 运动]
""",
    "PB1.yaml": """sku: PB1
title: 木质拼板
price: 39
aliases: [拼板, 木拼板]
size_chart:                       # 月龄
  - {size: 12块, age: [24, 48]}
  - {size: 30块, age: [48, 84]}
  - {size: 60块, age: [84, 144]}
variants:
  - {size: 12块, stock: 9}
  - {size: 30块, stock: 7}
  - {size: 60块, stock: 0, restock: 2026-12-18}
suits: [益智, 室内]
""",
    "WO1.yaml": """sku: WO1
title: 泡沫哑铃片
price: 35
aliases: [哑铃片, 杠铃片]
attributes: {规格: 单片装, 孔径: 标准28mm, 填充物: 高密度EVA泡沫}
variants:
  - {size: 1kg, stock: 20}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "kitchen_toys_sports", FILES))


def test_a_knee_chart_loads_and_the_knee_is_read(tmp_path_factory: pytest.TempPathFactory) -> None:
    """膝围 is a chart key in cm, validated like the others; 膝围35 and 膝盖一圈三十六公分 are the buyer's knee."""
    catalog, problems = read_catalog(write_catalog(tmp_path_factory, "knee", FILES))
    assert catalog.get("HT1").size_chart[1].span("knee") == (34, 37) and not problems, problems
    assert body("膝围35 拿啥码") == {"knee": 35}
    assert body("膝盖一圈三十六公分") == {"knee": 36}
    assert body("膝盖疼了20天") == {}


# (message, history, what the first suggestion must say, what it must not say, sent alone?)
ROWS = [
    # a knee brace by its chart: one size, or two a knee between them fits; with no knee given, the knee is asked for
    ("护膝膝围35拿什么码", (), ("M码",), (), True),
    ("护膝 膝盖一圈三十四公分 选S还是M", (), ("S", "M"), (), None),
    ("护膝选什么码", (), ("膝围",), (), False),
    # the colour of goods sold by weight, which the file writes as an attribute: never the stock of a weight
    ("5kg的药球是什么颜色", (), ("5kg蓝",), ("有货",), False),
    # a size the item lacks: "none" and what there is, for an agent
    ("药球有10kg的吗", (), ("没有10kg",), (), False),
    # a price asked again of another size; a size said by its figure alone
    ("24的呢", ("炖锅20cm多少钱",), ("369",), (), True),
    ("24的呢", ("炖锅20cm有货吗",), ("有货",), (), True),
    # inches asked of a wheel the file describes otherwise
    ("轮滑鞋轮子几寸的", (), (), (), False),
    # a child's age beside 要多少块: the chart's size by age
    ("孩子六岁了 拼板要多少块的", (), ("30块",), (), None),
    # the size by an age or a measure beside another question (the shipping, a return): answered too, held
    ("拼板五岁用哪个 包邮吗", (), ("30块",), (), False),
    ("护膝膝围三十五 拿啥码 不合适能换吗", (), ("M码",), (), False),
    # 几号补: the restock of a size sold out
    ("拼板60块几号补", (), ("12月18日",), (), None),
    # two items joined by 加: the bundle holding both
    ("炖锅加汤勺多少钱", (), ("319",), (), None),
    # where the goods are used, as buyers say it
    ("想带娃去外面玩 推荐个", (), ("儿童轮滑鞋",), (), False),
    # these trades' attribute words
    ("炖锅耐多少度高温", (), ("260℃",), (), None),
    ("炖锅多深", (), ("9cm",), (), None),
    ("护膝怎么量尺寸", (), ("膝盖骨中间",), (), None),
    ("轮滑鞋绑在哪", (), ("魔术贴",), (), None),
    ("哑铃片的孔多大", (), ("28mm",), ("单片装",), None),
    ("哑铃片里面塞的什么", (), ("EVA泡沫",), (), None),
]


@pytest.mark.parametrize("text, history, says, not_says, alone", ROWS, ids=[f"{n}-{row[0]}" for n, row in enumerate(ROWS)])
def test_these_trades_questions_get_the_files_fact(shop: Engine, text: str, history: tuple[str, ...], says: tuple[str, ...],
                                                   not_says: tuple[str, ...], alone: bool | None) -> None:
    turn = ask(shop, text, history=history)
    assert all(s in turn.reply for s in says), turn.reply
    assert not any(s in turn.reply for s in not_says), turn.reply
    if alone is not None:
        assert turn.auto is alone, turn.reply
