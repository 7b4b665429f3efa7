"""The team's rules as tables: the list order an agent sees, today's first-response times, the
share of suggestions used, and who may take, release or close a conversation (real SQLite)."""
from __future__ import annotations

import pytest

from bot.agent_ui.cards import rank
from bot.agent_ui.team import first_responses, percentile, start_of_today, suggestion_shares
from bot.storage import HeldByOther


def item(owner=None, *, waiting=False, urgent=False, closed=False, since=100.0, last=200.0):
    return {"owner": owner, "waiting": waiting, "handoff": urgent, "angry": False, "closed": closed,
            "waiting_since": since if waiting else None, "last": {"at": last}}


@pytest.mark.parametrize("first, second", [
    (item(None, waiting=True, urgent=True), item("me", waiting=True)),  # an unowned handoff leads
    (item("me", waiting=True, urgent=True, since=300), item("me", waiting=True, since=100)),
    (item("me", waiting=True, since=300), item(None, waiting=True, since=100)),  # my buyers before the rest
    (item(None, waiting=True), item("other", waiting=True, urgent=True)),  # another's handoff is theirs
    (item("other", waiting=True), item("me", last=999)),  # anyone waiting before my answered ones
    (item("me", last=100), item(None, last=999)),  # my answered ones before the others'
    (item(None, last=1), item("me", closed=True, last=999)),  # closed ones last
    (item(None, waiting=True, since=100), item(None, waiting=True, since=200)),  # longest wait first
])
def test_the_list_order_of_an_agents_tab(first, second):
    assert rank(first, "me") < rank(second, "me")


BUYER, BOT, AGENT = "buyer", "bot", "agent"


@pytest.mark.parametrize("messages, expected", [
    ([("c", BUYER, 10, None), ("c", AGENT, 70, "小王")], [("小王", 60)]),
    # the wait starts at the first unanswered message, and only an agent's reply ends it for the figures
    ([("c", BUYER, 10, None), ("c", BUYER, 40, None), ("c", AGENT, 100, "小王")], [("小王", 90)]),
    ([("c", BUYER, 10, None), ("c", BOT, 11, None), ("c", AGENT, 50, "小王")], []),
    ([("c", BUYER, 10, None), ("c", AGENT, 20, "a"), ("c", AGENT, 30, "a"), ("c", BUYER, 40, None),
      ("c", AGENT, 45, "b")], [("a", 10), ("b", 5)]),
    ([("c", BUYER, 10, None), ("d", AGENT, 20, "a")], []),  # another conversation's reply is no answer
    ([("c", BUYER, -50, None), ("c", AGENT, 5, "a")], [("a", 55)]),  # waited since yesterday, answered today
    ([("c", BUYER, -50, None), ("c", AGENT, -5, "a")], []),  # answered yesterday: not today's
])
def test_first_responses_today(messages, expected):
    found = first_responses(messages, since=0)
    assert [(r.agent, r.waited_s) for r in found] == expected


@pytest.mark.parametrize("values, share, expected", [
    ([], 0.9, None), ([5.0], 0.9, 5.0), ([float(n) for n in range(1, 11)], 0.9, 9.0),
    ([float(n) for n in range(1, 11)], 0.5, 5.0), ([3.0, 1.0, 2.0], 1.0, 3.0),
])
def test_percentile_is_the_nearest_rank(values, share, expected):
    assert percentile(values, share) == expected


def test_suggestion_shares():
    shares = suggestion_shares({"sent": 3, "edited": 1, "rejected": 0, "wrong_intent": 5})
    assert (shares["total"], shares["shares"]) == (4, {"sent": 0.75, "edited": 0.25, "rejected": 0.0})
    assert suggestion_shares({})["shares"]["sent"] is None


def test_today_starts_at_midnight_in_the_shops_time_zone():
    now = 1_764_979_200.0  # 2025-12-06 08:00 in Shanghai = 00:00 UTC
    assert start_of_today(now) == now - 8 * 3600
    assert start_of_today(now - 8 * 3600 - 1) == now - 8 * 3600 - 86400  # 23:59:59 the day before



@pytest.fixture
async def owners(tmp_path, store):
    storage = await store.open(tmp_path)
    yield storage.owners
    await storage.close()


def test_one_agent_holds_a_conversation_until_released_or_reassigned(owners):
    assert owners.take("c1", "小王").owner == "小王"
    assert owners.take("c1", "小王").owner == "小王"  # taking one's own again is fine
    with pytest.raises(HeldByOther) as held:
        owners.take("c1", "小李")
    assert held.value.holding.owner == "小王" and "小王" in str(held.value)
    with pytest.raises(HeldByOther):
        owners.release("c1", "小李")
    with pytest.raises(HeldByOther):
        owners.close("c1", "小李")
    assert owners.take("c1", "小李", reassign=True).owner == "小李"  # a supervisor's reassignment
    assert owners.release("c1", "小李").owner is None
    assert owners.take("c1", "小王").owner == "小王"
    assert owners.open_per_agent() == {"小王": 1}


def test_a_closed_conversation_keeps_its_owner_and_reopens(owners):
    owners.take("c2", "小王")
    closed = owners.close("c2", "小王")
    assert (closed.owner, closed.closed) == ("小王", True)
    assert owners.open_per_agent() == {}
    owners.reopen("c2")
    assert owners.get("c2").to_dict() == {"conversation_id": "c2", "owner": "小王", "closed": False}
    assert owners.close("c3", "小李").closed  # nobody held it: anyone may close it
    assert owners.get("never").to_dict() == {"conversation_id": "never", "owner": None, "closed": False}
