import pytest

from accounts.tests.factories import UserFactory
from proposals.tests.factories import ProposalFactory


@pytest.fixture
def proposal(open_campaign):
    """A proposal in the 5th arrondissement (area paris-05), submissions open."""
    return ProposalFactory(campaign=open_campaign)


@pytest.fixture
def reporters(db):
    return UserFactory.create_batch(5)
