"""Prometheus metrics (core.metrics, /api/v1/metrics/): who may read them, their format, and the
counters moving with requests, task outcomes and queued messages."""

import uuid

import pytest
import redis
from celery import shared_task
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from campaigns.tests.factories import CampaignFactory
from core.metrics import HTTP_BUCKETS
from core.testing.api import assert_error

METRICS = "/api/v1/metrics/"
THEMES = "/api/v1/themes/"


@shared_task(name="core.tests.metrics_succeeds")
def succeeds() -> int:
    return 1


@shared_task(name="core.tests.metrics_fails")
def fails() -> None:
    raise RuntimeError("this task fails")


@shared_task(name="core.tests.metrics_retries", bind=True, max_retries=1)
def retries(self) -> str:
    if self.request.retries == 0:
        raise self.retry(countdown=0)
    return "second try"


def scrape(client: Client | None = None, **headers) -> dict:
    """The scraped samples: {(name, frozenset(labels.items())): value}; the text must parse."""
    response = (client or Client()).get(METRICS, **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.django_db
class TestWhoMayRead:
    @pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.2.3", "192.168.0.9", "fd00::5"])
    def test_loopback_and_private_addresses_without_a_token(self, address):
        assert Client(REMOTE_ADDR=address).get(METRICS).status_code == 200

    @pytest.mark.parametrize("address", ["203.0.113.5", "8.8.8.8", "2001:db8::1", "not-an-ip"])
    def test_the_public_gets_the_api_404(self, address):
        body = assert_error(Client(REMOTE_ADDR=address).get(METRICS), 404, "not_found")
        unknown = Client(REMOTE_ADDR=address).get("/api/v1/no-such-endpoint/").json()
        assert body == unknown  # indistinguishable from a URL that does not exist

    @pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"])
    def test_what_came_through_a_proxy_is_not_local(self, header):
        """Behind nginx every request comes from the proxy's private address: a forwarded one
        is refused (the proxy's address says nothing of the client's)."""
        response = Client(REMOTE_ADDR="127.0.0.1").get(METRICS, **{header: "203.0.113.5"})
        assert_error(response, 404, "not_found")

    def test_with_a_token_only_its_bearer_reads(self, settings):
        settings.METRICS_TOKEN = "a-long-metrics-token-0123456789"
        public, local = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="127.0.0.1")
        assert_error(local.get(METRICS), 404, "not_found")  # loopback is not enough any more
        for wrong in ["Bearer nope", "Basic a-long-metrics-token-0123456789", "Bearer "]:
            assert_error(public.get(METRICS, HTTP_AUTHORIZATION=wrong), 404, "not_found")
        good = "Bearer a-long-metrics-token-0123456789"
        assert public.get(METRICS, HTTP_AUTHORIZATION=good).status_code == 200
        assert scrape(public, HTTP_AUTHORIZATION=good)  # through a proxy too: the token decides
        forwarded = public.get(METRICS, HTTP_AUTHORIZATION=good, HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert forwarded.status_code == 200

    def test_only_reads(self):
        response = Client().post(METRICS)
        assert_error(response, 405, "method_not_allowed")
        assert response["Allow"] == "GET, HEAD"
        assert_error(Client(REMOTE_ADDR="203.0.113.5").post(METRICS), 404, "not_found")

    def test_it_is_not_in_the_public_api_schema(self):
        schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
        assert "/api/v1/metrics/" not in schema["paths"]
        assert "/api/v1/health/" in schema["paths"]


@pytest.mark.django_db
class TestRequests:
    def test_count_and_latency_by_method_route_and_status(self):
        labels = {"method": "GET", "route": "theme-list", "status": "200"}
        before = scrape()
        client = Client()
        for _ in range(3):
            assert client.get(THEMES).status_code == 200
        after = scrape()
        assert value(after, "belvedere_http_requests_total", **labels) == (
            value(before, "belvedere_http_requests_total", **labels) + 3
        )
        name = "belvedere_http_request_duration_seconds"
        count = value(after, f"{name}_count", **labels)
        assert count == value(before, f"{name}_count", **labels) + 3
        assert value(after, f"{name}_sum", **labels) > value(before, f"{name}_sum", **labels)
        cumulative = [value(after, f"{name}_bucket", le=str(b), **labels) for b in HTTP_BUCKETS]
        cumulative.append(value(after, f"{name}_bucket", le="+Inf", **labels))
        assert cumulative == sorted(cumulative) and cumulative[-1] == count

    def test_the_route_is_the_pattern_name_not_the_path(self):
        first, second = CampaignFactory(), CampaignFactory()
        labels = {"method": "GET", "route": "campaign-detail", "status": "200"}
        before = value(scrape(), "belvedere_http_requests_total", **labels)
        client = Client()
        for campaign in (first, second):
            assert client.get(f"/api/v1/campaigns/{campaign.slug}/").status_code == 200
        after = scrape()
        assert value(after, "belvedere_http_requests_total", **labels) == before + 2
        assert not any(first.slug in str(key) for key in after)

    def test_refusals_are_counted_with_their_status(self):
        labels = {"method": "GET", "route": "campaign-detail", "status": "404"}
        before = value(scrape(), "belvedere_http_requests_total", **labels)
        assert Client().get("/api/v1/campaigns/no-such-campaign/").status_code == 404
        assert value(scrape(), "belvedere_http_requests_total", **labels) == before + 1

    def test_redis_down_costs_the_metrics_not_the_requests(self, settings):
        settings.METRICS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
        assert Client().get(THEMES).status_code == 200
        assert_error(Client().get(METRICS), 503, "unavailable")


@pytest.mark.django_db
class TestTasks:
    """Outcomes are counted by the worker's signal handlers; run in process here (the real
    worker: tests/celery/test_request_id.py)."""

    def _count(self, task: str, state: str) -> float:
        return value(scrape(), "belvedere_celery_tasks_total", task=task, state=state)

    def test_succeeded_failed_and_retried(self):
        before = {
            ("core.tests.metrics_succeeds", "succeeded"): 0.0,
            ("core.tests.metrics_fails", "failed"): 0.0,
            ("core.tests.metrics_retries", "retried"): 0.0,
            ("core.tests.metrics_retries", "succeeded"): 0.0,
        }
        before = {key: self._count(*key) for key in before}
        assert succeeds.apply().get() == 1
        assert fails.apply().failed()
        assert retries.apply().get() == "second try"
        after = {key: self._count(*key) for key in before}
        assert after == {key: count + 1 for key, count in before.items()}
        assert self._count("core.tests.metrics_fails", "succeeded") == 0.0


class TestQueueDepth:
    def test_the_messages_waiting_in_the_broker(self, settings):
        """The queue's list and its priority lists in the Redis broker, read at scrape time."""
        from config.celery import app

        queue = f"test-metrics-{uuid.uuid4().hex}"
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        previous = app.conf.task_default_queue
        app.conf.task_default_queue = queue
        try:
            broker.rpush(queue, b"m1", b"m2")
            broker.rpush(f"{queue}\x06\x163", b"m3")  # kombu's list for priority 3
            samples = scrape()
            assert value(samples, "belvedere_celery_queue_length", queue=queue) == 3
            broker.lpop(queue)
            assert value(scrape(), "belvedere_celery_queue_length", queue=queue) == 2
        finally:
            app.conf.task_default_queue = previous
            broker.delete(queue, f"{queue}\x06\x163")
