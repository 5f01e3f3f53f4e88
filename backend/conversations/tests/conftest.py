import pytest
from django.utils import timezone

from geo.models import Area
from projects.models import Project
from proposals.tests.factories import ProposalFactory


@pytest.fixture
def proposal(open_campaign):
    """A public proposal of the 5th arrondissement, in a campaign taking submissions."""
    return ProposalFactory(campaign=open_campaign)


@pytest.fixture
def make_project():
    def make(campaign, **fields):
        return Project.objects.create(
            campaign=campaign,
            area=Area.objects.get(code="paris-05"),
            title=fields.pop("title", "Un jardin partagé au Panthéon"),
            description="Des arbres, des bancs, un potager.",
            cost=fields.pop("cost", 50_000),
            **fields,
        )

    return make


@pytest.fixture
def now():
    return timezone.now()
