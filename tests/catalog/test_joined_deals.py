"""A deal asked on items joined in a purchase (滑板配个护具有优惠吗, 滑板再配个护具多少, 搭配护具有优惠吗) or on a count of
one item (买两袋有活动不, 买两块多少钱): the shop's bundle, which a haggle's or the multi-buy rule's reply never states;
beside them, what comes with an item (滑板带护具吗) stays no bundle asked. And what goes with an item called short
(买了壳 还要配点啥), which reads like a haggle."""
from __future__ import annotations

from functools import partial

import pytest

from bot.engine import Engine

from . import shops
from .shops import engine_with, write_catalog

FILES = {
    "SK7.yaml": """\
sku: SK7
bundles:
  - {name: 滑板护具套装, skus: [SK7, PD7], price: 299}
title: 枫木双翘滑板
variants: [{color: 火焰红, stock: 5}, {color: 夜空蓝, stock: 8}]
aliases: [滑板, 双翘]
price: 239
faq:
  - {q: [送护具吗, 带护具吗], a: 不送护具，护具可以加购}
""",
    "PD7.yaml": "{sku: PD7, title: 儿童轮滑护具六件套, price: 79, aliases: [护具], variants: [{color: 黑色, stock: 20}]}",
    "CS7.yaml": "{sku: CS7, title: 防摔硅胶手机壳, price: 39, aliases: [手机壳, 硅胶壳], related: [PD7]}",
    "WX7.yaml": """\
sku: WX7
title: 板面防滑砂纸
bundles: [{name: 砂纸两张装, skus: [WX7, WX7], price: 35}]
price: 19
aliases: [砂纸]
""",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "joined_deals", FILES))


ask = partial(shops.ask, conversation="deals")


@pytest.mark.parametrize(("text", "says", "kind"), [
    ("滑板配个护具有优惠吗", "299", "bundle"),
    ("滑板再配个护具多少", "299", "bundle"),
    ("滑板搭配护具有优惠不", "299", "bundle"),
    ("砂纸买两张有活动不", "35", "bundle"),
    ("砂纸买两块多少钱", "35", "bundle"),  # 两块 counted after 买, not two yuan
    ("滑板带护具吗", "不送护具", "faq"),  # what comes with it, no bundle asked
])
def test_a_deal_on_items_joined_is_the_shops_bundle(shop: Engine, text: str, says: str, kind: str) -> None:
    turn = ask(shop, text)
    assert turn.product is not None and turn.product.kind == kind and says in turn.reply, (turn.intents, turn.reply)


def test_what_goes_with_an_item_called_short_is_the_catalogues(shop: Engine) -> None:
    turn = ask(shop, "买了壳 还要配点啥")
    assert turn.product is not None and turn.product.kind == "related" and "护具" in turn.reply, (turn.intents, turn.reply)
