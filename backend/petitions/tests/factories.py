from datetime import date, timedelta

import factory
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Theme
from geo.models import Area
from petitions.models import Petition, Process, Signature

PANTHEON = (2.3461, 48.8462)  # 5e


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"petitions-{n}")
    name = "Pétitions de Paris"
    threshold = 5
    area_threshold = 3
    signing_days = 30
    answer_days = 60
    min_age = 16
    filing_open = True


class PetitionFactory(factory.django.DjangoModelFactory):
    """An open petition addressed to the 5th arrondissement's mairie (its area paris-05) by
    default; ``status``, ``area`` and the dates may be given."""

    class Meta:
        model = Petition

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Des fontaines à boire rue numéro {n}")
    text = "Installer des fontaines d'eau potable le long de la rue, pour l'été qui vient."
    theme = factory.LazyFunction(lambda: Theme.objects.get(slug="environnement"))
    area = factory.LazyFunction(lambda: Area.objects.get(code="paris-05"))
    location = factory.LazyFunction(lambda: Point(*PANTHEON, srid=4326))
    status = Petition.Status.OPEN
    threshold = 3
    created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    signing_ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=29))


def pending_petition(**kwargs):
    return PetitionFactory(
        status=Petition.Status.PENDING, published_at=None, signing_ends_at=None, **kwargs
    )


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    user = factory.SubFactory(UserFactory)
    birth_date = date(1980, 5, 17)
    area = factory.LazyFunction(lambda: Area.objects.get(code="paris-05"))
    status = Signature.Status.COUNTED
    created_at = factory.LazyFunction(timezone.now)


SIGN = {"show_name": True, "resident": True, "birth_date": "1980-05-17", "area_code": "paris-05"}


def checked_declaration(user, *, birth_date=date(1980, 5, 17), code="paris-05"):
    """A voter declaration officials checked, at home in ``code``: a signature declaring the
    same birth date and arrondissement is counted at once."""
    from campaigns.tests.factories import CampaignFactory
    from geo.models import District
    from voting.models import VoterDeclaration

    district = District.objects.filter(
        level=District.Level.ARRONDISSEMENT, areas__code=code
    ).first()
    return VoterDeclaration.objects.create(
        person=user,
        campaign=CampaignFactory(),
        birth_date=birth_date,
        address="1 rue Soufflot",
        address_label="1 Rue Soufflot 75005 Paris",
        home_point=district.geometry.point_on_surface,
        home_district=district,
        status=VoterDeclaration.Status.CHECKED,
    )
