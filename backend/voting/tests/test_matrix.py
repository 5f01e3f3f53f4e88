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

# "checking": the voting slot has ended, the results phase has not started (a gap).
PHASES = ["submission", "review", "voting", "checking", "results"]
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


# Deciding an identity conflict: role × stage of the count × state of the conflict; `can.decide`,
# read in the officials' list, is exactly whether deciding succeeds.
DECIDE_ALLOWED = {"official_here", "administrator"}


def _conflict(world, status: str, n: int):
    from datetime import date

    from voting.models import IdentityConflict, VoterRollEntry

    identity = dict(campaign=world.campaign, full_name=f"Élodie {n}", name_key=f"elodie {n}")
    born = date(1985, 3, 2)
    first = VoterRollEntry.objects.create(birth_date=born, user=UserFactory(), **identity)
    second = VoterRollEntry.objects.create(
        birth_date=born, user=UserFactory(), standing="claimant", **identity
    )
    decided = {"decision": "different_people", "reason": "Homonymes."} if status != "open" else {}
    return IdentityConflict.objects.create(
        campaign=world.campaign,
        first=first,
        second=second,
        channel="online",
        first_area=world.areas["paris-05"],
        second_area=world.areas["paris-05"],
        opened_at=timezone.now(),
        status=status,
        **decided,
    )


@pytest.mark.parametrize("phase", ["voting", "results"])
@pytest.mark.parametrize("counted", [False, True])
@pytest.mark.parametrize("status", ["open", "decided"])
def test_decide_identity_conflict_matrix(phase, counted, status):
    world = make_world(phase)
    if counted:
        Campaign.objects.filter(pk=world.campaign.pk).update(count_started_at=timezone.now())
    users = people(world.campaign)
    url = f"/api/v1/campaigns/{world.campaign.slug}/identity-conflicts/"
    for n, (role, user) in enumerate(users.items()):
        conflict = _conflict(world, status, n)
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(user)
        listed = client.get(url)
        items = listed.json().get("results", []) if listed.status_code == 200 else []
        can = next((i["can"]["decide"] for i in items if i["id"] == conflict.pk), False)
        response = client.post(
            f"{url}{conflict.pk}/decide/",
            {"decision": "first_is_genuine", "reason": "Pièce d'identité vérifiée."},
            format="json",
        )
        expected = role in DECIDE_ALLOWED and status == "open" and not counted
        assert can == expected, (role, phase, counted, status)
        assert (response.status_code == 200) == expected, (role, response.json())
        if role in DECIDE_ALLOWED and not expected:
            code = "count_started" if counted else "conflict_decided"
            assert (response.status_code, response.json()["code"]) == (409, code)
        visible = role in ("official_here", "administrator")
        assert (conflict.pk in [i["id"] for i in items]) == visible, role
