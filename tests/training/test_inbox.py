"""The inbox from a real service's SQLite log: buyers' messages go in over HTTP, `run_bot.py inbox`
groups them (most frequent first, phones masked), and a group taught away leaves the list."""
from __future__ import annotations

import json
from collections import Counter

import aiohttp
import pytest

from bot.storage.log import InboxEntry
from bot.training.inbox import Group, cluster, group_inbox

from .conftest import BEARER, engine_args, run_bot

UNICORN = ["紫色独角兽咕噜咕噜", "紫色独角兽咕噜咕噜吗", "紫色的独角兽咕噜咕噜", "紫色的独角兽咕噜咕噜"]
PHONE = "火星基地电话13812345678"


async def test_inbox_groups_masks_and_drops_what_was_taught(served, shop, tmp_path):
    async with aiohttp.ClientSession(headers=BEARER) as session:
        async def suggest(text: str, conversation: str) -> dict:
            async with session.post(f"{served.url}/api/suggest", json={"conversation_id": conversation, "text": text}) as r:
                assert r.status == 200
                return await r.json()

        for n, text in enumerate(UNICORN + [PHONE, PHONE]):
            assert (await suggest(text, f"c{n}"))["chosen"] == []  # the bot could not place these
        await suggest("什么时候发货", "fb")
        async with session.post(f"{served.url}/api/feedback", json={
                "conversation_id": "fb", "action": "wrong_intent", "intent": "return"}) as r:
            assert r.status == 200
    data = str(tmp_path / "data")

    listed = run_bot("inbox", "--data-dir", data, *engine_args(shop))
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert "inbox: 7 message(s) in 3 group(s)" in out
    assert "13812345678" not in out and "138****5678" in out
    first, second, third = out.split("\n\n")[1:4]
    assert first.lstrip().startswith("1. x4  unmatched 4") and "x2   紫色的独角兽咕噜咕噜" in first
    assert second.lstrip().startswith("2. x2") and "138****5678" in second
    assert "marked_wrong 1" in third and "agents said return x1" in third
    assert 'teach: .venv/bin/python run_bot.py teach "什么时候发货" return' in third
    # the bot's unsure guess is no evidence: without an agent's word, no intent is proposed
    assert 'teach "紫色的独角兽咕噜咕噜" INTENT' in first and "pick the intent yourself" in first

    groups = [json.loads(line) for line in run_bot("inbox", "--json", "--data-dir", data, *engine_args(shop)).stdout.splitlines()]
    assert [g["count"] for g in groups] == [4, 2, 1] and groups[2]["suggested_intent"] == "return"

    assert run_bot("teach", "紫色的独角兽咕噜咕噜", "greeting", *engine_args(shop)).returncode == 0
    after = run_bot("inbox", "--data-dir", data, *engine_args(shop)).stdout
    assert "1 group(s) the current files already answer are hidden" in after and "独角兽" not in after
    shown = run_bot("inbox", "--all", "--data-dir", data, *engine_args(shop)).stdout
    assert "独角兽" in shown and "[answered now]" in shown


def test_an_empty_or_missing_log_says_so(tmp_path, shop):
    result = run_bot("inbox", "--data-dir", str(tmp_path / "nothing"), *engine_args(shop))
    assert result.returncode == 0 and "nothing yet" in result.stdout
    assert not (tmp_path / "nothing").exists()  # reading never creates a database


def test_clustering_is_greedy_from_the_most_frequent():
    texts = ["什么时候发货", "啥时候发货", "快递到哪了", "快递到哪里了", "有没有蓝色的", "有蓝色的吗", "在吗"]
    groups = [[texts[i] for i in g] for g in cluster(texts)]
    assert groups == [["什么时候发货", "啥时候发货"], ["快递到哪了", "快递到哪里了"], ["有没有蓝色的", "有蓝色的吗"], ["在吗"]]


def test_groups_count_occurrences_and_sort_largest_first():
    def entry(text: str, reason: str = "unmatched") -> InboxEntry:
        return InboxEntry("c", None, text, reason, (), 0.0)

    entries = [entry("在吗")] + [entry("快递到哪了")] * 2 + [entry("快递到哪里了", "low_confidence")] * 2
    groups = group_inbox(entries)
    assert [(g.count, g.text) for g in groups] == [(4, "快递到哪了"), (1, "在吗")]
    assert groups[0].reasons == {"unmatched": 2, "low_confidence": 2}


@pytest.mark.parametrize("agents, guessed, hint", [
    ({}, {"human": 3}, None),  # 你们是厂家直销吗: the bot's unsure guess is no evidence
    ({"product_info": 2}, {"human": 3}, "product_info"),
    ({"product_info": 2, "shipping": 1}, {}, "product_info"),  # most agents agree
    ({"product_info": 1, "shipping": 1}, {}, None),  # they do not
])
def test_the_hint_is_the_intent_the_evidence_supports_or_none(agents, guessed, hint):
    group = Group([("你们是厂家直销吗", 1)], agents_said=Counter(agents), bot_guessed=Counter(guessed))
    assert group.suggested_intent == hint


def test_a_group_counts_the_items_missing_faqs_and_the_intents_agents_said_from_their_marks() -> None:
    """What a logged entry's marks say counts only for its own reason: an agent's intent for a message
    marked wrong, the item for a missing FAQ, never the matcher's guesses."""
    from bot.server.assist import missing_faq_mark

    agent = {"name": "return", "score": 1.0, "reason": "agent"}
    guess = {"name": "shipping", "score": 0.4, "reason": "example 什么时候发"}
    entries = [InboxEntry("c1", "m1", "杯子能进烤箱吗", "missing_faq", (missing_faq_mark("B2"),), 1.0),
               InboxEntry("c2", "m2", "杯子能进烤箱吗", "missing_faq", (missing_faq_mark("B2"),), 2.0),
               InboxEntry("c3", "m3", "杯子能进烤箱吗", "marked_wrong", (agent, missing_faq_mark("C9")), 3.0),
               InboxEntry("c4", "m4", "杯子能进烤箱吗", "unmatched", (guess, agent), 4.0)]
    [group] = group_inbox(entries)
    assert group.skus == Counter({"B2": 2})
    assert group.agents_said == Counter({"return": 1})
    assert group.bot_guessed == Counter({"shipping": 1})
