"""The request id travels with the Celery tasks a request enqueues (core.task_signals): into the
message's headers when published, back into the context while the worker runs the task."""

import json
import logging
import uuid

import pytest
import redis
from django.conf import settings

from accounts.tasks import email_verification_send_task
from accounts.tests.factories import UserFactory
from core.logs import JsonFormatter, RequestContextFilter
from core.request_id import current_task_get, request_id_bound, request_id_get

TASK = "accounts.send_verification_email"


@pytest.fixture
def published():
    """Publish tasks to a queue of the real Redis broker that no worker reads, and hand back
    the raw messages that arrived there (removed afterwards)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = f"test-request-id-{uuid.uuid4().hex}"

    def publish(task, args) -> dict:
        task.apply_async(args, queue=queue)
        raw = broker.rpop(queue)
        assert raw is not None, "nothing was published"
        return json.loads(raw)

    yield publish
    broker.delete(queue, *broker.scan_iter(f"*{queue}*"))  # kombu's binding keys for it
    for key in broker.scan_iter("_kombu.binding.*"):
        for member in broker.smembers(key):
            if queue.encode() in member:
                broker.srem(key, member)


@pytest.fixture
def task_records(caplog):
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestContextFilter())
    return caplog


@pytest.mark.django_db
class TestPublishing:
    def test_a_task_enqueued_during_a_request_carries_its_id(self, published):
        with request_id_bound("req-publish-0001"):
            message = published(email_verification_send_task, (123,))
        assert message["headers"]["task"] == TASK
        assert message["headers"]["request_id"] == "req-publish-0001"

    def test_outside_a_request_there_is_none(self, published):
        message = published(email_verification_send_task, (123,))
        assert "request_id" not in message["headers"]


@pytest.mark.django_db
class TestInTheWorker:
    def test_the_task_runs_under_the_id_of_its_message(self, task_records):
        """As the worker runs a message: its records carry the id and the task; nothing is left
        bound afterwards."""
        user = UserFactory(email_verified_at=None)
        result = email_verification_send_task.apply(
            (user.pk,), headers={"request_id": "req-worker-0001"}
        )
        assert result.get() is True
        lines = [r for r in task_records.records if r.name == "celery.app.trace"]
        assert lines, [r.name for r in task_records.records]
        for record in lines:
            assert record.request_id == "req-worker-0001"
            assert (record.task_id, record.task_name) == (result.id, TASK)
            entry = json.loads(JsonFormatter().format(record))
            assert entry["request_id"] == "req-worker-0001" and entry["task_name"] == TASK
        assert request_id_get() is None and current_task_get() is None

    def test_a_malformed_id_is_not_bound(self, task_records):
        user = UserFactory(email_verified_at=None)
        email_verification_send_task.apply((user.pk,), headers={"request_id": "bad id\n"})
        lines = [r for r in task_records.records if r.name == "celery.app.trace"]
        assert lines and all(r.request_id is None for r in lines)

    def test_a_task_run_in_process_keeps_the_request_s_id(self, task_records):
        """``task_always_eager``: the task runs inside the request, which keeps its id."""
        user = UserFactory(email_verified_at=None)
        with request_id_bound("req-eager-0001"):
            email_verification_send_task.apply((user.pk,))
            assert request_id_get() == "req-eager-0001"
        lines = [r for r in task_records.records if r.name == "celery.app.trace"]
        assert lines and all(r.request_id == "req-eager-0001" for r in lines)
