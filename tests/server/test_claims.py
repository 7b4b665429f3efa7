"""A message's claim on its id: read from the claim's value, the time and the lease."""
import pytest

from bot.server.claims import DONE, Held, judge, pending

LEASE = 30.0


@pytest.mark.parametrize("claim, now, held", [
    (DONE, 1000.0, Held.ANSWERED),
    ("1", 1000.0, Held.ANSWERED),  # what older versions wrote once a message was claimed
    (pending(990.0), 1000.0, Held.IN_PROGRESS),
    (pending(970.5), 1000.0, Held.IN_PROGRESS),  # 29.5 s: still within the lease
    (pending(970.0), 1000.0, Held.ABANDONED),  # the lease is up: the process died
    (pending(100.0), 1000.0, Held.ABANDONED),
    ("pending:garbled", 1000.0, Held.ABANDONED),  # nobody can be waiting on an unreadable claim
    (None, 1000.0, Held.IN_PROGRESS),  # expired between claim and read: retry, it is claimed afresh
])
def test_a_claim_is_read_by_its_value_and_age(claim, now, held):
    assert judge(claim, now, LEASE) is held


def test_a_pending_claim_keeps_the_time_it_was_made():
    assert pending(1234.5678) == "pending:1234.568"
    assert judge(pending(1234.5678), 1234.6, LEASE) is Held.IN_PROGRESS
