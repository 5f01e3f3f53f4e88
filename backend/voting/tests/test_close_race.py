"""The race at the close, on two real connections: a cast checked while voting was open is still
writing when the count opens the ballot box. It must end counted or refused, never acknowledged
and left in the box (DESIGN.md, "closed means closed").

The cast's foreign keys are checked at its commit (Django's are DEFERRABLE INITIALLY DEFERRED in
PostgreSQL), so they lock nothing while it writes: only the cast's own lock on the campaign's row,
taken when it reads the schedule, makes the count wait for it."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from voting import services
from voting.errors import VotingClosed
from voting.models import Ballot, Participation, SealedBallot
from voting.receipts import receipt_hash

from .conftest import declare, make_world
from .test_ballot_box import publish
from .test_concurrency import reference_data  # noqa: F401 (the autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("channel", ["online", "paper"])
def test_a_cast_still_writing_when_the_count_opens_the_box_is_counted_or_refused(
    monkeypatch, channel
):
    """Online, and on paper (an official entering a polling station's ballot by the voter's
    email): the same race, the same answer."""
    world = make_world()
    official = UserFactory(role="administrator")
    voter, earlier = UserFactory(), UserFactory()
    for person in (voter, earlier):
        declare(person, world.campaign)
    services.ballot_cast(  # a ballot already in the box when the race begins
        voter=earlier,
        campaign=Campaign.objects.get(pk=world.campaign.pk),
        area=world.areas["paris-05"],
        now=timezone.now(),
        projects=[world.projects["bancs"].pk],
    )
    before = timezone.now()  # voting is open at this instant, as the cast's checks see it
    campaign = publish(world, before + timedelta(seconds=1))

    written, release = threading.Event(), threading.Event()
    box_insert = services._box_insert

    def slow_box_insert(*args, **kwargs):
        ballot = box_insert(*args, **kwargs)
        written.set()  # the ballot is in the box, its transaction still open
        release.wait(20)
        return ballot

    monkeypatch.setattr(services, "_box_insert", slow_box_insert)
    outcome: dict[str, object] = {}

    def vote():
        try:
            if channel == "paper":
                outcome["cast"] = services.paper_ballot_enter(
                    campaign=Campaign.objects.get(pk=campaign.pk),
                    area=world.areas["paris-05"],
                    actor=official,
                    now=before,
                    email=voter.email,
                    projects=[world.projects["jardin"].pk],
                )
                return
            outcome["cast"] = services.ballot_cast(
                voter=voter,
                campaign=Campaign.objects.get(pk=campaign.pk),
                area=world.areas["paris-05"],
                now=before,
                projects=[world.projects["jardin"].pk],
            )
        except VotingClosed as refusal:
            outcome["cast"] = refusal
        finally:
            connection.close()

    def count():
        try:
            outcome["count"] = services.ballot_box_open(
                campaign=Campaign.objects.get(pk=campaign.pk),
                now=before + timedelta(seconds=1),
            )
        finally:
            outcome["count done"] = timezone.now()
            connection.close()

    voting = threading.Thread(target=vote)
    voting.start()
    assert written.wait(20), "the cast never reached the ballot box"
    counting = threading.Thread(target=count)
    counting.start()
    counting.join(2)  # the count runs now, or waits for the cast
    released = timezone.now()
    release.set()
    voting.join(20)
    counting.join(20)
    assert not voting.is_alive() and not counting.is_alive()

    cast = outcome["cast"]
    assert outcome["count"] is not None  # this count opened the box
    assert Ballot.objects.filter(campaign=campaign, counted=True).count() >= 1
    assert not SealedBallot.objects.filter(campaign=campaign).exists(), (
        "a ballot was left in the box after the count"
    )
    if isinstance(cast, VotingClosed):
        assert not Participation.objects.filter(person=voter).exists()
    else:
        assert isinstance(cast, services.CastResult)
        counted = Ballot.objects.get(campaign=campaign, receipt_hash=receipt_hash(cast.receipt))
        assert counted.counted
        # The count waited for the cast to end rather than open the box without it.
        assert outcome["count done"] > released


def test_a_replacement_under_way_when_the_count_opens_the_box_counts_one_ballot(monkeypatch):
    """A replacement has deleted the old ballot, not yet written the new one, when the count
    starts: exactly one of the voter's two ballots is counted (the new one if the voter was told
    so, else the old one), the count does not fail, and nothing is left in the box."""
    world = make_world()
    voter = UserFactory()
    declare(voter, world.campaign)
    first = services.ballot_cast(
        voter=voter,
        campaign=Campaign.objects.get(pk=world.campaign.pk),
        area=world.areas["paris-05"],
        now=timezone.now(),
        projects=[world.projects["bancs"].pk],
    )
    before = timezone.now()
    campaign = publish(world, before + timedelta(seconds=1))

    deleted, release = threading.Event(), threading.Event()
    choices = services._choices

    def slow_choices(*args, **kwargs):  # called after the old ballot's deletion
        content = choices(*args, **kwargs)
        deleted.set()
        release.wait(20)
        return content

    monkeypatch.setattr(services, "_choices", slow_choices)
    outcome: dict[str, object] = {}

    def replace():
        try:
            outcome["replace"] = services.ballot_replace(
                voter=voter,
                campaign=Campaign.objects.get(pk=campaign.pk),
                area=world.areas["paris-05"],
                receipt=first.receipt,
                now=before,
                projects=[world.projects["jardin"].pk],
            )
        except Exception as refusal:  # what the test reports
            outcome["replace"] = refusal
        finally:
            connection.close()

    def count():
        try:
            outcome["count"] = services.ballot_box_open(
                campaign=Campaign.objects.get(pk=campaign.pk),
                now=before + timedelta(seconds=1),
            )
        except Exception as failure:  # what the test reports
            outcome["count"] = failure
        finally:
            connection.close()

    replacing = threading.Thread(target=replace)
    replacing.start()
    assert deleted.wait(20), "the replacement never deleted the old ballot"
    counting = threading.Thread(target=count)
    counting.start()
    counting.join(2)
    release.set()
    replacing.join(20)
    counting.join(20)
    assert not replacing.is_alive() and not counting.is_alive()

    assert isinstance(outcome["count"], services.BoxOpened), outcome["count"]
    assert not SealedBallot.objects.filter(campaign=campaign).exists()
    old = Ballot.objects.filter(receipt_hash=receipt_hash(first.receipt), counted=True)
    replaced = outcome["replace"]
    if isinstance(replaced, services.CastResult):
        new = Ballot.objects.filter(receipt_hash=receipt_hash(replaced.receipt), counted=True)
        assert (new.count(), old.count()) == (1, 0)
    else:
        assert isinstance(replaced, VotingClosed)
        assert old.count() == 1
