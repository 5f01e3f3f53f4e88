"""Celery signal handlers: the request id travels with the tasks, and task outcomes are counted.

- ``before_task_publish`` (in the process that enqueues): the current request id, if any, goes
  into the message's headers (``request_id``).
- ``task_prerun`` / ``task_postrun`` (in the worker): the id found in the headers is bound while
  the task runs, with the task's id and name, so the worker's log records carry the id of the
  web request that enqueued the task. A task run in process (``task_always_eager``) keeps the id
  of the request it runs in.
- ``task_success`` / ``task_failure`` / ``task_retry`` (in the worker): counted in the metrics
  (``core.metrics``).

Connected when the ``core`` app is ready, in the web processes and in the worker alike.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from celery.signals import (
    before_task_publish,
    task_failure,
    task_postrun,
    task_prerun,
    task_retry,
    task_success,
)

from .metrics import task_event_record
from .request_id import (
    TASK_HEADER,
    request_id_bound,
    request_id_get,
    request_id_is_valid,
    task_bound,
)

# What each running task bound in task_prerun, released in task_postrun (by task id).
_bound: dict[str, ExitStack] = {}


def task_headers_add_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    request_id = request_id_get()
    if request_id is not None and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def task_request_id(task: Any) -> str | None:
    """The request id a task's message carries: a header of the worker's request (an attribute
    of ``task.request``), or in ``task.request.headers`` for a task applied in process."""
    request = getattr(task, "request", None)
    value = getattr(request, TASK_HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    return value if request_id_is_valid(value) else None


def task_context_bind(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    if task_id is None or task is None:
        return
    stack = ExitStack()
    request_id = task_request_id(task)
    if request_id is not None:
        stack.enter_context(request_id_bound(request_id))
    stack.enter_context(task_bound(task_id, task.name))
    _bound[task_id] = stack


def task_context_release(task_id: str | None = None, **kwargs: Any) -> None:
    stack = _bound.pop(task_id, None) if task_id is not None else None
    if stack is not None:
        stack.close()


def _name(sender: Any) -> str:
    return str(getattr(sender, "name", None) or sender or "unknown")


def task_succeeded_count(sender: Any = None, **kwargs: Any) -> None:
    task_event_record(task=_name(sender), state="succeeded")


def task_failed_count(sender: Any = None, **kwargs: Any) -> None:
    task_event_record(task=_name(sender), state="failed")


def task_retried_count(sender: Any = None, **kwargs: Any) -> None:
    task_event_record(task=_name(sender), state="retried")


def connect() -> None:
    """Connect the handlers (idempotent: each is registered once, by its dispatch uid)."""
    before_task_publish.connect(
        task_headers_add_request_id, weak=False, dispatch_uid="core.request_id.publish"
    )
    task_prerun.connect(task_context_bind, weak=False, dispatch_uid="core.request_id.prerun")
    task_postrun.connect(task_context_release, weak=False, dispatch_uid="core.request_id.postrun")
    task_success.connect(task_succeeded_count, weak=False, dispatch_uid="core.metrics.success")
    task_failure.connect(task_failed_count, weak=False, dispatch_uid="core.metrics.failure")
    task_retry.connect(task_retried_count, weak=False, dispatch_uid="core.metrics.retry")
