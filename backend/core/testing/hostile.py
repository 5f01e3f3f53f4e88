"""Hostile input for tests: payload generators and the checks every refusal must pass.

Used by the hostile-input tests of ``core`` and ``accounts`` and meant for a corpus that runs
them against every write endpoint::

    from core.testing.hostile import nested_json, encoded_markup, send_raw, assert_refused

    response = send_raw(client, "post", "/api/v1/auth/login/", nested_json(5000))
    assert_refused(response, 400, code="parse_error")
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from typing import Any

# ---- nested JSON -----------------------------------------------------------------------------


def nested_json(depth: int, *, kind: str = "array", inside: str = "1") -> bytes:
    """A JSON document nested ``depth`` levels deep, built as text (``json.dumps`` itself would
    recurse too deep): ``[[[…1…]]]``, or ``{"a":{"a":…1…}}`` with ``kind="object"``."""
    if kind == "array":
        text = "[" * depth + inside + "]" * depth
    elif kind == "object":
        text = '{"a":' * depth + inside + "}" * depth
    else:
        raise ValueError(f"kind is 'array' or 'object', not {kind!r}")
    return text.encode()


def nested_in_field(depth: int, field: str = "title", **fields: Any) -> bytes:
    """A JSON object whose ``field`` holds an array nested ``depth`` deep, beside ``fields``."""
    prefix = json.dumps(fields)[:-1] + (", " if fields else "")
    return (prefix + json.dumps(field) + ": ").encode() + nested_json(depth) + b"}"


# ---- markup encoded as entities ----------------------------------------------------------------

LIVE_MARKUP = '<img src=x onerror="alert(1)">'


def _named(text: str) -> str:
    return html.escape(text, quote=False)


def _decimal(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in "<>&" else c for c in text)


def _hexadecimal(text: str) -> str:
    return "".join(f"&#x{ord(c):x};" if c in "<>&" else c for c in text)


def _legacy(text: str) -> str:
    """Named entities without their semicolon, which browsers (and ``html.unescape``) accept."""
    return text.replace("&", "&amp").replace("<", "&lt").replace(">", "&gt")


ENCODERS: dict[str, Callable[[str], str]] = {
    "named": _named,
    "decimal": _decimal,
    "hexadecimal": _hexadecimal,
    "legacy": _legacy,
}


def encoded_markup(times: int, markup: str = LIVE_MARKUP, *, style: str = "named") -> str:
    """``markup`` entity-encoded ``times`` times (``&amp;amp;lt;img …`` for 3, named style)."""
    encode = ENCODERS[style]
    for _ in range(times):
        markup = encode(markup)
    return markup


# ---- invisible and bidirectional characters ----------------------------------------------------

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
BIDI_CONTROLS = [
    "\u200e",
    "\u200f",
    "\u061c",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
FILLERS = ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\ufe0f"]
INVISIBLE = ZERO_WIDTH + BIDI_CONTROLS + FILLERS


def invisible_text(length: int = 20) -> str:
    """``length`` characters that all render as nothing (zero-width, bidi, fillers, mixed)."""
    return "".join(INVISIBLE[i % len(INVISIBLE)] for i in range(length))


def invisible_titles() -> Iterator[tuple[str, str]]:
    """(label, value) pairs of titles that show nothing though long enough for a length rule."""
    yield "zero-width spaces", "\u200b" * 12
    yield "zero-width mix", "".join(ZERO_WIDTH) * 3
    yield "bidi controls", "".join(BIDI_CONTROLS) * 2
    yield "fillers", "".join(FILLERS) * 3
    yield "spaces and invisibles", " \u200b \u2060 \ufeff \u202e \u00a0 \u200f "
    yield "encoded invisibles", "&#x200b;&#8203;&zwj;&ZeroWidthSpace;&shy;&lrm;&rlm;" * 2


BIDI_SPOOF = "Jardin \u202egnp.exe\u202c partagé"  # shows as "Jardin exe.png partagé"

# ---- unstorable characters and blank passwords -------------------------------------------------

NUL_VALUES = ["\x00", "a\x00b", "\x00" * 20]
# JSON texts of strings that decode to characters PostgreSQL cannot store.
UNSTORABLE_JSON_STRINGS = ['"\\u0000"', '"abc\\u0000"', '"\\ud800"', '"x\\udfffy"']
BLANK_PASSWORDS = [
    " " * 12,
    "\t" * 12,
    "\u00a0" * 12,
    "\u3000" * 10,
    " \t \n \r " * 2,
    "\u200b" * 12,
    " \u200b" * 6,
]

# ---- sizes ------------------------------------------------------------------------------------


def huge_json(size: int, *, field: str = "padding", **fields: Any) -> bytes:
    """A JSON object of about ``size`` bytes: ``fields`` plus one long string in ``field``."""
    base = json.dumps({**fields, field: ""}).encode()
    return json.dumps({**fields, field: "x" * max(0, size - len(base))}).encode()


def huge_form(size: int, *, field: str = "padding", **fields: str) -> bytes:
    """An ``application/x-www-form-urlencoded`` body of about ``size`` bytes."""
    from urllib.parse import urlencode

    base = urlencode({**fields, field: ""}).encode()
    return urlencode({**fields, field: "x" * max(0, size - len(base))}).encode()


def multipart(fields: dict[str, str], *, boundary: str = "hostileBoundary") -> tuple[bytes, str]:
    """A ``multipart/form-data`` body and its content type, built by hand (any value)."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8", "surrogatepass")
    return body, f"multipart/form-data; boundary={boundary}"


# ---- sending and checking --------------------------------------------------------------------


def send_raw(
    client: Any,
    method: str,
    url: str,
    body: bytes | str,
    content_type: str = "application/json",
    **extra: Any,
) -> Any:
    """Send ``body`` as is (no encoding by the test client) with a Django or DRF test client."""
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.generic(method.upper(), url, data, content_type=content_type, **extra)


ERROR_KEYS = {"status", "code", "message", "params", "errors", "details"}


def assert_refused(
    response: Any, status: int, *, code: str | None = None, field: str | None = None
) -> dict:
    """The answer is ``status`` in the API's error format (JSON, not a debug page), with
    ``code`` and a field error on ``field`` when given. Returns the body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert field in body["errors"], body
        assert body["errors"][field] and all(isinstance(m, str) for m in body["errors"][field])
    return body
