"""A campaign open for voting over Tout Paris, the 5th, Paris Centre and the 19th, with ballot
projects and envelopes, and voters who declared themselves."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import MultiPoint, Point
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign, Envelope
from campaigns.tests.factories import CampaignFactory
from geo.models import Area, District
from projects.models import Project
from voting.models import VoterDeclaration

DAY = timedelta(days=1)
AREAS = ["paris", "paris-05", "paris-centre", "paris-19"]


def schedule(phase: str) -> dict:
    """A schedule placing now in ``phase`` (submission, review, voting or results), or in
    ``checking``: the voting slot ended yesterday, the results phase starts tomorrow."""
    now = timezone.now()
    if phase == "checking":
        return {
            "submission": (now - 21 * DAY, now - 11 * DAY),
            "review": (now - 11 * DAY, now - 10 * DAY),
            "voting": (now - 10 * DAY, now - DAY),
            "results": (now + DAY, None),
        }
    order = ["submission", "review", "voting", "results"]
    start = now - (order.index(phase) * 10 + 1) * DAY
    slots = {}
    for p in order:
        slots[p] = (start, None if p == "results" else start + 10 * DAY)
        start += 10 * DAY
    return slots


@dataclass
class World:
    campaign: Campaign
    areas: dict[str, Area]
    projects: dict[str, Project]


def make_world(phase: str = "voting", rule: str = "approval", **settings) -> World:
    campaign = CampaignFactory(schedule=schedule(phase), area_codes=AREAS, voting_rule=rule)
    if settings:
        Campaign.objects.filter(pk=campaign.pk).update(**settings)
        campaign.refresh_from_db()
    areas = {a.code: a for a in Area.objects.filter(code__in=AREAS)}

    def project(key: str, area: str, cost: int, lon: float = 2.35, lat: float = 48.84) -> Project:
        return Project.objects.create(
            campaign=campaign,
            area=areas[area],
            title=f"Projet {key}",
            description="…",
            cost=cost,
            locations=MultiPoint(Point(lon, lat, srid=4326), srid=4326),
        )

    projects = {
        "jardin": project("jardin", "paris-05", 400_000),
        "piste": project("piste", "paris-05", 300_000),
        "bancs": project("bancs", "paris-05", 200_000),
        "bibli": project("bibli", "paris", 1_500_000),
        "ecole": project("ecole", "paris", 800_000),
        "canal": project("canal", "paris-19", 250_000, 2.38, 48.88),
    }
    Envelope.objects.create(
        campaign=campaign, area=areas["paris-05"], amount=600_000, reserved_amount=200_000
    )
    Envelope.objects.create(campaign=campaign, area=areas["paris"], amount=2_000_000)
    return World(campaign=campaign, areas=areas, projects=projects)


def declare(
    user,
    campaign: Campaign,
    heart: str | None = "paris-05",
    birth: date = date(1990, 5, 17),
    status: str = VoterDeclaration.Status.PENDING,
    reason: str = "",
    full_name: str | None = None,
) -> VoterDeclaration:
    """A declaration as ``declaration_submit`` records it (without the geocoder), under a name
    of its own unless ``full_name`` is given."""
    fifth = District.objects.get(level="arrondissement", number=5)
    return VoterDeclaration.objects.create(
        person=user,
        campaign=campaign,
        full_name=full_name if full_name is not None else f"Électrice {user.pk} Martin",
        birth_date=birth,
        address="10 rue Mouffetard",
        address_label="10 Rue Mouffetard 75005 Paris",
        home_point=Point(2.3498, 48.8437, srid=4326),
        home_district=fifth,
        heart_area=Area.objects.get(code=heart) if heart else None,
        status=status,
        review_reason=reason,
    )


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def voter(world):
    user = UserFactory()
    declare(user, world.campaign)
    return user


@pytest.fixture
def voter_api(voter) -> APIClient:
    client = APIClient()
    client.force_authenticate(voter)
    return client


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class BoxView(list):
    """The campaign's ballot box, opened for a test (as the counting would): each item is a
    ``Ballot`` not stored, with ``choices`` decrypted; ``count``, ``exists`` and ``get`` read
    like a queryset's."""

    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def get(self):
        assert len(self) == 1, f"{len(self)} ballots in the box"
        return self[0]


def box(campaign=None) -> BoxView:
    """The sealed ballots of ``campaign`` (all campaigns when None), decrypted."""
    from voting.models import Ballot, SealedBallot
    from voting.receipts import box_open

    rows = SealedBallot.objects.all()
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    return BoxView(
        Ballot(
            id=b.id,
            campaign_id=b.campaign_id,
            area_id=b.area_id,
            rule=b.rule,
            choices=box_open(b.sealed),
            receipt_hash=b.receipt_hash,
            cast_on=b.cast_on,
            counted=False,
        )
        for b in rows
    )
