"""A real Celery worker (a separate process, on this run's Redis database) mails through a real
SMTP server on loopback that refuses the first attempts: the task retries with its backoff and
the mail arrives once, even when the task is queued twice."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import User
from core.testing.workers import this_worker_redis
from notifications.models import Notification
from notifications.tasks import notification_send_task

from .smtp import SMTPServer

pytestmark = pytest.mark.celery
BACKEND = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smtp_module():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_worker(django_db_setup, django_db_blocker, smtp_module, tmp_path_factory):
    """``celery worker`` on the broker of this run (REDIS_URL), with DATABASE_URL at the test
    database and its mail settings at the loopback SMTP server; retries wait about a second."""
    from config.celery import app
    from tests.celery.conftest import _redis_db, _reset_connections

    # A Redis database of its own (14 without xdist, core/testing/workers.py): the session's
    # worker of tests/celery (database 15) may be running too, and this process's producer may
    # point at it; both are put back after.
    broker = _redis_db(settings.CELERY_BROKER_URL, this_worker_redis().mail)
    before = (app.conf.broker_url, app.conf.result_backend)
    app.conf.broker_url = app.conf.result_backend = broker
    _reset_connections(app)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "PYTHONPATH": str(BACKEND),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_module.host,
        "EMAIL_PORT": str(smtp_module.port),
        "NOTIFICATIONS_RETRY_BACKOFF": "1",
    }
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    log = open(log_path, "w")  # noqa: SIM115
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()  # this run's database: no stale tasks
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
            f"notif-{os.getpid()}@%h",
        ],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited: see {log_path}")
        if app.control.ping(timeout=0.5):
            break
    else:
        proc.kill()
        raise RuntimeError("the Celery worker did not answer within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    app.conf.broker_url, app.conf.result_backend = before
    _reset_connections(app)


@pytest.fixture
def notification(django_db_blocker):
    """A committed notification (the worker must see it), deleted afterwards."""
    with django_db_blocker.unblock():
        user = User.objects.create_user(
            email=f"worker-{time.time_ns()}@example.org", email_verified_at=timezone.now()
        )
        row = Notification.objects.create(
            user=user, event="accepted", title="Un banc rue Monge", reason="Faisable."
        )
        yield row
        user.delete()


def wait_for(condition, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("not within the time allowed")


def test_refused_attempts_are_retried_and_the_mail_arrives_once(
    mail_worker, smtp_module, notification, django_db_blocker
):
    smtp_module.clear()
    smtp_module.refuse_next(2)
    notification_send_task.delay(notification.pk)
    notification_send_task.delay(notification.pk)  # queued twice (a sweep, a redelivery)
    wait_for(lambda: len(smtp_module.messages) == 1)
    time.sleep(3)  # any second sending would have arrived by now
    assert smtp_module.recorder.refused == 2
    assert len(smtp_module.messages) == 1
    (message,) = smtp_module.messages
    assert message["To"] == notification.user.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_db_blocker.unblock():
        assert Notification.objects.get(pk=notification.pk).sent_at is not None
