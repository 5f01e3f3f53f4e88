"""The health endpoint's probes (core/health.py): liveness checks nothing outside the process,
readiness the database and Redis, never the Celery workers (none runs in this test run)."""

import pytest

from core.testing.api import assert_error, client_for


@pytest.mark.django_db
def test_liveness_answers_without_checking_anything():
    response = client_for(None).get("/api/v1/health/?probe=live")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checks": {}}


@pytest.mark.django_db
def test_readiness_checks_the_database_and_redis_but_not_the_workers():
    response = client_for(None).get("/api/v1/health/?probe=ready")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database", "redis"}
    assert body["checks"]["database"]["detail"].startswith("PostGIS ")
    assert body["checks"]["redis"] == {**body["checks"]["redis"], "ok": True, "detail": "pong"}


@pytest.mark.django_db
def test_readiness_fails_when_redis_is_unreachable(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client_for(None).get("/api/v1/health/?probe=ready")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    # Liveness stays up: restarting the process would not bring Redis back.
    assert client_for(None).get("/api/v1/health/?probe=live").status_code == 200


@pytest.mark.django_db
def test_an_unknown_probe_is_a_clear_400():
    response = client_for(None).get("/api/v1/health/?probe=deep")
    body = assert_error(response, 400, "invalid", field="probe")
    assert "live, ready" in body["errors"]["probe"][0]
