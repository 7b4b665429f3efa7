"""Agents' passwords, hashed with scrypt from the standard library (memory-hard: 16 MiB a guess),
a random salt each; the stored form names its parameters so they can be raised later."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2 ** 14, 8, 1
MIN_LENGTH = 8
_MAXMEM = 64 * 2 ** 20


class PasswordError(ValueError):
    """A password too weak to set; says what is wanted."""


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, N, R, P)
    return f"scrypt${N}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """Constant time; an unknown account (None) costs as much as a known one, so timing does not
    tell a guesser which names exist."""
    try:
        _, n, r, p, salt, digest = (stored or DUMMY).split("$")
        given = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, base64.b64decode(digest)) and stored is not None


DUMMY = hash_password(secrets.token_urlsafe(16))
