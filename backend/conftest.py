"""Fixtures shared by the back-end tests (the reference data is loaded by the root conftest).

One user and one API client per role, campaigns in each phase, and Celery run in process. The
plain helpers behind them live in ``core.testing.api`` (``client_for``, ``assert_error``) and
``campaigns.tests.factories`` (``campaign_in_phase``)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory, campaign_in_phase
from core.testing.api import client_for

# ---- users and their clients, one per role ------------------------------------------------------


@pytest.fixture
def api() -> APIClient:
    """An anonymous client."""
    return client_for(None)


@pytest.fixture
def resident(db):
    """A resident with a verified email address, not brand new."""
    return UserFactory()


@pytest.fixture
def resident_api(resident) -> APIClient:
    return client_for(resident)


@pytest.fixture
def unverified_resident(db):
    """A resident who has not confirmed their email address yet (joined an hour ago)."""
    return UserFactory(email_verified_at=None, date_joined=timezone.now() - timedelta(hours=1))


@pytest.fixture
def unverified_api(unverified_resident) -> APIClient:
    return client_for(unverified_resident)


@pytest.fixture
def official(db):
    """An official of the 5th arrondissement's town hall (area paris-05)."""
    return UserFactory(role="official", areas=["paris-05"])


@pytest.fixture
def official_api(official) -> APIClient:
    return client_for(official)


@pytest.fixture
def other_official(db):
    """An official of another area: the 19th arrondissement's town hall (paris-19)."""
    return UserFactory(role="official", areas=["paris-19"])


@pytest.fixture
def other_official_api(other_official) -> APIClient:
    return client_for(other_official)


@pytest.fixture
def administrator(db):
    return UserFactory(role="administrator", is_staff=True)


@pytest.fixture
def admin_api(administrator) -> APIClient:
    return client_for(administrator)


# ---- campaigns ----------------------------------------------------------------------------------


@pytest.fixture
def open_campaign(db):
    """Submissions opened yesterday and close in ten days; then review, open-ended."""
    now = timezone.now()
    return CampaignFactory(
        submission_start=now - timedelta(days=1), submission_end=now + timedelta(days=10)
    )


@pytest.fixture
def closed_campaign(db):
    """Submissions closed yesterday; review since then, open-ended."""
    now = timezone.now()
    return CampaignFactory(
        submission_start=now - timedelta(days=20), submission_end=now - timedelta(days=1)
    )


@pytest.fixture
def draft_campaign(db):
    """Nothing has started yet: the campaign is a draft."""
    return campaign_in_phase("draft")


@pytest.fixture
def review_campaign(db):
    """In the review phase (review and merge), every other phase scheduled around it."""
    return campaign_in_phase("review")


@pytest.fixture
def voting_campaign(db):
    return campaign_in_phase("voting")


@pytest.fixture
def ended_campaign(db):
    """Every phase is over: the campaign is closed."""
    return campaign_in_phase("closed")


# ---- Celery -------------------------------------------------------------------------------------


@pytest.fixture
def eager_celery():
    """Run queued tasks in process (emails go to pytest-django's ``mail.outbox``)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
