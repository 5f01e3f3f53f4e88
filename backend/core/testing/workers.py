"""A test run split over pytest-xdist workers (``make test`` runs ``pytest -n``): each worker has
its own test database (pytest-django's ``_gw0``, ``_gw1``… suffixes) and its own Redis databases,
so the throttle counters, cached map tiles, frozen snapshots and Celery brokers of one worker are
never read, counted or flushed by another.

A run of ``n`` workers on ``REDIS_URL``'s database ``b`` gives worker ``i`` (0 without xdist):
database ``b + i`` for what the application keeps in Redis (cache, throttles, metrics, the broker
its tasks are queued on), ``15 - i`` for the session's Celery worker of tests/celery and
``15 - n - i`` for the mail worker of the notification tests: without xdist, ``b``, 15 and 14 as
before. Redis has 16 databases (0-15) unless configured otherwise: ``b + 3n <= 16``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16


def worker() -> tuple[int, int]:
    """(index, count) of this pytest-xdist worker: (0, 1) outside xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not name:
        return 0, 1
    return int(name.removeprefix("gw")), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def worker_suffix() -> str:
    """``-gw0`` under xdist, nothing outside it: for files a worker writes (logs)."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"-{name}" if name else ""


def redis_db(url: str) -> int:
    path = urlsplit(url).path.strip("/")
    return int(path) if path else 0


def with_redis_db(url: str, db: int) -> str:
    """``url`` on Redis database ``db``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


@dataclass(frozen=True)
class RedisDatabases:
    application: int  # REDIS_URL's (the cache's); the settings' other Redis URLs move with it
    celery: int  # tests/celery's worker
    mail: int  # notifications/tests/test_worker.py's worker


def redis_databases(base: int, index: int, count: int) -> RedisDatabases:
    """The Redis databases of worker ``index`` of ``count``, whose application URLs are on
    database ``base`` outside xdist; refused when ``count`` workers do not fit in 16."""
    if base + 3 * count > REDIS_DATABASES:
        raise RuntimeError(
            f"{count} test workers on Redis database {base} need databases {base} to "
            f"{base + 3 * count - 1}, Redis has {REDIS_DATABASES}: run fewer workers (pytest -n) "
            "or use a lower database in REDIS_URL"
        )
    return RedisDatabases(
        application=base + index,
        celery=REDIS_DATABASES - 1 - index,
        mail=REDIS_DATABASES - 1 - count - index,
    )


def this_worker_redis() -> RedisDatabases:
    """This worker's Redis databases, read from the settings (once the root conftest moved
    them)."""
    from django.conf import settings

    index, count = worker()
    application = redis_db(settings.CACHES["default"]["LOCATION"])
    return redis_databases(application - index, index, count)
