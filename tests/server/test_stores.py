"""The stores' contract, run on both backends (`store`: the SQLite file, and PostgreSQL with Redis):
each write through `Storage.commit` as the service makes it, each read as the handlers do."""
import time

import pytest

from bot.agent_ui.cards import Card, CardStore
from bot.domain import Order
from bot.storage import AccountError, Delivery, Feedback, LoggedMessage, Waiting


@pytest.fixture
async def storage(tmp_path, store):
    opened = await store.open(tmp_path)
    yield opened
    await opened.close()


def buyer(storage, conversation: str, message_id: str, text: str, at: float, **extra) -> None:
    storage.log.record_buyer(conversation_id=conversation, channel="generic", buyer_id=extra.pop("buyer", "b1"),
                             message=LoggedMessage("buyer", text, at, message_id, **extra), inbox_reason=None)


async def test_deliveries_are_claimed_once_retried_refused_and_resent(storage):
    q = storage.deliveries
    first, second = await storage.commit(lambda _db: [q.put(Delivery("generic", "c1", "b1", f"m{i}", f"回复{i}"))
                                                      for i in (1, 2)])
    assert second > first and q.status(first).status == "queued" and q.pending() == 2
    claimed = await storage.commit(lambda _db: q.claim(10, lease_s=30))
    assert [d.id for d in claimed] == [first, second]
    assert await storage.commit(lambda _db: q.claim(10, lease_s=30)) == []  # leased: nobody sends them twice
    await storage.commit(lambda _db: (q.delivered([first]), q.failed(second, "503 busy", retry_in=0)))
    assert q.status(first).status == "delivered" and q.pending() == 1
    retrying = q.status(second)
    assert (retrying.status, retrying.attempts, retrying.error) == ("retrying", 1, "503 busy")
    [again] = await storage.commit(lambda _db: q.claim(10, lease_s=30))
    assert (again.id, again.attempts) == (second, 1)
    await storage.commit(lambda _db: q.refused(second, "400 bad reply"))
    assert q.status(second).status == "failed" and q.next_at() is None
    assert await storage.commit(lambda _db: q.resend(second)) is True
    assert await storage.commit(lambda _db: q.resend(first)) is False  # delivered: nothing to resend
    assert q.status(second).status == "queued" and q.conversation_of(second) == "c1"


async def test_a_lease_that_ran_out_gives_the_delivery_to_the_next_claim(storage):
    q = storage.deliveries
    delivery = await storage.commit(lambda _db: q.put(Delivery("generic", "c1", "b1", "m1", "您好")))
    assert [d.id for d in await storage.commit(lambda _db: q.claim(10, lease_s=0.2))] == [delivery]
    time.sleep(0.3)  # the claimer died without settling it
    assert [d.id for d in await storage.commit(lambda _db: q.claim(10, lease_s=30))] == [delivery]


async def test_the_log_keeps_conversations_with_their_deliveries_in_order(storage):
    q = storage.deliveries

    def turn(_db) -> int:
        buyer(storage, "c1", "m1", "在吗 100%", 10.0, intents=("greeting",), matches=({"name": "greeting", "score": 0.9},))
        delivery = q.put(Delivery("generic", "c1", "b1", "m1", "在的"))
        storage.log.record_reply("c1", LoggedMessage("bot", "在的", 11.0, intents=("greeting",), delivery_id=delivery))
        return delivery

    delivery = await storage.commit(turn)
    conversation = await storage.read(lambda: storage.log.conversation("c1"))
    assert [(m.role, m.text) for m in conversation.messages] == [("buyer", "在吗 100%"), ("bot", "在的")]
    assert conversation.messages[0].matches == ({"name": "greeting", "score": 0.9},)
    assert conversation.messages[1].delivery.id == delivery and conversation.messages[1].delivery.status == "queued"
    assert storage.log.has_buyer_message("c1", "m1") and not storage.log.has_buyer_message("c1", "m2")
    assert storage.log.conversation("nobody") is None
    assert [row[1] for row in storage.log.messages_since(0.0)] == ["buyer", "bot"]


async def test_an_agents_feedback_leaves_the_queue_and_counts(storage):
    await storage.commit(lambda _db: (buyer(storage, "c1", "m1", "能便宜点吗", time.time()),
                                      storage.log.queue_for_agent(Waiting(0, "c1", "generic", "b1", "m1", "能便宜点吗",
                                                                          "not_auto", ({"text": "亲"},), time.time()))))
    [waiting] = storage.log.waiting()
    assert (waiting.reason, waiting.suggestions) == ("not_auto", ({"text": "亲"},))
    assert await storage.commit(lambda _db: storage.log.add_feedback(Feedback("c1", "edited", "m1", "亲", "亲，已改价")))
    assert not await storage.commit(lambda _db: storage.log.add_feedback(Feedback("nobody", "sent")))
    assert storage.log.waiting() == []
    assert storage.log.feedback_actions_since(0.0) == {"edited": 1}
    assert storage.log.contacted("generic", "b1", "c1")
    assert storage.log.conversation("c1").messages[-1].text == "亲，已改价"


async def test_accounts_one_first_supervisor_no_twin_names(storage):
    a = storage.accounts
    assert await storage.commit(lambda _db: a.add_first("店长", "hash-1")) is True
    assert await storage.commit(lambda _db: a.add_first("二号", "hash-2")) is False  # the team is not empty
    await storage.commit(lambda _db: a.add("小王", "hash-3"))
    with pytest.raises(AccountError, match="already"):
        await storage.commit(lambda _db: a.add("小王", "hash-4"))
    assert a.password_hash("小王") == "hash-3"
    await storage.commit(lambda _db: a.disable("小王"))
    assert a.password_hash("小王") is None and not a.get("小王").active
    assert [(x.name, x.role) for x in a.all()] == [("店长", "supervisor"), ("小王", "agent")] and a.count() == 2


async def test_orders_are_seeded_once_and_replaced_by_id(storage):
    demo = storage.orders.get("T1001")
    assert demo is not None and storage.orders.get("T9999") is None
    changed = Order.from_dict({**demo.to_dict(), "status": "closed"})
    await storage.commit(lambda _db: storage.orders.put(changed))
    assert storage.orders.get("T1001").status == "closed"


async def test_outreach_timers_start_once_claim_under_a_lease_and_stop_on_opt_out(storage):
    t = storage.outreach
    assert await storage.commit(lambda _db: t.first_sight("generic", "e1")) is True
    assert await storage.commit(lambda _db: t.first_sight("generic", "e1")) is False
    assert await storage.commit(lambda _db: t.schedule("generic", "T1", "urge_pay", "b1", "c1", 1.0))
    assert not await storage.commit(lambda _db: t.schedule("generic", "T1", "urge_pay", "b1", "c1", 2.0))
    await storage.commit(lambda _db: t.schedule("generic", "T1", "review", "b1", "c1", 5.0))
    [timer] = await storage.commit(lambda _db: t.claim(2.0, 10, 30))
    assert (timer.rule, timer.due_at) == ("urge_pay", 1.0) and t.next_due() == 1.0
    assert await storage.commit(lambda _db: t.claim(2.0, 10, 30)) == []  # leased
    assert await storage.commit(lambda _db: t.settle(timer, "sent", at=100.0))
    assert not await storage.commit(lambda _db: t.settle(timer, "sent"))  # settled once
    assert t.sent_for_order("generic", "T1") == 1 and t.sent_to_buyer("generic", "b1", 50.0) == 1
    assert await storage.commit(lambda _db: t.opt_out("generic", "b1")) == [("T1", "review")]
    assert t.opted_out("generic", "T1") and t.states("generic", "T1") == {"urge_pay": "sent", "review": "skipped"}
    assert await storage.commit(lambda _db: t.cancel("generic", "T1", ("review",), "paid")) == []


def card(conversation: str, *, handoff: bool = False, order: dict | None = None, at: float) -> Card:
    return Card(conversation, "m1", order, {"fact": 1}, ("greeting",), (), ({"text": "亲"},), handoff, False, "auto", at)


async def test_cards_keep_the_last_order_and_the_list_puts_handoffs_first(storage):
    cards, now = CardStore(storage.db), time.time()

    def turns(_db) -> None:
        for conversation, at in (("quiet", now - 30), ("handoff", now - 20)):
            buyer(storage, conversation, "m1", "在吗", at, buyer=conversation)
        storage.log.record_reply("quiet", LoggedMessage("bot", "在的", now - 29))
        cards.put(card("quiet", order={"order_id": "T1"}, at=now - 29))
        cards.put(card("quiet", at=now - 28))
        cards.put(card("handoff", handoff=True, at=now - 20))
        storage.log.record_reply("handoff", LoggedMessage("bot", "稍等，马上为您转人工", now - 19, intents=("human",)))
        storage.owners.take("quiet", "小王")

    await storage.commit(turns)
    assert cards.get("quiet").order == {"order_id": "T1"} and cards.get("nobody") is None
    listed = await storage.read(lambda: cards.open_conversations(now, me="小王"))
    assert [item["conversation_id"] for item in listed] == ["handoff", "quiet"]
    handoff, quiet = listed
    assert handoff["waiting"] and handoff["handoff"] and handoff["unanswered"] == 1
    assert handoff["last"]["text"] == "稍等，马上为您转人工"
    assert not quiet["waiting"] and quiet["owner"] == "小王" and quiet["last"]["role"] == "bot"


async def test_marks_are_counted_per_kind_of_reading_within_the_window(storage):
    now = time.time()
    shipping = {"name": "shipping", "score": 0.9, "reason": "keyword 物流", "cue": "物流"}
    thanks = {"name": "thanks_bye", "score": 0.8, "reason": "example 谢谢啦"}
    await storage.commit(lambda _db: (
        buyer(storage, "c1", "m1", "物流到哪了 谢谢", now, intents=("shipping", "thanks_bye"), matches=(shipping, thanks)),
        buyer(storage, "c2", "m2", "物流呢", now, intents=("shipping",), matches=(shipping,)),
        buyer(storage, "c3", "m3", "哈哈哈", now)))  # read as nothing: its marks count for no kind
    for fb in (Feedback("c1", "wrong_intent", "m1", intent="return"), Feedback("c2", "rejected"),
               Feedback("c2", "edited", "m2", "亲", "亲，在查了"), Feedback("c3", "rejected", "m3")):
        assert await storage.commit(lambda _db, fb=fb: storage.log.add_feedback(fb))
    counts = {(c.kind.intent, c.kind.cue): (c.wrong, c.marks) for c in storage.log.mark_counts(now - 60)}
    assert counts == {("shipping", "物流"): (2, 3), ("thanks_bye", ""): (1, 1)}
    assert storage.log.mark_counts(time.time() + 1) == []  # none made since: the window has passed them by


async def test_a_buyer_message_is_one_mark_however_many_replies_the_agent_writes(storage):
    now = time.time()
    shipping = {"name": "shipping", "score": 0.9, "reason": "keyword 物流", "cue": "物流"}
    await storage.commit(lambda _db: [buyer(storage, f"c{i}", f"m{i}", "物流到哪了", now, intents=("shipping",),
                                            matches=(shipping,)) for i in (1, 2, 3)])
    for fb in (Feedback("c1", "sent", "m1", "亲，在查", "亲，在查"), Feedback("c1", "rejected", "m1", None, "还有别的吗"),
               Feedback("c2", "sent", "m2", "亲，在查", "亲，在查"), Feedback("c2", "wrong_intent", "m2", intent="return"),
               Feedback("c3", "rejected", "m3", None, "我看看"), Feedback("c3", "edited", "m3", "亲", "亲，稍等")):
        assert await storage.commit(lambda _db, fb=fb: storage.log.add_feedback(fb))
    # c1: a suggestion taken, then the agent's own follow-up; c2: marked wrong after all; c3: the agent wrote first
    [count] = storage.log.mark_counts(now - 60)
    assert (count.kind.intent, count.kind.cue, count.wrong, count.marks) == ("shipping", "物流", 2, 3)
