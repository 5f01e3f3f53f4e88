from datetime import timedelta

import factory
from django.utils import timezone

from campaigns.models import Campaign
from geo.models import Area


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"campagne-{n}")
    name = factory.Sequence(lambda n: f"Budget participatif {2026 + n}")
    submission_start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    submission_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.areas.set(extracted if extracted is not None else Area.objects.all())
