"""The Redis databases of a test run split over pytest-xdist workers (core/testing/workers.py)."""

import os

import pytest
from django.conf import settings

from core.testing.workers import (
    redis_databases,
    redis_db,
    this_worker_redis,
    with_redis_db,
    worker,
)


def test_without_xdist_the_databases_stay_as_they_were():
    dbs = redis_databases(3, 0, 1)
    assert (dbs.application, dbs.celery, dbs.mail) == (3, 15, 14)


@pytest.mark.parametrize(("base", "count"), [(0, 1), (0, 2), (0, 4), (0, 5), (10, 2), (13, 1)])
def test_no_two_workers_share_a_database(base, count):
    used = [
        db for index in range(count) for db in vars(redis_databases(base, index, count)).values()
    ]
    assert len(used) == len(set(used)) == 3 * count
    assert min(used) == base and max(used) == 15
    assert {redis_databases(base, i, count).application for i in range(count)} == set(
        range(base, base + count)
    )


@pytest.mark.parametrize(("base", "count"), [(0, 6), (10, 3), (14, 1)])
def test_too_many_workers_are_refused(base, count):
    with pytest.raises(RuntimeError, match="run fewer workers"):
        redis_databases(base, 0, count)


def test_a_url_moves_to_another_database():
    url = "redis://:secret@127.0.0.1:63799/3?socket_timeout=1"
    assert redis_db(url) == 3
    assert with_redis_db(url, 12) == "redis://:secret@127.0.0.1:63799/12?socket_timeout=1"
    assert redis_db("redis://127.0.0.1:6379") == 0


def test_this_worker_uses_its_own_databases():
    """The settings as the root conftest left them: the cache and the metrics on this worker's
    databases, the Celery workers of the tests on others, the processes tests start told the
    same. (The broker is the cache's database, or the Celery worker's while tests/celery's
    session worker runs.)"""
    dbs = this_worker_redis()
    location = settings.CACHES["default"]["LOCATION"]
    assert redis_db(location) == dbs.application
    assert redis_db(settings.METRICS_REDIS_URL) not in (dbs.celery, dbs.mail)
    assert dbs.celery != dbs.mail
    if worker()[1] > 1:
        assert os.environ["REDIS_URL"] == location
