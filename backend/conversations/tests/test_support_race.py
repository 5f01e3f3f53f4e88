"""Simultaneous supports of one proposal by one person, each on its own connection against the
real PostgreSQL: exactly one row, every other attempt a clean ``already_supported``."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory
from conversations.models import Support
from conversations.services import support_add
from core.testing.concurrency import race as core_race
from proposals.errors import AlreadySupported
from proposals.models import Proposal
from proposals.selectors import proposal_list
from proposals.tests.factories import ProposalFactory

THREADS = 8
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """An earlier transactional test's flush removed the reference data: put it back."""
    from campaigns.services import themes_load
    from geo.models import Area

    if not Area.objects.filter(code="paris-05").exists():
        call_command("load_reference_data", verbosity=0)
        themes_load()


def race(target, n: int = THREADS) -> tuple[list, list]:
    return core_race(target, n)


def test_one_person_many_simultaneous_supports_make_one():
    now = timezone.now()
    campaign = CampaignFactory(
        submission_start=now - timedelta(days=1), submission_end=now + timedelta(days=10)
    )
    proposal = ProposalFactory(campaign=campaign)
    person = UserFactory()

    # Every attempt holds the proposal as the API read it before any of them wrote
    # (``supported_by_me`` false for all), so only the database can tell them apart. Read here,
    # before the threads are released: a thread reading after another's commit would see it.
    seen = [proposal_list(user=person).get(pk=proposal.pk) for _ in range(THREADS)]
    assert all(s.supported_by_me is False for s in seen)

    def support(i: int):
        return support_add(proposal=seen[i], user=person, now=timezone.now())

    made, failures = race(support)
    assert len(made) == 1
    assert len(failures) == THREADS - 1
    assert all(isinstance(f, AlreadySupported) for f in failures), failures
    assert Support.objects.filter(proposal=proposal, user=person).count() == 1


def test_many_people_at_once_are_all_counted():
    now = timezone.now()
    campaign = CampaignFactory(
        submission_start=now - timedelta(days=1), submission_end=now + timedelta(days=10)
    )
    proposal = ProposalFactory(campaign=campaign)
    people = [UserFactory() for _ in range(THREADS)]

    seen = [proposal_list(user=people[i]).get(pk=proposal.pk) for i in range(THREADS)]

    def support(i: int):
        return support_add(proposal=seen[i], user=people[i], now=timezone.now())

    made, failures = race(support)
    assert failures == [] and len(made) == THREADS
    counted = proposal_list(user=None).get(pk=proposal.pk).support_count
    assert counted == THREADS == Proposal.objects.get(pk=proposal.pk).supports.count()
