from datetime import datetime, timedelta

import factory
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.schedule import PHASES, Phase
from campaigns.services import campaign_create


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign made by the service. Give ``schedule`` ({phase: (start, end)}) or the
    submission dates (default: submissions opened yesterday, close in 30 days)."""

    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campagne-{n}")
    name = factory.Sequence(lambda n: f"Budget participatif {2026 + n}")
    submission_start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    submission_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    schedule = None
    area_codes = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return campaign_create(**kwargs)


def schedule_around(phase: str, *, now: datetime | None = None, days: int = 10) -> dict:
    """A full schedule, every phase ``days`` long (the last one open-ended), placed so that
    ``now`` falls in the middle of ``phase``; before every slot for ``"draft"``."""
    now = now or timezone.now()
    order = [p for p in PHASES if p is not Phase.DRAFT]
    span = timedelta(days=days)
    if Phase(phase) is Phase.DRAFT:
        start = now + span / 2
    else:
        start = now - order.index(Phase(phase)) * span - span / 2
    slots = {}
    for p in order:
        slots[p.value] = (start, None if p is order[-1] else start + span)
        start += span
    return slots


def campaign_in_phase(phase: str, *, now: datetime | None = None, **fields) -> Campaign:
    """A campaign (made by the service) whose current phase is ``phase``: ``"draft"``,
    ``"submission"``, ``"review"``, ``"voting"``, ``"results"``, ``"implementation"`` or
    ``"closed"``. Other fields (``slug``, ``area_codes``, …) go to the factory."""
    campaign = CampaignFactory(schedule=schedule_around(phase, now=now), **fields)
    assert campaign.phase_at(now or timezone.now()) == Phase(phase), campaign.schedule()
    return campaign
