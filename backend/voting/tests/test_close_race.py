"""The race at the close, on two real connections: a cast checked while voting was open is still
writing when the count opens the ballot box. It must end counted or refused, never acknowledged
and left in the box (DESIGN.md, "closed means closed").

The cast's foreign keys are checked at its commit (Django's are DEFERRABLE INITIALLY DEFERRED in
PostgreSQL), so they lock nothing while it writes: only the cast's own lock on the campaign's row
makes the count wait for it."""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from campaigns.models import Campaign
from voting import services
from voting.errors import VotingClosed
from voting.models import Ballot, Participation, SealedBallot
from voting.receipts import receipt_hash

from .conftest import declare, make_world
from .test_ballot_box import publish
from .test_cast_budget import cast, voter_client
from .test_concurrency import reference_data  # noqa: F401 (the autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def held_then_counted(monkeypatch, hold: str, write: Callable[[], Any], campaign, now) -> dict:
    """Run ``write`` on a connection of its own until it returns from ``services.<hold>`` and
    hold it there, its transaction open; meanwhile open the box on another connection; let the
    write go on 2 s later. What each ended with (a value or the exception it raised), and when
    the count ended and the write was let go."""
    reached, release = threading.Event(), threading.Event()
    original = getattr(services, hold)

    def held(*args, **kwargs):
        value = original(*args, **kwargs)
        reached.set()
        release.wait(20)
        return value

    monkeypatch.setattr(services, hold, held)
    outcome: dict[str, Any] = {}

    def run(name: str, target: Callable[[], Any]) -> threading.Thread:
        def body() -> None:
            try:
                outcome[name] = target()
            except Exception as failure:  # what the test looks at
                outcome[name] = failure
            finally:
                outcome[f"{name} ended"] = timezone.now()
                connection.close()

        thread = threading.Thread(target=body)
        thread.start()
        return thread

    writing = run("write", write)
    assert reached.wait(20), f"the write never returned from {hold}"
    counting = run(
        "count",
        lambda: services.ballot_box_open(campaign=Campaign.objects.get(pk=campaign.pk), now=now),
    )
    counting.join(2)  # the count runs now, or waits for the write
    outcome["released"] = timezone.now()
    release.set()
    writing.join(20)
    counting.join(20)
    assert not writing.is_alive() and not counting.is_alive()
    return outcome


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

    def cast():
        fresh = Campaign.objects.get(pk=campaign.pk)
        choice = {"area": world.areas["paris-05"], "now": before}
        projects = [world.projects["jardin"].pk]
        if channel == "paper":
            return services.paper_ballot_enter(
                campaign=fresh, actor=official, email=voter.email, projects=projects, **choice
            )
        return services.ballot_cast(voter=voter, campaign=fresh, projects=projects, **choice)

    # Held just after its ballot went into the box.
    outcome = held_then_counted(
        monkeypatch, "_box_insert", cast, campaign, before + timedelta(seconds=1)
    )
    assert isinstance(outcome["count"], services.BoxOpened), outcome["count"]
    assert Ballot.objects.filter(campaign=campaign, counted=True).count() >= 1
    assert not SealedBallot.objects.filter(campaign=campaign).exists(), (
        "a ballot was left in the box after the count"
    )
    written = outcome["write"]
    if isinstance(written, VotingClosed):
        assert not Participation.objects.filter(person=voter).exists()
    else:
        assert isinstance(written, services.CastResult), written
        counted = Ballot.objects.get(campaign=campaign, receipt_hash=receipt_hash(written.receipt))
        assert counted.counted
        # The count waited for the cast to end rather than open the box without it.
        assert outcome["count ended"] > outcome["released"]


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

    def replace():
        return services.ballot_replace(
            voter=voter,
            campaign=Campaign.objects.get(pk=campaign.pk),
            area=world.areas["paris-05"],
            receipt=first.receipt,
            now=before,
            projects=[world.projects["jardin"].pk],
        )

    # Held in the new ballot's validation, after the old ballot's deletion.
    outcome = held_then_counted(
        monkeypatch, "_choices", replace, campaign, before + timedelta(seconds=1)
    )
    assert isinstance(outcome["count"], services.BoxOpened), outcome["count"]
    assert not SealedBallot.objects.filter(campaign=campaign).exists()
    old = Ballot.objects.filter(receipt_hash=receipt_hash(first.receipt), counted=True)
    replaced = outcome["write"]
    if isinstance(replaced, services.CastResult):
        new = Ballot.objects.filter(receipt_hash=receipt_hash(replaced.receipt), counted=True)
        assert (new.count(), old.count()) == (1, 0)
    else:
        assert isinstance(replaced, VotingClosed), replaced
        assert old.count() == 1


def test_a_cast_waiting_on_the_count_gives_up_with_a_503_and_writes_nothing():
    """The count holds the campaign's row while it opens the box (minutes at scale): a cast in
    flight at the close waits for it at its write. In the API's processes it gives up after
    their ``lock_timeout`` (core/tests/test_lock_timeout.py): a 503 in the API's format with
    Retry-After, nothing of it stored, rather than a worker killed by gunicorn (a 502). The
    same cast goes through once the row is let go."""
    world = make_world()
    with transaction.atomic():  # as declaration_submit's own transaction
        user, client = voter_client(world)

    with count_holding_the_row(world.campaign), lock_timeout(300):
        started = timezone.now()
        response = cast(client, world, projects=[world.projects["jardin"].pk])
        waited = (timezone.now() - started).total_seconds()
        assert response.status_code == 503, response.json()
        assert response.json()["code"] == "service_unavailable"
        assert response["Retry-After"] == "5"
        assert 0.3 <= waited < 10
        assert not Participation.objects.filter(person=user).exists()
        assert not SealedBallot.objects.filter(campaign=world.campaign).exists()
    response = cast(client, world, projects=[world.projects["jardin"].pk])
    assert response.status_code == 201, response.json()
    assert Participation.objects.filter(person=user).count() == 1


def test_what_refers_to_the_campaign_is_written_while_the_count_holds_its_row():
    """The count holds the campaign's row for minutes at scale: a row that merely refers to the
    campaign (an audit record of an official's action; its foreign key is checked with a
    key-share lock at the commit) must not wait for it, only casts (which share-lock the row)
    and the services that change the campaign."""
    world = make_world()
    with count_holding_the_row(world.campaign), lock_timeout(300):
        with transaction.atomic():
            record = AuditRecord.objects.create(
                at=timezone.now(),
                action="test.during_count",
                object_type="campaign",
                object_id=str(world.campaign.pk),
                campaign=world.campaign,
            )
        assert AuditRecord.objects.filter(pk=record.pk, campaign=world.campaign).exists()
        with pytest.raises(OperationalError), transaction.atomic():  # a service changing it
            services._fresh(world.campaign, lock=True)


@contextmanager
def count_holding_the_row(campaign):
    """The campaign's row locked as the count locks it (``_fresh(lock=True)``, as
    ``results_tally`` and ``ballot_box_open``), on a connection of its own, until the block
    ends."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                services._fresh(Campaign.objects.get(pk=campaign.pk), lock=True)
                held.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(20)
        yield
    finally:
        release.set()
        holder.join(20)


@contextmanager
def lock_timeout(milliseconds: int):
    """This connection's lock_timeout, as ``DB_LOCK_TIMEOUT_SECONDS`` sets it for the API's
    processes (a connection option), until the block ends."""
    options = connection.settings_dict["OPTIONS"]
    before = options.get("options")
    options["options"] = f"-c lock_timeout={milliseconds}"
    connection.close()  # the next query connects with it
    try:
        yield
    finally:
        if before is None:
            options.pop("options", None)
        else:
            options["options"] = before
        connection.close()
