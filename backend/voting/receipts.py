"""Receipt codes and seals. A receipt code is 80 random bits shown once to the voter
(``7KQ3-M9TX-…``); the ballot keeps its SHA-256 only. A seal is a keyed hash of a ballot's id
kept on the participation: without the server's key it links nothing."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
LENGTH = 16  # 16 × 5 bits = 80 bits
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def receipt_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
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


def seal(ballot_id: uuid.UUID) -> str:
    """The keyed hash of a ballot id kept on its participation. The key is
    ``settings.BALLOT_SEAL_KEY`` when set (kept apart from the database), else derived from
    ``SECRET_KEY``."""
    key = getattr(settings, "BALLOT_SEAL_KEY", "") or None
    return salted_hmac(
        "belvedere.voting.ballot-seal", str(ballot_id), secret=key, algorithm="sha256"
    ).hexdigest()
