"""Test set-up shared by every suite: the test database holds the real Paris reference data."""

import os

import pytest
from django.core.management import call_command

from core.testing.workers import redis_databases, redis_db, with_redis_db, worker


def _redis_of_this_worker() -> None:
    """Under pytest-xdist, move this worker's Redis URLs to its own databases
    (core/testing/workers.py). pytest-django reads the settings before this file is imported, so
    they are changed here, before anything connects to Redis; the environment too, for the
    processes tests start (Celery workers, manage.py commands)."""
    index, count = worker()
    if count == 1:
        return
    from django.conf import settings
    from django.core.cache import caches

    from config.celery import app

    if "settings" in caches.__dict__:
        raise RuntimeError("the cache was opened before the test worker's Redis database was set")
    location = settings.CACHES["default"]["LOCATION"]
    redis_databases(redis_db(location), index, count)  # refuses too many workers for Redis

    def moved(url: str) -> str:
        return with_redis_db(url, redis_db(url) + index)

    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": moved(location)},
    }
    for name in ("METRICS_REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        setattr(settings, name, moved(getattr(settings, name)))
        if name in os.environ:
            os.environ[name] = getattr(settings, name)
    os.environ["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.result_backend = settings.CELERY_RESULT_BACKEND


_redis_of_this_worker()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates (or reuses) the test database, load the reference data once:
    districts, areas, the city outline and the address base (idempotent)."""
    from django.db import connection
    from django.test.utils import setup_databases

    from geo.models import District

    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            # pytest-django sets up no database when no collected test is marked for one (e.g.
            # tests/celery run alone, whose fixtures commit on purpose): never fall through to
            # the development database.
            setup_databases(verbosity=0, interactive=False, keepdb=True, aliases={"default"})
        if District.objects.count() < 100:
            call_command("load_reference_data", verbosity=0)
        # The Base Adresse Nationale for Paris (158,000 addresses, ~5 s): loaded once, then
        # skipped in a few milliseconds while the same file is there (also after a flush).
        call_command("load_addresses", verbosity=0)
        from campaigns.models import Theme
        from campaigns.services import themes_load

        if not Theme.objects.exists():  # a flush by an earlier transactional test run
            themes_load()
        # GeoDjango reads a spatial reference from spatial_ref_sys once per process and caches
        # it: read it now, so a query budget never counts it because its test happened to be
        # the first to measure a distance (in random order, any test can be first).
        from django.contrib.gis.db.models.fields import get_srid_info

        get_srid_info(4326, connection)


@pytest.fixture(autouse=True)
def _throttle_counters_cleared():
    """Throttle counters live in Redis and outlast a test (and a test run): every test starts
    with none, whatever ran before it."""
    from core.throttles import throttle_history_clear

    throttle_history_clear()
    yield
    throttle_history_clear()


@pytest.fixture(autouse=True)
def _map_tiles_forgotten():
    """Cached map tiles live in Redis too, keyed by campaign slugs every test reuses: each test
    starts with none."""
    from proposals.map_cache import map_cache_clear

    map_cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Hashing passwords the production way costs ~0.3 s a user: tests use a fast hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests that flush the database (transactional ones: the live server of the browser tests)
    run last, so the reference data loaded once for the session serves every other test.

    The order is random otherwise (pytest-randomly shuffles first, in a hook wrapper; this stable
    sort runs after it and after pytest-django's, so it keeps the shuffled order in each group)."""

    def flushes(item) -> bool:
        names = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        transaction = bool(marker and marker.kwargs.get("transaction"))
        return transaction or "live_server" in names or "transactional_db" in names

    items.sort(key=flushes)


def _random_order_seed(config) -> int | None:
    seed = getattr(config.option, "randomly_seed", None)
    if not config.pluginmanager.hasplugin("randomly") or not isinstance(seed, int):
        return None
    return seed


def pytest_sessionstart(session):
    """Say the random-order seed first, also under -q (which hides pytest-randomly's header)."""
    seed = _random_order_seed(session.config)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if seed is not None and reporter is not None and reporter.verbosity < 0:
        reporter.write_line(f"Using --randomly-seed={seed}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say it again at the end, where a failure is read: the same order comes back with it."""
    seed = _random_order_seed(config)
    if seed is not None:
        terminalreporter.write_line(
            f"Random test order: rerun this order with -p randomly --randomly-seed={seed}"
        )
