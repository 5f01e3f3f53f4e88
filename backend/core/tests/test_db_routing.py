"""The primary/replica router and read-your-writes (core/db_routing.py).

The router and middleware are tested here on their own; ``make test-scale`` proves them against
a real streaming replica. Without ``DATABASE_REPLICA_URL`` (as in this test run) nothing of it is
installed: every query goes to ``default``."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from core.db_routing import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    PrimaryReplicaRouter,
    ReadYourWritesMiddleware,
    pinned_to_primary,
    primary_pinned,
)

router = PrimaryReplicaRouter()


def test_without_a_replica_nothing_is_installed():
    assert set(settings.DATABASES) == {"default"}
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "core.db_routing.ReadYourWritesMiddleware" not in settings.MIDDLEWARE


def test_with_a_replica_the_settings_add_the_alias_the_router_and_the_middleware():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['replica']['PORT'], s.DATABASES['replica']['ENGINE'],"
        " s.DATABASES['replica']['TEST'], s.DATABASE_ROUTERS, s.MIDDLEWARE]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_REPLICA_URL": "postgis://belvedere@127.0.0.1:54399/belvedere",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    port, engine, test, routers, middleware = json.loads(out.strip().splitlines()[-1])
    assert port == 54399
    assert engine == "django.contrib.gis.db.backends.postgis"
    assert test["MIRROR"] == "default"
    assert routers == ["core.db_routing.PrimaryReplicaRouter"]
    # Before the session (and the user) are read from the database.
    pin = middleware.index("core.db_routing.ReadYourWritesMiddleware")
    assert pin == middleware.index("django.contrib.sessions.middleware.SessionMiddleware") - 1


def test_reads_go_to_the_replica_writes_to_the_primary():
    assert router.db_for_read(User) == REPLICA
    assert router.db_for_write(User) == PRIMARY
    assert router.allow_migrate(PRIMARY, "accounts") is True
    assert router.allow_migrate(REPLICA, "accounts") is False


def test_pinned_reads_go_to_the_primary_and_the_pin_is_undone():
    with primary_pinned():
        assert pinned_to_primary()
        assert router.db_for_read(User) == PRIMARY
        with primary_pinned(False):
            assert router.db_for_read(User) == REPLICA
        assert router.db_for_read(User) == PRIMARY
    assert not pinned_to_primary()
    assert router.db_for_read(User) == REPLICA


@pytest.mark.django_db  # the test runs inside a transaction of the primary
def test_reads_inside_a_transaction_go_to_the_primary():
    with transaction.atomic():
        assert router.db_for_read(User) == PRIMARY


def _middleware(status: int = 200) -> tuple[ReadYourWritesMiddleware, list[bool]]:
    seen: list[bool] = []

    def view(request):
        seen.append(pinned_to_primary())
        return HttpResponse(status=status)

    return ReadYourWritesMiddleware(view), seen


def test_a_write_is_pinned_and_marks_its_sender_for_a_few_seconds():
    middleware, seen = _middleware()
    before = time.time()
    response = middleware(RequestFactory().post("/api/v1/proposals/"))
    assert seen == [True]
    cookie = response.cookies[PIN_COOKIE]
    seconds = settings.DATABASE_READ_YOUR_WRITES_SECONDS
    assert cookie["max-age"] == seconds
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The value is rounded to the millisecond.
    assert before + seconds - 0.001 <= float(cookie.value) <= time.time() + seconds + 0.001
    assert not pinned_to_primary()  # undone after the request


def test_a_refused_write_does_not_mark_its_sender():
    middleware, seen = _middleware(status=400)
    response = middleware(RequestFactory().patch("/api/v1/proposals/1/"))
    assert seen == [True]
    assert PIN_COOKIE not in response.cookies


def test_the_writers_next_reads_go_to_the_primary_others_to_the_replica():
    middleware, seen = _middleware()
    factory = RequestFactory()
    fresh = factory.get("/api/v1/proposals/1/")
    fresh.COOKIES[PIN_COOKIE] = f"{time.time() + 5:.3f}"
    expired = factory.get("/api/v1/proposals/1/")
    expired.COOKIES[PIN_COOKIE] = f"{time.time() - 1:.3f}"
    forged = factory.get("/api/v1/proposals/1/")  # further ahead than the setting allows
    forged.COOKIES[PIN_COOKIE] = f"{time.time() + 3600:.3f}"
    garbage = factory.get("/api/v1/proposals/1/")
    garbage.COOKIES[PIN_COOKIE] = "soon"
    anonymous = factory.get("/api/v1/proposals/1/")
    responses = [middleware(r) for r in (fresh, expired, forged, garbage, anonymous)]
    assert seen == [True, False, False, False, False]
    assert all(PIN_COOKIE not in r.cookies for r in responses)  # reads never extend it


def test_celery_tasks_run_pinned_to_the_primary():
    from celery.signals import task_postrun, task_prerun

    from core.db_routing import pin_celery_tasks

    pin_celery_tasks()
    try:
        task_prerun.send(sender=None, task_id="t", task=None, args=(), kwargs={})
        assert pinned_to_primary()
        assert router.db_for_read(User) == PRIMARY
        task_postrun.send(sender=None, task_id="t", task=None, args=(), kwargs={})
        assert not pinned_to_primary()
    finally:
        task_prerun.disconnect(dispatch_uid="belvedere-db-pin-start")
        task_postrun.disconnect(dispatch_uid="belvedere-db-pin-end")
