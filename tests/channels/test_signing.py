"""The replay window's edge, on a fixed clock: a signature is good up to skew_s either way and not a second more."""
import pytest

from bot.channels.base import SignatureError
from bot.channels.signing import signed_headers, verify

SECRET, BODY, NOW = "s3cret", "{}".encode(), 1_800_000_000.0


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_a_timestamp_inside_the_window_is_accepted(offset):
    verify(SECRET, signed_headers(SECRET, BODY, now=NOW + offset), BODY, skew_s=300, now=NOW)


@pytest.mark.parametrize("offset", [-301, 301])
def test_a_timestamp_one_second_outside_the_window_is_a_replay(offset):
    with pytest.raises(SignatureError, match="replay"):
        verify(SECRET, signed_headers(SECRET, BODY, now=NOW + offset), BODY, skew_s=300, now=NOW)


def test_another_body_under_the_same_headers_is_refused():
    with pytest.raises(SignatureError, match="does not match"):
        verify(SECRET, signed_headers(SECRET, BODY, now=NOW), b'{"x":1}', skew_s=300, now=NOW)
