"""Orders looked up by `order_id` when the IM integration sends only the id; a demo shop's orders
are seeded on first run so the assist API and the webhook can be tried without a shop system."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.domain import Item, Order

from .sql import Connection, transaction
from .sqlite import open_database

CHINA = timezone(timedelta(hours=8))


def demo_orders(now: datetime) -> list[Order]:
    """One order per situation the policy rules tell apart, with times relative to `now`, the
    moment of seeding: the 48-hour shipping promise and the 7-day no-reason return window."""
    tee = Item(sku="A1", title="纯棉短袖T恤 白色 L", price=59.0)
    mug = Item(sku="B2", title="手绘陶瓷马克杯", price=36.0, qty=2)
    custom = Item(sku="C9", title="定制刻字保温杯（刻字：平安）", price=128.0, custom=True)

    def ago(hours: float) -> datetime:
        return now - timedelta(hours=hours)

    shipped = dict(courier="中通快递", tracking_no="ZT7501234567")
    return [
        Order("T1001", "unpaid", 95.0, (tee, mug), "浙江"),
        Order("T1002", "paid", 59.0, (tee,), "广东", paid_at=ago(6)),
        Order("T1003", "shipped", 72.0, (mug,), "北京", paid_at=ago(30), shipped_at=ago(20), **shipped),
        Order("T1004", "paid", 59.0, (tee,), "四川", paid_at=ago(60)),  # 12 h past the promise
        Order("T1005", "delivered", 59.0, (tee,), "江苏", paid_at=ago(24 * 5), shipped_at=ago(24 * 4),
              delivered_at=ago(24 * 2), **shipped),
        Order("T1006", "completed", 72.0, (mug,), "上海", paid_at=ago(24 * 14),
              shipped_at=ago(24 * 13), delivered_at=ago(24 * 10), **shipped),
        Order("T1007", "paid", 128.0, (custom,), "湖北", paid_at=ago(20)),
        Order("T1008", "closed", 36.0, (mug,), "新疆"),
    ]


class OrderStore:
    def __init__(self, db: Connection, now: datetime | None = None):
        self._db = db
        if db.execute("SELECT 1 FROM orders LIMIT 1").fetchone() is None:
            with transaction(db):
                for order in demo_orders(now or datetime.now(CHINA)):
                    self.put(order)

    def put(self, order: Order) -> None:
        self._db.execute(
            "INSERT INTO orders (order_id, data) VALUES (?, ?) ON CONFLICT (order_id) DO UPDATE"
            " SET data = excluded.data",
            (order.order_id, json.dumps(order.to_dict(), ensure_ascii=False)),
        )

    def get(self, order_id: str) -> Order | None:
        row = self._db.execute("SELECT data FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        return Order.from_dict(json.loads(row[0])) if row else None


@contextmanager
def open_order_store(data_dir: Path) -> Iterator[OrderStore]:
    """The order store alone, for commands that need an order but no server (`chat --order`)."""
    db = open_database(Path(data_dir))
    try:
        yield OrderStore(db)
    finally:
        db.close()
