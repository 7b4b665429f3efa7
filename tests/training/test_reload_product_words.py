"""Hot reload of the trainers' `intents/product_words.yaml` on a real service over loopback: an everyday word a
trainer adds for an attribute is answered from the catalogue within seconds, the way an intent's edit is."""
from __future__ import annotations

import shutil

import aiohttp
import pytest

from bot.engine import EnginePaths
from bot.intents import PRODUCT_WORDS_FILE
from bot.training.reload import RELOADER

from .conftest import BEARER, ROOT, wait_for
from .test_reload import suggest


@pytest.fixture
def shop(shop: EnginePaths) -> EnginePaths:
    """The copied shop with the demo catalogue beside it, so the service answers product questions."""
    shutil.copytree(ROOT / "catalog", shop.intents.parent / "catalog")
    return EnginePaths.under(shop.intents.parent)


async def test_a_word_added_for_an_attribute_is_served_after_the_reload(served, shop):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    asked = "马克杯用的啥土"
    async with aiohttp.ClientSession(headers=BEARER) as session:
        status, before = await suggest(session, served.url, asked, "words-0")
        assert status == 200 and "高温陶瓷" not in before["suggestions"][0]["text"]
        path = shop.intents / PRODUCT_WORDS_FILE
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    words: [材质, 什么料,", "    words: [材质, 啥土, 什么料,", 1), encoding="utf-8")
        await wait_for(lambda: reloader.generation >= 1, "the reload")

        async def answered() -> bool:
            _, data = await suggest(session, served.url, asked, "words-1")
            return "高温陶瓷" in data["suggestions"][0]["text"]

        await wait_for(answered, "the new word to be served")
    assert reloader.rejected == 0
