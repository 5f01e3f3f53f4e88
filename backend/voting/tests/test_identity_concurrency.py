"""Simultaneous claims of one identity, each on its own connection against the real PostgreSQL:
one entry holds the identity, every other claim gets its own entry and a conflict, and no
ballot of any of them is counted while the conflicts are open."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from voting.models import IdentityConflict, Participation, VoterRollEntry
from voting.selectors import participations_on_hold
from voting.services import ballot_cast, declaration_submit, paper_ballot_enter

from .conftest import make_world
from .test_concurrency import race, reference_data  # noqa: F401 (the autouse fixture)

CLAIMS = 6


@pytest.fixture(autouse=True)
def addresses(reference_data):  # noqa: F811 (the fixture imported above)
    """Declarations place the home address: an earlier flush removed the address base too."""
    call_command("load_addresses", verbosity=0)


def test_simultaneous_declarations_of_one_identity():
    world = make_world()
    users = [UserFactory() for _ in range(CLAIMS)]

    def claim(i: int):
        return declaration_submit(
            user=users[i],
            campaign=Campaign.objects.get(pk=world.campaign.pk),
            full_name="Élodie Dupont-Lefèvre" if i % 2 else "ELODIE DUPONT LEFEVRE",
            birth_date=date(1985, 3, 2),
            address="10 rue Mouffetard",
            now=timezone.now(),
        )

    declared, failures = race(claim, CLAIMS)
    assert failures == [] and len(declared) == CLAIMS
    entries = VoterRollEntry.objects.filter(campaign=world.campaign)
    assert sorted(entries.values_list("standing", flat=True)) == ["claimant"] * (CLAIMS - 1) + [
        "holder"
    ]
    assert set(entries.values_list("user", flat=True)) == {u.pk for u in users}
    holder = entries.get(standing="holder")
    conflicts = IdentityConflict.objects.filter(campaign=world.campaign)
    assert conflicts.count() == CLAIMS - 1
    assert set(conflicts.values_list("first", flat=True)) == {holder.pk}
    assert set(conflicts.values_list("second", flat=True)) == set(
        entries.exclude(pk=holder.pk).values_list("pk", flat=True)
    )

    def vote(i: int):
        return ballot_cast(
            voter=users[i],
            campaign=Campaign.objects.get(pk=world.campaign.pk),
            area=world.areas["paris"],
            now=timezone.now(),
            projects=[world.projects["bibli"].pk],
        )

    cast, failures = race(vote, CLAIMS)
    assert failures == [] and len(cast) == CLAIMS
    city = Participation.objects.filter(campaign=world.campaign, area_kind="city")
    assert city.count() == CLAIMS
    # none of them counts while the officials have not decided
    assert set(participations_on_hold(campaign=world.campaign)) == set(city)


def test_simultaneous_paper_ballots_under_the_name_of_a_voter_who_voted_online():
    """An account voted in the 5th; polling stations enter ballots under its name and birth
    date at the same instant, at other addresses: each is held with a conflict of its own,
    and the account's ballot is held too."""
    world = make_world()
    user = UserFactory()
    declaration_submit(
        user=user,
        campaign=world.campaign,
        full_name="Élodie Dupont-Lefèvre",
        birth_date=date(1985, 3, 2),
        address="10 rue Mouffetard",
        now=timezone.now(),
    )
    ballot_cast(
        voter=user,
        campaign=world.campaign,
        area=world.areas["paris-05"],
        now=timezone.now(),
        projects=[world.projects["jardin"].pk],
    )
    official = UserFactory(role="administrator")

    def enter(i: int):
        return paper_ballot_enter(
            campaign=Campaign.objects.get(pk=world.campaign.pk),
            area=world.areas["paris-05"],
            actor=official,
            now=timezone.now(),
            full_name="Élodie Dupont-Lefèvre",
            birth_date=date(1985, 3, 2),
            address=f"{i + 1} rue Monge",
            projects=[world.projects["piste"].pk],
        )

    entered, failures = race(enter, 4)
    assert failures == [] and len(entered) == 4
    local = Participation.objects.filter(campaign=world.campaign, area_kind="arrondissements")
    assert local.count() == 5
    assert IdentityConflict.objects.filter(campaign=world.campaign).count() == 4
    assert set(participations_on_hold(campaign=world.campaign)) == set(local)
