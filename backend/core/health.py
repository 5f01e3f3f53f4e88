"""Health of the parts the API depends on: database, Redis, Celery workers."""

from __future__ import annotations

import time
from typing import Any

import redis
from django.conf import settings
from django.db import connection


def _timed(check: Any) -> dict:
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports failures, it does not raise them
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - start) * 1000, 1)}


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT postgis_lib_version()")
        return f"PostGIS {cursor.fetchone()[0]}"


def _redis() -> str:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1
    )
    client.ping()
    return "pong"


def _worker() -> str:
    from config.celery import app

    replies = app.control.ping(timeout=1.0, limit=1)  # returns at the first reply
    if not replies:
        raise RuntimeError("no Celery worker answered within 1 s")
    return f"{len(replies)} worker(s)"


# What each probe checks (``GET /api/v1/health/?probe=…``; docs/scaling.md):
# - ``live``: nothing outside the process. The answer itself shows that a web worker serves
#   requests; restarting the process would not mend a database or a Celery outage, so the
#   liveness probe must not fail on one (a restart storm on top of the outage).
# - ``ready``: what every API request needs: the database. Not Redis: without it the API still
#   takes ballots and proposals (throttles fail open or count in process memory, queued work is
#   found again by the sweeps: core/throttles.py, core/queueing.py, ``make test-faults``), so
#   taking every replica out of the load balancer would turn a Redis outage into a full one.
#   Not the Celery workers either, for the same reason: their tasks wait in Redis.
# - none: everything, Redis and the workers included (monitoring, people, alarms).
PROBES = ("live", "ready")


def health_report(probe: str | None = None) -> dict:
    if probe == "live":
        return {"ok": True, "checks": {}}
    checks = {"database": _timed(_database)}
    if probe != "ready":
        checks["redis"] = _timed(_redis)
        checks["worker"] = (
            _timed(_worker)
            if checks["redis"]["ok"]
            else {"ok": False, "detail": "Redis is down", "ms": 0}
        )
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}
