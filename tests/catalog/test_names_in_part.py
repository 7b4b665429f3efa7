"""Items called by a part of their name, and their attributes asked in buyers' words, against a small knitwear and
underwear catalogue of our own: two words of a long title said together (男士圆领 of 男士羊毛混纺圆领毛衣), a short word
the cutter splits (德绒), what sets an item apart said before 款 (内袋款, not the 无内袋 one), a mix sold as 拼色A and
拼色B, a shaper's hooks and pads, 是真的...吗 and a return of an order's item its own rule speaks to. What rests on a
guess at the item waits for an agent."""
from __future__ import annotations

import pytest

from bot.domain import Order
from bot.engine import Engine

from .shops import ask, engine_with, write_catalog

FILES = {
    "MY1.yaml": """\
sku: MY1
title: 男士羊毛混纺圆领毛衣 冬季加厚
price: 199
aliases: [毛衣, 羊毛衫]
attributes: {面料: 羊毛30% 腈纶70%}
variants:
  - {color: 藏青, size: L, stock: 5}
  - {color: 藏青, size: XL, stock: 0, restock: 2026-12-16}
""",
    "MY2.yaml": """\
sku: MY2
title: 女士马海毛开衫 宽松
price: 239
aliases: [开衫, 毛衣, 马海毛开衫]
attributes: {面料: 马海毛20% 锦纶80%}
variants:
  - {color: 米白, size: M, stock: 6}
""",
    "MY3.yaml": """\
sku: MY3
title: 男士摇粒绒立领外套
price: 159
aliases: [外套, 摇粒绒外套]
attributes: {面料: 摇粒绒}
variants:
  - {color: 黑色, size: XL, stock: 3}
""",
    "MJ1.yaml": """\
sku: MJ1
title: 抓绒马甲 有内袋
price: 99
aliases: [内袋马甲, 马甲]
attributes: {面料: 抓绒}
variants:
  - {color: 灰色, size: L, stock: 4}
""",
    "MJ2.yaml": """\
sku: MJ2
title: 羽绒马甲 轻薄
price: 259
aliases: [无内袋马甲, 羽绒马甲, 马甲]
attributes: {面料: 尼龙, 填充: 白鸭绒90%}
variants:
  - {color: 黑色, size: L, stock: 2}
""",
    "DR1.yaml": """\
sku: DR1
title: 女士德绒打底衫 圆领
price: 89
aliases: [德绒打底衫, 打底衫]
attributes:
  面料: 德绒，腈纶60% 粘胶40%
  起球: 做过抗起球处理，腋下久穿可能轻微起球
genuine: 品牌直营，面料有成分检测报告
""",
    "WZ1.yaml": """\
sku: WZ1
title: 纯棉短袜 6双装
price: 39
aliases: [袜子, 短袜]
attributes: {颜色: 拼色A是黑白灰各两双，拼色B是粉蓝黄各两双}
variants:
  - {color: 拼色A, stock: 20}
  - {color: 拼色B, stock: 0, restock: 2026-12-21}
faq:
  - {q: [会起球吗, 起不起球], a: 精梳棉不易起球}
""",
    "SS1.yaml": """\
sku: SS1
title: 无痕塑身衣 收腹 产后可穿
price: 129
aliases: [塑身衣, 收腹衣]
attributes:
  搭扣: 前排四排三扣，可调松紧
  胸垫: 薄海绵垫，可拆卸
  产地: 浙江义乌
genuine: 品牌旗舰店，海绵垫用进口海绵，有报关单
warranty: 质量问题7天包退；贴身衣物洗过的不退不换
""",
}
VEST = Order.from_dict({"order_id": "Y1", "status": "paid", "amount": 129,
                        "items": [{"sku": "SS1", "title": "无痕塑身衣 收腹 M", "price": 129}]})


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "parts", FILES))


@pytest.mark.parametrize("text, says", [
    ("男士圆领xl还有没", "12月16日"),  # 男士 of the coat too, 圆领 of no other: the sweater's two words together
    ("男士圆领是啥料子", "羊毛30%"),
    ("德绒的是什么面料", "腈纶60%"),  # 德绒, which the cutter splits in two, of 德绒打底衫
    ("内袋款多少钱", "99"),  # the vest with pockets, not the one the file calls 无内袋
    ("无内袋款多少钱", "259"),
])
def test_an_item_called_by_part_of_its_name_is_answered_for_an_agent(engine: Engine, text: str, says: str) -> None:
    turn = ask(engine, text)
    assert turn.product is not None and turn.product.kind != "which_item", turn.reply
    assert says in turn.reply
    assert not turn.auto  # a guess at the item


def test_the_items_own_attribute_said_wins_over_another_items_faq(engine: Engine) -> None:
    reply = ask(engine, "德绒的起不起球").reply
    assert "轻微起球" in reply  # its own 起球, not the socks' FAQ nor a complaint
    assert "是的" not in reply  # the attribute's name in its value says neither yes nor no


@pytest.mark.parametrize("text, says, never", [
    ("袜子拼色b还有吗", "12月21日", None),  # 拼色B, not the 拼色A that shares its 拼色
    ("袜子拼色A是哪几个颜色", "黑白灰各两双", "有货"),  # what the mix is, not its stock
])
def test_a_mix_sold_as_lettered_colours(engine: Engine, text: str, says: str, never: str | None) -> None:
    reply = ask(engine, text).reply
    assert says in reply and (never is None or never not in reply)


@pytest.mark.parametrize("text, says", [
    ("塑身衣几排扣", "四排三扣"),
    ("塑身衣的垫子能取出来吗", "可拆卸"),
    ("塑身衣是真的进口海绵吗", "报关单"),  # whether it truly is so: the genuine statement
])
def test_a_shapers_parts_in_buyers_words(engine: Engine, text: str, says: str) -> None:
    assert says in ask(engine, text).reply


def test_a_return_of_the_orders_item_that_its_own_rule_speaks_to(engine: Engine) -> None:
    turn = ask(engine, "这个洗过了还能退吗", order=VEST)
    assert "洗过的不退不换" in turn.reply
    assert not turn.auto
