"""Voting in the role × phase matrix: who may vote in each phase of a campaign (before, during
and after voting), with the reason ``can.vote`` gives otherwise."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from voting.rules import vote_refusal
from voting.selectors import voter_state

from .conftest import declare, make_world

pytestmark = pytest.mark.django_db

PHASES = ["submission", "review", "voting", "results"]
# role → the reason in the voting phase (None: may vote); in every other phase signed-in,
# verified people are told `phase_closed`.
IN_VOTING = {
    "anonymous": "not_authenticated",
    "unverified": "email_not_verified",
    "undeclared": "declaration_missing",
    "resident": None,
    "official_here": None,
    "official_elsewhere": None,
    "administrator": None,
}
BEFORE_THE_PHASE = {"anonymous", "unverified"}  # refused for who they are, whatever the phase


def people(campaign: Campaign) -> dict:
    users = {
        "anonymous": AnonymousUser(),
        "unverified": UserFactory(email_verified_at=None),
        "undeclared": UserFactory(),
        "resident": UserFactory(),
        "official_here": UserFactory(role="official", areas=["paris-05"]),
        "official_elsewhere": UserFactory(role="official", areas=["paris-19"]),
        "administrator": UserFactory(role="administrator"),
    }
    for role, user in users.items():
        if role not in ("anonymous", "undeclared"):
            declare(user, campaign)
    return users


@pytest.mark.parametrize("phase", PHASES)
def test_vote_matrix(phase):
    world = make_world(phase)
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    for role, user in people(campaign).items():
        state = voter_state(user=user, campaign=campaign)
        for area in ("paris", "paris-05"):
            refusal = vote_refusal(
                user, campaign=campaign, area=world.areas[area], now=timezone.now(), state=state
            )
            got = refusal.code if refusal else None
            if phase == "voting" or role in BEFORE_THE_PHASE:
                expected = IN_VOTING[role]
            else:
                expected = "phase_closed"
            assert got == expected, (role, phase, area)
