"""Fixtures for the back-end tests (the reference data is loaded by the root conftest)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def official(db):
    """An official of the 5th arrondissement's town hall."""
    return UserFactory(role="official", areas=["paris-05"])


@pytest.fixture
def administrator(db):
    return UserFactory(role="administrator", is_staff=True)


@pytest.fixture
def resident_api(resident) -> APIClient:
    client = APIClient()
    client.force_authenticate(resident)
    return client


@pytest.fixture
def open_campaign(db):
    now = timezone.now()
    return CampaignFactory(
        submission_start=now - timedelta(days=1), submission_end=now + timedelta(days=10)
    )


@pytest.fixture
def closed_campaign(db):
    now = timezone.now()
    return CampaignFactory(
        submission_start=now - timedelta(days=20), submission_end=now - timedelta(days=1)
    )
