from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    display_name = factory.Faker("first_name", locale="fr_FR")
    # Verified and not brand new by default; tests of verification and of new accounts say so.
    email_verified_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        """``areas=["paris-05", …]``: the area codes an official handles."""
        if create and extracted:
            from geo.models import Area

            obj.areas.set(Area.objects.filter(code__in=extracted))
