"""A campaign with real ballots in one area, made directly in the tables the voting services
write (anonymous ballots, participations): the results only read them."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from django.contrib.gis.geos import MultiPoint, Point
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign, Envelope
from campaigns.tests.factories import campaign_in_phase
from geo.models import Area
from projects.models import Project
from voting.models import Ballot, Participation

_receipts = itertools.count()


def voting_campaign_with(
    phase: str,
    *,
    voting_rule: str,
    amount: int,
    reserved: int = 0,
    area: str = "paris-05",
    **fields: Any,
) -> tuple[Campaign, Area]:
    campaign = campaign_in_phase(
        phase, voting_rule=voting_rule, area_codes=["paris", area], **fields
    )
    place = Area.objects.get(code=area)
    Envelope.objects.create(campaign=campaign, area=place, amount=amount, reserved_amount=reserved)
    return campaign, place


def project(campaign: Campaign, area: Area, title: str, cost: int, **fields: Any) -> Project:
    point = fields.pop("point", (2.3488, 48.8534))
    return Project.objects.create(
        campaign=campaign,
        area=area,
        title=title,
        description=f"{title}.",
        cost=cost,
        locations=MultiPoint(Point(*point, srid=4326), srid=4326),
        **fields,
    )


def ballot(campaign: Campaign, area: Area, choices: dict, *, counted: bool = True) -> Ballot:
    receipt = hashlib.sha256(f"test-receipt-{next(_receipts)}".encode()).hexdigest()
    return Ballot.objects.create(
        campaign=campaign,
        area=area,
        rule=campaign.voting_rule,
        choices=choices,
        receipt_hash=receipt,
        cast_on=timezone.localdate(),
        counted=counted,
    )


def participation(campaign: Campaign, area: Area, channel: str) -> Participation:
    return Participation.objects.create(
        person=UserFactory(),
        campaign=campaign,
        area=area,
        channel=channel,
        voted_on=timezone.localdate(),
        ballot_seal="0" * 64,
    )
