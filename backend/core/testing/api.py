"""API test helpers shared by every app: a client signed in as a given user, and the check of the
API's one error format.

The users of each role and their clients are fixtures of ``backend/conftest.py`` (``api``,
``resident_api``, ``unverified_api``, ``official_api``, ``other_official_api``, ``admin_api``);
a campaign in a given phase comes from ``campaigns.tests.factories.campaign_in_phase`` (this
module stays below every app: it imports none)::

    from core.testing.api import assert_error, client_for

    assert_error(client_for(user).post(url, {}, format="json"), 400, "invalid", field="title")
"""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

ERROR_KEYS = frozenset({"status", "code", "message", "params", "errors", "details"})


def client_for(user: Any = None) -> APIClient:
    """A DRF test client acting as ``user`` (anonymous when ``user`` is None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def error_body(response: Any) -> dict[str, Any]:
    """The body of an error answer, checked against the one error format: JSON with exactly
    ``status`` (the HTTP status), ``code`` and ``message`` (non-empty strings) and ``errors``
    (field name → non-empty list of reasons)."""
    content_type = response.get("Content-Type", "")
    assert content_type.startswith("application/json"), (
        response.status_code,
        content_type,
        response.content[:300],
    )
    body = response.json()
    assert isinstance(body, dict) and set(body) == ERROR_KEYS, body
    assert body["status"] == response.status_code, body
    assert isinstance(body["code"], str) and body["code"], body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    assert isinstance(body["errors"], dict), body
    for field, reasons in body["errors"].items():
        assert isinstance(field, str) and field, body
        assert isinstance(reasons, list) and reasons, body
        assert all(isinstance(r, str) and r for r in reasons), body
    return body


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    """``response`` is a ``status`` answer in the one error format with ``code``, and a reason
    for ``field`` when given. Returns the body for further checks."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = error_body(response)
    assert body["code"] == code, body
    if field is not None:
        assert field in body["errors"], body
    return body
