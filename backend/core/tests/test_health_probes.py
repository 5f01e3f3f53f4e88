"""The health endpoint's probes (core/health.py): liveness checks nothing outside the process,
readiness the database only: neither Redis nor the Celery workers (none runs in this test run),
whose outage the API survives (make test-faults)."""

import pytest

from core.testing.api import assert_error, client_for


@pytest.mark.django_db
def test_liveness_answers_without_checking_anything():
    response = client_for(None).get("/api/v1/health/?probe=live")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checks": {}}


@pytest.mark.django_db
def test_readiness_checks_the_database_only():
    response = client_for(None).get("/api/v1/health/?probe=ready")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database"}
    assert body["checks"]["database"]["detail"].startswith("PostGIS ")


@pytest.mark.django_db
def test_redis_unreachable_fails_the_full_check_but_not_readiness(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client_for(None).get("/api/v1/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    # The API still takes ballots without Redis: it stays in the load balancer, and alive.
    assert client_for(None).get("/api/v1/health/?probe=ready").status_code == 200
    assert client_for(None).get("/api/v1/health/?probe=live").status_code == 200


@pytest.mark.django_db
def test_an_unknown_probe_is_a_clear_400():
    response = client_for(None).get("/api/v1/health/?probe=deep")
    body = assert_error(response, 400, "invalid", field="probe")
    assert "live, ready" in body["errors"]["probe"][0]
