"""One ballot per voter per area, enforced by the database: many simultaneous submissions for the
same voter, each on its own connection, against the real PostgreSQL."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from core.testing.concurrency import race as core_race
from voting.errors import AlreadyVoted
from voting.models import Participation
from voting.services import ballot_cast, ballot_replace

from .conftest import box, declare, make_world

THREADS = 12


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


def test_simultaneous_submissions_leave_exactly_one_ballot():
    world = make_world()
    voter = UserFactory()
    declare(voter, world.campaign)
    projects = [world.projects["jardin"].pk, world.projects["piste"].pk, world.projects["bancs"].pk]

    def submit(i: int):
        campaign = Campaign.objects.get(pk=world.campaign.pk)
        return ballot_cast(
            voter=voter,
            campaign=campaign,
            area=world.areas["paris-05"],
            now=timezone.now(),
            projects=[projects[i % 3]],
        )

    results, failures = race(submit)
    assert len(results) == 1, failures
    assert len(failures) == THREADS - 1
    assert all(isinstance(f, AlreadyVoted) for f in failures), failures
    assert box(world.campaign).count() == 1
    assert Participation.objects.filter(campaign=world.campaign, person=voter).count() == 1
    assert box(world.campaign).get().id == results[0].ballot.id


def test_simultaneous_replacements_leave_exactly_one_ballot():
    world = make_world()
    voter = UserFactory()
    declare(voter, world.campaign)
    first = ballot_cast(
        voter=voter,
        campaign=world.campaign,
        area=world.areas["paris"],
        now=timezone.now(),
        projects=[world.projects["bibli"].pk],
    )

    def replace(i: int):
        return ballot_replace(
            voter=voter,
            campaign=Campaign.objects.get(pk=world.campaign.pk),
            area=world.areas["paris"],
            receipt=first.receipt,
            now=timezone.now(),
            projects=[world.projects["ecole"].pk],
        )

    results, failures = race(replace, 6)
    # the first replacement wins; the others hold a receipt that no longer exists
    assert len(results) == 1, failures
    assert {getattr(f, "code", type(f).__name__) for f in failures} == {"receipt_invalid"}
    assert box(world.campaign).count() == 1
    assert box(world.campaign).get().choices == {"projects": [world.projects["ecole"].pk]}
