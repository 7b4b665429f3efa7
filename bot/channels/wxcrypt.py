"""WeCom's callback encryption (the scheme of its WXBizMsgCrypt samples), written from the platform's
documentation with the `cryptography` package:

- signature: SHA1 hex of the token, timestamp, nonce and ciphertext, sorted as strings and joined;
- key: base64 of the 43-character EncodingAESKey plus "=" (32 bytes: AES-256); IV: its first 16 bytes;
- plaintext: 16 random bytes, the message's length (4 bytes, big-endian), the message, the receiver
  id (the corp id); padded PKCS#7 to a multiple of 32 bytes; AES-CBC; base64.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .base import SignatureError

BLOCK_BITS = 256  # the platform pads to 32 bytes, not AES's 16


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte key from the EncodingAESKey; ValueError when it is not one."""
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(encoding_aes_key) != 43 or len(key) != 32:
        raise ValueError("an EncodingAESKey is 43 letters and digits, as the WeCom admin page shows it")
    return key


def signature(token: str, timestamp: str, nonce: str, ciphertext: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, ciphertext])).encode()).hexdigest()


def check_signature(token: str, timestamp: str, nonce: str, ciphertext: str, given: str) -> None:
    expected = signature(token, timestamp, nonce, ciphertext).encode()
    if not hmac.compare_digest(expected, given.strip().lower().encode("utf-8", "surrogateescape")):
        raise SignatureError("msg_signature does not match the token, timestamp, nonce and ciphertext")


def encrypt(key: bytes, message: bytes, receive_id: str, *, prefix: bytes | None = None) -> str:
    plain = (os.urandom(16) if prefix is None else prefix) + struct.pack(">I", len(message)) + message
    padder = padding.PKCS7(BLOCK_BITS).padder()
    padded = padder.update(plain + receive_id.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


def decrypt(key: bytes, ciphertext: str, receive_id: str) -> bytes:
    """The message; SignatureError when the ciphertext is not for `receive_id` under this key."""
    try:
        raw = base64.b64decode(ciphertext, validate=True)
        decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        padded = decryptor.update(raw) + decryptor.finalize()
        unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
        plain = unpadder.update(padded) + unpadder.finalize()
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(f"the ciphertext does not decrypt with this EncodingAESKey ({exc})") from None
    if len(plain) < 20:
        raise SignatureError("the decrypted message is too short")
    (length,) = struct.unpack(">I", plain[16:20])
    message, receiver = plain[20:20 + length], plain[20 + length:]
    if len(message) != length or receiver.decode("utf-8", "replace") != receive_id:
        raise SignatureError("the message is not addressed to this corp id")
    return message
