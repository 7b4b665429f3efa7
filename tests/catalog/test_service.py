"""The catalogue in the real service over loopback: an edit of a product file is served within
seconds (a broken one is refused with its file and line), an unanswered product question reaches
the agents with the item card and the trainers' inbox as a missing FAQ, and `teach-faq` closes it."""
from __future__ import annotations

import shutil
from pathlib import Path

import aiohttp
import pytest

from bot.catalog.teach import teach_faq
from bot.engine import EnginePaths
from bot.server.keys import ASSISTANT, CONFIG
from bot.training.inbox import format_groups, group_inbox, read_inbox
from bot.training.reload import RELOADER
from tests.training.conftest import BEARER, served, wait_for  # noqa: F401 - served: the real service over `shop`

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shop(tmp_path: Path) -> EnginePaths:
    """A copy of the shop's files with its catalogue, which the served config names (engine.catalog)."""
    root = tmp_path / "shop"
    root.mkdir()
    for name in ("intents", "replies", "aspects", "catalog", "policy"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return EnginePaths.under(root)


async def suggest(url: str, text: str, conversation: str, order_id: str = "T1003") -> dict:
    async with aiohttp.ClientSession(headers=BEARER) as session:
        async with session.post(f"{url}/api/suggest", json={"conversation_id": conversation, "text": text,
                                                             "order_id": order_id}) as r:
            assert r.status == 200, await r.text()
            return await r.json()


async def test_an_edit_of_a_product_file_is_served_and_a_broken_one_refused(served, shop) -> None:
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    assert served.app[CONFIG].engine.catalog == shop.catalog
    before = await suggest(served.url, "猫咪图案的还有吗", "c1")
    assert "卖完" in before["suggestions"][0]["text"] and before["auto"]
    path = shop.catalog / "B2.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("{color: 猫咪, stock: 0, restock: 2026-12-11}", "{color: 猫咪, stock: 6}"), encoding="utf-8")
    await wait_for(lambda: reloader.generation >= 1, "the catalogue reload")
    after = await suggest(served.url, "猫咪图案的还有吗", "c2")
    assert "有货" in after["suggestions"][0]["text"] and "卖完" not in after["suggestions"][0]["text"]

    serving = served.app[ASSISTANT].engine
    path.write_text(good.replace("{color: 蓝花, stock: 20}", "{color: 蓝花, stock: 很多}"), encoding="utf-8")
    await wait_for(lambda: reloader.rejected >= 1, "the broken file to be refused")
    assert [f"{p.path.name}:{p.line}" for p in reloader.last_problems] == ["B2.yaml:10"]
    assert served.app[ASSISTANT].engine is serving  # the last good catalogue keeps answering
    still = await suggest(served.url, "猫咪图案的还有吗", "c3")
    assert "有货" in still["suggestions"][0]["text"]


async def test_an_unanswered_question_goes_to_an_agent_and_the_inbox_until_taught(served, shop, tmp_path) -> None:
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    asked = "杯子会褪色吗 用久了"
    data = await suggest(served.url, asked, "c-fade")
    assert data["auto"] is False and data["chosen"] == ["product_info"]
    assert data["facts"]["item"]["sku"] == "B2" and data["facts"]["item"]["variants"]
    async with aiohttp.ClientSession(headers=BEARER) as session:  # the agents' window has the item card
        async with session.get(f"{served.url}/api/agent/conversations/c-fade") as r:
            card = (await r.json())["card"]
    assert card["facts"]["item"]["title"] == "手绘陶瓷马克杯" and card["order"]["order_id"] == "T1003"

    entries = read_inbox(tmp_path / "data")
    assert [(e.text, e.reason) for e in entries] == [(asked, "missing_faq")]
    groups = group_inbox(entries, engine=served.app[ASSISTANT].engine)
    assert groups[0].skus == {"B2": 1} and not groups[0].resolved
    assert f'teach-faq B2 "{asked}"' in format_groups(groups)

    teach_faq(shop.catalog, "B2", "会褪色吗", "不会褪色，图案是釉下彩，烧在釉面下面，用久了也不掉")
    await wait_for(lambda: reloader.generation >= 1, "the taught FAQ to reload")
    again = await suggest(served.url, asked, "c-fade-2")
    assert again["auto"] is True and "釉下彩" in again["suggestions"][0]["text"]
    assert group_inbox(read_inbox(tmp_path / "data"), engine=served.app[ASSISTANT].engine)[0].resolved


CASE = """\
sku: PC7
title: 磁吸硅胶手机壳
price: 39
aliases: [手机壳]
options: {model: 型号}
variants:
  - {color: 午夜黑, model: iPhone15ProMax, stock: 0, restock: 2026-12-10}
  - {color: 远峰蓝, model: iPhone15ProMax, stock: 6}
spellings:
  iPhone15ProMax: [大屏15]
"""


async def test_a_new_file_with_options_and_spellings_is_served_and_a_wrong_spelling_refused(served, shop) -> None:
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    path = shop.catalog / "PC7.yaml"
    path.write_text(CASE, encoding="utf-8")
    await wait_for(lambda: reloader.generation >= 1, "the new file's reload")
    answer = (await suggest(served.url, "手机壳大屏15的能装吗", "c-case"))["suggestions"][0]["text"]
    assert "iPhone15ProMax" in answer and "远峰蓝" in answer

    serving = served.app[ASSISTANT].engine
    path.write_text(CASE.replace("iPhone15ProMax: [大屏15]", "iPhone14: [大屏14]"), encoding="utf-8")
    await wait_for(lambda: reloader.rejected >= 1, "the wrong spelling to be refused")
    assert [f"{p.path.name}:{p.line}" for p in reloader.last_problems] == ["PC7.yaml:10"]
    assert served.app[ASSISTANT].engine is serving
