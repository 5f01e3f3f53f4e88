from datetime import timedelta

import factory
from django.utils import timezone

from campaigns.models import Campaign
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
