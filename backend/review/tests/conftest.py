"""Fixtures for the review and projects tests: campaigns in each phase, officials' clients,
proposals in a given state, and Celery run eagerly so notification emails land in the outbox."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory
from proposals.tests.factories import ProposalFactory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def review_campaign(db):
    """Submissions closed yesterday: the campaign is in the review phase (review and merge)."""
    now = timezone.now()
    return CampaignFactory(
        schedule={
            "submission": (now - timedelta(days=20), now - timedelta(days=1)),
            "review": (now - timedelta(days=1), now + timedelta(days=10)),
            "voting": (now + timedelta(days=10), now + timedelta(days=20)),
        }
    )


@pytest.fixture
def voting_campaign(db):
    now = timezone.now()
    return CampaignFactory(
        schedule={
            "submission": (now - timedelta(days=30), now - timedelta(days=20)),
            "review": (now - timedelta(days=20), now - timedelta(days=1)),
            "voting": (now - timedelta(days=1), now + timedelta(days=10)),
        }
    )


@pytest.fixture
def official_api(official) -> APIClient:
    return client_for(official)


@pytest.fixture
def admin_api(administrator) -> APIClient:
    return client_for(administrator)


@pytest.fixture
def other_official(db):
    """An official of the 19th arrondissement's town hall."""
    return UserFactory(role="official", areas=["paris-19"], password=None)


@pytest.fixture
def make_proposal(review_campaign):
    """``make_proposal(status=…, at=(lon, lat), campaign=…, **fields)``: a placed proposal, in
    the review campaign by default."""

    def make(status="submitted", at=None, campaign=None, **fields):
        if status == "accepted":
            fields.setdefault("estimated_cost", 10_000)
        if status == "rejected":
            fields.setdefault("public_answer", "Hors compétence de la Ville.")
        fields.setdefault("author", UserFactory(password=None))  # no password hashing: fast
        if at is not None:
            fields["location"] = Point(*at, srid=4326)
        return ProposalFactory(campaign=campaign or review_campaign, status=status, **fields)

    return make


@pytest.fixture
def eager_celery():
    """Run Celery tasks in process (notification emails go to ``mail.outbox``)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
