"""What buyers call a shop's colours, measures and sizes in words of their own: a part of a colour's name (珍珠 of
珍珠白), a finish in other words (哑光 for 雾面), a measure by another name (底围 for 下胸围), a name typed with a
character of another reading (瑜珈 for 瑜伽), which size to choose with no measure given, and how many shades there
are. Each reads the shop's fact; what rests on another word than the shop's waits for an agent."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog


FILES = {
    "MAT7.yaml": """\
sku: MAT7
title: 加厚TPE瑜伽垫
price: 99
aliases: [瑜伽垫, 健身垫]
attributes: {材质: TPE, 尺寸: 183×61cm}
variants:
  - {color: 香芋紫, size: 6mm, stock: 9}
  - {color: 香芋紫, size: 8mm, stock: 0, restock: 2026-12-15}
  - {color: 雾面黑, size: 6mm, stock: 5}
  - {color: 珍珠白, size: 8mm, stock: 3}
faq:
  - {q: [有味道吗, 有没有异味], a: 拆开有轻微气味，通风一两天就散}
""",
    "CAP7.yaml": """\
sku: CAP7
title: 骑行安全头盔
price: 199
aliases: [头盔]
attributes: {头围: M码54-58cm L码58-62cm, 重量: 约250克}
variants:
  - {color: 亮光红, size: M, stock: 4}
  - {color: 磨砂黑, size: M, stock: 0, restock: 2026-12-12}
  - {color: 磨砂黑, size: L, stock: 6}
size_note: 在两个码中间选L码
""",
    "BRA7.yaml": """\
sku: BRA7
title: 无钢圈运动内衣
price: 89
aliases: [运动内衣]
attributes: {面料: 锦纶80% 氨纶20%}
variants:
  - {color: 黑色, size: S, stock: 3}
  - {color: 黑色, size: M, stock: 5}
size_note: 按下胸围选：S码63-70cm，M码70-77cm，L码77-84cm
""",
    "LIP7.yaml": """\
sku: LIP7
title: 丝绒雾面口红
price: 109
aliases: [口红]
variants:
  - {color: "#01 正红", stock: 12}
  - {color: "#02 豆沙", stock: 0, restock: 2026-12-10}
  - {color: "#03 奶茶", stock: 6}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "words", FILES))


ask = partial(shops.ask, conversation="words")  # the conversation its rows were written in


# (message, the kind of answer, what the first suggestion says, what it must not say, sent alone?)
ROWS = [
    # a part of a colour's name only that colour has, or the buyers' word for it (intents/product_words.yaml)
    ("瑜伽垫珍珠的有吗", "stock", "珍珠白有货", "", True),
    ("瑜伽垫哑光的有吗", "stock", "雾面黑有货", "", False),  # 哑光 is the buyers' word, not the shop's: an agent
    ("头盔哑光的还有吗", "stock", "磨砂黑 M暂时卖完", "", False),
    # the whole colour is one: its 紫色 is no colour the item lacks, and 香芋 is no word left unanswered
    ("瑜伽垫香芋紫色的还有吗", "stock", "香芋紫 6mm", "没有", True),
    # a measure by the buyers' name for it
    ("运动内衣底围72穿什么码", "size", "下胸围72cm", "", False),
    # which size to choose, no measure given: the shop's table in words and the measure it goes by
    ("头盔选什么码", "size_note", "M码54-58cm", "有货", False),
    ("运动内衣穿什么码", "size_note", "告诉我您的下胸围", "", False),
    # how many shades: the shades there are, not a colour read in the item's own name (口红's 红)
    ("口红有几个色号", "stock", "#01 正红、#03 奶茶", "", True),
    ("口红色号有哪些", "stock", "#02 豆沙（预计12月10日补货）", "没有红色", True),
    # a name typed with another reading of a character: 伽 is ga, jia and qie
    ("瑜珈垫有味道吗", "faq", "轻微气味", "", False),
    # a colour after a size (L码白色) is a hue asked; a unit in words is the one the file writes (8毫米 of 8mm)
    ("头盔M码黑色什么时候到", "stock", "预计12月12日补货", "没有", False),  # read as shipping by the matcher: held
    ("瑜伽垫8毫米的白色有吗", "stock", "珍珠白 8mm有货", "没有", True),
]


@pytest.mark.parametrize("text, kind, says, never, alone", ROWS, ids=[r[0] for r in ROWS])
def test_buyers_words_read_as_the_shops(shop: Engine, text: str, kind: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == kind, (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply
    assert not never or never not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply
