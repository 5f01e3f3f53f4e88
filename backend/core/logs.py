"""Log records as JSON lines, each carrying the request id (settings: ``LOGGING``, ``LOG_FORMAT``).

One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
``request_id`` (null outside a request or a task it enqueued), then what the record carries:
the access line of each request (``core.observability``) adds ``method``, ``path``, ``route``,
``status``, ``duration_ms`` and ``user_id`` when the user is known; a Celery task's records add
``task_id`` and ``task_name``; ``exception`` holds the traceback. Any other ``extra={…}`` value
that is a string, a number, a boolean or null is kept under its own name.

The Celery worker and beat use the same configuration (``celery_logging_configure``, connected
in ``config/celery.py``), so their lines look the same and carry the same request id.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
from datetime import UTC, datetime
from typing import Any

from .request_id import current_task_get, discreet_get, request_id_get

# The attributes every LogRecord has: anything else on a record came from ``extra``.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_SCALARS = (str, int, float, bool, type(None))


def discreet_path(path: str) -> bool:
    """Whether ``path`` is a ballot request (``settings.DISCREET_PATHS``): casting, replacing,
    entering paper ballots, checking a receipt. No log line about one carries a user id, a
    session, a request id or a time finer than the day (docs/adr/0007-ballot-secrecy.md)."""
    from django.conf import settings

    return any(re.match(pattern, path) for pattern in getattr(settings, "DISCREET_PATHS", ()))


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` (and ``task_id``, ``task_name`` in a Celery task) to every record;
    marks the records of a ballot request ``discreet`` and strips what could identify it."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if discreet_get() or discreet_path(getattr(request, "path", "") or ""):
            record.discreet = True
            record.request_id = None
            record.user_id = None
            record.created = float(int(record.created // 86400) * 86400)  # the day only
            record.msecs = 0.0
            return True
        if getattr(record, "request_id", None) is None:
            # Django logs 4xx/5xx answers (``django.request``) once the middleware has returned,
            # with the request attached: its id is on it.
            record.request_id = request_id_get() or getattr(
                getattr(record, "request", None), "request_id", None
            )
        task = current_task_get()
        if task is not None and not hasattr(record, "task_id"):
            record.task_id, record.task_name = task
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (newlines in messages and tracebacks are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, tz=UTC)
        entry: dict[str, Any] = {
            "time": moment.date().isoformat()
            if getattr(record, "discreet", False)
            else moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in entry or key.startswith("_"):
                continue
            if isinstance(value, _SCALARS):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line for development (``LOG_FORMAT=text``): time, level, logger, request id,
    message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_label)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_label = getattr(record, "request_id", None) or "-"
        return super().format(record)


def celery_logging_configure(**kwargs: Any) -> None:
    """Celery's ``setup_logging`` signal: the worker and beat log as the web processes do
    (``settings.LOGGING``) instead of installing Celery's own handlers."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
