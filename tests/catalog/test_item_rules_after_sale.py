"""An after-sale case the seeds and the shop's rules leave open (an allergy, a repair once the return window has
closed) waits for an agent with no promise; where the delivered item's own warranty speaks of it, the reply quotes
that rule, which the shop settled for this item. Another item's rule, or one that speaks of something else, is not
quoted."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Item, Order
from bot.engine import Engine

from .shops import NOW, ask, engine_with, write_catalog

FILES = {
    "CRM1.yaml": """\
sku: CRM1
title: 修护面霜
price: 129
aliases: [面霜]
variants:
  - {size: 50ml, stock: 20}
warranty: 未拆封7天无理由退换；使用后过敏凭照片可申请退货
""",
    "BRS1.yaml": """\
sku: BRS1
title: 声波电动牙刷
price: 199
aliases: [牙刷, 电动牙刷]
variants:
  - {color: 白色, stock: 9}
warranty: 主机1年质保，只换不修
""",
    "TWL1.yaml": """\
sku: TWL1
title: 纯棉毛巾
price: 19
aliases: [毛巾]
variants:
  - {color: 灰色, stock: 30}
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_with(write_catalog(tmp_path_factory, "after_sale", FILES))


def delivered(sku: str, title: str, days_ago: int = 4) -> Order:
    return Order("A1", "delivered", 100.0, (Item(sku=sku, title=title, price=100.0),), delivered_at=NOW - timedelta(days=days_ago))


CREAM, BRUSH, TOWEL = delivered("CRM1", "修护面霜 50ml"), delivered("BRS1", "声波电动牙刷 白色"), delivered("TWL1", "纯棉毛巾 灰色")
OLD_BRUSH = delivered("BRS1", "声波电动牙刷 白色", days_ago=40)  # past the return window: a repair


@pytest.mark.parametrize("text, order, says", [
    ("用了两天过敏了 能退吗", CREAM, "使用后过敏凭照片可申请退货"),  # the allergy named in the item's own rule
    ("擦完脸上起红疹了", CREAM, "使用后过敏凭照片可申请退货"),  # an allergy told in other words: the case's own ground
    ("牙刷充不进电了 保修吗", OLD_BRUSH, "主机1年质保"),  # a repair asked past the window: the item's warranty
])
def test_the_items_own_rule_is_quoted_and_the_reply_waits(engine, text, order, says):
    turn = ask(engine, text, order)
    assert says in turn.reply, (turn.intents, turn.reply)
    assert turn.auto is False


@pytest.mark.parametrize("text, order, never", [
    ("用了两天过敏了 能退吗", BRUSH, "质保"),  # the toothbrush's warranty says nothing of an allergy
    ("用了两天过敏了 能退吗", TOWEL, "售后说明"),  # an item with no warranty statement
])
def test_a_rule_that_does_not_speak_to_the_case_is_not_quoted(engine, text, order, never):
    turn = ask(engine, text, order)
    assert never not in turn.reply, turn.reply
    assert "停用" in turn.reply and turn.auto is False  # still the careful reply for an agent
