"""Fixtures for the review and projects tests: proposals in a given state (the campaigns in
each phase, the officials' clients and Celery run eagerly come from ``backend/conftest.py``)."""

import pytest
from django.contrib.gis.geos import Point

from accounts.tests.factories import UserFactory
from proposals.tests.factories import ProposalFactory


@pytest.fixture
def make_proposal(review_campaign):
    """``make_proposal(status=…, at=(lon, lat), campaign=…, **fields)``: a placed proposal, in
    the review campaign by default."""

    def make(status="submitted", at=None, campaign=None, **fields):
        if status == "accepted":
            fields.setdefault("estimated_cost", 10_000)
        if status == "rejected":
            fields.setdefault("public_answer", "Hors compétence de la Ville.")
        fields.setdefault("author", UserFactory(password=None))  # no password hashing: fast
        if at is not None:
            fields["location"] = Point(*at, srid=4326)
        return ProposalFactory(campaign=campaign or review_campaign, status=status, **fields)

    return make
