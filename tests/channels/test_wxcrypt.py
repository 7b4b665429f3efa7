"""WeCom's callback crypto against the platform's own published sample (the URL check of its
WXBizMsgCrypt samples), and round trips with every length of message around the 32-byte padding."""
from __future__ import annotations

import pytest

from bot.channels import wxcrypt
from bot.channels.base import SignatureError

# The sample of WeCom's documentation: token, EncodingAESKey, corp id, and a URL check it signed.
SAMPLE = dict(token="QDG6eK", key="jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corp_id="wx5823bf96d3bd56c7",
              signature="5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", timestamp="1409659589", nonce="263014780",
              echostr="P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==")


def test_the_platforms_sample_url_check_verifies_and_decrypts():
    s = SAMPLE
    wxcrypt.check_signature(s["token"], s["timestamp"], s["nonce"], s["echostr"], s["signature"])
    assert wxcrypt.decrypt(wxcrypt.aes_key(s["key"]), s["echostr"], s["corp_id"]) == b"1616140317555161061"


def test_a_wrong_signature_or_corp_id_is_refused():
    s = SAMPLE
    with pytest.raises(SignatureError):
        wxcrypt.check_signature(s["token"], s["timestamp"], "263014781", s["echostr"], s["signature"])
    with pytest.raises(SignatureError, match="corp id"):
        wxcrypt.decrypt(wxcrypt.aes_key(s["key"]), s["echostr"], "wwOther")


@pytest.mark.parametrize("size", [0, 1, 11, 12, 13, 43, 44, 100])
def test_round_trip_across_the_padding(size):
    key = wxcrypt.aes_key(SAMPLE["key"])
    message = ("消" * size).encode()
    assert wxcrypt.decrypt(key, wxcrypt.encrypt(key, message, "ww1"), "ww1") == message


@pytest.mark.parametrize("bad", ["short", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2", "!" * 43])
def test_a_malformed_encoding_aes_key_is_named(bad):
    with pytest.raises(ValueError, match="43"):
        wxcrypt.aes_key(bad)


@pytest.mark.parametrize("ciphertext", ["not base64!", "AAAA", "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqA=="])
def test_garbage_ciphertext_is_a_signature_error_not_a_crash(ciphertext):
    with pytest.raises(SignatureError):
        wxcrypt.decrypt(wxcrypt.aes_key(SAMPLE["key"]), ciphertext, SAMPLE["corp_id"])
