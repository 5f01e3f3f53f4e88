"""``check_vote``: each reason why a person may not vote, in the order a person needs them."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from geo.models import Area
from voting import errors
from voting.models import Participation, VoterDeclaration
from voting.rules import age_on, can_vote, check_vote, vote_refusal
from voting.selectors import voter_state

from .conftest import declare, make_world

pytestmark = pytest.mark.django_db


def reason(user, world, area="paris-05", **kw) -> str | None:
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    state = voter_state(user=user, campaign=campaign)
    refusal = vote_refusal(
        user, campaign=campaign, area=world.areas[area], now=timezone.now(), state=state, **kw
    )
    return refusal.code if refusal else None


def test_age_on_counts_full_years():
    assert age_on(date(2019, 6, 2), date(2026, 6, 1)) == 6
    assert age_on(date(2019, 6, 1), date(2026, 6, 1)) == 7
    assert age_on(date(2020, 2, 29), date(2027, 2, 28)) == 6
    assert age_on(date(2020, 2, 29), date(2027, 3, 1)) == 7


def test_a_declared_voter_may_vote_in_the_city_and_their_arrondissement(world, voter):
    assert reason(voter, world, "paris") is None
    assert reason(voter, world, "paris-05") is None
    campaign = world.campaign
    state = voter_state(user=voter, campaign=campaign)
    assert can_vote(
        voter, campaign=campaign, area=world.areas["paris"], now=timezone.now(), state=state
    )


def test_not_authenticated_then_email_not_verified(world):
    assert reason(AnonymousUser(), world) == "not_authenticated"
    unverified = UserFactory(email_verified_at=None)
    declare(unverified, world.campaign)
    assert reason(unverified, world) == "email_not_verified"


def test_phase_closed_before_and_after_voting(db):
    for phase in ("review", "results"):
        world = make_world(phase)
        user = UserFactory()
        declare(user, world.campaign)
        assert reason(user, world) == "phase_closed", phase


def test_declaration_missing_then_refused(world):
    user = UserFactory()
    assert reason(user, world) == "declaration_missing"
    declare(user, world.campaign, status="refused", reason="Adresse hors de Paris.")
    assert reason(user, world) == "not_eligible"
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    with pytest.raises(errors.NotEligible) as info:
        check_vote(
            user,
            campaign=campaign,
            area=world.areas["paris"],
            now=timezone.now(),
            state=voter_state(user=user, campaign=campaign),
        )
    assert "Adresse hors de Paris." in info.value.message  # they are told why


def test_too_young_under_the_campaign_minimum_age(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(minimum_age=7)
    today = timezone.localdate()
    six = UserFactory()
    declare(six, world.campaign, birth=today.replace(year=today.year - 7) + timedelta(days=1))
    seven = UserFactory()
    declare(seven, world.campaign, birth=today.replace(year=today.year - 7))
    assert reason(six, world) == "too_young"
    assert reason(seven, world) is None
    Campaign.objects.filter(pk=world.campaign.pk).update(minimum_age=0)
    assert reason(six, world) is None  # no minimum age by default


def test_other_area_chosen(world, voter):
    assert reason(voter, world, "paris-19") == "other_area_chosen"
    assert reason(voter, world, "paris-centre") == "other_area_chosen"
    assert reason(voter, world, "paris") is None  # the city-wide ballot is everyone's


def test_an_area_outside_the_campaign(world, voter):
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    with pytest.raises(errors.NotInCampaign):
        check_vote(
            voter,
            campaign=campaign,
            area=Area.objects.get(code="paris-12"),
            now=timezone.now(),
            state=voter_state(user=voter, campaign=campaign),
        )


def test_already_voted_online_or_on_paper(world, voter):
    today = timezone.localdate()
    Participation.objects.create(
        person=voter,
        campaign=world.campaign,
        area=world.areas["paris-05"],
        channel="paper",
        voted_on=today,
        ballot_seal="x",
    )
    Participation.objects.create(
        person=voter,
        campaign=world.campaign,
        area=world.areas["paris"],
        channel="online",
        voted_on=today,
        ballot_seal="y",
    )
    assert reason(voter, world, "paris-05") == "already_voted_on_paper"
    assert reason(voter, world, "paris-05", replacing=True) == "already_voted_on_paper"
    assert reason(voter, world, "paris") == "already_voted"
    assert reason(voter, world, "paris", replacing=True) is None


def test_nothing_to_replace(world, voter):
    assert reason(voter, world, "paris", replacing=True) == "not_voted"


def test_the_first_reason_wins(world):
    """Unverified, too young, no declaration…: the person first needs to confirm their address."""
    Campaign.objects.filter(pk=world.campaign.pk).update(minimum_age=7)
    user = UserFactory(email_verified_at=None)
    declare(
        user, world.campaign, birth=timezone.localdate() - timedelta(days=365), heart="paris-19"
    )
    assert reason(user, world) == "email_not_verified"
    VoterDeclaration.objects.filter(person=user).update(status="pending")
    user.email_verified_at = timezone.now()
    user.save()
    assert reason(user, world) == "too_young"
