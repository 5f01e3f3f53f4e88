"""Redis out of reach (cache, throttle counters, Celery broker, metrics): ballots and proposals
are still accepted, each throttle fails open or falls back to this process's counters as
core/throttles.py decides, queueing logs an alarm instead of failing a committed write
(core/queueing.py), and the periodic sweeps queue the missed work once Redis is back.

Redis is "stopped" by pointing every client at a closed port; ``make test-faults`` stops a real
one under load."""

import logging
import socket
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.request import Request

from accounts.tests.factories import UserFactory
from config.celery import app
from core import throttles
from core.testing.api import client_for
from core.throttles import (
    ProposalCreateThrottle,
    ReceiptCheckThrottle,
    local_counters,
    throttle_history_clear,
)
from proposals.models import Proposal
from proposals.tasks import proposal_locate_task, proposals_locate_pending_task
from proposals.tests.test_api import payload
from results.selectors import campaigns_count_due
from results.tasks import results_count_due_task, tally_campaign
from voting.models import Participation, SealedBallot
from voting.tests.conftest import declare, make_world
from voting.tests.test_ballot_box import publish

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def broker_at(url: str):
    """Celery's broker for the block (its pooled connections dropped on the way in and out)."""
    previous = app.conf.broker_url

    def drop_connections() -> None:  # kombu keeps its pools per URL: forget ours, close none
        app._pool = None
        app.amqp._producer_pool = None

    drop_connections()
    app.conf.broker_url = url
    try:
        yield
    finally:
        drop_connections()
        app.conf.broker_url = previous


@pytest.fixture
def redis_down(settings):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down}
    }
    settings.METRICS_REDIS_URL = down
    local_counters.clear()
    throttles._last_warning.clear()  # each test sees its alarm (one a minute per scope)
    with broker_at(down):
        yield
    local_counters.clear()


def queued() -> int:
    """Messages waiting in Celery's default queue of the test run's Redis."""
    return redis.Redis.from_url(django_settings.CELERY_BROKER_URL).llen("celery")


def test_a_ballot_is_accepted_while_redis_is_down(redis_down):
    world = make_world()
    voter = UserFactory()
    declare(voter, world.campaign)
    response = client_for(voter).post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
        {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Participation.objects.filter(person=voter).count() == 1
    assert SealedBallot.objects.filter(campaign=world.campaign).count() == 1


def test_a_proposal_is_accepted_while_redis_is_down_and_placed_once_it_is_back(
    resident_api, open_campaign, caplog, settings, django_capture_on_commit_callbacks
):
    data = payload(open_campaign, location=None, address="12 rue Mouffetard 75005 Paris")
    # Its work is queued once the write commits (here: when the block ends), Redis still down.
    with redis_down_for(settings), django_capture_on_commit_callbacks(execute=True):
        response = resident_api.post("/api/v1/proposals/", data, format="json")
        assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert proposal.location_status == Proposal.LocationStatus.PENDING
    assert "Broker unreachable: task proposals.locate not queued" in caplog.text
    # Redis is back: the sweep finds the proposal (pending for longer than the setting) …
    settings.SWEEP_AFTER_SECONDS = -1
    before = queued()
    assert proposals_locate_pending_task() == 1
    assert queued() == before + 1
    # … and its task, run by a worker, places it (here in process).
    assert proposal_locate_task(proposal.pk) == Proposal.LocationStatus.PLACED
    proposal.refresh_from_db()
    assert proposal.district.number == 5


@contextmanager
def redis_down_for(settings):
    """The ``redis_down`` fixture as a block, for a test that needs Redis back afterwards."""
    gen = redis_down.__wrapped__(settings)
    next(gen)
    try:
        yield
    finally:
        next(gen, None)


def test_sign_in_keeps_a_limit_in_process_memory_while_redis_is_down(redis_down, caplog):
    caplog.set_level(logging.ERROR, logger="core.throttles")
    api = client_for(None)
    limit = int(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["sign_in_email"][:2])
    statuses = [
        api.post(
            "/api/v1/auth/login/",
            {"email": "somebody@example.org", "password": "wrong-password"},
            format="json",
        ).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [400] * limit or 429 not in statuses[:limit]
    assert statuses[limit] == 429
    assert "Redis unreachable: throttle 'sign_in_email' counted in process memory" in caplog.text


def rest_rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **django_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            **rates,
        },
    }


def test_the_proposal_limit_fails_open_the_receipt_limit_does_not(redis_down, settings, caplog):
    rest_rates(settings, proposal_create="1/hour", receipt_check="1/hour")
    resident = UserFactory()
    factory = RequestFactory()

    def allowed(throttle_class, method: str) -> bool:
        request = Request(getattr(factory, method)("/api/v1/x/"))
        request.user = resident
        return throttle_class().allow_request(request, None)

    assert [allowed(ProposalCreateThrottle, "post") for _ in range(3)] == [True] * 3
    assert "throttle 'proposal_create' let through uncounted" in caplog.text
    assert [allowed(ReceiptCheckThrottle, "get") for _ in range(2)] == [True, False]


def test_throttles_count_in_redis_again_once_it_is_back(settings):
    rest_rates(settings, receipt_check="1/hour")
    throttle_history_clear()
    request = Request(RequestFactory().post("/api/v1/receipts/check/"))
    assert ReceiptCheckThrottle().allow_request(request, None) is True
    assert ReceiptCheckThrottle().allow_request(request, None) is False
    assert throttle_history_clear() == 1  # the counter was in Redis, not in process memory


def test_a_count_missed_while_redis_was_down_is_queued_again_and_runs_once(caplog):
    world = make_world()
    for _ in range(3):
        voter = UserFactory()
        declare(voter, world.campaign)
        client_for(voter).post(
            f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
            {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
            format="json",
        )
    now = timezone.now()
    # The results phase starts; its count task is never queued (here: the test's transaction
    # never commits, as a failed queueing would leave it).
    campaign = publish(world, now)
    assert campaign.count_started_at is None
    assert campaigns_count_due(now=timezone.now()) == [campaign.pk]
    # The sweep, while the broker is down, does not fail either.
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        assert results_count_due_task() == [campaign.pk]
    assert "Broker unreachable: task results.tally_campaign not queued" in caplog.text
    # Back: the count runs (a worker would run the queued task), and is no longer due.
    results = tally_campaign(campaign.pk)
    assert results
    campaign.refresh_from_db()
    assert campaign.count_started_at is not None
    assert campaigns_count_due(now=timezone.now()) == []
    assert tally_campaign(campaign.pk) == results  # run again: the same results
