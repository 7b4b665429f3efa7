"""Hot reload of a real service over loopback while a client keeps asking: no request fails, an
edit takes effect within seconds, a broken file is refused and the previous files keep serving."""
from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.server.keys import ASSISTANT, LIVE, METRICS
from bot.training.reload import RELOADER

from .conftest import BEARER, wait_for

NEW = "紫色独角兽咕噜咕噜"  # no intent knows it until a trainer adds it
ASKED = ["什么时候发货", "你们发什么快递", "能便宜点吗", NEW, "在吗"]


async def suggest(session: aiohttp.ClientSession, url: str, text: str, conversation: str) -> tuple[int, dict]:
    async with session.post(f"{url}/api/suggest", json={"conversation_id": conversation, "text": text}) as r:
        return r.status, await r.json()


def add_example(path, example: str) -> None:
    """What a trainer's editor does: rewrite the file in place."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("examples:\n", f"examples:\n  - {example}\n", 1), encoding="utf-8")


async def test_edits_take_effect_under_load_and_no_request_fails(served, shop):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    statuses: list[int] = []
    stop = asyncio.Event()

    async def client(n: int) -> None:
        async with aiohttp.ClientSession(headers=BEARER) as session:
            i = 0
            while not stop.is_set():
                status, _ = await suggest(session, served.url, ASKED[i % len(ASKED)], f"load-{n}-{i}")
                statuses.append(status)
                i += 1

    clients = [asyncio.create_task(client(n)) for n in range(2)]
    try:
        async with aiohttp.ClientSession(headers=BEARER) as session:
            _, before = await suggest(session, served.url, NEW, "probe-0")
            assert before["chosen"] != ["shipping"]
            add_example(shop.intents / "shipping.yaml", NEW)
            await wait_for(lambda: reloader.generation >= 1, "the first reload")

            async def learnt() -> bool:
                _, data = await suggest(session, served.url, NEW, "probe")
                return data["chosen"] == ["shipping"]

            await wait_for(learnt, "the new example to be served")
            # more edits while the load goes on: a second example, then a template change
            add_example(shop.intents / "greeting.yaml", "咕噜咕噜你好呀")
            await wait_for(lambda: reloader.generation >= 2, "the second reload")
            template = shop.replies / "shipping.j2"
            template.write_text("【新模板】\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
            await wait_for(lambda: reloader.generation >= 3, "the template reload")
            _, data = await suggest(session, served.url, "什么时候发货", "probe-template")
            assert data["suggestions"][0]["text"].startswith("【新模板】")  # a fresh Jinja environment
    finally:
        stop.set()
        await asyncio.gather(*clients)
    assert reloader.rejected == 0
    assert len(statuses) > 20 and set(statuses) == {200}, f"failed requests: {[s for s in statuses if s != 200]}"
    assert served.app[LIVE].engine is served.app[ASSISTANT].engine  # every handler reads the new one


async def test_a_broken_intent_file_is_refused_and_the_old_engine_keeps_serving(served, shop, caplog):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    serving = served.app[ASSISTANT].engine
    path = shop.intents / "shipping.yaml"
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    lines[4] = "  - 还要等多久啊: 吗: 呢\n"  # line 5: a trainer's typo
    with caplog.at_level(logging.ERROR, logger="bot.training.reload"):
        path.write_text("".join(lines), encoding="utf-8")
        await wait_for(lambda: reloader.rejected >= 1, "the broken file to be refused")
    assert served.app[ASSISTANT].engine is serving and served.app[LIVE].engine is serving
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{path}:5:" in logged and "YAML syntax error" in logged and "check indentation and quotes" in logged
    assert any(p.path == path and p.line == 5 for p in reloader.last_problems)
    async with aiohttp.ClientSession(headers=BEARER) as session:
        status, data = await suggest(session, served.url, "什么时候发货", "after-break")
        assert status == 200 and data["chosen"] == ["shipping"]
        # fixed, with a new example: served again
        path.write_text(good.replace("examples:\n", f"examples:\n  - {NEW}\n", 1), encoding="utf-8")
        await wait_for(lambda: reloader.generation >= 1, "the fixed file to be served")
        status, data = await suggest(session, served.url, NEW, "after-fix")
        assert status == 200 and data["chosen"] == ["shipping"]


async def test_a_broken_template_is_refused_and_buyers_still_get_the_old_one(served, shop, caplog):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    template = shop.replies / "shipping.j2"
    with caplog.at_level(logging.ERROR):
        template.write_text("{% if case == %}\n坏了\n", encoding="utf-8")
        await wait_for(lambda: reloader.rejected >= 1, "the broken template to be refused")
        async with aiohttp.ClientSession(headers=BEARER) as session:
            status, data = await suggest(session, served.url, "什么时候发货", "tpl")
    assert status == 200 and data["chosen"] == ["shipping"] and "坏了" not in data["suggestions"][0]["text"]
    assert any(p.path == template and p.line == 1 and "syntax" in p.message for p in reloader.last_problems)
    assert not [r for r in caplog.records if "reply template failed" in r.getMessage()]  # the old one rendered


@pytest.mark.parametrize("name", ["notes.txt", "shipping.yaml.swp", "shipping.yaml~"])
async def test_files_that_are_not_the_bots_do_not_reload(served, shop, name):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    (shop.intents / name).write_text("anything", encoding="utf-8")
    (shop.policy.parent / "notes.py").write_text("x = 1\n", encoding="utf-8")
    (shop.policy).write_text(shop.policy.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    await wait_for(lambda: reloader.generation >= 1, "the policy edit to reload")
    assert reloader.history == ["policy/shop.yaml"]  # the other files' events were filtered out


def split(engine, text: str) -> list[str]:
    return engine.tokenizer.words(text)


WORD = "紫晶独角兽杯"  # no dictionary has it: jieba splits it until a trainer adds it


async def test_a_rejected_reload_leaves_the_live_segmentation_alone_and_a_removed_word_goes(served, shop):
    """The reload used to share the running tokenizer: its new words were added to the live one
    (from a worker thread) even when the reload was then rejected, and a word taken out of
    dictionary.txt stayed until a restart. Each reload now has a tokenizer of its own."""
    reloader, live = served.app[RELOADER], served.app[LIVE]
    await reloader.watching.wait()
    before = split(live.engine, WORD)
    assert before != [WORD]
    words = shop.intents / "dictionary.txt"
    original = words.read_text(encoding="utf-8")
    intent = shop.intents / "shipping.yaml"
    good = intent.read_text(encoding="utf-8")
    words.write_text(original + f"\n{WORD}\n", encoding="utf-8")  # a new word, saved with a broken intent file
    intent.write_text(good.replace("examples:", "examples: [", 1), encoding="utf-8")
    await wait_for(lambda: reloader.rejected >= 1, "the broken reload to be refused")
    assert split(live.engine, WORD) == before  # the live engine's words are as they were
    intent.write_text(good, encoding="utf-8")
    await wait_for(lambda: split(live.engine, WORD) == [WORD], "the fixed files, with the new word, to serve")
    words.write_text(original, encoding="utf-8")  # the trainer takes the word out again
    await wait_for(lambda: split(live.engine, WORD) == before, "the word to be gone")


async def test_the_review_rules_reload_with_the_shop_rules(served, shop):
    """The review flow kept its own copy of shop.yaml, loaded once: after an edit, chat and review
    remedies disagreed. One reload builds both from the same file."""
    reloader, live = served.app[RELOADER], served.app[LIVE]
    await reloader.watching.wait()
    days = live.review_rules.shop.price_protection.days
    text = shop.policy.read_text(encoding="utf-8")
    assert f"\n  days: {days}" in text  # price_protection.days, not no_reason_days
    shop.policy.write_text(text.replace(f"\n  days: {days}", f"\n  days: {days + 3}", 1), encoding="utf-8")
    await wait_for(lambda: reloader.generation >= 1, "the policy edit to reload")
    assert live.review_rules.shop.price_protection.days == days + 3
    assert live.engine.rules.price_protection.days == days + 3  # chat reads the same value


async def test_the_last_reload_shows_on_healthz_metrics_and_the_agents_window(served, shop):
    reloader = served.app[RELOADER]
    await reloader.watching.wait()
    intent = shop.intents / "shipping.yaml"
    good = intent.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    lines[4] = "  - 还要等多久啊: 吗: 呢\n"  # line 5: a trainer's typo
    intent.write_text("".join(lines), encoding="utf-8")
    await wait_for(lambda: reloader.rejected >= 1, "the broken file to be refused")
    async with aiohttp.ClientSession(headers=BEARER) as session:
        async with session.get(f"{served.url}/healthz") as r:
            health = await r.json()
        async with session.get(f"{served.url}/metrics") as r:
            metrics = await r.text()
        async with session.get(f"{served.url}/api/agent/settings") as r:
            settings = await r.json()
    assert r.status == 200 and health["status"] == "ok"  # still serving, on the previous files
    assert health["reload"]["ok"] is False
    assert {"file": "intents/shipping.yaml", "line": 5} == {k: health["reload"]["problems"][0][k] for k in ("file", "line")}
    assert "shopbot_reload_ok 0.0" in metrics and 'shopbot_reloads_total{outcome="rejected"} 1.0' in metrics
    assert settings["reload"] == health["reload"]  # the window's banner
    intent.write_text(good, encoding="utf-8")
    await wait_for(lambda: reloader.generation >= 1, "the fixed file to be served")
    async with aiohttp.ClientSession(headers=BEARER) as session:
        async with session.get(f"{served.url}/healthz") as r:
            assert (await r.json())["reload"]["ok"] is True
    assert served.app[METRICS].reload_ok._value.get() == 1
