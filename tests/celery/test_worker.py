"""Address-only proposals are placed by the real Celery worker through the real Redis."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from campaigns.services import campaign_create
from core.testing.api import client_for
from proposals.models import Proposal

pytestmark = pytest.mark.celery


def _wait_for(proposal_id: int, seconds: float = 30) -> Proposal:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        proposal = Proposal.objects.get(pk=proposal_id)
        if proposal.location_status != Proposal.LocationStatus.PENDING:
            return proposal
        time.sleep(0.2)
    raise AssertionError(f"proposal {proposal_id} still pending after {seconds} s")


@pytest.fixture
def setup(committed):
    now = timezone.now()
    campaign = campaign_create(
        slug=f"celery-{time.time_ns()}",
        name="Celery",
        submission_start=now - timedelta(days=1),
        submission_end=now + timedelta(days=1),
    )
    # A resident who confirmed their address a month ago (proposing needs a verified address).
    user = User.objects.create_user(
        email=f"celery-{time.time_ns()}@example.org",
        password="x" * 12,
        email_verified_at=now - timedelta(days=30),
        date_joined=now - timedelta(days=30),
    )
    client = client_for(user)
    committed.extend([campaign, user])

    def submit(address: str) -> int:
        response = client.post(
            "/api/v1/proposals/",
            {
                "campaign": campaign.slug,
                "title": "Des bancs sous les arbres",
                "description": "Installer trois bancs à l'ombre pour les personnes âgées du quartier.",
                "theme": "cadre-de-vie",
                "address": address,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["location_status"] == "pending"
        return response.json()["id"]

    yield submit
    Proposal.objects.filter(campaign=campaign).delete()


def test_worker_places_an_address_only_proposal(celery_worker_process, setup):
    proposal = _wait_for(setup("28 rue mouffetard 75005 paris"))
    assert proposal.location_status == Proposal.LocationStatus.PLACED, proposal.location_error
    assert proposal.district.code == "75105"
    assert proposal.area.code == "paris-05"
    assert proposal.quartier is not None


def test_an_address_that_cannot_be_placed_is_failed_not_lost(celery_worker_process, setup):
    proposal = _wait_for(setup("qwxz zzkq vvbnm"))
    assert proposal.location_status == Proposal.LocationStatus.FAILED
    assert proposal.location_error
    assert Campaign.objects.filter(pk=proposal.campaign_id).exists()


def test_health_reports_the_worker(celery_worker_process, committed):
    body = client_for(None).get("/api/v1/health/").json()
    assert body["checks"]["database"]["ok"], body
    assert body["checks"]["redis"]["ok"], body
    assert body["checks"]["worker"]["ok"], body
    assert body["ok"] is True
