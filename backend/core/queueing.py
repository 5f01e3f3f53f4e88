"""Queueing work must never turn a committed write into an error.

Casting, proposing, registering… queue Celery tasks once their transaction commits
(``transaction.on_commit(lambda: task.delay(...))``). When the broker (Redis) cannot be reached,
Celery's ``delay`` raises after a few quick retries; raised in an ``on_commit`` callback, that
would answer 500 to a request whose write is already committed, and a client retrying it would
then be refused (409 already voted) for a ballot that is in fact stored.

So every task's ``delay`` (this class is the Celery app's task class, ``config/celery.py``)
logs an alarm instead of raising and returns None. Nothing is lost: each kind of work is found
again from what the database holds, by a periodic task of its app, once Redis is back
(``config/settings/tasks.py``): proposals still ``pending`` are geocoded, notifications not yet
``sent`` are mailed, a campaign in its results phase whose count has not run is counted. The
registration and verification mails are not stored: the person asks for the link again
(``auth/verify-email/resend/``). ``apply_async`` (used by ``retry`` inside a worker) still
raises: a worker that cannot reach the broker must not think it has retried.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task as CeleryTask
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class Task(CeleryTask):
    def delay(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().delay(*args, **kwargs)
        except (BrokerError, RedisError, OSError) as exc:
            log.error(
                "Broker unreachable: task %s not queued now, its periodic sweep will queue it "
                "again (%s: %s)",
                self.name,
                type(exc).__name__,
                exc,
            )
            return None
