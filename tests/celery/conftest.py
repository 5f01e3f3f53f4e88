"""A real Celery worker (separate process) on the real Redis, working on the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from core.testing.workers import this_worker_redis, worker_suffix

ROOT = Path(__file__).resolve().parents[2]
# The session worker's log (one per xdist worker): tests/celery/test_request_id.py reads it.
WORKER_LOG = ROOT / ".data" / f"celery-test-worker{worker_suffix()}.log"


def _redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def _reset_connections(app) -> None:
    """Drop the connections made with the previous broker URL; new ones use the new URL. Kombu's
    own registries of pools (keyed by connection) are emptied too: going back to a URL used
    before would otherwise hand out its closed pool."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """Start ``celery worker`` on a Redis database of its own (15 without xdist, apart from the
    development worker's; core/testing/workers.py) with DATABASE_URL pointing at the test
    database; point this process's producer at it too."""
    from config.celery import app

    broker = _redis_db(settings.CELERY_BROKER_URL, this_worker_redis().celery)
    db = connection.settings_dict
    database_url = (
        f"postgis://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/"
        f"{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "PYTHONPATH": str(ROOT / "backend"),
        "LOG_FORMAT": "json",  # tests/celery/test_request_id.py reads the worker's log lines
    }
    log = open(WORKER_LOG, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "INFO",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT / "backend",
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app.conf.broker_url = broker
    app.conf.result_backend = broker
    _reset_connections(app)
    old = settings.CELERY_BROKER_URL
    settings.CELERY_BROKER_URL = broker  # the health check reads it
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()  # no stale tasks from an earlier run
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited: see {log.name}")
        if app.control.ping(timeout=0.5):
            break
    else:
        proc.kill()
        raise RuntimeError("the Celery worker did not answer within 60 s")
    yield proc
    settings.CELERY_BROKER_URL = old
    app.conf.broker_url = app.conf.result_backend = old
    _reset_connections(app)
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def committed(django_db_blocker):
    """Database access outside the test transaction (the worker must see the rows), with the
    objects a test registers deleted afterwards; the reference data is left untouched."""
    created: list = []
    with django_db_blocker.unblock():
        yield created
        for obj in reversed(created):
            type(obj).objects.filter(pk=obj.pk).delete()
