"""Prometheus metrics whose counters live in Redis, shared by every process that serves or works.

Why Redis and not process memory: the API runs as several gunicorn workers (and, scaled out,
several machines), and tasks run in separate Celery worker processes. Counters kept in each
process's memory would need prometheus_client's multiprocess mode, which only adds up the
processes of one machine that share a directory, and says nothing about a worker machine no one
scrapes. Here each process adds to the same Redis hashes instead (one pipelined round trip per
request or per finished task), and a scrape of ``/api/v1/metrics/`` on any API process reads
them back and renders them with prometheus_client: the figures are the whole deployment's.
Prometheus should therefore scrape one target (any API instance, or the API's service
address), not every replica, or it would count the same figures once per replica.

Metrics:
- ``belvedere_http_requests_total{method, route, status}`` and the histogram
  ``belvedere_http_request_duration_seconds{method, route, status}``: ``route`` is the URL
  pattern's name (``proposal-detail``), never the raw path, so the label set stays small;
- ``belvedere_celery_tasks_total{task, state}``: ``state`` is ``succeeded``, ``failed`` or
  ``retried`` (recorded by the worker's signal handlers, ``core.task_signals``);
- ``belvedere_celery_queue_length{queue}``: the messages waiting in each Celery queue of the
  Redis broker, read at scrape time.

A Redis error while recording is logged and ignored: the request or task goes on.
"""

from __future__ import annotations

import bisect
import hmac
import ipaddress
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

import redis
from django.conf import settings
from django.http import HttpRequest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

logger = logging.getLogger(__name__)

PREFIX = "belvedere:metrics:"
HTTP_BUCKETS_KEY = PREFIX + "http:buckets"  # [method, route, status, bucket index] -> count
HTTP_SECONDS_KEY = PREFIX + "http:seconds"  # [method, route, status] -> total seconds
TASKS_KEY = PREFIX + "tasks"  # [task, state] -> count

# Upper bounds (seconds) of the latency buckets; the last bucket (+Inf) has index len(...).
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
TASK_STATES = ("succeeded", "failed", "retried")
# kombu's Redis transport keeps the messages of priority p > 0 in "<queue><sep><p>".
_PRIORITY_SEP = "\x06\x16"

# When recording fails (Redis down), one warning a minute, not one per request.
_WARN_EVERY_SECONDS = 60.0
_last_warning = 0.0


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)


def _store() -> redis.Redis:
    return _client(settings.METRICS_REDIS_URL)


def _field(*labels: object) -> str:
    return json.dumps(labels, ensure_ascii=False, separators=(",", ":"))


def _record_failed(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("Metrics not recorded (Redis): %s", exc)


# ---- recording ----------------------------------------------------------------------------------


def http_request_observe(*, method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and its duration."""
    method = method if method in HTTP_METHODS else "other"
    bucket = bisect.bisect_left(HTTP_BUCKETS, seconds)  # the first bound >= seconds
    try:
        pipe = _store().pipeline(transaction=True)
        pipe.hincrby(HTTP_BUCKETS_KEY, _field(method, route, str(status), bucket), 1)
        pipe.hincrbyfloat(HTTP_SECONDS_KEY, _field(method, route, str(status)), seconds)
        pipe.execute()
    except redis.RedisError as exc:
        _record_failed(exc)


def task_event_record(*, task: str, state: str) -> None:
    """Count one task outcome (``succeeded``, ``failed`` or ``retried``)."""
    try:
        _store().hincrby(TASKS_KEY, _field(task, state), 1)
    except redis.RedisError as exc:
        _record_failed(exc)


# ---- reading ------------------------------------------------------------------------------------


def _decoded(raw: dict[bytes, bytes]) -> Iterator[tuple[list[Any], bytes]]:
    for field, value in raw.items():
        try:
            labels = json.loads(field)
        except ValueError:
            continue  # not written by this module
        if isinstance(labels, list):
            yield labels, value


def _http_metrics(buckets_raw: dict, seconds_raw: dict) -> Iterator[Metric]:
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(
        lambda: [0] * (len(HTTP_BUCKETS) + 1)
    )
    for labels, value in _decoded(buckets_raw):
        if len(labels) != 4 or not 0 <= int(labels[3]) <= len(HTTP_BUCKETS):
            continue
        counts[(str(labels[0]), str(labels[1]), str(labels[2]))][int(labels[3])] += int(value)
    sums = {
        (str(found[0]), str(found[1]), str(found[2])): float(value)
        for found, value in _decoded(seconds_raw)
        if len(found) == 3
    }
    names = ["method", "route", "status"]
    total = CounterMetricFamily(
        "belvedere_http_requests", "HTTP requests answered by the API.", labels=names
    )
    duration = HistogramMetricFamily(
        "belvedere_http_request_duration_seconds",
        "Time to answer an HTTP request (until the response is returned), in seconds.",
        labels=names,
    )
    for series, per_bucket in sorted(counts.items()):
        cumulative, running = [], 0
        for bound, count in zip((*map(str, HTTP_BUCKETS), "+Inf"), per_bucket, strict=True):
            running += count
            cumulative.append((bound, float(running)))
        total.add_metric(list(series), running)
        duration.add_metric(list(series), cumulative, sum_value=sums.get(series, 0.0))
    yield total
    yield duration


def _task_metrics(raw: dict) -> Iterator[Metric]:
    family = CounterMetricFamily(
        "belvedere_celery_tasks",
        "Celery tasks finished by the workers, by outcome (succeeded, failed, retried).",
        labels=["task", "state"],
    )
    counts = {
        (str(labels[0]), str(labels[1])): int(value)
        for labels, value in _decoded(raw)
        if len(labels) == 2
    }
    for labels, count in sorted(counts.items()):
        family.add_metric(list(labels), count)
    yield family


def celery_queue_names() -> list[str]:
    """The Celery queues to watch: the default queue and any configured one."""
    from celery import current_app

    names = [current_app.conf.task_default_queue]
    for queue in current_app.conf.task_queues or ():
        name = getattr(queue, "name", queue)
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


def celery_queue_lengths(client: redis.Redis, queues: list[str], *, prefix: str = "") -> dict:
    """Messages waiting in each queue of a Redis broker: the queue's list plus its priority
    lists (kombu's Redis transport keeps one list per priority step)."""
    pipe = client.pipeline(transaction=False)
    for queue in queues:
        pipe.llen(prefix + queue)
        for priority in range(1, 10):
            pipe.llen(f"{prefix}{queue}{_PRIORITY_SEP}{priority}")
    lengths = pipe.execute()
    return {queue: sum(lengths[i * 10 : (i + 1) * 10]) for i, queue in enumerate(queues)}


def _queue_metrics() -> Iterator[Metric]:
    from celery import current_app

    family = GaugeMetricFamily(
        "belvedere_celery_queue_length",
        "Messages waiting in a Celery queue of the Redis broker, read at scrape time.",
        labels=["queue"],
    )
    url = str(settings.CELERY_BROKER_URL)
    if url.startswith(("redis://", "rediss://", "unix://")):
        options = current_app.conf.broker_transport_options or {}
        lengths = celery_queue_lengths(
            _client(url), celery_queue_names(), prefix=options.get("global_keyprefix", "")
        )
        for queue, length in lengths.items():
            family.add_metric([queue], length)
    yield family


class _RedisCollector:
    def collect(self) -> Iterator[Metric]:
        pipe = _store().pipeline(transaction=True)  # one consistent snapshot
        pipe.hgetall(HTTP_BUCKETS_KEY)
        pipe.hgetall(HTTP_SECONDS_KEY)
        pipe.hgetall(TASKS_KEY)
        buckets_raw, seconds_raw, tasks_raw = pipe.execute()
        yield from _http_metrics(buckets_raw, seconds_raw)
        yield from _task_metrics(tasks_raw)
        yield from _queue_metrics()


def metrics_render() -> bytes:
    """Every metric in the Prometheus text format (raises ``redis.RedisError`` when Redis is
    unreachable)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_RedisCollector())  # type: ignore[arg-type]
    return generate_latest(registry)


# ---- who may read them ---------------------------------------------------------------------------

_FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
# Loopback and the private networks (RFC 1918, IPv6 unique local addresses): not ``is_private``,
# which also counts the documentation and other reserved ranges.
LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
)


def metrics_access_allowed(request: HttpRequest) -> bool:
    """With ``METRICS_TOKEN`` set: only requests bearing it (``Authorization: Bearer …``), from
    anywhere. Without: only requests made directly from a loopback or private address; a
    request that came through a proxy (it carries ``X-Forwarded-For``, ``Forwarded`` or
    ``X-Real-IP``) is refused, since the proxy's own address says nothing of the client's."""
    token = str(settings.METRICS_TOKEN or "")
    if token:
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        )
    if any(request.META.get(header) for header in _FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in LOCAL_NETWORKS)
