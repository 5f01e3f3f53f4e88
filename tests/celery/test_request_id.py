"""The real worker logs the tasks a web request enqueued under that request's id, and counts
their outcomes in the shared metrics."""

import json
import time
import uuid

import pytest
from django.test import Client

from accounts.models import User
from tests.celery.conftest import WORKER_LOG  # the session worker's

pytestmark = pytest.mark.celery

TASK = "accounts.send_verification_email"


def _worker_lines(request_id: str, seconds: float = 30) -> list[dict]:
    """The worker's JSON log lines for ``TASK`` that carry ``request_id``, once it has logged
    the task's success."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lines = []
        for raw in WORKER_LOG.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(raw)
            except ValueError:
                continue  # the worker's start-up banner
            if entry.get("task_name") == TASK and entry.get("request_id") == request_id:
                lines.append(entry)
        if any("succeeded" in entry["message"] for entry in lines):
            return lines
        time.sleep(0.2)
    raise AssertionError(f"the worker logged no success of {TASK} for {request_id} in {seconds} s")


def _succeeded() -> float:
    from prometheus_client.parser import text_string_to_metric_families

    response = Client().get("/api/v1/metrics/")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            if sample.name == "belvedere_celery_tasks_total" and sample.labels == {
                "task": TASK,
                "state": "succeeded",
            }:
                return sample.value
    return 0.0


def test_the_registration_mail_is_logged_under_the_request_id(celery_worker_process, committed):
    request_id = f"req-celery-{uuid.uuid4().hex}"
    email = f"request-id-{time.time_ns()}@example.org"
    before = _succeeded()

    response = Client().post(
        "/api/v1/auth/register/",
        {"email": email, "password": "un-mot-de-passe-solide"},
        content_type="application/json",
        HTTP_X_REQUEST_ID=request_id,
    )
    assert response.status_code == 202, response.content
    assert response["X-Request-ID"] == request_id
    committed.append(User.objects.get(email=email))

    lines = _worker_lines(request_id)
    task_ids = {entry["task_id"] for entry in lines}
    assert len(task_ids) == 1  # one task, every line of its run carries the request's id
    assert all(entry["level"] and entry["time"] and entry["logger"] for entry in lines)
    assert _succeeded() == before + 1
