"""The request id: one id per web request, carried into the Celery tasks the request enqueues.

The id comes from the proxy's ``X-Request-ID`` header when it is well-formed (8 to 128 letters,
digits, ``.``, ``_``, ``:`` or ``-``; nginx's ``$request_id`` and UUIDs are), otherwise a new one
is made. It lives in a context variable while the request (or the task) runs, so every log
record written meanwhile can carry it (``core.logs.RequestContextFilter``), and the Celery
signal handlers (``core.task_signals``) can put it in the headers of the tasks published.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeGuard

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# The name of the Celery message header that carries the id to the worker.
TASK_HEADER = "request_id"

_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# Whether the request being answered is a ballot request (core.logs.discreet_path).
_discreet: ContextVar[bool] = ContextVar("discreet", default=False)
# The Celery task being run (id, name), for the worker's log records.
_task: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)


def request_id_is_valid(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _WELL_FORMED.fullmatch(value) is not None


def request_id_new() -> str:
    """A new id: 32 hexadecimal digits (the shape of nginx's ``$request_id``)."""
    return uuid.uuid4().hex


def request_id_get() -> str | None:
    """The id of the request (or of the task's request) being handled, if any."""
    return _request_id.get()


def current_task_get() -> tuple[str, str] | None:
    """The (id, name) of the Celery task being run in this context, if any."""
    return _task.get()


@contextmanager
def request_id_bound(value: str | None) -> Iterator[None]:
    """Run a block with ``value`` as the current request id (restored afterwards)."""
    token = _request_id.set(value)
    try:
        yield
    finally:
        _request_id.reset(token)


@contextmanager
def task_bound(task_id: str, task_name: str) -> Iterator[None]:
    """Run a block as the Celery task ``task_id`` (restored afterwards)."""
    token = _task.set((task_id, task_name))
    try:
        yield
    finally:
        _task.reset(token)


def discreet_get() -> bool:
    return _discreet.get()


@contextmanager
def discreet_bound(value: bool) -> Iterator[None]:
    """Run a block as a ballot request or not (its log records are then made discreet)."""
    token = _discreet.set(value)
    try:
        yield
    finally:
        _discreet.reset(token)
