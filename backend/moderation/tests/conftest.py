from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory
from config.celery import app as celery_app
from proposals.tests.factories import ProposalFactory


@pytest.fixture
def eager_celery():
    """Run queued tasks in process (the mail goes to pytest-django's locmem outbox)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def proposal(open_campaign):
    """A proposal in the 5th arrondissement (area paris-05), submissions open."""
    return ProposalFactory(campaign=open_campaign)


@pytest.fixture
def reporters(db):
    return UserFactory.create_batch(5)


@pytest.fixture
def other_official(db):
    """An official of the 19th arrondissement."""
    return UserFactory(role="official", areas=["paris-19"])


@pytest.fixture
def ended_campaign(db):
    """Every phase is over: the campaign is closed."""
    now = timezone.now()
    return CampaignFactory(
        schedule={
            "submission": (now - timedelta(days=30), now - timedelta(days=20)),
            "review": (now - timedelta(days=20), now - timedelta(days=1)),
        }
    )


@pytest.fixture
def draft_campaign(db):
    """Nothing has started yet: the campaign is a draft."""
    now = timezone.now()
    return CampaignFactory(
        submission_start=now + timedelta(days=1), submission_end=now + timedelta(days=10)
    )
