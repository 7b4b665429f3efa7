"""Which item a question is about, decided by the first of `choosing.RESOLVERS` that decides: each row names the
resolver the order of precedence gives the question to, and the item or items it chose, on a catalogue of our own
where several resolvers could claim the same question (a name said beside another item's FAQ, a kind of goods two
items are, a bundle of two named items)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.choosing import RESOLVERS
from bot.domain import Slots
from bot.engine import Engine

from .shops import NOW, engine_with, write_catalog

FILES = {
    "EAR3.yaml": """\
sku: EAR3
title: 降噪蓝牙耳机
price: 299
aliases: [蓝牙耳机, 耳机]
variants:
  - {color: 曜石黑, stock: 12}
  - {color: 云雾白, stock: 7}
warranty: 一年只换不修
bundles:
  - {name: 通勤出行套装, skus: [EAR3, PWR3], price: 399}
""",
    "KID3.yaml": """\
sku: KID3
title: 儿童护耳耳机
faq:
  - {q: [音量有限制吗, 声音会不会太大], a: 音量封顶85分贝，护着小耳朵}
price: 129
variants: [{color: 樱花粉, stock: 9}, {color: 海盐蓝, stock: 3}]
aliases: [儿童耳机, 耳机]
""",
    "PWR3.yaml": "{sku: PWR3, title: 磁吸充电宝, price: 159, aliases: [充电宝], variants: [{color: 白色, stock: 20}]}",
    "HLM3.yaml": """\
sku: HLM3
size_chart: [{size: S, head: [48, 52]}, {size: M, head: [52, 56]}]
title: 儿童骑行头盔
variants: [{color: 红色, size: S, stock: 4}, {color: 红色, size: M, stock: 6}]
price: 99
aliases: [头盔]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = write_catalog(tmp_path_factory, "item_choice", FILES)
    return engine_with(folder)


# (question, the resolver that decides, the SKUs chosen, a guess for an agent to confirm)
CHOICES = [
    ("降噪蓝牙耳机保修多久", "resolved", ("EAR3",), False),
    ("降噪蓝牙耳机声音会不会太大", "resolved", ("EAR3",), False),  # the name said wins over the other item's FAQ
    ("儿童耳机和充电宝各多少钱", "each_priced", ("KID3", "PWR3"), False),
    ("蓝牙耳机和充电宝一起买多少钱", "bundle_of_all", ("EAR3",), False),  # their bundle, not each price
    ("耳机音量有限制吗", "narrowed", ("KID3",), True),  # a name two items share; one's FAQ says it
    ("通勤出行套装多少钱", "bundle_named", ("EAR3",), True),
    ("声音会不会太大", "one_strong_faq", ("KID3",), False),
    ("头围54戴什么码", "size_chart", ("HLM3",), True),
    ("樱花粉的还有吗", "variant_named", ("KID3",), True),
    ("在吗", "", (), False),
]


@pytest.mark.parametrize(("text", "reason", "skus", "guess"), CHOICES)
def test_the_first_resolver_that_decides_chooses_the_item(shop: Engine, text: str, reason: str,
                                                           skus: tuple[str, ...], guess: bool) -> None:
    desk = shop.desk
    assert desk is not None
    _, choice = desk.choose(text, desk.question(text, Slots(), False, NOW.date()), None, None, True)
    chosen = tuple(p.sku for p in choice.each) or ((choice.product.sku,) if choice.product else ())
    assert (choice.reason, chosen, choice.guess) == (reason, skus, guess)


def test_every_reason_is_a_resolver_in_the_one_list() -> None:
    assert {reason for _, reason, _, _ in CHOICES} - {""} <= {r.__name__ for r in RESOLVERS}
