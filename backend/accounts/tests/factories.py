import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    display_name = factory.Faker("first_name", locale="fr_FR")
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
