"""The day of one order as its buyer sees it: signed order events posted to a real service (a data
folder of its own, the repo's rules and templates), the day replayed every 10 minutes through
POST /api/outreach/due, and each proactive message printed at the moment it goes out.

    .venv/bin/python scripts/outreach_day.py
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.server import create_app  # noqa: E402

SECRET, TOKEN = "day-secret", "day-token"
ORDER = {"order_id": "T3001", "amount": 95.0, "region": "浙江",
         "items": [{"sku": "A1", "title": "纯棉短袖T恤 白色 L", "price": 59.0}]}
# (moment, event, order fields): one order from its creation to its delivery
EVENTS = [
    ("2030-06-03T14:00", "created", {"status": "unpaid"}),
    ("2030-06-03T15:20", "paid", {"status": "paid", "paid_at": "2030-06-03T15:20:00+08:00"}),
    ("2030-06-03T17:45", "shipped", {"status": "shipped", "courier": "中通快递", "tracking_no": "ZT7501239876"}),
    ("2030-06-05T11:10", "delivered", {"status": "delivered"}),
]


def signed(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), ts.encode() + b"\n" + body, hashlib.sha256).hexdigest()
    return {"X-Timestamp": ts, "X-Signature": mac, "Content-Type": "application/json"}


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        config_path = Path(folder) / "config.yaml"
        config_path.write_text(f"""
server: {{data_dir: data}}
engine: {{intents: {ROOT}/intents, replies: {ROOT}/replies, policy: {ROOT}/policy/shop.yaml, aspects: {ROOT}/aspects}}
channels: {{generic: {{}}}}
""", encoding="utf-8")
        config = load_config(config_path, env={"WEBHOOK_SECRET_GENERIC": SECRET, "AGENT_TOKEN": TOKEN})
        async with TestClient(TestServer(create_app(config))) as client:
            await day(client)


async def day(client: TestClient) -> None:
    moment, end = datetime.fromisoformat("2030-06-03T09:00"), datetime.fromisoformat("2030-06-06T21:00")
    pending = list(EVENTS)
    while moment <= end:
        while pending and datetime.fromisoformat(pending[0][0]) <= moment:
            at, kind, fields = pending.pop(0)
            body = json.dumps({"event_id": f"{ORDER['order_id']}-{kind}", "event": kind, "order": {**ORDER, **fields},
                               "buyer_id": "buyer-3001", "conversation_id": "conv-3001",
                               "timestamp": f"{at}:00+08:00"}, ensure_ascii=False).encode()
            taken = await (await client.post("/webhook/generic/order", data=body, headers=signed(body))).json()
            print(f"{at.replace('T', ' ')}  [{kind}] scheduled {taken['scheduled']} cancelled {taken['cancelled']}")
        answer = await client.post("/api/outreach/due", json={"now": f"{moment.isoformat()}+08:00"},
                                   headers={"Authorization": f"Bearer {TOKEN}"})
        for o in (await answer.json())["outcomes"]:
            if o["text"]:
                text = o["text"].replace("\n", "\n                  ")
                print(f"{moment:%Y-%m-%d %H:%M}  店铺 ({o['rule']}): {text}")
            else:
                print(f"{moment:%Y-%m-%d %H:%M}  ({o['rule']} {o['action']}: {o['reason']})")
        moment += timedelta(minutes=10)


if __name__ == "__main__":
    asyncio.run(main())
