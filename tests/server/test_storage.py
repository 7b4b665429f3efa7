import asyncio
import sqlite3
import time
from datetime import datetime, timedelta

import pytest

from bot.storage import Delivery, Feedback, KeysNotSet, LoggedMessage, Waiting, open_storage
from bot.storage.kv import SQLiteKV
from bot.storage.orders import CHINA, OrderStore, open_order_store
from bot.storage.redis_kv import RedisKV
from bot.storage.sqlite import DB_NAME, open_database

from .conftest import Store, start_redis_server


@pytest.fixture(params=["sqlite", "redis"])
async def kv(request, tmp_path):
    if request.param == "sqlite":
        db = open_database(tmp_path)
        yield SQLiteKV(db)
        db.close()
    else:
        store = RedisKV(request.getfixturevalue("redis_url"), prefix=f"test:{tmp_path.name}:")
        yield store
        await store.close()


async def test_set_get_delete(kv):
    assert await kv.get("a") is None
    await kv.set("a", "一")
    assert await kv.get("a") == "一"
    await kv.set("a", "二")
    assert await kv.get("a") == "二"
    await kv.delete("a")
    assert await kv.get("a") is None


async def test_a_key_past_its_ttl_reads_as_absent(kv):
    await kv.set("short", "x", ttl=0.05)
    await kv.set("long", "y", ttl=60)
    await asyncio.sleep(0.15)
    assert await kv.get("short") is None
    assert await kv.get("long") == "y"


async def test_get_many_answers_in_the_order_asked_with_absent_and_expired_as_none(kv):
    await kv.set("b", "乙")
    await kv.set("a", "甲")
    await kv.set("gone", "x", ttl=0.05)
    await asyncio.sleep(0.15)
    assert await kv.get_many(["a", "missing", "b", "gone"]) == ["甲", None, "乙", None]
    assert await kv.get_many(["b"]) == ["乙"]


async def test_admit_claims_a_message_once_within_the_limit_and_reads_in_the_same_step(kv):
    await kv.set("state:c1", "记得")
    first = await kv.admit("rate:b1", 60, 2, "seen:m1", 60, read=["state:c1", "repair:b1"])
    assert (first.count, first.fresh, first.values) == (1, True, ("记得", None))
    again = await kv.admit("rate:b1", 60, 2, "seen:m1", 60, read=["state:c1"])
    assert (again.count, again.fresh, again.values) == (2, False, ())  # a duplicate: nothing read
    over = await kv.admit("rate:b1", 60, 2, "seen:m2", 60)
    assert (over.count, over.fresh) == (3, False)  # over the limit: m2 is not claimed
    assert await kv.get("seen:m2") is None
    plain = await kv.admit("rate:b2", 60, 2, "seen:m3", 60)
    assert (plain.count, plain.fresh, plain.values) == (1, True, ())


async def test_admit_names_the_claim_already_on_a_message_id(kv):
    first = await kv.admit("rate:b1", 60, 5, "seen:m1", 60, claim="pending:1")
    assert (first.fresh, first.held) == (True, None)
    assert await kv.get("seen:m1") == "pending:1"
    again = await kv.admit("rate:b1", 60, 5, "seen:m1", 60, claim="pending:2", read=["state:c1"])
    assert (again.fresh, again.held, again.values) == (False, "pending:1", ())
    assert await kv.get("seen:m1") == "pending:1"  # the first claim stands
    over = await kv.admit("rate:b1", 60, 2, "seen:m1", 60, claim="pending:3")
    assert (over.fresh, over.held) == (False, None)  # over the limit: the claim is not even read


async def test_replace_sets_a_key_only_over_the_value_expected(kv):
    await kv.set("seen:m1", "pending:1", ttl=60)
    assert await kv.replace("seen:m1", "pending:0", "pending:2", ttl=60) is False
    assert await kv.get("seen:m1") == "pending:1"
    assert await kv.replace("seen:m1", "pending:1", "pending:2", ttl=60) is True
    assert await kv.get("seen:m1") == "pending:2"
    assert await kv.replace("seen:m1", "pending:1", "pending:3", ttl=60) is False  # taken over once only
    assert await kv.replace("absent", "x", "y") is False and await kv.get("absent") is None
    await kv.set("short", "a", ttl=0.05)
    await asyncio.sleep(0.15)
    assert await kv.replace("short", "a", "b") is False  # an expired key holds nothing


async def test_add_sets_only_an_absent_or_expired_key(kv):
    assert await kv.add("seen:1", "1", ttl=60) is True
    assert await kv.add("seen:1", "2", ttl=60) is False
    assert await kv.get("seen:1") == "1"
    assert await kv.add("seen:2", "1", ttl=0.05) is True
    await asyncio.sleep(0.15)
    assert await kv.add("seen:2", "again", ttl=60) is True


async def test_incr_counts_within_a_window_and_starts_over_after_it(kv):
    # the counting window is a minute, so a loaded machine's pauses between the calls stay inside it
    # (with 0.2 s, three increments that took longer than that counted 1, 2, 1)
    assert [await kv.incr("rate", ttl=60) for _ in range(3)] == [1, 2, 3]
    assert await kv.incr("other", ttl=60) == 1
    assert await kv.incr("short", ttl=0.05) == 1
    await asyncio.sleep(0.15)  # at least this long: the short window is over, whatever the load
    assert await kv.incr("short", ttl=0.05) == 1
    assert await kv.incr("rate", ttl=60) == 4


async def test_sqlite_sweeps_expired_keys_a_bounded_batch_at_a_time_through_the_index(tmp_path):
    db = open_database(tmp_path)
    kv = SQLiteKV(db)
    kv.SWEEP_EVERY, kv.SWEEP_AT_MOST = 10, 15
    for n in range(20):
        await kv.set(f"old:{n}", "x", ttl=0.01)
    await kv.set("kept", "y")  # no expiry: never swept
    await asyncio.sleep(0.05)
    expired = lambda: db.execute("SELECT count(*) FROM kv WHERE expires_at < ?", (time.time(),)).fetchone()[0]  # noqa: E731
    assert expired() == 20
    for n in range(9):  # the 30th write sweeps
        await kv.set(f"new:{n}", "z", ttl=60)
    assert expired() == 5  # at most 15 a sweep
    for n in range(10):
        await kv.set(f"more:{n}", "z", ttl=60)
    assert expired() == 0 and await kv.get("kept") == "y"
    plan = " ".join(str(tuple(row)) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT key FROM kv WHERE expires_at < ? LIMIT 5", (time.time(),)))
    assert "kv_expiry" in plan  # found through the index, not a scan of every key
    db.close()


def test_the_database_is_created_on_first_run_in_wal_mode(tmp_path):
    db = open_database(tmp_path / "fresh")
    assert (tmp_path / "fresh" / DB_NAME).exists()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_the_demo_shop_covers_each_situation_the_rules_tell_apart(tmp_path):
    seeded_at = datetime(2025, 6, 18, 10, 0, tzinfo=CHINA)
    db = open_database(tmp_path)
    store = OrderStore(db, now=seeded_at)
    orders = {o: store.get(o) for o in ("T1001", "T1002", "T1003", "T1004", "T1005", "T1006", "T1007")}
    assert orders["T1001"].status == "unpaid"
    assert orders["T1002"].status == "paid" and seeded_at - orders["T1002"].paid_at < timedelta(hours=48)
    assert orders["T1003"].status == "shipped" and orders["T1003"].tracking_no
    assert orders["T1004"].status == "paid" and seeded_at - orders["T1004"].paid_at > timedelta(hours=48)
    assert seeded_at - orders["T1005"].delivered_at < timedelta(days=7)
    assert seeded_at - orders["T1006"].delivered_at > timedelta(days=7)
    assert orders["T1007"].has_custom_items
    assert store.get("T9999") is None
    db.close()
    with open_order_store(tmp_path) as again:  # seeded once: a second open keeps the same times
        assert again.get("T1002").paid_at == orders["T1002"].paid_at


async def test_log_and_queue_survive_reopening(tmp_path, store):
    storage = await store.open(tmp_path)
    storage.log.record_buyer(conversation_id="c", channel="generic", buyer_id="b",
                             message=LoggedMessage("buyer", "电话13812345678 在吗", 1.0, "m1"),
                             inbox_reason="unmatched")
    delivery_id = storage.deliveries.put(Delivery("generic", "c", "b", "m1", "您好"))
    storage.deliveries.failed(delivery_id, "down", retry_in=0)
    await storage.close()

    storage = await store.open(tmp_path)
    assert [m.text for m in storage.log.conversation("c").messages] == ["电话13812345678 在吗"]
    assert storage.log.inbox()[0].text == "电话138****5678 在吗"  # trainers never see the number
    [pending] = storage.deliveries.due(10)
    assert (pending.id, pending.text, pending.attempts) == (delivery_id, "您好", 1)
    storage.deliveries.delivered([delivery_id])
    assert storage.deliveries.pending() == 0
    await storage.close()


async def test_feedback_closes_the_queue_and_a_wrong_intent_reaches_the_inbox(tmp_path, store):
    storage = await store.open(tmp_path)
    storage.log.record_buyer(conversation_id="c", channel="generic", buyer_id="b",
                             message=LoggedMessage("buyer", "能开发票吗", 1.0, "m1", ("payment",)),
                             inbox_reason=None)
    storage.log.queue_for_agent(Waiting(0, "c", "generic", "b", "m1", "能开发票吗", "not_auto", (), 1.0))
    storage.log.add_feedback(Feedback("c", "wrong_intent", "m1", intent="invoice"))
    assert storage.log.waiting() == []
    [entry] = storage.log.inbox()
    assert (entry.text, entry.reason, entry.matches[0]["name"]) == ("能开发票吗", "marked_wrong", "invoice")
    assert storage.log.feedback("c")[0].intent == "invoice"
    await storage.close()


async def test_an_unreachable_redis_fails_at_start_without_leaking_the_password(tmp_path):
    with pytest.raises(ConnectionError) as caught:
        await open_storage(tmp_path, "redis", "redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in str(caught.value) and "REDIS_URL" in str(caught.value)


@pytest.mark.parametrize("backend", ["sqlite", "redis", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_commit_stores_the_write_and_its_keys_or_neither(tmp_path, request, backend):
    url = request.getfixturevalue("redis_url") if backend != "sqlite" else ""
    database = request.getfixturevalue("database_url") if backend == "postgres" else ""
    storage = await Store(backend, url, database).open(tmp_path)
    keys = [(f"{tmp_path.name}:state", "turn 1", 60.0), (f"{tmp_path.name}:seen", "done", None)]

    def write(db) -> str:
        storage.log.record_buyer(conversation_id="c", channel="generic", buyer_id="b",
                                 message=LoggedMessage("buyer", "在吗", 1.0, "m1"), inbox_reason=None)
        return "written"

    assert await storage.commit(write, keys=keys) == "written"
    assert await storage.kv.get_many([k for k, _, _ in keys]) == ["turn 1", "done"]

    def failing(db) -> None:
        write(db)
        raise sqlite3.IntegrityError("disk says no")

    with pytest.raises(sqlite3.IntegrityError):
        await storage.commit(failing, keys=[(f"{tmp_path.name}:state", "turn 2", 60.0)])
    assert await storage.kv.get(f"{tmp_path.name}:state") == "turn 1"  # the key never ran ahead of the log
    assert len(storage.log.conversation("c").messages) == 1
    await storage.close()


async def test_a_commit_whose_redis_went_away_keeps_the_write_and_says_the_keys_are_not_set(tmp_path):
    """With Redis the keys come after the SQLite commit; when Redis is gone by then, the write
    stands (a reply queued must not be undone or sent twice) and KeysNotSet says so."""
    redis_proc, port = start_redis_server()
    try:
        storage = await open_storage(tmp_path, "redis", f"redis://127.0.0.1:{port}/0")
        redis_proc.kill()
        redis_proc.wait(10)
        with pytest.raises(KeysNotSet, match="state"):
            await storage.commit(lambda db: storage.deliveries.put(Delivery("generic", "c", "b", "m1", "您好")),
                                 keys=[("state", "turn 1", 60.0)])
        assert storage.deliveries.pending() == 1
        await storage.close()
    finally:
        redis_proc.kill()
        redis_proc.wait(10)
