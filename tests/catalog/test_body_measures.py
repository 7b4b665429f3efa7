"""Size charts by the body's girths and length (`chest` 胸围, `waist` 腰围, `back` 背长, all in cm): a dog's harness by
胸围 and weight, a pet's coat by 背长, 胸围 and weight, trousers by 腰围 that buyers also tell in 尺 (2尺2). A shop of our
own; the harness's and the coat's questions were asked for the weight before, their chart rows dropped as unknown keys."""
from __future__ import annotations

import pytest

from bot.catalog import read_catalog
from bot.catalog.sizing import body
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "QB1.yaml": """sku: QB1
title: 反光胸背带
price: 59
aliases: [胸背带, 胸背]
size_chart:                       # 胸围 cm, 体重 斤
  - {size: S, chest: [30, 40], weight: [5, 12]}
  - {size: M, chest: [38, 50], weight: [12, 25]}
  - {size: L, chest: [50, 62], weight: [25, 45]}
size_note: 毛厚的狗狗选大一码
variants:
  - {size: S, stock: 4}
  - {size: M, stock: 6}
  - {size: L, stock: 0, restock: 2026-12-20}
""",
    "MY1.yaml": """sku: MY1
title: 宠物摇粒绒马甲
price: 45
aliases: [马甲]
size_chart:                       # 背长, 胸围 cm; 体重 斤
  - {size: S, back: [20, 25], chest: [32, 38], weight: [4, 9]}
  - {size: M, back: [25, 30], chest: [38, 45], weight: [9, 15]}
  - {size: L, back: [30, 36], chest: [45, 53], weight: [15, 24]}
variants:
  - {size: S, stock: 3}
  - {size: M, stock: 3}
  - {size: L, stock: 3}
""",
    "XK1.yaml": """sku: XK1
title: 直筒休闲西裤
price: 159
aliases: [西裤]
size_chart:                       # 腰围 cm (2尺2 is 73)
  - {size: "29", waist: [70, 74]}
  - {size: "30", waist: [75, 78]}
  - {size: "31", waist: [79, 82]}
variants:
  - {size: "29", stock: 5}
  - {size: "30", stock: 5}
  - {size: "31", stock: 5}
""",
    "NK1.yaml": """sku: NK1
title: 弹力修身牛仔裤
price: 139
aliases: [牛仔裤]
size_chart:                       # by height and weight; the waist in 尺 is the FAQ's
  - {size: "28", height: [160, 170], weight: [100, 118]}
  - {size: "30", height: [166, 176], weight: [118, 136]}
faq:
  - {q: [腰围对照, 2尺3穿几码, 几尺的腰穿什么码], a: 28码腰围2尺1，30码腰围2尺3}
variants:
  - {size: "28", stock: 5}
  - {size: "30", stock: 5}
""",
    "GW1.yaml": """sku: GW1
title: 保暖狗窝
price: 89
aliases: [狗窝]
size_chart:                       # 体重 斤 only
  - {size: S, weight: [2, 10]}
  - {size: M, weight: [10, 25]}
variants:
  - {size: S, stock: 2}
  - {size: M, stock: 2}
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "body_measures", FILES))


@pytest.mark.parametrize("text, measures", [
    ("狗狗胸围48厘米 胸背选啥码", {"chest": 48}),
    ("胸围四十三 买s还是m", {"chest": 43}),
    ("胸围480mm", {"chest": 48}),
    ("背长三十二 胸围四十八 马甲啥码", {"back": 32, "chest": 48}),
    ("腰围2尺2穿几码", {"waist": 73.3}),  # 1尺 is a third of a metre, its 寸 a tenth of it
    ("二尺四的穿哪个", {"waist": 80}),
    ("二尺半能穿吗", {"waist": 83.3}),
    ("腰围七十二", {"waist": 72}),
    ("腰围72cm", {"waist": 72}),
    ("腰七十五穿多大", {"waist": 75}),
    ("背长二十五厘米半", {"back": 25.5}),
    ("下胸围75选哪个", {}),  # a bra's band, not the chest
    ("胸背带多少钱", {}),  # the harness's name holds 胸 and 背
    ("看下尺码表", {}),  # 尺码 is no figure in 尺
    ("四尺宣纸有吗", {}),  # 尺 with no 寸 and no word: a length of something else
])
def test_the_body_measures_a_question_gives(text: str, measures: dict[str, float]) -> None:
    assert body(text) == measures


# (message, what the reply must say, what it must not say, sent alone?)
ROWS = [
    ("胸背带 狗狗胸围48厘米选啥码", "M码", "体重（", False),  # by chest alone: the weight the chart goes by too is not given
    ("狗狗胸围48厘米 二十斤 胸背带选啥码", "M码", "之间", True),  # chest and weight: every measure of the chart
    ("胸背带 胸围三十九 买s还是m", "再说一下体重", "合身", False),  # 39 fits S and M: both, and the weight decides
    ("背长三十二 胸围四十八 体重18斤 马甲啥码", "L码", "之间", True),
    ("西裤 腰围2尺2穿几码", "29", "身高", True),
    ("西裤腰围七十六穿多大", "30", "身高", True),
    ("西裤 二尺四的穿哪个", "31", "身高", True),  # 80cm
    ("牛仔裤2尺3穿几码", "30码腰围2尺3", "身高", True),  # a chart not by the waist: the shop's own table in its FAQ
    ("胸背带怎么选码", "胸围", "身高", False),  # asked for the measures the chart goes by
    ("马甲怎么选尺码", "背长", "身高", False),
    ("西裤怎么选码", "腰围", "体重", False),
    ("狗窝怎么选码", "体重", "胸围", False),  # a chart by weight only asks for the weight only
]


@pytest.mark.parametrize("text, says, never, alone", ROWS, ids=[f"{n}-{row[0]}" for n, row in enumerate(ROWS)])
def test_advice_by_chest_waist_and_back(shop: Engine, text: str, says: str, never: str, alone: bool) -> None:
    turn = ask(shop, text)
    assert says in turn.reply and never not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply


def test_the_shops_size_note_follows_an_answer_between_two_sizes_on_its_own_line(shop: Engine) -> None:
    reply = ask(shop, "胸背带 胸围三十九 买s还是m").reply
    assert "还是M码~\n毛厚的狗狗选大一码" in reply, reply


def test_chest_waist_and_back_are_chart_keys_checked_with_their_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Read without a warning; a figure no chest can be is named with its file, line and an example."""
    folder = write_catalog(tmp_path_factory, "body_charts", {**FILES, "BAD.yaml": """sku: BAD
title: 狗狗雨衣
price: 1
size_chart:
  - {size: S, chest: [3, 4]}
variants:
  - {size: S, stock: 1}
"""})
    catalog, problems = read_catalog(folder)
    assert [r.chest for r in catalog.get("QB1").size_chart] == [(30, 40), (38, 50), (50, 62)]
    assert catalog.get("MY1").size_chart[0].back == (20, 25) and catalog.get("XK1").size_chart[1].waist == (75, 78)
    assert not [p for p in problems if p.path.name != "BAD.yaml"], problems
    bad = [p for p in problems if p.path.name == "BAD.yaml"]
    assert bad and bad[0].line == 5 and "胸围" in bad[0].message and "[34, 44]" in bad[0].message, bad
