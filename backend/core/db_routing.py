"""Reads from a PostgreSQL streaming replica, writes to the primary, and read-your-writes.

Only in use when ``DATABASE_REPLICA_URL`` is set (settings then add the ``replica`` alias, this
router and the middleware below); without it every query goes to ``default`` as before.

- Writes always go to the primary (``default``); so does every read made inside a transaction
  (an atomic block on the primary: a transaction must see its own writes and lock what it read).
- Other reads go to the replica, unless the current request or task is *pinned* to the primary:
  - a request with an unsafe method (POST, PUT, PATCH, DELETE) is pinned while it runs, and its
    answer sets the ``belvedere_primary`` cookie for ``DATABASE_READ_YOUR_WRITES_SECONDS``
    (10 s by default): that person's next reads go to the primary too, so what they just wrote
    is never missing or stale for them however far the replica lags (a replica that lags more
    than that is unhealthy: the lag is monitored, see ``make test-scale``);
  - a Celery task is pinned while it runs: tasks are queued when a write commits and act on what
    it wrote.
- Other people's reads may be a little behind (the replica's replay lag), which a public map
  tolerates.
- A replica that cannot be reached is left aside: reads go to the primary. Before a request's
  first read is sent to the replica, its connection is checked (opened within the replica's
  ``connect_timeout``, 1 s by default; a persistent one answers ``SELECT 1``, Django's
  ``CONN_HEALTH_CHECKS``). When that fails, an alarm is logged and this process sends every read
  to the primary for ``DATABASE_REPLICA_RETRY_SECONDS`` (5 s), then tries the replica again.
  A replica that dies in the middle of a request fails that request (503, ``core.errors``), not
  the next ones.

The cookie only moves the sender's own reads to the primary: forging it gains nothing, and a
value further in the future than the setting allows is ignored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "belvedere_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

log = logging.getLogger(__name__)

_pinned: ContextVar[bool] = ContextVar("belvedere_db_pinned_to_primary", default=False)
# Until when (time.monotonic()) this process leaves the replica aside after it failed a check.
_replica_down_until = 0.0


def pinned_to_primary() -> bool:
    """Whether the reads of the current request or task go to the primary."""
    return _pinned.get()


@contextmanager
def primary_pinned(pinned: bool = True) -> Iterator[None]:
    """Send every read made inside the block to the primary (or not, with ``pinned=False``)."""
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)


def replica_usable() -> bool:
    """Whether the replica can take a read now: its connection is open and answers (checked
    once per request, as ``CONN_HEALTH_CHECKS`` does), and it has not failed a check in the last
    ``DATABASE_REPLICA_RETRY_SECONDS``."""
    global _replica_down_until
    if REPLICA not in connections.settings:
        return True  # the router called on its own (its unit tests): no connection to check
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        # A persistent connection that no longer answers is closed here (once per request),
        # then opened again, within the replica's connect_timeout.
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as exc:
        _replica_down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
        log.error(
            "Database replica unreachable, reads go to the primary for %.0f s: %s",
            settings.DATABASE_REPLICA_RETRY_SECONDS,
            exc,
        )
        return False
    return True


class PrimaryReplicaRouter:
    """Django database router: see the module's docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA if replica_usable() else PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # the replica follows the primary's schema on its own


def pinned_until(request: HttpRequest, now: float) -> float:
    """Until when (a Unix time) the sender's reads stay on the primary; 0 when they do not."""
    raw = request.COOKIES.get(PIN_COOKIE, "")
    try:
        until = float(raw)
    except ValueError:
        return 0.0
    if not now < until <= now + settings.DATABASE_READ_YOUR_WRITES_SECONDS:
        return 0.0
    return until


class ReadYourWritesMiddleware:
    """Pins unsafe requests and the requests of whoever wrote recently to the primary, and marks
    a successful unsafe request's sender with the ``belvedere_primary`` cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        writes = request.method not in SAFE_METHODS
        with primary_pinned(writes or pinned_until(request, now) > 0):
            response = self.get_response(request)
        if writes and response.status_code < 400:
            seconds = settings.DATABASE_READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{now + seconds:.3f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _task_started(**_: Any) -> None:
    _task_tokens.append(_pinned.set(True))


def _task_ended(**_: Any) -> None:
    if _task_tokens:
        _pinned.reset(_task_tokens.pop())


_task_tokens: list[Any] = []


def pin_celery_tasks() -> None:
    """Run every Celery task pinned to the primary (connected when a replica is configured)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_started, weak=False, dispatch_uid="belvedere-db-pin-start")
    task_postrun.connect(_task_ended, weak=False, dispatch_uid="belvedere-db-pin-end")
