"""Voting in the role × phase matrix: who may vote in each phase of a campaign (before, during
and after voting), with the reason ``can.vote`` gives otherwise; and who may enter paper
ballots."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from campaigns.rules import can
from campaigns.schedule import Action
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


# Entering paper ballots: role → the answer in the voting phase; out of it, those whose role
# allows it are told `phase_closed` (409), the others are refused for their role whatever the
# phase (the role is checked first).
PAPER_IN_VOTING = {
    "anonymous": 401,
    "unverified": 403,
    "undeclared": 403,
    "resident": 403,
    "official_here": 201,
    "official_elsewhere": 403,
    "administrator": 201,
}


@pytest.mark.parametrize("phase", PHASES)
def test_enter_paper_ballots_matrix(phase):
    world = make_world(phase)
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    url = f"/api/v1/campaigns/{campaign.slug}/areas/paris-05/paper-ballots/"
    for i, (role, user) in enumerate(people(campaign).items()):
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(user)
        body = {
            "full_name": f"Votant {i}",
            "birth_date": "1980-01-01",
            "address": "1 rue Monge",
            "projects": [world.projects["jardin"].pk],
        }
        response = client.post(url, body, format="json")
        expected = PAPER_IN_VOTING[role]
        if phase != "voting" and expected == 201:
            expected = 409
        assert response.status_code == expected, (role, phase, response.json())
        if expected == 409:
            assert response.json()["code"] == "phase_closed"
        allowed = can(
            user,
            Action.ENTER_PAPER_BALLOTS,
            campaign=campaign,
            now=timezone.now(),
            area_id=world.areas["paris-05"].pk,
        )
        assert allowed == (expected == 201), (role, phase)
