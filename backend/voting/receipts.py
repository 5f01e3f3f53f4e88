"""Receipt codes, seals and the ballot box's encryption. A receipt code is 80 random bits shown
once to the voter (``7KQ3-M9TX-…``); the ballot keeps its SHA-256 only. A seal is a keyed hash of
the ballot's receipt hash kept on the participation: without the ballot key it links nothing.
Ballots wait in the box encrypted with the ballot key until counting starts
(docs/adr/0007-ballot-secrecy.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
LENGTH = 16  # 16 × 5 bits = 80 bits
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


# Base 32 of RFC 4648 (A–Z, 2–7) to Crockford's, symbol for symbol: 80 random bits are 16 symbols.
_FROM_RFC4648 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


def receipt_new() -> str:
    raw = base64.b32encode(secrets.token_bytes(LENGTH * 5 // 8)).decode().translate(_FROM_RFC4648)
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def receipt_normalize(code: str) -> str | None:
    """The code's canonical form (upper case, no separators, look-alike letters mapped), or None
    when it cannot be a receipt code."""
    value = code.strip().upper().translate(_ALIASES)
    if len(value) != LENGTH or any(c not in ALPHABET for c in value):
        return None
    return value


def receipt_hash(code: str) -> str:
    """The SHA-256 stored on the ballot (``code`` in any accepted spelling)."""
    normal = receipt_normalize(code)
    if normal is None:
        raise ValueError("not a receipt code")
    return hashlib.sha256(f"belvedere-receipt:{normal}".encode()).hexdigest()


def ballot_key() -> bytes:
    """The ballot key: ``settings.BALLOT_SEAL_KEY`` (production refuses to start without one of
    its own); in development without one, a key derived from ``SECRET_KEY``."""
    key = getattr(settings, "BALLOT_SEAL_KEY", "") or ""
    if key:
        return key.encode()
    return salted_hmac("belvedere.voting.ballot-key", "development").digest()


def seal(value: str | uuid.UUID) -> str:
    """The keyed hash kept on a participation: of its ballot's receipt hash (before 2026-12, of
    the ballot's id). Without the ballot key it links nothing."""
    return hmac.new(ballot_key(), f"belvedere-seal:{value}".encode(), hashlib.sha256).hexdigest()


def _box() -> Fernet:
    digest = hmac.new(ballot_key(), b"belvedere-ballot-box", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def box_seal(choices: dict[str, Any]) -> str:
    """A ballot's choices encrypted (and authenticated) with the ballot key, for the ballot box."""
    return _box().encrypt(json.dumps(choices, sort_keys=True).encode()).decode()


class BoxKeyMismatch(Exception):
    """A sealed ballot does not open with this ballot key (the key changed, or the row was
    tampered with): counting stops rather than drop it."""


def box_open(token: str) -> dict[str, Any]:
    try:
        content: dict[str, Any] = json.loads(_box().decrypt(token.encode()))
    except InvalidToken as exc:
        raise BoxKeyMismatch("a sealed ballot does not open with the ballot key") from exc
    return content
